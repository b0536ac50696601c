import { addMonths, monthsBetween } from './career';
import type { RankStep } from './settings';

// 职级晋升: eligibility for the next non-leadership rank (2019 并行规定; the ladder and the
// appraisal conditions are dated settings). Eligible means may be considered, not promoted.

export const GRADES = ['优秀', '称职', '基本称职', '不称职', '不定等次'] as const;
export type Grade = (typeof GRADES)[number];

export interface RankRules {
  ladder: RankStep[];
  weakYearsCount: boolean;
  incompetentBlocks: boolean;
  oldTitleMap: Record<string, string>;
  leadershipTimeCounts: boolean;
  /** Setting versions the verdict used, named in its explanation. */
  versions: Record<string, number>;
}

export interface RankPerson {
  /** Ranks or old titles held, oldest first. */
  ranks: { rank: string; start: string }[];
  /** Leadership posts (乡科级副职/正职) held, for 实改非 cadres. */
  posts: { post: string; start: string; end: string | null }[];
  appraisals: Record<number, Grade>;
}

export interface Criterion {
  pass: boolean;
  text: string;
  /** The rule the criterion checks, for the screens: years, weakYear, incompetent, appraisalMissing … */
  rule?: string;
}

export interface Eligibility {
  currentRank: string | null;
  nextRank: string | null;
  eligibleOn: string | null;
  eligibleToday: boolean;
  criteria: Criterion[];
  explanation: string;
}

const ym = (months: number) => `${Math.floor(months / 12)} 年${months % 12 ? ` ${months % 12} 个月` : ''}`;

export function rankEligibility(p: RankPerson, rules: RankRules, today: string): Eligibility {
  const criteria: Criterion[] = [];
  const last = p.ranks[p.ranks.length - 1];
  const none = (why: string): Eligibility => ({ currentRank: last?.rank ?? null, nextRank: null, eligibleOn: null, eligibleToday: false, criteria: [{ pass: false, text: why }], explanation: why });
  if (!last) return none('无职级记录');
  const mapped = rules.oldTitleMap[last.rank];
  const current = mapped ?? last.rank;
  if (mapped) criteria.push({ pass: true, text: `原职务“${last.rank}”对应职级“${mapped}”（设置 v${rules.versions['rank.oldTitleMap'] ?? 0}）` });
  const step = rules.ladder.find((s) => s.from.includes(current));
  if (!step) return { ...none(`“${current}”不在职级阶梯内或已是最高职级`), currentRank: current };
  // Time counts from the start of the current rank, or of a matching leadership post held
  // before it when a 实改非 cadre's leadership time counts.
  let start = last.start;
  let startWhy = `任${current}自 ${last.start}`;
  if (rules.leadershipTimeCounts) {
    for (const post of p.posts) {
      if (step.from.includes(post.post) && post.start < start && (post.end === null || post.end >= last.start)) {
        start = post.start;
        startWhy = `任${post.post}（领导职务时间计入，设置 v${rules.versions['rank.leadershipTimeCounts'] ?? 0}）自 ${post.start}`;
      }
    }
  }
  const need = Math.round(step.years * 12);
  // Years graded 基本称职, 不定等次 (and 不称职) do not count toward the minimum.
  const excluded: { year: number; grade: Grade; months: number }[] = [];
  const startYear = Number(start.slice(0, 4));
  const thisYear = Number(today.slice(0, 4));
  for (let y = startYear; y <= thisYear; y++) {
    const g = p.appraisals[y];
    const weak = g === '基本称职' || g === '不定等次';
    if (g === '不称职' || (weak && !rules.weakYearsCount)) {
      const from = y === startYear ? start : `${y}-01-01`;
      const to = `${y + 1}-01-01`;
      excluded.push({ year: y, grade: g, months: Math.max(0, monthsBetween(from, to)) });
    }
  }
  const lost = excluded.reduce((n, e) => n + e.months, 0);
  const eligibleOn = addMonths(start, need + lost);
  const served = Math.max(0, monthsBetween(start, today)) - lost;
  const timeOk = eligibleOn <= today;
  criteria.push({ pass: timeOk, text: `${startWhy}，计入 ${ym(Math.max(0, served))} ${timeOk ? '≥' : '<'} ${step.years} 年（阶梯设置 v${rules.versions['rank.ladder'] ?? 0}）${timeOk ? '✓' : '✗'}` });
  for (const e of excluded) criteria.push({ pass: false, text: `${e.year} 年度${e.grade}，不计入年限（${ym(e.months)}）✗` });
  // Each year of the minimum needs its annual appraisal on file (the current year's is not due yet).
  const lastDue = Math.min(Number(addMonths(eligibleOn, -1).slice(0, 4)), thisYear - 1);
  const missing: number[] = [];
  for (let y = startYear; y <= lastDue; y++) if (!(y in p.appraisals)) missing.push(y);
  if (missing.length) criteria.push({ pass: false, rule: 'appraisalMissing', text: `${missing.join('、')} 年度考核结果缺失 ✗` });
  let blocked = false;
  if (rules.incompetentBlocks && p.appraisals[thisYear - 1] === '不称职') {
    blocked = true;
    criteria.push({ pass: false, text: `${thisYear - 1} 年度不称职，当年不得晋升 ✗` });
  }
  const eligibleToday = timeOk && !blocked && !missing.length;
  return {
    currentRank: current,
    nextRank: step.to,
    eligibleOn: blocked && eligibleOn < `${thisYear + 1}-01-01` ? `${thisYear + 1}-01-01` : eligibleOn,
    eligibleToday,
    criteria,
    explanation: criteria.map((c) => c.text).join('；'),
  };
}

/** A promotion must go to the next rank on the ladder; skipping one is refused. */
export function promotionProblem(current: string, target: string, ladder: RankStep[]): string | null {
  const step = ladder.find((s) => s.from.includes(current));
  if (!step) return `“${current}”不在职级阶梯内`;
  return step.to === target ? null : `应晋升为“${step.to}”，不能越级晋升为“${target}”`;
}
