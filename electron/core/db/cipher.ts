import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/errors';

// Encryption at rest (DESIGN.md, Security): SQLite3 Multiple Ciphers (the `better-sqlite3` import is
// an npm alias of better-sqlite3-multiple-ciphers), its default cipher ChaCha20-Poly1305 with a
// MAC on every page. The key is 32 random bytes per installation, given as a raw key (x'…'), so
// no key derivation runs at each open (the integrity and import workers open their own
// connections). An encrypted file has no "SQLite format 3" header: its first 16 bytes are the salt.

export type Sqlite = Database.Database;

/** A database key: 64 hex digits (32 bytes), or null for a plaintext database. */
export type DbKey = string | null;

export const KEY_RE = /^[0-9a-f]{64}$/;
const SQLITE_HEADER = 'SQLite format 3\0';

export type FileKind = 'missing' | 'empty' | 'plain' | 'encrypted';

/** What a file on disk is, from its first 16 bytes: no file, an empty one, plaintext SQLite, anything else. */
export function fileKind(file: string): FileKind {
  if (file === ':memory:' || !fs.existsSync(file)) return 'missing';
  const size = fs.statSync(file).size;
  if (size === 0) return 'empty';
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    return head.toString('latin1') === SQLITE_HEADER ? 'plain' : 'encrypted';
  } finally {
    fs.closeSync(fd);
  }
}

/** The key to open a file with: none for a plaintext one (an older backup), else the given key. */
export function keyFor(file: string, key: DbKey): DbKey {
  return fileKind(file) === 'plain' ? null : key;
}

export function assertKey(key: string): void {
  if (!KEY_RE.test(key)) throw new AppError('DB_KEY_WRONG', '数据库密钥格式不正确（应为 64 位十六进制数）', { reason: 'key_format' });
}

/**
 * Give a fresh connection its key (before anything is read), and make sure the driver really
 * encrypts: a plain SQLite build would ignore `PRAGMA key` and write plaintext.
 */
export function applyKey(db: Sqlite, key: DbKey, nativeBinding?: string): void {
  if (!key) return;
  assertKey(key);
  assertCipher(nativeBinding);
  db.pragma(`key = "x'${key}'"`);
}

const cipherChecked = new Set<string>();
/** Once per build: an in-memory connection tells whether it is SQLite3 Multiple Ciphers. */
export function assertCipher(nativeBinding?: string): void {
  const id = nativeBinding ?? '';
  if (cipherChecked.has(id)) return;
  const probe = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    probe.prepare('SELECT sqlite3mc_version()').get();
  } catch {
    throw new AppError('INTERNAL', '数据库驱动不支持加密（不是 SQLite3 Multiple Ciphers 的构建），已拒绝打开。', { reason: 'no_cipher' });
  } finally {
    probe.close();
  }
  cipherChecked.add(id);
}

/** The error for a file that the key (or the lack of one) does not open. Nothing has been written. */
export function keyError(file: string, key: DbKey): AppError {
  return key
    ? new AppError('DB_KEY_WRONG', `数据库无法用本机的密钥打开：密钥不对，或文件已损坏、不是数据库文件：${file}`, { reason: 'wrong_key' })
    : new AppError('DB_KEY_MISSING', `数据库已加密，但没有提供密钥，无法打开：${file}`, { reason: 'no_key' });
}

const isNotADb = (e: unknown) => (e as { code?: string })?.code === 'SQLITE_NOTADB';

/**
 * Open a connection with its key and read the schema once, so that a wrong key (or none) fails
 * here with DB_KEY_WRONG / DB_KEY_MISSING, before anything is written.
 */
export function openKeyed(file: string, key: DbKey, opts: Database.Options = {}): Sqlite {
  const db = new Database(file, opts);
  try {
    applyKey(db, key, opts.nativeBinding);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    if (isNotADb(e)) throw keyError(file, key);
    throw e;
  }
  return db;
}

/** The worker threads' copy of applyKey (they evaluate plain CommonJS, not the bundle). */
export const APPLY_KEY_JS = `
function applyKey(db, key) {
  if (!key) return;
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('bad key');
  db.pragma("key = \\"x'" + key + "'\\"");
}
`;
