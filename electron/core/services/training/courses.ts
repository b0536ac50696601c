// Courses, enrolment with its waiting list, attendance and the sign-in sheet's import.
import { fail } from '../../../../shared/contract/errors';
import type { Cadre } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
import type { Course, Enrolment } from '../../../../shared/contract/training';
import { ATTENDANCE_WORDS, courseTimeProblem, credit, DRILL_KINDS, KIND_LABELS, type Attendance, type CourseKind } from '../../../../shared/domain/training';
import { trainingCourse, trainingEnrolment } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import { stationBound, type Viewer } from '../zones/scope';
import { inactive, json, str, type Row, type TrainingContext } from './context';

export function createCourses(c: TrainingContext) {
  const { sqlite, writer, offices, get } = c;
  const courseSelect = `SELECT c.*, p.title AS plan_title, p.status AS plan_status, p.year AS plan_year, p.target_stages AS plan_stages,
      (SELECT count(*) FROM training_enrolment e WHERE e.course_id = c.id AND e.deleted_at IS NULL AND e.status = 'enrolled') AS n_enrolled,
      (SELECT count(*) FROM training_enrolment e WHERE e.course_id = c.id AND e.deleted_at IS NULL AND e.status = 'waiting') AS n_waiting,
      (SELECT count(*) FROM training_enrolment e WHERE e.course_id = c.id AND e.deleted_at IS NULL AND e.attendance = 'attended') AS n_attended
    FROM training_course c JOIN training_plan p ON p.id = c.plan_id WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL`;

  const courseOut = (r: Row): Course => ({
    id: r.id as string,
    planId: r.plan_id as string,
    planTitle: r.plan_title as string,
    planStatus: r.plan_status as Course['planStatus'],
    kind: r.kind as CourseKind,
    kindLabel: KIND_LABELS[r.kind as CourseKind] ?? String(r.kind),
    subKind: str(r.sub_kind),
    title: r.title as string,
    startDate: r.start_date as string,
    endDate: r.end_date as string,
    hours: r.hours as number,
    days: r.days as number,
    fullTime: !!r.full_time,
    place: str(r.place),
    instructor: str(r.instructor),
    capacity: (r.capacity as number | null) ?? null,
    targetStages: json(r.target_stages, []),
    targetPosts: json(r.target_posts, []),
    abilities: json(r.abilities, []),
    note: str(r.note),
    enrolled: r.n_enrolled as number,
    waiting: r.n_waiting as number,
    attended: r.n_attended as number,
  });

  function courseRow(id: string): Row {
    const r = sqlite.prepare(`${courseSelect} AND c.id = ?`).get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'courseNotFound');
    return r;
  }

  function listCourses(f: { planId?: string; from?: string; to?: string; year?: number }): Course[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, arg: unknown) => {
      where.push(clause);
      args.push(arg);
    };
    if (f.planId) add('c.plan_id = ?', f.planId);
    // A course shows in a window when it overlaps it.
    if (f.from) add('c.end_date >= ?', f.from);
    if (f.to) add('c.start_date <= ?', f.to);
    if (f.year) add('p.year = ?', f.year);
    const sql = `${courseSelect}${where.length ? ` AND ${where.join(' AND ')}` : ''} ORDER BY c.start_date, c.title`;
    return (sqlite.prepare(sql).all(...args) as Row[]).map(courseOut);
  }

  type CourseInput = {
    id?: string;
    planId: string;
    kind: CourseKind;
    subKind: string | null;
    title: string;
    startDate: string;
    endDate: string;
    hours: number;
    days: number;
    fullTime: boolean;
    place: string | null;
    instructor: string | null;
    capacity: number | null;
    targetStages: string[];
    targetPosts: string[];
    abilities: string[];
    note: string | null;
  };

  function saveCourse(i: CourseInput, ctx: WriteCtx): Course {
    const plan = get('training_plan', i.planId, 'planNotFound');
    if (plan.status === 'closed') throw fail('RULE_VIOLATION', 'planClosedCourses', { field: 'planId' });
    if (i.startDate.slice(0, 4) !== String(plan.year))
      throw fail('BAD_INPUT', 'courseOutsidePlanYear', { field: 'startDate', startDate: i.startDate, year: plan.year as number });
    const t = courseTimeProblem(i);
    if (t) throw fail('BAD_INPUT', t.reason, { field: t.field, ...t.params });
    if (i.kind === 'drill' && !(DRILL_KINDS as readonly string[]).includes(i.subKind ?? ''))
      throw fail('BAD_INPUT', 'drillKindMissing', { field: 'subKind', kinds: [...DRILL_KINDS] });
    const subKind = i.kind === 'drill' ? i.subKind : null;
    return writer.transaction(() => {
      if (i.id) {
        const old = courseRow(i.id);
        if (i.capacity !== null && (old.n_enrolled as number) > i.capacity)
          throw fail('RULE_VIOLATION', 'capacityBelowEnrolled', { field: 'capacity', n: old.n_enrolled as number });
      }
      const values = {
        officeId: plan.office_id as string,
        planId: i.planId,
        kind: i.kind,
        subKind,
        title: i.title,
        startDate: i.startDate,
        endDate: i.endDate,
        hours: i.hours,
        days: i.days,
        fullTime: i.fullTime,
        place: i.place,
        instructor: i.instructor,
        capacity: i.capacity,
        targetStages: JSON.stringify(i.targetStages),
        targetPosts: JSON.stringify(i.targetPosts),
        abilities: JSON.stringify(i.abilities),
        note: i.note,
      };
      const id = i.id ? (writer.update(trainingCourse, i.id, values, ctx), i.id) : writer.create(trainingCourse, values, ctx).id;
      // Raising the capacity moves people up from the waiting list.
      promoteWaiting(id, ctx);
      return courseOut(courseRow(id));
    });
  }

  function removeCourse(id: string, ctx: WriteCtx) {
    const c = courseRow(id);
    if (
      (c.n_attended as number) > 0 ||
      sqlite.prepare('SELECT 1 FROM training_enrolment WHERE course_id = ? AND deleted_at IS NULL AND attendance IS NOT NULL').get(id)
    ) {
      throw fail('CONFLICT', 'courseHasAttendance');
    }
    writer.transaction(() => {
      for (const e of sqlite.prepare('SELECT id FROM training_enrolment WHERE course_id = ? AND deleted_at IS NULL').all(id) as { id: string }[])
        writer.remove(trainingEnrolment, e.id, ctx);
      writer.remove(trainingCourse, id, ctx);
    });
    return null;
  }

  // ---- Enrolment and attendance -------------------------------------------------------

  const enrolmentRows = (courseId: string) =>
    sqlite
      .prepare(
        `SELECT e.*, c.name, c.post, c.office_id AS cadre_office, o.name AS office_name FROM training_enrolment e
         JOIN cadre c ON c.id = e.cadre_id JOIN office o ON o.id = c.office_id
         WHERE e.course_id = ? AND e.deleted_at IS NULL ORDER BY e.status, e.created_at, e.id`,
      )
      .all(courseId) as Row[];

  function promoteWaiting(courseId: string, ctx: WriteCtx): string | null {
    const c = courseRow(courseId);
    let free = c.capacity === null ? Infinity : (c.capacity as number) - (c.n_enrolled as number);
    let first: string | null = null;
    for (const w of enrolmentRows(courseId).filter((e) => e.status === 'waiting')) {
      if (free <= 0) break;
      writer.update(trainingEnrolment, w.id as string, { status: 'enrolled' }, ctx);
      first ??= w.name as string;
      free--;
    }
    return first;
  }

  function course(v: Viewer, id: string) {
    const c = courseOut(courseRow(id));
    const rows = enrolmentRows(id).filter((e) => !stationBound(v) || e.cadre_office === v.officeId);
    let place = 0;
    const enrolments: Enrolment[] = rows.map((e) => ({
      id: e.id as string,
      courseId: id,
      cadreId: e.cadre_id as string,
      name: e.name as string,
      officeId: e.cadre_office as string,
      officeName: e.office_name as string,
      post: str(e.post),
      status: e.status as Enrolment['status'],
      waitingPlace: e.status === 'waiting' ? ++place : null,
      attendance: (e.attendance as Attendance | null) ?? null,
      score: (e.score as number | null) ?? null,
      creditedHours: credit({ ...c, kind: c.kind }, (e.attendance as Attendance | null) ?? null).hours,
      note: str(e.note),
    }));
    return { course: c, enrolments, canManage: roleHas(v.role, 'training.manage'), canEnrol: roleHas(v.role, 'training.enrol') && c.planStatus !== 'closed' };
  }

  function enrol(
    v: Viewer,
    i: { courseId: string; cadreIds: string[]; filter?: { officeId?: string; stage?: string; post?: string }; waitlist: boolean },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = courseRow(i.courseId);
    if (c.plan_status === 'closed') throw fail('RULE_VIOLATION', 'planClosedEnrol');
    let people: Cadre[];
    if (i.filter) {
      if (stationBound(v) && i.filter.officeId && i.filter.officeId !== v.officeId) throw fail('FORBIDDEN', 'enrolOtherStation');
      people = offices
        .listCadres(v, { officeId: stationBound(v) ? v.officeId : i.filter.officeId, stage: i.filter.stage }, today)
        .filter((p) => !inactive(p) && (!i.filter!.post || p.post === i.filter!.post));
    } else {
      people = i.cadreIds.map((id) => offices.getCadre(v, id, today));
      const other = people.find((p) => stationBound(v) && p.officeId !== v.officeId);
      if (other) throw fail('FORBIDDEN', 'enrolOtherStationOf', { name: other.name, office: other.officeName });
      const gone = people.find(inactive);
      if (gone) throw fail('BAD_INPUT', gone.status === 'retired' ? 'enrolRetired' : 'enrolTransferred', { name: gone.name });
    }
    if (!people.length) throw fail('BAD_INPUT', 'enrolNobody');
    return writer.transaction(() => {
      const existing = new Set(enrolmentRows(i.courseId).map((e) => e.cadre_id as string));
      const fresh = people.filter((p) => !existing.has(p.id));
      const skipped = people.filter((p) => existing.has(p.id)).map((p) => p.name);
      const free = c.capacity === null ? Infinity : Math.max(0, (c.capacity as number) - (c.n_enrolled as number));
      if (fresh.length > free && !i.waitlist) {
        throw fail('CONFLICT', 'enrolOverCapacity', { free, requested: fresh.length });
      }
      const enrolled: string[] = [];
      const waiting: string[] = [];
      fresh.forEach((p, k) => {
        const status = k < free ? 'enrolled' : 'waiting';
        writer.create(trainingEnrolment, { officeId: p.officeId, courseId: i.courseId, cadreId: p.id, status, attendance: null, score: null, note: null }, ctx);
        (status === 'enrolled' ? enrolled : waiting).push(p.name);
      });
      return { enrolled, waiting, skipped };
    });
  }

  function unenrol(v: Viewer, id: string, ctx: WriteCtx) {
    const e = get('training_enrolment', id, 'enrolmentNotFound');
    if (stationBound(v) && e.office_id !== v.officeId) throw fail('FORBIDDEN', 'unenrolOtherStation');
    if (e.attendance) throw fail('CONFLICT', 'unenrolAttended');
    return writer.transaction(() => {
      writer.remove(trainingEnrolment, id, ctx);
      return { promoted: e.status === 'enrolled' ? promoteWaiting(e.course_id as string, ctx) : null };
    });
  }

  /**
   * Capacity is checked on the device that enrols, so two stations enrolling offline into the last
   * places can over-fill a course once they sync (or a capacity lowered on one device meets
   * enrolments made on another). HR settles it: the latest enrolments without attendance go to the
   * waiting list, which keeps enrolment order.
   */
  function settleOverfill(courseId: string, ctx: WriteCtx) {
    return writer.transaction(() => {
      const c = courseRow(courseId);
      const over = c.capacity === null ? 0 : (c.n_enrolled as number) - (c.capacity as number);
      if (over <= 0) throw fail('RULE_VIOLATION', 'notOverfilled');
      const movable = enrolmentRows(courseId)
        .filter((e) => e.status === 'enrolled' && !e.attendance)
        .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || String(b.id).localeCompare(String(a.id)))
        .slice(0, over);
      for (const e of movable) writer.update(trainingEnrolment, e.id as string, { status: 'waiting' }, ctx);
      return { moved: movable.map((e) => e.name as string).reverse(), stillOver: over - movable.length };
    });
  }

  function attend(
    v: Viewer,
    i: { courseId: string; records: { cadreId: string; attendance: Attendance | null; score: number | null }[] },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = courseRow(i.courseId);
    if ((c.start_date as string) > today) throw fail('RULE_VIOLATION', 'attendNotStarted', { startDate: c.start_date as string });
    const byCadre = new Map(enrolmentRows(i.courseId).map((e) => [e.cadre_id as string, e]));
    // Each refused record by its reason (the import's reasons) and the person's name (null: no such cadre).
    const problems: { reason: string; name: string | null }[] = [];
    for (const r of i.records) {
      const e = byCadre.get(r.cadreId);
      const name = e
        ? (e.name as string)
        : ((sqlite.prepare('SELECT name FROM cadre WHERE id = ?').get(r.cadreId) as { name: string } | undefined)?.name ?? null);
      if (!e) problems.push({ reason: name === null ? 'unknownCadre' : 'notEnrolled', name });
      else if (e.status === 'waiting') problems.push({ reason: 'waiting', name });
      else if (stationBound(v) && e.cadre_office !== v.officeId) problems.push({ reason: 'otherStation', name });
      else if (r.score !== null && r.attendance !== 'attended') problems.push({ reason: 'scoreNotAttended', name });
    }
    if (problems.length) throw fail('BAD_INPUT', 'attendanceRefused', { n: problems.length, names: problems.map((p) => p.name ?? '?'), problems });
    writer.transaction(() => {
      for (const r of i.records) writer.update(trainingEnrolment, byCadre.get(r.cadreId)!.id as string, { attendance: r.attendance, score: r.score }, ctx);
    });
    return { saved: i.records.length };
  }

  /** Attendance back from the sign-in sheet: all rows or none. */
  /** `lines` are the rows' numbers in the file (the core's reader knows them); else header + 1. */
  function importAttendance(
    v: Viewer,
    i: { courseId: string; rows: Record<string, string>[]; lines?: number[]; commit: boolean },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = courseRow(i.courseId);
    const enrolled = enrolmentRows(i.courseId);
    // Each row's problem as a reason key (`training.importProblems.<reason>`) with its parameters.
    const errors: { row: number; reason: string; params: Record<string, string | number> }[] = [];
    const problem = (row: number, reason: string, params: Record<string, string | number> = {}) => errors.push({ row, reason, params });
    const records: { cadreId: string; attendance: Attendance; score: number | null }[] = [];
    const seen = new Set<string>();
    i.rows.forEach((r, k) => {
      const row = i.lines?.[k] ?? k + 2; // without line numbers, the header is row 1
      const name = (r.name ?? '').trim();
      const office = (r.office ?? '').trim();
      if (!name) return problem(row, 'nameEmpty');
      const mine = enrolled.filter((e) => e.name === name && (!office || e.office_name === office));
      if (!mine.length) {
        const known = sqlite.prepare('SELECT 1 FROM cadre WHERE name = ? AND deleted_at IS NULL').get(name);
        return problem(row, known ? 'notEnrolled' : 'notInRegister', { name });
      }
      if (mine.length > 1) return problem(row, 'ambiguousName', { name, n: mine.length });
      const e = mine[0]!;
      if (e.status === 'waiting') return problem(row, 'waiting', { name });
      if (stationBound(v) && e.cadre_office !== v.officeId) return problem(row, 'otherStation', { name });
      if (seen.has(e.cadre_id as string)) return problem(row, 'duplicate', { name });
      seen.add(e.cadre_id as string);
      const word = (r.attendance ?? '').trim();
      const attendance = ATTENDANCE_WORDS[word] ?? ATTENDANCE_WORDS[word.toLowerCase()];
      if (!attendance) return word ? problem(row, 'attendanceUnknown', { word }) : problem(row, 'attendanceEmpty');
      const scoreText = (r.score ?? '').trim();
      const score = scoreText ? Number(scoreText) : null;
      if (score !== null && (!Number.isFinite(score) || score < 0 || score > 100)) return problem(row, 'scoreInvalid', { score: scoreText });
      if (score !== null && attendance !== 'attended') return problem(row, 'scoreNotAttended', { name });
      records.push({ cadreId: e.cadre_id as string, attendance, score });
    });
    if ((c.start_date as string) > today) errors.unshift({ row: 0, reason: 'notStarted', params: { startDate: c.start_date as string } });
    if (errors.length || !i.commit) return { rows: i.rows.length, saved: 0, errors };
    attend(v, { courseId: i.courseId, records }, ctx, today);
    return { rows: i.rows.length, saved: records.length, errors };
  }

  return { courseOut, courseRow, listCourses, saveCourse, removeCourse, course, enrol, unenrol, settleOverfill, attend, importAttendance };
}

export type Courses = ReturnType<typeof createCourses>;
