// Career plans (职业生涯规划书) with the 40-item career anchor survey: draft, submit, review.
import { fail } from '../../../../shared/contract/errors';
import type { Plan } from '../../../../shared/contract/dossiers';
import type { Viewer } from '../../../../shared/domain/access';
import { anchorScores } from '../../../../shared/domain/career';
import { careerPlan } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import type { DossierBase, DossierDeps } from './base';
import { toPlan } from './rows';

export function createPlans(deps: DossierDeps, base: DossierBase) {
  const { sqlite, writer } = deps;
  const { requireManage, requireSelfOrManage, rowOf } = base;

  function savePlan(
    v: Viewer,
    i: {
      id?: string;
      cadreId: string;
      periodStart?: number | null;
      periodEnd?: number | null;
      selfAssessment: string | null;
      anchorAnswers: (number | null)[];
      anchorOverride: string | null;
      overrideReason: string | null;
      goal1: string | null;
      goal3: string | null;
      goal5: string | null;
      preferredPosts: string | null;
      trainingNeeds: string | null;
    },
    ctx: WriteCtx,
    today: string,
  ): Plan {
    const a = requireSelfOrManage(v, i.cadreId, today);
    if (!i.periodStart || !i.periodEnd) throw fail('BAD_INPUT', 'careerPlanPeriodRequired', { field: 'periodStart' });
    if (i.periodEnd < i.periodStart) throw fail('BAD_INPUT', 'careerPlanPeriodOrder', { field: 'periodEnd' });
    if (i.periodEnd - i.periodStart > 9) throw fail('BAD_INPUT', 'careerPlanPeriodTooLong', { field: 'periodEnd', maxYears: 10 });
    if (i.anchorOverride && !i.overrideReason) throw fail('BAD_INPUT', 'careerPlanOverrideReason', { field: 'overrideReason' });
    const answers = [...i.anchorAnswers, ...new Array<null>(Math.max(0, 40 - i.anchorAnswers.length)).fill(null)];
    const complete = answers.every((x) => x !== null);
    const scored = complete ? anchorScores(answers as number[]) : null;
    if (scored && 'error' in scored) throw fail('BAD_INPUT', scored.error, { ...scored, field: 'anchorAnswers' });
    return writer.transaction(() => {
      if (i.id) {
        const p = rowOf('career_plan', i.id);
        if (p.cadre_id !== i.cadreId) throw fail('BAD_INPUT', 'careerPlanOtherCadre');
        if (p.status !== 'draft') throw fail('RULE_VIOLATION', 'careerPlanLocked');
      }
      const clash = sqlite
        .prepare(
          'SELECT period_start, period_end FROM career_plan WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ? AND period_start <= ? AND period_end >= ?',
        )
        .get(i.cadreId, i.id ?? null, i.periodEnd, i.periodStart) as { period_start: number; period_end: number } | undefined;
      if (clash) throw fail('CONFLICT', 'careerPlanPeriodTaken', { field: 'periodStart', from: clash.period_start, to: clash.period_end });
      const values = {
        periodStart: i.periodStart!,
        periodEnd: i.periodEnd!,
        selfAssessment: i.selfAssessment,
        anchorAnswers: JSON.stringify(answers),
        anchorTop: scored && 'top' in scored ? scored.top : null,
        anchorOverride: i.anchorOverride,
        overrideReason: i.anchorOverride ? i.overrideReason : null,
        goal1: i.goal1,
        goal3: i.goal3,
        goal5: i.goal5,
        preferredPosts: i.preferredPosts,
        trainingNeeds: i.trainingNeeds,
      };
      const id = i.id
        ? (writer.update(careerPlan, i.id, values, ctx), i.id)
        : writer.create(careerPlan, { officeId: a.cadre.officeId, cadreId: i.cadreId, status: 'draft', ...values }, ctx).id;
      return toPlan(rowOf('career_plan', id), a.canSeePersonal);
    });
  }

  function submitPlan(v: Viewer, id: string, ctx: WriteCtx, today: string): Plan {
    const p = rowOf('career_plan', id);
    const a = requireSelfOrManage(v, p.cadre_id as string, today);
    if (p.status !== 'draft') throw fail('RULE_VIOLATION', 'careerPlanAlreadySubmitted');
    const answers = JSON.parse((p.anchor_answers as string) ?? '[]') as (number | null)[];
    const answered = answers.filter((x) => x !== null).length;
    if (answered < 40) throw fail('BAD_INPUT', 'careerPlanSurveyIncomplete', { field: 'anchorAnswers', answered, total: 40 });
    if (!p.goal_1y) throw fail('BAD_INPUT', 'careerPlanGoal1Required', { field: 'goal1' });
    writer.update(careerPlan, id, { status: 'submitted', submittedOn: today }, ctx);
    return toPlan(rowOf('career_plan', id), a.canSeePersonal);
  }

  function reviewPlan(v: Viewer, i: { id: string; comment: string; date: string; by: string }, ctx: WriteCtx, today: string): Plan {
    const p = rowOf('career_plan', i.id);
    const a = requireManage(v, p.cadre_id as string, today);
    if (p.status !== 'submitted') throw fail('RULE_VIOLATION', p.status === 'draft' ? 'careerPlanNotSubmitted' : 'careerPlanAlreadyReviewed');
    if (i.date < (p.submitted_on as string))
      throw fail('BAD_INPUT', 'careerPlanReviewBeforeSubmission', { field: 'date', submittedOn: p.submitted_on as string });
    if (i.date > today) throw fail('BAD_INPUT', 'careerPlanReviewAfterToday', { field: 'date' });
    writer.update(careerPlan, i.id, { status: 'reviewed', reviewComment: i.comment, reviewer: i.by, reviewedOn: i.date }, ctx);
    return toPlan(rowOf('career_plan', i.id), a.canSeePersonal);
  }

  return { savePlan, submitPlan, reviewPlan };
}
