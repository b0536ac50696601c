import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { createCore, type Core } from '../create-core';
import { ADMIN_PASSWORD, openDeskFile, tempDir } from '../test/helpers';
import { listBackups } from './backup';
import { fileKind, openKeyed } from './cipher';
import { fileKey, KEY_FILE, newDbKey, wrappedKey, type KeyWrapper } from './db-key';
import { ENCRYPTING_SUFFIX, PLAINTEXT_SUFFIX, type EncryptStep } from './encrypt-file';
import { createKeyStore } from '../keystore';

// Encryption at rest (README, Encryption at rest): on real files, with the real cipher build.

const run = promisify(execFile);
const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'encrypt-kill.child.ts');
const NAME = '温州市瓯海区娄桥鑫达五金店';

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});

const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

/** A desk with a bureau, a station and some businesses named NAME; returns its file and session. */
async function desk(dir: string, opts: { dbKey?: string | null; backupDir?: string | null } = {}) {
  const dbPath = path.join(dir, 'branch-desk.sqlite');
  const core = createCore({ dbPath, backupDir: opts.backupDir ?? null, dbKey: opts.dbKey });
  cores.push(core);
  ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
  const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
  const station = ok<{ id: string }>(await core.dispatch('offices.create', { name: '娄桥市场监管所', code: '330304' }, { sessionToken }));
  const ins = core.sqlite.prepare("INSERT INTO business (id, office_id, created_at, updated_at, name, credit_code, address) VALUES (?, ?, 't', 't', ?, ?, ?)");
  core.sqlite.transaction(() => {
    for (let i = 0; i < 500; i++)
      ins.run(`b-${String(i).padStart(6, '0')}`, station.id, `${NAME}${i}号铺`, `92330304MA${String(i).padStart(8, '0')}`, `娄桥街道古岸头路${i}号`);
  })();
  return { core, dbPath, sessionToken, station: station.id };
}

const close = async (core: Core) => {
  cores.splice(cores.indexOf(core), 1);
  await core.close({ backup: false });
};

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) out[f] = `${st.size}:${st.mtimeMs}:${fs.readFileSync(path.join(dir, f)).toString('base64').slice(0, 4096)}`;
  }
  return out;
}

const bytesHold = (file: string, text: string) => fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(text));

