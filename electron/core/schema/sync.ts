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

/** Pulled cells this app version does not know (a newer client wrote them): kept, not dropped. */
export const syncPendingIn = sqliteTable(
  'sync_pending_in',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('sync_pending_in_row').on(t.tableName, t.rowId)],
);

/** Ops the hub refused (outside this device's scope, personal data): kept for the record. */
export const syncRejected = sqliteTable('sync_rejected', {
  opId: text('op_id').primaryKey(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  reason: text('reason').notNull(),
  at: integer('at').notNull(),
});
