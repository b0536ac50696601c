import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../shared/contract';
import { ROLES, roleHas, type Role } from '../../../shared/contract/roles';
import { setupCore, type TestCore } from '../test/helpers';

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
    for (const input of [null, 'x', 42, [], { name: '', code: '330304' }, { name: 'x'.repeat(61), code: '330304' }, { name: '新所', code: '330304', extra: true }]) {
      const r = await t.core.dispatch('offices.create', input, { sessionToken: t.adminToken });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_INPUT');
    }
    expect(await t.core.dispatch('offices.create', { name: '新所', code: '33030' }, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { field: 'code' } } });
    expect((await t.call('offices.list', { includeInactive: true }, t.adminToken)).length).toBe(before);
  });

  // Valid-enough inputs so that permission, not parsing, decides.
  const noBackup = '/nonexistent/branch-desk-2026-01-01.sqlite';
  const sampleInputs: Partial<Record<MethodName, unknown>> = { 'update.configure': { feedUrl: null }, 'backup.verify': { file: noBackup }, 'backup.restore': { file: noBackup, confirm: true }, 'backup.recoveryKey': { password: 'x' } };

  it.each(ROLES)('enforces the permission map for %s over every method', async (role) => {
    for (const method of Object.keys(contract) as MethodName[]) {
      const spec = contract[method];
      if (spec.permission === 'public' || spec.permission === 'session') continue;
      const r = await t.core.dispatch(method, sampleInputs[method] ?? minimalInput(method), { sessionToken: tokens[role] });
      const allowed = roleHas(role, spec.permission);
      // The role check names the permission; a service's own scope check (another station) does not.
      const refusedByRole = !r.ok && r.error.code === 'FORBIDDEN' && (r.error.details as { permission?: string })?.permission === spec.permission;
      expect(refusedByRole, `${role} ${method}`).toBe(!allowed);
    }
  });
});

