import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import type { Role } from '../../../../shared/contract/roles';
import { idCheckChar } from '../../../../shared/domain/id-number';
import { setupCore, userSession, type TestCore } from '../../test/helpers';

let t: TestCore;
/** The HR officer's session: HR, not the administrator, keeps dossiers and reads personal data. */
let hr: string;
afterEach(() => t?.core.close({ backup: false }));

/** A valid identity number for a birth date; the sequence digit sets the gender (odd: male). */
const idFor = (birth: string, seq = '001') => {
  const first17 = `330304${birth.replaceAll('-', '')}${seq}`;
  return first17 + idCheckChar(first17);
};

const err = async (token: string, method: MethodName, input: unknown) => {
  const r = await t.core.dispatch(method, input, { sessionToken: token });
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
};
const count = (table: string) => (t.core.sqlite.prepare(`SELECT count(*) n FROM "${table}" WHERE deleted_at IS NULL`).get() as { n: number }).n;
const outbox = () => (t.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;

const user = (role: Role, officeId: string, cadreId: string | null = null) => userSession(t, role, officeId, cadreId);
async function setup(opts: { sample?: boolean } = {}) {
  t = await setupCore(opts);
  hr = await userSession(t, 'hr', (await t.call('auth.me', {}, t.adminToken)).officeId);
}

async function county() {
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  const other = await t.call('offices.create', { name: '新桥所', code: '330304' }, t.adminToken);
  // The test clock says 2026-11-28.
  const recruit = await t.call(
    'cadres.create',
    {
      officeId: s.id,
      name: '林晓',
      gender: 'F',
      birthDate: '1999-05-02',
      idNumber: idFor('1999-05-02', '002'),
      workStart: '2025-08-01',
      joinDate: '2025-08-01',
      post: '综合监管岗',
      rank: '一级科员',
      rankStart: '2025-08-01',
    },
    hr,
  );
  const veteran = await t.call(
    'cadres.create',
    {
      officeId: s.id,
      name: '王建华',
      gender: 'M',
      birthDate: '1966-03-10',
      idNumber: idFor('1966-03-10', '011'),
      workStart: '1986-07-01',
      post: '所长',
      leadershipPost: '乡科级正职',
      rank: '一级主任科员',
      rankStart: '2020-01-01',
    },
    hr,
  );
  const outsider = await t.call('cadres.create', { officeId: other.id, name: '周敏', gender: 'F', birthDate: '1990-01-01', workStart: '2012-07-01' }, hr);
  return { s, other, recruit, veteran, outsider };
}

const answers = (f: (k: number) => number) => Array.from({ length: 40 }, (_, k) => f(k));

describe('cadre register', () => {
  it('validates the identity number against the birth date and gender, and writes nothing on a bad one', async () => {
    await setup();
    const { s } = await county();
    const before = [count('cadre'), outbox()];
    const base = { officeId: s.id, name: '陈一', gender: 'M' as const, birthDate: '1990-04-05' };
    const good = idFor('1990-04-05', '011');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(await err(hr, 'cadres.create', { ...base, idNumber: badCheck })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'idNumber', reason: 'idNumberCheck' },
    });
    expect(await err(hr, 'cadres.create', { ...base, idNumber: '33030419900405' })).toMatchObject({ code: 'BAD_INPUT', details: { field: 'idNumber' } });
    expect(await err(hr, 'cadres.create', { ...base, birthDate: '1990-04-06', idNumber: good })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'birthDate', reason: 'idNumberBirthMismatch', idBirthDate: '1990-04-05' },
    });
    expect(await err(hr, 'cadres.create', { ...base, gender: 'F', idNumber: good })).toMatchObject({ code: 'BAD_INPUT', details: { field: 'gender' } });
    expect([count('cadre'), outbox()]).toEqual(before);
    // Full-width digits and a lower-case x are normalised.
    const c = await t.call('cadres.create', { ...base, idNumber: good.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) }, hr);
    expect(c.idNumber).toBe(good);
    expect(await err(hr, 'cadres.create', { ...base, name: '陈二', idNumber: good })).toMatchObject({ code: 'CONFLICT' });
  });

  it('masks identity numbers for everyone but HR, and refuses them from a station chief', async () => {
    await setup();
    const { s, recruit } = await county();
    const hr = await user('hr', s.id);
    const chief = await user('chief', s.id);
    const full = idFor('1999-05-02', '002');
    const seenBy = async (tok: string) => (await t.call('cadres.list', { officeId: s.id }, tok)).find((c) => c.id === recruit.id)!;
    expect(await seenBy(hr)).toMatchObject({ idNumber: full, idMasked: false });
    const masked = await seenBy(chief);
    expect(masked.idMasked).toBe(true);
    expect(masked.idNumber).not.toContain(full.slice(4, 14));
    expect(masked.idNumber).toMatch(/^3303\*{10}\d{3}[\dX]$/);
    // A chief may edit the post without seeing the number; the number stays.
    const edit = {
      officeId: s.id,
      name: '林晓',
      gender: 'F' as const,
      birthDate: '1999-05-02',
      workStart: '2025-08-01',
      post: '食品安全监管岗',
      rank: '一级科员',
      rankStart: '2025-08-01',
    };
    await t.call('cadres.update', { id: recruit.id, ...edit }, chief);
    expect(await seenBy(hr)).toMatchObject({ idNumber: full, post: '食品安全监管岗' });
    expect(await err(chief, 'cadres.update', { id: recruit.id, ...edit, idNumber: full })).toMatchObject({ code: 'FORBIDDEN', details: { field: 'idNumber' } });
    // The audit trail never holds the number.
    const audit = t.core.sqlite.prepare("SELECT group_concat(coalesce(after, '') || coalesce(before, '')) j FROM audit_log WHERE entity = 'cadre'").get() as {
      j: string;
    };
    expect(audit.j).not.toContain(full);
  });

  it('keeps the rank history and computes the career stage', async () => {
    await setup();
    const { s, recruit, veteran } = await county();
    const base = { officeId: s.id, name: '林晓', gender: 'F' as const, birthDate: '1999-05-02', workStart: '2025-08-01', post: '综合监管岗' };
    await t.call('cadres.update', { id: recruit.id, ...base, rank: '四级主任科员', rankStart: '2026-09-01' }, hr);
    const d = await t.call('dossiers.get', { cadreId: recruit.id }, hr);
    expect(d.ranks.map((r) => [r.rank, r.startDate])).toEqual([
      ['一级科员', '2025-08-01'],
      ['四级主任科员', '2026-09-01'],
    ]);
    expect(d.stage).toMatchObject({
      stage: 'adapt',
      basis: { why: 'served', serviceYears: 1, serviceMonths: 3 },
      settingVersions: { adapt: 0, growth: 0, retreat: 0 },
    });
    expect(d.warnings).toContainEqual({ rule: 'noInternship', pass: false, params: { name: '林晓' } });
    const v = await t.call('dossiers.get', { cadreId: veteran.id }, hr);
    // A man born 1966-03 is 14 months after the 1965-01 start: 4 months of delay, 60 years 4 months.
    expect(v.retirement).toMatchObject({ date: '2026-07-10', birthYear: 1966, birthMonth: 3, baseYears: 60, delayMonths: 4, ageMonths: 724 });
    expect(v.stage?.stage).toBe('retreat');
  });
});

