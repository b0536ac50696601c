import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../clock';
import type { BackupEntry } from '../../../../shared/contract/app';
import { createCore, type Core } from '../../create-core';
import { ADMIN_PASSWORD, tempDir } from '../../test/helpers';

// Only a restore an authenticated backup.restore staged is swapped in at start: its stamp is an
// HMAC with the installation's key over the staged file's SHA-256, the time and the user. A backup
// copied in by hand as `<db>.restore` (with an empty, or another restore's, stamp) is set aside.

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});

const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

async function open(dir: string, setUp: boolean, clock?: Clock) {
  const dbPath = path.join(dir, 'branch-desk.sqlite');
  const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
  const core = createCore({ dbPath, clock, backupDir: path.join(dir, 'backups'), log: (_l, msg, fields) => logs.push({ msg, fields }) });
  cores.push(core);
  if (setUp)
    ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
  const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
  const call = async <T>(method: string, input: unknown) => ok<T>(await core.dispatch(method as never, input as never, { sessionToken }));
  const offices = () => (core.sqlite.prepare('SELECT name FROM office ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  const lastAudit = (method: string) =>
    core.sqlite.prepare('SELECT actor_id, actor_name, after FROM audit_log WHERE method = ? ORDER BY seq DESC LIMIT 1').get(method) as
      { actor_id: string | null; actor_name: string; after: string } | undefined;
  const auditCount = () => (core.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  return { core, dbPath, call, offices, lastAudit, auditCount, logs };
}

const shut = async (core: Core) => {
  cores.splice(cores.indexOf(core), 1);
  await core.close({ backup: false });
};

/** A desk whose backup was put in the restore place by hand (after `before`), restarted: the restore refused. */
async function refusedOnce(before?: (dir: string) => void) {
  const dir = tempDir('bd-stamp-');
  const first = await open(dir, true);
  const made = await first.call<BackupEntry>('backup.create', {});
  await shut(first.core);
  before?.(dir);
  fs.copyFileSync(made.file, path.join(dir, 'branch-desk.sqlite.restore'));
  return { dir, made, d: await open(dir, false) };
}

describe('the restore stamp', () => {
  it('of an authenticated restore verifies: the backup is swapped in, and the audit entry names who asked', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    await d.call('offices.create', { name: '景山市场监管所', code: '330304' });
    const made = await d.call<BackupEntry>('backup.create', {});
    await d.call('offices.create', { name: '后来的所', code: '330304' });
    await d.call('backup.restore', { file: made.file, confirm: true });
    const stamp = JSON.parse(fs.readFileSync(`${d.dbPath}.restore-stamp`, 'utf8')) as { user: { name: string }; mac: string };
    expect(stamp.user.name).toBe('admin');
    const adminId = (d.core.sqlite.prepare("SELECT id FROM app_user WHERE username = 'admin'").get() as { id: string }).id;
    await shut(d.core);
    d = await open(dir, false);
    expect(d.offices()).not.toContain('后来的所');
    expect(d.lastAudit('backup.restore')).toMatchObject({ actor_id: adminId, actor_name: 'admin' });
    expect(fs.existsSync(`${d.dbPath}.restore-stamp`)).toBe(false);
  });

  it('is used once: the same stamp and file put back later (to roll the data back) are refused, and so is a stamp older than a day', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    const made = await d.call<BackupEntry>('backup.create', {});
    await d.call('backup.restore', { file: made.file, confirm: true });
    const keep = tempDir('bd-stamp-copy-');
    fs.copyFileSync(`${d.dbPath}.restore`, path.join(keep, 'restore'));
    fs.copyFileSync(`${d.dbPath}.restore-stamp`, path.join(keep, 'stamp'));
    await shut(d.core);
    d = await open(dir, false);
    expect(d.lastAudit('backup.restore')).toBeTruthy();
    await d.call('offices.create', { name: '恢复之后的所', code: '330304' });
    await shut(d.core);
    fs.copyFileSync(path.join(keep, 'restore'), `${d.dbPath}.restore`);
    fs.copyFileSync(path.join(keep, 'stamp'), `${d.dbPath}.restore-stamp`);
    d = await open(dir, false);
    expect(d.offices()).toContain('恢复之后的所');
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ reason: 'used_stamp' });
    // A stamp this desk signed two days ago, never used: too old to be the restart that follows its staging.
    const older = await d.call<BackupEntry>('backup.create', {});
    await d.call('backup.restore', { file: older.file, confirm: true });
    await shut(d.core);
    // The desk starts two days later.
    d = await open(dir, false, { now: () => systemClock.now() + 2 * 86_400_000 });
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ reason: 'stale_stamp' });
    expect(d.offices()).toContain('恢复之后的所');
  });

  it('missing (a backup copied in by hand beside an empty stamp) refuses the restore: the file is set aside, the log and the audit say so', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    const made = await d.call<BackupEntry>('backup.create', {});
    await d.call('offices.create', { name: '后来的所', code: '330304' });
    await shut(d.core);
    fs.copyFileSync(made.file, path.join(dir, 'branch-desk.sqlite.restore'));
    fs.writeFileSync(path.join(dir, 'branch-desk.sqlite.restore-stamp'), '');
    d = await open(dir, false);
    expect(d.offices()).toContain('后来的所');
    expect(fs.existsSync(`${d.dbPath}.restore`)).toBe(false);
    expect(fs.existsSync(`${d.dbPath}.restore-refused-1`)).toBe(true);
    expect(d.lastAudit('backup.restore')).toBeUndefined();
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ reason: 'no_stamp', setAside: 'branch-desk.sqlite.restore-refused-1' });
    expect(d.logs.find((l) => l.msg.startsWith('staged restore refused'))?.fields).toMatchObject({ reason: 'no_stamp' });
    expect(await d.call('audit.verify', {})).toMatchObject({ ok: true });
  });

  it('over another file (a genuine stamp kept, the staged file swapped for an older backup) or forged refuses it', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    const older = await d.call<BackupEntry>('backup.create', {});
    await d.call('offices.create', { name: '景山市场监管所', code: '330304' });
    const newer = await d.call<BackupEntry>('backup.create', { folder: tempDir('bd-usb-') });
    await d.call('backup.restore', { file: newer.file, confirm: true });
    await shut(d.core);
    fs.copyFileSync(older.file, path.join(dir, 'branch-desk.sqlite.restore'));
    d = await open(dir, false);
    expect(d.offices()).toContain('景山市场监管所');
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ reason: 'file_changed' });
    await shut(d.core);
    // A stamp written by hand, with a made-up MAC.
    fs.copyFileSync(older.file, path.join(dir, 'branch-desk.sqlite.restore'));
    fs.writeFileSync(
      path.join(dir, 'branch-desk.sqlite.restore-stamp'),
      JSON.stringify({ sha256: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z', user: { id: null, name: 'admin' }, mac: 'b'.repeat(64) }),
    );
    d = await open(dir, false);
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ reason: 'bad_stamp', setAside: 'branch-desk.sqlite.restore-refused-2' });
    expect(d.offices()).toContain('景山市场监管所');
    // The administrator's home lists both refusals until they are acknowledged; each later start adds none.
    const refused = await d.call<{ seq: number; reason: string; setAside: string | null; size: number | null }[]>('backup.refusedRestores', {});
    expect(refused.map((r) => [r.reason, r.setAside])).toEqual([
      ['file_changed', 'branch-desk.sqlite.restore-refused-1'],
      ['bad_stamp', 'branch-desk.sqlite.restore-refused-2'],
    ]);
    const aside = (n: number) => path.join(dir, `branch-desk.sqlite.restore-refused-${n}`);
    expect(refused.map((r) => r.size)).toEqual([fs.statSync(aside(1)).size, fs.statSync(aside(2)).size]);
    expect(fs.existsSync(`${aside(2)}.stamp`)).toBe(true);
    // Acknowledging the first keeps the second; a number past the last acknowledges only what exists.
    const none = { removed: 0, removedBytes: 0, notRemoved: 0 };
    const listed = async () => (await d.call<{ seq: number; acknowledged: boolean }[]>('backup.refusedRestores', {})).map((r) => [r.seq, r.acknowledged]);
    expect(await d.call('backup.ackRefusedRestores', { upTo: refused[0]!.seq })).toEqual({ acknowledged: 1, ...none });
    // Acknowledged, but its copy is still there: listed as such (a reminder, no longer the alarm).
    expect(await listed()).toEqual([
      [refused[0]!.seq, true],
      [refused[1]!.seq, false],
    ]);
    expect(await d.call('backup.ackRefusedRestores', { upTo: 1_000_000 })).toEqual({ acknowledged: 1, ...none });
    expect(await d.call('backup.ackRefusedRestores', { upTo: 1_000_000 })).toEqual({ acknowledged: 0, ...none });
    expect(await listed()).toEqual([
      [refused[0]!.seq, true],
      [refused[1]!.seq, true],
    ]);
    expect(JSON.parse(d.lastAudit('backup.ackRefusedRestores')!.after)).toEqual({ acknowledged: 1, upTo: refused[1]!.seq });
    // The copies stay until asked; then both go (the one acknowledged before too), with their stamps, and the audit names them.
    expect(fs.existsSync(aside(1)) && fs.existsSync(aside(2))).toBe(true);
    const bytes = fs.statSync(aside(1)).size + fs.statSync(aside(2)).size;
    expect(await d.call('backup.ackRefusedRestores', { upTo: 1_000_000, removeFiles: true })).toEqual({
      acknowledged: 0,
      removed: 2,
      removedBytes: bytes,
      notRemoved: 0,
    });
    expect(await d.call('backup.refusedRestores', {})).toEqual([]);
    expect([aside(1), aside(2), `${aside(2)}.stamp`].some((f) => fs.existsSync(f))).toBe(false);
    expect(JSON.parse(d.lastAudit('backup.ackRefusedRestores')!.after)).toMatchObject({
      removed: ['branch-desk.sqlite.restore-refused-1', 'branch-desk.sqlite.restore-refused-2'],
      removedBytes: bytes,
    });
    // Nothing left to remove: nothing written.
    const audits = d.auditCount();
    expect(await d.call('backup.ackRefusedRestores', { upTo: 1_000_000, removeFiles: true })).toEqual({ acknowledged: 0, ...none });
    expect(d.auditCount()).toBe(audits);
    await shut(d.core);
    d = await open(dir, false);
    expect(await d.call('backup.refusedRestores', {})).toEqual([]);
    expect(await d.call('audit.verify', {})).toMatchObject({ ok: true });
    // The next refusal is numbered past the copies removed: no audit row names a later file.
    await shut(d.core);
    fs.copyFileSync(older.file, path.join(dir, 'branch-desk.sqlite.restore'));
    d = await open(dir, false);
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ setAside: 'branch-desk.sqlite.restore-refused-3' });
    expect((await d.call<{ setAside: string }[]>('backup.refusedRestores', {})).map((r) => r.setAside)).toEqual(['branch-desk.sqlite.restore-refused-3']);
  });

  it('refused: removing the set-aside copies touches only a regular file of that name, never what a link in its place points to', async () => {
    const { dir, d } = await refusedOnce();
    const aside = path.join(dir, 'branch-desk.sqlite.restore-refused-1');
    expect(fs.existsSync(aside)).toBe(true);
    // Someone swaps the copy for a link to a file that matters.
    const precious = path.join(tempDir('bd-elsewhere-'), 'precious.xlsx');
    fs.writeFileSync(precious, 'keep me');
    fs.rmSync(aside);
    try {
      fs.symlinkSync(precious, aside);
    } catch (e) {
      // Windows without Developer Mode may not make links: nothing to try there.
      if ((e as NodeJS.ErrnoException).code === 'EPERM' && process.platform === 'win32') return;
      throw e;
    }
    const [row] = await d.call<{ seq: number; size: number | null }[]>('backup.refusedRestores', {});
    expect(row!.size).toBeNull();
    expect(await d.call('backup.ackRefusedRestores', { upTo: row!.seq, removeFiles: true })).toEqual({
      acknowledged: 1,
      removed: 0,
      removedBytes: 0,
      notRemoved: 0,
    });
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
    expect(fs.lstatSync(aside).isSymbolicLink()).toBe(true);
  });

  it('refused: a copy with another (hard) link is removed by its name, and the audit says its data is still held elsewhere', async () => {
    const { dir, d } = await refusedOnce();
    const aside = path.join(dir, 'branch-desk.sqlite.restore-refused-1');
    const other = path.join(dir, 'kept-elsewhere.bin');
    fs.linkSync(aside, other);
    const [row] = await d.call<{ seq: number }[]>('backup.refusedRestores', {});
    expect(await d.call('backup.ackRefusedRestores', { upTo: row!.seq, removeFiles: true })).toMatchObject({ removed: 1 });
    expect(fs.existsSync(aside)).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
    expect(JSON.parse(d.lastAudit('backup.ackRefusedRestores')!.after)).toMatchObject({ stillLinked: ['branch-desk.sqlite.restore-refused-1'] });
  });

  it('refused: a name given again after the counter was lost is the later refusal’s file, not removed by acknowledging the earlier one', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    const made = await d.call<BackupEntry>('backup.create', {});
    const stage = async () => {
      await shut(d.core);
      fs.copyFileSync(made.file, path.join(dir, 'branch-desk.sqlite.restore'));
      d = await open(dir, false);
    };
    await stage();
    const [first] = await d.call<{ seq: number }[]>('backup.refusedRestores', {});
    await d.call('backup.ackRefusedRestores', { upTo: first!.seq });
    // Tidied by hand: the copy and the counter both gone; the next refusal takes the same name.
    fs.rmSync(path.join(dir, 'branch-desk.sqlite.restore-refused-1'));
    fs.rmSync(path.join(dir, 'branch-desk.sqlite.restore-refused-count'));
    await stage();
    expect(JSON.parse(d.lastAudit('backup.restoreRefused')!.after)).toMatchObject({ setAside: 'branch-desk.sqlite.restore-refused-1' });
    expect(await d.call('backup.ackRefusedRestores', { upTo: first!.seq, removeFiles: true })).toMatchObject({ removed: 0 });
    expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite.restore-refused-1'))).toBe(true);
    const listed = await d.call<{ seq: number; acknowledged: boolean; size: number | null }[]>('backup.refusedRestores', {});
    expect(listed.map((r) => [r.acknowledged, r.size !== null])).toEqual([[false, true]]);
  });

  it('refused: a copy no audit row of this database names (an earlier backup restored since) is listed as unrecorded, and can be deleted', async () => {
    const dir = tempDir('bd-stamp-');
    let d = await open(dir, true);
    const earlier = await d.call<BackupEntry>('backup.create', { folder: tempDir('bd-usb-') });
    await shut(d.core);
    fs.copyFileSync(earlier.file, path.join(dir, 'branch-desk.sqlite.restore'));
    d = await open(dir, false);
    expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite.restore-refused-1'))).toBe(true);
    // The earlier backup restored, properly: its audit log has never heard of that refusal.
    await d.call('backup.restore', { file: earlier.file, confirm: true });
    await shut(d.core);
    d = await open(dir, false);
    const [row, ...rest] = await d.call<{ seq: number; reason: string; setAside: string; acknowledged: boolean; size: number }[]>('backup.refusedRestores', {});
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ seq: 0, reason: 'unrecorded', setAside: 'branch-desk.sqlite.restore-refused-1', acknowledged: true });
    expect(row!.size).toBeGreaterThan(0);
    expect(await d.call('backup.ackRefusedRestores', { upTo: 1, removeFiles: true })).toMatchObject({ removed: 1, notRemoved: 0 });
    expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite.restore-refused-1'))).toBe(false);
    expect(JSON.parse(d.lastAudit('backup.ackRefusedRestores')!.after)).toMatchObject({ removed: ['branch-desk.sqlite.restore-refused-1'] });
  });

  it.each([
    ['a huge number', (f: string) => fs.writeFileSync(f, '9007199254740992')],
    ['400 digits', (f: string) => fs.writeFileSync(f, '9'.repeat(400))],
    ['garbage', (f: string) => fs.writeFileSync(f, '{"n": -3}')],
    ['a folder', (f: string) => fs.mkdirSync(f)],
  ])('refused: a set-aside counter holding %s neither hangs nor stops the start, and the copy is still named so it can be removed', async (_what, plant) => {
    const { d } = await refusedOnce((dir) => {
      plant(path.join(dir, 'branch-desk.sqlite.restore-refused-count'));
      fs.writeFileSync(path.join(dir, 'branch-desk.sqlite.restore-refused-9007199254740992'), 'x');
    });
    const setAside = (JSON.parse(d.lastAudit('backup.restoreRefused')!.after) as { setAside: string }).setAside;
    expect(setAside).toMatch(/^branch-desk\.sqlite\.restore-refused-\d{1,10}$/);
    const listed = await d.call<{ seq: number; setAside: string; size: number | null }[]>('backup.refusedRestores', {});
    expect(listed.find((r) => r.setAside === setAside)!.size).toBeGreaterThan(0);
  });

  it('refused are not listed for a role that does not manage the desk, nor acknowledged by one', async () => {
    const { d: again } = await refusedOnce();
    const station = await again.call<{ id: string }>('offices.create', { name: '景山市场监管所', code: '330304' });
    await again.call('users.create', { username: 'zhoujg', displayName: '所长', role: 'chief', officeId: station.id, password: 'Lq#7vR2m!Tz9' });
    const { sessionToken } = ok<{ sessionToken: string }>(await again.core.dispatch('auth.login', { username: 'zhoujg', password: 'Lq#7vR2m!Tz9' }));
    expect(await again.core.dispatch('backup.refusedRestores', {}, { sessionToken })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await again.core.dispatch('backup.ackRefusedRestores', { upTo: 1_000_000 }, { sessionToken })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await again.call<unknown[]>('backup.refusedRestores', {})).length).toBe(1);
  });
});
