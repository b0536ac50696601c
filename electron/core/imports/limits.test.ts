import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

// A zip written by hand, so a part can declare whatever size it likes.
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function zip(parts: { name: string; data: Buffer; size: number; crc: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(p.crc, 14);
    h.writeUInt32LE(p.data.length, 18);
    h.writeUInt32LE(p.size, 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(p.crc, 16);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(p.size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, name, p.data);
    central.push(c, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const small = (name: string, text: string) => {
  const raw = Buffer.from(text);
  return { name, data: zlib.deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
};

/** A sheet of ~300 MB of identical rows, deflated in a stream into well under a megabyte. */
async function bombSheet(): Promise<{ data: Buffer; size: number }> {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>炸弹炸弹炸弹炸弹</t></is></c></row>'.repeat(2000));
  const d = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => d.on('end', r));
  let size = 0;
  d.write('<worksheet><sheetData>');
  size += 22;
  while (size < 300 * 1024 * 1024) {
    if (!d.write(row)) await new Promise((r) => d.once('drain', r));
    size += row.length;
  }
  d.end('</sheetData></worksheet>');
  size += 24;
  await done;
  return { data: Buffer.concat(out), size };
}

function bombWorkbook(sheet: { data: Buffer; size: number }, declared: number): string {
  return zip([
    small('[Content_Types].xml', '<Types/>'),
    small('xl/workbook.xml', '<workbook><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    small('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    { name: 'xl/worksheets/sheet1.xml', data: sheet.data, size: declared, crc: 0 },
  ]).toString('base64');
}

/** The process's peak resident memory while fn runs (the worker shares the process). */
async function peakRss<R>(fn: () => Promise<R>): Promise<{ result: R; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await fn();
    return { result, growthMb: (Math.max(peak, process.memoryUsage().rss) - before) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function station() {
  t = await setupCore();
  return t.call('offices.create', { name: '娄桥所', code: '330304' }, t.adminToken);
}

describe('hostile and over-limit files', () => {
  it('refuses an xlsx bomb from its declared size, and one that lies about its size, with memory bounded', async () => {
    const s = await station();
    const sheet = await bombSheet();
    const honest = bombWorkbook(sheet, sheet.size);
    expect(Buffer.from(honest, 'base64').length).toBeLessThan(1.5 * 1024 * 1024);
    const preview = (fileBase64: string) =>
      t.core.dispatch('businesses.importPreview', { officeId: s.id, fileName: 'bomb.xlsx', fileBase64 }, { sessionToken: t.adminToken });
    const a = await peakRss(() => preview(honest));
    expect(a.result).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { reason: 'limit', limit: 'bytes', max: 256 * 1024 * 1024, found: sheet.size } },
    });
    expect(a.growthMb).toBeLessThan(100);
    // Declared at 64 KB: inflation stops there, and the file is refused as damaged.
    const b = await peakRss(() => preview(bombWorkbook(sheet, 64 * 1024)));
    expect(b.result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'corrupt' } } });
    expect(b.growthMb).toBeLessThan(100);
    expect((t.core.sqlite.prepare('SELECT count(*) n FROM business').get() as { n: number }).n).toBe(0);
  });

  it('refuses a shared-strings bomb (14M tiny items in a small file) by its item count, streamed, with the heap bounded', async () => {
    const s = await station();
    const sst = async (declared: number | null) => {
      const d = zlib.createDeflateRaw({ level: 9 });
      const out: Buffer[] = [];
      d.on('data', (c: Buffer) => out.push(c));
      const done = new Promise((r) => d.on('end', r));
      let size = 0;
      const write = async (b: Buffer) => {
        size += b.length;
        if (!d.write(b)) await new Promise((r) => d.once('drain', r));
      };
      await write(Buffer.from(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"${declared ? ` uniqueCount="${declared}"` : ''}>`));
      const block = Buffer.from('<si><t>a</t></si>'.repeat(100_000));
      for (let k = 0; k < 140; k++) await write(block);
      d.end('</sst>');
      size += 6;
      await done;
      const data = Buffer.concat(out);
      return { name: 'xl/sharedStrings.xml', data, size, crc: 0 };
    };
    const book = async (declared: number | null) =>
      zip([
        small('[Content_Types].xml', '<Types/>'),
        small('xl/workbook.xml', '<workbook><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        small('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        await sst(declared),
        small(
          'xl/worksheets/sheet1.xml',
          '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>',
        ),
      ]);
    const preview = (file: Buffer) =>
      t.core.dispatch(
        'businesses.importPreview',
        { officeId: s.id, fileName: 'sst.xlsx', fileBase64: file.toString('base64') },
        { sessionToken: t.adminToken },
      );
    // The parse runs in the import worker, which shares the process: its resident memory is measured.
    const heap = peakRss;
    const lying = await book(null);
    expect(lying.length).toBeLessThan(1024 * 1024);
    // No declared count: the stream counts the items and stops at the limit.
    const a = await heap(() => preview(lying));
    expect(a.result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'limit', limit: 'sharedStrings', max: 2_000_000 } } });
    // The maximum as the user reads it, for the renderer's wording (errors.reasons.limit_<limit>).
    expect((a.result as { error: { details: { shown: string; detail: string } } }).error.details).toMatchObject({
      shown: '2,000,000',
      detail: 'sharedStrings',
    });
    expect(a.growthMb).toBeLessThan(250);
    // A declared count over the limit is refused before inflating anything.
    const b = await heap(async () => preview(await book(14_000_000)));
    expect(b.result).toMatchObject({ ok: false, error: { details: { reason: 'limit', limit: 'sharedStrings', found: 14_000_000 } } });
    expect(b.growthMb).toBeLessThan(40);
  });

  it('refuses one shared string far longer than any cell can hold, before it is joined and searched chunk by chunk', async () => {
    const s = await station();
    const d = zlib.createDeflateRaw({ level: 9 });
    const out: Buffer[] = [];
    d.on('data', (c: Buffer) => out.push(c));
    const done = new Promise((r) => d.on('end', r));
    const head = Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>');
    const block = Buffer.alloc(1 << 20, 'a');
    let size = head.length;
    d.write(head);
    for (let k = 0; k < 40; k++) {
      if (!d.write(block)) await new Promise((r) => d.once('drain', r));
      size += block.length;
    }
    d.end('</t></si></sst>');
    size += 15;
    await done;
    const file = zip([
      small('[Content_Types].xml', '<Types/>'),
      small('xl/workbook.xml', '<workbook><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      small('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      { name: 'xl/sharedStrings.xml', data: Buffer.concat(out), size, crc: 0 },
      small('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'),
    ]);
    const r = await t.core.dispatch(
      'businesses.importPreview',
      { officeId: s.id, fileName: 'one.xlsx', fileBase64: file.toString('base64') },
      { sessionToken: t.adminToken },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'limit', limit: 'cellBytes', max: 8 * 1024 * 1024 } } });
    expect((r as { error: { details: { shown: string } } }).error.details.shown).toBe('8 MB');
  });

  it('refuses a file over the row limit (a setting) before reading its rows, and names the limit', async () => {
    const s = await station();
    await t.call('settings.set', { key: 'import.maxRows', value: 1000, effectiveFrom: '2026-01-01', note: '测试' }, t.adminToken);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(['企业名称', '统一社会信用代码']);
    for (let i = 0; i < 1500; i++) ws.addRow([`商户${i}`, '']);
    const fileBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const r = await t.core.dispatch('businesses.importPreview', { officeId: s.id, fileName: 'big.xlsx', fileBase64 }, { sessionToken: t.adminToken });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'limit', limit: 'rows', max: 1000 } } });
    expect((r as { error: { details: { shown: string; detail: string } } }).error.details).toMatchObject({ shown: '1,000', detail: 'rows' });
    // The cap holds exactly for the data rows below the header: 1,001 are refused, 1,000 are read.
    for (const [rows, ok] of [
      [1001, false],
      [1000, true],
    ] as const) {
      const csv = ['名录导出', '企业名称,统一社会信用代码', ...Array.from({ length: rows }, (_, i) => `商户${i},`), '合计,' + rows].join('\n');
      const got = await t.core.dispatch(
        'businesses.importPreview',
        { officeId: s.id, fileName: 'edge.csv', fileBase64: Buffer.from(csv).toString('base64') },
        { sessionToken: t.adminToken },
      );
      if (ok) expect(got).toMatchObject({ ok: true, value: { rows: 1000 } });
      else expect(got).toMatchObject({ ok: false, error: { details: { reason: 'limit', limit: 'rows', max: 1000, found: 1001 } } });
    }
    // Not a spreadsheet at all: refused by its bytes, whatever its name.
    const pdf = await t.core.dispatch(
      'businesses.importPreview',
      { officeId: s.id, fileName: 'x.xlsx', fileBase64: Buffer.from('%PDF-1.7\n\u0000\u0001binary').toString('base64') },
      { sessionToken: t.adminToken },
    );
    expect(pdf).toMatchObject({ ok: false, error: { details: { reason: 'format' } } });
  });
});
