import { describe, expect, it } from 'vitest';
import {
  checkYear,
  courseMatches,
  courseTimeProblem,
  needWords,
  promotionsOf,
  readInYear,
  yearShare,
  type CourseKind,
  type TrainingEntry,
  type TrainingRules,
} from './training';

const rules: TrainingRules = {
  minHours: 90,
  minDays: 12,
  minFullTimeDays: 6,
  initialDays: 12,
  postTrainingMonths: 12,
  versions: { hours: 1, days: 1, fullTime: 1, initial: 1, post: 1 },
};
let n = 0;
function entry(
  startDate: string,
  endDate: string,
  hours: number,
  days: number,
  opts: { fullTime?: boolean; kind?: CourseKind; attendance?: TrainingEntry['attendance'] } = {},
): TrainingEntry {
  return {
    course: { title: `课程${++n}`, startDate, endDate, hours, days, fullTime: opts.fullTime ?? true, kind: opts.kind ?? 'drill' },
    attendance: opts.attendance === undefined ? 'attended' : opts.attendance,
  };
}
const none = { joinDate: null, promotions: [] };

describe('course hours and dates', () => {
  it('refuses negative hours, more than 24 hours a day, and days beyond the dates', () => {
    expect(courseTimeProblem({ startDate: '2026-03-01', endDate: '2026-03-01', hours: -1, days: 1 })?.field).toBe('hours');
    expect(courseTimeProblem({ startDate: '2026-03-01', endDate: '2026-03-02', hours: 49, days: 2 })).toEqual({
      field: 'hours',
      reason: 'courseHoursOverSpan',
      params: { hours: 49, span: 2 },
    });
    expect(courseTimeProblem({ startDate: '2026-03-01', endDate: '2026-03-02', hours: 48, days: 2 })).toBeNull();
    expect(courseTimeProblem({ startDate: '2026-03-01', endDate: '2026-03-02', hours: 16, days: 3 })).toEqual({
      field: 'days',
      reason: 'courseDaysOverSpan',
      params: { days: 3, span: 2 },
    });
    expect(courseTimeProblem({ startDate: '2026-03-02', endDate: '2026-03-01', hours: 1, days: 1 })?.field).toBe('endDate');
    expect(courseTimeProblem({ startDate: '2026-03-01', endDate: '2026-03-01', hours: 3, days: 0 })?.field).toBe('days');
  });

  it('splits a multi-day course over New Year by calendar days', () => {
    const c = { startDate: '2025-12-30', endDate: '2026-01-02' };
    expect(yearShare(c, 2025)).toBe(0.5);
    expect(yearShare(c, 2026)).toBe(0.5);
    expect(yearShare(c, 2027)).toBe(0);
  });
});

describe('annual minimum', () => {
  it('counts a multi-day course in full within the year and splits one across New Year', () => {
    const r = checkYear({ ...none, entries: [entry('2026-03-02', '2026-03-06', 40, 5), entry('2025-12-29', '2026-01-01', 32, 4)] }, 2026, rules, '2026-11-28');
    // 40 + 32 × 1/4 (one of the four days falls in 2026)
    expect(r.hours).toBe(48);
    expect(r.days).toBe(6);
    expect(checkYear({ ...none, entries: [entry('2025-12-29', '2026-01-01', 32, 4)] }, 2025, rules, '2026-11-28').hours).toBe(24);
  });

  it('is met by 12 days even with fewer than 90 hours, or by 90 hours in fewer days', () => {
    const byDays = checkYear({ ...none, entries: [entry('2026-04-01', '2026-04-12', 60, 12)] }, 2026, rules, '2026-11-28');
    expect(byDays).toMatchObject({ hours: 60, days: 12, annualMet: true, compliant: true, shortfall: [] });
    expect(byDays.explanation.find((o) => o.rule === 'annual')).toMatchObject({
      pass: true,
      params: { minHours: 90, minDays: 12, minFullTimeDays: 6, hoursShort: null, daysShort: null, fullTimeShort: null },
    });
    const byHours = checkYear({ ...none, entries: [entry('2026-04-01', '2026-04-08', 95, 8)] }, 2026, rules, '2026-11-28');
    expect(byHours).toMatchObject({ annualMet: true, hoursBehind: 0 });
    const neither = checkYear({ ...none, entries: [entry('2026-04-01', '2026-04-10', 80, 10)] }, 2026, rules, '2026-11-28');
    expect(neither).toMatchObject({ annualMet: false, hoursBehind: 10, shortfall: [{ rule: 'hoursShort', pass: false, params: { hours: 10, days: 2 } }] });
    expect(neither.explanation.map((o) => o.rule)).toEqual(['credited', 'annual', 'basis']);
    expect(neither.explanation.at(-1)).toEqual({ rule: 'basis', pass: true, params: rules.versions });
  });

  it('needs 6 full-time days besides the hours', () => {
    const evenings = checkYear({ ...none, entries: [entry('2026-01-01', '2026-12-31', 100, 13, { fullTime: false })] }, 2026, rules, '2026-11-28');
    expect(evenings).toMatchObject({ annualMet: false, shortfall: [{ rule: 'fullTimeShort', pass: false, params: { days: 6 } }] });
  });

  it('credits nothing for an excused or unexcused absence, and says so', () => {
    const r = checkYear(
      {
        ...none,
        entries: [
          entry('2026-05-01', '2026-05-12', 96, 12, { attendance: 'excused' }),
          entry('2026-06-01', '2026-06-01', 8, 1, { attendance: 'absent' }),
          entry('2026-07-01', '2026-07-01', 8, 1, { attendance: null }),
        ],
      },
      2026,
      rules,
      '2026-11-28',
    );
    expect(r).toMatchObject({ hours: 0, days: 0, excused: 1, absent: 1, annualMet: false });
    expect(r.explanation).toContainEqual({ rule: 'excused', pass: true, params: { n: 1 } });
  });
});

