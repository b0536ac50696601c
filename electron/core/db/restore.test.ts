import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers';
import { applyPendingRestore, pendingRestore, stageRestore, takeRestoreStamp } from './restore';

// The swap at start is renames only: killed after any of them, the next start finishes it, and
// the file in place is always either the old database or the restored one.
describe('swapping a staged restore in', () => {
  function setup() {
    const dir = tempDir('bd-restore-');
    const db = path.join(dir, 'branch-desk.sqlite');
    fs.writeFileSync(db, 'OLD');
    fs.writeFileSync(`${db}-wal`, 'OLD-WAL');
    const backup = path.join(dir, 'branch-desk-2026-11-28.sqlite');
    fs.writeFileSync(backup, 'BACKUP');
    stageRestore(backup, db);
    return { dir, db };
  }

  it('replaces the database and its WAL, and tidies up', () => {
    const { dir, db } = setup();
    expect(pendingRestore(db)).toBe(true);
    expect(applyPendingRestore(db)).toBe(true);
    expect(fs.readFileSync(db, 'utf8')).toBe('BACKUP');
    // The stamp says when the restore was staged (the core takes it at start, before anything else).
    expect(takeRestoreStamp(db)).toBeGreaterThan(0);
    expect(takeRestoreStamp(db)).toBeNull();
    expect(fs.readdirSync(dir).sort()).toEqual(['branch-desk-2026-11-28.sqlite', 'branch-desk.sqlite']);
    expect(applyPendingRestore(db)).toBe(false);
  });

  it('finishes a swap killed after the old database stepped aside', () => {
    const { db } = setup();
    fs.renameSync(`${db}-wal`, `${db}.replaced-wal`);
    fs.renameSync(db, `${db}.replaced`);
    expect(applyPendingRestore(db)).toBe(true);
    expect(fs.readFileSync(db, 'utf8')).toBe('BACKUP');
    expect(fs.existsSync(`${db}.replaced`)).toBe(false);
  });

  it('tidies up a swap killed before the old copy was removed', () => {
    const { db } = setup();
    fs.renameSync(db, `${db}.replaced`);
    fs.renameSync(`${db}.restore`, db);
    expect(applyPendingRestore(db)).toBe(false);
    expect(fs.readFileSync(db, 'utf8')).toBe('BACKUP');
    expect(fs.existsSync(`${db}.replaced`)).toBe(false);
  });

  it('leaves the database alone when staging was killed half way', () => {
    const dir = tempDir('bd-restore-');
    const db = path.join(dir, 'branch-desk.sqlite');
    fs.writeFileSync(db, 'OLD');
    fs.writeFileSync(`${db}.restore.tmp`, 'HALF');
    expect(applyPendingRestore(db)).toBe(false);
    expect(fs.readFileSync(db, 'utf8')).toBe('OLD');
  });
});
