import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import { setupCore, userSession, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const err = async (method: MethodName, input: unknown) => {
  const r = await t.core.dispatch(method, input, { sessionToken: t.adminToken });
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
};
const outbox = () => (t.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;

// The test clock says 2026-11-28.
async function county() {
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  const z1 = await t.call('zones.create', { officeId: s.id, code: 'JS01', name: '景山一区' }, t.adminToken);
  const z2 = await t.call('zones.create', { officeId: s.id, code: 'JS02', name: '景山二区' }, t.adminToken);
  const base = { officeId: s.id, workStart: '1990-07-01' };
  // Second-line age 55 for men: 1971-06-15 reaches it on 2026-06-15, already past; 1972-03-01 in 3 months.
  const chief = await t.call(
    'cadres.create',
    {
      ...base,
      name: '王建华',
      gender: 'M',
      birthDate: '1972-03-01',
      post: '所长',
      leadershipPost: '乡科级正职',
      leadershipStart: '2015-01-01',
      rank: '一级主任科员',
      rankStart: '2021-01-01',
    },
    t.adminToken,
  );
  const veteran = await t.call(
    'cadres.create',
    {
      ...base,
      name: '陈国平',
      gender: 'M',
      birthDate: '1968-05-10',
      post: '督导',
      leadershipPost: '乡科级副职',
      leadershipStart: '2012-03-01',
      rank: '三级主任科员',
      rankStart: '2024-05-01',
      sgf: true,
      sgfDate: '2024-05-01',
    },
    t.adminToken,
  );
  const young = await t.call(
    'cadres.create',
    { ...base, name: '林晓', gender: 'F', birthDate: '1995-02-01', workStart: '2019-07-01', rank: '一级科员', rankStart: '2023-08-01' },
    t.adminToken,
  );
  return { s, z1, z2, chief, veteran, young };
}

describe('supervisor roster', () => {
  it('suggests 实改非 cadres first, keeps assignments inside the term, and warns over the workload cap', async () => {
    t = await setupCore();
    const { s, z1, z2, veteran } = await county();
    const cands = await t.call('roster.candidates', {}, t.adminToken);
    expect(cands[0]).toMatchObject({ name: '陈国平', sgf: true });
    const sup = await t.call(
      'roster.appoint',
      {
        cadreId: veteran.id,
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        duties: '督导食品安全和无照经营整治',
        scope: { stations: [s.id], zones: [z1.id, z2.id], themes: ['食品安全'] },
      },
      t.adminToken,
    );
    expect(sup.scopeLabels).toEqual({ stations: ['景山所'], zones: ['JS01 景山一区', 'JS02 景山二区'] });
    expect(await err('roster.appoint', { cadreId: veteran.id, startDate: '2026-06-01', duties: '重复', scope: { themes: ['x'] } })).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'termOverlap', name: '陈国平', since: '2026-01-01' },
    });
    const before = outbox();
    expect(
      await err('roster.assign', {
        supervisorId: sup.id,
        targetKind: 'zone',
        targetId: z1.id,
        startDate: '2025-12-01',
        endDate: '2026-03-31',
        goals: '巡查',
        hoursPerMonth: 4,
      }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'assignmentOutsideTerm', start: '2026-01-01', end: '2027-12-31' } });
    expect(
      await err('roster.assign', {
        supervisorId: sup.id,
        targetKind: 'zone',
        targetId: z1.id,
        startDate: '2026-12-01',
        endDate: '2028-03-31',
        goals: '巡查',
        hoursPerMonth: 4,
      }),
    ).toMatchObject({ code: 'BAD_INPUT' });
    expect(outbox()).toBe(before);
    let last;
    for (const [kind, target, hours] of [
      ['zone', z1.id, 6],
      ['zone', z2.id, 6],
      ['station', s.id, 4],
      ['theme', null, 2],
    ] as const) {
      last = await t.call(
        'roster.assign',
        {
          supervisorId: sup.id,
          targetKind: kind,
          targetId: target,
          theme: kind === 'theme' ? '无照经营整治' : null,
          startDate: '2026-11-01',
          endDate: '2027-06-30',
          goals: '每月督导一次',
          hoursPerMonth: hours,
        },
        t.adminToken,
      );
    }
    // 4 assignments, 18 hours: the hours cap (16) is exceeded, the count cap (4) is not.
    expect(last!.warnings).toEqual([
      {
        rule: 'overCap',
        pass: false,
        params: { day: '2026-11-28', assignments: 4, hours: 18, maxAssignments: 4, maxHours: 16, assignmentsVersion: 0, hoursVersion: 0 },
      },
    ]);
    expect(last!.assignment).toMatchObject({ targetKind: 'theme', targetLabel: '无照经营整治', targetOffice: null });
    const [row] = await t.call('roster.supervisors', {}, t.adminToken);
    expect(row!.load).toMatchObject({ assignments: 4, hours: 18, maxAssignments: 4, maxHours: 16, over: true });

    const page = await t.call('roster.supervisor', { id: sup.id }, t.adminToken);
    const a = page.assignments.find((x) => x.targetKind === 'zone')!;
    expect(a).toMatchObject({ targetLabel: expect.stringMatching(/^JS0[12] 景山[一二]区$/), targetOffice: '景山所' });
    expect(await err('roster.log', { assignmentId: a.id, visitDate: '2026-10-01', findings: '早于任务' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'visitDate' },
    });
    expect(await err('roster.log', { assignmentId: a.id, visitDate: '2026-11-20', findings: '发现问题', followStatus: 'open' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'followUp' },
    });
    await t.call(
      'roster.log',
      { assignmentId: a.id, visitDate: '2026-11-20', findings: '两家小餐馆未公示许可证', followUp: '责令整改，12 月复查', followStatus: 'open', hours: 3 },
      t.adminToken,
    );
    expect((await t.call('roster.supervisors', {}, t.adminToken))[0]!.openFollowUps).toBe(1);
    expect(await err('roster.removeAssignment', { id: a.id })).toMatchObject({ code: 'RULE_VIOLATION', details: { reason: 'assignmentHasLog' } });
  });
});

