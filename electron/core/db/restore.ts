import fs from 'node:fs';

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
const REPLACED_SUFFIX = '.replaced';
const SIDE = ['-wal', '-shm'];

/** Copy a checked backup beside the database, to be swapped in at the next start. */
export function stageRestore(source: string, dbPath: string): void {
  const staged = dbPath + RESTORE_SUFFIX;
  fs.copyFileSync(source, `${staged}.tmp`);
  const fd = fs.openSync(`${staged}.tmp`, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(`${staged}.tmp`, staged);
  fs.writeFileSync(dbPath + RESTORE_STAMP_SUFFIX, '');
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
