import { fail } from '../../../../shared/contract/errors';
import type { DualTrackRow, Grid } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { grid, zoneGrid } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import { assertOfficeWrite, scopeOffice, type Viewer } from './scope';

interface GridRow {
  id: string;
  office_id: string;
  township: string;
  code: string;
  name: string;
  worker_name: string | null;
  worker_phone: string | null;
  area: string | null;
  zone_ids: string | null;
}

const toGrid = (r: GridRow): Grid => ({
  id: r.id,
  officeId: r.office_id,
  township: r.township,
  code: r.code,
  name: r.name,
  workerName: r.worker_name,
  workerPhone: r.worker_phone,
  area: r.area,
  zoneIds: r.zone_ids ? r.zone_ids.split(',') : [],
});

type GridInput = { township: string; code: string; name: string; workerName: string | null; workerPhone: string | null; area: string | null };

export function createGridsService(deps: { sqlite: Sqlite; writer: SyncedWriter }) {
  const { sqlite, writer } = deps;
  const select = `SELECT g.*, (SELECT group_concat(zg.zone_id) FROM zone_grid zg JOIN zone z ON z.id = zg.zone_id
      WHERE zg.grid_id = g.id AND zg.deleted_at IS NULL AND z.status = 'active') AS zone_ids
    FROM grid g WHERE g.deleted_at IS NULL`;

  function list(v: Viewer, officeId?: string): Grid[] {
    const office = scopeOffice(v, officeId);
    return (
      sqlite.prepare(`${select} ${office ? 'AND g.office_id = @office' : ''} ORDER BY g.township, g.code`).all(office ? { office } : {}) as GridRow[]
    ).map(toGrid);
  }

  function get(id: string): Grid {
    const r = sqlite.prepare(`${select} AND g.id = ?`).get(id) as GridRow | undefined;
    if (!r) throw fail('NOT_FOUND', 'gridNotFound');
    return toGrid(r);
  }

  function assertCodeFree(officeId: string, code: string, except?: string) {
    const clash = sqlite.prepare('SELECT id, name FROM grid WHERE office_id = ? AND code = ? AND deleted_at IS NULL').get(officeId, code) as
      { id: string; name: string } | undefined;
    if (clash && clash.id !== except) throw fail('CONFLICT', 'gridCodeTaken', { field: 'code', code, name: clash.name });
  }

  function create(v: Viewer, input: GridInput & { officeId: string }, ctx: WriteCtx): Grid {
    assertOfficeWrite(v, input.officeId);
    return sqlite.transaction(() => {
      assertCodeFree(input.officeId, input.code);
      return get(writer.create(grid, input, ctx).id);
    })();
  }

  function update(v: Viewer, id: string, input: GridInput, ctx: WriteCtx): Grid {
    return sqlite.transaction(() => {
      const g = get(id);
      assertOfficeWrite(v, g.officeId);
      assertCodeFree(g.officeId, input.code, id);
      writer.update(grid, id, input, ctx);
      return get(id);
    })();
  }

  /** Replace a grid's zones: the mapping is many-to-many. */
  function setZones(v: Viewer, gridId: string, zoneIds: string[], ctx: WriteCtx): Grid {
    return sqlite.transaction(() => {
      const g = get(gridId);
      assertOfficeWrite(v, g.officeId);
      const wanted = new Set(zoneIds);
      for (const zid of wanted) {
        const z = sqlite.prepare('SELECT office_id, status, name FROM zone WHERE id = ? AND deleted_at IS NULL').get(zid) as
          { office_id: string; status: string; name: string } | undefined;
        if (!z) throw fail('NOT_FOUND', 'zoneNotFound', { zoneId: zid });
        if (z.office_id !== g.officeId) throw fail('RULE_VIOLATION', 'gridZoneOtherStation', { zoneId: zid, name: z.name });
        if (z.status !== 'active') throw fail('RULE_VIOLATION', 'zoneRetired', { zoneId: zid, name: z.name });
      }
      const current = sqlite.prepare('SELECT id, zone_id FROM zone_grid WHERE grid_id = ? AND deleted_at IS NULL').all(gridId) as {
        id: string;
        zone_id: string;
      }[];
      for (const m of current) if (!wanted.has(m.zone_id)) writer.remove(zoneGrid, m.id, ctx);
      const have = new Set(current.map((m) => m.zone_id));
      for (const zid of wanted) if (!have.has(zid)) writer.create(zoneGrid, { officeId: g.officeId, zoneId: zid, gridId }, ctx);
      return get(gridId);
    })();
  }

  /** The joint patrol roster: each grid's worker beside the zone owners it maps to. */
  function dualTrack(v: Viewer, officeId: string | undefined, day: string): DualTrackRow[] {
    const grids = list(v, officeId);
    const zoneInfo = sqlite.prepare(
      `SELECT z.code, z.name, c.name AS owner_name, c.phone AS owner_phone FROM zone z
       LEFT JOIN zone_assignment a ON a.zone_id = z.id AND a.role = 'owner' AND a.deleted_at IS NULL AND a.start_date <= @day AND (a.end_date IS NULL OR a.end_date > @day)
       LEFT JOIN cadre c ON c.id = a.cadre_id
       WHERE z.id = @id`,
    );
    return grids.map((g) => ({
      gridId: g.id,
      township: g.township,
      gridCode: g.code,
      gridName: g.name,
      workerName: g.workerName,
      workerPhone: g.workerPhone,
      zones: g.zoneIds.map((id) => {
        const z = zoneInfo.get({ id, day }) as { code: string; name: string; owner_name: string | null; owner_phone: string | null };
        return { code: z.code, name: z.name, ownerName: z.owner_name, ownerPhone: z.owner_phone };
      }),
    }));
  }

  return { list, get, create, update, setZones, dualTrack };
}

export type GridsService = ReturnType<typeof createGridsService>;
