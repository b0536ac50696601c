import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupEntry } from '../../../../shared/contract/app';
import { createCore, type Core } from '../../create-core';
import { couldBeEncryptedDb } from '../../db/cipher';
import { ADMIN_PASSWORD, tempDir } from '../../test/helpers';

// The backups screen (数据维护 → 备份与恢复): every backup gets a verdict, including those written
// without a check (at shutdown, before a restore); and a file that is no database is said to be
// none, rather than read as another installation's backup.

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});

const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

async function open(dir: string, setUp: boolean) {
  const dbPath = path.join(dir, 'branch-desk.sqlite');
  const core = createCore({ dbPath, backupDir: path.join(dir, 'backups') });
  cores.push(core);
  if (setUp)
    ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
  const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
  const call = async <T>(method: string, input: unknown) => ok<T>(await core.dispatch(method as never, input as never, { sessionToken }));
  const raw = (method: string, input: unknown) => core.dispatch(method as never, input as never, { sessionToken });
  return { core, dbPath, call, raw };
}

const shut = async (core: Core, backup: boolean) => {
  cores.splice(cores.indexOf(core), 1);
  await core.close({ backup });
};

describe('backups written without a check', () => {
  it('are checked in the background when listed (检查中 meanwhile), the shutdown and the pre-restore one alike, without stalling the main thread', async () => {
    const dir = tempDir('bd-backups-');
    let d = await open(dir, true);
    for (let i = 0; i < 300; i++) await d.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
    const made = await d.call<BackupEntry>('backup.create', {});
    expect(made.integrity).toBe('ok');
    // The shutdown backup: written by close(), never checked there.
    await shut(d.core, true);
    d = await open(dir, false);
    // And a pre-restore backup: restore the checked one (the desk is then restarted).
    const r = await d.call<{ preRestoreBackup: string }>('backup.restore', { file: made.file, confirm: true });
    expect(r.preRestoreBackup).toBeTruthy();
    await shut(d.core, false);
    d = await open(dir, false);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const first = await d.call<BackupEntry[]>('backup.list', {});
    // The daily one of the first start (checked when written), the one made here, the shutdown's, the pre-restore one.
    expect(first).toHaveLength(4);
    const byFile = (l: BackupEntry[], f: string) => l.find((b) => b.file === f)!.integrity;
    expect(byFile(first, made.file)).toBe('ok');
    expect(byFile(first, r.preRestoreBackup)).toBe('checking');
    expect(first.filter((b) => b.integrity === 'checking').length).toBeGreaterThanOrEqual(2);
    expect(first.some((b) => b.integrity === 'unchecked')).toBe(false);
    await vi.waitFor(async () => expect((await d.call<BackupEntry[]>('backup.list', {})).map((b) => b.integrity)).toEqual(['ok', 'ok', 'ok', 'ok']), {
      timeout: 20_000,
      interval: 50,
    });
    delay.disable();
    // No stall over 50 ms while the two were checked (quick_check runs on a worker thread).
    expect(delay.max / 1e6).toBeLessThan(50);
    const again = await d.call<BackupEntry[]>('backup.list', {});
    expect(again.every((b) => b.checkedAt !== null && b.auditHead !== null)).toBe(true);
  }, 60_000);
});

