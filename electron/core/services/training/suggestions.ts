// Suggested courses: open courses of approved plans matched to people, each with its reasons.
import type { RuleOutcome } from '../../../../shared/contract/errors';
import type { Cadre } from '../../../../shared/contract/offices';
import type { Suggestion } from '../../../../shared/contract/training';
import { courseMatches, needWords, type YearCheck } from '../../../../shared/domain/training';
import { stationBound, type Viewer } from '../zones/scope';
import type { Courses } from './courses';
import type { Hours } from './hours';
import { inactive, json, str, type Row, type TrainingContext } from './context';

export function createSuggestions(c: TrainingContext, { listCourses }: Pick<Courses, 'listCourses'>, { checks }: Pick<Hours, 'checks'>) {
  const { sqlite, offices, memo } = c;
  function suggestFor(people: Cadre[], today: string): Suggestion[] {
    const open = listCourses({ from: today }).filter((c) => c.planStatus === 'approved' && c.startDate >= today);
    if (!open.length || !people.length) return [];
    const year = Number(today.slice(0, 4));
    const planStages = new Map(
      (sqlite.prepare('SELECT id, target_stages FROM training_plan WHERE deleted_at IS NULL').all() as Row[]).map((r) => [
        r.id as string,
        json<string[]>(r.target_stages, []),
      ]),
    );
    const ids = JSON.stringify(people.map((p) => p.id));
    // The latest plan's training needs of each cadre, as text; its words are found once per text.
    const needs = new Map(
      (
        sqlite
          .prepare(
            'SELECT cadre_id, training_needs FROM career_plan WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY period_start',
          )
          .raw(true)
          .all(ids) as [string, unknown][]
      ).map(([cadreId, text]) => [cadreId, str(text) ?? '']),
    );
    const wordsOf = new Map<string, string[]>();
    for (const text of needs.values()) if (!wordsOf.has(text)) wordsOf.set(text, needWords(text || null));
    // Only enrolments in the open courses can rule a suggestion out.
    const enrolled = new Set(
      sqlite
        .prepare(
          'SELECT course_id || cadre_id FROM training_enrolment WHERE cadre_id IN (SELECT value FROM json_each(?)) AND course_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL',
        )
        .pluck()
        .all(ids, JSON.stringify(open.map((c) => c.id))) as string[],
    );
    const checked = new Map(checks(people, year, today).map((x) => [x.cadre.id, x.check] as [string, YearCheck]));
    const out: Suggestion[] = [];
    for (const c of open) {
      const stages = c.targetStages.length ? c.targetStages : (planStages.get(c.planId) ?? []);
      const cadres: Suggestion['cadres'] = [];
      // The words of one needs text match a course the same way for everyone who wrote it.
      const matches = new Map<string, string[]>();
      for (const p of people) {
        if (enrolled.has(c.id + p.id)) continue;
        const reasons: RuleOutcome[] = [];
        if (p.stage && stages.includes(p.stage)) reasons.push({ rule: 'forStage', pass: true, params: { stage: p.stage } });
        if (p.post && c.targetPosts.includes(p.post)) reasons.push({ rule: 'forPost', pass: true, params: { post: p.post } });
        const text = needs.get(p.id) ?? '';
        let matched = matches.get(text);
        if (!matched) matches.set(text, (matched = courseMatches(wordsOf.get(text) ?? [], c)));
        if (matched.length) reasons.push({ rule: 'needs', pass: true, params: { words: matched } });
        const check = checked.get(p.id);
        if (c.kind === 'initial' && check?.initial?.status === 'due' && c.startDate <= check.initial.deadline)
          reasons.push({ rule: 'initialOutstanding', pass: true, params: check.initial.params });
        const post = check?.postTraining.find((x) => x.status === 'due' && c.startDate <= x.deadline);
        if (c.kind === 'post' && post) reasons.push({ rule: 'postOutstanding', pass: true, params: { deadline: post.deadline } });
        if (reasons.length) cadres.push({ cadreId: p.id, name: p.name, officeName: p.officeName, reasons });
      }
      if (cadres.length)
        out.push({
          courseId: c.id,
          title: c.title,
          kind: c.kind,
          subKind: c.subKind,
          kindLabel: c.subKind ? `${c.kindLabel}·${c.subKind}` : c.kindLabel,
          startDate: c.startDate,
          endDate: c.endDate,
          hours: c.hours,
          full: c.capacity !== null && c.enrolled >= c.capacity,
          cadres,
        });
    }
    return out.sort((a, b) => b.cadres.length - a.cadres.length || a.startDate.localeCompare(b.startDate));
  }

  function suggest(v: Viewer, f: { officeId?: string; stage?: string }, today: string) {
    return memo(['training.suggest', f.officeId ?? null, f.stage ?? null, today], v, () => suggestNow(v, f, today));
  }

  function suggestNow(v: Viewer, f: { officeId?: string; stage?: string }, today: string) {
    const people = offices.listCadres(v, { officeId: stationBound(v) ? v.officeId : f.officeId, stage: f.stage }, today).filter((c) => !inactive(c));
    return suggestFor(people, today);
  }

  return { suggestFor, suggest };
}

export type Suggestions = ReturnType<typeof createSuggestions>;
