import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/errors';
import { searchGrams } from '../../../shared/domain/credit-code';

export type Sqlite = Database.Database;

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Open the database with the pragmas the app relies on, refusing files that are not
 * SQLite or fail a quick integrity check. Nothing is written before these checks pass.
 */
export function openDatabase(dbPath: string): Sqlite {
  if (dbPath !== ':memory:' && fs.existsSync(dbPath)) {
    const size = fs.statSync(dbPath).size;
    if (size > 0) {
      const fd = fs.openSync(dbPath, 'r');
      const head = Buffer.alloc(16);
      fs.readSync(fd, head, 0, 16, 0);
      fs.closeSync(fd);
      if (head.toString('latin1') !== SQLITE_HEADER) {
        throw new AppError('INTERNAL', `数据库文件已损坏或不是数据库文件：${dbPath}`, { reason: 'not_a_database' });
      }
    }
  }
  let db: Sqlite;
  try {
    db = new Database(dbPath);
  } catch (e) {
    throw new AppError('INTERNAL', `无法打开数据库：${(e as Error).message}`, { reason: 'open_failed' });
  }
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    if (rows.length !== 1 || rows[0]!.quick_check !== 'ok') {
      throw new AppError('INTERNAL', '数据库完整性检查未通过，已拒绝启动。请从备份恢复。', {
        reason: 'integrity',
        report: rows.slice(0, 5).map((r) => r.quick_check),
      });
    }
    // Used by the business search triggers (drizzle/0002_business_search.sql).
    db.function('bd_grams', { deterministic: true }, (text: unknown) => searchGrams(typeof text === 'string' ? text : null));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Checkpoints run on the core's idle timer instead of inside an edit (DESIGN.md,
    // Performance: edit p99). The high limit is only a backstop for long bulk loops.
    db.pragma('wal_autocheckpoint = 10000');
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `数据库文件已损坏或不是数据库文件：${(e as Error).message}`, {
      reason: 'not_a_database',
    });
  }
  return db;
}
