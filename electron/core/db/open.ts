import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/errors';
import { searchGrams } from '../../../shared/domain/credit-code';
import { checkNow, type IntegrityMode, type IntegrityResult } from './integrity';
import { applyKey, fileKind, keyError, type DbKey } from './cipher';

export type Sqlite = Database.Database;

function integrityError(r: IntegrityResult): AppError {
  return new AppError('INTERNAL', '数据库完整性检查未通过，已拒绝启动。请从备份恢复。', { reason: 'integrity', mode: r.mode, report: r.report });
}

/**
 * Open the database with the pragmas the app relies on, refusing files that are not SQLite.
 * `check` runs an integrity check before anything is written (a quick one unless told; a
 * function decides from the opened connection, returning null to leave it to the caller).
 */
export function openDatabase(
  dbPath: string,
  opts: {
    check?: IntegrityMode | ((db: Sqlite) => IntegrityMode | null);
    /** better-sqlite3's build for this runtime when it is not the package's own (db/native-binding.ts). */
    nativeBinding?: string;
    /** The database key (db/cipher.ts); null or absent: a plaintext database. */
    key?: DbKey;
  } = {},
): Sqlite {
  const key = opts.key ?? null;
  const kind = fileKind(dbPath);
  // A plaintext file is encrypted before it is opened with a key (db/encrypt-file.ts); one still
  // plaintext here is refused rather than written to beside encrypted pages.
  if (kind === 'plain' && key) throw new AppError('INTERNAL', `数据库尚未加密，已拒绝用密钥打开：${dbPath}`, { reason: 'not_encrypted' });
  if (kind === 'encrypted' && !key) throw keyError(dbPath, null);
  let db: Sqlite;
  try {
    db = new Database(dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch (e) {
    throw new AppError('INTERNAL', `无法打开数据库：${(e as Error).message}`, { reason: 'open_failed' });
  }
  try {
    applyKey(db, key, opts.nativeBinding);
    // The first read: a wrong key fails here, before any pragma below writes.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw kind === 'encrypted'
        ? keyError(dbPath, key)
        : new AppError('INTERNAL', `数据库文件已损坏或不是数据库文件：${dbPath}`, { reason: 'not_a_database' });
    }
    throw new AppError('INTERNAL', `数据库文件已损坏或不是数据库文件：${(e as Error).message}`, { reason: 'not_a_database' });
  }
  try {
    const check = opts.check ?? 'quick';
    const mode = typeof check === 'function' ? check(db) : check;
    if (mode) {
      const r = checkNow(db, mode);
      if (!r.ok) throw integrityError(r);
    }
    // Used by the business search triggers (drizzle/0002_business_search.sql).
    db.function('bd_grams', { deterministic: true }, (text: unknown) => searchGrams(typeof text === 'string' ? text : null));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // The page cache holds what the screens read at every opening: the count read models, the
    // unlicensed and audit indexes, the register tables (about 25 MB at a million businesses;
    // bench/screens.bench.ts). It fills only as pages are read.
    db.pragma('cache_size = -32768');
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
