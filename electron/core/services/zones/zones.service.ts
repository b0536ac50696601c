import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import type { Assignment, CadreLoad, Zone } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { business, supervisionAssignment, supervisor, syncedTables, unlicensed, zone, zoneAssignment, zoneGrid } from '../../schema';
import { syncManifest } from '../../../../shared/sync/manifest';
import { cstDay } from '../../../../shared/domain/time';
import { addMonths, retirement } from '../../../../shared/domain/career';

/** Synced tables whose rows point at a zone and follow it through a split or merge (besides the ones handled by name). */
const ZONE_REF_TABLES = (Object.keys(syncedTables) as (keyof typeof syncedTables)[]).filter(
  (name) => (syncManifest[name].columns as readonly string[]).includes('zone_id') && !['zone_assignment', 'zone_grid', 'business', 'unlicensed'].includes(name),
);
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { SettingsService } from '../settings/settings.service';
import { assertOfficeWrite, scopeOffice, type Viewer } from './scope';

interface ZoneRow {
  id: string;
  office_id: string;
  office_name: string;
  code: string;
  name: string;
  boundary: string | null;
  risk_level: Zone['riskLevel'];
  notes: string | null;
  status: 'active' | 'retired';
  retired_on: string | null;
  business_count: number;
  food_count: number;
  unlicensed_count: number;
  grid_ids: string | null;
}

interface AssignmentRow {
  id: string;
  zone_id: string;
  cadre_id: string;
  cadre_name: string;
  role: 'owner' | 'deputy';
  start_date: string;
  end_date: string | null;
  note: string | null;
  office_id: string;
  created_at: string;
}

/** Notes the core writes itself, stored as keys the renderer words (`zones.notes.<key>`); a person's note is kept as typed. */
const NOTE_KEYS = { '#reassigned': 'reassigned', '#merged': 'merged' } as const satisfies Record<string, NonNullable<Assignment['noteKey']>>;
const noteKey = (note: string | null) => (note && note in NOTE_KEYS ? NOTE_KEYS[note as keyof typeof NOTE_KEYS] : null);

/** `zoneRows` is the zone's assignments in order (assignmentsOf): a corrected owner's successor is the next of the same role and start. */
const toAssignment = (a: AssignmentRow, zoneRows: AssignmentRow[]): Assignment => ({
  id: a.id,
  zoneId: a.zone_id,
  cadreId: a.cadre_id,
  cadreName: a.cadre_name,
  role: a.role,
  startDate: a.start_date,
  corrected: a.end_date === a.start_date,
  correctedTo: a.end_date === a.start_date ? (zoneRows.slice(zoneRows.findIndex((b) => b.id === a.id) + 1).find((b) => b.role === a.role && b.start_date === a.start_date)?.cadre_name ?? null) : null,
  endDate: a.end_date,
  note: noteKey(a.note) ? null : a.note,
  noteKey: noteKey(a.note),
});

/** An assignment is in force on `day` when start ≤ day < end (the end day belongs to the successor). */
const ROLLBACK = new Error('preview: roll back');
const inForce = (a: { start_date: string; end_date: string | null }, day: string) => a.start_date <= day && (a.end_date === null || a.end_date > day);

export function latestCensusSql(officeExpr: string) {
  return `(SELECT c.id FROM census c WHERE c.office_id = ${officeExpr} AND c.deleted_at IS NULL ORDER BY c.census_date DESC, c.id DESC LIMIT 1)`;
}

