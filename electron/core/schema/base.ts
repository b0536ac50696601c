import { text } from 'drizzle-orm/sqlite-core';

/** Columns every synced table carries (DESIGN.md, Data). */
export const syncedColumns = () => ({
  id: text('id').primaryKey(),
  officeId: text('office_id').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
});
