import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupEntry } from '../../../../shared/contract/app';
import { createCore, type Core } from '../../create-core';
import { listBackups } from '../../db/backup';
import { ADMIN_PASSWORD, tempDir } from '../../test/helpers';

// The copy a restore makes first of the database it replaces is the evidence of what the restore
// threw away: ordinary backups do not push it out. And 立即备份 is in the audit log.

const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close({ backup: false });
});
const ok = <T>(r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: T }).value;
};

describe('a pre-restore backup', () => {
  it('outlives any number of ordinary backups; backup.create writes an audit row', async () => {
    const dir = tempDir('bd-prerestore-');
    const backups = path.join(dir, 'backups');
    const core = createCore({ dbPath: path.join(dir, 'branch-desk.sqlite'), backupDir: backups });
    cores.push(core);
    ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
    const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    const call = async <T>(m: string, i: unknown) => ok<T>(await core.dispatch(m as never, i as never, { sessionToken }));
    const made = await call<BackupEntry>('backup.create', {});
    expect(core.sqlite.prepare("SELECT actor_name, after FROM audit_log WHERE method = 'backup.create' ORDER BY seq DESC LIMIT 1").get()).toMatchObject({
      actor_name: 'admin',
      after: expect.stringContaining(made.name),
    });
    const usb = tempDir('bd-usb-');
    await call<BackupEntry>('backup.create', { folder: usb });
    expect(
      JSON.parse(
        (core.sqlite.prepare("SELECT after FROM audit_log WHERE method = 'backup.create' ORDER BY seq DESC LIMIT 1").get() as { after: string }).after,
      ),
    ).toMatchObject({ folder: usb });

    const r = await call<{ preRestoreBackup: string }>('backup.restore', { file: made.file, confirm: true });
    const pre = path.basename(r.preRestoreBackup);
    expect(fs.existsSync(`${r.preRestoreBackup}.pre-restore`)).toBe(true);
    for (let i = 0; i < 10; i++) await call('backup.create', {});
    const left = listBackups(backups);
    expect(left).toContain(pre);
    // The rolling seven, plus the pre-restore copy.
    expect(left.filter((f) => f !== pre)).toHaveLength(7);
  });

  it('to a folder it cannot write gives a reason, not INTERNAL', async () => {
    const dir = tempDir('bd-prerestore-');
    const core = createCore({ dbPath: path.join(dir, 'branch-desk.sqlite'), backupDir: path.join(dir, 'backups') });
    cores.push(core);
    ok(await core.dispatch('auth.setup', { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }));
    const { sessionToken } = ok<{ sessionToken: string }>(await core.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }));
    // /sys refuses writes even to root (the tests may run as root, where chmod does not).
    const r = await core.dispatch('backup.create', { folder: '/sys' }, { sessionToken });
    expect(r).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', details: { reason: 'folderNotWritable', folder: '/sys', cause: 'EACCES' } } });
  });
});
