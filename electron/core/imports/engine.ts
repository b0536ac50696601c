import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors';
import type { ImportIssue, ImportKind, ImportPreview, ImportSummary } from '../../../shared/contract/imports';
import type { Sqlite } from '../db/open';
import type { Viewer } from '../services/zones/scope';
import type { OfficesService } from '../services/offices/offices.service';
import type { SyncedWriter, WriteCtx } from '../sync/synced-write';
import { businessesKind } from './businesses.kind';
import { cadresKind } from './cadres.kind';
import { censusKind } from './census.kind';
import type { CommitResult, KindImpl, Plan } from './kinds';
import { applyMapping, findLayout, mappedRows, type Layout } from './mapping';
import { limitError, readTable, type ReadLimits, type Table } from './read-table';
import { isFooterCell } from '../../../shared/domain/import-values';

// Preview and commit of one import, the same code in the import worker and (for an in-memory
// database, which a worker cannot open) in the core's own thread.

export const KINDS: Record<ImportKind, KindImpl> = { businesses: businessesKind, cadres: cadresKind, census: censusKind };

const PREVIEW_TTL_MS = 30 * 60_000;
const MAX_PREVIEWS = 4;
const ISSUES_SHOWN = 500;
/** Fields whose values are codes: written back to the report as text even when the file held a number. */
const CODE_FIELDS = new Set(['code', 'creditCode', 'regNo', 'idNumber', 'phone']);

export class Cancelled extends Error {}

interface Stored {
  userId: string;
  kind: ImportKind;
  target: { officeId?: string; censusId?: string };
  viewer: Viewer;
  table: Table;
  layout: Layout;
  plan: Plan;
  issues: ImportIssue[];
  errorRows: Set<number>;
  rows: number;
  remembered: boolean;
  at: number;
}

export interface PreviewRequest {
  previewId: string;
  kind: ImportKind;
  userId: string;
  viewer: Viewer;
  target: { officeId?: string; censusId?: string };
  today: string;
  now: number;
  fileBase64?: string;
  fromPreviewId?: string;
  mapping?: Record<string, string | null>;
  /** With fromPreviewId: forget the remembered mapping of these columns and guess again. */
  resetMapping?: boolean;
  limits: ReadLimits;
}

export interface CommitRequest {
  previewId: string;
  userId: string;
  viewer: Viewer;
  ctx: WriteCtx;
  today: string;
  skipErrors: boolean;
  unknownRefs: 'unassigned' | 'create';
}

