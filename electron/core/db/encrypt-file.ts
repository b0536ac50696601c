import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/errors';
import { checkNow } from './integrity';
import { assertCipher, fileKind, openKeyed, type DbKey } from './cipher';

// A plaintext database (from before encryption at rest, or a restored older backup) is encrypted
// at its first start. `PRAGMA rekey` does not run in WAL mode, and a rekey killed half-way leaves
// a file of mixed pages, so the original is never rekeyed in place:
//
//   1. the original's WAL is folded in (a checkpoint) and the file copied to `<db>.encrypting`;
//   2. the copy is switched to the rollback journal (journal_mode = DELETE) and rekeyed;
//   3. the copy is checked with the key (quick_check, the schema version and every table's row count against the original);
//   4. the original steps aside as `<db>.plaintext` — the backup kept until the encrypted copy verifies;
//   5. the encrypted copy takes its name;
//   6. the plaintext original is deleted.
//
// A kill at any point leaves the original (as `<db>` or `<db>.plaintext`) or a verified encrypted
// copy; `encryptPlainFile` run again at the next start finishes or restarts from what it finds.

export const ENCRYPTING_SUFFIX = '.encrypting';
export const PLAINTEXT_SUFFIX = '.plaintext';
const SIDE = ['-wal', '-shm', '-journal'];

export type EncryptStep = 'copied' | 'rekeyed' | 'verified' | 'set-aside' | 'swapped' | 'done';

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const rmWithSides = (file: string) => {
  for (const s of ['', ...SIDE]) fs.rmSync(file + s, { force: true });
};

function tableCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    try {
      out[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
    } catch {
      // A virtual table whose module this connection lacks: its shadow tables are counted instead.
    }
  }
  return out;
}

function verify(copy: string, original: string, key: string, nativeBinding?: string): void {
  const opts = nativeBinding ? { nativeBinding } : {};
  const enc = openKeyed(copy, key, { ...opts, readonly: true, fileMustExist: true });
  const plain = new Database(original, { ...opts, readonly: true, fileMustExist: true });
  try {
    const ok = enc.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new Error(`encrypted copy failed its check: ${String(ok)}`);
    const [va, vb] = [enc.pragma('user_version', { simple: true }), plain.pragma('user_version', { simple: true })];
    if (va !== vb) throw new Error(`encrypted copy has schema version ${String(va)}, the original ${String(vb)}`);
    const [ca, cb] = [tableCounts(enc), tableCounts(plain)];
    if (JSON.stringify(ca) !== JSON.stringify(cb)) throw new Error('encrypted copy does not hold the same rows as the original');
  } finally {
    enc.close();
    plain.close();
  }
}

/**
 * Finish or redo an interrupted encryption, then encrypt `file` if it is plaintext. Returns
 * whether it encrypted (or finished encrypting) the file. `hook` runs after each step (tests
 * kill the process there).
 */
export function encryptPlainFile(file: string, key: DbKey, opts: { nativeBinding?: string; hook?: (step: EncryptStep) => void } = {}): boolean {
  if (!key || file === ':memory:') return false;
  const hook = opts.hook ?? (() => {});
  const copy = file + ENCRYPTING_SUFFIX;
  const aside = file + PLAINTEXT_SUFFIX;
  const dir = path.dirname(path.resolve(file));

  // Resume: the original was set aside (step 4), so the copy had verified.
  if (fs.existsSync(aside)) {
    if (!fs.existsSync(file)) {
      if (fs.existsSync(copy)) {
        fs.renameSync(copy, file);
        fsyncDir(dir);
      } else {
        // Cannot happen by the steps above; the original goes back rather than anything being lost.
        for (const s of ['', ...SIDE]) if (fs.existsSync(aside + s)) fs.renameSync(aside + s, file + s);
        return encryptPlainFile(file, key, opts);
      }
    }
    if (fileKind(file) === 'encrypted') {
      // Step 5 was done: the plaintext original goes once the file opens with the key.
      openKeyed(file, key, { ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}), readonly: true, fileMustExist: true }).close();
      rmWithSides(aside);
      hook('done');
      return true;
    }
    // A plaintext file under the database's name beside a set-aside one: keep both, encrypt this one.
    for (let n = 1; ; n++) {
      if (fs.existsSync(`${aside}.${n}`)) continue;
      fs.renameSync(aside, `${aside}.${n}`);
      break;
    }
  }
  if (fileKind(file) !== 'plain') {
    // An encrypted (or new) database; a copy left by a killed run before the swap is stale.
    if (fs.existsSync(copy) && !fs.existsSync(aside)) rmWithSides(copy);
    return false;
  }

  // 1. A stale copy from a killed run is redone from the start.
  rmWithSides(copy);
  {
    const plain = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    try {
      // A damaged original is not copied: it stays as it is, for a restore from a backup.
      const r = checkNow(plain, 'quick');
      if (!r.ok)
        throw new AppError('INTERNAL', '数据库完整性检查未通过，已拒绝启动（加密前的检查）。请从备份恢复。', {
          reason: 'integrity',
          mode: r.mode,
          report: r.report,
        });
      // The WAL's pages go into the file, so a copy of the file is the whole database.
      plain.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('INTERNAL', `数据库文件已损坏或不是数据库文件：${(e as Error).message}`, { reason: 'not_a_database' });
    } finally {
      plain.close();
    }
  }
  fs.copyFileSync(file, `${copy}.tmp`);
  fs.renameSync(`${copy}.tmp`, copy);
  hook('copied');

  // 2. The copy is rekeyed in the rollback journal mode (rekey refuses WAL).
  {
    const c = new Database(copy, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    try {
      c.pragma('journal_mode = DELETE');
      // No key on the copy yet: rekey encrypts it (with a driver that has the cipher).
      assertCipher(opts.nativeBinding);
      c.pragma(`rekey = "x'${key}'"`);
    } finally {
      c.close();
    }
  }
  fsyncFile(copy);
  hook('rekeyed');

  // 3. The copy opens with the key and holds what the original holds.
  verify(copy, file, key, opts.nativeBinding);
  hook('verified');

  // 4. The original steps aside (with any side file), kept until the swap is done.
  for (const s of SIDE) if (fs.existsSync(file + s)) fs.renameSync(file + s, aside + s);
  fs.renameSync(file, aside);
  fsyncDir(dir);
  hook('set-aside');

  // 5. The encrypted copy takes the database's name.
  fs.renameSync(copy, file);
  fsyncDir(dir);
  hook('swapped');

  // 6. The plaintext original is gone.
  rmWithSides(aside);
  fsyncDir(dir);
  hook('done');
  return true;
}
