import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import type { Cadre } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
import { mayReadPerson } from '../../../../shared/domain/access';
import type { ComplianceRow, Course, Education, Enrolment, Suggestion, TrainingEvidence, TrainingPlan } from '../../../../shared/contract/training';
import {
  checkYear,
  courseMatches,
  courseTimeProblem,
  credit,
  DRILL_KINDS,
  KIND_LABELS,
  needWords,
  promotionsOf,
  ATTENDANCE_WORDS,
  type Attendance,
  type CourseKind,
  type TrainingEntry,
  type TrainingRules,
  type YearCheck,
} from '../../../../shared/domain/training';
import { compareZh } from '../../../../shared/domain/collate';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import { educationRecord, trainingCourse, trainingEnrolment, trainingPlan } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import { stationBound, type Viewer } from '../zones/scope';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' && v ? (JSON.parse(v) as T) : fallback);
const inactive = (c: Cadre) => c.status === 'retired' || c.status === 'transferred';


export function createTrainingService(deps: { sqlite: Sqlite; writer: SyncedWriter; offices: OfficesService; settings: SettingsService; cache?: ReadCache }) {
  const { sqlite, writer, offices, settings } = deps;
  /** A county-wide answer, kept until the next write (db/read-cache.ts); the viewer is part of the key. */
  const memo = <T>(parts: unknown[], v: Viewer, compute: () => T): T => (deps.cache ? deps.cache.memo(JSON.stringify([...parts, v.role, v.officeId, v.cadreId]), compute) : compute());

  /** A live row, or NOT_FOUND with the reason naming what is missing (`planNotFound` …). */
  const get = (table: string, id: string, reason: string): Row => {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', reason);
    return r;
  };

  /** The settings that applied at the end of `year`, or today while the year runs. */
  function rules(year: number, today: string): TrainingRules {
    const day = `${year}-12-31` < today ? `${year}-12-31` : today;
    const h = settings.at('training.minHours', day);
    const d = settings.at('training.minDays', day);
    const f = settings.at('training.minFullTimeDays', day);
    const i = settings.at('training.initialDays', day);
    const p = settings.at('training.postTrainingMonths', day);
    return {
      minHours: h.value,
      minDays: d.value,
      minFullTimeDays: f.value,
      initialDays: i.value,
      postTrainingMonths: p.value,
      versions: { hours: h.version, days: d.version, fullTime: f.version, initial: i.version, post: p.version },
    };
  }

  // ---- Plans and courses --------------------------------------------------------------

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
    const rows = (year ? sqlite.prepare(`${planSelect} AND p.year = ? ORDER BY p.year DESC, p.created_at`).all(year) : sqlite.prepare(`${planSelect} ORDER BY p.year DESC, p.created_at`).all()) as Row[];
    return rows.map(planOut);
  }

  function savePlan(v: Viewer, i: { id?: string; officeId?: string; year: number; title: string; goals: string | null; targetStages: string[]; abilities: string[]; status: 'draft' | 'approved' | 'closed' }, ctx: WriteCtx): TrainingPlan {
    const officeId = i.officeId ?? offices.bureauId() ?? v.officeId;
    const office = offices.list(true).find((o) => o.id === officeId);
    if (!office) throw fail('BAD_INPUT', 'planOfficeMissing', { field: 'officeId' });
    return writer.transaction(() => {
      if (i.id) {
        get('training_plan', i.id, 'planNotFound');
        const outside = sqlite.prepare("SELECT title, start_date FROM training_course WHERE plan_id = ? AND deleted_at IS NULL AND substr(start_date, 1, 4) <> ?").get(i.id, String(i.year)) as Row | undefined;
        if (outside) throw fail('RULE_VIOLATION', 'planYearOutside', { field: 'year', title: String(outside.title), startDate: String(outside.start_date), year: i.year });
      }
      const values = { officeId, year: i.year, title: i.title, goals: i.goals, targetStages: JSON.stringify(i.targetStages), abilities: JSON.stringify(i.abilities), status: i.status };
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
    if (i.startDate.slice(0, 4) !== String(plan.year)) throw fail('BAD_INPUT', 'courseOutsidePlanYear', { field: 'startDate', startDate: i.startDate, year: plan.year as number });
    const t = courseTimeProblem(i);
    if (t) throw fail('BAD_INPUT', t.reason, { field: t.field, ...t.params });
    if (i.kind === 'drill' && !(DRILL_KINDS as readonly string[]).includes(i.subKind ?? '')) throw fail('BAD_INPUT', 'drillKindMissing', { field: 'subKind', kinds: [...DRILL_KINDS] });
    const subKind = i.kind === 'drill' ? i.subKind : null;
    return writer.transaction(() => {
      if (i.id) {
        const old = courseRow(i.id);
        if (i.capacity !== null && (old.n_enrolled as number) > i.capacity) throw fail('RULE_VIOLATION', 'capacityBelowEnrolled', { field: 'capacity', n: old.n_enrolled as number });
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
    if ((c.n_attended as number) > 0 || sqlite.prepare('SELECT 1 FROM training_enrolment WHERE course_id = ? AND deleted_at IS NULL AND attendance IS NOT NULL').get(id)) {
      throw fail('CONFLICT', 'courseHasAttendance');
    }
    writer.transaction(() => {
      for (const e of sqlite.prepare('SELECT id FROM training_enrolment WHERE course_id = ? AND deleted_at IS NULL').all(id) as { id: string }[]) writer.remove(trainingEnrolment, e.id, ctx);
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

  function enrol(v: Viewer, i: { courseId: string; cadreIds: string[]; filter?: { officeId?: string; stage?: string; post?: string }; waitlist: boolean }, ctx: WriteCtx, today: string) {
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

  function attend(v: Viewer, i: { courseId: string; records: { cadreId: string; attendance: Attendance | null; score: number | null }[] }, ctx: WriteCtx, today: string) {
    const c = courseRow(i.courseId);
    if ((c.start_date as string) > today) throw fail('RULE_VIOLATION', 'attendNotStarted', { startDate: c.start_date as string });
    const byCadre = new Map(enrolmentRows(i.courseId).map((e) => [e.cadre_id as string, e]));
    // Each refused record by its reason (the import's reasons) and the person's name (null: no such cadre).
    const problems: { reason: string; name: string | null }[] = [];
    for (const r of i.records) {
      const e = byCadre.get(r.cadreId);
      const name = e ? (e.name as string) : ((sqlite.prepare('SELECT name FROM cadre WHERE id = ?').get(r.cadreId) as { name: string } | undefined)?.name ?? null);
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
  function importAttendance(v: Viewer, i: { courseId: string; rows: Record<string, string>[]; lines?: number[]; commit: boolean }, ctx: WriteCtx, today: string) {
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

  // ---- Hours against the requirement --------------------------------------------------

  /** An enrolment (its stored row) with its course. */
  type Entry = TrainingEntry & { row: Row; subKind: string | null };
  // A county's enrolments number in the thousands and its courses in the tens: the enrolments are
  // read narrow and each joined to its course here, one course object shared by all its enrolments.
  const liveEnrolmentsOf = sqlite.prepare<[string], Row>(
    `SELECT e.id AS enrolment_id, e.cadre_id, e.status, e.attendance, e.score, e.course_id FROM training_enrolment e
     WHERE e.cadre_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL`,
  );
  const liveCourses = sqlite.prepare<[], Row>('SELECT id, title, kind, sub_kind, start_date, end_date, hours, days, full_time FROM training_course WHERE deleted_at IS NULL');

  /** Every enrolment of the given cadres with its course, latest course first. */
  function entriesOf(cadreIds: string[]): Map<string, Entry[]> {
    const out = new Map<string, Entry[]>();
    if (!cadreIds.length) return out;
    const courses = new Map<string, { subKind: string | null; course: TrainingEntry['course'] }>();
    for (const c of liveCourses.all()) {
      courses.set(c.id as string, { subKind: str(c.sub_kind), course: { title: c.title as string, kind: c.kind as CourseKind, startDate: c.start_date as string, endDate: c.end_date as string, hours: c.hours as number, days: c.days as number, fullTime: !!c.full_time } });
    }
    const rows: Entry[] = [];
    for (const e of liveEnrolmentsOf.all(JSON.stringify(cadreIds))) {
      const c = courses.get(e.course_id as string);
      if (!c) continue;
      rows.push({ row: e, subKind: c.subKind, attendance: e.status === 'enrolled' ? ((e.attendance as Attendance | null) ?? null) : null, course: c.course });
    }
    // Latest course first; a stable sort keeps each cadre's enrolments of one day in stored order.
    rows.sort((x, y) => (x.course.startDate < y.course.startDate ? 1 : x.course.startDate > y.course.startDate ? -1 : 0));
    for (const r of rows) {
      const id = r.row.cadre_id as string;
      const list = out.get(id);
      if (list) list.push(r);
      else out.set(id, [r]);
    }
    return out;
  }

  // For the checks only: each enrolment as (cadre, course, status, attendance), read as arrays.
  const checkEnrolmentsOf = sqlite
    .prepare<[string], [string, string, string, string | null]>('SELECT e.cadre_id, e.course_id, e.status, e.attendance FROM training_enrolment e WHERE e.cadre_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL')
    .raw(true);
  const liveCourseTimes = sqlite.prepare<[], [string, string, string, string, string, number, number, number]>('SELECT id, title, kind, start_date, end_date, hours, days, full_time FROM training_course WHERE deleted_at IS NULL').raw(true);
  const latestFirst = (x: TrainingEntry, y: TrainingEntry) => (x.course.startDate < y.course.startDate ? 1 : x.course.startDate > y.course.startDate ? -1 : 0);

  /** The enrolments the rules read, as entriesOf gives them (latest course first, then stored order). */
  function checkEntriesOf(cadreIds: string[]): Map<string, TrainingEntry[]> {
    const out = new Map<string, TrainingEntry[]>();
    if (!cadreIds.length) return out;
    const courses = new Map<string, TrainingEntry['course']>();
    for (const [id, title, kind, startDate, endDate, hours, days, fullTime] of liveCourseTimes.all()) courses.set(id, { title, kind: kind as CourseKind, startDate, endDate, hours, days, fullTime: !!fullTime });
    for (const [cadreId, courseId, status, attendance] of checkEnrolmentsOf.all(JSON.stringify(cadreIds))) {
      const course = courses.get(courseId);
      if (!course) continue;
      const e: TrainingEntry = { attendance: status === 'enrolled' ? ((attendance as Attendance | null) ?? null) : null, course };
      const list = out.get(cadreId);
      if (list) list.push(e);
      else out.set(cadreId, [e]);
    }
    // A stable sort of each cadre's list orders it as one stable sort of all the rows did.
    for (const list of out.values()) if (list.length > 1) list.sort(latestFirst);
    return out;
  }

  const ranksOf = sqlite.prepare<[string], [string, string, string]>('SELECT cadre_id, rank, start_date FROM rank_record WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL').raw(true);
  function promotionsByCadre(cadreIds: string[]): Map<string, { rank: string; date: string }[]> {
    const hist = new Map<string, { rank: string; startDate: string }[]>();
    for (const [cadreId, rank, startDate] of ranksOf.all(JSON.stringify(cadreIds))) {
      const l = hist.get(cadreId);
      if (l) l.push({ rank, startDate });
      else hist.set(cadreId, [{ rank, startDate }]);
    }
    const out = new Map<string, { rank: string; date: string }[]>();
    for (const [k, l] of hist) out.set(k, promotionsOf(l));
    return out;
  }

  /** 初任培训 runs from joining the civil service: the system join date, else the work start. */
  const joinOf = (c: Cadre) => c.joinDate ?? c.workStart;

  // One cadre's check of one year is a pure function of the rules, the day, the join date, the
  // promotions and the enrolments with their courses: kept by all of those, so the first answer
  // after a write evaluates again only the cadres whose inputs changed. Two generations of at most
  // 2,000 checks each (a county's 400 cadres for a few years); a kept check is never changed.
  const courseTokens = new Map<string, string>();
  const yearChecks = (() => {
    let current = new Map<string, YearCheck>();
    let previous = new Map<string, YearCheck>();
    return {
      get(key: string): YearCheck | undefined {
        const hit = current.get(key);
        if (hit) return hit;
        const old = previous.get(key);
        if (old) current.set(key, old);
        return old;
      },
      set(key: string, check: YearCheck): YearCheck {
        if (current.size >= 2_000) {
          previous = current;
          current = new Map();
        }
        current.set(key, check);
        return check;
      },
      /** Before a computation: the tokens of courses edited many times are forgotten with the checks that name them. */
      trim() {
        if (courseTokens.size < 2_000) return;
        courseTokens.clear();
        current = new Map();
        previous = new Map();
      },
    };
  })();

  /** Each person's check for each year asked, reading their enrolments and rank history once. */
  function checksFor(people: Cadre[], years: number[], today: string) {
    // The checks of the same people for the same years are shared by the screens that open
    // together (compliance and warnings, eligibility's evidence), until the next write.
    const compute = () => {
      const ids = people.map((p) => p.id);
      const entries = checkEntriesOf(ids);
      const promotions = promotionsByCadre(ids);
      yearChecks.trim();
      // Each course's content as a short token, the same for the same content in every call.
      const tokens = new Map<TrainingEntry['course'], string>();
      const tokenOf = (course: TrainingEntry['course']) => {
        let t = tokens.get(course);
        if (t === undefined) {
          const text = JSON.stringify(course);
          t = courseTokens.get(text);
          if (t === undefined) courseTokens.set(text, (t = String(courseTokens.size)));
          tokens.set(course, t);
        }
        return t;
      };
      // Everything the rule reads of a cadre, in the order it reads the entries (their sums are rounded).
      const inputs = people.map((c) => {
        const input = { entries: entries.get(c.id) ?? [], joinDate: joinOf(c), promotions: promotions.get(c.id) ?? [] };
        let key = `${input.joinDate}|${input.promotions.length ? JSON.stringify(input.promotions) : ''}|`;
        for (const e of input.entries) key += `${tokenOf(e.course)}:${e.attendance},`;
        return { input, key };
      });
      return years.map((year) => {
        const r = rules(year, today);
        const head = `${JSON.stringify([year, today, r])}|`;
        return inputs.map(({ input, key }) => yearChecks.get(head + key) ?? yearChecks.set(head + key, checkYear(input, year, r, today)));
      });
    };
    const key = JSON.stringify(['training.checks', years, today, people.map((p) => [p.id, joinOf(p)])]);
    const checked = people.length > 1 && deps.cache ? deps.cache.memo(key, compute) : compute();
    return checked.map((list) => list.map((check, i) => ({ cadre: people[i]!, check })));
  }
  const checks = (people: Cadre[], year: number, today: string) => checksFor(people, [year], today)[0]!;

  function compliance(v: Viewer, year: number, officeId: string | undefined, today: string) {
    return memo(['training.compliance', year, officeId ?? null, today], v, () => complianceNow(v, year, officeId, today));
  }

  function complianceNow(v: Viewer, year: number, officeId: string | undefined, today: string) {
    const people = offices.listCadres(v, { officeId: stationBound(v) ? v.officeId : officeId }, today).filter((c) => !inactive(c));
    const out: ComplianceRow[] = checks(people, year, today).map(({ cadre: c, check }) => ({ ...check, cadreId: c.id, name: c.name, officeId: c.officeId, officeName: c.officeName, post: c.post, stage: c.stage }));
    // Who is furthest behind first.
    out.sort((a, b) => Number(a.compliant) - Number(b.compliant) || b.hoursBehind - a.hoursBehind || compareZh(a.officeName, b.officeName) || compareZh(a.name, b.name));
    const stations = new Map<string, { officeId: string; name: string; total: number; compliant: number; behind: number; hours: number }>();
    for (const r of out) {
      const s = stations.get(r.officeId) ?? { officeId: r.officeId, name: r.officeName, total: 0, compliant: 0, behind: 0, hours: 0 };
      s.total++;
      if (r.compliant) s.compliant++;
      else s.behind++;
      s.hours += r.hours;
      stations.set(r.officeId, s);
    }
    const { versions, ...nums } = rules(year, today);
    return {
      rows: out,
      stations: [...stations.values()].map(({ hours, ...s }) => ({ ...s, avgHours: Math.round((hours / s.total) * 10) / 10 })).sort((a, b) => compareZh(a.name, b.name)),
      rules: { ...nums, versions },
    };
  }

  /**
   * Training as promotion evidence (公务员法 art. 68: training is recorded and counted in
   * promotion): last year's annual minimum, and 任职培训 after the latest promotion when overdue.
   * Evidence only; the rank ladder decides eligibility.
   */
  /**
   * Outcomes: `lastYearNotJoined` { year }, `lastYearMet` { year, hours, days } or
   * `lastYearBehind` { year, hoursShort, daysShort, fullTimeShort } (null: that part is met), then
   * each overdue 任职培训 (`postMissing`) once.
   */
  function promotionEvidence(people: Cadre[], today: string): Map<string, TrainingEvidence> {
    const year = Number(today.slice(0, 4));
    const [lastYear, thisYear] = checksFor(people, [year - 1, year], today).map((list) => new Map(list.map((x) => [x.cadre.id, x.check])));
    const out = new Map<string, TrainingEvidence>();
    for (const c of people) {
      const last = lastYear!.get(c.id)!;
      const outcomes: RuleOutcome[] = [];
      let pass = true;
      const joined = joinOf(c);
      if (joined && joined > `${year - 1}-12-31`) outcomes.push({ rule: 'lastYearNotJoined', pass: true, params: { year: year - 1 } });
      else if (last.annualMet) outcomes.push({ rule: 'lastYearMet', pass: true, params: { year: year - 1, hours: last.hours, days: last.days } });
      else {
        pass = false;
        const annual = last.explanation.find((o) => o.rule === 'annual')!.params!;
        outcomes.push({ rule: 'lastYearBehind', pass: false, params: { year: year - 1, hoursShort: annual.hoursShort!, daysShort: annual.daysShort!, fullTimeShort: annual.fullTimeShort! } });
      }
      const overdue = [...last.postTraining, ...thisYear!.get(c.id)!.postTraining].filter((x) => x.status === 'missing');
      const seen = new Set<string>();
      for (const x of overdue) {
        const key = JSON.stringify(x.params);
        if (seen.has(key)) continue;
        seen.add(key);
        pass = false;
        outcomes.push({ rule: x.rule, pass: false, params: x.params });
      }
      out.set(c.id, { pass, outcomes });
    }
    return out;
  }

  // ---- Suggestions --------------------------------------------------------------------

  function suggestFor(people: Cadre[], today: string): Suggestion[] {
    const open = listCourses({ from: today }).filter((c) => c.planStatus === 'approved' && c.startDate >= today);
    if (!open.length || !people.length) return [];
    const year = Number(today.slice(0, 4));
    const planStages = new Map((sqlite.prepare('SELECT id, target_stages FROM training_plan WHERE deleted_at IS NULL').all() as Row[]).map((r) => [r.id as string, json<string[]>(r.target_stages, [])]));
    const ids = JSON.stringify(people.map((p) => p.id));
    // The latest plan's training needs of each cadre, as text; its words are found once per text.
    const needs = new Map(
      (sqlite.prepare('SELECT cadre_id, training_needs FROM career_plan WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY period_start').raw(true).all(ids) as [string, unknown][]).map(
        ([cadreId, text]) => [cadreId, str(text) ?? ''],
      ),
    );
    const wordsOf = new Map<string, string[]>();
    for (const text of needs.values()) if (!wordsOf.has(text)) wordsOf.set(text, needWords(text || null));
    // Only enrolments in the open courses can rule a suggestion out.
    const enrolled = new Set(
      sqlite
        .prepare('SELECT course_id || cadre_id FROM training_enrolment WHERE cadre_id IN (SELECT value FROM json_each(?)) AND course_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
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
        if (c.kind === 'initial' && check?.initial?.status === 'due' && c.startDate <= check.initial.deadline) reasons.push({ rule: 'initialOutstanding', pass: true, params: check.initial.params });
        const post = check?.postTraining.find((x) => x.status === 'due' && c.startDate <= x.deadline);
        if (c.kind === 'post' && post) reasons.push({ rule: 'postOutstanding', pass: true, params: { deadline: post.deadline } });
        if (reasons.length) cadres.push({ cadreId: p.id, name: p.name, officeName: p.officeName, reasons });
      }
      if (cadres.length) out.push({ courseId: c.id, title: c.title, kind: c.kind, subKind: c.subKind, kindLabel: c.subKind ? `${c.kindLabel}·${c.subKind}` : c.kindLabel, startDate: c.startDate, endDate: c.endDate, hours: c.hours, full: c.capacity !== null && c.enrolled >= c.capacity, cadres });
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

  // ---- One cadre's record -------------------------------------------------------------

  function access(v: Viewer, cadreId: string, today: string) {
    const cadre = offices.getCadre(v, cadreId, today);
    const canManage = roleHas(v.role, 'training.manage');
    if (!mayReadPerson(v, { cadreId, officeId: cadre.officeId }, { manage: canManage, read: roleHas(v.role, 'training.read') })) throw fail('FORBIDDEN', stationBound(v) ? 'otherStation' : 'notYourRecord');
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
    i: { id?: string; cadreId: string; institution: string; degree: string; major: string | null; startDate: string; endDate: string | null; completed: boolean; completedOn: string | null; reward: boolean; rewardAmount: number | null; rewardRef: string | null },
    ctx: WriteCtx,
    today: string,
  ): Education {
    const c = offices.getCadre(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'educationEndBeforeStart', { field: 'endDate' });
    if (i.completed && !i.completedOn) throw fail('BAD_INPUT', 'educationCompletedOnMissing', { field: 'completedOn' });
    if (i.completedOn && i.completedOn < i.startDate) throw fail('BAD_INPUT', 'educationCompletedBeforeStart', { field: 'completedOn' });
    if (i.reward && !i.completed) throw fail('RULE_VIOLATION', 'rewardBeforeDegree', { field: 'reward' });
    if (i.reward && i.rewardAmount === null && !i.rewardRef) throw fail('BAD_INPUT', 'rewardNeedsDetail', { field: 'rewardRef' });
    const values = { officeId: c.officeId, cadreId: c.id, institution: i.institution, degree: i.degree, major: i.major, startDate: i.startDate, endDate: i.endDate, completed: i.completed, completedOn: i.completed ? i.completedOn : null, reward: i.reward, rewardAmount: i.reward ? i.rewardAmount : null, rewardRef: i.reward ? i.rewardRef : null };
    const id = i.id ? (get('education_record', i.id, 'educationNotFound'), writer.update(educationRecord, i.id, values, ctx), i.id) : writer.create(educationRecord, values, ctx).id;
    return listEducation({ cadreId: c.id }).find((e) => e.id === id)!;
  }

  function removeEducation(id: string, ctx: WriteCtx) {
    get('education_record', id, 'educationNotFound');
    writer.remove(educationRecord, id, ctx);
    return null;
  }

  /** Warnings for the HR dashboard: who is behind this year, and missed 初任/任职 training. */
  function warnings(v: Viewer, officeId: string | undefined, today: string) {
    return memo(['training.warnings', officeId ?? null, today], v, () => warningsNow(v, officeId, today));
  }

  function warningsNow(v: Viewer, officeId: string | undefined, today: string) {
    const year = Number(today.slice(0, 4));
    return compliance(v, year, officeId, today)
      .rows.filter((r) => !r.compliant || r.initial?.status === 'due' || r.postTraining.some((p) => p.status === 'due'))
      .map((r) => ({
        cadreId: r.cadreId,
        name: r.name,
        officeName: r.officeName,
        outcomes: [...r.shortfall, ...(r.initial && r.initial.status !== 'done' ? [r.initial] : []), ...r.postTraining.filter((p) => p.status !== 'done')],
      }));
  }

  return { rules, listPlans, savePlan, removePlan, listCourses, course, saveCourse, removeCourse, enrol, unenrol, settleOverfill, attend, importAttendance, compliance, promotionEvidence, suggest, cadreRecord, education, saveEducation, removeEducation, warnings };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