describe('career plan', () => {
  it('needs a period, allows one plan per period, and scores the anchor survey', async () => {
    await setup();
    const { recruit } = await county();
    const before = outbox();
    expect(await err(hr, 'dossiers.savePlan', { cadreId: recruit.id, goal1: '熟悉业务' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'periodStart' },
    });
    expect(await err(hr, 'dossiers.savePlan', { cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: [7] })).toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(await err(hr, 'dossiers.savePlan', { cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: [0] })).toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(outbox()).toBe(before);
    // SV (item k ≡ 5 mod 8) scores highest.
    const p = await t.call(
      'dossiers.savePlan',
      { cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: answers((k) => (k % 8 === 5 ? 6 : 2)), goal1: '熟悉登记注册业务' },
      hr,
    );
    expect(p.anchorTop).toBe('SV');
    expect(p.anchorScores).toMatchObject({ SV: 6, TF: 2 });
    expect(await err(hr, 'dossiers.savePlan', { cadreId: recruit.id, periodStart: 2028, periodEnd: 2030 })).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'careerPlanPeriodTaken', from: 2026, to: 2028 },
    });
    await t.call('dossiers.savePlan', { cadreId: recruit.id, periodStart: 2029, periodEnd: 2031 }, hr);
    expect(await err(hr, 'dossiers.savePlan', { id: p.id, cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorOverride: 'GM' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'overrideReason' },
    });
  });

  it('submits only a complete survey and reviews only after submission', async () => {
    await setup();
    const { recruit } = await county();
    const half = await t.call(
      'dossiers.savePlan',
      { cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: answers(() => 3).slice(0, 20), goal1: '熟悉业务' },
      hr,
    );
    expect(half.anchorTop).toBeNull();
    expect(await err(hr, 'dossiers.submitPlan', { id: half.id })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'careerPlanSurveyIncomplete', answered: 20 },
    });
    expect(await err(hr, 'dossiers.reviewPlan', { id: half.id, comment: '好', date: '2026-11-28' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'careerPlanNotSubmitted' },
    });
    const full = await t.call(
      'dossiers.savePlan',
      { id: half.id, cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: answers((k) => (k % 8 === 1 ? 5 : 3)), goal1: '熟悉业务' },
      hr,
    );
    const sub = await t.call('dossiers.submitPlan', { id: full.id }, hr);
    expect(sub).toMatchObject({ status: 'submitted', submittedOn: '2026-11-28', anchorTop: 'GM' });
    expect(await err(hr, 'dossiers.savePlan', { id: full.id, cadreId: recruit.id, periodStart: 2026, periodEnd: 2028 })).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    // A review records what was done: not on a later day than today (the test clock's 2026-11-28).
    expect(await err(hr, 'dossiers.reviewPlan', { id: full.id, comment: '好', date: '2026-11-29' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'date' },
    });
    const rev = await t.call('dossiers.reviewPlan', { id: full.id, comment: '目标明确，建议参加登记业务培训', date: '2026-11-28' }, hr);
    expect(rev).toMatchObject({ status: 'reviewed', reviewer: 'hr', reviewComment: '目标明确，建议参加登记业务培训' });
    expect(await err(hr, 'dossiers.reviewPlan', { id: full.id, comment: '再审', date: '2026-11-28' })).toMatchObject({ code: 'RULE_VIOLATION' });
  });
});

