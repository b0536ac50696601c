import type { z } from 'zod';
import { TABLES } from '../contract/index';
import { BASE, type Col, type Presence, type TableDef } from './columns';
import { syncManifest, type SyncedTableName } from './manifest';
import { unstorable } from '../domain/text';

// The shape of every synced row as it is stored and travels (SQL column names, wire values:
// booleans as 0/1), declared by each domain beside its contract (`<domain>Tables`) from the contract's own field schemas: a text column takes the
// length limit and the non-empty rule of the form field that writes it, an identity number the
// register's GB 11643 check, a date the contract's day range. The desktop's write path checks
// every row it writes against it, the hub checks every pushed op, and the sync worker checks
// every pulled row before applying it; a row that fails is refused or quarantined, never
// half-applied. electron/core/sync/rows.test.ts keeps it equal to the drizzle tables and to the
// contract. Rules that depend on today (a cadre is 16 or older) or on other rows (the rank
// ladder) stay in the services.

/** Every synced table's row shape, from the domains' declarations. */
export const rowShapes = Object.fromEntries(Object.entries(TABLES as Record<string, TableDef>).map(([t, d]) => [t, d.shape])) as Record<
  SyncedTableName,
  Readonly<Record<string, Col>>
>;

const shapes = new Map<string, Record<string, Col>>(Object.entries(rowShapes).map(([t, cols]) => [t, { ...BASE, ...cols }]));

/** Every column of a synced table with how it must be present and the contract field that writes it, for tests and tools. */
export function rowShape(table: string): Readonly<Record<string, { presence: Presence; field?: z.ZodType; extra?: number }>> | undefined {
  return shapes.get(table);
}

export interface RowProblem {
  column: string;
  message: string;
}

/**
 * Checks cells of a row of `table`: each cell given must have its column's type, enum and
 * format, and a whole row (`complete`) must also hold every required column. Columns the
 * manifest does not know are the caller's business (kept pending, not judged here).
 */
export function rowProblem(table: string, cells: Readonly<Record<string, unknown>>, complete: boolean): RowProblem | null {
  const shape = shapes.get(table);
  if (!shape) return { column: '', message: 'unknown table' };
  for (const [column, value] of Object.entries(cells)) {
    const col = shape[column];
    if (!col) continue;
    if (value === null || value === undefined) {
      if (col.presence !== 'optional') return { column, message: 'must not be empty' };
      continue;
    }
    // Before any shortcut: PostgreSQL's text and jsonb refuse these, whatever the column.
    if (typeof value === 'string' && unstorable(value)) return { column, message: 'unstorable character' };
    if (col.pass?.(value)) continue;
    const r = col.schema.safeParse(value);
    if (!r.success) return { column, message: r.error.issues[0]?.message ?? 'invalid' };
  }
  if (complete) {
    for (const [column, col] of Object.entries(shape)) {
      if (col.presence === 'required' && (cells[column] === undefined || cells[column] === null)) return { column, message: 'missing' };
    }
  }
  return null;
}

// Every manifest table has a shape, and every shape column is in the manifest.
for (const [t, spec] of Object.entries(syncManifest)) {
  const shape = shapes.get(t);
  if (!shape) throw new Error(`rows.ts: no row shape for ${t}`);
  for (const c of spec.columns) if (!shape[c]) throw new Error(`rows.ts: ${t}.${c} has no shape`);
}
