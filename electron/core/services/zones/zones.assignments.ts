// Owners and deputies of a zone over time: assignment, its end, the history, and the bulk handover.
import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import type { Assignment } from '../../../../shared/contract/zones';
import { addMonths, retirement } from '../../../../shared/domain/career';
import { cstDay } from '../../../../shared/domain/time';
import type { Sqlite } from '../../db/open';
import { zoneAssignment } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import { scopeOffice, type Viewer } from './scope';
import { toAssignment, type AssignmentRow, type ZoneBase } from './zones.base';

export function createZoneAssignments(deps: { sqlite: Sqlite; writer: SyncedWriter }, base: ZoneBase) {
  const { sqlite, writer } = deps;
  const { assignmentsOf, list, get, activeZone, cadreOf, threshold, previewOrCommit } = base;

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
      const corrected = existing.find(
        (a) => a.role === 'owner' && a.end_date === null && a.start_date === input.startDate && cstDay(Date.parse(a.created_at)) === day,
      );
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
    const row = writer.create(
      zoneAssignment,
      { officeId: z.office_id, zoneId: z.id, cadreId: c.id, role: input.role, startDate: input.startDate, endDate: null, note: input.note },
      ctx,
    );
    const warnings: RuleOutcome[] = [];
    if (c.status === 'secondment' || c.status === 'leave')
      warnings.push({ rule: c.status === 'secondment' ? 'cadreOnSecondment' : 'cadreOnLeave', pass: false, params: { name: c.name } });
    if (retires && retires <= addMonths(input.startDate, 12))
      warnings.push({ rule: 'retiresSoon', pass: false, params: { name: c.name, retirementDate: retires } });
    if (input.role === 'owner') {
      const t = threshold(day);
      const load = ownedBusinesses(c.id, input.startDate > day ? input.startDate : day);
      if (load > t.value)
        warnings.push({ rule: 'overThreshold', pass: false, params: { name: c.name, businesses: load, threshold: t.value, version: t.version } });
    }
    const rows = assignmentsOf.all(z.id);
    return {
      assignment: toAssignment(
        rows.find((a) => a.id === row.id)!,
        rows,
      ),
      warnings,
    };
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
      return toAssignment(
        rows.find((x) => x.id === id)!,
        rows,
      );
    })();
  }

  function history(v: Viewer, zoneId: string): Assignment[] {
    const z = get(zoneId, '9999-12-31');
    scopeOffice(v, z.officeId);
    const rows = assignmentsOf.all(zoneId);
    return rows.map((a) => toAssignment(a, rows)).reverse();
  }

  /** Move every zone a leaving cadre owns to others, atomically. Without commit it is a preview. */
  function reassignAll(
    v: Viewer,
    input: { fromCadreId: string; date: string; targets: { zoneId: string; cadreId: string }[]; commit: boolean },
    ctx: WriteCtx,
    day: string,
  ) {
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

  return { assign, endAssignment, history, reassignAll };
}