describe('a supervisor signed in with a staff account', () => {
  it('finds their own current term, and can read and log on their page but not manage it', async () => {
    t = await setupCore();
    const { s, z1, veteran, young } = await county();
    const staff = await userSession(t, 'staff', s.id, veteran.id);
    const other = await userSession(t, 'staff', s.id, young.id);
    expect(await t.call('roster.mine', {}, staff)).toEqual({ supervisorId: null });
    const old = await t.call(
      'roster.appoint',
      { cadreId: veteran.id, startDate: '2024-01-01', endDate: '2025-12-31', duties: '上一任期', scope: { themes: ['食品安全'] } },
      t.adminToken,
    );
    expect(await t.call('roster.mine', {}, staff)).toEqual({ supervisorId: old.id });
    const sup = await t.call(
      'roster.appoint',
      { cadreId: veteran.id, startDate: '2026-01-01', duties: '督导景山一区', scope: { zones: [z1.id] } },
      t.adminToken,
    );
    // The term that is current today, not the earlier one.
    expect(await t.call('roster.mine', {}, staff)).toEqual({ supervisorId: sup.id });
    expect(await t.call('roster.mine', {}, other)).toEqual({ supervisorId: null });
    expect(await t.call('roster.mine', {}, t.adminToken)).toEqual({ supervisorId: null });
    const page = await t.call('roster.supervisor', { id: sup.id }, staff);
    expect(page).toMatchObject({ canLog: true, canManage: false });
    expect(await t.core.dispatch('roster.supervisor', { id: sup.id }, { sessionToken: other })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'notYourRecord' } },
    });
    // A chief reads the supervisors whose work reaches the station, and no others.
    const chief = await userSession(t, 'chief', s.id);
    const away = await t.call('offices.create', { name: '新桥所', code: '330305' }, t.adminToken);
    const awayChief = await userSession(t, 'chief', away.id);
    expect(await t.call('roster.supervisor', { id: sup.id }, chief)).toMatchObject({ canLog: false, canManage: false });
    expect((await t.call('roster.supervisors', {}, chief)).map((x) => x.id)).toContain(sup.id);
    expect(await t.core.dispatch('roster.supervisor', { id: sup.id }, { sessionToken: awayChief })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'otherStation' } },
    });
    expect(await t.call('roster.supervisors', {}, awayChief)).toEqual([]);
  });
});

