// Splitting a zone in two and merging zones into one: the old zones retire, new ones take their
// businesses, census entries, grids, owners and everything else that points at them.
import { fail } from '../../../../shared/contract/errors';
import type { Zone } from '../../../../shared/contract/zones';
import { syncManifest } from '../../../../shared/sync/manifest';
import type { Sqlite } from '../../db/open';
import { business, supervisionAssignment, supervisor, syncedTables, unlicensed, zone, zoneAssignment, zoneGrid } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { Viewer } from './scope';
import type { ZoneBase } from './zones.base';

/** Synced tables whose rows point at a zone and follow it through a split or merge (besides the ones handled by name). */
const ZONE_REF_TABLES = (Object.keys(syncedTables) as (keyof typeof syncedTables)[]).filter(
  (name) => (syncManifest[name].columns as readonly string[]).includes('zone_id') && !['zone_assignment', 'zone_grid', 'business', 'unlicensed'].includes(name),
);

export function createZoneReshape(deps: { sqlite: Sqlite; writer: SyncedWriter }, base: ZoneBase) {
  const { sqlite, writer } = deps;
  const { rowToZone, activeZone, assertCodeFree, closeAll, previewOrCommit } = base;

  function copyAssignments(fromZone: Zone, toZoneId: string, officeId: string, date: string, ctx: WriteCtx) {
    if (fromZone.owner)
      writer.create(
        zoneAssignment,
        { officeId, zoneId: toZoneId, cadreId: fromZone.owner.cadreId, role: 'owner', startDate: date, endDate: null, note: null },
        ctx,
      );
    for (const d of fromZone.deputies)
      writer.create(zoneAssignment, { officeId, zoneId: toZoneId, cadreId: d.cadreId, role: 'deputy', startDate: date, endDate: null, note: null }, ctx);
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
    for (const a of sqlite.prepare("SELECT id FROM supervision_assignment WHERE target_kind = 'zone' AND target_id = ? AND deleted_at IS NULL").all(fromId) as {
      id: string;
    }[]) {
      writer.update(supervisionAssignment, a.id, { targetId: to }, ctx);
    }
    for (const s of sqlite.prepare('SELECT id, scope FROM supervisor WHERE deleted_at IS NULL AND scope LIKE ?').all(`%${fromId}%`) as {
      id: string;
      scope: string;
    }[]) {
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
  function split(
    v: Viewer,
    input: { id: string; date: string; a: NewZone; b: NewZone; businessIdsToB: string[]; unlicensedIdsToB: string[]; commit: boolean },
    ctx: WriteCtx,
  ) {
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
      for (const [part, ids, entries] of [
        [input.a, toA, censusToA],
        [input.b, toB, censusToB],
      ] as const) {
        const nz = writer.create(
          zone,
          {
            officeId: src.office_id,
            code: part.code,
            name: part.name,
            boundary: part.boundary,
            riskLevel: z.riskLevel,
            notes: z.notes,
            status: 'active',
            origin,
          },
          ctx,
        );
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
      const nz = writer.create(
        zone,
        {
          officeId: office,
          code: input.into.code,
          name: input.into.name,
          boundary: input.into.boundary,
          riskLevel: risk,
          notes: null,
          status: 'active',
          origin: JSON.stringify(ids),
        },
        ctx,
      );
      copyGrids(
        srcs.flatMap((s) => s.gridIds),
        nz.id,
        office,
        ctx,
      );
      if (owner)
        writer.create(
          zoneAssignment,
          { officeId: office, zoneId: nz.id, cadreId: owner.cadreId, role: 'owner', startDate: input.date, endDate: null, note: '#merged' },
          ctx,
        );
      for (const b of moving) writer.update(business, b, { zoneId: nz.id }, ctx);
      for (const u of census) writer.update(unlicensed, u, { zoneId: nz.id }, ctx);
      for (const s of srcs) moveZoneRefs(s.id, [nz.id], ctx);
      return plan;
    });
    return previewOrCommit(input.commit, tx);
  }

  return { split, merge };
}