describe('appraisals', () => {
  it('warns when the office share of 优秀 exceeds the setting, flags 不称职 twice, and refuses a year before the cadre started', async () => {
    await setup();
    const { s, recruit, veteran } = await county();
    const more = [];
    for (const n of ['甲', '乙', '丙'])
      more.push(await t.call('cadres.create', { officeId: s.id, name: `干部${n}`, gender: 'M', birthDate: '1985-01-01', workStart: '2008-07-01' }, hr));
    const r1 = await t.call('dossiers.saveAppraisal', { cadreId: veteran.id, year: 2025, grade: '优秀', comment: '表现突出' }, hr);
    // 1 of 1 = 100%: over the 20% cap, and the warning names the setting version.
    expect(r1.warnings).toEqual([
      { rule: 'excellentCap', pass: false, params: expect.objectContaining({ excellent: 1, total: 1, pct: 100, cap: 20, version: 0 }) },
    ]);
    // The administrator corrects the grade without seeing the comment: HR's comment stays.
    await t.call('dossiers.saveAppraisal', { id: r1.appraisal.id, cadreId: veteran.id, year: 2025, grade: '称职', comment: null }, t.adminToken);
    const stored = t.core.sqlite.prepare('SELECT grade, comment FROM appraisal WHERE id = ?').get(r1.appraisal.id);
    expect(stored).toEqual({ grade: '称职', comment: '表现突出' });
    expect(
      await err(t.adminToken, 'dossiers.saveAppraisal', { id: r1.appraisal.id, cadreId: veteran.id, year: 2025, grade: '称职', comment: '管理员写的' }),
    ).toMatchObject({ code: 'FORBIDDEN', details: { field: 'comment' } });
    await t.call('dossiers.saveAppraisal', { id: r1.appraisal.id, cadreId: veteran.id, year: 2025, grade: '优秀', comment: '表现突出' }, hr);
    for (const c of more) await t.call('dossiers.saveAppraisal', { cadreId: c.id, year: 2025, grade: '称职' }, hr);
    const r5 = await t.call('dossiers.saveAppraisal', { cadreId: recruit.id, year: 2025, grade: '称职' }, hr);
    // 1 of 5 = 20%: at the cap, not over it.
    expect(r5.warnings).toEqual([]);
    const [q] = await t.call('dossiers.quota', { year: 2025 }, hr);
    expect(q).toMatchObject({ total: 5, excellent: 1, sharePct: 20, capPct: 20, over: false });
    expect(await err(hr, 'dossiers.saveAppraisal', { cadreId: recruit.id, year: 2024, grade: '称职' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'year' },
    });
    expect(await err(hr, 'dossiers.saveAppraisal', { cadreId: recruit.id, year: 2025, grade: '优秀' })).toMatchObject({ code: 'CONFLICT' });
    await t.call('dossiers.saveAppraisal', { cadreId: more[0]!.id, year: 2023, grade: '不称职' }, hr);
    const twice = await t.call('dossiers.saveAppraisal', { cadreId: more[0]!.id, year: 2024, grade: '不称职' }, hr);
    expect(twice.warnings).toEqual([{ rule: 'incompetentTwice', pass: false, params: { name: '干部甲', y1: 2023, y2: 2024 } }]);
    const dash = await t.call('hr.dashboard', {}, hr);
    expect(dash.incompetentTwice.map((x) => [x.name, x.years])).toEqual([['干部甲', [2023, 2024]]]);
  });
});

