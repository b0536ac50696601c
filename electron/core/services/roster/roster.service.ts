import { AppError } from '../../../../shared/contract/errors';
import { LEADERSHIP_POSTS } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
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
import { stationBound, type Viewer } from '../zones/scope';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const ym = (m: number) => `${Math.floor(m / 12)} 岁${m % 12 ? ` ${m % 12} 个月` : ''}`;
const inPeriod = (day: string, start: string, end: string | null) => start <= day && (end === null || day <= end);

export function createRosterService(deps: { sqlite: Sqlite; writer: SyncedWriter; offices: OfficesService; settings: SettingsService; training: Pick<TrainingService, 'promotionEvidence'>; cache?: ReadCache }) {
  const { sqlite, writer, offices, settings, training } = deps;
  const get = (table: string, id: string, what: string): Row => {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', `${what}不存在或已删除`);
    return r;
  };
  const canManage = (v: Viewer) => roleHas(v.role, 'roster.manage');

  // ---- Supervisors --------------------------------------------------------------------

  function targetText(r: Row): string {
    if (r.target_kind === 'theme') return `专题：${String(r.theme)}`;
    if (r.target_kind === 'zone') {
      const z = sqlite.prepare('SELECT z.code, z.name, o.name AS office FROM zone z JOIN office o ON o.id = z.office_id WHERE z.id = ?').get(r.target_id) as { code: string; name: string; office: string } | undefined;
      return z ? `责任区：${z.office} ${z.code} ${z.name}` : '责任区（已删除）';
    }
    const o = sqlite.prepare('SELECT name FROM office WHERE id = ?').get(r.target_id) as { name: string } | undefined;
    return `工商所：${o?.name ?? '（已删除）'}`;
  }
  const targetOffice = (r: Row): string | null =>
    r.target_kind === 'zone' ? ((sqlite.prepare('SELECT office_id FROM zone WHERE id = ?').get(r.target_id) as { office_id: string } | undefined)?.office_id ?? null) : r.target_kind === 'station' ? (r.target_id as string) : null;

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
      settingVersions: `任务上限 v${caps.a.version}，工作量上限 v${caps.h.version}`,
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
    const names = (ids: string[], sql: string) => ids.map((id) => (sqlite.prepare(sql).get(id) as { n: string } | undefined)?.n ?? '（已删除）');
    const scopeText = [
      ...names(scope.stations, 'SELECT name AS n FROM office WHERE id = ?'),
      ...names(scope.zones, "SELECT code || ' ' || name AS n FROM zone WHERE id = ?"),
      ...scope.themes.map((t) => `专题：${t}`),
    ].join('、');
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
      scopeText: scopeText || '—',
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
    if (scope.zones.some((z) => (sqlite.prepare('SELECT office_id FROM zone WHERE id = ?').get(z) as { office_id: string } | undefined)?.office_id === officeId)) return true;
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
        const why = c.sgf ? `实改非${c.sgfDate ? `（${c.sgfDate}）` : ''}，建议优先` : secondLine ? '已退二线' : c.leadershipPost ? `现任${c.leadershipPost}` : '';
        return { cadreId: c.id, name: c.name, officeName: c.officeName, post: c.post, sgf: c.sgf, secondLine, why };
      })
      .filter((c) => c.why);
    // 实改非 first, then those already on the second line, then current leaders.
    return out.sort((a, b) => Number(b.sgf) - Number(a.sgf) || Number(b.secondLine) - Number(a.secondLine) || compareZh(a.name, b.name));
  }

  function validScope(scope: { stations: string[]; zones: string[]; themes: string[] }) {
    for (const s of scope.stations) {
      const o = sqlite.prepare("SELECT kind FROM office WHERE id = ? AND deleted_at IS NULL AND active = 1").get(s) as { kind: string } | undefined;
      if (!o || o.kind !== 'station') throw new AppError('BAD_INPUT', '督导范围中的工商所不存在或已停用', { field: 'scope' });
    }
    for (const z of scope.zones) if (!sqlite.prepare("SELECT 1 FROM zone WHERE id = ? AND deleted_at IS NULL AND status = 'active'").get(z)) throw new AppError('BAD_INPUT', '督导范围中的责任区不存在或已撤销', { field: 'scope' });
    if (!scope.stations.length && !scope.zones.length && !scope.themes.length) throw new AppError('BAD_INPUT', '请至少选择一个督导范围：工商所、责任区或专题', { field: 'scope' });
  }

  function appoint(v: Viewer, i: { id?: string; cadreId: string; startDate: string; endDate: string | null; duties: string; scope: { stations: string[]; zones: string[]; themes: string[] }; note: string | null }, ctx: WriteCtx, today: string) {
    const c = offices.getCadre(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw new AppError('BAD_INPUT', '任期结束日期不能早于开始日期', { field: 'endDate' });
    // A term stops at the statutory retirement date: an open term ends there.
    if (i.startDate >= c.retirementDate) throw new AppError('BAD_INPUT', `${c.name}的法定退休日期为 ${c.retirementDate}，不能在此之后任督导员`, { field: 'startDate', reason: 'pastRetirement', retirementDate: c.retirementDate });
    if (i.endDate && i.endDate > c.retirementDate) throw new AppError('BAD_INPUT', `任期不能超过法定退休日期 ${c.retirementDate}`, { field: 'endDate', reason: 'pastRetirement', retirementDate: c.retirementDate });
    i = { ...i, endDate: i.endDate ?? c.retirementDate };
    validScope(i.scope);
    return writer.transaction(() => {
      const clash = (sqlite.prepare('SELECT * FROM supervisor WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ?').all(i.cadreId, i.id ?? null) as Row[]).find(
        (r) => (r.start_date as string) <= (i.endDate ?? '9999-12-31') && i.startDate <= ((r.end_date as string | null) ?? '9999-12-31'),
      );
      if (clash) throw new AppError('CONFLICT', `${c.name}已是督导员（${String(clash.start_date)} 起），任期不能重叠`, { field: 'startDate' });
      if (i.id) {
        // Shortening a term may not strand its assignments outside it.
        const outside = assignmentsOf(i.id).find((a) => (a.start_date as string) < i.startDate || (i.endDate !== null && (a.end_date as string) > i.endDate));
        if (outside) throw new AppError('RULE_VIOLATION', `督导任务“${targetText(outside)}”（${String(outside.start_date)} 至 ${String(outside.end_date)}）将超出任期`, { field: 'endDate' });
      }
      const values = { startDate: i.startDate, endDate: i.endDate, duties: i.duties, scope: JSON.stringify(i.scope), note: i.note };
      const id = i.id ? (writer.update(supervisor, i.id, values, ctx), i.id) : writer.create(supervisor, { officeId: c.officeId, cadreId: i.cadreId, ...values }, ctx).id;
      return toSupervisor(sqlite.prepare(`${supSelect} AND s.id = ?`).get(id) as Row, today);
    });
  }

  function supAccess(v: Viewer, supervisorId: string) {
    const r = sqlite.prepare(`${supSelect} AND s.id = ?`).get(supervisorId) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', '督导员不存在');
    const self = v.cadreId === r.cadre_id;
    const read = canManage(v) || self || (roleHas(v.role, 'roster.read') && (!stationBound(v) || reachesOffice(r, v.officeId)));
    if (!read) throw new AppError('FORBIDDEN', '无权查看该督导员');
    return { r, self, manage: canManage(v) };
  }

  const toAssignment = (a: Row, today: string) => ({
    id: a.id as string,
    supervisorId: a.supervisor_id as string,
    targetKind: a.target_kind as 'zone',
    targetId: str(a.target_id),
    theme: str(a.theme),
    targetText: targetText(a),
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
    targetText: targetText(l),
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
    if (!s) throw new AppError('NOT_FOUND', '督导员不存在或已删除');
    if (i.endDate < i.startDate) throw new AppError('BAD_INPUT', '结束日期不能早于开始日期', { field: 'endDate' });
    const sEnd = termEnd(s).endDate;
    if (i.startDate < (s.start_date as string) || (sEnd !== null && i.endDate > sEnd)) {
      throw new AppError('BAD_INPUT', `督导任务须在督导员任期内（${String(s.start_date)} 至 ${sEnd ?? '今'}）`, { field: 'startDate' });
    }
    if (i.targetKind === 'theme' && !i.theme) throw new AppError('BAD_INPUT', '请填写督导专题', { field: 'theme' });
    if (i.targetKind === 'zone' && !sqlite.prepare("SELECT 1 FROM zone WHERE id = ? AND deleted_at IS NULL AND status = 'active'").get(i.targetId)) throw new AppError('BAD_INPUT', '请选择在用的责任区', { field: 'targetId' });
    if (i.targetKind === 'station' && !sqlite.prepare("SELECT 1 FROM office WHERE id = ? AND kind = 'station' AND deleted_at IS NULL").get(i.targetId)) throw new AppError('BAD_INPUT', '请选择工商所', { field: 'targetId' });
    return writer.transaction(() => {
      const values = { targetKind: i.targetKind, targetId: i.targetKind === 'theme' ? null : i.targetId, theme: i.targetKind === 'theme' ? i.theme : null, startDate: i.startDate, endDate: i.endDate, goals: i.goals, hoursPerMonth: i.hoursPerMonth };
      const id = i.id ? (writer.update(supervisionAssignment, i.id, values, ctx), i.id) : writer.create(supervisionAssignment, { officeId: s.office_id as string, supervisorId: i.supervisorId, ...values }, ctx).id;
      const day = i.startDate > today ? i.startDate : today;
      const l = load(i.supervisorId, day);
      const warnings = l.over
        ? [{ code: 'overCap', text: `${day} 起该督导员承担 ${l.assignments} 项任务、每月 ${l.hours} 小时，超过上限 ${l.maxAssignments} 项 / ${l.maxHours} 小时（${l.settingVersions}）` }]
        : [];
      return { assignment: toAssignment(get('supervision_assignment', id, '督导任务'), today), warnings };
    });
  }

  function removeAssignment(id: string, ctx: WriteCtx) {
    get('supervision_assignment', id, '督导任务');
    if (sqlite.prepare('SELECT 1 FROM supervision_log WHERE assignment_id = ? AND deleted_at IS NULL').get(id)) throw new AppError('RULE_VIOLATION', '该任务已有督导记录，不能删除；可缩短其期限');
    writer.remove(supervisionAssignment, id, ctx);
    return null;
  }

  function log(v: Viewer, i: { id?: string; assignmentId: string; visitDate: string; findings: string; feedback: string | null; followUp: string | null; followStatus: 'none' | 'open' | 'done'; hours: number }, ctx: WriteCtx, today: string) {
    const a = get('supervision_assignment', i.assignmentId, '督导任务');
    const acc = supAccess(v, a.supervisor_id as string);
    if (!acc.manage && !acc.self) throw new AppError('FORBIDDEN', '只能填写本人的督导记录');
    if (!inPeriod(i.visitDate, a.start_date as string, a.end_date as string)) throw new AppError('BAD_INPUT', `督导日期须在任务期限内（${String(a.start_date)} 至 ${String(a.end_date)}）`, { field: 'visitDate' });
    if (i.visitDate > today) throw new AppError('BAD_INPUT', '督导日期不能晚于今天：请在督导之后记录', { field: 'visitDate' });
    if (i.followStatus === 'open' && !i.followUp) throw new AppError('BAD_INPUT', '请写明需要跟进的事项', { field: 'followUp' });
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
    const explanation =
      `${c.gender === 'M' ? '男' : '女'}，${c.birthDate.slice(0, 7)} 出生，退二线年龄 ${age.value} 岁（设置 v${age.version}）→ ${baseDate}` +
      (last ? `；经 ${last.approver ?? ''} 批准（${last.decisionRef ?? ''}）延后至 ${date}` : '') +
      `；最长可延后 ${max.value} 年（设置 v${max.version}）至 ${addMonths(baseDate, max.value * 12)}`;
    return {
      cadreId: c.id,
      name: c.name,
      officeName: c.officeName,
      post: c.post,
      leadershipPost: c.leadershipPost,
      gender: c.gender,
      birthDate: c.birthDate,
      age: ym(Math.max(0, monthsBetween(c.birthDate, today))),
      baseDate,
      date,
      deferred: !!last,
      maxDate: addMonths(baseDate, max.value * 12),
      monthsLeft: monthsBetween(today, date),
      moved,
      events,
      explanation,
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
    if (!c.leadershipPost || !(LEADERSHIP_POSTS as readonly string[]).includes(c.leadershipPost)) throw new AppError('RULE_VIOLATION', `${c.name}不是中层领导干部（乡科级正副职），不适用退二线`);
    return c;
  }

  function defer(v: Viewer, i: { cadreId: string; date: string; newDate: string; approver: string; decisionRef: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = middleLevel(v, i.cadreId, today);
    if (!i.approver) throw new AppError('BAD_INPUT', '延后退二线须记录批准人', { field: 'approver' });
    const row = secondLineRow(c, today);
    if (row.moved) throw new AppError('RULE_VIOLATION', `${c.name}已退二线`);
    if (i.newDate <= row.date) throw new AppError('BAD_INPUT', `延后后的日期须晚于 ${row.date}`, { field: 'newDate' });
    if (i.newDate > row.maxDate) throw new AppError('BAD_INPUT', `超过最长延后期限：最迟 ${row.maxDate}（${row.explanation.split('；').pop()}）`, { field: 'newDate' });
    writer.create(secondLineEvent, { officeId: c.officeId, cadreId: c.id, kind: 'deferral', date: i.date, newDate: i.newDate, approver: i.approver, decisionRef: i.decisionRef, note: i.note }, ctx);
    return secondLineRow(c, today);
  }

  function moveToSecondLine(v: Viewer, i: { cadreId: string; date: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = middleLevel(v, i.cadreId, today);
    const row = secondLineRow(c, today);
    if (row.moved) throw new AppError('RULE_VIOLATION', `${c.name}已退二线`);
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
    return { rows, settingVersions: `职级阶梯 v${r.versions['rank.ladder']}，考核条件 v${r.versions['rank.weakYearsCount']}/v${r.versions['rank.incompetentBlocks']}，原职务对应 v${r.versions['rank.oldTitleMap']}` };
  }

  function promote(v: Viewer, i: { cadreId: string; rank: string; date: string; decisionRef: string; note: string | null }, ctx: WriteCtx, today: string) {
    const c = offices.getCadre(v, i.cadreId, today);
    const r = rules(i.date);
    const before = rankEligibility(person(c), r, i.date);
    if (!before.currentRank) throw new AppError('RULE_VIOLATION', `${c.name}尚无职级记录，请先在名册中填写现职级`);
    const problem = promotionProblem(before.currentRank, i.rank, r.ladder);
    if (problem) throw new AppError('BAD_INPUT', problem, { field: 'rank' });
    const last = person(c).ranks.at(-1)!;
    if (i.date <= last.start) throw new AppError('BAD_INPUT', `晋升日期须晚于任现职级的时间 ${last.start}`, { field: 'date' });
    if (i.date > today) throw new AppError('BAD_INPUT', '晋升的批准日期不能晚于今天', { field: 'date' });
    if (i.date >= c.retirementDate) throw new AppError('BAD_INPUT', `${c.name}已到法定退休日期 ${c.retirementDate}`, { field: 'date', reason: 'pastRetirement' });
    return writer.transaction(() => {
      writer.update(cadre, c.id, { rank: i.rank, rankStart: i.date }, ctx);
      offices.recordRank(c.id, c.officeId, i.rank, i.date, ctx, { decisionRef: i.decisionRef, note: i.note });
      const warnings = before.eligibleToday ? [] : [{ code: 'notEligible', text: `晋升日尚未满足条件：${before.explanation}` }];
      const after = offices.getCadre(v, c.id, today);
      return { row: eligibilityRow(after, today, 6, training.promotionEvidence([after], today).get(c.id) ?? null), warnings };
    });
  }

  function targets() {
    return {
      stations: sqlite.prepare("SELECT id, name FROM office WHERE kind = 'station' AND active = 1 AND deleted_at IS NULL ORDER BY code, name").all() as { id: string; name: string }[],
      zones: sqlite
        .prepare("SELECT z.id, z.code || ' ' || z.name AS label, o.name AS officeName FROM zone z JOIN office o ON o.id = z.office_id WHERE z.status = 'active' AND z.deleted_at IS NULL ORDER BY o.name, z.code")
        .all() as { id: string; label: string; officeName: string }[],
    };
  }

  return { targets, listSupervisors, candidates, appoint, mine, supervisorPage, assign, removeAssignment, log, secondLine, defer, moveToSecondLine, eligibility, promote };
}

export type RosterService = ReturnType<typeof createRosterService>;