export function createImportEngine(deps: { sqlite: Sqlite; offices: () => OfficesService }) {
  const { sqlite } = deps;
  const previews = new Map<string, Stored>();
  const metaGet = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');

  function own(previewId: string, userId: string): Stored {
    const p = previews.get(previewId);
    if (!p || p.userId !== userId) throw new AppError('NOT_FOUND', 'import preview gone', { reason: 'preview_gone' });
    return p;
  }

  async function preview(r: PreviewRequest): Promise<ImportPreview> {
    for (const [k, p] of previews) if (r.now - p.at > PREVIEW_TTL_MS) previews.delete(k);
    const kind = KINDS[r.kind];
    const planCtx = { sqlite, viewer: r.viewer, target: r.target, today: r.today, date1904: false, offices: deps.offices(), mappedFields: new Set<string>() };
    kind.checkTarget(planCtx);
    let table: Table;
    let layout: Layout;
    let remembered = false;
    if (r.fromPreviewId) {
      const prev = own(r.fromPreviewId, r.userId);
      if (prev.kind !== r.kind) throw new AppError('BAD_INPUT', 'the preview is of another list', { reason: 'preview_other_list' });
      table = prev.table;
      if (r.resetMapping) {
        layout = findLayout(r.kind, table, kind);
        sqlite.prepare('DELETE FROM local_meta WHERE key = ?').run(`import.layout.${layout.key}`);
      } else layout = { ...prev.layout, columns: [...prev.layout.columns] };
      remembered = !r.resetMapping && prev.remembered;
      previews.delete(r.fromPreviewId);
    } else {
      table = await readTable(Buffer.from(r.fileBase64 ?? '', 'base64'), r.limits);
      layout = findLayout(r.kind, table, kind);
      const saved = metaGet.get(`import.layout.${layout.key}`)?.value;
      if (saved) {
        try {
          applyMapping(layout, kind, JSON.parse(saved) as Record<string, string | null>);
          remembered = true;
        } catch {
          /* a mapping from an older version: the guess stands */
        }
      }
    }
    applyMapping(layout, kind, r.mapping);
    const rows = mappedRows(layout);
    if (rows.length === 0) throw new AppError('BAD_INPUT', 'no rows below the header', { reason: 'no_rows' });
    // The readers stop a little past the cap (they cannot tell a title or footer row from data);
    // the data rows below the header are held to it exactly.
    if (rows.length > r.limits.maxRows) throw limitError('rows', r.limits.maxRows, rows.length);
    planCtx.date1904 = table.date1904;
    planCtx.mappedFields = new Set(layout.columns.filter((c): c is string => !!c));
    const missing = kind.fields.filter((f) => f.required && !planCtx.mappedFields.has(f.key));
    const issues: ImportIssue[] = [];
    if (missing.length)
      issues.push({
        row: layout.sheet.rows[layout.headerIndex]!.n,
        field: missing[0]!.key,
        level: 'error',
        code: 'column_missing',
        params: { fields: missing.map((f) => f.key).join(',') },
      });
    for (const row of rows) {
      const field = Object.keys(row.values).find((f) => row.values[f]!.includes('\uFFFD'));
      if (field) issues.push({ row: row.n, field, level: 'warning', code: 'undecodable', params: {} });
    }
    const plan = kind.plan(rows, planCtx, (i) => issues.push({ ...i, params: i.params ?? {} }));
    issues.sort((a, b) => a.row - b.row || (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
    const errorRows = new Set(issues.filter((i) => i.level === 'error').map((i) => i.row));
    const errorCount = issues.filter((i) => i.level === 'error').length;

    while (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value!);
    previews.set(r.previewId, {
      userId: r.userId,
      kind: r.kind,
      target: r.target,
      viewer: r.viewer,
      table,
      layout,
      plan,
      issues,
      errorRows,
      rows: rows.length,
      remembered,
      at: r.now,
    });

    return {
      previewId: r.previewId,
      kind: r.kind,
      format: table.format,
      encoding: table.encoding,
      sheet: layout.sheet.name,
      headerRow: layout.sheet.rows[layout.headerIndex]!.n,
      columns: layout.headers.map((header, index) => ({ index, header, field: layout.columns[index] ?? null })).filter((c) => c.header || c.field),
      fields: kind.fields.map((f) => ({ key: f.key, required: !!f.required })),
      remembered,
      rows: rows.length,
      creates: plan.creates,
      updates: plan.updates,
      unchanged: plan.unchanged,
      errorRows: errorRows.size,
      errorCount,
      warningCount: issues.length - errorCount,
      summary: summarize(issues),
      issues: issues.slice(0, ISSUES_SHOWN),
      unknownZones: [...plan.unknownZones].map(([text, rows]) => ({ text, rows })),
      unknownGrids: [...plan.unknownGrids].map(([text, rows]) => ({ text, rows })),
    };
  }

  /** Plans the commit: which rows go, or why none may. */
  function commitPlan(r: CommitRequest) {
    const p = own(r.previewId, r.userId);
    if (p.viewer.role !== r.viewer.role || p.viewer.officeId !== r.viewer.officeId)
      throw new AppError('FORBIDDEN', 'the preview is of another account', { reason: 'preview_not_yours' });
    if (p.errorRows.size && !r.skipErrors)
      throw new AppError('RULE_VIOLATION', `${p.errorRows.size} rows with errors`, {
        reason: 'has_errors',
        rows: p.errorRows.size,
      });
    const ops = p.plan.ops.filter((o) => !p.errorRows.has(o.row));
    return { p, ops, skipped: p.errorRows.size };
  }

  /** Writes every planned row in one transaction: all land, or (cancel, error) none. */
  function commit(
    r: CommitRequest,
    writer: SyncedWriter,
    onProgress: (done: number, total: number) => void,
    cancelled: () => boolean,
    hold?: () => () => void,
  ): CommitResult & { skipped: number } {
    const { p, ops, skipped } = commitPlan(r);
    const kind = KINDS[p.kind];
    let done = 0;
    let lastReport = 0;
    const tick = () => {
      done++;
      if (done % 200 === 0) {
        if (cancelled()) throw new Cancelled();
        const t = performance.now();
        if (t - lastReport > 100) {
          lastReport = t;
          onProgress(done, ops.length);
        }
      }
    };
    onProgress(0, ops.length);
    const result = sqlite
      .transaction(() => {
        if (cancelled()) throw new Cancelled();
        const release = hold?.();
        const res = kind.commit(p.plan, ops, {
          sqlite,
          writer,
          ctx: r.ctx,
          viewer: r.viewer,
          today: r.today,
          offices: deps.offices(),
          unknownRefs: r.unknownRefs,
          tick,
        });
        if (cancelled()) throw new Cancelled();
        release?.();
        // The mapping is remembered for the next file with the same columns (this device only),
        // once an import with it has written something.
        if (res.created + res.updated > 0)
          sqlite
            .prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
            .run(`import.layout.${p.layout.key}`, JSON.stringify(Object.fromEntries(p.layout.columns.map((f, i) => [String(i), f]))));
        return res;
      })
      .immediate();
    onProgress(ops.length, ops.length);
    previews.delete(r.previewId);
    return { ...result, skipped };
  }

  /** The per-row report: every data row as it was in the file, with a 问题 column. */
  async function report(previewId: string, userId: string, words: Record<string, string>, problemHeader: string): Promise<string> {
    const p = own(previewId, userId);
    const byRow = new Map<number, ImportIssue[]>();
    for (const i of p.issues) byRow.set(i.row, [...(byRow.get(i.row) ?? []), i]);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导入报告');
    const width = Math.max(p.layout.headers.length, ...p.layout.sheet.rows.slice(p.layout.headerIndex, p.layout.headerIndex + 50).map((r) => r.cells.length));
    // Excel opens no file with a cell over 32,767 characters: a longer one is cut, with a marker.
    const marker = (n: number) => (words['report.truncated'] ?? '…（已截断，原文共 {{n}} 字）').replace('{{n}}', String(n));
    const fit = (v: string) => {
      if (v.length <= EXCEL_CELL_MAX) return v;
      const mark = marker(v.length);
      let cut = EXCEL_CELL_MAX - mark.length;
      if (/[\uD800-\uDBFF]/.test(v[cut - 1]!)) cut--; // never half a surrogate pair
      return v.slice(0, cut) + mark;
    };
    const head = ws.addRow(['行号', ...Array.from({ length: width }, (_, i) => fit(p.layout.headers[i] ?? '')), problemHeader]);
    head.font = { bold: true };
    const rows = p.layout.sheet.rows;
    for (let k = p.layout.headerIndex + 1; k < rows.length; k++) {
      const r = rows[k]!;
      // 合计 and 制表人 lines under the table are not rows of it (the import leaves them out too).
      const first = r.cells.find((c) => c !== '');
      if (first !== undefined && isFooterCell(first)) continue;
      const text = fit((byRow.get(r.n) ?? []).map((i) => `${i.level === 'error' ? '✗' : '!'} ${word(words, i)}`).join('；'));
      const row = ws.addRow([r.n, ...Array.from({ length: width }, (_, i) => fit(r.cells[i] ?? '')), text]);
      // A number goes back as a number, not as text Excel flags; a code (注册号, phone …) and any
      // number Excel would show in scientific notation (over 11 digits) stay text.
      for (const c of r.numbers ?? []) {
        const text = r.cells[c] ?? '';
        const v = Number(text);
        if (text === '' || !Number.isFinite(v) || CODE_FIELDS.has(p.layout.columns[c] ?? '') || text.replace(/\D/g, '').length > 11) continue;
        row.getCell(c + 2).value = v;
      }
      // A cell the file showed as a date goes back as a date, not as its serial number.
      for (const c of r.dates ?? []) {
        const day = serialDate(r.cells[c] ?? '', p.table.date1904);
        if (!day) continue;
        const cell = row.getCell(c + 2);
        cell.value = day.date;
        cell.numFmt = day.time ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
      }
      if (text) row.getCell(width + 2).font = { color: { argb: (byRow.get(r.n) ?? []).some((i) => i.level === 'error') ? 'FFC00000' : 'FFB36B00' } };
    }
    // Issues about the file itself (a missing column) sit on the header row.
    const headerIssues = byRow.get(rows[p.layout.headerIndex]!.n);
    if (headerIssues) head.getCell(width + 2).value = headerIssues.map((i) => word(words, i)).join('；');
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.columns.forEach((c, i) => (c.width = i === width + 1 ? 60 : 16));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  function drop(previewId: string) {
    previews.delete(previewId);
  }

  return { preview, commit, commitPlan, report, drop };
}

export type ImportEngine = ReturnType<typeof createImportEngine>;

/** Excel's limit on the characters of one cell. */
export const EXCEL_CELL_MAX = 32_767;

/** An Excel serial (1900 or 1904 based) as the instant ExcelJS writes back as that serial. */
function serialDate(text: string, date1904: boolean): { date: Date; time: boolean } | null {
  const serial = Number(text);
  if (!text || !Number.isFinite(serial) || serial <= 0 || serial >= 2_958_466) return null;
  const days = serial + (date1904 ? 1462 : 0) - 25_569; // 25569: 1970-01-01 in the 1900 system
  return { date: new Date(Math.round(days * 86_400_000)), time: !Number.isInteger(serial) };
}

function word(words: Record<string, string>, i: ImportIssue): string {
  // A rule the service refused by a reason key is worded by that reason (`reason.<key>`).
  const tpl = (typeof i.params.reason === 'string' ? words[`reason.${i.params.reason}`] : undefined) ?? words[i.code] ?? i.code;
  const params: Record<string, string | number> = { ...i.params, field: words[`field.${i.field}`] ?? i.field };
  return tpl.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(params[k] ?? ''));
}

/** Issues grouped by kind: "241 行：网格无法识别", with the rows where they start. */
export function summarize(issues: ImportIssue[]): ImportSummary[] {
  // Each other parameter (max, expected, first, message …) is shown for the group when every
  // issue of it has the same value, as a range when they are numbers, else as its first values.
  type Acc = { same: string | number | null; varied: boolean; lo: number; hi: number; numeric: boolean; seen: Set<string> };
  const groups = new Map<string, ImportSummary & { values: Set<string>; acc: Map<string, Acc> }>();
  for (const i of issues) {
    // A service's refusals (code rule) group by their reason: each reads as its own sentence.
    const key = `${i.level}|${i.code}|${i.field}|${i.params.reason ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { code: i.code, level: i.level, field: i.field, count: 0, rows: [], params: {}, values: new Set(), acc: new Map() }));
    g.count++;
    if (g.rows.length < 5) g.rows.push(i.row);
    if (i.params.value !== undefined && g.values.size < 3) g.values.add(String(i.params.value));
    for (const [k, v] of Object.entries(i.params)) {
      if (k === 'value') continue;
      const num = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
      const a = g.acc.get(k);
      if (!a) g.acc.set(k, { same: v, varied: false, lo: num, hi: num, numeric: Number.isFinite(num), seen: new Set([String(v)]) });
      else {
        if (String(a.same) !== String(v)) a.varied = true;
        a.numeric &&= Number.isFinite(num);
        if (a.numeric) [a.lo, a.hi] = [Math.min(a.lo, num), Math.max(a.hi, num)];
        if (a.seen.size < 3) a.seen.add(String(v));
      }
    }
  }
  const shown = (a: Acc): string | number => (!a.varied ? a.same! : a.numeric ? `${a.lo}–${a.hi}` : `${[...a.seen].join('、')}${a.seen.size >= 3 ? '…' : ''}`);
  return [...groups.values()]
    .sort((a, b) => (a.level === b.level ? b.count - a.count : a.level === 'error' ? -1 : 1))
    .map(({ values, acc, ...g }) => ({ ...g, params: { ...Object.fromEntries([...acc].map(([k, a]) => [k, shown(a)])), examples: [...values].join('、') } }));
}

export function newPreviewId(): string {
  return randomUUID();
}
