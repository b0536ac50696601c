import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { AppError } from '../../../shared/contract/errors';
import { groupDigits } from '../../../shared/domain/import-values';

// Reads the spreadsheets offices really have into rows of cell text, with every limit checked
// before the work it guards: .xlsx (our own reader over node:zlib, so a zip bomb is refused
// from its declared sizes and inflation never runs past them), legacy .xls (BIFF8, SheetJS,
// after a count of the cell records), HTML or XML tables saved as .xls, and .csv in UTF-8
// (with or without a BOM), UTF-16 or GBK/GB18030. The format comes from the bytes, not the name.

export type TableFormat = 'xlsx' | 'xls' | 'html' | 'csv';

export interface TableRow {
  /** 1-based row number as Excel shows it (the line number for a CSV). */
  n: number;
  cells: string[];
  /** Columns whose cell is a number shown as a date (its text is the Excel serial). */
  dates?: number[];
  /** Columns whose cell is a number, not shown as a date (the report writes them back as numbers). */
  numbers?: number[];
}
/** A merged range: rows as Excel numbers them (1-based), columns 0-based, inclusive. */
export interface MergedRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}
export interface TableSheet {
  name: string;
  rows: TableRow[];
  /** Merged ranges (a two-row header's group titles), when the format has them. */
  merges?: MergedRange[];
}
export interface Table {
  format: TableFormat;
  encoding: string | null;
  date1904: boolean;
  sheets: TableSheet[];
}

export interface ReadLimits {
  /** Data rows (non-empty) in one sheet. */
  maxRows: number;
  /** Non-empty cells in one sheet. */
  maxCells: number;
  /** Bytes of one decompressed part of an .xlsx (a sheet, the shared strings). */
  maxBytes: number;
  /** Items in the shared-strings table of an .xlsx. */
  maxSharedStrings: number;
  /** Decoded characters of all shared strings together. */
  maxSharedChars: number;
}

/** XML bytes of one shared-strings item (one cell's text). */
export const SHARED_ITEM_MAX_BYTES = 8 * 1024 * 1024;

export const DEFAULT_LIMITS: ReadLimits = {
  maxRows: 300_000,
  maxCells: 6_000_000,
  maxBytes: 256 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxSharedChars: 64_000_000,
};

export type LimitName = 'rows' | 'cells' | 'bytes' | 'sharedStrings' | 'sharedChars' | 'cellBytes';

/**
 * A limit a file went over, by its name (the renderer words it: errors.reasons.limit_<limit>),
 * with the maximum shown as the user reads it (grouped digits, or MB).
 */
export function limitError(limit: LimitName, max: number, found?: number): AppError {
  const shown = limit === 'bytes' || limit === 'cellBytes' ? `${Math.round(max / 1024 / 1024)} MB` : groupDigits(max);
  return new AppError('BAD_INPUT', `over the import limit: ${limit} at most ${shown}`, {
    reason: 'limit',
    detail: limit,
    shown,
    limit,
    max,
    ...(found !== undefined ? { found } : {}),
  });
}

/** A file that cannot be read: a reason, and a detail the renderer words (errors.reasons.<reason>_<detail>). */
const bad = (reason: 'empty' | 'format' | 'corrupt', detail?: string) =>
  new AppError('BAD_INPUT', `file not readable: ${reason}${detail ? ` (${detail})` : ''}`, { reason, ...(detail ? { detail } : {}) });

export function detectFormat(buf: Buffer): TableFormat | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  const head = decodeText(buf.subarray(0, 4096)).text.replace(/^\s+/, '').slice(0, 200).toLowerCase();
  if (head.startsWith('<')) return /<(table|html|\?xml|workbook|!doctype)/.test(head) ? 'html' : null;
  if (!head) return null;
  // Text: no NUL bytes unless it is UTF-16 with a BOM.
  const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
  if (!utf16 && buf.subarray(0, 4096).includes(0)) return null;
  return 'csv';
}

