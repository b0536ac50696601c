import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import { postCommitment, supervisor } from '../../schema';
import { idCheckChar } from '../../../../shared/domain/id-number';
import { setupCore, userSession, type TestCore } from '../../test/helpers';

// Verdicts an HR officer must be able to trust, on awkward people. The test clock says 2026-11-28.
let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));
const err = async (token: string, method: MethodName, input: unknown) => {
  const r = await t.core.dispatch(method, input, { sessionToken: token });
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
};
const ctx = { actor: { id: 'test', name: 'test' }, method: 'test' };

async function county() {
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  const hr = await userSession(t, 'hr', (await t.call('auth.me', {}, t.adminToken)).officeId);
  const base = { officeId: s.id, workStart: '1988-07-01', post: '综合监管岗' };
  // A woman cadre born 1968-01-03: retirement at 55 on 2023-01-03, still on the books.
  const fu = await t.call(
    'cadres.create',
    {
      ...base,
      name: '付倩瑶',
      gender: 'F',
      birthDate: '1968-01-03',
      sgf: true,
      sgfDate: '2020-06-01',
      leadershipPost: '乡科级副职',
      leadershipStart: '2010-01-01',
      rank: '三级主任科员',
      rankStart: '2020-06-01',
    },
    hr,
  );
  // A man born 1965-02-18: 60 years 1 month, retired on 2025-03-18.
  const jiang = await t.call(
    'cadres.create',
    {
      ...base,
      name: '江伟强',
      gender: 'M',
      birthDate: '1965-02-18',
      sgf: true,
      sgfDate: '2021-01-01',
      leadershipPost: '乡科级正职',
      leadershipStart: '2008-01-01',
      rank: '二级主任科员',
      rankStart: '2021-01-01',
    },
    hr,
  );
  // Born 1967-01-10: 60 years 7 months, retiring on 2027-08-10; a supervisor term must stop there.
  const soon = await t.call(
    'cadres.create',
    {
      ...base,
      name: '陈国平',
      gender: 'M',
      birthDate: '1967-01-10',
      sgf: true,
      sgfDate: '2022-01-01',
      leadershipPost: '乡科级副职',
      leadershipStart: '2012-03-01',
      rank: '三级主任科员',
      rankStart: '2022-01-01',
    },
    hr,
  );
  return { s, hr, fu, jiang, soon };
}