export function createZonesService(deps: { sqlite: Sqlite; writer: SyncedWriter; settings: SettingsService }) {
  const { sqlite, writer } = deps;

  // Business counts come from the zone_business_count read model (drizzle/0009, 0010), the open
  // unlicensed count from a covering index: neither reads a business or unlicensed row.
  const zoneSelect = `
    SELECT z.id, z.office_id, o.name AS office_name, z.code, z.name, z.boundary, z.risk_level, z.notes, z.status, z.retired_on,
      (SELECT coalesce(sum(zc.n), 0) FROM zone_business_count zc WHERE zc.zone_id = z.id) AS business_count,
      (SELECT coalesce(sum(zc.n), 0) FROM zone_business_count zc WHERE zc.zone_id = z.id AND zc.food = 1) AS food_count,
      (SELECT count(*) FROM unlicensed u WHERE u.zone_id = z.id AND u.deleted_at IS NULL AND u.status = 'unlicensed'
         AND u.census_id = ${latestCensusSql('z.office_id')}) AS unlicensed_count,
      (SELECT group_concat(zg.grid_id) FROM zone_grid zg WHERE zg.zone_id = z.id AND zg.deleted_at IS NULL) AS grid_ids
    FROM zone z JOIN office o ON o.id = z.office_id
    WHERE z.deleted_at IS NULL`;
  const assignmentsOf = sqlite.prepare<[string], AssignmentRow>(
    `SELECT a.id, a.zone_id, a.cadre_id, c.name AS cadre_name, a.role, a.start_date, a.end_date, a.note, a.office_id, a.created_at
     FROM zone_assignment a JOIN cadre c ON c.id = a.cadre_id
     WHERE a.zone_id = ? AND a.deleted_at IS NULL ORDER BY a.start_date, a.created_at`,
  );

  // Every assignment of a list's zones in one query (in the order assignmentsOf gives each zone's).
  const assignmentsIn = sqlite.prepare<[string], AssignmentRow>(
    `SELECT a.id, a.zone_id, a.cadre_id, c.name AS cadre_name, a.role, a.start_date, a.end_date, a.note, a.office_id
     FROM zone_assignment a JOIN cadre c ON c.id = a.cadre_id
     WHERE a.zone_id IN (SELECT value FROM json_each(?)) AND a.deleted_at IS NULL ORDER BY a.start_date, a.created_at`,
  );

  function rowToZone(r: ZoneRow, day: string, assignments = assignmentsOf.all(r.id)): Zone {
    const as = assignments.filter((a) => inForce(a, day));
    const owner = as.find((a) => a.role === 'owner');
    const person = (a: AssignmentRow) => ({ assignmentId: a.id, cadreId: a.cadre_id, name: a.cadre_name, startDate: a.start_date });
    return {
      id: r.id,
      officeId: r.office_id,
      officeName: r.office_name,
      code: r.code,
      name: r.name,
      boundary: r.boundary,
      riskLevel: r.risk_level,
      notes: r.notes,
      status: r.status,
      retiredOn: r.retired_on,
      owner: owner ? person(owner) : null,
      deputies: as.filter((a) => a.role === 'deputy').map(person),
      gridIds: r.grid_ids ? r.grid_ids.split(',') : [],
      businessCount: r.business_count,
      foodCount: r.food_count,
      unlicensedCount: r.unlicensed_count,
    };
  }

  function list(v: Viewer, f: { officeId?: string; includeRetired: boolean }, day: string): Zone[] {
    const office = scopeOffice(v, f.officeId);
    const rows = sqlite
      .prepare(`${zoneSelect} ${office ? 'AND z.office_id = @office' : ''} ${f.includeRetired ? '' : "AND z.status = 'active'"} ORDER BY o.code, o.name, z.code`)
      .all(office ? { office } : {}) as ZoneRow[];
    const byZone = new Map<string, AssignmentRow[]>(rows.map((r) => [r.id, []]));
    for (const a of assignmentsIn.all(JSON.stringify(rows.map((r) => r.id)))) byZone.get(a.zone_id)!.push(a);
    return rows.map((r) => rowToZone(r, day, byZone.get(r.id)));
  }

  function get(id: string, day: string): Zone {
    const r = sqlite.prepare(`${zoneSelect} AND z.id = ?`).get(id) as ZoneRow | undefined;
    if (!r) throw fail('NOT_FOUND', 'zoneNotFound', { zoneId: id });
    return rowToZone(r, day);
  }

  function activeZone(v: Viewer, id: string): ZoneRow {
    const r = sqlite.prepare(`${zoneSelect} AND z.id = ?`).get(id) as ZoneRow | undefined;
    if (!r) throw fail('NOT_FOUND', 'zoneNotFound', { zoneId: id });
    assertOfficeWrite(v, r.office_id);
    if (r.status === 'retired') throw fail('RULE_VIOLATION', 'zoneRetired', { zoneId: id, name: r.name });
    return r;
  }

  function assertStation(officeId: string) {
    const o = sqlite.prepare("SELECT kind, active FROM office WHERE id = ? AND deleted_at IS NULL").get(officeId) as { kind: string; active: number } | undefined;
    if (!o || !o.active) throw fail('BAD_INPUT', 'officeInactive', { field: 'officeId' });
  }

  function assertCodeFree(officeId: string, code: string, except: string[] = []) {
    const other = sqlite
      .prepare("SELECT id, name FROM zone WHERE office_id = ? AND code = ? COLLATE NOCASE AND status = 'active' AND deleted_at IS NULL")
      .all(officeId, code) as { id: string; name: string }[];
    const clash = other.find((o) => !except.includes(o.id));
    if (clash) throw fail('CONFLICT', 'zoneCodeTaken', { field: 'code', code, name: clash.name });
  }

  type ZoneInput = { code: string; name: string; boundary: string | null; riskLevel: Zone['riskLevel']; notes: string | null };

  function create(v: Viewer, input: ZoneInput & { officeId: string }, ctx: WriteCtx, day: string): Zone {
    assertOfficeWrite(v, input.officeId);
    assertStation(input.officeId);
    return sqlite.transaction(() => {
      assertCodeFree(input.officeId, input.code);
      const z = writer.create(zone, { ...input, status: 'active' }, ctx);
      return get(z.id, day);
    })();
  }

  function update(v: Viewer, id: string, input: ZoneInput, ctx: WriteCtx, day: string): Zone {
    return sqlite.transaction(() => {
      const z = activeZone(v, id);
      assertCodeFree(z.office_id, input.code, [id]);
      writer.update(zone, id, input, ctx);
      return get(id, day);
    })();
  }

  function closeAll(zoneId: string, date: string, ctx: WriteCtx) {
    for (const a of assignmentsOf.all(zoneId)) {
      if (a.end_date === null || a.end_date > date) {
        if (a.start_date >= date) writer.remove(zoneAssignment, a.id, ctx);
        else writer.update(zoneAssignment, a.id, { endDate: date }, ctx);
      }
    }
  }

  function retire(v: Viewer, id: string, date: string, ctx: WriteCtx, day: string): Zone {
    return sqlite.transaction(() => {
      activeZone(v, id);
      const n = (sqlite.prepare('SELECT count(*) n FROM business WHERE zone_id = ? AND deleted_at IS NULL').get(id) as { n: number }).n;
      if (n > 0) throw fail('RULE_VIOLATION', 'zoneHasBusinesses', { businesses: n });
      closeAll(id, date, ctx);
      writer.update(zone, id, { status: 'retired', retiredOn: date }, ctx);
      return get(id, day);
    })();
  }

  function cadreOf(cadreId: string) {
    const c = sqlite.prepare('SELECT id, name, office_id, status, phone, birth_date, gender FROM cadre WHERE id = ? AND deleted_at IS NULL').get(cadreId) as
      | { id: string; name: string; office_id: string; status: string; phone: string | null; birth_date: string; gender: 'M' | 'F' }
      | undefined;
    if (!c) throw fail('NOT_FOUND', 'cadreNotFound', { field: 'cadreId' });
    return c;
  }

  function threshold(day: string) {
    return deps.settings.at('zones.ownerBusinessThreshold', day);
  }

  function ownedBusinesses(cadreId: string, day: string): number {
    return (
      sqlite
        .prepare(
          `SELECT count(*) n FROM business b JOIN zone_assignment a ON a.zone_id = b.zone_id
           WHERE a.cadre_id = @c AND a.role = 'owner' AND a.deleted_at IS NULL AND a.start_date <= @d AND (a.end_date IS NULL OR a.end_date > @d)
             AND b.deleted_at IS NULL`,
        )
        .get({ c: cadreId, d: day }) as { n: number }
    ).n;
  }

  /** Assign an owner or deputy. A new owner closes the previous owner's period on the same day. */
  function assignInTx(
    v: Viewer,
    input: { zoneId: string; cadreId: string; role: 'owner' | 'deputy'; startDate: string; note: string | null },
    ctx: WriteCtx,
    day: string,
  ): { assignment: Assignment; warnings: RuleOutcome[] } {
    const z = activeZone(v, input.zoneId);
    const c = cadreOf(input.cadreId);
    if (c.office_id !== z.office_id) throw fail('RULE_VIOLATION', 'assignOtherStation', { field: 'cadreId', name: c.name });
    if (['retired', 'transferred'].includes(c.status)) throw fail('RULE_VIOLATION', 'assignLeft', { field: 'cadreId', name: c.name });
    // The statutory retirement date ends what a cadre may be given (RULES.md, retirement).
    const retires = c.birth_date ? retirement(c.birth_date, c.gender).date : null;
    if (retires && input.startDate >= retires) throw fail('RULE_VIOLATION', 'pastRetirement', { field: 'cadreId', name: c.name, retirementDate: retires });
    const existing = assignmentsOf.all(input.zoneId);
    // A period of no length (a same-day correction) holds no time: it neither overlaps nor counts.
    const live = (a: AssignmentRow) => a.end_date === null || a.end_date > input.startDate;
    const held = (a: AssignmentRow) => !(a.end_date !== null && a.end_date === a.start_date);
    if (input.role === 'owner') {
      const deputyToo = existing.find((a) => a.role === 'deputy' && a.cadre_id === input.cadreId && live(a) && held(a));
      if (deputyToo) throw fail('RULE_VIOLATION', 'ownerAndDeputy', { field: 'cadreId', name: c.name, role: 'deputy' });
      // A same-day correction: the open owner assignment recorded today for the same start date is
      // replaced. It stays in the history as a period of no length, with a note naming the correction.
      const corrected = existing.find((a) => a.role === 'owner' && a.end_date === null && a.start_date === input.startDate && cstDay(Date.parse(a.created_at)) === day);
      if (corrected?.cadre_id === input.cadreId) throw fail('CONFLICT', 'alreadyOwner', { field: 'cadreId', name: c.name, startDate: input.startDate });
      for (const a of existing.filter((a) => a.role === 'owner' && a !== corrected && held(a))) {
        const overlapsLater = a.start_date >= input.startDate;
        const closedAfter = a.end_date !== null && a.end_date > input.startDate;
        if (overlapsLater || closedAfter) {
          throw fail('RULE_VIOLATION', 'ownerOverlap', { field: 'startDate', conflict: a.id, name: a.cadre_name, startDate: a.start_date });
        }
      }
      // The correction is told by the period of no length and its successor (Assignment.correctedTo).
      if (corrected) writer.update(zoneAssignment, corrected.id, { endDate: corrected.start_date }, ctx);
      const open = existing.find((a) => a.role === 'owner' && a.end_date === null && a !== corrected);
      if (open) writer.update(zoneAssignment, open.id, { endDate: input.startDate }, ctx);
    } else {
      const dup = existing.find((a) => a.role === 'deputy' && a.cadre_id === input.cadreId && (a.end_date === null || a.end_date > input.startDate));
      if (dup) throw fail('CONFLICT', 'alreadyDeputy', { field: 'cadreId', name: c.name });
      const owner = existing.find((a) => a.role === 'owner' && a.cadre_id === input.cadreId && live(a) && held(a));
      if (owner) throw fail('RULE_VIOLATION', 'ownerAndDeputy', { field: 'cadreId', name: c.name, role: 'owner' });
    }
    const row = writer.create(zoneAssignment, { officeId: z.office_id, zoneId: z.id, cadreId: c.id, role: input.role, startDate: input.startDate, endDate: null, note: input.note }, ctx);
    const warnings: RuleOutcome[] = [];
    if (c.status === 'secondment' || c.status === 'leave') warnings.push({ rule: c.status === 'secondment' ? 'cadreOnSecondment' : 'cadreOnLeave', pass: false, params: { name: c.name } });
    if (retires && retires <= addMonths(input.startDate, 12)) warnings.push({ rule: 'retiresSoon', pass: false, params: { name: c.name, retirementDate: retires } });
    if (input.role === 'owner') {
      const t = threshold(day);
      const load = ownedBusinesses(c.id, input.startDate > day ? input.startDate : day);
      if (load > t.value) warnings.push({ rule: 'overThreshold', pass: false, params: { name: c.name, businesses: load, threshold: t.value, version: t.version } });
    }
    const rows = assignmentsOf.all(z.id);
    return { assignment: toAssignment(rows.find((a) => a.id === row.id)!, rows), warnings };
  }

  function assign(v: Viewer, input: Parameters<typeof assignInTx>[1], ctx: WriteCtx, day: string) {
    return sqlite.transaction(() => assignInTx(v, input, ctx, day))();
  }

  function endAssignment(v: Viewer, id: string, endDate: string, ctx: WriteCtx): Assignment {
    return sqlite.transaction(() => {
      const a = sqlite.prepare('SELECT * FROM zone_assignment WHERE id = ? AND deleted_at IS NULL').get(id) as AssignmentRow | undefined;
      if (!a) throw fail('NOT_FOUND', 'assignmentNotFound');
      activeZone(v, a.zone_id);
      if (endDate <= a.start_date) throw fail('RULE_VIOLATION', 'assignmentEndBeforeStart', { field: 'endDate', startDate: a.start_date });
      if (a.end_date !== null && a.end_date < endDate) throw fail('RULE_VIOLATION', 'assignmentEnded', { field: 'endDate', endDate: a.end_date });
      writer.update(zoneAssignment, id, { endDate }, ctx);
      const rows = assignmentsOf.all(a.zone_id);
      return toAssignment(rows.find((x) => x.id === id)!, rows);
    })();
  }

  function history(v: Viewer, zoneId: string): Assignment[] {
    const z = get(zoneId, '9999-12-31');
    scopeOffice(v, z.officeId);
    const rows = assignmentsOf.all(zoneId);
    return rows.map((a) => toAssignment(a, rows)).reverse();
  }

  function load(v: Viewer, officeId: string | undefined, day: string) {
    const office = scopeOffice(v, officeId);
    const t = threshold(day);
    const cadres = sqlite
      .prepare(`SELECT id, name, status, office_id FROM cadre WHERE deleted_at IS NULL ${office ? 'AND office_id = @office' : ''} AND status NOT IN ('retired', 'transferred') ORDER BY name`)
      .all(office ? { office } : {}) as { id: string; name: string; status: string; office_id: string }[];
    const zones = list(v, { officeId: office, includeRetired: false }, day);
    const byOwner = new Map<string, Zone[]>();
    for (const z of zones) if (z.owner) byOwner.set(z.owner.cadreId, [...(byOwner.get(z.owner.cadreId) ?? []), z]);
    const rows: CadreLoad[] = cadres.map((c) => {
      const zs = byOwner.get(c.id) ?? [];
      const businesses = zs.reduce((n, z) => n + z.businessCount, 0);
      const warnings: CadreLoad['warnings'] = [];
      if (businesses > t.value) warnings.push('over_threshold');
      if (zs.length > 0 && (c.status === 'secondment' || c.status === 'leave')) warnings.push('unavailable');
      return {
        cadreId: c.id,
        name: c.name,
        status: c.status,
        zones: zs.length,
        zoneNames: zs.map((z) => z.name),
        businesses,
        unlicensed: zs.reduce((n, z) => n + z.unlicensedCount, 0),
        food: zs.reduce((n, z) => n + z.foodCount, 0),
        warnings,
      };
    });
    rows.sort((a, b) => b.businesses - a.businesses || b.zones - a.zones);
    return { threshold: t.value, settingVersion: t.version, rows, unownedZones: zones.filter((z) => !z.owner).map((z) => ({ id: z.id, code: z.code, name: z.name })) };
  }

  /** Move every zone a leaving cadre owns to others, atomically. Without commit it is a preview. */
  function reassignAll(v: Viewer, input: { fromCadreId: string; date: string; targets: { zoneId: string; cadreId: string }[]; commit: boolean }, ctx: WriteCtx, day: string) {
    const tx = sqlite.transaction(() => {
      const from = cadreOf(input.fromCadreId);
      const owned = list(v, { officeId: from.office_id, includeRetired: false }, input.date).filter((z) => z.owner?.cadreId === from.id);
      const ownedIds = new Set(owned.map((z) => z.id));
      const targetIds = new Set(input.targets.map((t) => t.zoneId));
      if (owned.length === 0) throw fail('RULE_VIOLATION', 'ownsNoZones', { name: from.name });
      const missing = owned.filter((z) => !targetIds.has(z.id));
      if (missing.length) throw fail('BAD_INPUT', 'reassignMissing', { missing: missing.map((z) => z.id), names: missing.map((z) => z.name) });
      const extra = input.targets.filter((t) => !ownedIds.has(t.zoneId));
      if (extra.length || targetIds.size !== input.targets.length) throw fail('BAD_INPUT', 'reassignForeign');
      const moves = input.targets.map((t) => {
        if (t.cadreId === from.id) throw fail('BAD_INPUT', 'reassignSelf', { name: from.name });
        const z = owned.find((o) => o.id === t.zoneId)!;
        const to = cadreOf(t.cadreId);
        return { zoneId: z.id, zoneName: z.name, fromName: from.name, toName: to.name, cadreId: to.id };
      });
      // The preview runs the same writes and checks as the commit, then rolls them back.
      for (const m of moves) assignInTx(v, { zoneId: m.zoneId, cadreId: m.cadreId, role: 'owner', startDate: input.date, note: '#reassigned' }, ctx, day);
      return { moves: moves.map(({ cadreId: _c, ...m }) => m), committed: input.commit };
    });
    return previewOrCommit(input.commit, tx);
  }

  /** Run a reshaping: committed, or as a preview that makes every write and check of the commit and rolls them back. */
  function previewOrCommit<R>(commit: boolean, tx: () => R): R {
    if (commit) return tx();
    let result: R | undefined;
    try {
      sqlite.transaction(() => {
        result = tx();
        throw ROLLBACK;
      })();
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
    return result as R;
  }

  function copyAssignments(fromZone: Zone, toZoneId: string, officeId: string, date: string, ctx: WriteCtx) {
    if (fromZone.owner) writer.create(zoneAssignment, { officeId, zoneId: toZoneId, cadreId: fromZone.owner.cadreId, role: 'owner', startDate: date, endDate: null, note: null }, ctx);
    for (const d of fromZone.deputies) writer.create(zoneAssignment, { officeId, zoneId: toZoneId, cadreId: d.cadreId, role: 'deputy', startDate: date, endDate: null, note: null }, ctx);
  }

  function copyGrids(gridIds: string[], toZoneId: string, officeId: string, ctx: WriteCtx) {
    for (const g of new Set(gridIds)) writer.create(zoneGrid, { officeId, zoneId: toZoneId, gridId: g }, ctx);
  }

  function businessesIn(zoneId: string): string[] {
    return (sqlite.prepare('SELECT id FROM business WHERE zone_id = ? AND deleted_at IS NULL').all(zoneId) as { id: string }[]).map((r) => r.id);
  }
  function unlicensedIn(zoneId: string): string[] {
    return (sqlite.prepare('SELECT id FROM unlicensed WHERE zone_id = ? AND deleted_at IS NULL').all(zoneId) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Everything else that points at a reshaped zone follows it: rows of any synced table with a
   * zone_id (the zone's own assignments and grid links excepted: they are closed and copied),
   * supervision assignments on the zone, and supervisors' scopes.
   */
  function moveZoneRefs(fromId: string, toIds: string[], ctx: WriteCtx) {
    const to = toIds[0]!;
    for (const table of ZONE_REF_TABLES) {
      const ids = (sqlite.prepare(`SELECT id FROM "${table}" WHERE zone_id = ? AND deleted_at IS NULL`).all(fromId) as { id: string }[]).map((r) => r.id);
      for (const id of ids) writer.setCells(syncedTables[table], id, { zone_id: to }, ctx);
    }
    for (const a of sqlite.prepare("SELECT id FROM supervision_assignment WHERE target_kind = 'zone' AND target_id = ? AND deleted_at IS NULL").all(fromId) as { id: string }[]) {
      writer.update(supervisionAssignment, a.id, { targetId: to }, ctx);
    }
    for (const s of sqlite.prepare('SELECT id, scope FROM supervisor WHERE deleted_at IS NULL AND scope LIKE ?').all(`%${fromId}%`) as { id: string; scope: string }[]) {
      const scope = JSON.parse(s.scope) as { stations: string[]; zones: string[]; themes: string[] };
      if (!scope.zones.includes(fromId)) continue;
      scope.zones = [...new Set(scope.zones.flatMap((z) => (z === fromId ? toIds : [z])))];
      writer.update(supervisor, s.id, { scope: JSON.stringify(scope) }, ctx);
    }
  }

  function retireZone(zoneId: string, date: string, ctx: WriteCtx) {
    closeAll(zoneId, date, ctx);
    writer.update(zone, zoneId, { status: 'retired', retiredOn: date }, ctx);
  }

  type NewZone = { code: string; name: string; boundary: string | null };

  /** Split one zone into two; businesses listed for B move there, the rest to A. */
  function split(v: Viewer, input: { id: string; date: string; a: NewZone; b: NewZone; businessIdsToB: string[]; unlicensedIdsToB: string[]; commit: boolean }, ctx: WriteCtx) {
    const tx = sqlite.transaction(() => {
      const src = activeZone(v, input.id);
      const z = rowToZone(src, input.date);
      if (input.a.code === input.b.code) throw fail('BAD_INPUT', 'splitSameCode', { field: 'b.code', code: input.b.code });
      assertCodeFree(src.office_id, input.a.code, [src.id]);
      assertCodeFree(src.office_id, input.b.code, [src.id]);
      const all = new Set(businessesIn(src.id));
      const toB = [...new Set(input.businessIdsToB)];
      const foreign = toB.filter((id) => !all.has(id));
      if (foreign.length) throw fail('BAD_INPUT', 'splitForeignBusinesses', { count: foreign.length, foreign: foreign.slice(0, 20) });
      const toA = [...all].filter((id) => !toB.includes(id));
      const census = new Set(unlicensedIn(src.id));
      const censusToB = [...new Set(input.unlicensedIdsToB)];
      if (censusToB.some((id) => !census.has(id))) throw fail('BAD_INPUT', 'splitForeignUnlicensed', { field: 'unlicensedIdsToB' });
      const censusToA = [...census].filter((id) => !censusToB.includes(id));
      const plan = {
        retire: [{ id: z.id, code: z.code, name: z.name }],
        create: [
          { code: input.a.code, name: input.a.name, businesses: toA.length, unlicensed: censusToA.length, ownerName: z.owner?.name ?? null },
          { code: input.b.code, name: input.b.name, businesses: toB.length, unlicensed: censusToB.length, ownerName: z.owner?.name ?? null },
        ],
        movedBusinesses: all.size,
        movedUnlicensed: census.size,
        committed: input.commit,
      };
      retireZone(z.id, input.date, ctx);
      const origin = JSON.stringify([z.id]);
      const made: string[] = [];
      for (const [part, ids, entries] of [[input.a, toA, censusToA], [input.b, toB, censusToB]] as const) {
        const nz = writer.create(zone, { officeId: src.office_id, code: part.code, name: part.name, boundary: part.boundary, riskLevel: z.riskLevel, notes: z.notes, status: 'active', origin }, ctx);
        made.push(nz.id);
        copyGrids(z.gridIds, nz.id, src.office_id, ctx);
        copyAssignments(z, nz.id, src.office_id, input.date, ctx);
        for (const b of ids) writer.update(business, b, { zoneId: nz.id }, ctx);
        for (const u of entries) writer.update(unlicensed, u, { zoneId: nz.id }, ctx);
      }
      moveZoneRefs(z.id, made, ctx);
      return plan;
    });
    return previewOrCommit(input.commit, tx);
  }

  function merge(v: Viewer, input: { ids: string[]; date: string; into: NewZone; commit: boolean }, ctx: WriteCtx) {
    const tx = sqlite.transaction(() => {
      const ids = [...new Set(input.ids)];
      if (ids.length < 2) throw fail('BAD_INPUT', 'mergeTooFew');
      const srcs = ids.map((id) => rowToZone(activeZone(v, id), input.date));
      const office = srcs[0]!.officeId;
      if (srcs.some((s) => s.officeId !== office)) throw fail('RULE_VIOLATION', 'mergeOtherStation');
      assertCodeFree(office, input.into.code, ids);
      const moving = srcs.flatMap((s) => businessesIn(s.id));
      const census = srcs.flatMap((s) => unlicensedIn(s.id));
      const owner = srcs.find((s) => s.owner)?.owner ?? null;
      const plan = {
        retire: srcs.map((s) => ({ id: s.id, code: s.code, name: s.name })),
        create: [{ code: input.into.code, name: input.into.name, businesses: moving.length, unlicensed: census.length, ownerName: owner?.name ?? null }],
        movedBusinesses: moving.length,
        movedUnlicensed: census.length,
        committed: input.commit,
      };
      for (const s of srcs) retireZone(s.id, input.date, ctx);
      const risk = srcs.some((s) => s.riskLevel === 'high') ? 'high' : srcs.some((s) => s.riskLevel === 'medium') ? 'medium' : 'low';
      const nz = writer.create(zone, { officeId: office, code: input.into.code, name: input.into.name, boundary: input.into.boundary, riskLevel: risk, notes: null, status: 'active', origin: JSON.stringify(ids) }, ctx);
      copyGrids(srcs.flatMap((s) => s.gridIds), nz.id, office, ctx);
      if (owner) writer.create(zoneAssignment, { officeId: office, zoneId: nz.id, cadreId: owner.cadreId, role: 'owner', startDate: input.date, endDate: null, note: '#merged' }, ctx);
      for (const b of moving) writer.update(business, b, { zoneId: nz.id }, ctx);
      for (const u of census) writer.update(unlicensed, u, { zoneId: nz.id }, ctx);
      for (const s of srcs) moveZoneRefs(s.id, [nz.id], ctx);
      return plan;
    });
    return previewOrCommit(input.commit, tx);
  }

  function overview(v: Viewer, officeId: string | undefined, day: string) {
    const office = scopeOffice(v, officeId);
    const stations = sqlite
      .prepare(`SELECT id, name FROM office WHERE kind = 'station' AND deleted_at IS NULL ${office ? 'AND id = @office' : ''} ORDER BY code, name`)
      .all(office ? { office } : {}) as { id: string; name: string }[];
    const zones = list(v, { officeId: office, includeRetired: false }, day);
    const unassigned = new Map(
      // Businesses without a zone are the read model's '' zone: a station's count reads no business row.
      (sqlite.prepare(`SELECT office_id, sum(n) n FROM zone_business_count WHERE zone_id = '' ${office ? 'AND office_id = @office' : ''} GROUP BY office_id`).all(office ? { office } : {}) as { office_id: string; n: number }[]).map((r) => [r.office_id, r.n]),
    );
    return {
      stations: stations.map((s) => {
        const zs = zones.filter((z) => z.officeId === s.id);
        return {
          officeId: s.id,
          officeName: s.name,
          zones: zs.length,
          unownedZones: zs.filter((z) => !z.owner).length,
          businesses: zs.reduce((n, z) => n + z.businessCount, 0),
          unassigned: unassigned.get(s.id) ?? 0,
          unlicensed: zs.reduce((n, z) => n + z.unlicensedCount, 0),
        };
      }),
    };
  }

  return { list, get, create, update, retire, assign, endAssignment, history, load, reassignAll, split, merge, overview, activeZone };
}

export type ZonesService = ReturnType<typeof createZonesService>;
