import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

// The host's clock can be set from a file only under NODE_ENV=test (the end-to-end fixture): a
// packaged or hand-started host refuses the option and writes nothing.
it('refuses --clock-file outside NODE_ENV=test, before it opens a database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-host-cli-'));
  const clockFile = path.join(dir, 'clock.json');
  fs.writeFileSync(clockFile, JSON.stringify({ instant: Date.UTC(2030, 0, 1) }));
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data', dir, '--clock-file', clockFile], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--clock-file');
  expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite'))).toBe(false);
}, 90_000);

// --restore on a data folder: a file that is no backup is refused by name, and nothing is staged.
it('refuses --restore of a file that is no backup, staging nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-host-cli-'));
  const junk = path.join(dir, 'x.sqlite');
  fs.writeFileSync(junk, 'not a database at all');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data', dir, '--restore', junk], {
    env: { ...process.env, BD_DB_KEY: 'ab'.repeat(32) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--restore 被拒绝（(not_backup|backup_key_mismatch|backup_damaged)）/);
  expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite.restore'))).toBe(false);
}, 90_000);

// A database too damaged to open: the refusal names the way out, --restore with the newest backup.
it('refuses a damaged database with the --restore command for the newest backup of the data folder, quoted to paste', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd host cli 数据 '));
  fs.mkdirSync(path.join(dir, 'backups'));
  for (const f of ['branch-desk-2026-11-30.sqlite', 'branch-desk-2026-12-01.sqlite']) fs.writeFileSync(path.join(dir, 'backups', f), '');
  // A SQLite header over pages of garbage: a file the registry's disk editor or a bad sector left.
  fs.writeFileSync(
    path.join(dir, 'branch-desk.sqlite'),
    Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.from([0x10, 0, 1, 1, 0, 0x40, 0x20, 0x20]), Buffer.alloc(4000, 0xff)]),
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data', dir], {
    env: { ...process.env, BD_DB_KEY: 'ab'.repeat(32) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--data "${dir}" --restore "${path.join(dir, 'backups', 'branch-desk-2026-12-01.sqlite')}"`);
  // Nothing was staged or replaced: the damaged file is as it was.
  expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite.restore'))).toBe(false);
  expect(fs.statSync(path.join(dir, 'branch-desk.sqlite')).size).toBe(4024);
}, 90_000);

// An encrypted file whose first page is gone (zeroed, or cut short) reads as "not this key": a backup of this desk is the way out too.
it('offers --restore for a database the key no longer opens (its header zeroed)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-host-cli-'));
  fs.mkdirSync(path.join(dir, 'backups'));
  fs.writeFileSync(path.join(dir, 'backups', 'branch-desk-2026-12-01.sqlite'), '');
  fs.writeFileSync(
    path.join(dir, 'branch-desk.sqlite'),
    Buffer.concat([Buffer.alloc(4096), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 37) & 0xff))]),
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data', dir], {
    env: { ...process.env, BD_DB_KEY: 'ab'.repeat(32) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--restore ${path.join(dir, 'backups', 'branch-desk-2026-12-01.sqlite')}`);
}, 90_000);

// The operator's console: --help prints the options, an unknown option is said plainly, and the
// restore command a refusal prints keeps the port the host was started on.
it('prints its usage for --help, refuses an unknown option with it, and keeps --port in the printed restore command', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', ...args], {
      env: { ...process.env, BD_DB_KEY: 'ab'.repeat(32) },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const help = run(['--help']);
  expect(help.status).toBe(0);
  for (const o of ['--port', '--data', '--restore']) expect(help.stdout).toContain(o);
  const bad = run(['--prot', '8080']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('参数有误');
  expect(bad.stderr).toContain('--restore');
  expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-host-cli-'));
  fs.mkdirSync(path.join(dir, 'backups'));
  fs.writeFileSync(path.join(dir, 'backups', 'branch-desk-2026-12-01.sqlite'), '');
  fs.writeFileSync(path.join(dir, 'branch-desk.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xff)]));
  const r = run(['--port', '47123', '--data', dir]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--port 47123 --data ${dir} --restore`);
}, 120_000);
