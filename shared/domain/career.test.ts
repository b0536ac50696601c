import { describe, expect, it } from 'vitest';
import { anchorScores, careerStage, firstFreePeriod, monthsBetween, periodClash, retirement } from './career';
import { checkIdNumber, idCheckChar } from './id-number';

describe('statutory retirement (2024 decision)', () => {
  it.each([
    // The official examples: a man born 1965-01 retires at 60 years 1 month; 1976-09 or later at 63.
    ['1965-01-15', 'M', 60 * 12 + 1, '2025-02-15'],
    ['1976-09-10', 'M', 63 * 12, '2039-09-10'],
    ['1980-05-01', 'M', 63 * 12, '2043-05-01'],
    ['1964-12-31', 'M', 60 * 12, '2024-12-31'],
    ['1965-04-20', 'M', 60 * 12 + 1, '2025-05-20'],
    ['1965-05-20', 'M', 60 * 12 + 2, '2025-07-20'],
    ['1970-01-08', 'F', 55 * 12 + 1, '2025-02-08'],
    ['1981-09-01', 'F', 58 * 12, '2039-09-01'],
    ['1969-12-01', 'F', 55 * 12, '2024-12-01'],
  ] as const)('%s %s retires at %i months of age on %s', (birth, gender, months, date) => {
    const r = retirement(birth, gender);
    expect(r.ageMonths).toBe(months);
    expect(r.date).toBe(date);
    expect(r.baseYears).toBe(gender === 'M' ? 60 : 55);
    expect(r.delayMonths).toBe(months - r.baseYears * 12);
    expect([r.birthYear, r.birthMonth]).toEqual(birth.split('-').slice(0, 2).map(Number));
  });
});

describe('career stage', () => {
  const s = { adaptYears: 3, growthYears: 10, retreatYears: 5 };
  const p = { birthDate: '1995-06-01', gender: 'M' as const, secondLine: false };
  it.each([
    ['2024-09-01', 'adapt', 2, 2],
    ['2023-11-29', 'adapt', 2, 11],
    ['2023-11-28', 'growth', 3, 0],
    ['2016-11-28', 'growth', 10, 0],
    ['2016-10-28', 'mature', 10, 1],
  ])('work since %s → %s', (workStart, stage, years, months) => {
    const r = careerStage({ ...p, workStart }, '2026-11-28', s);
    expect(r.stage).toBe(stage);
    expect(r.basis).toEqual({ why: 'served', serviceYears: years, serviceMonths: months });
  });
  it('moves to withdrawal within 5 years of retirement, or on the second line', () => {
    expect(careerStage({ workStart: '1990-07-01', birthDate: '1968-03-01', gender: 'M', secondLine: false }, '2026-11-28', s)).toMatchObject({
      stage: 'retreat',
      basis: { why: 'retire', retreatYears: 5 },
    });
    expect(careerStage({ workStart: '2000-07-01', birthDate: '1975-03-01', gender: 'M', secondLine: true }, '2026-11-28', s).basis).toEqual({
      why: 'secondLine',
    });
  });
  it('changes with time alone', () => {
    const q = { ...p, workStart: '2024-01-10' };
    expect(careerStage(q, '2026-11-28', s).stage).toBe('adapt');
    expect(careerStage(q, '2027-01-10', s).stage).toBe('growth');
  });
  it('counts whole months', () => {
    expect(monthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(monthsBetween('2024-01-31', '2024-03-01')).toBe(1);
  });
});

describe('identity number (GB 11643)', () => {
  const body = '33030419850315123';
  const valid = body + idCheckChar(body);
  it('accepts a valid number and derives birth date and gender', () => {
    expect(checkIdNumber(valid)).toEqual({ ok: true, id: valid, birthDate: '1985-03-15', gender: 'M' });
    expect(checkIdNumber('11010519491231002X')).toMatchObject({ ok: true, birthDate: '1949-12-31', gender: 'F' });
  });
  it.each([
    ['3303041985031512', 'format'],
    ['33030419850230123X', 'birth_date'],
    [body + (valid[17] === '0' ? '1' : '0'), 'check'],
  ])('refuses %s (%s)', (id, problem) => expect(checkIdNumber(id)).toEqual({ ok: false, problem }));
});

describe('career anchors', () => {
  it('scores each anchor as the mean of its five items and picks the top', () => {
    const answers = Array.from({ length: 40 }, (_, k) => (k % 8 === 5 ? 6 : k % 8 === 0 ? 4 : 2));
    const r = anchorScores(answers);
    expect(r).toMatchObject({ top: 'SV', scores: { SV: 6, TF: 4, GM: 2 } });
  });
  it('refuses an incomplete survey or answers outside 1–6', () => {
    expect(anchorScores([1, 2, 3])).toEqual({ error: 'anchorAnswerCount', count: 3 });
    expect(anchorScores([...new Array(39).fill(3), 7])).toEqual({ error: 'anchorAnswerRange', item: 40 });
  });
});

describe('the default period of a new career plan', () => {
  it.each([
    ['no plan yet', [], 2026, [2026, 2028]],
    ['a plan covering this year', [{ periodStart: 2025, periodEnd: 2027 }], 2026, [2028, 2030]],
    [
      'a gap too short before a later plan',
      [
        { periodStart: 2024, periodEnd: 2026 },
        { periodStart: 2028, periodEnd: 2030 },
      ],
      2026,
      [2031, 2033],
    ],
    ['a free stretch before a later plan', [{ periodStart: 2030, periodEnd: 2032 }], 2026, [2026, 2028]],
  ] as const)('%s', (_label, existing, year, [start, end]) => {
    expect(firstFreePeriod([...existing], year)).toEqual({ periodStart: start, periodEnd: end });
    expect(periodClash([...existing], start, end)).toBeUndefined();
  });
});
