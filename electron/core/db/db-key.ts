import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import type { KeyStore } from '../keystore';
import { assertKey, fileKind } from './cipher';

// Where the database key comes from (README, Encryption at rest):
// - the desktop app: 32 random bytes made at the first start, kept in the key store (keystore.json)
//   wrapped by Electron's safeStorage (Windows DPAPI: only this Windows account on this PC unwraps
//   it), through its asynchronous API. electron/main supplies the wrapper; the core never imports Electron.
// - browser mode and the tests: the environment variable BD_DB_KEY (64 hex digits), or a key file
//   beside the database (`db.key`, owner-only), made at the first start. This mode is NOT protected:
//   whoever copies the data folder has the key with it.

export const KEY_ENV = 'BD_DB_KEY';
export const KEY_FILE = 'db.key';

export const newDbKey = (): string => randomBytes(32).toString('hex');

function writeOwnerOnly(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (process.platform !== 'win32') fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The key of a database about to be opened that has none yet: only a new or plaintext file may get a new key. */
function mayCreateKey(dbPath: string): void {
  if (fileKind(dbPath) === 'encrypted') {
    throw new AppError('DB_KEY_MISSING', `无法打开：该文件已加密或不是数据库文件，本机也没有它的密钥：${dbPath}`, { reason: 'no_key' });
  }
}

/**
 * Browser mode and tests: BD_DB_KEY, else `db.key` beside the database (made owner-only on first
 * start). The hub uses the same with its own names (HUB_DB_KEY, hub.key; server/cli.ts).
 */
export function fileKey(
  dbPath: string,
  env: Record<string, string | undefined> = process.env,
  names: { env: string; file: string } = { env: KEY_ENV, file: KEY_FILE },
): string {
  const fromEnv = env[names.env]?.trim().toLowerCase();
  if (fromEnv) {
    assertKey(fromEnv);
    return fromEnv;
  }
  const file = path.isAbsolute(names.file) ? names.file : path.join(path.dirname(path.resolve(dbPath)), names.file);
  if (fs.existsSync(file)) {
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    const key = fs.readFileSync(file, 'utf8').trim().toLowerCase();
    assertKey(key);
    return key;
  }
  mayCreateKey(dbPath);
  const key = newDbKey();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeOwnerOnly(file, key + '\n');
  return key;
}

/** Wraps the key with something only this account can undo (Electron's safeStorage in the desktop app). */
export interface KeyWrapper {
  /** What wrapped it, stored beside the wrapped key. */
  readonly kind: string;
  wrap(key: string): Promise<Buffer>;
  /** The key, and whether it should be wrapped again (safeStorage's key was rotated). */
  unwrap(wrapped: Buffer): Promise<{ key: string; rewrap: boolean }>;
}

interface StoredKey {
  wrapped: string;
  by: string;
}

/**
 * The desktop app's key: unwrapped from the key store, or made, wrapped and stored (before any
 * page is encrypted with it, so a kill never leaves an encrypted file without its key).
 */
export async function wrappedKey(keystore: KeyStore, wrapper: KeyWrapper, dbPath: string): Promise<string> {
  const stored = keystore.read().dbKey as StoredKey | undefined;
  if (stored?.wrapped) {
    if (stored.by !== wrapper.kind) throw new AppError('DB_KEY_WRONG', `数据库密钥由 ${stored.by} 保护，本机无法解开`, { reason: 'wrapper' });
    let got: { key: string; rewrap: boolean };
    try {
      got = await wrapper.unwrap(Buffer.from(stored.wrapped, 'base64'));
    } catch (e) {
      // Another Windows account, another PC, or a damaged key store.
      throw new AppError('DB_KEY_WRONG', `无法解开数据库密钥（只有创建它的 Windows 账户能解开）：${(e as Error).message}`, { reason: 'unwrap_failed' });
    }
    assertKey(got.key);
    if (got.rewrap) {
      const again = await wrapper.wrap(got.key);
      keystore.update((d) => ({ ...d, dbKey: { wrapped: again.toString('base64'), by: wrapper.kind } }));
    }
    return got.key;
  }
  mayCreateKey(dbPath);
  const key = newDbKey();
  const wrapped = await wrapper.wrap(key);
  // Checked before it is relied on: a wrapper that cannot give the key back would lose the database.
  const back = await wrapper.unwrap(wrapped);
  if (back.key !== key) throw new AppError('INTERNAL', '数据库密钥保护失败，已停止启动', { reason: 'wrap_failed' });
  keystore.update((d) => ({ ...d, dbKey: { wrapped: wrapped.toString('base64'), by: wrapper.kind } satisfies StoredKey }));
  return key;
}
