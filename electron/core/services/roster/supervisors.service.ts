import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { roleHas } from '../../../../shared/contract/roles';
import { mayReadPerson } from '../../../../shared/domain/access';
import { retirement } from '../../../../shared/domain/career';
import { compareZh } from '../../../../shared/domain/collate';
import type { Sqlite } from '../../db/open';
import { supervisionAssignment, supervisionLog, supervisor } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { ZonesPort } from '../zones/zones.port';
import { stationBound, type Viewer } from '../zones/scope';
import { inPeriod, str, type Row } from './roster-rows';

// 督导员: supervisors, their assignments and their log.
export function createSupervisorsService(deps: {
  sqlite: Sqlite;
  writer: SyncedWriter;
  offices: OfficesService;
  settings: SettingsService;
  zones: Pick<ZonesPort, 'get' | 'active'>;
}) {
  const { sqlite, writer, offices, settings, zones } = deps;
  const getAssignment = (id: string): Row => {
    const r = sqlite.prepare('SELECT * FROM supervision_assignment WHERE id = ? AND deleted_at IS NULL').get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'taskNotFound');
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
  const targetOffice = (r: Row): string | null =>
    r.target_kind === 'zone' ? (zones.get(r.target_id as string)?.officeId ?? null) : r.target_kind === 'station' ? (r.target_id as string) : null;

  const assignmentsOf = (supervisorId: string) =>
    sqlite.prepare('SELECT * FROM supervision_assignment WHERE supervisor_id = ? AND deleted_at IS NULL ORDER BY start_date DESC').all(supervisorId) as Row[];

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
    const open = (
      sqlite.prepare("SELECT count(*) n FROM supervision_log WHERE supervisor_id = ? AND follow_status = 'open' AND deleted_at IS NULL").get(r.id) as {
        n: number;
      }
    ).n;
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
    const active = new Set(
      (sqlite.prepare(`${supSelect}`).all() as Row[])
        .filter((r) => inPeriod(today, r.start_date as string, termEnd(r).endDate))
        .map((r) => r.cadre_id as string),
    );
    // Nobody at or past the statutory retirement date is suggested.
    const people = offices
      .listCadres(v, {}, today)
      .filter((c) => !active.has(c.id) && c.status !== 'retired' && c.status !== 'transferred' && c.retirementDate > today);
    const out = people
      .map((c) => {
        const secondLine = c.status === 'second_line';
        const why = c.sgf ? ('sgf' as const) : secondLine ? ('secondLine' as const) : c.leadershipPost ? ('leader' as const) : null;
        return {
          cadreId: c.id,
          name: c.name,
          officeName: c.officeName,
          post: c.post,
          sgf: c.sgf,
          secondLine,
          why,
          sgfDate: c.sgfDate,
          leadershipPost: c.leadershipPost,
        };
      })
      .filter((c): c is typeof c & { why: NonNullable<typeof c.why> } => c.why !== null);
    // 实改非 first, then those already on the second line, then current leaders.
    return out.sort((a, b) => Number(b.sgf) - Number(a.sgf) || Number(b.secondLine) - Number(a.secondLine) || compareZh(a.name, b.name));
  }

  function validScope(scope: { stations: string[]; zones: string[]; themes: string[] }) {
    for (const s of scope.stations) {
      const o = sqlite.prepare('SELECT kind FROM office WHERE id = ? AND deleted_at IS NULL AND active = 1').get(s) as { kind: string } | undefined;
      if (!o || o.kind !== 'station') throw fail('BAD_INPUT', 'scopeStationInvalid', { field: 'scope' });
    }
    for (const z of scope.zones) if (!zones.get(z)?.active) throw fail('BAD_INPUT', 'scopeZoneInvalid', { field: 'scope' });
    if (!scope.stations.length && !scope.zones.length && !scope.themes.length) throw fail('BAD_INPUT', 'scopeEmpty', { field: 'scope' });
  }

  function appoint(
    v: Viewer,
    i: {
      id?: string;
      cadreId: string;
      startDate: string;
      endDate: string | null;
      duties: string;
      scope: { stations: string[]; zones: string[]; themes: string[] };
      note: string | null;
    },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = offices.getCadre(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'termEndBeforeStart', { field: 'endDate' });
    // A term stops at the statutory retirement date: an open term ends there.
    if (i.startDate >= c.retirementDate)
      throw fail('BAD_INPUT', 'supervisorPastRetirement', { field: 'startDate', name: c.name, retirementDate: c.retirementDate });
    if (i.endDate && i.endDate > c.retirementDate) throw fail('BAD_INPUT', 'termPastRetirement', { field: 'endDate', retirementDate: c.retirementDate });
    i = { ...i, endDate: i.endDate ?? c.retirementDate };
    validScope(i.scope);
    return writer.transaction(() => {
      const clash = (
        sqlite.prepare('SELECT * FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ?').all(i.cadreId, i.id ?? null) as Row[]
      ).find((r) => (r.start_date as string) <= (i.endDate ?? '9999-12-31') && i.startDate <= ((r.end_date as string | null) ?? '9999-12-31'));
      if (clash) throw fail('CONFLICT', 'termOverlap', { field: 'startDate', name: c.name, since: String(clash.start_date) });
      if (i.id) {
        // Shortening a term may not strand its assignments outside it.
        const outside = assignmentsOf(i.id).find((a) => (a.start_date as string) < i.startDate || (i.endDate !== null && (a.end_date as string) > i.endDate));
        if (outside)
          throw fail('RULE_VIOLATION', 'assignmentOutsideTerm', {
            field: 'endDate',
            target: target(outside).targetLabel,
            start: String(outside.start_date),
            end: String(outside.end_date),
          });
      }
      const values = { startDate: i.startDate, endDate: i.endDate, duties: i.duties, scope: JSON.stringify(i.scope), note: i.note };
      const id = i.id
        ? (writer.update(supervisor, i.id, values, ctx), i.id)
        : writer.create(supervisor, { officeId: c.officeId, cadreId: i.cadreId, ...values }, ctx).id;
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
    if (!mayReadPerson(v, { cadreId: r.cadre_id as string, officeId: station }, { manage: canManage(v), read }))
      throw fail('FORBIDDEN', read ? 'otherStation' : 'notYourRecord');
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
  const logSelect =
    'SELECT l.*, a.target_kind, a.target_id, a.theme FROM supervision_log l JOIN supervision_assignment a ON a.id = l.assignment_id WHERE l.deleted_at IS NULL';
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
    const terms = sqlite
      .prepare('SELECT id, start_date, end_date FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY start_date DESC')
      .all(v.cadreId) as Row[];
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
    i: {
      id?: string;
      supervisorId: string;
      targetKind: 'zone' | 'station' | 'theme';
      targetId: string | null;
      theme: string | null;
      startDate: string;
      endDate: string;
      goals: string;
      hoursPerMonth: number;
    },
    ctx: WriteCtx,
    today: string,
  ) {
    const s = sqlite.prepare(`${supSelect} AND s.id = ?`).get(i.supervisorId) as Row | undefined;
    if (!s) throw fail('NOT_FOUND', 'supervisorNotFound');
    if (i.endDate < i.startDate) throw fail('BAD_INPUT', 'taskEndBeforeStart', { field: 'endDate' });
    const sEnd = termEnd(s).endDate;
    if (i.startDate < (s.start_date as string) || (sEnd !== null && i.endDate > sEnd)) {
      throw fail('BAD_INPUT', 'assignmentOutsideTerm', { field: 'startDate', start: String(s.start_date), end: sEnd });
    }
    if (i.targetKind === 'theme' && !i.theme) throw fail('BAD_INPUT', 'themeMissing', { field: 'theme' });
    if (i.targetKind === 'zone' && !(i.targetId && zones.get(i.targetId)?.active)) throw fail('BAD_INPUT', 'targetZoneInvalid', { field: 'targetId' });
    if (i.targetKind === 'station' && !sqlite.prepare("SELECT 1 FROM office WHERE id = ? AND kind = 'station' AND deleted_at IS NULL").get(i.targetId))
      throw fail('BAD_INPUT', 'targetStationInvalid', { field: 'targetId' });
    return writer.transaction(() => {
      const values = {
        targetKind: i.targetKind,
        targetId: i.targetKind === 'theme' ? null : i.targetId,
        theme: i.targetKind === 'theme' ? i.theme : null,
        startDate: i.startDate,
        endDate: i.endDate,
        goals: i.goals,
        hoursPerMonth: i.hoursPerMonth,
      };
      const id = i.id
        ? (writer.update(supervisionAssignment, i.id, values, ctx), i.id)
        : writer.create(supervisionAssignment, { officeId: s.office_id as string, supervisorId: i.supervisorId, ...values }, ctx).id;
      const day = i.startDate > today ? i.startDate : today;
      const l = load(i.supervisorId, day);
      const warnings: RuleOutcome[] = l.over
        ? [
            {
              rule: 'overCap',
              pass: false,
              params: {
                day,
                assignments: l.assignments,
                hours: l.hours,
                maxAssignments: l.maxAssignments,
                maxHours: l.maxHours,
                assignmentsVersion: l.versions.assignments,
                hoursVersion: l.versions.hours,
              },
            },
          ]
        : [];
      return { assignment: toAssignment(getAssignment(id), today), warnings };
    });
  }

  function removeAssignment(id: string, ctx: WriteCtx) {
    getAssignment(id);
    if (sqlite.prepare('SELECT 1 FROM supervision_log WHERE assignment_id = ? AND deleted_at IS NULL').get(id))
      throw fail('RULE_VIOLATION', 'assignmentHasLog');
    writer.remove(supervisionAssignment, id, ctx);
    return null;
  }

  function log(
    v: Viewer,
    i: {
      id?: string;
      assignmentId: string;
      visitDate: string;
      findings: string;
      feedback: string | null;
      followUp: string | null;
      followStatus: 'none' | 'open' | 'done';
      hours: number;
    },
    ctx: WriteCtx,
    today: string,
  ) {
    const a = getAssignment(i.assignmentId);
    const acc = supAccess(v, a.supervisor_id as string);
    if (!acc.manage && !acc.self) throw fail('FORBIDDEN', 'ownLogOnly');
    if (!inPeriod(i.visitDate, a.start_date as string, a.end_date as string))
      throw fail('BAD_INPUT', 'visitOutsideAssignment', { field: 'visitDate', start: String(a.start_date), end: String(a.end_date) });
    if (i.visitDate > today) throw fail('BAD_INPUT', 'visitInFuture', { field: 'visitDate' });
    if (i.followStatus === 'open' && !i.followUp) throw fail('BAD_INPUT', 'followUpMissing', { field: 'followUp' });
    const { id: _id, ...values } = i;
    const id = i.id
      ? (writer.update(supervisionLog, i.id, values, ctx), i.id)
      : writer.create(supervisionLog, { officeId: a.office_id as string, supervisorId: a.supervisor_id as string, ...values }, ctx).id;
    return toLog(sqlite.prepare(`${logSelect} AND l.id = ?`).get(id) as Row);
  }

  function targets() {
    return {
      stations: sqlite.prepare("SELECT id, name FROM office WHERE kind = 'station' AND active = 1 AND deleted_at IS NULL ORDER BY code, name").all() as {
        id: string;
        name: string;
      }[],
      zones: zones.active().map((z) => ({ id: z.id, label: zoneLabel(z), officeName: z.officeName })),
    };
  }

  return { targets, listSupervisors, candidates, appoint, mine, supervisorPage, assign, removeAssignment, log };
}