describe('an encrypted database', () => {
  it('is refused with a clear code when opened with the wrong key, or none, and nothing is written', async () => {
    const dir = tempDir('bd-crypt-');
    const { core, dbPath } = await desk(dir);
    await close(core);
    expect(fileKind(dbPath)).toBe('encrypted');
    const before = snapshot(dir);

    const attempts: [string | null, string][] = [
      [newDbKey(), 'DB_KEY_WRONG'],
      [null, 'DB_KEY_MISSING'],
    ];
    for (const [dbKey, code] of attempts) {
      let err: unknown;
      try {
        createCore({ dbPath, backupDir: null, dbKey });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(code);
      // Not a byte changed, no journal or WAL made, no backup, no key file replaced.
      expect(snapshot(dir)).toEqual(before);
    }
    // The key file gone (another machine, a copied folder): refused, and no new key is made for it.
    fs.renameSync(path.join(dir, KEY_FILE), path.join(dir, 'elsewhere.key'));
    expect(() => createCore({ dbPath, backupDir: null })).toThrow(expect.objectContaining({ code: 'DB_KEY_MISSING' }));
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
    fs.renameSync(path.join(dir, 'elsewhere.key'), path.join(dir, KEY_FILE));
    // The right key still opens it, with everything in it.
    const again = openDeskFile(dbPath, { readonly: true });
    expect(again.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 });
    again.close();
  });

  it('copied away from its key, is unreadable: no plaintext in its bytes, its WAL or its backups', async () => {
    const dir = tempDir('bd-crypt-');
    const backups = path.join(dir, 'backups');
    const { core, dbPath } = await desk(dir, { backupDir: backups });
    // Still open, with the latest writes in the WAL.
    expect(bytesHold(`${dbPath}-wal`, NAME) || bytesHold(dbPath, NAME)).toBe(false);
    const file = await core.backupNow();
    await close(core);
    const copy = path.join(tempDir('bd-stolen-'), 'copy.sqlite');
    fs.copyFileSync(dbPath, copy);
    for (const f of [copy, dbPath, file!, ...listBackups(backups).map((b) => path.join(backups, b))]) {
      const bytes = fs.readFileSync(f);
      expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      for (const known of [NAME, '娄桥市场监管所', '92330304MA', 'CREATE TABLE', 'audit_log']) expect(bytes.includes(Buffer.from(known))).toBe(false);
    }
    const stolen = new Database(copy);
    expect(() => stolen.prepare('SELECT count(*) FROM business').get()).toThrow(/not a database/);
    stolen.close();
    expect(() => openKeyed(copy, newDbKey())).toThrow(expect.objectContaining({ code: 'DB_KEY_WRONG' }));
    // The key file is owner-only.
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('takes its key from BD_DB_KEY when set, and refuses a malformed one', () => {
    const dir = tempDir('bd-crypt-');
    const key = newDbKey();
    expect(fileKey(path.join(dir, 'a.sqlite'), { BD_DB_KEY: key.toUpperCase() })).toBe(key);
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
    expect(() => fileKey(path.join(dir, 'a.sqlite'), { BD_DB_KEY: 'secret' })).toThrow(expect.objectContaining({ code: 'DB_KEY_WRONG' }));
  });
});

describe('the desktop key, wrapped (safeStorage in electron/main; a stand-in wrapper here)', () => {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5c));
  const wrapper = (calls: string[], rewrap = false): KeyWrapper => ({
    kind: 'test',
    wrap: async (k) => (calls.push('wrap'), xor(Buffer.from(k))),
    unwrap: async (w) => (calls.push('unwrap'), { key: xor(w).toString(), rewrap }),
  });

  it('is made once, stored wrapped (never in clear) and unwrapped at each start', async () => {
    const dir = tempDir('bd-crypt-');
    const ks = createKeyStore(path.join(dir, 'keystore.json'));
    const calls: string[] = [];
    const key = await wrappedKey(ks, wrapper(calls), path.join(dir, 'branch-desk.sqlite'));
    expect(fs.readFileSync(path.join(dir, 'keystore.json'), 'utf8')).not.toContain(key);
    const again = await wrappedKey(createKeyStore(path.join(dir, 'keystore.json')), wrapper(calls), path.join(dir, 'branch-desk.sqlite'));
    expect(again).toBe(key);
    expect(calls).toEqual(['wrap', 'unwrap', 'unwrap']);
  });

  it('refuses to make a new key for an encrypted database whose key is lost, and reports a failed unwrap', async () => {
    const dir = tempDir('bd-crypt-');
    const { core, dbPath } = await desk(dir);
    await close(core);
    await expect(wrappedKey(createKeyStore(path.join(dir, 'ks.json')), wrapper([]), dbPath)).rejects.toMatchObject({ code: 'DB_KEY_MISSING' });
    const ks = createKeyStore(path.join(dir, 'ks2.json'));
    ks.update((d) => ({ ...d, dbKey: { wrapped: 'AAAA', by: 'test' } }));
    const broken: KeyWrapper = { kind: 'test', wrap: async () => Buffer.alloc(0), unwrap: async () => Promise.reject(new Error('DPAPI: another account')) };
    await expect(wrappedKey(ks, broken, dbPath)).rejects.toMatchObject({ code: 'DB_KEY_WRONG', details: { reason: 'unwrap_failed' } });
  });
});