describe('records', () => {
  it('refuses overlapping secondments and shows an active one in the status', async () => {
    await setup();
    const { recruit } = await county();
    await t.call(
      'dossiers.saveSecondment',
      { cadreId: recruit.id, kind: 'secondment', hostOrg: '瓯海区娄桥街道', post: '副主任', startDate: '2026-10-01', endDate: '2027-03-31' },
      hr,
    );
    const before = outbox();
    expect(
      await err(hr, 'dossiers.saveSecondment', { cadreId: recruit.id, kind: 'rotation', hostOrg: '区局注册科', post: '科员', startDate: '2027-03-01' }),
    ).toMatchObject({ code: 'CONFLICT', details: { field: 'startDate' } });
    expect(
      await err(hr, 'dossiers.saveSecondment', {
        cadreId: recruit.id,
        kind: 'rotation',
        hostOrg: '区局注册科',
        post: '科员',
        startDate: '2027-05-01',
        endDate: '2027-04-01',
      }),
    ).toMatchObject({ code: 'BAD_INPUT' });
    expect(outbox()).toBe(before);
    const c = (await t.call('cadres.list', {}, hr)).find((x) => x.id === recruit.id)!;
    expect([c.status, c.effectiveStatus]).toEqual(['active', 'secondment']);
  });

  it('reviews a commitment item by item at year end and lists unreviewed ones for HR', async () => {
    await setup();
    const { recruit } = await county();
    const c = await t.call('dossiers.saveCommitment', { cadreId: recruit.id, year: 2025, items: ['全年办结登记业务 300 件', '参加岗位练兵不少于 4 次'] }, hr);
    expect(await err(hr, 'dossiers.saveCommitment', { cadreId: recruit.id, year: 2025, items: ['重复'] })).toMatchObject({ code: 'CONFLICT' });
    expect((await t.call('hr.dashboard', {}, hr)).commitmentsUnreviewed.map((x) => [x.name, x.year])).toEqual([['林晓', 2025]]);
    expect(await err(hr, 'dossiers.reviewCommitment', { id: c.id, date: '2025-12-28', results: [{ result: 'met' }] })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'commitmentReviewEveryItem', count: 2 },
    });
    expect(await err(hr, 'dossiers.reviewCommitment', { id: c.id, date: '2030-06-01', results: [{ result: 'met' }, { result: 'met' }] })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'date' },
    });
    const r = await t.call(
      'dossiers.reviewCommitment',
      { id: c.id, date: '2025-12-28', results: [{ result: 'met' }, { result: 'partly', note: '参加 3 次' }] },
      hr,
    );
    expect(r.items.map((i) => i.result)).toEqual(['met', 'partly']);
    expect((await t.call('hr.dashboard', {}, hr)).commitmentsUnreviewed).toEqual([]);
  });
});

