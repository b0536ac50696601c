import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { isoAt } from './clock';
import { fileKind, keyFor, openKeyed, type DbKey } from './db/cipher';
import { chooseNativeBinding, currentRuntime } from './db/native-binding';
import type { Sqlite } from './db/open';
import { keepDamagedCopy, restoreSecret, stageRestore } from './db/restore';
import { appRoot } from './create-core';

/**
 * The way out when the database is too damaged to start (the integrity check at open refuses
 * it): `--restore <backup>` on the host's command line, before the core opens. The backup is
 * checked (it opens with this installation's key, passes quick_check, and is a set-up desk
 * database), the damaged database is kept aside as it is (`<db>.damaged-N`), and the backup is
 * staged with a signed stamp naming the operating-system account that asked; the start that
 * follows swaps it in and writes the restore's audit entry (README, Restoring a damaged database).
 */
export function restoreOffline(opts: { dbPath: string; file: string; key: DbKey; user: string; now: () => number; nativeBinding?: string }): {
  damagedCopy: string | null;
} {
  const file = path.resolve(opts.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('NOT_FOUND', 'no such backup', { reason: 'no_backup' });
  const kind = fileKind(file);
  if (kind === 'empty') throw new AppError('RULE_VIOLATION', 'not a backup', { reason: 'not_backup' });
  const nativeBinding = opts.nativeBinding ?? chooseNativeBinding(appRoot(), currentRuntime());
  let db: Sqlite;
  try {
    db = openKeyed(file, keyFor(file, opts.key), { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    throw new AppError('DB_KEY_WRONG', 'backup does not open with this installation key', { reason: 'backup_key_mismatch' });
  }
  try {
    let check: string[];
    try {
      check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    } catch {
      throw new AppError(kind === 'encrypted' ? 'DB_KEY_WRONG' : 'RULE_VIOLATION', 'backup unreadable', {
        reason: kind === 'encrypted' ? 'backup_key_mismatch' : 'backup_damaged',
      });
    }
    if (check.length !== 1 || check[0] !== 'ok') throw new AppError('RULE_VIOLATION', 'backup damaged', { reason: 'backup_damaged' });
    const has = (t: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
    if (!has('app_user') || !has('audit_log') || !has('local_meta') || !db.prepare('SELECT 1 FROM app_user LIMIT 1').get())
      throw new AppError('RULE_VIOLATION', 'not a backup', { reason: 'not_backup' });
  } finally {
    db.close();
  }
  const damagedCopy = fs.existsSync(opts.dbPath) ? keepDamagedCopy(opts.dbPath) : null;
  stageRestore(file, opts.dbPath, { secret: restoreSecret(opts.dbPath, opts.key), at: isoAt(opts.now()), user: { id: null, name: opts.user } });
  return { damagedCopy };
}
