import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { LEADERSHIP_POSTS } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
import { mayReadPerson } from '../../../../shared/domain/access';
import { addMonths, monthsBetween, retirement } from '../../../../shared/domain/career';
import { promotionProblem, rankEligibility, type Grade, type RankPerson, type RankRules } from '../../../../shared/domain/eligibility';
import { compareZh } from '../../../../shared/domain/collate';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import { cadre, secondLineEvent, supervisionAssignment, supervisionLog, supervisor } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { TrainingEvidence } from '../../../../shared/contract/training';
import type { TrainingService } from '../training/training.service';
import type { ZonesPort } from '../zones/zones.port';
import { stationBound, type Viewer } from '../zones/scope';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const inPeriod = (day: string, start: string, end: string | null) => start <= day && (end === null || day <= end);

export function createRosterService(deps: {
  sqlite: Sqlite;
  writer: SyncedWriter;
  offices: OfficesService;
  settings: SettingsService;
  training: Pick<TrainingService, 'promotionEvidence'>;
  zones: Pick<ZonesPort, 'get' | 'active'>;
  cache?: ReadCache;
}) {
  const { sqlite, writer, offices, settings, training, zones } = deps;
  const getAssignment = (id: string): Row => {
    const r = sqlite.prepare('SELECT * FROM supervision_assignment WHERE id = ? AND deleted_at IS NULL').get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'assignmentNotFound');
    return r;
  };
  const canManage = (v: Viewer) => roleHas(v.role, 'roster.manage');
  const zoneLabel = (z: { code: string; name: string }) => `${z.code} ${z.name}`;
  const officeName = (id: string) => (sqlite.prepare('SELECT name FROM office WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? null;

  // ---- Supervisors --------------------------------------------------------------------

  /** What an assignment is on, for the screens to word: a zone with its station, a station, a theme. */
  function target(r: Row): { targetKind: 'zone' | 'station' | 'theme'; targetLabel: string | null; targetOffice: string | null } {
    const kind = r.target_kind as 'zone' | 'station' | 'theme';
    if (kind === 'theme') return { targetKind: kind, targetLabel: str(r.theme), targetOffice: null };
    if (kind === 'zone') {
      const z = zones.get(r.target_id as string);
      return { targetKind: kind, targetLabel: z ? zoneLabel(z) : null, targetOffice: z?.officeName ?? null };
    }
    return { targetKind: kind, targetLabel: officeName(r.target_id as string), targetOffice: null };
  }
  const targetOffice = (r: Row): string | null => (r.target_kind === 'zone' ? (zones.get(r.target_id as string)?.officeId ?? null) : r.target_kind === 'station' ? (r.target_id as string) : null);

  const assignmentsOf = (supervisorId: string) => sqlite.prepare('SELECT * FROM supervision_assignment WHERE supervisor_id = ? AND deleted_at IS NULL ORDER BY start_date DESC').all(supervisorId) as Row[];

  function load(supervisorId: string, day: string) {
    const caps = { a: settings.at('supervisor.maxAssignments', day), h: settings.at('supervisor.maxHoursPerMonth', day) };
    const active = assignmentsOf(supervisorId).filter((a) => inPeriod(day, a.start_date as string, a.end_date as string));
    const hours = active.reduce((n, a) => n + (a.hours_per_month as number), 0);
    return {
      assignments: active.length,
      hours,
      maxAssignments: caps.a.value,
      maxHours: caps.h.value,
      over: active.length > caps.a.value || hours > caps.h.value,
      versions: { assignments: caps.a.version, hours: caps.h.version },
    };
  }

  /** A term ends at the latest on the supervisor's statutory retirement date. */
  function termEnd(r: Row): { endDate: string | null; atRetirement: boolean } {
    const retires = retirement(r.birth_date as string, r.gender as 'M' | 'F').date;
    const end = str(r.end_date);
    return end !== null && end < retires ? { endDate: end, atRetirement: false } : { endDate: retires, atRetirement: true };
  }

  function toSupervisor(r: Row, today: string) {
    const scope = JSON.parse(r.scope as string) as { stations: string[]; zones: string[]; themes: string[] };
    const scopeLabels = {
      stations: scope.stations.map(officeName),
      zones: scope.zones.map((id) => {
        const z = zones.get(id);
        return z ? zoneLabel(z) : null;
      }),
    };
    const open = (sqlite.prepare("SELECT count(*) n FROM supervision_log WHERE supervisor_id = ? AND follow_status = 'open' AND deleted_at IS NULL").get(r.id) as { n: number }).n;
    return {
      id: r.id as string,
      cadreId: r.cadre_id as string,
      name: r.cadre_name as string,
      officeName: r.office_name as string,
      post: str(r.post),
      sgf: !!r.sgf,
      startDate: r.start_date as string,
      endDate: termEnd(r).endDate,
      endsAtRetirement: termEnd(r).atRetirement,
      active: inPeriod(today, r.start_date as string, termEnd(r).endDate),
      duties: r.duties as string,
      scope,
      scopeLabels,
      note: str(r.note),
      load: load(r.id as string, today),
      openFollowUps: open,
    };
  }
  const supSelect = `SELECT s.*, c.name AS cadre_name, c.post, c.sgf, c.birth_date, c.gender, o.name AS office_name FROM supervisor s
    JOIN cadre c ON c.id = s.cadre_id JOIN office o ON o.id = c.office_id WHERE s.deleted_at IS NULL`;

  /** A station chief sees the supervisors whose scope or assignments reach the station. */
  function reachesOffice(r: Row, officeId: string) {
    const scope = JSON.parse(r.scope as string) as { stations: string[]; zones: string[] };
    if (scope.stations.includes(officeId)) return true;
    if (scope.zones.some((z) => zones.get(z)?.officeId === officeId)) return true;
    return assignmentsOf(r.id as string).some((a) => targetOffice(a) === officeId);
  }

  function listSupervisors(v: Viewer, today: string) {
    const rows = sqlite.prepare(`${supSelect} ORDER BY s.start_date DESC`).all() as Row[];
    return rows.filter((r) => !stationBound(v) || reachesOffice(r, v.officeId)).map((r) => toSupervisor(r, today));
  }

  function candidates(v: Viewer, today: string) {
    const active = new Set((sqlite.prepare(`${supSelect}`).all() as Row[]).filter((r) => inPeriod(today, r.start_date as string, termEnd(r).endDate)).map((r) => r.cadre_id as string));
    // Nobody at or past the statutory retirement date is suggested.
    const people = offices.listCadres(v, {}, today).filter((c) => !active.has(c.id) && c.status !== 'retired' && c.status !== 'transferred' && c.retirementDate > today);
    const out = people
      .map((c) => {
        const secondLine = c.status === 'second_line';
        const why = c.sgf ? ('sgf' as const) : secondLine ? ('secondLine' as const) : c.leadershipPost ? ('leader' as const) : null;
        return { cadreId: c.id, name: c.name, officeName: c.officeName, post: c.post, sgf: c.sgf, secondLine, why, sgfDate: c.sgfDate, leadershipPost: c.leadershipPost };
      })
      .filter((c): c is typeof c & { why: NonNullable<typeof c.why> } => c.why !== null);
    // 实改非 first, then those already on the second line, then current leaders.
    return out.sort((a, b) => Number(b.sgf) - Number(a.sgf) || Number(b.secondLine) - Number(a.secondLine) || compareZh(a.name, b.name));
  }

  function validScope(scope: { stations: string[]; zones: string[]; themes: string[] }) {
    for (const s of scope.stations) {
      const o = sqlite.prepare("SELECT kind FROM office WHERE id = ? AND deleted_at IS NULL AND active = 1").get(s) as { kind: string } | undefined;
      if (!o || o.kind !== 'station') throw fail('BAD_INPUT', 'scopeStationInvalid', { field: 'scope' });
    }
    for (const z of scope.zones) if (!zones.get(z)?.active) throw fail('BAD_INPUT', 'scopeZoneInvalid', { field: 'scope' });
    if (!scope.stations.length && !scope.zones.length && !scope.themes.length) throw fail('BAD_INPUT', 'scopeEmpty', { field: 'scope' });
  }

  function appoint(v: Viewer, i: { id?: string; cadreId: string; startDate: string; endDate: string | null; duties: string; scope: { stations: string[]; zones: string[]; themes: string[] }; note: string | null }, ctx: WriteCtx, today: string) {
    const c = offices.getCadre(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'termEndBeforeStart', { field: 'endDate' });
    // A term stops at the statutory retirement date: an open term ends there.
    if (i.startDate >= c.retirementDate) throw fail('BAD_INPUT', 'supervisorPastRetirement', { field: 'startDate', name: c.name, retirementDate: c.retirementDate });
    if (i.endDate && i.endDate > c.retirementDate) throw fail('BAD_INPUT', 'termPastRetirement', { field: 'endDate', retirementDate: c.retirementDate });
    i = { ...i, endDate: i.endDate ?? c.retirementDate };
    validScope(i.scope);
    return writer.transaction(() => {
      const clash = (sqlite.prepare('SELECT * FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ?').all(i.cadreId, i.id ?? null) as Row[]).find(
        (r) => (r.start_date as string) <= (i.endDate ?? '9999-12-31') && i.startDate <= ((r.end_date as string | null) ?? '9999-12-31'),
      );
      if (clash) throw fail('CONFLICT', 'termOverlap', { field: 'startDate', name: c.name, since: String(clash.start_date) });
      if (i.id) {
        // Shortening a term may not strand its assignments outside it.
        const outside = assignmentsOf(i.id).find((a) => (a.start_date as string) < i.startDate || (i.endDate !== null && (a.end_date as string) > i.endDate));
        if (outside) throw fail('RULE_VIOLATION', 'assignmentOutsideTerm', { field: 'endDate', target: target(outside).targetLabel, start: String(outside.start_date), end: String(outside.end_date) });
      }
      const values = { startDate: i.startDate, endDate: i.endDate, duties: i.duties, scope: JSON.stringify(i.scope), note: i.note };
      const id = i.id ? (writer.update(supervisor, i.id, values, ctx), i.id) : writer.create(supervisor, { officeId: c.officeId, cadreId: i.cadreId, ...values }, ctx).id;
      return toSupervisor(sqlite.prepare(`${supSelect} AND s.id = ?`).get(id) as Row, today);
    });
  }

  function supAccess(v: Viewer, supervisorId: string) {
    const r = sqlite.prepare(`${supSelect} AND s.id = ?`).get(supervisorId) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'supervisorNotFound');
    const self = v.cadreId === r.cadre_id;
    // A supervisor's page is theirs; a station reader reaches it when the work reaches the station.
    const station = stationBound(v) && reachesOffice(r, v.officeId) ? v.officeId : (r.office_id as string);
    const read = roleHas(v.role, 'roster.read');
    if (!mayReadPerson(v, { cadreId: r.cadre_id as string, officeId: station }, { manage: canManage(v), read })) throw fail('FORBIDDEN', read ? 'otherStation' : 'notYourRecord');
    return { r, self, manage: canManage(v) };
  }

  const toAssignment = (a: Row, today: string) => ({
    id: a.id as string,
    supervisorId: a.supervisor_id as string,
    targetId: str(a.target_id),
    theme: str(a.theme),
    ...target(a),
    startDate: a.start_date as string,
    endDate: a.end_date as string,
    goals: a.goals as string,
    hoursPerMonth: a.hours_per_month as number,
    active: inPeriod(today, a.start_date as string, a.end_date as string),
  });
  const logSelect = 'SELECT l.*, a.target_kind, a.target_id, a.theme FROM supervision_log l JOIN supervision_assignment a ON a.id = l.assignment_id WHERE l.deleted_at IS NULL';
  const toLog = (l: Row) => ({
    id: l.id as string,
    assignmentId: l.assignment_id as string,
    ...target(l),
    visitDate: l.visit_date as string,
    findings: l.findings as string,
    feedback: str(l.feedback),
    followUp: str(l.follow_up),
    followStatus: l.follow_status as 'none',
    hours: l.hours as number,
  });

  /** The viewer's own supervisor term that is current today (else the latest one), or null. */
  function mine(v: Viewer, today: string) {
    if (!v.cadreId) return { supervisorId: null };
    const terms = sqlite.prepare('SELECT id, start_date, end_date FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY start_date DESC').all(v.cadreId) as Row[];
    const current = terms.find((r) => inPeriod(today, r.start_date as string, r.end_date as string | null)) ?? terms[0];
    return { supervisorId: current ? (current.id as string) : null };
  }

  function supervisorPage(v: Viewer, id: string, today: string) {
    const a = supAccess(v, id);
    return {
      supervisor: toSupervisor(a.r, today),
      assignments: assignmentsOf(id).map((x) => toAssignment(x, today)),
      log: (sqlite.prepare(`${logSelect} AND l.supervisor_id = ? ORDER BY l.visit_date DESC`).all(id) as Row[]).map(toLog),
      canLog: a.manage || a.self,
      canManage: a.manage,
    };
  }

  function assign(
    i: { id?: string; supervisorId: string; targetKind: 'zone' | 'station' | 'theme'; targetId: string | null; theme: string | null; startDate: string; endDate: string; goals: string; hoursPerMonth: number },
    ctx: WriteCtx,
    today: string,
  ) {
    const s = sqlite.prepare(`${supSelect} AND s.id = ?`).get(i.supervisorId) as Row | undefined;
    if (!s) throw fail('NOT_FOUND', 'supervisorNotFound');
    if (i.endDate < i.startDate) throw fail('BAD_INPUT', 'assignmentEndBeforeStart', { field: 'endDate' });
    const sEnd = termEnd(s).endDate;
    if (i.startDate < (s.start_date as string) || (sEnd !== null && i.endDate > sEnd)) {
      throw fail('BAD_INPUT', 'assignmentOutsideTerm', { field: 'startDate', start: String(s.start_date), end: sEnd });
    }
    if (i.targetKind === 'theme' && !i.theme) throw fail('BAD_INPUT', 'themeMissing', { field: 'theme' });
    if (i.targetKind === 'zone' && !(i.targetId && zones.get(i.targetId)?.active)) throw fail('BAD_INPUT', 'targetZoneInvalid', { field: 'targetId' });
    if (i.targetKind === 'station' && !sqlite.prepare("SELECT 1 FROM office WHERE id = ? AND kind = 'station' AND deleted_at IS NULL").get(i.targetId)) throw fail('BAD_INPUT', 'targetStationInvalid', { field: 'targetId' });
    return writer.transaction(() => {
      const values = { targetKind: i.targetKind, targetId: i.targetKind === 'theme' ? null : i.targetId, theme: i.targetKind === 'theme' ? i.theme : null, startDate: i.startDate, endDate: i.endDate, goals: i.goals, hoursPerMonth: i.hoursPerMonth };
      const id = i.id ? (writer.update(supervisionAssignment, i.id, values, ctx), i.id) : writer.create(supervisionAssignment, { officeId: s.office_id as string, supervisorId: i.supervisorId, ...values }, ctx).id;
      const day = i.startDate > today ? i.startDate : today;
      const l = load(i.supervisorId, day);
      const warnings: RuleOutcome[] = l.over
        ? [{ rule: 'overCap', pass: false, params: { day, assignments: l.assignments, hours: l.hours, maxAssignments: l.maxAssignments, maxHours: l.maxHours, assignmentsVersion: l.versions.assignments, hoursVersion: l.versions.hours } }]
        : [];
      return { assignment: toAssignment(getAssignment(id), today), warnings };
    });
  }

  function removeAssignment(id: string, ctx: WriteCtx) {
    getAssignment(id);
    if (sqlite.prepare('SELECT 1 FROM supervision_log WHERE assignment_id = ? AND deleted_at IS NULL').get(id)) throw fail('RULE_VIOLATION', 'assignmentHasLog');
    writer.remove(supervisionAssignment, id, ctx);
    return null;
  }

  function log(v: Viewer, i: { id?: string; assignmentId: string; visitDate: string; findings: string; feedback: string | null; followUp: string | null; followStatus: 'none' | 'open' | 'done'; hours: number }, ctx: WriteCtx, today: string) {
    const a = getAssignment(i.assignmentId);
    const acc = supAccess(v, a.supervisor_id as string);
    if (!acc.manage && !acc.self) throw fail('FORBIDDEN', 'ownLogOnly');
    if (!inPeriod(i.visitDate, a.start_date as string, a.end_date as string)) throw fail('BAD_INPUT', 'visitOutsideAssignment', { field: 'visitDate', start: String(a.start_date), end: String(a.end_date) });
    if (i.visitDate > today) throw fail('BAD_INPUT', 'visitInFuture', { field: 'visitDate' });
    if (i.followStatus === 'open' && !i.followUp) throw fail('BAD_INPUT', 'followUpMissing', { field: 'followUp' });
    const { id: _id, ...values } = i;
    const id = i.id ? (writer.update(supervisionLog, i.id, values, ctx), i.id) : writer.create(supervisionLog, { officeId: a.office_id as string, supervisorId: a.supervisor_id as string, ...values }, ctx).id;
    return toLog(sqlite.prepare(`${logSelect} AND l.id = ?`).get(id) as Row);
  }

  // ---- Second line --------------------------------------------------------------------

  const eventsOf = sqlite.prepare('SELECT * FROM second_line_event WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY date, created_at');
  function secondLineRow(c: { id: string; name: string; officeName: string; post: string | null; leadershipPost: string | null; gender: 'M' | 'F'; birthDate: string; status: string }, today: string) {
    const age = settings.at(c.gender === 'M' ? 'secondLine.ageMale' : 'secondLine.ageFemale', today);
    const max = settings.at('secondLine.maxDeferralYears', today);
    const baseDate = addMonths(c.birthDate, age.value * 12);
    const events = (eventsOf.all(c.id) as Row[]).map((e) => ({
      id: e.id as string,
      kind: e.kind as 'deferral' | 'move',
      date: e.date as string,
      newDate: str(e.new_date),
      approver: str(e.approver),
      decisionRef: str(e.decision_ref),
    }));
    const deferrals = events.filter((e) => e.kind === 'deferral');
    const last = deferrals[deferrals.length - 1];
    const date = last?.newDate ?? baseDate;
    const moved = c.status === 'second_line' || events.some((e) => e.kind === 'move');
    const maxDate = addMonths(baseDate, max.value * 12);
    const basis: RuleOutcome[] = [
      { rule: 'secondLineAge', pass: true, params: { gender: c.gender, born: c.birthDate.slice(0, 7), age: age.value, version: age.version, date: baseDate } },
      ...(last ? [{ rule: 'deferredBy', pass: true, params: { approver: last.approver ?? '', decisionRef: last.decisionRef ?? '', date } }] : []),
      { rule: 'maxDeferral', pass: true, params: { years: max.value, version: max.version, date: maxDate } },
    ];
    return {
      cadreId: c.id,
      name: c.name,
      officeName: c.officeName,
      post: c.post,
      leadershipPost: c.leadershipPost,
      gender: c.gender,
      birthDate: c.birthDate,
      ageMonths: Math.max(0, monthsBetween(c.birthDate, today)),
      baseDate,
      date,
      deferred: !!last,
      maxDate,
      monthsLeft: monthsBetween(today, date),
      moved,
      events,
      basis,
    };
  }

  /** Middle-level cadres (乡科级正副职) within the window of the second-line age, or past it. */
  function secondLine(v: Viewer, officeId: string | undefined, all: boolean, today: string) {
    const windowMonths = settings.at('secondLine.windowMonths', today).value;
    const horizon = addMonths(today, windowMonths);
    return offices
      .listCadres(v, { officeId }, today)
      .filter((c) => (c.leadershipPost && (LEADERSHIP_POSTS as readonly string[]).includes(c.leadershipPost)) || c.status === 'second_line')
      .filter((c) => c.status !== 'retired' && c.status !== 'transferred' && !c.pastRetirement)
      .map((c) => secondLineRow(c, today))
      .filter((r) => all || (!r.moved && r.date <= horizon))
      .sort((a, b) => a.date.localeCompare(b.date));
  }

  function middleLevel(v: Viewer, cadreId: string, today: string) {
    const c = offices.getCadre(v, cadreId, today);
    if (!c.leadershipPost || !(LEADERSHIP_POSTS as readonly string[]).includes(c.leadershipPost)) throw fail('RULE_VIOLATION', 'notMiddleLevel', { name: c.name });
    return c;
  }

  function defer(v: Viewer, i: { cadreId: string; date: string; newDate: string; approver: string; decisionRef: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = middleLevel(v, i.cadreId, today);
    if (!i.approver) throw fail('BAD_INPUT', 'approverMissing', { field: 'approver' });
    const row = secondLineRow(c, today);
    if (row.moved) throw fail('RULE_VIOLATION', 'alreadySecondLine', { name: c.name });
    if (i.newDate <= row.date) throw fail('BAD_INPUT', 'deferralNotLater', { field: 'newDate', date: row.date });
    if (i.newDate > row.maxDate) {
      const max = settings.at('secondLine.maxDeferralYears', today);
      throw fail('BAD_INPUT', 'deferralTooLong', { field: 'newDate', maxDate: row.maxDate, years: max.value, version: max.version });
    }
    writer.create(secondLineEvent, { officeId: c.officeId, cadreId: c.id, kind: 'deferral', date: i.date, newDate: i.newDate, approver: i.approver, decisionRef: i.decisionRef, note: i.note }, ctx);
    return secondLineRow(c, today);
  }

  function moveToSecondLine(v: Viewer, i: { cadreId: string; date: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = middleLevel(v, i.cadreId, today);
    const row = secondLineRow(c, today);
    if (row.moved) throw fail('RULE_VIOLATION', 'alreadySecondLine', { name: c.name });
    return writer.transaction(() => {
      writer.create(secondLineEvent, { officeId: c.officeId, cadreId: c.id, kind: 'move', date: i.date, newDate: null, approver: null, decisionRef: null, note: i.note }, ctx);
      writer.update(cadre, c.id, { status: 'second_line' }, ctx);
      const after = offices.getCadre(v, c.id, today);
      const isSupervisor = (sqlite.prepare('SELECT start_date, end_date FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL').all(c.id) as Row[]).some((s) => inPeriod(today, s.start_date as string, str(s.end_date)));
      return { row: secondLineRow(after, today), offerSupervisor: !isSupervisor };
    });
  }

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
      versions: { 'rank.ladder': ladder.version, 'rank.weakYearsCount': weak.version, 'rank.incompetentBlocks': blocks.version, 'rank.oldTitleMap': map.version, 'rank.leadershipTimeCounts': lead.version },
    };
  }

  const ranksOf = sqlite.prepare<[string], { cadre_id: string; rank: string; start_date: string }>('SELECT cadre_id, rank, start_date FROM rank_record WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY start_date, created_at');
  // One row a cadre, its grades as a JSON object by year in stored order (a later row of the same
  // year wins, as JSON.parse keeps the last of a repeated key): 20 years of appraisals for 400
  // cadres as 8,000 row objects cost more than the rule that reads them.
  const appraisalsOf = sqlite
    .prepare<[string], [string, string]>('SELECT cadre_id, json_group_object(year, grade ORDER BY rowid) FROM appraisal WHERE cadre_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL GROUP BY cadre_id')
    .raw(true);
  type PersonFields = { id: string; leadershipPost: string | null; leadershipStart: string | null; sgf: boolean; sgfDate: string | null };

  /** Each cadre's rank history, leadership posts and appraisals, read in two queries for the lot. */
  function persons(cs: PersonFields[]): Map<string, RankPerson> {
    const out = new Map<string, RankPerson>();
    for (const c of cs) out.set(c.id, { ranks: [], posts: c.leadershipPost && c.leadershipStart ? [{ post: c.leadershipPost, start: c.leadershipStart, end: c.sgf ? c.sgfDate : null }] : [], appraisals: {} });
    const ids = JSON.stringify(cs.map((c) => c.id));
    for (const r of ranksOf.all(ids)) out.get(r.cadre_id)!.ranks.push({ rank: r.rank, start: r.start_date });
    for (const [cadreId, grades] of appraisalsOf.all(ids)) out.get(cadreId)!.appraisals = JSON.parse(grades) as Record<number, Grade>;
    return out;
  }
  const person = (c: PersonFields): RankPerson => persons([c]).get(c.id)!;

  function eligibilityRow(c: PersonFields & { name: string; officeName: string }, day: string, months: number, trainingEvidence: TrainingEvidence | null, r = rules(day), p = person(c), horizon = addMonths(day, months)) {
    const e = rankEligibility(p, r, day);
    return { cadreId: c.id, name: c.name, officeName: c.officeName, ...e, withinMonths: e.eligibleToday || (e.eligibleOn !== null && e.eligibleOn <= horizon), training: trainingEvidence };
  }

  function eligibility(v: Viewer, officeId: string | undefined, months: number, today: string) {
    const compute = () => eligibilityNow(v, officeId, months, today);
    // Kept until the next write (db/read-cache.ts); the viewer is part of the key.
    return deps.cache ? deps.cache.memo(JSON.stringify(['roster.eligibility', officeId ?? null, months, today, v.role, v.officeId, v.cadreId]), compute) : compute();
  }

  function eligibilityNow(v: Viewer, officeId: string | undefined, months: number, today: string) {
    const r = rules(today);
    const people = offices.listCadres(v, { officeId }, today).filter((c) => c.status !== 'retired' && c.status !== 'transferred' && c.status !== 'second_line' && !c.pastRetirement);
    const evidence = training.promotionEvidence(people, today);
    const records = persons(people);
    const horizon = addMonths(today, months);
    const rows = people
      .map((c) => eligibilityRow(c, today, months, evidence.get(c.id) ?? null, r, records.get(c.id), horizon))
      .sort((a, b) => Number(b.eligibleToday) - Number(a.eligibleToday) || (a.eligibleOn ?? '9999').localeCompare(b.eligibleOn ?? '9999'));
    const versions = { ladder: r.versions['rank.ladder']!, weakYearsCount: r.versions['rank.weakYearsCount']!, incompetentBlocks: r.versions['rank.incompetentBlocks']!, oldTitleMap: r.versions['rank.oldTitleMap']! };
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
      const warnings: RuleOutcome[] = before.eligibleToday ? [] : [{ rule: 'notEligible', pass: false, params: { date: i.date } }, ...before.criteria.filter((x) => !x.pass)];
      const after = offices.getCadre(v, c.id, today);
      return { row: eligibilityRow(after, today, 6, training.promotionEvidence([after], today).get(c.id) ?? null), warnings };
    });
  }

  function targets() {
    return {
      stations: sqlite.prepare("SELECT id, name FROM office WHERE kind = 'station' AND active = 1 AND deleted_at IS NULL ORDER BY code, name").all() as { id: string; name: string }[],
      zones: zones.active().map((z) => ({ id: z.id, label: zoneLabel(z), officeName: z.officeName })),
    };
  }

  return { targets, listSupervisors, candidates, appoint, mine, supervisorPage, assign, removeAssignment, log, secondLine, defer, moveToSecondLine, eligibility, promote };
}

export type RosterService = ReturnType<typeof createRosterService>;
