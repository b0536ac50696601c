import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// A restore replaces the database file, which the running core holds open with prepared
// statements, caches and workers. So it is staged: the chosen backup is checked and copied beside
// the database as `<db>.restore`, the core closes, and the next start swaps it in before it opens
// anything (applyPendingRestore). Each step is a rename, so a kill at any point leaves either the
// old database or the restored one in place, never neither.

export const RESTORE_SUFFIX = '.restore';
/**
 * Written, empty, when a restore is staged: its modification time is the file system's clock at
 * staging, after the pre-restore backup (a copied file may keep its source's time on Windows and
 * macOS). Backups older than it anchor the chain the restore replaced.
 */
export const RESTORE_STAMP_SUFFIX = '.restore-stamp';
/** Beside a staged restore: the push chain token the desk held when it was asked for (sync, rebaseFrom). */
export const RESTORE_CHAIN_SUFFIX = '.restore-chain';

export function writeRestoreChain(dbPath: string, chain: string | null): void {
  fs.writeFileSync(dbPath + RESTORE_CHAIN_SUFFIX, JSON.stringify({ chain }));
}

/** The token written at staging, once: the file is removed whether or not a restore was swapped in. */
export function takeRestoreChain(dbPath: string): string | null {
  const file = dbPath + RESTORE_CHAIN_SUFFIX;
  try {
    const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { chain?: unknown }).chain;
    return typeof v === 'string' && v.length <= 64 ? v : null;
  } catch {
    return null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
const REPLACED_SUFFIX = '.replaced';
const SIDE = ['-wal', '-shm'];

/**
 * What an authenticated backup.restore writes into the stamp: the staged file's SHA-256, when,
 * who asked, and an HMAC over them with the installation's secret (restoreSecret). A file copied
 * in by hand beside an empty or copied stamp does not verify, and is not swapped in.
 */
export interface RestoreStamp {
  sha256: string;
  at: string;
  user: { id: string | null; name: string };
  mac: string;
}
export interface RestoreSigner {
  secret: Buffer;
  at: string;
  user: { id: string | null; name: string };
}

const stampMac = (secret: Buffer, s: Omit<RestoreStamp, 'mac'>) =>
  createHmac('sha256', secret)
    .update(JSON.stringify(['branch-desk restore', s.sha256, s.at, s.user.id, s.user.name]))
    .digest('hex');

function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * The secret a restore stamp is signed with: derived from the database key (which the desktop
 * keeps wrapped by safeStorage); a plaintext desk (no key) keeps a random one beside the
 * database, owner-only, which protects as little as the plaintext does.
 */
export function restoreSecret(dbPath: string, key: string | null): Buffer {
  if (key) return createHmac('sha256', Buffer.from(key, 'hex')).update('branch-desk restore stamp').digest();
  const file = path.join(path.dirname(path.resolve(dbPath)), 'restore-stamp.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  const k = randomBytes(32);
  fs.writeFileSync(file, k.toString('hex'), { mode: 0o600 });
  return k;
}

/** Copy a checked backup beside the database, to be swapped in at the next start; `sign`: the stamp says who asked, authenticated. */
export function stageRestore(source: string, dbPath: string, sign?: RestoreSigner): void {
  const staged = dbPath + RESTORE_SUFFIX;
  fs.copyFileSync(source, `${staged}.tmp`);
  const fd = fs.openSync(`${staged}.tmp`, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  let stamp = '';
  if (sign) {
    const body = { sha256: sha256File(`${staged}.tmp`), at: sign.at, user: sign.user };
    stamp = JSON.stringify({ ...body, mac: stampMac(sign.secret, body) } satisfies RestoreStamp);
  }
  // The stamp first: a staged file never waits beside a stale stamp of an earlier attempt.
  fs.writeFileSync(dbPath + RESTORE_STAMP_SUFFIX, stamp);
  fs.renameSync(`${staged}.tmp`, staged);
}

export type PendingRestoreCheck =
  { ok: true; stamp: RestoreStamp } | { ok: false; reason: 'no_stamp' | 'bad_stamp' | 'file_changed' | 'used_stamp' | 'stale_stamp'; setAside: string };

/** A stamp older than this (or this far ahead) is not taken: a restore swaps in at the restart that follows its staging. */
export const RESTORE_STAMP_MAX_AGE_MS = 24 * 3600_000;
/** The stamps already swapped in (their MACs, one a line), beside the database: a copy of a used stamp is refused. */
const USED_STAMPS_SUFFIX = '.restores-used';

/**
 * At start, before the swap: does the staged restore carry a stamp this installation signed,
 * over this very file? If not, the staged file (and its stamp) are set aside, never swapped in.
 * null: nothing staged.
 */
export function checkPendingRestore(dbPath: string, secretOf: () => Buffer, now: number): PendingRestoreCheck | null {
  const staged = dbPath + RESTORE_SUFFIX;
  if (!fs.existsSync(staged)) return null;
  let stamp: RestoreStamp | null = null;
  try {
    const v = JSON.parse(fs.readFileSync(dbPath + RESTORE_STAMP_SUFFIX, 'utf8')) as RestoreStamp;
    if (v && typeof v.sha256 === 'string' && typeof v.mac === 'string' && typeof v.at === 'string' && v.user && typeof v.user.name === 'string') stamp = v;
  } catch {
    stamp = null;
  }
  let reason: Exclude<PendingRestoreCheck, { ok: true }>['reason'] | null = null;
  const usedFile = dbPath + USED_STAMPS_SUFFIX;
  const used = () => {
    try {
      return new Set(fs.readFileSync(usedFile, 'utf8').split('\n'));
    } catch {
      return new Set<string>();
    }
  };
  if (!stamp) reason = 'no_stamp';
  else {
    const want = Buffer.from(stampMac(secretOf(), { sha256: stamp.sha256, at: stamp.at, user: { id: stamp.user.id ?? null, name: stamp.user.name } }), 'hex');
    const got = Buffer.from(stamp.mac, 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) reason = 'bad_stamp';
    else if (used().has(stamp.mac)) reason = 'used_stamp';
    else if (!(Math.abs(now - Date.parse(stamp.at)) <= RESTORE_STAMP_MAX_AGE_MS)) reason = 'stale_stamp';
    else if (sha256File(staged) !== stamp.sha256) reason = 'file_changed';
  }
  if (!reason) {
    // Used once: a copy of this stamp and its file, put back later, is refused (replaying an old restore).
    fs.appendFileSync(usedFile, `${stamp!.mac}\n`);
    return { ok: true, stamp: stamp! };
  }
  // Numbered past every copy set aside before, removed or not: the audit log names each one file.
  // The counter is read only as a plain small number; anything else there starts again from 1.
  const counter = `${staged}-refused-count`;
  let n = 1;
  try {
    const text = fs.readFileSync(counter, 'utf8').trim();
    if (/^\d{1,9}$/.test(text)) n = Number(text) + 1;
  } catch {
    n = 1;
  }
  for (let tries = 0; fs.existsSync(`${staged}-refused-${n}`) && tries < 100_000; tries++) n++;
  try {
    fs.writeFileSync(counter, String(n));
  } catch {
    // An unwritable counter (a folder at its name) costs only the numbering past removed copies.
  }
  const aside = `${staged}-refused-${n}`;
  fs.renameSync(staged, aside);
  if (fs.existsSync(dbPath + RESTORE_STAMP_SUFFIX)) fs.renameSync(dbPath + RESTORE_STAMP_SUFFIX, `${aside}.stamp`);
  return { ok: false, reason, setAside: aside };
}

/** When the restore swapped in at this start was staged (the file system's clock), and the stamp tidied away. */
export function takeRestoreStamp(dbPath: string): number | null {
  const stamp = dbPath + RESTORE_STAMP_SUFFIX;
  try {
    const t = fs.statSync(stamp).mtimeMs;
    fs.rmSync(stamp, { force: true });
    return t;
  } catch {
    return null;
  }
}

export function pendingRestore(dbPath: string): boolean {
  return fs.existsSync(dbPath + RESTORE_SUFFIX);
}

/** At start, before the database opens: swap a staged restore in. Returns whether it did. */
export function applyPendingRestore(dbPath: string): boolean {
  const staged = dbPath + RESTORE_SUFFIX;
  if (!fs.existsSync(staged)) {
    // A swap that finished but did not tidy up.
    for (const s of ['', ...SIDE]) fs.rmSync(dbPath + REPLACED_SUFFIX + s, { force: true });
    return false;
  }
  // 1. The current database (and its WAL, which belongs to it) steps aside, unless a killed swap already moved it.
  if (fs.existsSync(dbPath)) {
    for (const s of SIDE) if (fs.existsSync(dbPath + s)) fs.renameSync(dbPath + s, dbPath + REPLACED_SUFFIX + s);
    fs.renameSync(dbPath, dbPath + REPLACED_SUFFIX);
  } else {
    for (const s of SIDE) fs.rmSync(dbPath + s, { force: true });
  }
  // 2. The restored copy takes its place.
  fs.renameSync(staged, dbPath);
  // 3. The old one is already in the backups (the restore backed it up first).
  for (const s of ['', ...SIDE]) fs.rmSync(dbPath + REPLACED_SUFFIX + s, { force: true });
  return true;
}

/**
 * A damaged database, before a restore replaces it: kept aside as it is (with its WAL), a plain
 * file copy, since a backup would write to it (the anchor in its meta) and a damaged file is
 * read-only. Returns the copy's path: `<db>.damaged-N`.
 */
export function keepDamagedCopy(dbPath: string): string {
  let n = 1;
  while (fs.existsSync(`${dbPath}.damaged-${n}`)) n++;
  const out = `${dbPath}.damaged-${n}`;
  if (fs.existsSync(dbPath)) fs.copyFileSync(dbPath, out);
  for (const s of SIDE) if (fs.existsSync(dbPath + s)) fs.copyFileSync(dbPath + s, out + s);
  return out;
}