describe('a plaintext database from before encryption', () => {
  /** A plaintext desk (as every desk was), closed with rows still in its WAL. */
  async function plainDesk() {
    const dir = tempDir('bd-plain-');
    const { core, dbPath } = await desk(dir, { dbKey: null });
    await close(core);
    expect(fileKind(dbPath)).toBe('plain');
    expect(bytesHold(dbPath, NAME)).toBe(true);
    fs.rmSync(path.join(dir, KEY_FILE), { force: true });
    return { dir, dbPath };
  }

  it('is encrypted at its first start, with every row', async () => {
    const { dir, dbPath } = await plainDesk();
    const core = createCore({ dbPath, backupDir: null });
    cores.push(core);
    expect(fileKind(dbPath)).toBe('encrypted');
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 });
    expect(ok(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }))).toBeTruthy();
    expect(core.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(fs.readdirSync(dir).filter((f) => f.includes(PLAINTEXT_SUFFIX) || f.includes(ENCRYPTING_SUFFIX))).toEqual([]);
    expect(bytesHold(dbPath, NAME)).toBe(false);
  });

  const steps: EncryptStep[] = ['copied', 'rekeyed', 'verified', 'set-aside', 'swapped', 'done'];
  it.each(steps)(
    'survives a kill right after the step “%s”: the original is never lost, and the next start finishes',
    async (step) => {
      const { dir, dbPath } = await plainDesk();
      const key = newDbKey();
      fs.writeFileSync(path.join(dir, KEY_FILE), key, { mode: 0o600 });
      const r = await run(process.execPath, ['--import', 'tsx', child, dbPath, key, step]).then(
        () => ({ killed: false }),
        (e: { signal?: string }) => ({ killed: e.signal === 'SIGKILL' }),
      );
      expect(r.killed).toBe(true);
      // Whatever the kill left, the rows are in a file that opens: the plaintext original (under
      // its name or set aside), or the verified encrypted copy.
      const holders = [dbPath, dbPath + PLAINTEXT_SUFFIX, dbPath + ENCRYPTING_SUFFIX].filter((f) => {
        if (!fs.existsSync(f)) return false;
        try {
          const db = openKeyed(f, fileKind(f) === 'plain' ? null : key, { readonly: true, fileMustExist: true });
          try {
            return (db.prepare('SELECT count(*) AS n FROM business').get() as { n: number }).n === 500;
          } finally {
            db.close();
          }
        } catch {
          return false;
        }
      });
      expect(holders.length).toBeGreaterThan(0);
      // Killed after the swap and before the clean-up, or earlier: the plaintext original is still there.
      if (step !== 'done') expect(holders.some((f) => fileKind(f) === 'plain')).toBe(true);
      const core = createCore({ dbPath, backupDir: null });
      cores.push(core);
      expect(fileKind(dbPath)).toBe('encrypted');
      expect(core.sqlite.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 });
      expect(fs.readdirSync(dir).filter((f) => f.includes(PLAINTEXT_SUFFIX) || f.includes(ENCRYPTING_SUFFIX))).toEqual([]);
    },
    30_000,
  );

  it('has its older plaintext backups encrypted after the first start, off the main thread, still restorable', async () => {
    const dir = tempDir('bd-plain-');
    const backups = path.join(dir, 'backups');
    const { core: old } = await desk(dir, { dbKey: null, backupDir: backups });
    const plainBackup = (await old.backupNow())!;
    await close(old);
    fs.rmSync(path.join(dir, KEY_FILE), { force: true });
    expect(fileKind(plainBackup)).toBe('plain');
    const core = createCore({ dbPath: path.join(dir, 'branch-desk.sqlite'), backupDir: backups });
    cores.push(core);
    await vi.waitFor(() => expect(listBackups(backups).map((b) => fileKind(path.join(backups, b)))).toEqual(['encrypted', 'encrypted']), { timeout: 15_000 });
    expect(bytesHold(plainBackup, NAME)).toBe(false);
    expect(fs.readdirSync(backups).filter((f) => f.includes(ENCRYPTING_SUFFIX))).toEqual([]);
    const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    expect(ok<{ integrity: string }>(await core.dispatch('backup.verify', { file: plainBackup }, { sessionToken })).integrity).toBe('ok');
    const copy = openKeyed(plainBackup, fileKey(path.join(dir, 'branch-desk.sqlite')), { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 });
    copy.close();
  });

  it('survives a half-written copy (a kill during the copy or the rekey)', async () => {
    const { dir, dbPath } = await plainDesk();
    fs.writeFileSync(dbPath + ENCRYPTING_SUFFIX, fs.readFileSync(dbPath).subarray(0, 8192));
    const core = createCore({ dbPath, backupDir: null });
    cores.push(core);
    expect(core.sqlite.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 });
    expect(fs.readdirSync(dir).filter((f) => f.includes(ENCRYPTING_SUFFIX))).toEqual([]);
  });
});

