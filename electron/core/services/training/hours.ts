// Hours against the requirement: each cadre's check of a year, the compliance list, the
// dashboard's warnings and training as promotion evidence.
import type { RuleOutcome } from '../../../../shared/contract/errors';
import type { Cadre } from '../../../../shared/contract/offices';
import type { ComplianceRow, TrainingEvidence } from '../../../../shared/contract/training';
import { compareZh } from '../../../../shared/domain/collate';
import { checkYear, promotionsOf, readInYear, type Attendance, type CourseKind, type TrainingEntry, type YearCheck } from '../../../../shared/domain/training';
import { stationBound, type Viewer } from '../zones/scope';
import { inactive, str, type Row, type TrainingContext } from './context';
import { tableMemo } from '../../db/read-cache';

export function createHours(c: TrainingContext) {
  const { sqlite, offices, memo, rules, cache } = c;
  /** An enrolment (its stored row) with its course. */
  type Entry = TrainingEntry & { row: Row; subKind: string | null };
  // A county's enrolments number in the thousands and its courses in the tens: the enrolments are
  // read narrow and each joined to its course here, one course object shared by all its enrolments.
  const liveEnrolmentsOf = sqlite.prepare<[string], Row>(
    `SELECT e.id AS enrolment_id, e.cadre_id, e.status, e.attendance, e.score, e.course_id FROM training_enrolment e
     WHERE e.cadre_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL`,
  );
  const liveCourses = sqlite.prepare<[], Row>(
    'SELECT id, title, kind, sub_kind, start_date, end_date, hours, days, full_time FROM training_course WHERE deleted_at IS NULL',
  );

  /** Every enrolment of the given cadres with its course, latest course first. */
  function entriesOf(cadreIds: string[]): Map<string, Entry[]> {
    const out = new Map<string, Entry[]>();
    if (!cadreIds.length) return out;
    const courses = new Map<string, { subKind: string | null; course: TrainingEntry['course'] }>();
    for (const c of liveCourses.all()) {
      courses.set(c.id as string, {
        subKind: str(c.sub_kind),
        course: {
          title: c.title as string,
          kind: c.kind as CourseKind,
          startDate: c.start_date as string,
          endDate: c.end_date as string,
          hours: c.hours as number,
          days: c.days as number,
          fullTime: !!c.full_time,
        },
      });
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
    .prepare<[string], [string, string, string, string | null]>(
      'SELECT e.cadre_id, e.course_id, e.status, e.attendance FROM training_enrolment e WHERE e.cadre_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL',
    )
    .raw(true);
  const liveCourseTimes = sqlite
    .prepare<[], [string, string, string, string, string, number, number, number]>(
      'SELECT id, title, kind, start_date, end_date, hours, days, full_time FROM training_course WHERE deleted_at IS NULL',
    )
    .raw(true);
  const latestFirst = (x: TrainingEntry, y: TrainingEntry) => (x.course.startDate < y.course.startDate ? 1 : x.course.startDate > y.course.startDate ? -1 : 0);

  /** The enrolments the rules read, as entriesOf gives them (latest course first, then stored order). */
  function checkEntriesOf(cadreIds: string[]): Map<string, TrainingEntry[]> {
    if (!cadreIds.length) return new Map();
    return entriesFrom(checkEnrolmentsOf.all(JSON.stringify(cadreIds)));
  }
  /** Enrolment tuples (cadre, course, status, attendance), each with its course, per cadre. */
  function entriesFrom(enrolments: readonly (readonly [string, string, string, string | null])[]): Map<string, TrainingEntry[]> {
    const out = new Map<string, TrainingEntry[]>();
    const courses = new Map<string, TrainingEntry['course']>();
    for (const [id, title, kind, startDate, endDate, hours, days, fullTime] of liveCourseTimes.all())
      courses.set(id, { title, kind: kind as CourseKind, startDate, endDate, hours, days, fullTime: !!fullTime });
    for (const [cadreId, courseId, status, attendance] of enrolments) {
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

  // Every cadre's entries, kept until an enrolment or a course changes (drizzle/0013): a cadre's
  // phone or a setting does not read the county's enrolments again. Shared and frozen.
  const allCadreIds = sqlite.prepare<[], string>('SELECT json_group_array(id) FROM cadre').pluck();
  const cachingOn = () => cache?.enabled ?? true;
  // The county's enrolments as read are kept apart from their courses: a course's hours changed
  // joins the same enrolments to the courses read again, without reading the enrolments again.
  const liveEnrolmentTuples = sqlite
    .prepare<[], [string, string, string, string | null]>('SELECT cadre_id, course_id, status, attendance FROM training_enrolment WHERE deleted_at IS NULL')
    .raw(true);
  const allEnrolments = tableMemo(sqlite, ['training_enrolment'], () => liveEnrolmentTuples.all(), cachingOn);
  const allEntries = tableMemo(sqlite, ['training_enrolment', 'training_course'], () => entriesFrom(allEnrolments()), cachingOn);
  const allPromotions = tableMemo(sqlite, ['rank_record'], () => promotionsByCadre(JSON.parse(allCadreIds.get()!) as string[]), cachingOn);

  const ranksOf = sqlite
    .prepare<[string], [string, string, string]>(
      'SELECT cadre_id, rank, start_date FROM rank_record WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL',
    )
    .raw(true);
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
      const many = people.length > 1 && !sqlite.inTransaction;
      const entries = many ? allEntries() : checkEntriesOf(ids);
      const promotions = many ? allPromotions() : promotionsByCadre(ids);
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
      const bases = people.map((c) => {
        const joinDate = joinOf(c);
        const promos = promotions.get(c.id) ?? [];
        return { entries: entries.get(c.id) ?? [], joinDate, promotions: promos, head: `${joinDate}|${promos.length ? JSON.stringify(promos) : ''}|` };
      });
      return years.map((year) => {
        const r = rules(year, today);
        const head = `${JSON.stringify([year, today, r])}|`;
        // Everything the rule reads of a cadre for this year, in the order it reads the entries
        // (their sums are rounded): a course of another year changed leaves this year's check kept.
        return bases.map((b) => {
          const read = b.entries.filter((e) => readInYear(e.course, year));
          let key = head + b.head;
          for (const e of read) key += `${tokenOf(e.course)}:${e.attendance},`;
          return yearChecks.get(key) ?? yearChecks.set(key, checkYear({ entries: read, joinDate: b.joinDate, promotions: b.promotions }, year, r, today));
        });
      });
    };
    const key = JSON.stringify(['training.checks', years, today, people.map((p) => [p.id, joinOf(p)])]);
    const checked = people.length > 1 && cache ? cache.memo(key, compute) : compute();
    return checked.map((list) => list.map((check, i) => ({ cadre: people[i]!, check })));
  }
  const checks = (people: Cadre[], year: number, today: string) => checksFor(people, [year], today)[0]!;

  function compliance(v: Viewer, year: number, officeId: string | undefined, today: string) {
    return memo(['training.compliance', year, officeId ?? null, today], v, () => complianceNow(v, year, officeId, today));
  }

  function complianceNow(v: Viewer, year: number, officeId: string | undefined, today: string) {
    const people = offices.listCadres(v, { officeId: stationBound(v) ? v.officeId : officeId }, today).filter((c) => !inactive(c));
    const out: ComplianceRow[] = checks(people, year, today).map(({ cadre: c, check }) => ({
      ...check,
      cadreId: c.id,
      name: c.name,
      officeId: c.officeId,
      officeName: c.officeName,
      post: c.post,
      stage: c.stage,
    }));
    // Who is furthest behind first.
    out.sort(
      (a, b) =>
        Number(a.compliant) - Number(b.compliant) || b.hoursBehind - a.hoursBehind || compareZh(a.officeName, b.officeName) || compareZh(a.name, b.name),
    );
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
      stations: [...stations.values()]
        .map(({ hours, ...s }) => ({ ...s, avgHours: Math.round((hours / s.total) * 10) / 10 }))
        .sort((a, b) => compareZh(a.name, b.name)),
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
        outcomes.push({
          rule: 'lastYearBehind',
          pass: false,
          params: { year: year - 1, hoursShort: annual.hoursShort!, daysShort: annual.daysShort!, fullTimeShort: annual.fullTimeShort! },
        });
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

  return { entriesOf, promotionsByCadre, joinOf, checksFor, checks, compliance, promotionEvidence, warnings };
}

export type Hours = ReturnType<typeof createHours>;