describe('dossier permissions', () => {
  it('lets a station chief read their station without comments, and a cadre only their own dossier', async () => {
    await setup();
    const { s, recruit, veteran, outsider } = await county();
    await t.call('dossiers.saveAppraisal', { cadreId: veteran.id, year: 2025, grade: '称职', comment: '心理状态需关注' }, hr);
    const chief = await user('chief', s.id);
    const d = await t.call('dossiers.get', { cadreId: veteran.id }, chief);
    expect(d.appraisals[0]).toMatchObject({ grade: '称职', comment: null });
    expect(d.cadre.idMasked).toBe(true);
    expect(d.canManage).toBe(false);
    expect(JSON.stringify(d)).not.toContain('心理状态需关注');
    expect(await err(chief, 'dossiers.get', { cadreId: outsider.id })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'otherStation' } });
    expect(await err(chief, 'dossiers.saveAppraisal', { cadreId: veteran.id, year: 2024, grade: '优秀' })).toMatchObject({ code: 'FORBIDDEN' });

    // 林晓 has a staff account linked to her record.
    const self = await user('staff', s.id, recruit.id);
    expect((await t.call('dossiers.mine', {}, self)).cadreId).toBe(recruit.id);
    const mine = await t.call('dossiers.get', { cadreId: recruit.id }, self);
    expect(mine.isSelf).toBe(true);
    expect(await err(self, 'dossiers.get', { cadreId: veteran.id })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'notYourRecord' } });
    const draft = await t.call(
      'dossiers.savePlan',
      { cadreId: recruit.id, periodStart: 2026, periodEnd: 2028, goal1: '通过执法资格考试', anchorAnswers: answers(() => 4) },
      self,
    );
    await t.call('dossiers.submitPlan', { id: draft.id }, self);
    expect(await err(self, 'dossiers.reviewPlan', { id: draft.id, comment: '自己审', date: '2026-11-28' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(self, 'dossiers.savePlan', { cadreId: veteran.id, periodStart: 2026, periodEnd: 2028 })).toMatchObject({ code: 'FORBIDDEN' });
    const decl = await t.call('dossiers.declare', { cadreId: recruit.id, kind: 'rotation', target: '注册登记岗', reason: '希望熟悉登记业务' }, self);
    expect(decl.decision).toBe('pending');
    expect(await err(self, 'dossiers.declare', { cadreId: veteran.id, kind: 'post', target: '所长', reason: '代报' })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.call('dossiers.openDeclarations', {}, hr)).map((x) => x.cadreName)).toEqual(['林晓']);
    expect(await err(hr, 'dossiers.decide', { id: decl.id, decision: 'approved', date: '2026-11-29', note: null })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'date' },
    });
    await t.call('dossiers.decide', { id: decl.id, decision: 'approved', date: '2026-11-28', note: '明年一季度轮岗' }, hr);
    expect(await t.call('dossiers.openDeclarations', {}, hr)).toEqual([]);
  });
});

describe('sample county', () => {
  it('has cadres in all four stages, with valid identity numbers, plans, appraisals and internships', async () => {
    await setup({ sample: true });
    const dash = await t.call('hr.dashboard', {}, hr);
    for (const s of ['adapt', 'growth', 'mature', 'retreat'] as const) expect(dash.byStage.find((x) => x.stage === s)!.count, s).toBeGreaterThan(0);
    expect(dash.recruitsWithoutInternship.length).toBeGreaterThan(0);
    expect(dash.openDeclarations.length).toBeGreaterThan(0);
    expect(dash.commitmentsUnreviewed.length).toBeGreaterThan(0);
    const people = await t.call('cadres.list', {}, hr);
    const { checkIdNumber } = await import('../../../../shared/domain/id-number');
    for (const c of people) expect(checkIdNumber(c.idNumber!)).toMatchObject({ ok: true, birthDate: c.birthDate, gender: c.gender });
    const recruit = people.find((c) => c.stage === 'adapt' && !dash.recruitsWithoutInternship.some((r) => r.cadreId === c.id))!;
    const d = await t.call('dossiers.get', { cadreId: recruit.id }, hr);
    expect(d.internships.length).toBeGreaterThan(0);
    expect(count('appraisal')).toBeGreaterThan(50);
    expect(count('career_plan')).toBeGreaterThan(20);
  });
});
