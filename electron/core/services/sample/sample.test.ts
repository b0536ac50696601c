import { afterAll, describe, expect, it } from 'vitest';
import { retirement } from '../../../../shared/domain/career';
import { cstMidnight } from '../../../../shared/domain/time';
import { setupCore, type TestCore } from '../../test/helpers';

// The sample county is loaded relative to the core's today and must tell no impossible story on
// any day it is loaded: nothing that has happened lies after today, nobody works past retirement,
// owns a zone before joining, or supervises past their retirement date.
const DAYS = ['2026-11-28', '2027-01-03', '2027-07-31', '2028-02-29'];

describe.each(DAYS)('the sample county loaded on %s', (today) => {
  let t: TestCore;
  afterAll(async () => t?.core.close({ backup: false }));
  const rows = <T>(sql: string, ...p: unknown[]) => t.core.sqlite.prepare(sql).all(...p) as T[];

  it('has nothing in the future that has already happened, and nobody before they joined', async () => {
    // 10:00 in China Standard Time on that day.
    t = await setupCore({ sample: true, now: cstMidnight(today) + 10 * 3_600_000 });
    const cadres = rows<{
      id: string;
      name: string;
      birth_date: string;
      gender: 'M' | 'F';
      join_date: string;
      work_start: string;
      rank_start: string;
      leadership_start: string | null;
      sgf_date: string | null;
      status: string;
    }>('SELECT * FROM cadre WHERE deleted_at IS NULL');
    expect(cadres.length).toBeGreaterThan(50);
    for (const c of cadres) {
      expect(retirement(c.birth_date, c.gender).date > today, `${c.name} is past retirement`).toBe(true);
      expect(c.work_start <= today && c.join_date <= today, `${c.name} joins after today`).toBe(true);
      expect(c.rank_start >= c.work_start && c.rank_start <= today, `${c.name} rank start ${c.rank_start}`).toBe(true);
      if (c.leadership_start)
        expect(c.leadership_start >= c.work_start && c.leadership_start <= today, `${c.name} leadership ${c.leadership_start}`).toBe(true);
      if (c.sgf_date) expect(c.sgf_date <= today && (!c.leadership_start || c.leadership_start < c.sgf_date)).toBe(true);
    }
    const early = rows<{ name: string }>(
      'SELECT c.name FROM zone_assignment a JOIN cadre c ON c.id = a.cadre_id WHERE a.start_date < c.join_date OR a.start_date > ?',
      today,
    );
    expect(early, 'zone owners before joining').toEqual([]);
    const attended = rows<{ title: string }>(
      `SELECT k.title FROM training_enrolment e JOIN training_course k ON k.id = e.course_id JOIN cadre c ON c.id = e.cadre_id
       WHERE e.attendance IS NOT NULL AND (k.start_date > ? OR k.start_date < c.join_date)`,
      today,
    );
    expect(attended, 'attendance before a course started or before joining').toEqual([]);
    const courses = rows<{ year: number; start_date: string }>('SELECT p.year, k.start_date FROM training_course k JOIN training_plan p ON p.id = k.plan_id');
    for (const k of courses) expect(Number(k.start_date.slice(0, 4))).toBe(k.year);
    for (const [table, col] of [
      ['career_plan', 'submitted_on'],
      ['career_plan', 'reviewed_on'],
      ['declaration', 'submitted_on'],
      ['post_commitment', 'reviewed_on'],
      ['census', 'census_date'],
      ['supervision_log', 'visit_date'],
      ['rank_record', 'start_date'],
      ['education_record', 'completed_on'],
      ['appraisal', 'year'],
    ] as const) {
      const late = rows<{ v: string }>(
        `SELECT ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL AND ${col} > ?`,
        col === 'year' ? Number(today.slice(0, 4)) - 1 : today,
      );
      expect(late, `${table}.${col} after today`).toEqual([]);
    }
    const plans = rows<{ name: string }>('SELECT c.name FROM career_plan p JOIN cadre c ON c.id = p.cadre_id WHERE p.submitted_on < c.join_date');
    expect(plans, 'plans submitted before joining').toEqual([]);
    // A post commitment lists each promise once.
    for (const c of rows<{ items: string }>('SELECT items FROM post_commitment')) {
      const texts = (JSON.parse(c.items) as { text: string }[]).map((i) => i.text);
      expect(new Set(texts).size, texts.join(' / ')).toBe(texts.length);
    }
  });

  it('has no supervisor whose term or assignment outlives their retirement, and no visit outside its assignment', () => {
    const sups = rows<{ name: string; birth_date: string; gender: 'M' | 'F'; start_date: string; end_date: string }>(
      'SELECT c.name, c.birth_date, c.gender, s.start_date, s.end_date FROM supervisor s JOIN cadre c ON c.id = s.cadre_id',
    );
    expect(sups.length).toBeGreaterThan(0);
    for (const s of sups) {
      expect(s.end_date <= retirement(s.birth_date, s.gender).date, `${s.name} supervises past retirement`).toBe(true);
      expect(s.start_date <= s.end_date).toBe(true);
    }
    const bad = rows<{ id: string }>(
      `SELECT a.id FROM supervision_assignment a JOIN supervisor s ON s.id = a.supervisor_id
       WHERE a.start_date < s.start_date OR a.end_date > s.end_date OR a.start_date > a.end_date`,
    );
    expect(bad).toEqual([]);
    const visits = rows<{ id: string }>(
      'SELECT l.id FROM supervision_log l JOIN supervision_assignment a ON a.id = l.assignment_id WHERE l.visit_date < a.start_date OR l.visit_date > a.end_date',
    );
    expect(visits).toEqual([]);
  });

  it('still shows the story the HR dashboard opens with: recruits without an internship', () => {
    const adapt = rows<{ n: number }>(
      `SELECT COUNT(*) AS n FROM cadre c WHERE c.work_start > ? AND NOT EXISTS (SELECT 1 FROM internship i WHERE i.cadre_id = c.id)`,
      `${Number(today.slice(0, 4)) - 2}-01-01`,
    )[0]!.n;
    expect(adapt, 'recruits without an internship').toBeGreaterThan(0);
  });
});