describe('cadres past the statutory retirement date', () => {
  it('head the HR dashboard list as overdue, carry a dossier warning, and are neither suggested nor appointable as supervisors', async () => {
    t = await setupCore();
    const { hr, fu, jiang, soon } = await county();
    const dash = await t.call('hr.dashboard', {}, hr);
    expect(dash.nearRetirement.slice(0, 2)).toEqual([
      expect.objectContaining({ name: '付倩瑶', date: '2023-01-03', overdue: true }),
      expect.objectContaining({ name: '江伟强', overdue: true }),
    ]);
    const d = await t.call('dossiers.get', { cadreId: fu.id }, hr);
    expect(d.warnings).toContainEqual({ rule: 'pastRetirement', pass: false, params: { date: '2023-01-03' } });
    expect(d.cadre.pastRetirement).toBe(true);
    // 实改非 veterans past retirement are not suggested, and cannot be appointed.
    const cands = await t.call('roster.candidates', {}, hr);
    expect(cands.map((c) => c.name)).toEqual(['陈国平']);
    expect(await err(hr, 'roster.appoint', { cadreId: jiang.id, startDate: '2026-12-01', duties: '督导', scope: { themes: ['食品安全'] } })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'startDate' },
    });
    // Nor listed for promotion or the second line.
    expect((await t.call('roster.eligibility', { months: 24 }, hr)).rows.map((r) => r.name)).not.toContain('付倩瑶');
    expect((await t.call('roster.secondLine', { all: true }, hr)).map((r) => r.name)).toEqual(['陈国平']);
    const retires = (await t.call('dossiers.get', { cadreId: soon.id }, hr)).retirement.date;
    expect(retires > '2026-11-28').toBe(true);
  });

  it('end a supervisor term and its assignments at the retirement date', async () => {
    t = await setupCore();
    const { hr, jiang, soon } = await county();
    const retires = (await t.call('dossiers.get', { cadreId: soon.id }, hr)).retirement.date;
    expect(
      await err(hr, 'roster.appoint', { cadreId: soon.id, startDate: '2026-01-01', endDate: '2027-12-31', duties: '督导', scope: { themes: ['食品安全'] } }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'endDate' } });
    // An open term stops at the retirement date.
    const sup = await t.call('roster.appoint', { cadreId: soon.id, startDate: '2026-01-01', duties: '督导', scope: { themes: ['食品安全'] } }, hr);
    expect(sup).toMatchObject({ endDate: retires, endsAtRetirement: true, active: true });
    expect(
      await err(hr, 'roster.assign', {
        supervisorId: sup.id,
        targetKind: 'theme',
        theme: '食品安全',
        startDate: '2026-12-01',
        endDate: '2027-12-31',
        goals: '巡查',
        hoursPerMonth: 4,
      }),
    ).toMatchObject({ code: 'BAD_INPUT' });
    await t.call(
      'roster.assign',
      { supervisorId: sup.id, targetKind: 'theme', theme: '食品安全', startDate: '2026-12-01', endDate: retires, goals: '巡查', hoursPerMonth: 4 },
      hr,
    );
    // A term written before this rule (or synced from an old desktop) to 2027-12-31 for a cadre
    // who retired on 2025-03-18 shows as ended at retirement, not active.
    const old = t.core.services.writer.create(
      supervisor,
      {
        officeId: jiang.officeId,
        cadreId: jiang.id,
        startDate: '2024-01-01',
        endDate: '2027-12-31',
        duties: '旧任期',
        scope: JSON.stringify({ stations: [], zones: [], themes: ['x'] }),
        note: null,
      },
      ctx,
    );
    const row = (await t.call('roster.supervisors', {}, hr)).find((r) => r.id === old.id)!;
    expect(row).toMatchObject({ endDate: jiang.retirementDate, endsAtRetirement: true, active: false });
    expect(
      await err(hr, 'roster.assign', {
        supervisorId: old.id,
        targetKind: 'theme',
        theme: 'x',
        startDate: '2026-01-01',
        endDate: '2026-06-30',
        goals: '巡查',
        hoursPerMonth: 1,
      }),
    ).toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('rank promotion', () => {
  it('needs the approval date and the document number, and keeps them in the rank history', async () => {
    t = await setupCore();
    const { hr, soon } = await county();
    for (const y of [2022, 2023, 2024, 2025]) await t.call('dossiers.saveAppraisal', { cadreId: soon.id, year: y, grade: '称职' }, hr);
    expect(await err(hr, 'roster.promote', { cadreId: soon.id, rank: '二级主任科员', date: '2026-10-15' })).toMatchObject({ code: 'BAD_INPUT' });
    expect(
      await err(hr, 'roster.promote', { cadreId: soon.id, rank: '二级主任科员', date: '2026-12-15', decisionRef: '瓯海市监人〔2026〕21 号' }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'date' } });
    await t.call('roster.promote', { cadreId: soon.id, rank: '二级主任科员', date: '2026-10-15', decisionRef: '瓯海市监人〔2026〕21 号' }, hr);
    const d = await t.call('dossiers.get', { cadreId: soon.id }, hr);
    expect(d.ranks.at(-1)).toMatchObject({ rank: '二级主任科员', startDate: '2026-10-15', decisionRef: '瓯海市监人〔2026〕21 号' });
    expect(d.cadre).toMatchObject({ rank: '二级主任科员', rankStart: '2026-10-15' });
  });
});