describe('second line', () => {
  it('lists middle-level cadres in the window, limits deferrals, and offers the moved cadre for the roster', async () => {
    t = await setupCore();
    const { chief, young } = await county();
    const list = await t.call('roster.secondLine', {}, t.adminToken);
    expect(list.map((r) => r.name)).toEqual(['陈国平', '王建华']);
    const wang = list.find((r) => r.name === '王建华')!;
    expect(wang).toMatchObject({ baseDate: '2027-03-01', maxDate: '2030-03-01', monthsLeft: 3 });
    expect(wang.basis).toEqual([
      { rule: 'secondLineAge', pass: true, params: { gender: 'M', born: '1972-03', age: 55, version: 0, date: '2027-03-01' } },
      { rule: 'maxDeferral', pass: true, params: { years: 3, version: 0, date: '2030-03-01' } },
    ]);
    expect(wang.ageMonths).toBe(54 * 12 + 8);
    const before = outbox();
    expect(
      await err('roster.defer', { cadreId: chief.id, date: '2026-11-28', newDate: '2030-06-01', approver: '区局党组', decisionRef: '瓯市监〔2026〕12 号' }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'deferralTooLong', maxDate: '2030-03-01', years: 3, version: 0 } });
    expect(
      await err('roster.defer', { cadreId: chief.id, date: '2026-11-28', newDate: '2028-03-01', approver: '', decisionRef: '瓯市监〔2026〕12 号' }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'approver' } });
    expect(await err('roster.defer', { cadreId: young.id, date: '2026-11-28', newDate: '2028-03-01', approver: '区局党组', decisionRef: 'x' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'notMiddleLevel', name: '林晓' },
    });
    expect(outbox()).toBe(before);
    const d = await t.call(
      'roster.defer',
      { cadreId: chief.id, date: '2026-11-28', newDate: '2028-03-01', approver: '区局党组', decisionRef: '瓯市监〔2026〕12 号' },
      t.adminToken,
    );
    expect(d).toMatchObject({ deferred: true, date: '2028-03-01' });
    expect(d.basis[1]).toEqual({ rule: 'deferredBy', pass: true, params: { approver: '区局党组', decisionRef: '瓯市监〔2026〕12 号', date: '2028-03-01' } });
    // Deferred past the window: off the default list.
    expect((await t.call('roster.secondLine', {}, t.adminToken)).map((r) => r.name)).toEqual(['陈国平']);
    const moved = await t.call('roster.moveToSecondLine', { cadreId: chief.id, date: '2026-11-28' }, t.adminToken);
    expect(moved.offerSupervisor).toBe(true);
    const dos = await t.call('dossiers.get', { cadreId: chief.id }, t.adminToken);
    expect([dos.cadre.status, dos.stage?.stage]).toEqual(['second_line', 'retreat']);
    expect(await err('roster.moveToSecondLine', { cadreId: chief.id, date: '2026-11-29' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'alreadySecondLine', name: '王建华' },
    });
  });
});

