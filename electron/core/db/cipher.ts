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

/** Signatures of files a user may drop into a backups folder (archives, documents, images, programs, text with a BOM). */
const MAGIC: Buffer[] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0x50, 0x4b, 0x07, 0x08], // zip, xlsx, docx
  [0x1f, 0x8b, 0x08], // gzip
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], // rar
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE: xls, doc
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // png
  [0xff, 0xd8, 0xff], // jpeg
  [0x47, 0x49, 0x46, 0x38], // gif
  [0x7f, 0x45, 0x4c, 0x46], // elf
  [0x4d, 0x5a, 0x90, 0x00], // MZ (exe, dll)
  [0xef, 0xbb, 0xbf], // UTF-8 BOM
].map((b) => Buffer.from(b));

/** The smallest SQLite page, and so the smallest database file and the unit of its size. */
const MIN_PAGE = 512;

/**
 * Whether a file that is not plaintext SQLite (fileKind 'encrypted') can be an encrypted
 * database at all, from what is knowable without its key. SQLite3 Multiple Ciphers' ChaCha20
 * format has no plaintext header: page 1 starts with a random salt and every byte after it is
 * ciphertext (the nonce and tag in each page's reserved bytes look random too), so an encrypted
 * database is indistinguishable from random bytes. What such a file must be:
 * - at least one page long, and a whole number of pages (a multiple of 512, the smallest page
 *   size; ours are 4096) — an empty, a cut short or a text file of arbitrary size is not;
 * - not a known format: no zip, gzip, 7z, rar, PDF, Office, image or program signature, no BOM;
 * - not text: its first page is not valid UTF-8 (random bytes practically never are: the chance
 *   for 512 of them is below 10^-40);
 * - uniform bytes: a chi-square over the first 64 KB well within what random bytes give (a file
 *   of zeros, a sparse or preallocated file, most binary formats are far from it).
 * What remains ambiguous: random bytes, or a compressed or encrypted file of an unknown format,
 * whose size happens to be a multiple of 512; and an encrypted database truncated at a page
 * boundary. Those read as an encrypted database this desk's key does not open (another
 * installation's backup, or a damaged one), and the recovery key decides.
 */
export function couldBeEncryptedDb(file: string): boolean {
  const size = fs.statSync(file).size;
  if (size < MIN_PAGE || size % MIN_PAGE !== 0) return false;
  const fd = fs.openSync(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(Math.min(size, 65_536));
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (MAGIC.some((m) => head.subarray(0, m.length).equals(m))) return false;
  try {
    // A text file (GBK text mostly fails this too, but then fails the uniformity below).
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, MIN_PAGE), { stream: true });
    return false;
  } catch {
    // Not UTF-8: carry on.
  }
  const counts = new Array<number>(256).fill(0);
  for (const b of head) counts[b]!++;
  const expected = head.length / 256;
  let chi = 0;
  for (const c of counts) chi += (c - expected) ** 2 / expected;
  // Random bytes: mean 255, standard deviation about 23 (up to 26 for a 512-byte sample).
  return chi < 420;
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
