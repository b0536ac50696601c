import path from 'node:path';
import { defaultMigrationsDir } from '../create-core';
import { loadMigrations, migrate } from '../db/migrate';
import { openDatabase, type Sqlite } from '../db/open';
import { tempDir } from './helpers';

// Migration tests the way Signal writes them (ts/test-node/sql/helpers.node.ts): bring a fresh
// database to the version before a migration, insert rows shaped like real data, run the
// migration, then assert on the data. A version is a count of applied migrations: version N
// has drizzle/ 0000 … N-1 applied.

export const MIGRATIONS = loadMigrations(defaultMigrationsDir());

/** The version a database is at once the migration named `tag` (e.g. '0010_business_count_triggers') has run. */
export function versionAfter(tag: string): number {
  const m = MIGRATIONS.find((x) => x.tag === tag);
  if (!m) throw new Error(`no migration ${tag}`);
  return m.version;
}

/** A new database file with the first `version` migrations applied. */
export function databaseAt(version: number): Sqlite {
  const db = openDatabase(path.join(tempDir('bd-migration-'), 'desk.sqlite'));
  updateToVersion(db, version);
  return db;
}

/** Apply the migrations up to `version`, as an app of that version would at start-up. */
export function updateToVersion(db: Sqlite, version: number): void {
  if (version < 0 || version > MIGRATIONS.length) throw new Error(`no version ${version}`);
  migrate(db, MIGRATIONS.slice(0, version));
}

/** Insert rows: each row's own columns, objects and arrays stored as JSON, booleans as 0/1. */
export function insertData(db: Sqlite, table: string, rows: readonly Record<string, unknown>[]): void {
  for (const row of rows) {
    const cols = Object.keys(row);
    const values = cols.map((c) => {
      const v = row[c];
      if (typeof v === 'boolean') return v ? 1 : 0;
      return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    });
    db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
  }
}

/** Every row of a table, in a stable order. */
export function getTableData(db: Sqlite, table: string, orderBy = 'rowid'): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM "${table}" ORDER BY ${orderBy}`).all() as Record<string, unknown>[];
}

/** The query plan of a statement, one step a line, as EXPLAIN QUERY PLAN words it. */
export function explain(db: Sqlite, sql: string, params: Record<string, unknown> | unknown[] = []): string {
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Array.isArray(params) ? stmt.all(...params) : stmt.all(params)) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

/** Base columns of a synced row (DESIGN.md, Data), for seeding. */
export function synced(id: string, officeId: string, at = '2026-03-02T01:30:00.000Z', deletedAt: string | null = null) {
  return { id, office_id: officeId, created_at: at, updated_at: at, deleted_at: deletedAt };
}
