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
export function retirement(birthDate: string, gender: Gender): { date: string; ageMonths: number; delayMonths: number; explanation: string } {
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

/** The stage on `today`, with the reason shown on the dossier ("参加工作 2 年 → 职业适应阶段"). */
export function careerStage(
  p: { workStart: string; birthDate: string; gender: Gender; secondLine: boolean },
  today: string,
  s: StageSettings,
): { stage: CareerStage; reason: string } {
  const serviceMonths = Math.max(0, monthsBetween(p.workStart, today));
  const years = Math.floor(serviceMonths / 12);
  const ret = retirement(p.birthDate, p.gender);
  const toRetire = monthsBetween(today, ret.date);
  const served = `参加工作 ${years} 年${serviceMonths % 12 ? ` ${serviceMonths % 12} 个月` : ''}`;
  if (p.secondLine) return { stage: 'retreat', reason: `已退二线 → ${STAGE_LABELS.retreat}阶段` };
  if (toRetire < s.retreatYears * 12) return { stage: 'retreat', reason: `距法定退休 ${Math.max(0, toRetire)} 个月（不足 ${s.retreatYears} 年）→ ${STAGE_LABELS.retreat}阶段` };
  if (serviceMonths < s.adaptYears * 12) return { stage: 'adapt', reason: `${served} → ${STAGE_LABELS.adapt}阶段` };
  if (serviceMonths <= s.growthYears * 12) return { stage: 'growth', reason: `${served} → ${STAGE_LABELS.growth}阶段` };
  return { stage: 'mature', reason: `${served} → ${STAGE_LABELS.mature}阶段` };
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