describe('post commitments awaiting review', () => {
  it('are one per cadre and year, even when two devices wrote the same year', async () => {
    t = await setupCore();
    const { hr, soon, fu } = await county();
    await t.call('dossiers.saveCommitment', { cadreId: soon.id, year: 2025, items: ['全年巡查 24 次'] }, hr);
    await t.call('dossiers.saveCommitment', { cadreId: soon.id, year: 2024, items: ['全年巡查 20 次'] }, hr);
    await t.call('dossiers.saveCommitment', { cadreId: fu.id, year: 2025, items: ['办结率 100%'] }, hr);
    // A second 2025 commitment for the same cadre, as a sync from another desk would land it.
    t.core.services.writer.create(
      postCommitment,
      {
        officeId: soon.officeId,
        cadreId: soon.id,
        year: 2025,
        items: JSON.stringify([{ text: '另一台电脑录入', result: null, note: null }]),
        reviewedOn: null,
        reviewer: null,
      },
      ctx,
    );
    const rows = (await t.call('hr.dashboard', {}, hr)).commitmentsUnreviewed;
    expect(rows.map((r) => `${r.name} ${r.year}`).sort()).toEqual(['付倩瑶 2025', '陈国平 2024', '陈国平 2025']);
  });
});

describe('personal data and the administrator', () => {
  it('keeps identity numbers, appraisal and review comments from the administrator, and out of the audit log', async () => {
    t = await setupCore();
    const { hr, soon } = await county();
    const first17 = '33030419670110001';
    const idNumber = first17 + idCheckChar(first17);
    const base = { officeId: soon.officeId, name: soon.name, gender: soon.gender, birthDate: soon.birthDate, workStart: soon.workStart, post: soon.post };
    await t.call('cadres.update', { id: soon.id, ...base, idNumber }, hr);
    await t.call('dossiers.saveAppraisal', { cadreId: soon.id, year: 2025, grade: '称职', comment: '工作扎实，群众评价好' }, hr);
    const answers = Array.from({ length: 40 }, (_, k) => 1 + (k % 6));
    const plan = await t.call('dossiers.savePlan', { cadreId: soon.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: answers, goal1: '熟悉督导工作' }, hr);
    await t.call('dossiers.submitPlan', { id: plan.id }, hr);
    await t.call('dossiers.reviewPlan', { id: plan.id, comment: '建议调整岗位，另行谈话', date: '2026-11-28' }, hr);
    // HR reads them.
    const forHr = await t.call('dossiers.get', { cadreId: soon.id }, hr);
    expect(forHr.cadre.idNumber).toBe(idNumber);
    expect(forHr.appraisals[0]!.comment).toBe('工作扎实，群众评价好');
    expect(forHr.plans[0]!.reviewComment).toBe('建议调整岗位，另行谈话');
    // The administrator, who manages accounts, does not.
    const forAdmin = await t.call('dossiers.get', { cadreId: soon.id }, t.adminToken);
    expect(forAdmin.cadre.idNumber).not.toBe(idNumber);
    expect(forAdmin.cadre.idMasked).toBe(true);
    expect(forAdmin.appraisals[0]!.comment).toBeNull();
    expect(forAdmin.plans[0]!.reviewComment).toBeNull();
    expect(JSON.stringify(forAdmin)).not.toContain('群众评价好');
    expect(await err(t.adminToken, 'cadres.update', { id: soon.id, ...base, idNumber })).toMatchObject({ code: 'FORBIDDEN' });
    // The audit log keeps only keyed hashes of them.
    const log = (t.core.sqlite.prepare("SELECT group_concat(coalesce(before, '') || coalesce(after, '')) j FROM audit_log").get() as { j: string }).j;
    for (const secret of [idNumber, idNumber.slice(-4), '群众评价好', '另行谈话']) expect(log).not.toContain(secret);
    expect(log).toMatch(/"id_number":"hmac:[0-9a-f]{32}"/);
    expect(log).toMatch(/"review_comment":"hmac:[0-9a-f]{32}"/);
    expect(log).toMatch(/"comment":"hmac:[0-9a-f]{32}"/);
  });
});

