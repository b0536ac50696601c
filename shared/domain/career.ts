// Career stages (the seed study's four) and the statutory retirement date (2024 decision).

export type Gender = 'M' | 'F';

/** Whole months from a to b (dates as YYYY-MM-DD); negative when b is earlier. */
export function monthsBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number) as [number, number, number];
  const [by, bm, bd] = b.split('-').map(Number) as [number, number, number];
  let m = (by - ay) * 12 + (bm - am);
  if (bd < ad) m -= 1;
  return m;
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Statutory retirement (2024 渐进式延迟法定退休年龄 decision, firm): base 60 for men and 55 for
 * women cadres; born in or after the start month (1965-01 men, 1970-01 women), one month is
 * added for every four months of birth after it, up to 36 months.
 */
export type Retirement = Readonly<{
  date: string;
  ageMonths: number;
  delayMonths: number;
  /** The basis the renderer words ("女，1981 年 9 月出生，基准 55 岁，延迟 36 个月 → 法定退休年龄 58 岁"). */
  baseYears: number;
  birthYear: number;
  birthMonth: number;
}>;

// A pure function of two values, asked for every cadre of every HR list: kept per birth date and gender.
const retirements = new Map<string, Retirement>();

export function retirement(birthDate: string, gender: Gender): Retirement {
  const key = `${birthDate}|${gender}`;
  const kept = retirements.get(key);
  if (kept) return kept;
  if (retirements.size >= 20_000) retirements.clear();
  const r = Object.freeze(retirementOf(birthDate, gender));
  retirements.set(key, r);
  return r;
}

function retirementOf(birthDate: string, gender: Gender): Retirement {
  const [y, m] = birthDate.split('-').map(Number) as [number, number];
  const baseYears = gender === 'M' ? 60 : 55;
  const startYear = gender === 'M' ? 1965 : 1970;
  const monthsAfterStart = (y - startYear) * 12 + (m - 1);
  const delayMonths = monthsAfterStart < 0 ? 0 : Math.min(36, Math.floor(monthsAfterStart / 4) + 1);
  const ageMonths = baseYears * 12 + delayMonths;
  // Retirement falls in the month the age is reached; the date is that month's birthday.
  const date = addMonths(birthDate, ageMonths);
  return { date, ageMonths, delayMonths, baseYears, birthYear: y, birthMonth: m };
}

/** The four career stages (适应期, 成长期, 成熟期, 退出期). */
export const STAGES = ['adapt', 'growth', 'mature', 'retreat'] as const;
export type CareerStage = (typeof STAGES)[number];
// The stages' Chinese names, for the Excel exports (the UI words stages through its dictionaries).
export { STAGE_LABELS } from './career-labels';

export interface StageSettings {
  adaptYears: number;
  growthYears: number;
  retreatYears: number;
}

type StagePerson = { workStart: string; birthDate: string; gender: Gender; secondLine: boolean };

/** The stage alone, for lists: the same rule as careerStage without building its reason. */
export function stageOn(p: StagePerson, today: string, s: StageSettings): CareerStage {
  return stageFacts(p, today, s).stage;
}

function stageFacts(
  p: StagePerson,
  today: string,
  s: StageSettings,
): { stage: CareerStage; why: 'secondLine' | 'retire' | 'served'; serviceMonths: number; toRetire: number } {
  const serviceMonths = Math.max(0, monthsBetween(p.workStart, today));
  const toRetire = monthsBetween(today, retirement(p.birthDate, p.gender).date);
  if (p.secondLine) return { stage: 'retreat', why: 'secondLine', serviceMonths, toRetire };
  if (toRetire < s.retreatYears * 12) return { stage: 'retreat', why: 'retire', serviceMonths, toRetire };
  const stage = serviceMonths < s.adaptYears * 12 ? 'adapt' : serviceMonths <= s.growthYears * 12 ? 'growth' : 'mature';
  return { stage, why: 'served', serviceMonths, toRetire };
}

/**
 * Why a cadre is at a stage on `today`: the rule and the facts the renderer words
 * ("参加工作 2 年 → 职业适应阶段").
 */
export type StageBasis =
  { why: 'secondLine' } | { why: 'retire'; monthsToRetire: number; retreatYears: number } | { why: 'served'; serviceYears: number; serviceMonths: number };

/** The stage on `today`, with the basis shown on the dossier. */
export function careerStage(p: StagePerson, today: string, s: StageSettings): { stage: CareerStage; basis: StageBasis } {
  const { stage, why, serviceMonths, toRetire } = stageFacts(p, today, s);
  if (why === 'secondLine') return { stage, basis: { why } };
  if (why === 'retire') return { stage, basis: { why, monthsToRetire: Math.max(0, toRetire), retreatYears: s.retreatYears } };
  return { stage, basis: { why, serviceYears: Math.floor(serviceMonths / 12), serviceMonths: serviceMonths % 12 } };
}

// Career anchors (Schein): 40 items scored 1–6, item k to anchor (k−1) mod 8.
export const ANCHORS = ['TF', 'GM', 'AU', 'SE', 'EC', 'SV', 'CH', 'LS'] as const;
export type Anchor = (typeof ANCHORS)[number];

/** The scores, or why the answers cannot be scored: not 40 of them (`count`), or one outside 1–6 (`item`, 1-based). */
export type AnchorRefusal = { error: 'anchorAnswerCount'; count: number } | { error: 'anchorAnswerRange'; item: number };

export function anchorScores(answers: number[]): { scores: Record<Anchor, number>; top: Anchor } | AnchorRefusal {
  if (answers.length !== 40) return { error: 'anchorAnswerCount', count: answers.length };
  const bad = answers.findIndex((a) => !Number.isInteger(a) || a < 1 || a > 6);
  if (bad >= 0) return { error: 'anchorAnswerRange', item: bad + 1 };
  const sums = new Array(8).fill(0) as number[];
  answers.forEach((a, k) => (sums[k % 8]! += a));
  const scores = Object.fromEntries(ANCHORS.map((x, i) => [x, sums[i]! / 5])) as Record<Anchor, number>;
  const top = ANCHORS.reduce((best, x) => (scores[x] > scores[best] ? x : best), ANCHORS[0]);
  return { scores, top };
}

/**
 * The first plan period of `length` years from `fromYear` on that overlaps none of the cadre's
 * existing plans (one plan per period): the default for a new career plan.
 */
export function firstFreePeriod(
  existing: { periodStart: number; periodEnd: number }[],
  fromYear: number,
  length = 3,
): { periodStart: number; periodEnd: number } {
  let start = fromYear;
  for (;;) {
    const end = start + length - 1;
    const clash = existing.find((p) => p.periodStart <= end && p.periodEnd >= start);
    if (!clash) return { periodStart: start, periodEnd: end };
    start = clash.periodEnd + 1;
  }
}

/** The existing plan a period would overlap, if any. */
export function periodClash<P extends { periodStart: number; periodEnd: number }>(existing: P[], start: number, end: number): P | undefined {
  return existing.find((p) => p.periodStart <= end && p.periodEnd >= start);
}
