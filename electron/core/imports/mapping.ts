import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import { headerKeys, isFooterCell } from '../../../shared/domain/import-values';
import type { Table, TableRow, TableSheet } from './read-table';

// Finding the header row of a real export (below a merged title, an export line and blank
// lines), mapping its columns onto a kind's fields, and remembering a mapping per layout.

export interface FieldDef {
  key: string;
  /** Header texts as registries and HR systems write them, compared after headerKeys(). */
  aliases: readonly string[];
  required?: boolean;
}

/** Columns that exports carry and imports read past: recognised, mapped to nothing. */
const IGNORED = ['序号', '编号序号', '行号', '校验位', '职业阶段', '登记机关', '管辖机关', '经营范围', '注册资本', '注册资金', '核准日期', '备注说明'];

export interface KindFields {
  fields: readonly FieldDef[];
  /** A header row must name at least one of these. */
  anchors: readonly string[];
}

function matcher(kind: KindFields) {
  // Exact texts first (统一社会信用代码（注册号） is the combined column, not the credit code).
  const exact = new Map<string, string | null>();
  for (const f of kind.fields) for (const a of f.aliases) for (const k of headerKeys(a)) if (!exact.has(k)) exact.set(k, f.key);
  for (const a of IGNORED) for (const k of headerKeys(a)) if (!exact.has(k)) exact.set(k, null);
  return (cell: string): { hit: boolean; field: string | null } => {
    const keys = headerKeys(cell);
    for (const k of keys) if (exact.has(k)) return { hit: true, field: exact.get(k)! };
    return { hit: false, field: null };
  };
}

export interface Layout {
  sheet: TableSheet;
  headerIndex: number;
  headers: string[];
  /** Column index → field key, or null. */
  columns: (string | null)[];
  key: string;
}

export function layoutKey(kind: string, headers: string[]): string {
  const norm = headers.map((h) => headerKeys(h)[0] ?? '').join('|');
  return `${kind}:${createHash('sha256').update(norm).digest('hex').slice(0, 24)}`;
}

/**
 * A two-row header (a merged group title row above the column titles: 基本信息 over 企业名称 and
 * 统一社会信用代码, 登记信息 over 登记状态 and 成立日期), combined into one row of titles. A column
 * title merged down over both rows (企业名称 written once, in the upper row) is taken from above;
 * a title that names no field alone is tried with its group in front (法定代表人 over 姓名 is
 * 法定代表人姓名). Groups come from the sheet's merged ranges, or (a CSV) run on to the right.
 */
function twoRowHeader(sheet: TableSheet, i: number, match: ReturnType<typeof matcher>): string[] | null {
  const sub = sheet.rows[i]!;
  const above = sheet.rows[i - 1];
  if (!above || above.n !== sub.n - 1) return null;
  const merges = sheet.merges ?? [];
  const topLeft = (m: { r0: number; c0: number }) => (m.r0 === above.n ? above.cells[m.c0] : m.r0 === sub.n ? sub.cells[m.c0] : '') ?? '';
  const width = Math.max(sub.cells.length, above.cells.length, ...merges.filter((m) => m.r0 <= above.n && m.r1 >= above.n).map((m) => m.c1 + 1));
  const out: string[] = [];
  let run = '';
  for (let c = 0; c < width; c++) {
    const own = sub.cells[c] ?? '';
    const merged = merges.find((m) => m.r0 <= above.n && m.r1 >= above.n && m.c0 <= c && m.c1 >= c);
    if ((above.cells[c] ?? '') !== '') run = above.cells[c]!;
    else if (!merges.length && !own) run = '';
    const group = merged ? topLeft(merged) : merges.length ? (above.cells[c] ?? '') : run;
    if (!own) {
      // Merged down over both rows: the title is the upper cell's.
      // Merged down over both rows, or written above with nothing below: the upper cell's title.
      // Under a group title merged across, nothing.
      out.push(merged ? (merged.r1 >= sub.n ? topLeft(merged) : '') : (above.cells[c] ?? ''));
      continue;
    }
    out.push(!match(own).hit && group && match(group + own).hit ? group + own : own);
  }
  return out;
}

/** The first sheet whose first 30 rows hold a header naming two fields, one of them an anchor. */
export function findLayout(kindName: string, table: Table, kind: KindFields): Layout {
  const match = matcher(kind);
  let best: Layout | null = null;
  let bestScore = 0;
  for (const sheet of table.sheets) {
    for (let i = 0; i < Math.min(sheet.rows.length, 30); i++) {
      const candidates = [sheet.rows[i]!.cells];
      const combined = i > 0 ? twoRowHeader(sheet, i, match) : null;
      if (combined) candidates.push(combined);
      for (const cells of candidates) {
        const columns: (string | null)[] = [];
        const seen = new Set<string>();
        for (const c of cells) {
          const m = c ? match(c) : { hit: false, field: null };
          const f = m.field && !seen.has(m.field) ? m.field : null;
          if (f) seen.add(f);
          columns.push(f);
        }
        const score = seen.size;
        // A combined header wins only with more fields than either of its rows alone.
        if (score >= 2 && kind.anchors.some((a) => seen.has(a)) && score > bestScore) {
          best = { sheet, headerIndex: i, headers: cells.map((c) => c ?? ''), columns, key: layoutKey(kindName, cells) };
          bestScore = score;
        }
      }
    }
    if (best) return best;
  }
  if (table.sheets.every((s) => s.rows.length === 0)) throw new AppError('BAD_INPUT', 'the file holds no data', { reason: 'no_data' });
  throw new AppError('BAD_INPUT', 'no header row recognised', { reason: 'no_header' });
}

/** The user's choice (or a remembered one) over the guessed mapping; unknown fields are refused. */
export function applyMapping(layout: Layout, kind: KindFields, mapping: Record<string, string | null> | undefined): void {
  if (!mapping) return;
  const keys = new Set(kind.fields.map((f) => f.key));
  for (const [col, field] of Object.entries(mapping)) {
    const i = Number(col);
    if (!Number.isInteger(i) || i < 0 || i >= Math.max(layout.headers.length, 1) + 200) continue;
    if (field !== null && !keys.has(field))
      throw new AppError('BAD_INPUT', `unknown field: ${field}`, { field: 'mapping', reason: 'mapping_unknown', name: field });
    while (layout.columns.length <= i) layout.columns.push(null);
    // One column per field: the chosen column takes the field from any other.
    if (field) for (let j = 0; j < layout.columns.length; j++) if (layout.columns[j] === field) layout.columns[j] = null;
    layout.columns[i] = field;
  }
}

export interface MappedRow {
  n: number;
  values: Record<string, string>;
  source: TableRow;
}

/** Data rows below the header: blank rows and 合计/制表人 footers left out. */
export function mappedRows(layout: Layout): MappedRow[] {
  const out: MappedRow[] = [];
  const rows = layout.sheet.rows;
  for (let i = layout.headerIndex + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const first = r.cells.find((c) => c !== '');
    if (first !== undefined && isFooterCell(first)) continue;
    const values: Record<string, string> = {};
    let any = false;
    layout.columns.forEach((f, col) => {
      const v = r.cells[col];
      if (f && v) {
        values[f] = v;
        any = true;
      }
    });
    if (any) out.push({ n: r.n, values, source: r });
  }
  return out;
}