describe('rank eligibility', () => {
  it('explains each verdict, counts 实改非 leadership time, refuses a skipped rank, and names a setting changed mid-period', async () => {
    t = await setupCore();
    const { young, veteran } = await county();
    for (const [cadreId, year, grade] of [
      [young.id, 2023, '称职'],
      [young.id, 2024, '基本称职'],
      [young.id, 2025, '称职'],
      [veteran.id, 2024, '称职'],
      [veteran.id, 2025, '优秀'],
    ] as const) {
      await t.call('dossiers.saveAppraisal', { cadreId, year, grade }, t.adminToken);
    }
    // A cadre at 四级主任科员 since 2023-06-01 with no annual appraisal on file is not eligible.
    const none = await t.call(
      'cadres.create',
      {
        officeId: young.officeId,
        name: '无考核',
        gender: 'M',
        birthDate: '1988-01-01',
        workStart: '2010-07-01',
        rank: '四级主任科员',
        rankStart: '2023-06-01',
      },
      t.adminToken,
    );
    const { rows } = await t.call('roster.eligibility', {}, t.adminToken);
    expect(rows.find((r) => r.cadreId === none.id)).toMatchObject({
      eligibleToday: false,
      criteria: expect.arrayContaining([{ pass: false, rule: 'appraisalMissing', params: { years: [2023, 2024, 2025] } }]),
    });
    const lin = rows.find((r) => r.name === '林晓')!;
    // 一级科员 from 2023-08-01 needs 3 years; 2024 (基本称职) does not count: eligible 2027-08-01.
    expect(lin).toMatchObject({ currentRank: '一级科员', nextRank: '四级主任科员', eligibleToday: false, eligibleOn: '2027-08-01', withinMonths: false });
    expect(lin.criteria).toContainEqual({ rule: 'weakYear', pass: false, params: { year: 2024, grade: '基本称职', months: 12 } });
    const chen = rows.find((r) => r.name === '陈国平')!;
    // 三级主任科员 only since 2024-05, but the 乡科级副职 time from 2012 does not match the 三级→二级 step;
    // the ladder from 三级主任科员 needs 2 years in the rank itself.
    expect(chen).toMatchObject({ currentRank: '三级主任科员', nextRank: '二级主任科员', eligibleOn: '2026-05-01', eligibleToday: true });
    expect(await err('roster.promote', { cadreId: veteran.id, rank: '一级主任科员', date: '2026-11-27', decisionRef: '区市监人〔2026〕22 号' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'rankSkipped', field: 'rank', next: '二级主任科员', target: '一级主任科员' },
    });
    const p = await t.call(
      'roster.promote',
      { cadreId: veteran.id, rank: '二级主任科员', date: '2026-11-28', decisionRef: '区市监人〔2026〕21 号' },
      t.adminToken,
    );
    expect(p.warnings).toEqual([]);
    const d = await t.call('dossiers.get', { cadreId: veteran.id }, t.adminToken);
    expect(d.ranks.map((r) => r.rank)).toEqual(['三级主任科员', '二级主任科员']);
    // The ladder changes mid-period: verdicts from then on name the new version.
    const ladder = [
      { to: '一级科员', from: ['二级科员'], years: 2 },
      { to: '四级主任科员', from: ['一级科员'], years: 2 },
      { to: '三级主任科员', from: ['四级主任科员', '乡科级副职'], years: 2 },
      { to: '二级主任科员', from: ['三级主任科员'], years: 2 },
      { to: '一级主任科员', from: ['二级主任科员', '乡科级正职'], years: 2 },
      { to: '四级调研员', from: ['一级主任科员'], years: 2 },
    ];
    await t.call('settings.set', { key: 'rank.ladder', value: ladder, effectiveFrom: '2026-11-01', note: '试行' }, t.adminToken);
    const after = (await t.call('roster.eligibility', {}, t.adminToken)).rows.find((r) => r.name === '林晓')!;
    expect(after.criteria[0]).toMatchObject({ rule: 'years', pass: true, params: { version: 1, years: 2 } });
    expect(after.eligibleOn).toBe('2026-08-01');
    expect(after.eligibleToday).toBe(true);
  });
});

