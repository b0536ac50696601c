import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// The date rules at month, quarter and year boundaries, on 29 February and at 23:59/00:00 in
// China Standard Time, evaluated in child processes whose machine zone differs. The verdicts must
// be the same in every zone, and must flip at midnight CST.
const run = promisify(execFile);
const child = path.join(path.dirname(new URL(import.meta.url).pathname), 'calendar-sweep.child.ts');
const ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];

type Person = { stage: { stage: string }; trainingYears: number[]; warnings: string[]; retirement: { date: string; monthsLeft: number } };
type Sweep = Record<
  string,
  {
    today: string;
    recruit: Person;
    retiring: Person;
    eligibility: { name: string; eligibleToday: boolean }[];
    secondLine: { name: string; ageMonths: number; date: string }[];
    assign: string[];
    secondLineWindow: string[];
    startsToday: boolean[];
  }
>;
const results: Record<string, Sweep> = {};

beforeAll(async () => {
  await Promise.all(
    ZONES.map(async (tz) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, TZ: tz }, maxBuffer: 16 << 20 });
      results[tz] = JSON.parse(stdout) as Sweep;
    }),
  );
}, 60_000);

describe('the calendar sweep', () => {
  it('gives the same verdicts whatever the machine zone', () => {
    expect(Object.keys(results['UTC']!)).toHaveLength(12);
    expect(results['Asia/Shanghai']).toEqual(results['UTC']);
    expect(results['America/Los_Angeles']).toEqual(results['UTC']);
  });

  it('turns the day at midnight in China Standard Time', () => {
    const r = results['UTC']!;
    // Three years of service from 2024-01-01: 职业成长 from the first minute of 2027 in Beijing.
    expect(r['2026-12-31 23:59']!.recruit.stage.stage).toBe('adapt');
    expect(r['2027-01-01 00:00']!.recruit.stage.stage).toBe('growth');
    // The training year is the CST year.
    expect(r['2026-12-31 23:59']!.recruit.trainingYears[0]).toBe(2026);
    expect(r['2027-01-01 00:00']!.recruit.trainingYears[0]).toBe(2027);
    // Eligible for the next rank on 2027-04-01, not a day before.
    const climber = (k: string) => r[k]!.eligibility.find((e) => e.name === '待晋升')!.eligibleToday;
    expect(climber('2027-03-31 23:59')).toBe(false);
    expect(climber('2027-04-01 00:00')).toBe(true);
    // Retirement on 2027-04-01: past it from the first minute of that day, and the supervisor's
    // term (which ends there) takes no assignment running beyond it.
    expect(r['2027-03-31 23:59']!.retiring.warnings).not.toContain('pastRetirement');
    expect(r['2027-04-01 00:00']!.retiring.warnings).toContain('pastRetirement');
    expect(r['2027-03-31 23:59']!.retiring.retirement).toMatchObject({ date: '2027-04-01', monthsLeft: 0 });
    expect(r['2027-03-31 23:59']!.assign).toEqual(['ok', 'BAD_INPUT']);
    expect(r['2026-12-31 23:59']!.assign).toEqual(['ok', 'ok']);
    // Born on 29 February: 56 in the leap year on the 29th itself.
    const age = (k: string) => r[k]!.secondLine.find((e) => e.name === '闰日生')!.ageMonths;
    expect(age('2028-02-28 23:59')).toBe(55 * 12 + 11);
    expect(age('2028-02-29 00:00')).toBe(56 * 12);
    // The second-line window (12 months, a setting) takes in the cadre who is 55 on 2028-01-01 at 00:00 on 2027-01-01.
    expect(r['2026-12-31 23:59']!.secondLine.find((e) => e.name === '入窗口')!.date).toBe('2028-01-01');
    expect(r['2026-12-31 23:59']!.secondLineWindow).not.toContain('入窗口');
    expect(r['2027-01-01 00:00']!.secondLineWindow).toContain('入窗口');
    // An assignment starting on the CST day is running on that day, at 00:00 and at 23:59.
    for (const [k, row] of Object.entries(r)) if (row.assign[1] === 'ok') expect(row.startsToday, k).toEqual([true]);
    expect(r['2027-01-01 00:00']!.startsToday).toEqual([true]);
  });
});
