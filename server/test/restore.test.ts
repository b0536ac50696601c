import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { KEY_FILE } from '../../electron/core/db/db-key';
import { pendingRestore } from '../../electron/core/db/restore';
import { tempDir } from '../../electron/core/test/helpers';
import { desk, HubProcess, PW, shutDown, type Desk } from './harness';

// A backup on a USB disk restored into a new install: the device's outbox, pull cursor and token
// come with it (the approach: no re-enrolment), so sync carries on from where the backup left
// off. Ops waiting in the backup's outbox that the hub already took are answered with their first
// verdict, rows written after the backup come back by pull, and nothing is duplicated.

let hub: HubProcess;
let A: Desk;
let B: Desk;
let N: Core | null = null;
let S1: string;
const usb = tempDir('bd-usb-');

const names = (c: Core) => (c.sqlite.prepare('SELECT name FROM cadre WHERE deleted_at IS NULL ORDER BY name').all() as { name: string }[]).map((r) => r.name);

beforeAll(async () => {
  hub = await new HubProcess().start();
  A = await desk();
  const bureau = (await A.call('auth.me', {})).officeId;
  S1 = (await A.call('offices.create', { name: '景山市场监管所', code: '330304' })).id;
  await A.call('cadres.create', { officeId: S1, name: '张伟', gender: 'M', birthDate: '1985-01-01', post: '综合监管岗' });
  await A.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
  await A.sync();
  B = await desk({ join: { hub, code: hub.enroll(S1) }, name: '景山所' });
}, 120_000);

afterAll(async () => {
  await N?.close({ backup: false });
  await shutDown(hub, A, B);
});

