import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import type { Sqlite } from './open';

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface Migration {
  version: number;
  tag: string;
  statements: string[];
}

/** Read drizzle-kit's journal and SQL files. The schema version is the migration count. */
export function loadMigrations(dir: string): Migration[] {
  const journalPath = path.join(dir, 'meta', '_journal.json');
  if (!fs.existsSync(journalPath)) throw new Error(`migrations not found in ${dir}`);
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map((e, i) => {
      if (e.idx !== i) throw new Error(`migration journal has a gap at ${i}`);
      const sql = fs.readFileSync(path.join(dir, `${e.tag}.sql`), 'utf8');
      return {
        version: i + 1,
        tag: e.tag,
        statements: sql
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

export function newerDatabase(from: number, latest: number): AppError {
  return new AppError('INTERNAL', `数据库版本（${from}）比本程序支持的版本（${latest}）新，请升级 Branch Desk 后再打开。`, {
    reason: 'newer_database',
    dbVersion: from,
    appVersion: latest,
  });
}

/**
 * The migrations a database has applied, by version and name: the journal's own record of what
 * shaped the file. `user_version` alone is a count; a file from another build of the app with as
 * many migrations of other names would pass it (issue 15, item 6). Not a drizzle table: it
 * describes the schema rather than belonging to it.
 */
const APPLIED = 'CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, tag TEXT NOT NULL, applied_at TEXT NOT NULL)';

/**
 * Apply pending migrations in one transaction, tracked in PRAGMA user_version and by name in
 * schema_migration. A database migrated by a newer app is refused: an old app must never write to
 * it. So is one whose applied migrations have other names than this app's journal at the same place.
 * `at`: the instant recorded with newly applied migrations (the core passes its clock's).
 */
export function migrate(db: Sqlite, migrations: Migration[], at = '1970-01-01T00:00:00.000Z'): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) throw newerDatabase(from, latest);
  const hasTable = !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'").get();
  const applied = hasTable ? (db.prepare('SELECT version, tag FROM schema_migration ORDER BY version').all() as { version: number; tag: string }[]) : [];
  for (const a of applied) {
    const mine = migrations[a.version - 1];
    if (a.version > from || !mine || mine.tag !== a.tag) {
      throw new AppError(
        'INTERNAL',
        `数据库的第 ${a.version} 个迁移（${a.tag}）与本程序的（${mine?.tag ?? '无'}）不同：这个数据库来自另一版本的 Branch Desk。请用创建它的版本打开，或从备份恢复。`,
        { reason: 'migration_mismatch', version: a.version, dbTag: a.tag, appTag: mine?.tag ?? null },
      );
    }
  }
  if (from === latest && applied.length === from) return { from, to: latest };
  const record = (vs: Migration[]) => {
    const ins = db.prepare('INSERT OR IGNORE INTO schema_migration (version, tag, applied_at) VALUES (?, ?, ?)');
    for (const m of vs) ins.run(m.version, m.tag, at);
  };
  db.transaction(() => {
    db.exec(APPLIED);
    // A database from before this record: what user_version counts is taken as this journal's, once.
    if (applied.length < from) record(migrations.slice(0, from));
    for (const m of migrations.slice(from)) {
      for (const stmt of m.statements) db.exec(stmt);
    }
    record(migrations.slice(from));
    db.pragma(`user_version = ${latest}`);
  })();
  return { from, to: latest };
}
