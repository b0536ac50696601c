import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { APPLY_KEY_JS, couldBeEncryptedDb, fileKind, type DbKey } from './cipher';
import type { Sqlite } from './open';

export const BACKUPS_KEPT = 7;
export const BACKUP_NAME_RE = /^branch-desk-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.sqlite$/;

// An encrypted database cannot go through SQLite's backup API into a new file (the copy would have
// no key: "incompatible source and target"). `VACUUM INTO` writes a consistent snapshot encrypted
// with the connection's own key; it runs in a worker thread on a read-only connection of its own,
// so a large file never stalls the thread that answers calls. Plain CommonJS: evaluated, not bundled.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${APPLY_KEY_JS}
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  applyKey(db, workerData.key);
  db.pragma('busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(workerData.target);
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, error: String(e && e.code ? e.code + ': ' + e.message : e) });
} finally {
  if (db) db.close();
}
`;

function vacuumInto(file: string, target: string, key: DbKey, nativeBinding?: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const w = new Worker(SOURCE, { eval: true, workerData: { file, target, key, nativeBinding, driver } });
    w.once('message', (m: { ok: boolean; error?: string }) => (m.ok ? resolve() : reject(new Error(`backup failed: ${m.error}`))));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`backup thread exited with ${code}`)));
  });
}

// A backup from before encryption is encrypted in place, off the main thread: copied, the copy
// rekeyed in the rollback journal mode, checked with the key, then renamed over the original
// (so a kill leaves the plaintext backup or the encrypted one, never neither).
const ENCRYPT_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const opts = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {};
const key = workerData.key;
const done = [];
try {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('bad key');
  for (const file of workerData.files) {
    const tmp = file + '.encrypting';
    for (const s of ['', '-journal', '-wal', '-shm']) fs.rmSync(tmp + s, { force: true });
    fs.copyFileSync(file, tmp);
    let db = new Database(tmp, opts);
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma("rekey = \\"x'" + key + "'\\"");
    } finally {
      db.close();
    }
    db = new Database(tmp, { ...opts, readonly: true });
    try {
      db.pragma("key = \\"x'" + key + "'\\"");
      if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('encrypted copy of ' + file + ' failed its check');
    } finally {
      db.close();
    }
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    done.push(file);
  }
  parentPort.postMessage({ ok: true, done });
} catch (e) {
  parentPort.postMessage({ ok: false, done, error: String(e && e.message ? e.message : e) });
}
`;

/**
 * Encrypt the plaintext backups in dir (from before encryption at rest) with the key, on a worker.
 * `done` gives the files encrypted; `cancel` ends the thread (a copy under way is redone next time).
 */
export function encryptPlainBackups(dir: string, key: string, nativeBinding?: string): { done: Promise<string[]>; cancel: () => Promise<void> } {
  const files = listBackups(dir)
    .map((f) => path.join(dir, f))
    .filter((f) => fileKind(f) === 'plain');
  if (!files.length) return { done: Promise.resolve([]), cancel: async () => {} };
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const w = new Worker(ENCRYPT_SOURCE, { eval: true, workerData: { files, key, nativeBinding, driver } });
  const done = new Promise<string[]>((resolve, reject) => {
    w.once('message', (m: { ok: boolean; done: string[]; error?: string }) =>
      m.ok ? resolve(m.done) : reject(new Error(`encrypting old backups failed after ${m.done.length}: ${m.error}`)),
    );
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`backup encryption thread exited with ${code}`)));
  });
  return { done, cancel: async () => void (await w.terminate()) };
}

/**
 * A consistent copy of the database into dir, keeping the newest BACKUPS_KEPT. Encrypted with the
 * database's own key when it has one (VACUUM INTO on a worker), else SQLite's online backup API.
 */
