import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../shared/contract';
import { ROLES, roleHas, type Role } from '../../../shared/contract/roles';
import { setupCore, type TestCore } from '../test/helpers';
import { MODULES } from '../modules';

let t: TestCore;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  t = await setupCore({ sample: true });
  const station = (await t.call('offices.list', { includeInactive: false }, t.adminToken)).find((o) => o.kind === 'station')!;
  for (const role of ROLES) {
    const username = `user_${role}`;
    const u = await t.call('users.create', { username, displayName: role, role, officeId: station.id, password: 'Start#Pass-2026' }, t.adminToken);
    expect(u.mustChangePassword).toBe(true);
    const { sessionToken } = await t.call('auth.login', { username, password: 'Start#Pass-2026' });
    await t.call('auth.changePassword', { oldPassword: 'Start#Pass-2026', newPassword: 'Next#Pass-2026' }, sessionToken);
    tokens[role] = sessionToken;
  }
});
afterAll(() => t.core.close({ backup: false }));

describe('dispatch', () => {
  it('returns the envelope', async () => {
    const ok = await t.core.dispatch('auth.me', {}, { sessionToken: t.adminToken });
    expect(ok).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    const bad = await t.core.dispatch('auth.me', { extra: 1 }, { sessionToken: t.adminToken });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses unknown methods, missing sessions and malformed input', async () => {
    expect(await t.core.dispatch('offices.drop', {}, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await t.core.dispatch('__proto__', {}, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await t.core.dispatch('offices.list', {}, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.core.dispatch('offices.list', {}, { sessionToken: 'forged' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const before = (await t.call('offices.list', { includeInactive: true }, t.adminToken)).length;
    for (const input of [
      null,
      'x',
      42,
      [],
      { name: '', code: '330304' },
      { name: 'x'.repeat(61), code: '330304' },
      { name: '新所', code: '330304', extra: true },
    ]) {
      const r = await t.core.dispatch('offices.create', input, { sessionToken: t.adminToken });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_INPUT');
    }
    expect(await t.core.dispatch('offices.create', { name: '新所', code: '33030' }, { sessionToken: t.adminToken })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { field: 'code' } },
    });
    expect((await t.call('offices.list', { includeInactive: true }, t.adminToken)).length).toBe(before);
  });

  it.each(ROLES)('enforces the permission map for %s over every method', async (role) => {
    for (const method of Object.keys(contract) as MethodName[]) {
      const spec = contract[method];
      if (spec.permission === 'public' || spec.permission === 'session') continue;
      const r = await t.core.dispatch(method, probe(method), { sessionToken: tokens[role] });
      const allowed = roleHas(role, spec.permission);
      // The role check names the permission; a service's own scope check (another station) does not.
      const refusedByRole = !r.ok && r.error.code === 'FORBIDDEN' && (r.error.details as { permission?: string })?.permission === spec.permission;
      expect(refusedByRole, `${role} ${method}`).toBe(!allowed);
    }
  });
});

/** The input each method's module gives for this test (module.ts `probes`), or `{}`. */
function probe(method: MethodName): unknown {
  for (const m of MODULES)
    if (Object.prototype.hasOwnProperty.call(m.contract, method)) return (m.probes as Record<string, unknown> | undefined)?.[method] ?? {};
  throw new Error(`${method} is in no module`);
}