describe('backups', () => {
  it('are encrypted with the desk’s key and restore with the data; an older plaintext backup restores too', async () => {
    const dir = tempDir('bd-crypt-');
    const backups = path.join(dir, 'backups');
    // An older plaintext backup, from this desk before encryption.
    const plainDir = tempDir('bd-plain-');
    const old = await desk(plainDir, { dbKey: null, backupDir: path.join(plainDir, 'backups') });
    const plainBackup = (await old.core.backupNow())!;
    await close(old.core);
    expect(fileKind(plainBackup)).toBe('plain');

    const d = await desk(dir, { backupDir: backups });
    await d.core.dispatch('offices.create', { name: '新桥市场监管所', code: '330304' }, { sessionToken: d.sessionToken });
    const enc = ok<{ file: string; integrity: string }>(await d.core.dispatch('backup.create', {}, { sessionToken: d.sessionToken }));
    expect(enc.integrity).toBe('ok');
    expect(fileKind(enc.file)).toBe('encrypted');
    await d.core.dispatch('offices.create', { name: '后来市场监管所', code: '330304' }, { sessionToken: d.sessionToken });

    const offices = (c: Core) =>
      (c.sqlite.prepare("SELECT name FROM office WHERE kind = 'station' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const restart = async (c: Core) => {
      await close(c);
      const n = createCore({ dbPath: d.dbPath, backupDir: backups });
      cores.push(n);
      return n;
    };
    // The encrypted backup: the data as it was, the restore in the audit log.
    ok(await d.core.dispatch('backup.restore', { file: enc.file, confirm: true }, { sessionToken: d.sessionToken }));
    let core = await restart(d.core);
    expect(offices(core)).toEqual(['娄桥市场监管所', '新桥市场监管所'].sort());
    expect(fileKind(d.dbPath)).toBe('encrypted');

    // The older plaintext backup, on a USB disk (a chosen folder is left as it is): checked
    // without the key, restored, and encrypted at the next start.
    const copied = path.join(tempDir('bd-usb-'), 'branch-desk-2026-01-01.sqlite');
    fs.copyFileSync(plainBackup, copied);
    const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    expect(ok<{ integrity: string }>(await core.dispatch('backup.verify', { file: copied }, { sessionToken })).integrity).toBe('ok');
    expect(fileKind(copied)).toBe('plain');
    ok(await core.dispatch('backup.restore', { file: copied, confirm: true }, { sessionToken }));
    core = await restart(core);
    expect(offices(core)).toEqual(['娄桥市场监管所']);
    expect(fileKind(d.dbPath)).toBe('encrypted');
    expect(bytesHold(d.dbPath, NAME)).toBe(false);
    await vi.waitFor(() => expect(core.sqlite.prepare('SELECT count(*) AS n FROM business').get()).toEqual({ n: 500 }));
  }, 60_000);

  it('refuse a sound SQLite file that is no set-up Branch Desk database, changing nothing', async () => {
    const dir = tempDir('bd-notbackup-');
    const d = await desk(dir, { backupDir: path.join(dir, 'backups') });
    const usb = tempDir('bd-usb-');
    const stranger = path.join(usb, 'branch-desk-2026-11-01.sqlite');
    const db = new Database(stranger);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    expect(ok<{ integrity: string }>(await d.core.dispatch('backup.verify', { file: stranger }, { sessionToken: d.sessionToken })).integrity).toBe(
      'not_backup',
    );
    const listed = ok<{ name: string; integrity: string }[]>(await d.core.dispatch('backup.list', { folder: usb }, { sessionToken: d.sessionToken }));
    expect(listed).toMatchObject([{ name: 'branch-desk-2026-11-01.sqlite', integrity: 'not_backup' }]);
    const refused = await d.core.dispatch('backup.restore', { file: stranger, confirm: true }, { sessionToken: d.sessionToken });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', details: { reason: 'not_backup' } } });
    expect(fs.existsSync(`${d.dbPath}.restore`)).toBe(false);
    // A backup from before the schema_migration record (the build users run today) is a backup.
    const made = ok<{ file: string }>(await d.core.dispatch('backup.create', { folder: usb }, { sessionToken: d.sessionToken })).file;
    const older = path.join(usb, 'branch-desk-2026-10-01.sqlite');
    fs.copyFileSync(made, older);
    const key = fs.readFileSync(path.join(dir, KEY_FILE), 'utf8').trim();
    const o = openKeyed(older, key);
    o.exec('DROP TABLE schema_migration');
    o.close();
    expect(ok<{ integrity: string }>(await d.core.dispatch('backup.verify', { file: older }, { sessionToken: d.sessionToken })).integrity).toBe('ok');
  });

  it('of another installation restore with its recovery key (a PC replaced): shown to the administrator after the password, re-keyed to this desk', async () => {
    // The old PC: its recovery key written down, a backup on a USB disk.
    const oldDir = tempDir('bd-old-');
    const usb = tempDir('bd-usb-');
    const old = await desk(oldDir, { backupDir: path.join(oldDir, 'backups') });
    await old.core.dispatch('offices.create', { name: '旧电脑上的所', code: '330304' }, { sessionToken: old.sessionToken });
    const wrongPw = await old.core.dispatch('backup.recoveryKey', { password: 'not-the-password' }, { sessionToken: old.sessionToken });
    expect(!wrongPw.ok && wrongPw.error.code).toBe('BAD_CREDENTIALS');
    const { recoveryKey } = ok<{ recoveryKey: string }>(
      await old.core.dispatch('backup.recoveryKey', { password: ADMIN_PASSWORD }, { sessionToken: old.sessionToken }),
    );
    expect(recoveryKey).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{8}){7}$/);
    // Audited, without the key.
    const audit = JSON.stringify(old.core.sqlite.prepare("SELECT * FROM audit_log WHERE method = 'backup.recoveryKey'").all());
    expect(audit).toContain('backup.recoveryKey');
    expect(audit.toLowerCase()).not.toContain(recoveryKey.replace(/-/g, '').toLowerCase().slice(0, 16));
    const backup = ok<{ file: string }>(await old.core.dispatch('backup.create', { folder: usb }, { sessionToken: old.sessionToken })).file;
    await close(old.core);

    // The new PC: its own key. Without the recovery key the backup is refused, with a wrong one too.
    const newDir = tempDir('bd-new-');
    const fresh = await desk(newDir, { backupDir: path.join(newDir, 'backups') });
    const staged = () => fs.readdirSync(newDir).filter((f) => /restore|recovered/.test(f) && !f.endsWith('.restore-stamp') && !f.endsWith('.restore-chain'));
    const refused = await fresh.core.dispatch('backup.restore', { file: backup, confirm: true }, { sessionToken: fresh.sessionToken });
    expect(!refused.ok && refused.error.code).toBe('DB_KEY_WRONG');
    const wrong = await fresh.core.dispatch(
      'backup.restore',
      { file: backup, confirm: true, recoveryKey: 'ab'.repeat(32) },
      { sessionToken: fresh.sessionToken },
    );
    expect(!wrong.ok && (wrong.error.details as { reason?: string }).reason).toBe('recovery_key_wrong');
    // Nothing staged, no copy left behind.
    expect(staged()).toEqual([]);
    // With it (typed in lower case, with spaces): restored, and the desk's file opens with the new PC's key.
    ok(
      await fresh.core.dispatch(
        'backup.restore',
        { file: backup, confirm: true, recoveryKey: recoveryKey.toLowerCase().replace(/-/g, ' ') },
        { sessionToken: fresh.sessionToken },
      ),
    );
    expect(fs.readdirSync(newDir).filter((f) => f.includes('recovered'))).toEqual([]);
    expect(staged().length).toBe(1);
    await close(fresh.core);
    const core = createCore({ dbPath: fresh.dbPath, backupDir: path.join(newDir, 'backups') });
    cores.push(core);
    expect((core.sqlite.prepare("SELECT name FROM office WHERE kind = 'station' ORDER BY name").all() as { name: string }[]).map((r) => r.name)).toEqual(
      ['娄桥市场监管所', '旧电脑上的所'].sort(),
    );
    expect(fileKind(fresh.dbPath)).toBe('encrypted');
    expect(bytesHold(fresh.dbPath, NAME)).toBe(false);
  }, 60_000);
});