export async function readTable(buf: Buffer, limits: ReadLimits = DEFAULT_LIMITS): Promise<Table> {
  if (buf.length === 0) throw bad('empty');
  const format = detectFormat(buf);
  if (!format) throw bad('format');
  if (format === 'xlsx') return await readXlsx(buf, limits);
  if (format === 'csv') return readCsv(buf, limits);
  return readWithSheetJs(buf, format, limits);
}

// ---- text and CSV --------------------------------------------------------------------

/** UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (a superset of GBK and GB2312). */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    // A cut-off multi-byte character at the end of a sniffed head is still UTF-8.
    if (buf.length === 4096) {
      try {
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - 3)), encoding: 'utf-8' };
      } catch {
        /* below */
      }
    }
    // A UTF-8 file with a stray bad byte or two (a cell pasted from elsewhere) is still UTF-8: read
    // as GB18030 every Chinese character would turn to noise and no header would be found. GBK text
    // read as UTF-8 fails at nearly every character, far past this allowance. The bad bytes read
    // as U+FFFD, and the import warns about the rows that hold one.
    const loose = new TextDecoder('utf-8').decode(buf);
    let bad = 0;
    for (let i = loose.indexOf('\uFFFD'); i !== -1; i = loose.indexOf('\uFFFD', i + 1)) bad++;
    if (bad <= Math.max(2, Math.floor(buf.length / 5000))) return { text: loose, encoding: 'utf-8' };
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
}

function readCsv(buf: Buffer, limits: ReadLimits): Table {
  const { text, encoding } = decodeText(buf);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || 2000);
  const counts = { ',': 0, '\t': 0, ';': 0 } as Record<string, number>;
  for (const ch of firstLine) if (ch in counts) counts[ch]!++;
  const delim = (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![1] > 0 ? Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] : ',') as string;
  const rows: TableRow[] = [];
  let cells = 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    row.push(field);
    field = '';
    if (row.some((c) => c.trim() !== '')) {
      cells += row.filter((c) => c.trim() !== '').length;
      rows.push({ n: rowLine, cells: row.map((c) => c.trim()) });
      if (rows.length > limits.maxRows + 50) throw limitError('rows', limits.maxRows);
      if (cells > limits.maxCells) throw limitError('cells', limits.maxCells);
    }
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delim) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field !== '' || row.length) endRow();
  return { format: 'csv', encoding, date1904: false, sheets: [{ name: 'CSV', rows }] };
}