export async function backupDatabase(
  db: Sqlite,
  dir: string,
  day: string,
  opts: { prune?: boolean; key?: DbKey; nativeBinding?: string; preRestore?: boolean; keepPreRestoreSince?: number } = {},
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  // After the day's earlier copies, whatever was pruned: a name freed by pruning (the day's first,
  // unsuffixed) would sort oldest and be pruned at once, taking a pre-restore backup with it.
  const sameDay = listBackups(dir)
    .map((f) => BACKUP_NAME_RE.exec(f)!)
    .filter((m) => m[1] === day);
  const last = Math.max(0, ...sameDay.map((m) => Number(m[2] ?? 1)));
  let target = path.join(dir, last ? `branch-desk-${day}-${last + 1}.sqlite` : `branch-desk-${day}.sqlite`);
  for (let n = last + 2; fs.existsSync(target); n++) target = path.join(dir, `branch-desk-${day}-${n}.sqlite`);
  if (opts.key) {
    // Written under a temporary name, then renamed: a half-written copy never looks like a backup.
    const tmp = `${target}.tmp`;
    fs.rmSync(tmp, { force: true });
    try {
      await vacuumInto(db.name, tmp, opts.key, opts.nativeBinding);
      const fd = fs.openSync(tmp, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, target);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  } else {
    await db.backup(target);
  }
  // The copy a restore made of the database it replaced: out of the rolling pruning (PRE_RESTORE_SUFFIX).
  if (opts.preRestore) fs.writeFileSync(target + PRE_RESTORE_SUFFIX, '');
  // A chosen folder (a USB disk) keeps what its owner put there.
  if (opts.prune !== false) pruneBackups(dir, path.basename(target), opts.keepPreRestoreSince ?? 0);
  return target;
}

/** Beside a backup a restore made first (of the database it replaced): kept out of the rolling pruning. */
export const PRE_RESTORE_SUFFIX = '.pre-restore';

export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => BACKUP_NAME_RE.test(f))
    .sort((a, b) => {
      const [, da, na] = BACKUP_NAME_RE.exec(a)!;
      const [, dbb, nb] = BACKUP_NAME_RE.exec(b)!;
      return da === dbb ? Number(na ?? 1) - Number(nb ?? 1) : da! < dbb! ? -1 : 1;
    });
}

/**
 * Keeps the newest BACKUPS_KEPT copies, and also the newest copy of each of the last BACKUPS_KEPT
 * days that have one: a busy day (restores, many 立即备份) does not push out the week. The copy
 * just written is never removed.
 */
function pruneBackups(dir: string, written: string, keepPreRestoreSince: number): void {
  const all = listBackups(dir);
  // Pre-restore copies are not counted, and stay for the audit retention period (written since
  // `keepPreRestoreSince`); an older one is pruned like any other, or deleted by an administrator.
  const preRestore = (f: string) => {
    try {
      return fs.existsSync(path.join(dir, f + PRE_RESTORE_SUFFIX)) && fs.statSync(path.join(dir, f)).mtimeMs >= keepPreRestoreSince;
    } catch {
      return false;
    }
  };
  const kept = all.filter(preRestore);
  if (kept.length) {
    const rest = all.filter((f) => !kept.includes(f));
    pruneFrom(dir, rest, written);
    return;
  }
  pruneFrom(dir, all, written);
}

function pruneFrom(dir: string, found: string[], written: string): void {
  // Only what can be one of this desk's backups counts, and may go: a file named like a backup
  // but dated after the one just written (a clock once set ahead, or planted) or that cannot be a
  // database (text, empty) would otherwise push the real week out. Such files are left alone; the
  // list shows them for what they are.
  const writtenDay = BACKUP_NAME_RE.exec(written)?.[1] ?? '9999-12-31';
  const all = found.filter((f) => {
    if (f === written) return true;
    if (BACKUP_NAME_RE.exec(f)![1]! > writtenDay) return false;
    try {
      const file = path.join(dir, f);
      if (!fs.lstatSync(file).isFile()) return false;
      const kind = fileKind(file);
      return kind === 'plain' || (kind === 'encrypted' && couldBeEncryptedDb(file));
    } catch {
      return false;
    }
  });
  const keep = new Set(all.slice(-BACKUPS_KEPT));
  keep.add(written);
  const days = new Map<string, string>();
  for (const f of all) days.set(BACKUP_NAME_RE.exec(f)![1]!, f);
  for (const f of [...days.values()].slice(-BACKUPS_KEPT)) keep.add(f);
  // With its integrity verdict beside it (backups.service's sidecar).
  for (const f of all) if (!keep.has(f)) for (const x of [f, `${f}.check.json`, f + PRE_RESTORE_SUFFIX]) fs.rmSync(path.join(dir, x), { force: true });
}