describe('初任培训 and 任职培训 around year boundaries', () => {
  const initialDay = (start: string) => entry(start, start, 8, 1, { kind: 'initial' });
  it('a recruit joining in September is checked in both calendar years of the probation', () => {
    const p = { joinDate: '2026-09-01', promotions: [], entries: [] as TrainingEntry[] };
    const y2026 = checkYear(p, 2026, rules, '2026-11-28');
    expect(y2026.initial).toMatchObject({ status: 'due', deadline: '2027-08-31' });
    expect(y2026.compliant).toBe(false); // the annual minimum is still short
    // The probation year has passed without it: missing, in the year the window closed.
    const y2027 = checkYear(p, 2027, rules, '2027-09-01');
    expect(y2027.initial?.status).toBe('missing');
    // Not a recruit any more in 2028.
    expect(checkYear(p, 2028, rules, '2028-03-01').initial).toBeNull();
  });

  it('counts initial-training days started inside the probation year only', () => {
    const inside = Array.from({ length: 12 }, (_, i) => initialDay(`2027-0${1 + (i % 8)}-1${i % 9}`));
    const r = checkYear({ joinDate: '2026-09-01', promotions: [], entries: inside }, 2027, rules, '2027-09-01');
    expect(r.initial?.status).toBe('done');
    expect(checkYear({ joinDate: '2026-09-01', promotions: [], entries: inside.slice(1) }, 2027, rules, '2027-09-01').initial?.status).toBe('missing');
    const late = checkYear({ joinDate: '2026-09-01', promotions: [], entries: [initialDay('2027-09-01')] }, 2027, rules, '2027-09-02');
    expect(late.initial).toMatchObject({ rule: 'initialMissing', pass: false, params: { done: 0, required: 12 } });
  });

  it('任职培训 is due within 12 months of a promotion, across New Year', () => {
    const promotions = promotionsOf([
      { rank: '一级科员', startDate: '2019-07-01' },
      { rank: '四级主任科员', startDate: '2026-10-15' },
    ]);
    expect(promotions).toEqual([{ rank: '四级主任科员', date: '2026-10-15' }]);
    const before = checkYear({ joinDate: null, promotions, entries: [] }, 2026, rules, '2026-11-28');
    expect(before.postTraining[0]).toMatchObject({
      status: 'due',
      deadline: '2027-10-14',
      rule: 'postDue',
      pass: false,
      params: { date: '2026-10-15', rank: '四级主任科员', deadline: '2027-10-14' },
    });
    const done = checkYear({ joinDate: null, promotions, entries: [entry('2027-03-01', '2027-03-05', 40, 5, { kind: 'post' })] }, 2027, rules, '2027-11-01');
    expect(done.postTraining[0]?.status).toBe('done');
    const missed = checkYear({ joinDate: null, promotions, entries: [entry('2027-10-15', '2027-10-16', 16, 2, { kind: 'post' })] }, 2027, rules, '2027-11-01');
    expect(missed.postTraining[0]?.status).toBe('missing');
    expect(missed.compliant).toBe(false);
    // Training before the promotion does not count.
    expect(
      checkYear({ joinDate: null, promotions, entries: [entry('2026-10-01', '2026-10-02', 16, 2, { kind: 'post' })] }, 2026, rules, '2026-11-28')
        .postTraining[0]?.status,
    ).toBe('due');
  });
});

describe('training needs', () => {
  it('matches the words of a plan against course titles and drill kinds', () => {
    const words = needWords('法律知识、心理调适；执法文书');
    expect(words).toEqual(['法律知识', '心理调适', '执法文书']);
    expect(courseMatches(words, { title: '岗位练兵·法律', kind: 'drill', subKind: '法律', abilities: [] })).toEqual(['法律知识']);
    expect(courseMatches(words, { title: '压力与情绪', kind: 'wellbeing', subKind: null, abilities: ['情绪管理/人际沟通/心理调适'] })).toEqual(['心理调适']);
    expect(courseMatches(words, { title: '消防安全', kind: 'specialist', subKind: null, abilities: [] })).toEqual([]);
  });
});

describe('readInYear', () => {
  it('is true exactly when a share of the course falls in the year, or its kind is read across years', () => {
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 2000; i++) {
      const start = rnd(1200);
      const c = { kind: ['initial', 'post', 'drill', 'online'][rnd(4)]!, startDate: day(start), endDate: day(start + rnd(40)) };
      for (const year of [2024, 2025, 2026, 2027]) {
        expect({ c, year, r: readInYear(c, year) }).toEqual({ c, year, r: c.kind === 'initial' || c.kind === 'post' || yearShare(c, year) > 0 });
      }
    }
  });
});
