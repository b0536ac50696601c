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

/**
 * Apply pending migrations in one transaction, tracked in PRAGMA user_version.
 * A database migrated by a newer app is refused: an old app must never write to it.
 */
export function migrate(db: Sqlite, migrations: Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new AppError(
      'INTERNAL',
      `数据库版本（${from}）比本程序支持的版本（${latest}）新，请升级 Branch Desk 后再打开。`,
      { reason: 'newer_database', dbVersion: from, appVersion: latest },
    );
  }
  if (from === latest) return { from, to: latest };
  db.transaction(() => {
    for (const m of migrations.slice(from)) {
      for (const stmt of m.statements) db.exec(stmt);
    }
    db.pragma(`user_version = ${latest}`);
  })();
  return { from, to: latest };
}
