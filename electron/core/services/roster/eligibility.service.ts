import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { addMonths } from '../../../../shared/domain/career';
import { promotionProblem, rankEligibility, type Grade, type RankPerson, type RankRules } from '../../../../shared/domain/eligibility';
import type { Sqlite } from '../../db/open';
import { tableMemo, type ReadCache } from '../../db/read-cache';
import { cadre } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { TrainingEvidence } from '../../../../shared/contract/training';
import type { TrainingService } from '../training/training.service';
import type { Viewer } from '../zones/scope';

// 职级晋升: the eligibility list and recorded promotions.
export function createEligibilityService(deps: {
  sqlite: Sqlite;
  writer: SyncedWriter;
  offices: OfficesService;
  settings: SettingsService;
  training: Pick<TrainingService, 'promotionEvidence'>;
  cache?: ReadCache;
}) {
  const { sqlite, writer, offices, settings, training } = deps;

  // ---- Rank eligibility ---------------------------------------------------------------

  function rules(day: string): RankRules {
    const ladder = settings.at('rank.ladder', day);
    const weak = settings.at('rank.weakYearsCount', day);
    const blocks = settings.at('rank.incompetentBlocks', day);
    const map = settings.at('rank.oldTitleMap', day);
    const lead = settings.at('rank.leadershipTimeCounts', day);
    return {
      ladder: ladder.value,
      weakYearsCount: weak.value,
      incompetentBlocks: blocks.value,
      oldTitleMap: map.value,
      leadershipTimeCounts: lead.value,
      versions: {
        'rank.ladder': ladder.version,
        'rank.weakYearsCount': weak.version,
        'rank.incompetentBlocks': blocks.version,
        'rank.oldTitleMap': map.version,
        'rank.leadershipTimeCounts': lead.version,
      },
    };
  }

  const ranksOf = sqlite.prepare<[string], { cadre_id: string; rank: string; start_date: string }>(
    'SELECT cadre_id, rank, start_date FROM rank_record WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY start_date, created_at',
  );
  // One row a cadre, its grades as a JSON object by year in stored order (a later row of the same
  // year wins, as JSON.parse keeps the last of a repeated key): 20 years of appraisals for 400
  // cadres as 8,000 row objects cost more than the rule that reads them.
  const appraisalsOf = sqlite
    .prepare<[string], [string, string]>(
      'SELECT cadre_id, json_group_object(year, grade ORDER BY rowid) FROM appraisal WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL GROUP BY cadre_id',
    )
    .raw(true);
  type PersonFields = { id: string; leadershipPost: string | null; leadershipStart: string | null; sgf: boolean; sgfDate: string | null };

  type Records = Map<string, { ranks: RankPerson['ranks']; appraisals: RankPerson['appraisals'] }>;
  /** The rank histories and appraisals of the cadres `ids` names (a JSON array), in two queries for the lot. */
  function recordsOf(ids: string): Records {
    const out: Records = new Map();
    const of = (id: string) => {
      let r = out.get(id);
      if (!r) out.set(id, (r = { ranks: [], appraisals: {} }));
      return r;
    };
    for (const r of ranksOf.all(ids)) of(r.cadre_id).ranks.push({ rank: r.rank, start: r.start_date });
    for (const [cadreId, grades] of appraisalsOf.all(ids)) of(cadreId).appraisals = JSON.parse(grades) as Record<number, Grade>;
    return out;
  }
  const allIds = sqlite.prepare<[], string>('SELECT json_group_array(id) FROM cadre').pluck();
  // Every cadre's records, kept until a rank record or an appraisal changes (drizzle/0013): an edit
  // of a cadre's phone, a course or a setting leaves them as they were. Shared and frozen.
  const allRecords = tableMemo(
    sqlite,
    ['appraisal', 'rank_record'],
    () => recordsOf(allIds.get()!),
    () => deps.cache?.enabled ?? true,
  );
  const NONE = Object.freeze({ ranks: Object.freeze([]) as unknown as RankPerson['ranks'], appraisals: Object.freeze({}) as RankPerson['appraisals'] });

  /** Each cadre's rank history, leadership posts and appraisals. */
  function persons(cs: PersonFields[]): Map<string, RankPerson> {
    // One cadre, or inside a write: its own rows; a list outside a transaction: the kept records of all.
    const records = cs.length > 1 && !sqlite.inTransaction ? allRecords() : recordsOf(JSON.stringify(cs.map((c) => c.id)));
    const out = new Map<string, RankPerson>();
    for (const c of cs) {
      const r = records.get(c.id) ?? NONE;
      out.set(c.id, {
        ranks: r.ranks,
        posts: c.leadershipPost && c.leadershipStart ? [{ post: c.leadershipPost, start: c.leadershipStart, end: c.sgf ? c.sgfDate : null }] : [],
        appraisals: r.appraisals,
      });
    }
    return out;
  }
  const person = (c: PersonFields): RankPerson => persons([c]).get(c.id)!;

  function eligibilityRow(
    c: PersonFields & { name: string; officeName: string },
    day: string,
    months: number,
    trainingEvidence: TrainingEvidence | null,
    r = rules(day),
    p = person(c),
    horizon = addMonths(day, months),
  ) {
    const e = rankEligibility(p, r, day);
    return {
      cadreId: c.id,
      name: c.name,
      officeName: c.officeName,
      ...e,
      withinMonths: e.eligibleToday || (e.eligibleOn !== null && e.eligibleOn <= horizon),
      training: trainingEvidence,
    };
  }

  function eligibility(v: Viewer, officeId: string | undefined, months: number, today: string) {
    const compute = () => eligibilityNow(v, officeId, months, today);
    // Kept until the next write (db/read-cache.ts); the viewer is part of the key.
    return deps.cache
      ? deps.cache.memo(JSON.stringify(['roster.eligibility', officeId ?? null, months, today, v.role, v.officeId, v.cadreId]), compute)
      : compute();
  }

  function eligibilityNow(v: Viewer, officeId: string | undefined, months: number, today: string) {
    const r = rules(today);
    const people = offices
      .listCadres(v, { officeId }, today)
      .filter((c) => c.status !== 'retired' && c.status !== 'transferred' && c.status !== 'second_line' && !c.pastRetirement);
    const evidence = training.promotionEvidence(people, today);
    const records = persons(people);
    const horizon = addMonths(today, months);
    const rows = people
      .map((c) => eligibilityRow(c, today, months, evidence.get(c.id) ?? null, r, records.get(c.id), horizon))
      .sort((a, b) => Number(b.eligibleToday) - Number(a.eligibleToday) || (a.eligibleOn ?? '9999').localeCompare(b.eligibleOn ?? '9999'));
    const versions = {
      ladder: r.versions['rank.ladder']!,
      weakYearsCount: r.versions['rank.weakYearsCount']!,
      incompetentBlocks: r.versions['rank.incompetentBlocks']!,
      oldTitleMap: r.versions['rank.oldTitleMap']!,
    };
    return { rows, versions };
  }

  function promote(v: Viewer, i: { cadreId: string; rank: string; date: string; decisionRef: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = offices.getCadre(v, i.cadreId, today);
    const r = rules(i.date);
    const before = rankEligibility(person(c), r, i.date);
    if (!before.currentRank) throw fail('RULE_VIOLATION', 'noRankRecord', { name: c.name });
    const problem = promotionProblem(before.currentRank, i.rank, r.ladder);
    if (problem) throw fail('BAD_INPUT', problem.reason, { field: 'rank', ...problem.params });
    const last = person(c).ranks.at(-1)!;
    if (i.date <= last.start) throw fail('BAD_INPUT', 'promotionBeforeRank', { field: 'date', since: last.start });
    if (i.date > today) throw fail('BAD_INPUT', 'promotionInFuture', { field: 'date' });
    if (i.date >= c.retirementDate) throw fail('BAD_INPUT', 'pastRetirement', { field: 'date', name: c.name, retirementDate: c.retirementDate });
    return writer.transaction(() => {
      writer.update(cadre, c.id, { rank: i.rank, rankStart: i.date }, ctx);
      offices.recordRank(c.id, c.officeId, i.rank, i.date, ctx, { decisionRef: i.decisionRef, note: i.note });
      // Recorded all the same (the decision is the bureau's): what was not met on the day, named.
      const warnings: RuleOutcome[] = before.eligibleToday
        ? []
        : [{ rule: 'notEligible', pass: false, params: { date: i.date } }, ...before.criteria.filter((x) => !x.pass)];
      const after = offices.getCadre(v, c.id, today);
      return { row: eligibilityRow(after, today, 6, training.promotionEvidence([after], today).get(c.id) ?? null), warnings };
    });
  }

  return { eligibility, promote };
}