describe('smaller things a clerk notices', () => {
  it('accepts a Chinese username, tells a new account apart from a reset one, and words a setting out of range', async () => {
    t = await setupCore();
    const me = await t.call('auth.me', {}, t.adminToken);
    await t.call('users.create', { username: '张伟', displayName: '张伟', role: 'staff', officeId: me.officeId, password: 'Start#Pass-2026' }, t.adminToken);
    const first = await t.call('auth.login', { username: '张伟', password: 'Start#Pass-2026' });
    expect(first.me).toMatchObject({ mustChangePassword: true, passwordChangeReason: 'new' });
    expect(await t.call('auth.me', {}, first.sessionToken)).toMatchObject({ passwordChangeReason: 'new' });
    // A first change attempt that fails (wrong old password), then a second login: still a new account.
    expect(await err(first.sessionToken, 'auth.changePassword', { oldPassword: 'Wrong#Pass-2026', newPassword: 'Next#Pass-2026' })).toMatchObject({
      code: 'BAD_CREDENTIALS',
    });
    const second = await t.call('auth.login', { username: '张伟', password: 'Start#Pass-2026' });
    expect(second.me).toMatchObject({ mustChangePassword: true, passwordChangeReason: 'new' });
    await t.call('auth.changePassword', { oldPassword: 'Start#Pass-2026', newPassword: 'Next#Pass-2026' }, first.sessionToken);
    const id = (await t.call('users.list', {}, t.adminToken)).find((u) => u.username === '张伟')!.id;
    await t.call('users.resetPassword', { id, newPassword: 'Reset#Pass-2026' }, t.adminToken);
    const again = await t.call('auth.login', { username: '张伟', password: 'Reset#Pass-2026' });
    expect(again.me).toMatchObject({ mustChangePassword: true, passwordChangeReason: 'reset' });
    expect(
      await err(t.adminToken, 'users.create', { username: '张 伟', displayName: 'x', role: 'staff', officeId: me.officeId, password: 'Start#Pass-2026' }),
    ).toMatchObject({ code: 'BAD_INPUT' });
    // A setting out of range names the range, not a validator's English.
    expect(await err(t.adminToken, 'settings.set', { key: 'session.idleMinutes', value: 0, effectiveFrom: '2026-11-28' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'range', min: 5, max: 480 },
    });
  });

  it('treats zone codes that differ only in case or width as the same code, and closes a supervision follow-up', async () => {
    t = await setupCore();
    const { hr, s, soon } = await county();
    const z = await t.call('zones.create', { officeId: s.id, code: 'zr0501', name: '一区' }, t.adminToken);
    expect(z.code).toBe('ZR0501');
    expect(await err(t.adminToken, 'zones.create', { officeId: s.id, code: 'ＺＲ0501', name: '二区' })).toMatchObject({ code: 'CONFLICT' });
    const sup = await t.call('roster.appoint', { cadreId: soon.id, startDate: '2026-01-01', duties: '督导', scope: { zones: [z.id] } }, hr);
    const a = (
      await t.call(
        'roster.assign',
        { supervisorId: sup.id, targetKind: 'zone', targetId: z.id, startDate: '2026-11-01', endDate: '2026-12-31', goals: '巡查', hoursPerMonth: 2 },
        hr,
      )
    ).assignment;
    const visit = { assignmentId: a.id, visitDate: '2026-11-20', findings: '一家餐馆未公示许可证', feedback: null, followUp: '督促公示，月底复查', hours: 2 };
    const log = await t.call('roster.log', { ...visit, followStatus: 'open' }, hr);
    expect((await t.call('roster.supervisors', {}, hr))[0]!.openFollowUps).toBe(1);
    // A visit cannot be logged for a day still to come.
    expect(await err(hr, 'roster.log', { ...visit, visitDate: '2026-11-29', followStatus: 'none' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'visitDate' },
    });
    await t.call('roster.log', { id: log.id, ...visit, followStatus: 'done' }, hr);
    expect((await t.call('roster.supervisors', {}, hr))[0]!.openFollowUps).toBe(0);
  });
});
