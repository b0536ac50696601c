import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Local sync bookkeeping; none of these tables sync themselves.

/** Known version of a sensitive cell: the base an edit declares, so the hub can tell a concurrent edit. */
export const syncCellVersion = sqliteTable(
  'sync_cell_version',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    col: text('col').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId, t.col] })],
);

/** Conflicts on sensitive cells, as last pulled from the hub, for a person to resolve. */
export const syncConflict = sqliteTable('sync_conflict', {
  id: text('id').primaryKey(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  col: text('col').notNull(),
  officeId: text('office_id').notNull(),
  current: text('current').notNull(),
  incoming: text('incoming').notNull(),
  createdAt: integer('created_at').notNull(),
  resolvedAt: integer('resolved_at'),
  resolvedBy: text('resolved_by'),
});

/**
 * Pulled data this device holds back instead of applying: rows or cells of a table or column
 * this version does not know (a newer client wrote them; applied after an upgrade), and rows
 * that fail the row shapes (quarantined, shown to an administrator with their origin device).
 * One entry per row: a newer version of the row replaces it.
 */
export const syncPendingIn = sqliteTable(
  'sync_pending_in',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    /** The pulled row as it came: { seq, table, rowId, officeId, cells }. */
    body: text('body').notNull(),
    /** unknown_table | unknown_columns | invalid */
    reason: text('reason'),
    /** The column and message of the failed check, or the unknown columns. */
    detail: text('detail'),
    /** The hub's answer on who wrote the row: JSON [{ column, deviceId, deviceName }]. */
    origin: text('origin'),
    at: integer('at'),
  },
  (t) => [index('sync_pending_in_row').on(t.tableName, t.rowId)],
);

/**
 * Edits the hub refused (未能同步): the cells as written and the reason, for a person to fix,
 * submit again or discard. The local row itself is put back to the hub's version.
 */
export const syncRejected = sqliteTable('sync_rejected', {
  opId: text('op_id').primaryKey(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  /** A reason code (shared/sync/protocol.ts REJECT_REASONS). */
  reason: text('reason').notNull(),
  at: integer('at').notNull(),
  /** The refused cells as JSON { column: value }. */
  columns: text('columns'),
  officeId: text('office_id'),
  /** A parameter of the reason (a column name). */
  detail: text('detail'),
});
