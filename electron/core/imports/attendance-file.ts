import { AppError } from '../../../shared/contract/errors';
import { ATTENDANCE_IMPORT_COLUMNS, type AttendanceImportKey } from '../../../shared/contract/training';
import { readTable, type ReadLimits } from './read-table';

/** The most rows one attendance import takes (the contract's own limit). */
export const ATTENDANCE_MAX_ROWS = 2000;

const KEYS = Object.keys(ATTENDANCE_IMPORT_COLUMNS) as AttendanceImportKey[];
const norm = (s: string) => s.replace(/[\s*＊]/g, '').replace(/[（(][^）)]*[）)]$/, '');

/**
 * A training sign-in sheet read by the core's own reader, with the same limits as every other
 * import (a bomb is refused by its declared sizes, not parsed in the renderer): .xlsx, .xls or
 * .csv. The header row is the first of the first 30 that names 姓名 and 出勤; other columns are
 * ignored. Each row keeps its row number as Excel shows it.
 */
export async function readAttendanceFile(buf: Buffer, limits: ReadLimits): Promise<{ rows: Record<string, string>[]; lines: number[] }> {
  const table = await readTable(buf, { ...limits, maxRows: Math.min(limits.maxRows, ATTENDANCE_MAX_ROWS) });
  const sheet = table.sheets.find((s) => s.rows.length) ?? table.sheets[0];
  const byHeader = new Map<string, AttendanceImportKey>(KEYS.map((k) => [ATTENDANCE_IMPORT_COLUMNS[k], k]));
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  let cols: Map<number, AttendanceImportKey> | null = null;
  for (const [idx, row] of (sheet?.rows ?? []).entries()) {
    if (!cols) {
      if (idx >= 30) break;
      const found = new Map<number, AttendanceImportKey>();
      row.cells.forEach((v, i) => byHeader.has(norm(v)) && !found.has(i) && found.set(i, byHeader.get(norm(v))!));
      const keys = [...found.values()];
      if (keys.includes('name') && keys.includes('attendance')) cols = found;
      continue;
    }
    const r: Record<string, string> = {};
    for (const [i, k] of cols) if (row.cells[i]) r[k] = row.cells[i]!.slice(0, 200);
    if (!Object.keys(r).length) continue;
    rows.push(r);
    lines.push(row.n);
  }
  if (!cols) throw new AppError('BAD_INPUT', 'no attendance header (name and attendance columns)', { reason: 'attendance_headers' });
  if (!rows.length) throw new AppError('BAD_INPUT', 'no rows below the header', { reason: 'no_rows' });
  return { rows, lines };
}