describe('a file that is no database', () => {
  it('reads as 不是本系统的备份 and is refused without asking for a key; another installation’s backup still asks for one', async () => {
    const usb = tempDir('bd-usb-');
    const other = await open(tempDir('bd-other-'), true);
    const foreign = (await other.call<BackupEntry>('backup.create', { folder: usb })).file;
    await shut(other.core, false);
    const d = await open(tempDir('bd-desk-'), true);
    const own = await d.call<BackupEntry>('backup.create', {});

    const name = (day: number) => path.join(usb, `branch-desk-2026-10-${String(day).padStart(2, '0')}.sqlite`);
    const files: Record<string, Buffer> = {
      text: Buffer.from('这不是备份。\nThis is a note somebody saved with the backup name.\n'.repeat(200)),
      gbkLike: Buffer.from(Array.from({ length: 8192 }, (_, i) => (i % 2 ? 0xa1 + (i % 90) : 0xb0 + (i % 40)))),
      empty: Buffer.alloc(0),
      zeros: Buffer.alloc(8192),
      truncated: fs.readFileSync(own.file).subarray(0, 4096 * 2 + 100),
      zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(8188)]),
      pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(8192 - 9)]),
    };
    const made = Object.entries(files).map(([kind, bytes], i) => {
      fs.writeFileSync(name(i + 1), bytes);
      return { kind, file: name(i + 1) };
    });
    for (const { kind, file } of made) {
      expect({ kind, couldBe: fs.statSync(file).size ? couldBeEncryptedDb(file) : false }).toEqual({ kind, couldBe: false });
      expect({ kind, v: (await d.call<BackupEntry>('backup.verify', { file })).integrity }).toEqual({ kind, v: 'not_backup' });
      for (const recoveryKey of [undefined, '0'.repeat(64)]) {
        const refused = await d.raw('backup.restore', { file, confirm: true, ...(recoveryKey ? { recoveryKey } : {}) });
        expect({ kind, refused }).toMatchObject({ kind, refused: { ok: false, error: { code: 'RULE_VIOLATION', details: { reason: 'not_backup' } } } });
      }
    }
    expect(fs.existsSync(`${d.dbPath}.restore`)).toBe(false);
    for (const f of fs.readdirSync(usb).filter((f) => f.endsWith('.check.json'))) fs.rmSync(path.join(usb, f));

    // Listed: each is checked in the background and reads as no backup, the foreign one as another installation's.
    await vi.waitFor(
      async () => {
        const list = await d.call<BackupEntry[]>('backup.list', { folder: usb });
        const of = (f: string) => list.find((b) => b.file === f)!.integrity;
        expect(made.map(({ kind, file }) => [kind, of(file)])).toEqual(made.map(({ kind }) => [kind, 'not_backup']));
        expect(of(foreign)).toBe('foreign');
      },
      { timeout: 20_000, interval: 100 },
    );
    // A real encrypted backup of another installation is still told apart: it asks for its recovery key.
    expect(couldBeEncryptedDb(foreign)).toBe(true);
    expect(await d.raw('backup.restore', { file: foreign, confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'DB_KEY_WRONG', details: { reason: 'backup_key_mismatch' } },
    });
    // What stays ambiguous (cipher.ts): random bytes of a whole number of pages look like one too.
    fs.writeFileSync(name(20), randomBytes(8192));
    expect(couldBeEncryptedDb(name(20))).toBe(true);
  }, 60_000);
});

