// What every part of the zones service reads: a zone with its owner and counts, its assignments,
// the checks a write starts with, and the preview that rolls a reshaping back.
import { fail } from '../../../../shared/contract/errors';
import type { Assignment, Zone } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { zoneAssignment } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { SettingsService } from '../settings/settings.service';
import { assertOfficeWrite, scopeOffice, type Viewer } from './scope';

export interface ZoneRow {
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

export interface AssignmentRow {
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

/** Notes the core writes itself, stored as keys the renderer words (`zones.noteKeys.<key>`); a person's note is kept as typed. */
const NOTE_KEYS = { '#reassigned': 'reassigned', '#merged': 'merged' } as const satisfies Record<string, NonNullable<Assignment['noteKey']>>;
const noteKey = (note: string | null) => (note && note in NOTE_KEYS ? NOTE_KEYS[note as keyof typeof NOTE_KEYS] : null);

/** `zoneRows` is the zone's assignments in order (assignmentsOf): a corrected owner's successor is the next of the same role and start. */
export const toAssignment = (a: AssignmentRow, zoneRows: AssignmentRow[]): Assignment => ({
  id: a.id,
  zoneId: a.zone_id,
  cadreId: a.cadre_id,
  cadreName: a.cadre_name,
  role: a.role,
  startDate: a.start_date,
  corrected: a.end_date === a.start_date,
  correctedTo:
    a.end_date === a.start_date
      ? (zoneRows.slice(zoneRows.findIndex((b) => b.id === a.id) + 1).find((b) => b.role === a.role && b.start_date === a.start_date)?.cadre_name ?? null)
      : null,
  endDate: a.end_date,
  note: noteKey(a.note) ? null : a.note,
  noteKey: noteKey(a.note),
});

/** An assignment is in force on `day` when start ≤ day < end (the end day belongs to the successor). */
const inForce = (a: { start_date: string; end_date: string | null }, day: string) => a.start_date <= day && (a.end_date === null || a.end_date > day);

export function latestCensusSql(officeExpr: string) {
  return `(SELECT c.id FROM census c WHERE c.office_id = ${officeExpr} AND c.deleted_at IS NULL ORDER BY c.census_date DESC, c.id DESC LIMIT 1)`;
}

const ROLLBACK = new Error('preview: roll back');

export function createZoneBase(deps: { sqlite: Sqlite; writer: SyncedWriter; settings: SettingsService }) {
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
      .prepare(
        `${zoneSelect} ${office ? 'AND z.office_id = @office' : ''} ${f.includeRetired ? '' : "AND z.status = 'active'"} ORDER BY o.code, o.name, z.code`,
      )
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

  function assertCodeFree(officeId: string, code: string, except: string[] = []) {
    const other = sqlite
      .prepare("SELECT id, name FROM zone WHERE office_id = ? AND code = ? COLLATE NOCASE AND status = 'active' AND deleted_at IS NULL")
      .all(officeId, code) as { id: string; name: string }[];
    const clash = other.find((o) => !except.includes(o.id));
    if (clash) throw fail('CONFLICT', 'zoneCodeTaken', { field: 'code', code, name: clash.name });
  }

  function closeAll(zoneId: string, date: string, ctx: WriteCtx) {
    for (const a of assignmentsOf.all(zoneId)) {
      if (a.end_date === null || a.end_date > date) {
        if (a.start_date >= date) writer.remove(zoneAssignment, a.id, ctx);
        else writer.update(zoneAssignment, a.id, { endDate: date }, ctx);
      }
    }
  }

  function cadreOf(cadreId: string) {
    const c = sqlite.prepare('SELECT id, name, office_id, status, phone, birth_date, gender FROM cadre WHERE id = ? AND deleted_at IS NULL').get(cadreId) as
      { id: string; name: string; office_id: string; status: string; phone: string | null; birth_date: string; gender: 'M' | 'F' } | undefined;
    if (!c) throw fail('NOT_FOUND', 'cadreNotFound', { field: 'cadreId' });
    return c;
  }

  function threshold(day: string) {
    return deps.settings.at('zones.ownerBusinessThreshold', day);
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

  return { assignmentsOf, rowToZone, list, get, activeZone, assertCodeFree, closeAll, cadreOf, threshold, previewOrCommit };
}

export type ZoneBase = ReturnType<typeof createZoneBase>;
