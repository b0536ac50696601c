// Yearly training plans.
import type { TrainingPlan } from '../../../../shared/contract/training';
import { fail } from '../../../../shared/contract/errors';
import { trainingPlan } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import type { Viewer } from '../zones/scope';
import { json, str, type Row, type TrainingContext } from './context';

export function createPlans(c: TrainingContext) {
  const { sqlite, writer, offices, get } = c;
  const planSelect = `SELECT p.*, o.name AS office_name,
      (SELECT count(*) FROM training_course c WHERE c.plan_id = p.id AND c.deleted_at IS NULL) AS course_count,
      (SELECT coalesce(sum(c.hours), 0) FROM training_course c WHERE c.plan_id = p.id AND c.deleted_at IS NULL) AS course_hours
    FROM training_plan p JOIN office o ON o.id = p.office_id WHERE p.deleted_at IS NULL`;

  const planOut = (r: Row): TrainingPlan => ({
    id: r.id as string,
    officeId: r.office_id as string,
    officeName: r.office_name as string,
    year: r.year as number,
    title: r.title as string,
    goals: str(r.goals),
    targetStages: json(r.target_stages, []),
    abilities: json(r.abilities, []),
    status: r.status as TrainingPlan['status'],
    courses: r.course_count as number,
    hours: r.course_hours as number,
  });

  function listPlans(year?: number): TrainingPlan[] {
    const rows = (
      year
        ? sqlite.prepare(`${planSelect} AND p.year = ? ORDER BY p.year DESC, p.created_at`).all(year)
        : sqlite.prepare(`${planSelect} ORDER BY p.year DESC, p.created_at`).all()
    ) as Row[];
    return rows.map(planOut);
  }

  function savePlan(
    v: Viewer,
    i: {
      id?: string;
      officeId?: string;
      year: number;
      title: string;
      goals: string | null;
      targetStages: string[];
      abilities: string[];
      status: 'draft' | 'approved' | 'closed';
    },
    ctx: WriteCtx,
  ): TrainingPlan {
    const officeId = i.officeId ?? offices.bureauId() ?? v.officeId;
    const office = offices.list(true).find((o) => o.id === officeId);
    if (!office) throw fail('BAD_INPUT', 'planOfficeMissing', { field: 'officeId' });
    return writer.transaction(() => {
      if (i.id) {
        get('training_plan', i.id, 'planNotFound');
        const outside = sqlite
          .prepare('SELECT title, start_date FROM training_course WHERE plan_id = ? AND deleted_at IS NULL AND substr(start_date, 1, 4) <> ?')
          .get(i.id, String(i.year)) as Row | undefined;
        if (outside)
          throw fail('RULE_VIOLATION', 'planYearOutside', { field: 'year', title: String(outside.title), startDate: String(outside.start_date), year: i.year });
      }
      const values = {
        officeId,
        year: i.year,
        title: i.title,
        goals: i.goals,
        targetStages: JSON.stringify(i.targetStages),
        abilities: JSON.stringify(i.abilities),
        status: i.status,
      };
      const id = i.id ? (writer.update(trainingPlan, i.id, values, ctx), i.id) : writer.create(trainingPlan, values, ctx).id;
      return planOut(sqlite.prepare(`${planSelect} AND p.id = ?`).get(id) as Row);
    });
  }

  function removePlan(id: string, ctx: WriteCtx) {
    get('training_plan', id, 'planNotFound');
    const n = (sqlite.prepare('SELECT count(*) n FROM training_course WHERE plan_id = ? AND deleted_at IS NULL').get(id) as { n: number }).n;
    if (n) throw fail('CONFLICT', 'planHasCourses', { n });
    writer.remove(trainingPlan, id, ctx);
    return null;
  }

  return { listPlans, savePlan, removePlan };
}

export type Plans = ReturnType<typeof createPlans>;