describe('training as promotion evidence', () => {
  it("shows last year's annual minimum and an overdue 任职培训 beside each verdict, without changing it", async () => {
    t = await setupCore();
    const { young, veteran } = await county();
    const evidence = async (name: string) => (await t.call('roster.eligibility', {}, t.adminToken)).rows.find((r) => r.name === name)!;
    let lin = await evidence('林晓');
    const verdict = { eligibleOn: lin.eligibleOn, eligibleToday: lin.eligibleToday, criteria: lin.criteria };
    expect(lin.training).toEqual({
      pass: false,
      outcomes: [{ rule: 'lastYearBehind', pass: false, params: { year: 2025, hoursShort: 90, daysShort: 12, fullTimeShort: 6 } }],
    });
    const plan = await t.call(
      'training.savePlan',
      { year: 2025, title: '2025 年度培训计划', targetStages: [], abilities: [], status: 'approved' },
      t.adminToken,
    );
    const course = await t.call(
      'training.saveCourse',
      {
        planId: plan.id,
        kind: 'specialist',
        title: '执法业务脱产培训',
        startDate: '2025-03-03',
        endDate: '2025-03-14',
        hours: 96,
        days: 12,
        fullTime: true,
        targetStages: [],
        targetPosts: [],
        abilities: [],
      },
      t.adminToken,
    );
    await t.call('training.enrol', { courseId: course.id, cadreIds: [young.id, veteran.id], waitlist: false }, t.adminToken);
    await t.call(
      'training.attend',
      {
        courseId: course.id,
        records: [
          { cadreId: young.id, attendance: 'attended' },
          { cadreId: veteran.id, attendance: 'excused' },
        ],
      },
      t.adminToken,
    );
    lin = await evidence('林晓');
    expect(lin.training).toEqual({ pass: true, outcomes: [{ rule: 'lastYearMet', pass: true, params: { year: 2025, hours: 96, days: 12 } }] });
    // Evidence only: the verdict is the ladder's, with or without training.
    expect(lin).toMatchObject(verdict);
    expect((await evidence('陈国平')).training).toMatchObject({
      pass: false,
      outcomes: [expect.objectContaining({ rule: 'lastYearBehind', params: expect.objectContaining({ year: 2025 }) })],
    });
    // A promotion in mid-2025 without 任职培训 within 12 months is overdue by now.
    // Recorded although not eligible that day: the warnings name what was not met.
    const early = await t.call(
      'roster.promote',
      { cadreId: young.id, rank: '四级主任科员', date: '2025-06-01', decisionRef: '区市监人〔2025〕9 号' },
      t.adminToken,
    );
    expect(early.warnings).toEqual([
      { rule: 'notEligible', pass: false, params: { date: '2025-06-01' } },
      expect.objectContaining({ rule: 'years', pass: false }),
      { rule: 'appraisalMissing', pass: false, params: { years: [2023, 2024] } },
    ]);
    lin = await evidence('林晓');
    expect(lin.training?.outcomes).toContainEqual({
      rule: 'postMissing',
      pass: false,
      params: { date: '2025-06-01', rank: '四级主任科员', deadline: '2026-05-31' },
    });
    expect(lin.training?.pass).toBe(false);
    expect(lin.currentRank).toBe('四级主任科员');
  });
});

describe('sample county', () => {
  it('has 实改非 supervisors with assignments and logs, and real cases on the eligibility list', async () => {
    t = await setupCore({ sample: true });
    const sups = await t.call('roster.supervisors', {}, t.adminToken);
    expect(sups.length).toBe(2);
    expect(sups.every((s) => s.sgf && s.load.assignments === 2)).toBe(true);
    expect(sups.some((s) => s.openFollowUps === 1)).toBe(true);
    const { rows } = await t.call('roster.eligibility', { months: 6 }, t.adminToken);
    expect(rows.some((r) => r.eligibleToday)).toBe(true);
    expect(rows.some((r) => !r.eligibleToday)).toBe(true);
    expect((await t.call('roster.secondLine', { all: true }, t.adminToken)).length).toBeGreaterThan(0);
  });
});
