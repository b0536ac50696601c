import { describe, expect, it } from 'vitest';
import { promotionProblem, rankEligibility, type RankPerson, type RankRules } from './eligibility';
import { settingDefs } from './settings';

const rules = (over: Partial<RankRules> = {}): RankRules => ({
  ladder: settingDefs['rank.ladder'].value,
  weakYearsCount: false,
  incompetentBlocks: true,
  oldTitleMap: settingDefs['rank.oldTitleMap'].value,
  leadershipTimeCounts: true,
  versions: { 'rank.ladder': 0 },
  ...over,
});
const person = (over: Partial<RankPerson>): RankPerson => ({ ranks: [], posts: [], appraisals: {}, ...over });
/** 称职 for every year from `from` to `to`: the appraisals on file. */
const graded = (from: number, to: number): RankPerson['appraisals'] =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, '称职' as const]));

describe('rank eligibility', () => {
  it.each([
    // 一级科员 → 四级主任科员 needs 3 years.
    ['exactly at the minimum', '2023-11-28', '2026-11-28', true],
    ['one day short', '2023-11-29', '2026-11-28', false],
  ])('%s', (_label, start, today, ok) => {
    const r = rankEligibility(person({ ranks: [{ rank: '一级科员', start }], appraisals: graded(2023, 2025) }), rules(), today);
    expect(r.nextRank).toBe('四级主任科员');
    expect(r.eligibleToday).toBe(ok);
    expect(r.criteria[0]).toEqual({ rule: 'years', pass: ok, params: { rank: '一级科员', since: start, served: ok ? 36 : 35, years: 3, version: 0 } });
  });

  it('does not count 基本称职 and 不定等次 years', () => {
    const p = person({ ranks: [{ rank: '一级科员', start: '2022-01-01' }], appraisals: { 2022: '称职', 2023: '基本称职', 2024: '不定等次' } });
    const r = rankEligibility(p, rules(), '2025-06-01');
    expect(r.eligibleOn).toBe('2027-01-01');
    expect(r.eligibleToday).toBe(false);
    expect(r.criteria.filter((c) => c.rule === 'weakYear')).toEqual([
      { rule: 'weakYear', pass: false, params: { year: 2023, grade: '基本称职', months: 12 } },
      { rule: 'weakYear', pass: false, params: { year: 2024, grade: '不定等次', months: 12 } },
    ]);
    // With the setting that lets them count, the date is three years from the start.
    expect(rankEligibility(p, rules({ weakYearsCount: true }), '2025-06-01').eligibleOn).toBe('2025-01-01');
  });

  it('blocks promotion in the year after a 不称职 grade', () => {
    const p = person({ ranks: [{ rank: '四级主任科员', start: '2020-01-01' }], appraisals: { ...graded(2020, 2024), 2025: '不称职' } });
    const r = rankEligibility(p, rules(), '2026-05-01');
    expect(r.eligibleToday).toBe(false);
    expect(r.criteria).toContainEqual({ rule: 'incompetent', pass: false, params: { year: 2025 } });
    expect(rankEligibility(p, rules({ incompetentBlocks: false }), '2026-05-01').eligibleToday).toBe(true);
  });

  it('maps old titles to the new ranks', () => {
    const r = rankEligibility(person({ ranks: [{ rank: '副主任科员', start: '2023-01-01' }], appraisals: graded(2023, 2024) }), rules(), '2025-02-01');
    expect(r.currentRank).toBe('四级主任科员');
    expect(r.nextRank).toBe('三级主任科员');
    expect(r.eligibleToday).toBe(true);
    expect(r.criteria[0]).toEqual({ rule: 'oldTitle', pass: true, params: { title: '副主任科员', rank: '四级主任科员', version: 0 } });
  });

  it('counts the leadership time of a 实改非 cadre', () => {
    const p = person({
      ranks: [{ rank: '四级主任科员', start: '2026-01-01' }],
      posts: [{ post: '乡科级副职', start: '2023-06-01', end: '2026-01-01' }],
      appraisals: graded(2023, 2025),
    });
    const r = rankEligibility(p, rules(), '2026-06-01');
    expect(r).toMatchObject({ eligibleToday: true, eligibleOn: '2025-06-01' });
    expect(r.criteria[0]).toMatchObject({ rule: 'yearsLeadership', pass: true, params: { post: '乡科级副职', since: '2023-06-01', years: 2 } });
    expect(rankEligibility(p, rules({ leadershipTimeCounts: false }), '2026-06-01')).toMatchObject({ eligibleToday: false, eligibleOn: '2028-01-01' });
  });

  it('uses the ladder version in force and names it', () => {
    const p = person({ ranks: [{ rank: '二级科员', start: '2024-11-28' }], appraisals: graded(2024, 2025) });
    expect(rankEligibility(p, rules(), '2026-11-28').eligibleToday).toBe(true);
    const longer = settingDefs['rank.ladder'].value.map((s) => (s.to === '一级科员' ? { ...s, years: 3 } : s));
    const r = rankEligibility(p, rules({ ladder: longer, versions: { 'rank.ladder': 2 } }), '2026-11-28');
    expect(r.eligibleToday).toBe(false);
    expect(r.criteria[0]).toMatchObject({ rule: 'years', pass: false, params: { years: 3, version: 2 } });
  });

  it('fails a year of the minimum with no appraisal on file as 考核结果缺失', () => {
    // 四级主任科员 since 2023-06-01 (2 years to 三级主任科员), nothing on file: not eligible.
    const none = rankEligibility(person({ ranks: [{ rank: '四级主任科员', start: '2023-06-01' }] }), rules(), '2026-12-01');
    expect(none.eligibleToday).toBe(false);
    expect(none.criteria).toContainEqual({ pass: false, rule: 'appraisalMissing', params: { years: [2023, 2024, 2025] } });
    // One year missing is enough to fail; with every year on file the cadre is eligible.
    expect(
      rankEligibility(person({ ranks: [{ rank: '四级主任科员', start: '2023-06-01' }], appraisals: { 2023: '称职' } }), rules(), '2026-12-01').criteria,
    ).toContainEqual({ pass: false, rule: 'appraisalMissing', params: { years: [2024, 2025] } });
    expect(
      rankEligibility(person({ ranks: [{ rank: '四级主任科员', start: '2023-06-01' }], appraisals: graded(2023, 2025) }), rules(), '2026-12-01').eligibleToday,
    ).toBe(true);
  });

  it('does not ask for the current year’s appraisal before the year is out', () => {
    // 一级科员 from 2024-01-01: eligible for 四级主任科员 on 2027-01-01; the 2027 appraisal is not due.
    const p = person({ ranks: [{ rank: '一级科员', start: '2024-01-01' }], appraisals: graded(2024, 2026) });
    expect(rankEligibility(p, rules(), '2027-01-01').eligibleToday).toBe(true);
    // In 2026, the 2026 appraisal is not due yet either, but the minimum is not met.
    expect(rankEligibility(p, rules(), '2026-12-31').criteria.some((c) => c.rule === 'appraisalMissing')).toBe(false);
  });

  it('names a cadre with no rank, and a rank off the ladder', () => {
    expect(rankEligibility(person({}), rules(), '2026-01-01').criteria).toEqual([{ rule: 'noRank', pass: false }]);
    expect(rankEligibility(person({ ranks: [{ rank: '科长', start: '2020-01-01' }] }), rules(), '2026-01-01')).toMatchObject({
      currentRank: '科长',
      nextRank: null,
      criteria: [{ rule: 'offLadder', pass: false, params: { rank: '科长' } }],
    });
  });

  it('refuses a promotion that skips a rank', () => {
    const ladder = settingDefs['rank.ladder'].value;
    expect(promotionProblem('一级科员', '四级主任科员', ladder)).toBeNull();
    expect(promotionProblem('一级科员', '三级主任科员', ladder)).toEqual({ reason: 'rankSkipped', params: { next: '四级主任科员', target: '三级主任科员' } });
    expect(promotionProblem('四级调研员', '三级调研员', ladder)).toEqual({ reason: 'rankOffLadder', params: { rank: '四级调研员' } });
  });
});
