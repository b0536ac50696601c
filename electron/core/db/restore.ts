import fs from 'node:fs';

// A restore replaces the database file, which the running core holds open with prepared
// statements, caches and workers. So it is staged: the chosen backup is checked and copied beside
// the database as `<db>.restore`, the core closes, and the next start swaps it in before it opens
// anything (applyPendingRestore). Each step is a rename, so a kill at any point leaves either the
// old database or the restored one in place, never neither.

export const RESTORE_SUFFIX = '.restore';
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