describe('restoring a backup into a new install', () => {
  it('carries on syncing with the backup’s outbox and cursor, without duplicates', async () => {
    // Waiting in the outbox when the backup is taken; pushed by the old install afterwards.
    await A.call('cadres.create', { officeId: S1, name: '李娜', gender: 'F', birthDate: '1990-03-01', post: '综合监管岗' });
    const backup = await A.call('backup.create', { folder: usb });
    expect(backup).toMatchObject({ folder: usb, integrity: 'ok' });
    expect((await A.call('backup.list', { folder: usb })).map((b) => b.name)).toEqual([backup.name]);
    await A.call('cadres.create', { officeId: S1, name: '王强', gender: 'M', birthDate: '1988-05-01', post: '综合监管岗' });
    await A.sync();
    await A.core.close({ backup: false });

    // A backup is encrypted with the key of the install that made it: an install with a key of
    // its own refuses it with a clear code, and stages nothing.
    const other = await desk({ dbPath: path.join(tempDir('bd-other-'), 'branch-desk.sqlite') });
    const refused = await other.fail('backup.restore', { file: backup.file, confirm: true });
    expect(refused).toMatchObject({ code: 'DB_KEY_WRONG', details: { reason: 'backup_key_mismatch' } });
    expect(pendingRestore(other.core.services.keystore.file!.replace('keystore.json', 'branch-desk.sqlite'))).toBe(false);
    await other.core.close({ backup: false });

    // The new install, given the old install's key first (browser mode: its db.key; README,
    // Encryption at rest), set up on its own, then restored from the USB disk with confirmation.
    const newDir = tempDir('bd-new-');
    fs.copyFileSync(path.join(path.dirname(A.core.services.keystore.file!), KEY_FILE), path.join(newDir, KEY_FILE));
    const fresh = await desk({ dbPath: path.join(newDir, 'branch-desk.sqlite') });
    const dbPath = fresh.core.services.keystore.file!.replace('keystore.json', 'branch-desk.sqlite');
    expect((await fresh.fail('backup.restore', { file: backup.file })).code).toBe('BAD_INPUT');
    const r = await fresh.call('backup.restore', { file: backup.file, confirm: true });
    expect(r.restart).toBe(true);
    expect(r.preRestoreBackup).toBeNull(); // the harness's desks keep no backups folder
    await fresh.core.close({ backup: false });

    // Restarted: the restored database, with the old install's device identity.
    N = createCore({ dbPath, backupDir: null, hubFetch: (url, init) => fetch(url, init as RequestInit) });
    const login = await N.dispatch('auth.login', { username: 'admin', password: PW }, {});
    if (!login.ok) throw new Error(login.error.message);
    const token = (login.value as { sessionToken: string }).sessionToken;
    expect(names(N)).toEqual(['张伟', '李娜'].sort());
    const pendingBefore = (N.sqlite.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    expect(pendingBefore).toBeGreaterThan(0);
    const s = await N.dispatch('sync.now', {}, { sessionToken: token });
    expect(s).toMatchObject({ ok: true, value: { state: 'idle', pending: 0 } });
    // 王强, written after the backup, came back from the hub; nothing is there twice.
    expect(names(N)).toEqual(['张伟', '李娜', '王强'].sort());
    await B.sync();
    expect(names(B.core)).toEqual(names(N));
    const dupes = N.sqlite.prepare('SELECT name, COUNT(*) AS n FROM cadre GROUP BY name HAVING n > 1').all();
    expect(dupes).toEqual([]);
    // The restore itself is in the audit log.
    expect(N.sqlite.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE method = 'backup.restore'").get()).toEqual({ n: 1 });
    // The restored desk took the push chain over: the old install, were it still running, is now
    // the copy, and its push is refused (server/test/clone.test.ts) while the restored desk carries on.
    const old = await desk({ dbPath: A.core.sqlite.name, existing: true });
    await old.call('cadres.create', { officeId: S1, name: '赵敏', gender: 'F', birthDate: '1992-02-02', post: '综合监管岗' });
    expect((await old.sync()).hubError?.code).toBe('DEVICE_CLONED');
    await old.core.close({ backup: false });
    await N.dispatch('cadres.create', { officeId: S1, name: '钱进', gender: 'M', birthDate: '1991-01-01', post: '综合监管岗' }, { sessionToken: token });
    expect(await N.dispatch('sync.now', {}, { sessionToken: token })).toMatchObject({ ok: true, value: { state: 'idle', pending: 0 } });
    await B.sync();
    expect(names(B.core)).toEqual(['张伟', '李娜', '王强', '钱进'].sort());

    // The same backup restored on a second new install: the restored desk above took the chain
    // over from that backup first, so this one is the copy, and its edit waits for an enrolment.
    const secondDir = tempDir('bd-new2-');
    fs.copyFileSync(path.join(path.dirname(A.core.services.keystore.file!), KEY_FILE), path.join(secondDir, KEY_FILE));
    const again = await desk({ dbPath: path.join(secondDir, 'branch-desk.sqlite') });
    await again.call('backup.restore', { file: backup.file, confirm: true });
    await again.core.close({ backup: false });
    const M = await desk({ dbPath: path.join(secondDir, 'branch-desk.sqlite'), existing: true });
    await M.call('cadres.create', { officeId: S1, name: '孙丽', gender: 'F', birthDate: '1993-03-03', post: '综合监管岗' });
    expect(await M.sync()).toMatchObject({ hubError: { code: 'DEVICE_CLONED' } });
    await M.core.close({ backup: false });
    await B.sync();
    expect(names(B.core)).not.toContain('孙丽');
    expect(await N.dispatch('sync.now', {}, { sessionToken: token })).toMatchObject({ ok: true, value: { state: 'idle' } });
  });
});

describe('restoring on the desk that holds the registration', () => {
  it('takes the chain over whichever backup it restores, the same one twice included, and carries on', async () => {
    const folder = tempDir('bd-usb-b-');
    const backup = await B.call('backup.create', { folder });
    const file = B.core.sqlite.name;
    const reopen = async () => {
      await B.core.close({ backup: false });
      B = await desk({ dbPath: file, existing: true, name: '景山所' });
    };
    for (const [round, name] of [
      [1, '周一'],
      [2, '周二'],
    ] as const) {
      // Pushed since the backup: the hub's chain has moved past the backup's token.
      await B.call('cadres.create', { officeId: S1, name: `${name}前`, gender: 'M', birthDate: '1990-01-01', post: '综合监管岗' });
      expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
      await B.call('backup.restore', { file: backup.file, confirm: true });
      await reopen();
      await B.call('cadres.create', { officeId: S1, name: `${name}后`, gender: 'F', birthDate: '1990-01-01', post: '综合监管岗' });
      const s = await B.sync();
      expect({ round, s }).toMatchObject({ round, s: { state: 'idle', pending: 0 } });
    }
    // Restored from the backup, the desk has pulled back what it pushed before: the hub holds all four.
    expect(names(B.core)).toEqual(expect.arrayContaining(['周一前', '周一后', '周二前', '周二后']));
  }, 120_000);
});