/** The smallest input each method parses; bodies that would write use ids that do not exist. */
function minimalInput(method: MethodName): unknown {
  const id = '00000000-0000-7000-8000-000000000000';
  const inputs: Partial<Record<MethodName, unknown>> = {
    'users.create': { username: 'zz_probe', displayName: 'x', role: 'staff', officeId: id, password: 'short' },
    'users.update': { id },
    'users.resetPassword': { id, newPassword: 'short' },
    'users.unlock': { id },
    'offices.create': { name: 'probe', code: '33030' },
    'offices.update': { id, name: 'probe', code: '33030' },
    'offices.setActive': { id, active: true },
    'cadres.create': { officeId: id, name: 'probe', gender: 'M', birthDate: '1990-01-01' },
    'cadres.update': { id, officeId: id, name: 'probe', gender: 'M', birthDate: '1990-01-01' },
    'cadres.remove': { id },
    'cadres.importPreview': { fileName: 'x.xlsx', fileBase64: 'AAAA' },
    'settings.set': { key: 'session.idleMinutes', value: -1, effectiveFrom: '2026-01-01' },
    'audit.list': {},
    'zones.list': {},
    'zones.create': { officeId: id, code: 'Z1', name: 'probe' },
    'zones.update': { id, code: 'Z1', name: 'probe' },
    'zones.retire': { id, date: '2026-01-01' },
    'zones.split': { id, date: '2026-01-01', a: { code: 'A', name: 'a' }, b: { code: 'B', name: 'b' }, businessIdsToB: [], commit: false },
    'zones.merge': { ids: [id, id], date: '2026-01-01', into: { code: 'M', name: 'm' }, commit: false },
    'zones.assign': { zoneId: id, cadreId: id, role: 'owner', startDate: '2026-01-01' },
    'zones.endAssignment': { id, endDate: '2026-01-01' },
    'zones.history': { zoneId: id },
    'zones.reassignAll': { fromCadreId: id, date: '2026-01-01', targets: [{ zoneId: id, cadreId: id }], commit: false },
    'grids.create': { officeId: id, township: 't', code: 'G1', name: 'g' },
    'grids.update': { id, township: 't', code: 'G1', name: 'g' },
    'grids.setZones': { gridId: id, zoneIds: [] },
    'businesses.create': { officeId: id, name: 'probe' },
    'businesses.update': { id, officeId: id, name: 'probe' },
    'businesses.importPreview': { officeId: id, fileName: 'x.xlsx', fileBase64: 'AAAA' },
    'census.importPreview': { censusId: id, fileName: 'x.xlsx', fileBase64: 'AAAA' },
    'census.export': { censusId: id },
    'census.create': { officeId: id, name: 'c', censusDate: '2026-01-01' },
    'census.entries': { censusId: id },
    'census.addEntry': { censusId: id, name: 'x' },
    'census.updateEntry': { id, censusId: id, name: 'x' },
    'census.counts': { censusId: id },
    'sync.enroll': { hubUrl: 'http://127.0.0.1:9/', code: 'probe-code', deviceName: 'probe' },
    'sync.resolve': { conflictId: 'none', choice: 'current' },
    'sync.importSnapshot': { fileBase64: 'AAAA' },
    'sync.dropQuarantined': { seq: 0 },
    'dossier.get': { cadreId: id },
    'dossier.savePlan': { cadreId: id, periodStart: 2026, periodEnd: 2028 },
    'dossier.submitPlan': { id },
    'dossier.reviewPlan': { id, comment: 'x', date: '2026-01-01' },
    'dossier.removePlan': { id },
    'dossier.saveCommitment': { cadreId: id, year: 2026, items: ['x'] },
    'dossier.reviewCommitment': { id, date: '2026-12-20', results: [{ result: 'met' }] },
    'dossier.removeCommitment': { id },
    'dossier.declare': { cadreId: id, kind: 'post', target: 'x', reason: 'x' },
    'dossier.decide': { id, decision: 'approved', date: '2026-01-01' },
    'dossier.openDeclarations': {},
    'dossier.saveInternship': { cadreId: id, post: 'x', startDate: '2026-01-01', endDate: '2026-02-01', supervisor: 'x' },
    'dossier.removeInternship': { id },
    'dossier.saveSecondment': { cadreId: id, kind: 'secondment', hostOrg: 'x', post: 'x', startDate: '2026-01-01' },
    'dossier.removeSecondment': { id },
    'dossier.saveMentoring': { cadreId: id, mentorId: id, startDate: '2026-01-01', goals: 'x' },
    'dossier.removeMentoring': { id },
    'dossier.saveAppraisal': { cadreId: id, year: 2025, grade: '称职' },
    'dossier.removeAppraisal': { id },
    'dossier.quota': { year: 2025 },
    'dossier.saveMerit': { cadreId: id, kind: 'reward', date: '2026-01-01', title: 'x' },
    'dossier.removeMerit': { id },
    'hr.dashboard': {},
    'roster.appoint': { cadreId: id, startDate: '2026-01-01', duties: 'x', scope: { themes: ['食品安全'] } },
    'roster.supervisor': { id },
    'roster.assign': { supervisorId: id, targetKind: 'theme', theme: 'x', startDate: '2026-01-01', endDate: '2026-02-01', goals: 'x', hoursPerMonth: 4 },
    'roster.removeAssignment': { id },
    'roster.log': { assignmentId: id, visitDate: '2026-01-05', findings: 'x' },
    'roster.defer': { cadreId: id, date: '2026-01-01', newDate: '2027-01-01', approver: 'x', decisionRef: 'x' },
    'roster.moveToSecondLine': { cadreId: id, date: '2026-01-01' },
    'roster.promote': { cadreId: id, rank: 'x', date: '2026-01-01', decisionRef: 'x' },
    'training.savePlan': { id, year: 2026, title: 'x' },
    'training.removePlan': { id },
    'training.course': { id },
    'training.saveCourse': { id, planId: id, kind: 'drill', subKind: '法律', title: 'x', startDate: '2026-01-01', endDate: '2026-01-01', hours: 4, days: 1 },
    'training.removeCourse': { id },
    'training.enrol': { courseId: id, cadreIds: [id] },
    'training.unenrol': { id },
    'training.settleOverfill': { courseId: id },
    'training.attend': { courseId: id, records: [{ cadreId: id, attendance: 'attended' }] },
    'training.importAttendance': { courseId: id, rows: [{ name: 'x' }], commit: false },
    'training.compliance': { year: 2026 },
    'training.saveEducation': { id, cadreId: id, institution: 'x', degree: 'x', startDate: '2026-01-01' },
    'training.removeEducation': { id },
  };
  return inputs[method] ?? {};
}
