import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

async function staffUser(t: TestCore) {
  const station = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  await t.call('users.create', { username: 'lisi', displayName: '李四', role: 'staff', officeId: station.id, password: 'First#Pass-01' }, t.adminToken);
}

describe('accounts', () => {
  it('locks after 5 failures for 15 minutes, even against the right password', async () => {
    t = await setupCore();
    await staffUser(t);
    for (let i = 1; i <= 4; i++) {
      const r = await t.core.dispatch('auth.login', { username: 'lisi', password: 'wrong' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    }
    expect(await t.core.dispatch('auth.login', { username: 'lisi', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(await t.core.dispatch('auth.login', { username: 'lisi', password: 'First#Pass-01' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED' },
    });
    t.clock.advance(14 * 60_000);
    expect(await t.core.dispatch('auth.login', { username: 'lisi', password: 'First#Pass-01' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED' },
    });
    t.clock.advance(61_000);
    expect(await t.core.dispatch('auth.login', { username: 'lisi', password: 'First#Pass-01' })).toMatchObject({ ok: true });
  });

  it('answers an unknown username and a wrong password alike, and no sooner than the same floor', async () => {
    t = await setupCore();
    await staffUser(t);
    const timed = async (username: string) => {
      const start = performance.now();
      const r = await t.core.dispatch('auth.login', { username, password: 'Wrong#Pass-01' });
      return { r: { ...r, now: undefined }, ms: performance.now() - start };
    };
    const unknown = await timed('nobody');
    const wrong = await timed('lisi');
    expect(unknown.r).toEqual(wrong.r);
    expect(wrong.r).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect((wrong.r as { error: { details?: unknown } }).error.details).toBeUndefined();
    // Both wait out the floor (400 ms), so the time taken does not tell them apart either.
    expect(unknown.ms).toBeGreaterThanOrEqual(395);
    expect(wrong.ms).toBeGreaterThanOrEqual(395);
  });

  it('locks a name no account has after 5 failures too, and tells of a disabled account only to its password', async () => {
    t = await setupCore();
    await staffUser(t);
    const codes = async (username: string, password: string, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await t.core.dispatch('auth.login', { username, password });
        out.push(r.ok ? 'ok' : r.error.code);
      }
      return out;
    };
    // The same answers, in the same order, for an account and for a name nobody has.
    const real = await codes('lisi', 'Wrong#Pass-01', 6);
    const none = await codes('wangwu', 'Wrong#Pass-01', 6);
    expect(none).toEqual(real);
    expect(real).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    t.clock.advance(16 * 60_000);
    expect(await codes('wangwu', 'Wrong#Pass-01', 1)).toEqual(['BAD_CREDENTIALS']);

    const users = await t.call('users.list', {}, t.adminToken);
    await t.call('users.update', { id: users.find((u) => u.username === 'lisi')!.id, disabled: true }, t.adminToken);
    expect(await codes('lisi', 'Wrong#Pass-01', 1)).toEqual(['BAD_CREDENTIALS']);
    expect(await codes('lisi', 'First#Pass-01', 1)).toEqual(['ACCOUNT_DISABLED']);
    // A disabled account's failures count and lock like any account's (one failure above, four more).
    expect(await codes('lisi', 'Wrong#Pass-01', 4)).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'ACCOUNT_LOCKED']);
    expect(await codes('lisi', 'First#Pass-01', 1)).toEqual(['ACCOUNT_LOCKED']);
    // Names are compared as accounts are found, whatever the case of their letters.
    expect([...(await codes('zhaoliu', 'Wrong#Pass-01', 4)), ...(await codes('ZhaoLiu', 'Wrong#Pass-01', 1))].at(-1)).toBe('ACCOUNT_LOCKED');
  });

  it('expires an idle session after the configured minutes and keeps an active one alive', async () => {
    t = await setupCore();
    t.clock.advance(29 * 60_000);
    await t.call('auth.me', {}, t.adminToken); // activity resets the idle timer
    t.clock.advance(29 * 60_000);
    await t.call('auth.me', {}, t.adminToken);
    t.clock.advance(31 * 60_000);
    expect(await t.core.dispatch('auth.me', {}, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    // A later dated setting shortens it.
    const { sessionToken } = await t.call('auth.login', { username: 'admin', password: 'Qz#2026-Ouhai' });
    await t.call('settings.set', { key: 'session.idleMinutes', value: 10, effectiveFrom: '2026-11-28', note: '等保要求' }, sessionToken);
    t.clock.advance(11 * 60_000);
    expect(await t.core.dispatch('auth.me', {}, { sessionToken })).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });

  it('does not count background calls (polls, refetches after a sync) as activity', async () => {
    t = await setupCore();
    await t.call('settings.set', { key: 'session.idleMinutes', value: 5, effectiveFrom: '2026-11-28' }, t.adminToken);
    const bg = (method: 'sync.status' | 'auth.me') => t.core.dispatch(method, {}, { sessionToken: t.adminToken, activity: false });
    // An unattended PC polls the sync status every half minute for six minutes.
    for (let i = 0; i < 12; i++) {
      t.clock.advance(30_000);
      if (i < 9) expect(await bg('sync.status')).toMatchObject({ ok: true });
    }
    expect(await bg('sync.status')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    // The session is gone once expired, user calls included.
    expect(await t.core.dispatch('auth.me', {}, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // A user at the keyboard keeps it alive with the same calls.
    const { sessionToken } = await t.call('auth.login', { username: 'admin', password: 'Qz#2026-Ouhai' });
    for (let i = 0; i < 12; i++) {
      t.clock.advance(30_000);
      expect(await t.core.dispatch('sync.status', {}, { sessionToken, activity: true })).toMatchObject({ ok: true });
    }
  });

  it('forces a password change after a reset and refuses weak passwords and duplicates', async () => {
    t = await setupCore();
    await staffUser(t);
    expect(
      await t.core.dispatch(
        'users.create',
        { username: 'LISI', displayName: '重复', role: 'staff', officeId: (await t.call('auth.me', {}, t.adminToken)).officeId, password: 'First#Pass-01' },
        { sessionToken: t.adminToken },
      ),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const { sessionToken } = await t.call('auth.login', { username: 'lisi', password: 'First#Pass-01' });
    expect(await t.core.dispatch('offices.list', {}, { sessionToken })).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(await t.core.dispatch('auth.changePassword', { oldPassword: 'First#Pass-01', newPassword: 'weak' }, { sessionToken })).toMatchObject({
      ok: false,
      error: { code: 'WEAK_PASSWORD' },
    });
    await t.call('auth.changePassword', { oldPassword: 'First#Pass-01', newPassword: 'Second#Pass-02' }, sessionToken);
    expect((await t.call('offices.list', { includeInactive: true }, sessionToken)).length).toBe(2);
  });

  it('has no default account: setup runs once', async () => {
    t = await setupCore();
    expect(
      await t.core.dispatch('auth.setup', { bureauName: 'x', bureauCode: '330304', username: 'evil', displayName: 'x', password: 'Evil#Pass-2026' }),
    ).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    expect(await t.core.dispatch('auth.login', { username: 'evil', password: 'Evil#Pass-2026' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_CREDENTIALS' },
    });
  });
});
