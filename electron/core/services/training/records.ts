// One cadre's training record, and in-service education.
import { fail } from '../../../../shared/contract/errors';
import { roleHas } from '../../../../shared/contract/roles';
import type { Education } from '../../../../shared/contract/training';
import { mayReadPerson } from '../../../../shared/domain/access';
import { checkYear, credit, KIND_LABELS, type YearCheck } from '../../../../shared/domain/training';
import { educationRecord } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import { stationBound, type Viewer } from '../zones/scope';
import type { Hours } from './hours';
import type { Suggestions } from './suggestions';
import { inactive, str, type Row, type TrainingContext } from './context';

export function createRecords(
  c: TrainingContext,
  { entriesOf, promotionsByCadre, joinOf }: Pick<Hours, 'entriesOf' | 'promotionsByCadre' | 'joinOf'>,
  { suggestFor }: Pick<Suggestions, 'suggestFor'>,
) {
  const { sqlite, writer, offices, get, rules } = c;
  function access(v: Viewer, cadreId: string, today: string) {
    const cadre = offices.getCadre(v, cadreId, today);
    const canManage = roleHas(v.role, 'training.manage');
    if (!mayReadPerson(v, { cadreId, officeId: cadre.officeId }, { manage: canManage, read: roleHas(v.role, 'training.read') }))
      throw fail('FORBIDDEN', stationBound(v) ? 'otherStation' : 'notYourRecord');
    return { cadre, canManage };
  }

  function cadreRecord(v: Viewer, cadreId: string, today: string) {
    const { cadre, canManage } = access(v, cadreId, today);
    const entries = entriesOf([cadreId]).get(cadreId) ?? [];
    const thisYear = Number(today.slice(0, 4));
    const first = Math.min(thisYear, ...entries.map((e) => Number(e.course.startDate.slice(0, 4))));
    const promotions = promotionsByCadre([cadreId]).get(cadreId) ?? [];
    const years: YearCheck[] = [];
    for (let y = thisYear; y >= first; y--) years.push(checkYear({ entries, joinDate: joinOf(cadre), promotions }, y, rules(y, today), today));
    return {
      history: entries.map((e) => ({
        enrolmentId: e.row.enrolment_id as string,
        courseId: e.row.course_id as string,
        title: e.course.title,
        kind: e.course.kind,
        kindLabel: KIND_LABELS[e.course.kind] ?? e.course.kind,
        subKind: e.subKind,
        startDate: e.course.startDate,
        endDate: e.course.endDate,
        hours: e.course.hours,
        status: e.row.status as 'enrolled' | 'waiting',
        attendance: e.attendance,
        score: (e.row.score as number | null) ?? null,
        creditedHours: credit(e.course, e.attendance).hours,
      })),
      years,
      suggestions: inactive(cadre) ? [] : suggestFor([cadre], today),
      education: listEducation({ cadreId }),
      canManage,
    };
  }

  // ---- In-service education -----------------------------------------------------------

  function listEducation(f: { officeId?: string; cadreId?: string }): Education[] {
    const rows = sqlite
      .prepare(
        `SELECT r.*, c.name, o.name AS office_name FROM education_record r JOIN cadre c ON c.id = r.cadre_id JOIN office o ON o.id = c.office_id
         WHERE r.deleted_at IS NULL AND (? IS NULL OR c.office_id = ?) AND (? IS NULL OR r.cadre_id = ?) ORDER BY r.start_date DESC`,
      )
      .all(f.officeId ?? null, f.officeId ?? null, f.cadreId ?? null, f.cadreId ?? null) as Row[];
    return rows.map((r) => ({
      id: r.id as string,
      cadreId: r.cadre_id as string,
      name: r.name as string,
      officeName: r.office_name as string,
      institution: r.institution as string,
      degree: r.degree as string,
      major: str(r.major),
      startDate: r.start_date as string,
      endDate: str(r.end_date),
      completed: !!r.completed,
      completedOn: str(r.completed_on),
      reward: !!r.reward,
      rewardAmount: (r.reward_amount as number | null) ?? null,
      rewardRef: str(r.reward_ref),
    }));
  }

  function education(v: Viewer, officeId: string | undefined) {
    return listEducation({ officeId: stationBound(v) ? v.officeId : officeId });
  }

  function saveEducation(
    v: Viewer,
    i: {
      id?: string;
      cadreId: string;
      institution: string;
      degree: string;
      major: string | null;
      startDate: string;
      endDate: string | null;
      completed: boolean;
      completedOn: string | null;
      reward: boolean;
      rewardAmount: number | null;
      rewardRef: string | null;
    },
    ctx: WriteCtx,
    today: string,
  ): Education {
    const c = offices.getCadre(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'educationEndBeforeStart', { field: 'endDate' });
    if (i.completed && !i.completedOn) throw fail('BAD_INPUT', 'educationCompletedOnMissing', { field: 'completedOn' });
    if (i.completedOn && i.completedOn < i.startDate) throw fail('BAD_INPUT', 'educationCompletedBeforeStart', { field: 'completedOn' });
    if (i.reward && !i.completed) throw fail('RULE_VIOLATION', 'rewardBeforeDegree', { field: 'reward' });
    if (i.reward && i.rewardAmount === null && !i.rewardRef) throw fail('BAD_INPUT', 'rewardNeedsDetail', { field: 'rewardRef' });
    const values = {
      officeId: c.officeId,
      cadreId: c.id,
      institution: i.institution,
      degree: i.degree,
      major: i.major,
      startDate: i.startDate,
      endDate: i.endDate,
      completed: i.completed,
      completedOn: i.completed ? i.completedOn : null,
      reward: i.reward,
      rewardAmount: i.reward ? i.rewardAmount : null,
      rewardRef: i.reward ? i.rewardRef : null,
    };
    const id = i.id
      ? (get('education_record', i.id, 'educationNotFound'), writer.update(educationRecord, i.id, values, ctx), i.id)
      : writer.create(educationRecord, values, ctx).id;
    return listEducation({ cadreId: c.id }).find((e) => e.id === id)!;
  }

  function removeEducation(id: string, ctx: WriteCtx) {
    get('education_record', id, 'educationNotFound');
    writer.remove(educationRecord, id, ctx);
    return null;
  }

  return { cadreRecord, education, saveEducation, removeEducation };
}

export type Records = ReturnType<typeof createRecords>;
