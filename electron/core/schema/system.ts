import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

// Local accounts. Not synced: each desktop keeps its own users.
export const appUser = sqliteTable('app_user', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['admin', 'chief', 'staff', 'hr', 'counsellor'] }).notNull(),
  officeId: text('office_id').notNull(),
  cadreId: text('cadre_id'),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
  lastLoginAt: text('last_login_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

// A dated value of a rule setting. Version 0 is the built-in default and is not stored.
export const settingVersion = sqliteTable(
  'setting_version',
  {
    ...syncedColumns(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    value: text('value').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    note: text('note'),
    author: text('author'),
  },
  (t) => [index('setting_key_version_idx').on(t.key, t.version)],
);

// Changes waiting to be pushed to the hub, in local order.
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    opId: text('op_id').notNull().unique(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    officeId: text('office_id').notNull(),
    columns: text('columns').notNull(),
    hlc: text('hlc').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    /** Base versions of sensitive columns (JSON), see sync_cell_version. */
    base: text('base'),
  },
  (t) => [index('outbox_row_idx').on(t.tableName, t.rowId)],
);

// Append-only, hash-chained: each row's hash covers the previous hash and its own content.
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    method: text('method').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before'),
    after: text('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId),
    index('audit_at_idx').on(t.at),
    // An index entry ends with the rowid (seq): one entity's rows newest first, without a sort.
    index('audit_entity_seq_idx').on(t.entity),
  ],
);

// Small local key/value state: HLC, device node id, last backup.
export const localMeta = sqliteTable('local_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A counter per kind of read, moved by triggers (drizzle/0012) in the transaction of every change
 * to a table those reads depend on, whichever connection makes it. The read cache keeps its answers
 * until the counter moves (db/read-cache.ts).
 */
export const readVersion = sqliteTable('read_version', {
  domain: text('domain').primaryKey(),
  v: integer('v').notNull(),
});