// ---- .xlsx ---------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const corrupt = () => bad('corrupt');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw bad('corrupt', 'zip64');
  const out = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28);
    const e: ZipEntry = {
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
    };
    out.set(e.name.replace(/^\//, ''), e);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** One part, inflated no further than its declared size (and never past the limit). */
function zipData(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.offset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw bad('corrupt');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  return buf.subarray(start, start + e.compressed);
}

function zipPart(buf: Buffer, e: ZipEntry, limits: ReadLimits): Buffer {
  if (e.size > limits.maxBytes) throw limitError('bytes', limits.maxBytes, e.size);
  const data = zipData(buf, e);
  if (e.method === 0) return data;
  if (e.method !== 8) throw bad('corrupt', 'method');
  try {
    // A part that inflates past its declared size lies about it: refused, memory stays bounded.
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw bad('corrupt', 'size');
  }
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function xmlText(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, g: string) => {
      if (g[0] === '#') {
        const cp = g[1] === 'x' ? parseInt(g.slice(2), 16) : parseInt(g.slice(1), 10);
        return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENTITY[g] ?? m;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text runs of a string item, without phonetic guides (<rPh>). */
function runsText(xml: string): string {
  const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += m[1] ?? '';
  return xmlText(out);
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function numberText(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(Number(n.toPrecision(15)));
}

/**
 * The shared-strings table, inflated and parsed in chunks: the whole part is never held in
 * memory, a declared uniqueCount over the limit is refused before any inflation, and the item
 * count and the decoded characters are counted as they come (a header may lie), so a table of
 * millions of tiny items is refused with the limit named while the heap stays small.
 */
async function sharedStrings(buf: Buffer, e: ZipEntry, limits: ReadLimits): Promise<string[]> {
  if (e.size > limits.maxBytes) throw limitError('bytes', limits.maxBytes, e.size);
  const data = zipData(buf, e);
  const out: string[] = [];
  let chars = 0;
  let tail: Buffer = Buffer.alloc(0);
  let headChecked = false;
  const siOpen = Buffer.from('<si');
  const siClose = Buffer.from('</si>');
  const feed = (chunk: Buffer) => {
    const b: Buffer = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    if (!headChecked) {
      const open = b.indexOf(siOpen);
      if (open >= 0 || b.length > 4096) {
        headChecked = true;
        const head = b.subarray(0, Math.min(4096, open >= 0 ? open : b.length)).toString('utf8');
        const declared = Number(/<sst\b[^>]*\buniqueCount="(\d+)"/.exec(head)?.[1] ?? 0);
        if (declared > limits.maxSharedStrings) throw limitError('sharedStrings', limits.maxSharedStrings, declared);
      }
    }
    let pos = 0;
    for (;;) {
      const a = b.indexOf(siOpen, pos);
      if (a < 0) {
        pos = Math.max(pos, b.length - 2);
        break;
      }
      const gt = b.indexOf(0x3e, a); // '>'
      if (gt < 0) {
        pos = a;
        break;
      }
      let text: string;
      let next: number;
      if (b[gt - 1] === 0x2f) {
        // <si/>: an empty string item
        text = '';
        next = gt + 1;
      } else {
        const c = b.indexOf(siClose, gt);
        if (c < 0) {
          pos = a;
          break;
        }
        text = runsText(b.subarray(a, c).toString('utf8'));
        next = c + 5;
      }
      out.push(text);
      chars += text.length;
      if (out.length > limits.maxSharedStrings) throw limitError('sharedStrings', limits.maxSharedStrings);
      if (chars > limits.maxSharedChars) throw limitError('sharedChars', limits.maxSharedChars);
      pos = next;
    }
    tail = Buffer.from(b.subarray(pos));
    // One unfinished item: Excel holds at most 32,767 characters in a cell, a few hundred kB of XML
    // even with rich-text runs. Refused past SHARED_ITEM_MAX_BYTES, before the copying of a growing
    // item (each chunk joins it and is searched again) costs minutes of CPU.
    if (tail.length > SHARED_ITEM_MAX_BYTES) throw limitError('cellBytes', SHARED_ITEM_MAX_BYTES);
    if (tail.length > limits.maxSharedChars * 2) throw limitError('sharedChars', limits.maxSharedChars);
  };
  if (e.method === 0) {
    for (let p = 0; p < data.length; p += 1 << 20) feed(data.subarray(p, p + (1 << 20)));
    return out;
  }
  if (e.method !== 8) throw bad('corrupt', 'method');
  await new Promise<void>((resolve, reject) => {
    const z = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    let size = 0;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      z.destroy();
      reject(err instanceof AppError ? err : bad('corrupt'));
    };
    z.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      // A part that inflates past its declared size lies about it: refused as damaged.
      if (size > Math.max(1, e.size)) return fail(bad('corrupt', 'size'));
      try {
        feed(chunk);
      } catch (err) {
        fail(err);
      }
    });
    z.on('error', fail);
    z.on('end', () => !failed && resolve());
    z.end(data);
  });
  return out;
}

async function readXlsx(buf: Buffer, limits: ReadLimits): Promise<Table> {
  const entries = zipEntries(buf);
  const part = (name: string) => {
    const e = entries.get(name);
    return e ? zipPart(buf, e, limits) : null;
  };
  const wbXml = part('xl/workbook.xml')?.toString('utf8');
  if (!wbXml) throw bad('format', 'no_workbook');
  const rels = new Map<string, string>();
  for (const m of (part('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1]!)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[1]!)?.[1];
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const date1904 = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(wbXml);
  const dateXfs = dateStyles(part('xl/styles.xml')?.toString('utf8') ?? '');
  const sstEntry = entries.get('xl/sharedStrings.xml');
  const shared = sstEntry ? await sharedStrings(buf, sstEntry, limits) : [];
  const sheets: TableSheet[] = [];
  for (const m of wbXml.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = xmlText(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? `Sheet${sheets.length + 1}`);
    const rid = /\br:id="([^"]*)"|\bid="([^"]*)"/.exec(m[1]!);
    const target = rels.get(rid?.[1] ?? rid?.[2] ?? '') ?? `xl/worksheets/sheet${sheets.length + 1}.xml`;
    const xml = part(target);
    if (!xml) continue;
    sheets.push({ name, ...sheetRows(xml, shared, limits, dateXfs) });
  }
  return { format: 'xlsx', encoding: null, date1904, sheets };
}

/** Merged ranges worth knowing: those in the top rows, where headers are (at most this many). */
const MAX_MERGES = 2_000;
const MERGE_ROWS = 60;

function cellRef(ref: string): { r: number; c: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  return m ? { r: Number(m[2]), c: colIndex(m[1]!) } : null;
}

function sheetMerges(xml: Buffer, from: number): MergedRange[] {
  const at = xml.indexOf(Buffer.from('<mergeCells'), from);
  if (at < 0) return [];
  const end = xml.indexOf(Buffer.from('</mergeCells>'), at);
  const body = xml.subarray(at, end < 0 ? Math.min(xml.length, at + 200_000) : end).toString('utf8');
  const out: MergedRange[] = [];
  for (const m of body.matchAll(/<mergeCell\b[^>]*\bref="([^":]+):([^"]+)"/g)) {
    const a = cellRef(m[1]!);
    const b = cellRef(m[2]!);
    if (a && b && a.r <= MERGE_ROWS) out.push({ r0: a.r, c0: a.c, r1: b.r, c1: b.c });
    if (out.length >= MAX_MERGES) break;
  }
  return out;
}

/** Built-in number formats that show a date or a time (ECMA-376 18.8.30, and the CJK ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a format code shows a date: y, m, d or h outside quoted text, escapes and [colour] or [$-locale] parts. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  return !/^general$/i.test(bare.trim()) && /[ymdh]/i.test(bare) && !/^[#0.,;%eE+\-\s?/]*$/.test(bare);
}

/** The cell styles (indexes into <cellXfs>) whose number format shows a date. */
function dateStyles(xml: string): Set<number> {
  const out = new Set<number>();
  if (!xml) return out;
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = /\bnumFmtId="(\d+)"/.exec(m[1]!)?.[1];
    const code = /\bformatCode="([^"]*)"/.exec(m[1]!)?.[1];
    if (id && code !== undefined) custom.set(Number(id), xmlText(code));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(/\bnumFmtId="(\d+)"/.exec(m[1]!)?.[1] ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormatCode(code) : DATE_FORMAT_IDS.has(id)) out.add(i);
    i++;
  }
  return out;
}

function sheetRows(xml: Buffer, shared: string[], limits: ReadLimits, dateXfs: Set<number> = new Set()): { rows: TableRow[]; merges: MergedRange[] } {
  // The declared extent refuses an over-limit sheet before a single row is read.
  const dim = /<dimension\b[^>]*\bref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"/.exec(xml.subarray(0, 4096).toString('utf8'));
  if (dim?.[2]) {
    const rowsDeclared = Number(dim[2]) - Number(dim[1]) + 1;
    if (rowsDeclared > limits.maxRows + 1000) throw limitError('rows', limits.maxRows, rowsDeclared);
  }
  const rows: TableRow[] = [];
  let cells = 0;
  let pos = 0;
  let nextRow = 1;
  const rowOpen = Buffer.from('<row');
  const rowClose = Buffer.from('</row>');
  for (;;) {
    const a = xml.indexOf(rowOpen, pos);
    if (a < 0) break;
    const tagEnd = xml.indexOf(0x3e, a); // '>'
    if (tagEnd < 0) break;
    const head = xml.subarray(a, tagEnd + 1).toString('utf8');
    const rAttr = /\br="(\d+)"/.exec(head);
    const n = rAttr ? Number(rAttr[1]) : nextRow;
    nextRow = n + 1;
    if (head.endsWith('/>')) {
      pos = tagEnd + 1;
      continue;
    }
    const b = xml.indexOf(rowClose, tagEnd);
    const body = xml.subarray(tagEnd + 1, b < 0 ? xml.length : b).toString('utf8');
    pos = b < 0 ? xml.length : b + 6;
    const out: string[] = [];
    let dates: number[] | undefined;
    let numbers: number[] | undefined;
    let col = 0;
    let any = false;
    for (const c of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]!;
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs);
      if (ref) col = colIndex(ref[1]!);
      const inner = c[2];
      let text = '';
      if (inner) {
        const t = /\bt="(\w+)"/.exec(attrs)?.[1] ?? 'n';
        if (t === 'inlineStr') text = runsText(inner);
        else {
          const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(inner)?.[1];
          if (v !== undefined) {
            if (t === 's') text = shared[Number(v)] ?? '';
            else if (t === 'n') {
              text = numberText(v);
              const style = dateXfs.size ? /\bs="(\d+)"/.exec(attrs)?.[1] : undefined;
              if (style && dateXfs.has(Number(style))) (dates ??= []).push(col);
              else if (text) (numbers ??= []).push(col);
            } else if (t === 'b') text = v === '1' ? 'TRUE' : 'FALSE';
            else if (t === 'e') text = '';
            else text = xmlText(v);
          }
        }
      }
      text = text.trim();
      while (out.length < col) out.push('');
      out[col] = text;
      col++;
      if (text) {
        any = true;
        cells++;
      }
    }
    if (!any) continue;
    rows.push({ n, cells: out, ...(dates ? { dates } : {}), ...(numbers ? { numbers } : {}) });
    if (rows.length > limits.maxRows + 50) throw limitError('rows', limits.maxRows);
    if (cells > limits.maxCells) throw limitError('cells', limits.maxCells);
  }
  return { rows, merges: sheetMerges(xml, pos) };
}

// ---- .xls and HTML tables (SheetJS) ---------------------------------------------------

/** Cell records of a BIFF8 workbook stream, counted before SheetJS builds any cell. */
function biffCellCount(stream: Uint8Array): { cells: number; maxRowsInSheet: number } {
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  let cells = 0;
  let sheetMax = 0;
  let maxRows = 0;
  for (let p = 0; p + 4 <= view.length;) {
    const type = view.readUInt16LE(p);
    const len = view.readUInt16LE(p + 2);
    const body = p + 4;
    if (body + len > view.length) break;
    switch (type) {
      case 0x0809: // BOF: a new sheet
        sheetMax = 0;
        break;
      case 0x00fd: // LABELSST
      case 0x0203: // NUMBER
      case 0x027e: // RK
      case 0x0006: // FORMULA
      case 0x0204: // LABEL
      case 0x0205: // BOOLERR
      case 0x00d6: // RSTRING
        cells++;
        if (len >= 2) sheetMax = Math.max(sheetMax, view.readUInt16LE(body) + 1);
        break;
      case 0x00bd: // MULRK: (len - 6) / 6 cells
        cells += Math.max(0, (len - 6) / 6);
        if (len >= 2) sheetMax = Math.max(sheetMax, view.readUInt16LE(body) + 1);
        break;
    }
    maxRows = Math.max(maxRows, sheetMax);
    p = body + len;
  }
  return { cells, maxRowsInSheet: maxRows };
}

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | null = null;
const loadSheetJs = () => (sheetJs ??= import('@e965/xlsx').then((m) => ((m as { default?: SheetJs }).default ?? m) as SheetJs));

async function readWithSheetJs(buf: Buffer, format: 'xls' | 'html', limits: ReadLimits): Promise<Table> {
  const X = await loadSheetJs();
  if (format === 'xls') {
    let stream: Uint8Array | null = null;
    try {
      const cfb = X.CFB.read(buf, { type: 'buffer' });
      const entry = X.CFB.find(cfb, 'Workbook') ?? X.CFB.find(cfb, 'Book');
      stream = entry?.content ? (entry.content as Uint8Array) : null;
    } catch {
      throw bad('corrupt', 'xls');
    }
    if (!stream) throw bad('format', 'other_office');
    const { cells, maxRowsInSheet } = biffCellCount(stream);
    if (cells > limits.maxCells) throw limitError('cells', limits.maxCells, cells);
    if (maxRowsInSheet > limits.maxRows + 1000) throw limitError('rows', limits.maxRows, maxRowsInSheet);
  }
  let wb: ReturnType<SheetJs['read']>;
  try {
    wb = X.read(buf, {
      type: 'buffer',
      dense: true,
      sheetRows: limits.maxRows + 1000,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellText: false,
      cellNF: true,
      raw: format === 'html',
    });
  } catch {
    throw bad('corrupt', format === 'xls' ? 'xls_encrypted' : 'table');
  }
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const sheets: TableSheet[] = [];
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws || !ws['!ref']) {
      sheets.push({ name, rows: [] });
      continue;
    }
    const range = X.utils.decode_range(ws['!ref']);
    // Date-formatted numbers are noted, and their format dropped so they are read as the serial
    // (as from an .xlsx): SheetJS would turn them into dates in the machine's time zone.
    const datesAt = new Map<number, number[]>();
    const dense = (ws as { '!data'?: ({ t?: string; z?: string | number } | undefined)[][] })['!data'];
    dense?.forEach((cellsOf, r) =>
      cellsOf?.forEach((cell, c) => {
        if (cell?.t !== 'n' || cell.z === undefined) return;
        if (X.SSF.is_date(cell.z)) datesAt.set(r, [...(datesAt.get(r) ?? []), c - range.s.c]);
        delete cell.z;
      }),
    );
    const data = X.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
    const rows: TableRow[] = [];
    let cells = 0;
    data.forEach((r, i) => {
      const dates = datesAt.get(range.s.r + i);
      const out = r.map((v) =>
        v === null || v === undefined
          ? ''
          : typeof v === 'number'
            ? numberText(String(v))
            : typeof v === 'boolean'
              ? v
                ? 'TRUE'
                : 'FALSE'
              : v instanceof Date
                ? v.toISOString().slice(0, 10)
                : String(v).trim(),
      );
      const filled = out.filter((c) => c !== '').length;
      if (!filled) return;
      cells += filled;
      const numbers = r.flatMap((v, c) => (typeof v === 'number' && !dates?.includes(c) ? [c] : []));
      rows.push({ n: range.s.r + i + 1, cells: out, ...(dates ? { dates } : {}), ...(numbers.length ? { numbers } : {}) });
    });
    if (rows.length > limits.maxRows + 50) throw limitError('rows', limits.maxRows);
    if (cells > limits.maxCells) throw limitError('cells', limits.maxCells, cells);
    const merges = (ws['!merges'] ?? [])
      .filter((m) => m.s.r < MERGE_ROWS)
      .slice(0, MAX_MERGES)
      .map((m) => ({ r0: m.s.r + 1, c0: m.s.c - range.s.c, r1: m.e.r + 1, c1: m.e.c - range.s.c }));
    sheets.push({ name, rows, merges });
  }
  return { format, encoding: null, date1904, sheets };
}
