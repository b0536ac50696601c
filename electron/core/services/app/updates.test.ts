import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core';
import { ADMIN_PASSWORD, manualClock, tempDir } from '../../test/helpers';
import type { Updater } from './updates.service';

// The core's side of updates on a real database: the setting, the decisions, the refusals. The
// updater is electron-updater in the desktop app; here a recorder of what the core asked it to do.
function recorder(offer: { version: string; stagingPercentage?: unknown; available?: boolean } | null) {
  const calls: string[] = [];
  const updater: Updater = {
    check: async (url) => (calls.push(`check ${url}`), offer),
    download: async () => void calls.push('download'),
    install: () => void calls.push('install'),
    rolloutId: () => '4f1c2b3a-9d8e-4c7b-8a6f-000000000001',
  };
  return { calls, updater };
}

describe('updates from the office’s update folder', () => {
  let core: Core | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });

  async function open(dbPath: string, updater?: Updater, version = '0.3.0') {
    core = createCore({ dbPath, clock: manualClock(), backupDir: null, updater, version });
    const call = async (m: string, i: unknown, token?: string) => {
      const r = await core!.dispatch(m, i, { sessionToken: token });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as Record<string, unknown>;
    };
    if (!(await call('auth.status', {})).setUp)
      await call('auth.setup', {
        bureauName: '测试县市场监督管理局',
        bureauCode: '330304',
        username: 'admin',
        displayName: '管理员',
        password: ADMIN_PASSWORD,
      });
    const { sessionToken } = (await call('auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string };
    return (m: string, i: unknown = {}) => call(m, i, sessionToken);
  }

  it('keeps the folder address as a setting of the device, and refuses one that is not http(s)', async () => {
    const dbPath = path.join(tempDir(), 'desk.sqlite');
    let call = await open(dbPath, recorder(null).updater);
    await expect(call('update.configure', { feedUrl: 'file:///C:/updates' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await call('update.configure', { feedUrl: 'http://10.12.0.5/branch-desk' })).toMatchObject({
      feedUrl: 'http://10.12.0.5/branch-desk/',
      supported: true,
      current: '0.3.0',
    });
    await core!.close();
    call = await open(dbPath, recorder(null).updater);
    expect(await call('update.status')).toMatchObject({ feedUrl: 'http://10.12.0.5/branch-desk/' });
  });

  it('downloads a newer version, refuses a downgrade, and restarts only when asked and nothing runs', async () => {
    const older = recorder({ version: '0.2.9' });
    let call = await open(path.join(tempDir(), 'a.sqlite'), older.updater);
    await call('update.configure', { feedUrl: 'http://10.12.0.5/bd/' });
    expect(await call('update.check')).toMatchObject({ state: 'idle', reason: 'downgrade', offered: '0.2.9' });
    expect(older.calls).toEqual(['check http://10.12.0.5/bd/']);
    await expect(call('update.install')).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await core!.close();

    const newer = recorder({ version: '0.4.0', stagingPercentage: 50 });
    call = await open(path.join(tempDir(), 'b.sqlite'), newer.updater);
    await call('update.configure', { feedUrl: 'http://10.12.0.5/bd/' });
    expect(await call('update.check')).toMatchObject({ state: 'downloaded', offered: '0.4.0' });
    expect(newer.calls).toEqual(['check http://10.12.0.5/bd/', 'download']);
    // Downloaded: nothing installs by itself, and no second download starts.
    await call('update.check');
    expect(newer.calls).toHaveLength(2);
    expect(await call('update.install')).toMatchObject({ state: 'downloaded' });
    expect(newer.calls.at(-1)).toBe('install');
  });

  it('asks for no download electron-updater would refuse (not available to this OS), and says why', async () => {
    const r = recorder({ version: '0.4.0', available: false });
    const call = await open(path.join(tempDir(), 'u.sqlite'), r.updater);
    await call('update.configure', { feedUrl: 'http://10.12.0.5/bd/' });
    expect(await call('update.check')).toMatchObject({ state: 'idle', reason: 'unsupported', offered: '0.4.0' });
    expect(r.calls).toEqual(['check http://10.12.0.5/bd/']);
  });

  it('does not restart into an update while a sync runs', async () => {
    const r = recorder({ version: '0.4.0' });
    const call = await open(path.join(tempDir(), 'c.sqlite'), r.updater);
    await call('update.configure', { feedUrl: 'http://10.12.0.5/bd/' });
    await call('update.check');
    const status = core!.services.worker.status;
    core!.services.worker.status = () => ({ ...status(), state: 'syncing' });
    await expect(call('update.install')).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    expect(r.calls).not.toContain('install');
  });

  it('is not offered in browser mode', async () => {
    const call = await open(path.join(tempDir(), 'd.sqlite'));
    expect(await call('update.status')).toMatchObject({ supported: false, state: 'idle' });
    expect(await call('update.check')).toMatchObject({ state: 'idle', lastCheckAt: null });
  });
});
