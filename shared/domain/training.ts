import type { RuleOutcome } from '../contract/errors';
import { addMonths } from './career';

// 多轨制培训: credited hours and days per year against the annual minimum, 初任培训 in the
// probation year and 任职培训 after a promotion (RULES.md, Training). Pure: the service feeds
// it enrolments, the cadre's join date and rank history, and the dated settings.

export const COURSE_KINDS = ['drill', 'expert', 'chief_forum', 'elite_forum', 'initial', 'post', 'specialist', 'wellbeing', 'education', 'external'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];
export const DRILL_KINDS = ['思想', '作风', '法律', '业务', '技能'] as const;
export const ABILITIES = ['自我认知', '职业规划', '情绪管理/人际沟通/心理调适'] as const;
/** The station posts a course usually targets (offered in the course form; any post may be typed). */
export const COMMON_POSTS = ['登记注册岗', '综合监管岗', '食品安全监管岗', '执法办案岗'] as const;
export const ATTENDANCE = ['attended', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
/** The words a sign-in sheet's attendance column may hold, as filled in by hand (Chinese, marks or English). */
export const ATTENDANCE_WORDS: Record<string, Attendance> = {
  出席: 'attended',
  参加: 'attended',
  到: 'attended',
  已到: 'attended',
  签到: 'attended',
  '√': 'attended',
  '✓': 'attended',
  attended: 'attended',
  缺席: 'absent',
  缺: 'absent',
  未到: 'absent',
  '×': 'absent',
  absent: 'absent',
  请假: 'excused',
  假: 'excused',
  事假: 'excused',
  病假: 'excused',
  公假: 'excused',
  excused: 'excused',
};

/** The kinds' official names: matched against the training needs of career plans (written in Chinese) and printed on the sign-in sheet. */
export const KIND_LABELS: Record<CourseKind, string> = {
  drill: '岗位练兵',
  expert: '走近专家',
  chief_forum: '科(所)长讲坛',
  elite_forum: '精英能手讲坛',
  initial: '初任培训',
  post: '任职培训',
  specialist: '专门业务培训',
  wellbeing: '心理健康讲座',
  education: '在职学历教育',
  external: '外出培训',
};

export interface CourseTime {
  startDate: string;
  endDate: string;
  /** Class hours (学时) of the whole course. */
  hours: number;
  /** Training days of the whole course; may be fractional (半天 = 0.5). */
  days: number;
  /** 脱产: counts towards the full-time days. */
  fullTime: boolean;
  kind: CourseKind;
}

export interface TrainingRules {
  minHours: number;
  minDays: number;
  minFullTimeDays: number;
  initialDays: number;
  postTrainingMonths: number;
  /** The versions of the five settings the verdict used, shown with every verdict. */
  versions: SettingVersions;
}

export interface SettingVersions {
  hours: number;
  days: number;
  fullTime: number;
  initial: number;
  post: number;
}

const DAY = 86_400_000;
const dayNo = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
export const spanDays = (start: string, end: string) => dayNo(end) - dayNo(start) + 1;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The problem with a course's dates and hours (a reason key, worded by the renderer), or null. More than 24 class hours a day is absurd. */
export function courseTimeProblem(c: {
  startDate: string;
  endDate: string;
  hours: number;
  days: number;
}): { field: string; reason: string; params: Record<string, number> } | null {
  if (c.endDate < c.startDate) return { field: 'endDate', reason: 'courseEndBeforeStart', params: {} };
  const span = spanDays(c.startDate, c.endDate);
  if (!(c.hours >= 0)) return { field: 'hours', reason: 'courseHoursNegative', params: {} };
  if (c.hours > 24 * span) return { field: 'hours', reason: 'courseHoursOverSpan', params: { hours: c.hours, span } };
  if (!(c.days > 0)) return { field: 'days', reason: 'courseDaysNotPositive', params: {} };
  if (c.days > span) return { field: 'days', reason: 'courseDaysOverSpan', params: { days: c.days, span } };
  return null;
}

/** Share of a course that falls in `year`, by calendar days: a course over New Year credits both years. */
export function yearShare(c: { startDate: string; endDate: string }, year: number): number {
  const from = c.startDate > `${year}-01-01` ? c.startDate : `${year}-01-01`;
  const to = c.endDate < `${year}-12-31` ? c.endDate : `${year}-12-31`;
  if (to < from) return 0;
  return spanDays(from, to) / spanDays(c.startDate, c.endDate);
}

/** Credit of one enrolment: only attendance earns hours; an excused or unexcused absence earns none. */
export function credit(c: CourseTime, attendance: Attendance | null): { hours: number; days: number } {
  return attendance === 'attended' ? { hours: c.hours, days: c.days } : { hours: 0, days: 0 };
}

export interface TrainingEntry {
  course: CourseTime & { title: string };
  attendance: Attendance | null;
}

export interface YearCheck {
  year: number;
  hours: number;
  days: number;
  fullTimeDays: number;
  excused: number;
  absent: number;
  /** Annual minimum met: (hours or days) and the full-time days. */
  annualMet: boolean;
  /**
   * What is missing, empty when met: `hoursShort` { hours, days } (hours, or days instead) and
   * `fullTimeShort` { days }.
   */
  shortfall: RuleOutcome[];
  /** Hours still missing against the hour minimum, for sorting and charts. */
  hoursBehind: number;
  initial: RequirementCheck | null;
  postTraining: RequirementCheck[];
  compliant: boolean;
  /**
   * How the verdict is reached, line by line: `credited`, `annual` (pass: the annual minimum is
   * met), `excused` when there were excused absences, the requirements below, and `basis` (the
   * settings' versions).
   */
  explanation: RuleOutcome[];
}

/**
 * 初任培训 or 任职培训 after one promotion, as a rule outcome: `initialDone` | `initialDue` |
 * `initialMissing` { joinDate, deadline, done, required, missing }, `postDone` | `postDue` |
 * `postMissing` { date, rank, deadline }; pass only when done.
 */
export interface RequirementCheck extends RuleOutcome {
  status: 'done' | 'due' | 'missing';
  /** Last day of the window. */
  deadline: string;
}

const RULE_STATUS = { done: 'Done', due: 'Due', missing: 'Missing' } as const;

/** The cadre's probation year (试用期): one year from joining the civil service. */
const PROBATION_MONTHS = 12;
export const probationEnd = (joinDate: string) => addMonths(joinDate, PROBATION_MONTHS);

/**
 * Checks one cadre for one calendar year.
 * `promotions`: start dates of ranks reached by promotion (every rank record after the first).
 * `today`: requirements whose window is still open are "due", not "missing".
 */
/**
 * Whether checkYear for `year` reads this course at all: a share of its days falls in the year, or
 * it is of a kind the probation and promotion checks look for across years. A check of a list
 * without the others is the same check (the cache of checks keys each year by these alone).
 */
export function readInYear(c: { kind: string; startDate: string; endDate: string }, year: number): boolean {
  // yearShare(c, year) > 0, without its date arithmetic: the course's days overlap the year.
  return c.kind === 'initial' || c.kind === 'post' || (c.startDate <= `${year}-12-31` && c.endDate >= `${year}-01-01`);
}

export function checkYear(
  p: { entries: TrainingEntry[]; joinDate: string | null; promotions: { rank: string; date: string }[] },
  year: number,
  rules: TrainingRules,
  today: string,
): YearCheck {
  let hours = 0;
  let days = 0;
  let fullTimeDays = 0;
  let excused = 0;
  let absent = 0;
  for (const e of p.entries) {
    const share = yearShare(e.course, year);
    if (share === 0) continue;
    if (e.attendance === 'excused') excused++;
    if (e.attendance === 'absent') absent++;
    const c = credit(e.course, e.attendance);
    hours += c.hours * share;
    days += c.days * share;
    if (e.course.fullTime) fullTimeDays += c.days * share;
  }
  hours = round1(hours);
  days = round1(days);
  fullTimeDays = round1(fullTimeDays);
  const byAmount = hours >= rules.minHours || days >= rules.minDays;
  const fullTimeMet = fullTimeDays >= rules.minFullTimeDays;
  const annualMet = byAmount && fullTimeMet;
  const hoursShort = byAmount ? null : round1(rules.minHours - hours);
  const daysShort = byAmount ? null : round1(rules.minDays - days);
  const fullTimeShort = fullTimeMet ? null : round1(rules.minFullTimeDays - fullTimeDays);
  const gaps: RuleOutcome[] = [];
  if (!byAmount) gaps.push({ rule: 'hoursShort', pass: false, params: { hours: hoursShort, days: daysShort } });
  if (!fullTimeMet) gaps.push({ rule: 'fullTimeShort', pass: false, params: { days: fullTimeShort } });
  const explanation: RuleOutcome[] = [
    { rule: 'credited', pass: true, params: { year, hours, days, fullTimeDays } },
    {
      rule: 'annual',
      pass: annualMet,
      params: { minHours: rules.minHours, minDays: rules.minDays, minFullTimeDays: rules.minFullTimeDays, hoursShort, daysShort, fullTimeShort },
    },
  ];
  if (excused) explanation.push({ rule: 'excused', pass: true, params: { n: excused } });

  // 初任培训: in the probation year, counted by the start date of initial-training courses.
  let initial: RequirementCheck | null = null;
  if (p.joinDate) {
    const deadline = deadlineOf(p.joinDate, PROBATION_MONTHS);
    if (p.joinDate <= `${year}-12-31` && deadline >= `${year}-01-01`) {
      const done = round1(
        p.entries
          .filter((e) => e.course.kind === 'initial' && e.attendance === 'attended' && e.course.startDate >= p.joinDate! && e.course.startDate <= deadline)
          .reduce((n, e) => n + e.course.days, 0),
      );
      const status = done >= rules.initialDays ? 'done' : today <= deadline ? 'due' : 'missing';
      initial = {
        rule: `initial${RULE_STATUS[status]}`,
        pass: status === 'done',
        status,
        deadline,
        params: { joinDate: p.joinDate, deadline, done, required: rules.initialDays, missing: round1(Math.max(0, rules.initialDays - done)) },
      };
      explanation.push(initial);
    }
  }

  // 任职培训: within the window after each promotion whose window touches this year.
  const post: RequirementCheck[] = [];
  for (const pr of p.promotions) {
    const deadline = deadlineOf(pr.date, rules.postTrainingMonths);
    if (pr.date > `${year}-12-31` || deadline < `${year}-01-01`) continue;
    const done = p.entries.some(
      (e) => e.course.kind === 'post' && e.attendance === 'attended' && e.course.startDate >= pr.date && e.course.startDate <= deadline,
    );
    const status = done ? 'done' : today <= deadline ? 'due' : 'missing';
    const check: RequirementCheck = {
      rule: `post${RULE_STATUS[status]}`,
      pass: status === 'done',
      status,
      deadline,
      params: { date: pr.date, rank: pr.rank, deadline },
    };
    post.push(check);
    explanation.push(check);
  }
  explanation.push({ rule: 'basis', pass: true, params: { ...rules.versions } });
  const compliant = annualMet && initial?.status !== 'missing' && !post.some((c) => c.status === 'missing');
  return {
    year,
    hours,
    days,
    fullTimeDays,
    excused,
    absent,
    annualMet,
    shortfall: gaps,
    hoursBehind: hoursShort ?? 0,
    initial,
    postTraining: post,
    compliant,
    explanation,
  };
}

/**
 * The day before `months` after `date` (a probation's or a promotion window's last day). The same
 * few hundred join and promotion dates come back for every check of every year: kept, bounded.
 */
const deadlines = new Map<string, string>();
function deadlineOf(date: string, months: number): string {
  const key = `${date}|${months}`;
  let d = deadlines.get(key);
  if (d === undefined) {
    if (deadlines.size >= 50_000) deadlines.clear();
    deadlines.set(key, (d = dayBefore(addMonths(date, months))));
  }
  return d;
}

function dayBefore(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
}

/** Promotions in a rank history: every record after the first (the first is the starting rank). */
export function promotionsOf(history: { rank: string; startDate: string }[]): { rank: string; date: string }[] {
  const sorted = [...history].sort((a, b) => a.startDate.localeCompare(b.startDate));
  return sorted.slice(1).map((r) => ({ rank: r.rank, date: r.startDate }));
}

/** Words of a career plan's training needs ("法律、业务知识；心理调适") for matching courses. */
export function needWords(needs: string | null): string[] {
  if (!needs) return [];
  return [
    ...new Set(
      needs
        .split(/[\s,，、;；。/／和及]+/u)
        .map((w) => w.trim())
        .filter((w) => w.length >= 2 || (DRILL_KINDS as readonly string[]).includes(w)),
    ),
  ];
}

/** The need words a course matches, by its title, kind, drill sub-kind and abilities. */
export function courseMatches(words: string[], c: { title: string; kind: CourseKind; subKind: string | null; abilities: string[] }): string[] {
  const hay = [c.title, KIND_LABELS[c.kind], c.subKind ?? '', ...c.abilities].join(' ');
  return words.filter((w) => hay.includes(w) || (w.length > 2 && hay.includes(w.slice(0, 2))));
}
