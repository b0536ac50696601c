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
export type Retirement = Readonly<{ date: string; ageMonths: number; delayMonths: number; explanation: string }>;

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
  const age = `${Math.floor(ageMonths / 12)} 岁${ageMonths % 12 ? ` ${ageMonths % 12} 个月` : ''}`;
  const explanation = delayMonths
    ? `${gender === 'M' ? '男' : '女'}，${y} 年 ${m} 月出生，基准 ${baseYears} 岁，延迟 ${delayMonths} 个月 → 法定退休年龄 ${age}`
    : `${gender === 'M' ? '男' : '女'}，${y} 年 ${m} 月出生，早于延迟起点 → 法定退休年龄 ${baseYears} 岁`;
  return { date, ageMonths, delayMonths, explanation };
}

export type CareerStage = 'adapt' | 'growth' | 'mature' | 'retreat';
export const STAGE_LABELS: Record<CareerStage, string> = { adapt: '职业适应', growth: '职业成长', mature: '职业成熟', retreat: '职业退隐' };

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

function stageFacts(p: StagePerson, today: string, s: StageSettings): { stage: CareerStage; why: 'secondLine' | 'retire' | 'served'; serviceMonths: number; toRetire: number } {
  const serviceMonths = Math.max(0, monthsBetween(p.workStart, today));
  const toRetire = monthsBetween(today, retirement(p.birthDate, p.gender).date);
  if (p.secondLine) return { stage: 'retreat', why: 'secondLine', serviceMonths, toRetire };
  if (toRetire < s.retreatYears * 12) return { stage: 'retreat', why: 'retire', serviceMonths, toRetire };
  const stage = serviceMonths < s.adaptYears * 12 ? 'adapt' : serviceMonths <= s.growthYears * 12 ? 'growth' : 'mature';
  return { stage, why: 'served', serviceMonths, toRetire };
}

/** The stage on `today`, with the reason shown on the dossier ("参加工作 2 年 → 职业适应阶段"). */
export function careerStage(p: StagePerson, today: string, s: StageSettings): { stage: CareerStage; reason: string } {
  const { stage, why, serviceMonths, toRetire } = stageFacts(p, today, s);
  if (why === 'secondLine') return { stage, reason: `已退二线 → ${STAGE_LABELS.retreat}阶段` };
  if (why === 'retire') return { stage, reason: `距法定退休 ${Math.max(0, toRetire)} 个月（不足 ${s.retreatYears} 年）→ ${STAGE_LABELS.retreat}阶段` };
  const served = `参加工作 ${Math.floor(serviceMonths / 12)} 年${serviceMonths % 12 ? ` ${serviceMonths % 12} 个月` : ''}`;
  return { stage, reason: `${served} → ${STAGE_LABELS[stage]}阶段` };
}

// Career anchors (Schein): 40 items scored 1–6, item k to anchor (k−1) mod 8.
export const ANCHORS = ['TF', 'GM', 'AU', 'SE', 'EC', 'SV', 'CH', 'LS'] as const;
export type Anchor = (typeof ANCHORS)[number];

export function anchorScores(answers: number[]): { scores: Record<Anchor, number>; top: Anchor } | { error: string } {
  if (answers.length !== 40) return { error: `问卷须答满 40 题（现为 ${answers.length} 题）` };
  const bad = answers.findIndex((a) => !Number.isInteger(a) || a < 1 || a > 6);
  if (bad >= 0) return { error: `第 ${bad + 1} 题的得分应为 1–6` };
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
export function firstFreePeriod(existing: { periodStart: number; periodEnd: number }[], fromYear: number, length = 3): { periodStart: number; periodEnd: number } {
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