describe('a backup’s verdict', () => {
  it('belongs to its file: a backup swapped under the same name (its time kept) is checked again, and what it now is is said', async () => {
    const dir = tempDir('bd-backups-');
    const d = await open(dir, true);
    const good = await d.call<BackupEntry>('backup.create', {});
    expect(good.integrity).toBe('ok');
    for (let i = 0; i < 50; i++) await d.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
    const later = await d.call<BackupEntry>('backup.create', {});
    expect(later.auditHead).toBeGreaterThan(good.auditHead!);
    const entryOf = async (file: string) => (await d.call<BackupEntry[]>('backup.list', {})).find((b) => b.file === file)!;
    const swap = (file: string, bytes: Buffer) => {
      const st = fs.statSync(file);
      fs.writeFileSync(file, bytes);
      fs.utimesSync(file, st.atime, st.mtime);
      expect(fs.existsSync(`${file}.check.json`)).toBe(true);
    };
    // The later backup copied over the earlier one, its time set back, the earlier one's verdict beside it.
    swap(good.file, fs.readFileSync(later.file));
    expect((await entryOf(good.file)).integrity).toBe('checking');
    await vi.waitFor(async () => expect(await entryOf(good.file)).toMatchObject({ integrity: 'ok', auditHead: later.auditHead }), {
      timeout: 20_000,
      interval: 50,
    });
    // Then a text file of the same name: no longer a backup, whatever the old verdict said.
    swap(good.file, Buffer.from('这不是备份\n'.repeat(100)));
    await vi.waitFor(async () => expect((await entryOf(good.file)).integrity).toBe('not_backup'), { timeout: 20_000, interval: 50 });
    // The later one, untouched, keeps its verdict without a new check.
    expect(await entryOf(later.file)).toMatchObject({ integrity: 'ok', checkedAt: later.checkedAt });
    // A verdict written by hand for the text file, with its mark computed right, claiming 完好: not this desk's, so none.
    const forged = JSON.parse(fs.readFileSync(`${later.file}.check.json`, 'utf8')) as Record<string, unknown>;
    const st = fs.statSync(good.file);
    const ends = createHash('sha256').update(fs.readFileSync(good.file)).digest('hex');
    for (const mac of [undefined, forged.mac, 'f'.repeat(64)]) {
      fs.writeFileSync(`${good.file}.check.json`, JSON.stringify({ ...forged, of: { size: st.size, mtimeMs: Math.round(st.mtimeMs), ends }, mac }));
      await vi.waitFor(async () => expect((await entryOf(good.file)).integrity).toBe('not_backup'), { timeout: 20_000, interval: 50 });
    }
  }, 60_000);

  it('is read only from a small regular file: a pipe or a huge file at its name neither blocks the list nor fills memory', async () => {
    const dir = tempDir('bd-backups-');
    const d = await open(dir, true);
    const made = await d.call<BackupEntry>('backup.create', {});
    const side = `${made.file}.check.json`;
    fs.rmSync(side);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [side]);
      // Listed, and checked again in the background, without opening the pipe (which would block the core until someone writes it).
      for (let i = 0; i < 3; i++) expect((await d.call<BackupEntry[]>('backup.list', {})).find((b) => b.file === made.file)!.integrity).toBe('checking');
      await new Promise((res) => setTimeout(res, 1500));
      expect((await d.call<BackupEntry[]>('backup.list', {})).some((b) => b.file === made.file)).toBe(true);
      expect(fs.lstatSync(side).isFIFO()).toBe(true);
      fs.rmSync(side);
    }
    fs.writeFileSync(side, JSON.stringify({ integrity: 'ok', checkedAt: '2026-01-01T00:00:00.000Z', auditHead: 1, pad: 'x'.repeat(10_000) }));
    expect((await d.call<BackupEntry[]>('backup.list', {})).find((b) => b.file === made.file)!.integrity).toBe('checking');
  }, 60_000);
});

describe('the shutdown backup', () => {
  it('is not written for a database never set up (the first-run wizard closed unfinished)', async () => {
    const dir = tempDir('bd-backups-');
    const dbPath = path.join(dir, 'branch-desk.sqlite');
    const first = createCore({ dbPath, backupDir: path.join(dir, 'backups') });
    await first.close();
    const files = fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite')) : [];
    expect(files).toEqual([]);
    // Once set up, backups are kept as before, and every one of them is this desk's.
    const d = await open(dir, true);
    await shut(d.core, true);
    const again = await open(dir, false);
    const list = await again.call<BackupEntry[]>('backup.list', {});
    expect(list.length).toBeGreaterThan(0);
    for (const b of list) expect(b.integrity === 'not_backup').toBe(false);
  });

  it('is written once the database is set up, that day, even when the desk then closes without its shutdown backup', async () => {
    const dir = tempDir('bd-backups-');
    const backups = () => (fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite')) : []);
    // The start-up run has found the database not set up (and taken no backup) before the set-up.
    const dbPath = path.join(dir, 'branch-desk.sqlite');
    const core = createCore({ dbPath, backupDir: path.join(dir, 'backups') });
    cores.push(core);
    await vi.waitFor(() => expect(core.integrity().state).toBe('ok'));
    await new Promise((r) => setTimeout(r, 200));
    expect(backups()).toHaveLength(0);
    ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
    const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    const d = { core, raw: (method: string, input: unknown) => core.dispatch(method as never, input as never, { sessionToken }) };
    // A refused set-up (already set up) asks for none.
    expect((await d.raw('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'x2', displayName: 'x', password: ADMIN_PASSWORD })).ok).toBe(
      false,
    );
    await shut(d.core, false);
    expect(backups()).toHaveLength(1);
    const again = await open(dir, false);
    const [only] = await again.call<BackupEntry[]>('backup.list', {});
    expect(only!.integrity === 'not_backup').toBe(false);
    // The day's backup is taken: the next start of the same day writes none.
    await shut(again.core, false);
    expect(backups()).toHaveLength(1);
  });
});
