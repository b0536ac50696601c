import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createCore, defaultMigrationsDir } from '../create-core';
import { SCHEMA_VERSION } from '../../../shared/sync/manifest';
import { ADMIN_PASSWORD, openDeskFile, tempDir } from '../test/helpers';
import { backupDatabase, BACKUPS_KEPT, listBackups } from './backup';
import { loadMigrations, migrate } from './migrate';
import { openDatabase } from './open';

const migrations = loadMigrations(defaultMigrationsDir());

describe('migrations', () => {
  it('are recorded by name; a database whose applied migrations have other names is refused, and a database from before the record is backfilled once', () => {
    const file = path.join(tempDir(), 'n.sqlite');
    let db = openDatabase(file);
    migrate(db, migrations.slice(0, 5));
    // As a build before the record left it: the count only.
    db.exec('DROP TABLE schema_migration');
    db.close();
    db = openDatabase(file);
    expect(migrate(db, migrations)).toEqual({ from: 5, to: migrations.length });
    expect((db.prepare('SELECT tag FROM schema_migration ORDER BY version').all() as { tag: string }[]).map((r) => r.tag)).toEqual(
      migrations.map((m) => m.tag),
    );
    // Opened again: nothing to do, nothing written.
    const changes = db.prepare('SELECT total_changes() n').pluck();
    const before = changes.get();
    expect(migrate(db, migrations)).toEqual({ from: migrations.length, to: migrations.length });
    expect(changes.get()).toBe(before);
    // Another build's third migration at the same place: refused, with the names, and nothing changes.
    const other = migrations.map((m, i) => (i === 2 ? { ...m, tag: '0002_something_else' } : m));
    expect(() => migrate(db, other)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ reason: 'migration_mismatch', version: 3, dbTag: migrations[2]!.tag }) }),
    );
    db.close();
  });

  it('are checked by name every time the core opens the database, not only when one is pending', () => {
    const file = path.join(tempDir(), 'm.sqlite');
    const db = openDatabase(file);
    migrate(db, migrations);
    // Fully migrated, as far as user_version counts, but the fifth migration it ran is another build's.
    db.prepare('UPDATE schema_migration SET tag = ? WHERE version = 5').run('0004_other_build');
    db.close();
    expect(() => createCore({ dbPath: file, backupDir: null })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ reason: 'migration_mismatch', version: 5, dbTag: '0004_other_build', appTag: migrations[4]!.tag }),
      }),
    );
    // The core encrypts a plain file before it migrates it: read it with the key beside it.
    const again = openDeskFile(file);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(again.prepare('SELECT tag FROM schema_migration WHERE version = 5').pluck().get()).toBe('0004_other_build');
    again.close();
  });

  it('are as many as the schema version the sync speaks', () => {
    // A migration that changes what devices exchange must come with a new SCHEMA_VERSION (shared/sync/manifest.ts).
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  it('apply to a fresh database', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'));
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['office', 'cadre', 'app_user', 'outbox', 'audit_log', 'setting_version']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it.each(migrations.map((m) => m.version - 1))('apply to a database left at version %i with data in it', (from) => {
    const file = path.join(tempDir(), 'b.sqlite');
    const db = openDatabase(file);
    migrate(db, migrations.slice(0, from));
    if (from >= 1) {
      db.prepare("INSERT INTO office (id, office_id, created_at, updated_at, code, name, kind) VALUES ('o1','o1','t','t','330304','县局','bureau')").run();
    }
    expect(migrate(db, migrations)).toEqual({ from, to: migrations.length });
    if (from >= 1) expect(db.prepare('SELECT name FROM office').get()).toEqual({ name: '县局' });
    db.close();
  });

  it('refuses a database from a newer app without touching it', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.exec('CREATE TABLE future (x)');
    db.close();
    expect(() => createCore({ dbPath: file, backupDir: null })).toThrow(/比本程序支持的版本.*新/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    expect(again.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'office'").get()).toEqual({ n: 0 });
    again.close();
  });

  it('rolls back a failing migration completely', () => {
    const db = openDatabase(path.join(tempDir(), 'd.sqlite'));
    const broken = [...migrations, { version: migrations.length + 1, tag: 'broken', statements: ['CREATE TABLE half (x)', 'THIS IS NOT SQL'] }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE type = 'table' AND name IN ('half', 'office')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a file that is not a database, and a corrupt one', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, '这不是数据库'.repeat(100));
    expect(() => createCore({ dbPath: text, backupDir: null })).toThrow(/不是数据库/);
    expect(fs.readFileSync(text, 'utf8')).toBe('这不是数据库'.repeat(100));

    const good = path.join(dir, 'good.sqlite');
    const db = new Database(good);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE t (x TEXT); CREATE INDEX t_x ON t(x);');
    const ins = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`row-${i}-${'x'.repeat(50)}`);
    })();
    db.close();
    const buf = fs.readFileSync(good);
    buf.fill(0x5a, 4096 * 3, 4096 * 6); // scribble over b-tree pages, keep the header
    fs.writeFileSync(good, buf);
    expect(() => createCore({ dbPath: good, backupDir: null })).toThrow(/完整性|损坏/);
  });
});

