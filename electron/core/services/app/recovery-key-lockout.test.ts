import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core';
import { ADMIN_PASSWORD, tempDir } from '../../test/helpers';

// The password asked again before the recovery key is shown: a wrong one is audited and counts
// with the sign-in failures, so guessing there locks the account as guessing at sign-in does.

let core: Core | null = null;
afterEach(async () => {
  await core?.close({ backup: false });
  core = null;
});

describe('the recovery key’s password re-prompt', () => {
  it('audits each wrong password and locks the account at the fifth, ending its session', async () => {
    core = createCore({ dbPath: path.join(tempDir(), 'desk.sqlite'), backupDir: null });
    const c = core;
    const r = await c.dispatch(
      'auth.setup',
      { bureauName: '测试县局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD },
      {},
    );
    expect(r.ok).toBe(true);
    const login = await c.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, {});
    const sessionToken = (login as { value: { sessionToken: string } }).value.sessionToken;
    const show = (password: string) => c.dispatch('backup.recoveryKey', { password }, { sessionToken });
    for (let i = 1; i <= 4; i++)
      expect(await show(`wrong-password-${i}`)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', details: { field: 'password' } } });
    const rows = c.sqlite.prepare("SELECT method, after FROM audit_log WHERE method IN ('auth.confirmFailed', 'auth.lockout') ORDER BY seq").all() as {
      method: string;
      after: string;
    }[];
    expect(rows.map((x) => x.method)).toEqual(['auth.confirmFailed', 'auth.confirmFailed', 'auth.confirmFailed', 'auth.confirmFailed']);
    expect(JSON.parse(rows[3]!.after)).toEqual({ failed_attempts: 4, purpose: 'backup.recoveryKey' });
    expect(await show('wrong-password-5')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', details: { until: expect.any(String) } } });
    expect(c.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE method = 'auth.lockout'").get()).toEqual({ n: 1 });
    // The session is gone, and the right password does not sign in while the lock lasts.
    expect(await show(ADMIN_PASSWORD)).toMatchObject({ ok: false });
    expect(await c.dispatch('auth.login', { username: 'admin', password: ADMIN_PASSWORD }, {})).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
  });
});
