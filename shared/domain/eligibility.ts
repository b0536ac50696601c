import type { RuleOutcome } from '../contract/errors';
import type { GRADES } from '../contract/dossiers';
import { addMonths, monthsBetween } from './career';
import type { RankStep } from './settings';

// 职级晋升: eligibility for the next non-leadership rank (2019 并行规定; the ladder and the
// appraisal conditions are dated settings). Eligible means may be considered, not promoted.

export type Grade = (typeof GRADES)[number];

export interface RankRules {
  ladder: RankStep[];
  weakYearsCount: boolean;
  incompetentBlocks: boolean;
  oldTitleMap: Record<string, string>;
  leadershipTimeCounts: boolean;
  /** Setting versions the verdict used, named in its criteria. */
  versions: Record<string, number>;
}

export interface RankPerson {
  /** Ranks or old titles held, oldest first. */
  ranks: { rank: string; start: string }[];
  /** Leadership posts (乡科级副职/正职) held, for 实改非 cadres. */
  posts: { post: string; start: string; end: string | null }[];
  appraisals: Record<number, Grade>;
}

/**
 * One criterion of a verdict, worded by the screens (`roster.rules.<rule>`):
 * - `noRank`: no rank on record;
 * - `offLadder` { rank }: the rank is not on the ladder, or is its top;
 * - `oldTitle` { title, rank, version }: an old title read as the rank it maps to;
 * - `years` { rank, since, served, years, version }: months served in the rank against the minimum;
 * - `yearsLeadership` { post, since, leadershipVersion, served, years, version }: the same, counted
 *   from a leadership post (实改非);
 * - `weakYear` { year, grade, months }: a year whose grade does not count toward the minimum;
 * - `appraisalMissing` { years }: years of the minimum with no appraisal on file;
 * - `incompetent` { year }: last year was 不称职, so not this year.
 * `served` and `months` are months.
 */
export type Criterion = RuleOutcome;

export interface Eligibility {
  currentRank: string | null;
  nextRank: string | null;
  eligibleOn: string | null;
  eligibleToday: boolean;
  criteria: Criterion[];
}

const version = (rules: RankRules, key: string) => rules.versions[key] ?? 0;

export function rankEligibility(p: RankPerson, rules: RankRules, today: string): Eligibility {
  const criteria: Criterion[] = [];
  const last = p.ranks[p.ranks.length - 1];
  const none = (why: Criterion): Eligibility => ({ currentRank: last?.rank ?? null, nextRank: null, eligibleOn: null, eligibleToday: false, criteria: [why] });
  if (!last) return none({ rule: 'noRank', pass: false });
  const mapped = rules.oldTitleMap[last.rank];
  const current = mapped ?? last.rank;
  if (mapped) criteria.push({ rule: 'oldTitle', pass: true, params: { title: last.rank, rank: mapped, version: version(rules, 'rank.oldTitleMap') } });
  const step = rules.ladder.find((s) => s.from.includes(current));
  if (!step) return { ...none({ rule: 'offLadder', pass: false, params: { rank: current } }), currentRank: current };
  // Time counts from the start of the current rank, or of a matching leadership post held
  // before it when a 实改非 cadre's leadership time counts.
  let start = last.start;
  let leadership: string | null = null;
  if (rules.leadershipTimeCounts) {
    for (const post of p.posts) {
      if (step.from.includes(post.post) && post.start < start && (post.end === null || post.end >= last.start)) {
        start = post.start;
        leadership = post.post;
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
  const served = Math.max(0, Math.max(0, monthsBetween(start, today)) - lost);
  const timeOk = eligibleOn <= today;
  const counted = { since: start, served, years: step.years, version: version(rules, 'rank.ladder') };
  criteria.push(
    leadership
      ? { rule: 'yearsLeadership', pass: timeOk, params: { post: leadership, leadershipVersion: version(rules, 'rank.leadershipTimeCounts'), ...counted } }
      : { rule: 'years', pass: timeOk, params: { rank: current, ...counted } },
  );
  for (const e of excluded) criteria.push({ rule: 'weakYear', pass: false, params: { year: e.year, grade: e.grade, months: e.months } });
  // Each year of the minimum needs its annual appraisal on file (the current year's is not due yet).
  const lastDue = Math.min(Number(addMonths(eligibleOn, -1).slice(0, 4)), thisYear - 1);
  const missing: number[] = [];
  for (let y = startYear; y <= lastDue; y++) if (!(y in p.appraisals)) missing.push(y);
  if (missing.length) criteria.push({ rule: 'appraisalMissing', pass: false, params: { years: missing } });
  let blocked = false;
  if (rules.incompetentBlocks && p.appraisals[thisYear - 1] === '不称职') {
    blocked = true;
    criteria.push({ rule: 'incompetent', pass: false, params: { year: thisYear - 1 } });
  }
  const eligibleToday = timeOk && !blocked && !missing.length;
  return {
    currentRank: current,
    nextRank: step.to,
    eligibleOn: blocked && eligibleOn < `${thisYear + 1}-01-01` ? `${thisYear + 1}-01-01` : eligibleOn,
    eligibleToday,
    criteria,
  };
}

/** Why a promotion is refused, as a reason key: it must go to the next rank on the ladder. */
export type PromotionProblem = { reason: 'rankOffLadder'; params: { rank: string } } | { reason: 'rankSkipped'; params: { next: string; target: string } };

export function promotionProblem(current: string, target: string, ladder: RankStep[]): PromotionProblem | null {
  const step = ladder.find((s) => s.from.includes(current));
  if (!step) return { reason: 'rankOffLadder', params: { rank: current } };
  return step.to === target ? null : { reason: 'rankSkipped', params: { next: step.to, target } };
}