describe('backup', () => {
  it('prunes only what can be its backups: files named like backups, dated ahead or not databases, push no real one out', async () => {
    const dir = tempDir();
    const backups = path.join(dir, 'backups');
    const db = openDatabase(path.join(dir, 'j.sqlite'));
    migrate(db, migrations);
    // A busy week: five copies on each of two days.
    for (const d of ['2026-11-04', '2026-11-05']) for (let i = 0; i < 5; i++) await backupDatabase(db, backups, d);
    // Planted (or left by a clock once set ahead): nine dated 2099, three of this month that are text.
    for (let d = 1; d <= 9; d++) fs.writeFileSync(path.join(backups, `branch-desk-2099-01-0${d}.sqlite`), 'junk');
    for (const d of ['2026-11-06', '2026-11-07', '2026-11-08']) fs.writeFileSync(path.join(backups, `branch-desk-${d}.sqlite`), '这不是备份');
    await backupDatabase(db, backups, '2026-11-09');
    const kept = listBackups(backups);
    // The newest seven real copies stay (the junk counts for none of them), with the one just written.
    const real = kept.filter((f) => f.startsWith('branch-desk-2026-11-0') && !/11-0[678]\.sqlite$/.test(f));
    expect(real).toHaveLength(BACKUPS_KEPT);
    expect(real.at(-1)).toBe('branch-desk-2026-11-09.sqlite');
    expect(real).toContain('branch-desk-2026-11-04-5.sqlite');
    // Left alone, for the list to show as 不是本系统的备份 (an administrator deletes them).
    expect(kept.filter((f) => f.startsWith('branch-desk-2099'))).toHaveLength(9);
    db.close();
  });

  it('keeps the newest seven, and the newest of each of the last seven days', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'e.sqlite'));
    migrate(db, migrations);
    for (let d = 1; d <= 10; d++) await backupDatabase(db, path.join(dir, 'backups'), `2026-11-${String(d).padStart(2, '0')}`);
    await backupDatabase(db, path.join(dir, 'backups'), '2026-11-10');
    const kept = listBackups(path.join(dir, 'backups'));
    // The newest seven (the 5th to the 10th's second), and the 4th: the newest of the seventh-last day.
    expect(kept).toHaveLength(BACKUPS_KEPT + 1);
    expect(kept[0]).toBe('branch-desk-2026-11-04.sqlite');
    expect(kept.at(-1)).toBe('branch-desk-2026-11-10-2.sqlite');
    // A busy day: nine more copies on the 10th. Each new one is kept (the day's first name, freed by
    // pruning, is not taken again), and the newest copy of each of the last seven days stays.
    const made: string[] = [];
    fs.writeFileSync(path.join(dir, 'backups', 'branch-desk-2026-11-10.sqlite.check.json'), '{"integrity":"ok"}');
    for (let i = 0; i < 9; i++) made.push(path.basename(await backupDatabase(db, path.join(dir, 'backups'), '2026-11-10')));
    expect(new Set(made).size).toBe(9);
    const after = listBackups(path.join(dir, 'backups'));
    expect(after).toContain(made.at(-1));
    expect(after.at(-1)).toBe(made.at(-1));
    expect(after.filter((f) => !f.startsWith('branch-desk-2026-11-10'))).toEqual([
      'branch-desk-2026-11-04.sqlite',
      'branch-desk-2026-11-05.sqlite',
      'branch-desk-2026-11-06.sqlite',
      'branch-desk-2026-11-07.sqlite',
      'branch-desk-2026-11-08.sqlite',
      'branch-desk-2026-11-09.sqlite',
    ]);
    expect(after.filter((f) => f.startsWith('branch-desk-2026-11-10'))).toHaveLength(BACKUPS_KEPT);
    // A pruned copy's integrity verdict goes with it.
    expect(after).not.toContain('branch-desk-2026-11-10.sqlite');
    expect(fs.existsSync(path.join(dir, 'backups', 'branch-desk-2026-11-10.sqlite.check.json'))).toBe(false);
    const copy = openDeskFile(path.join(dir, 'backups', after.at(-1)!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(migrations.length);
    copy.close();
    db.close();
  });

  it('writes one at start-up and one at shutdown, once the database is set up', async () => {
    const dir = tempDir();
    const first = createCore({ dbPath: path.join(dir, 'f.sqlite') });
    // Never set up (the first-run wizard closed unfinished): nothing to keep.
    await first.close();
    expect(listBackups(path.join(dir, 'backups'))).toHaveLength(0);
    const setUp = createCore({ dbPath: path.join(dir, 'f.sqlite'), backupDir: null });
    const r = await setUp.dispatch('auth.setup', {
      bureauName: '测试县局',
      bureauCode: '330304',
      username: 'admin',
      displayName: '管理员',
      password: ADMIN_PASSWORD,
    });
    expect(r.ok).toBe(true);
    await setUp.close();
    const core = createCore({ dbPath: path.join(dir, 'f.sqlite') });
    await vi.waitFor(() => expect(listBackups(path.join(dir, 'backups'))).toHaveLength(1), { timeout: 5000 });
    await core.close();
    expect(listBackups(path.join(dir, 'backups'))).toHaveLength(2);
  });
});
