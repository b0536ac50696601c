// 责任区 (zones): the service the handlers call, composed of its parts by sub-domain: the zones
// themselves here; reads and checks (zones.base.ts), assignments (zones.assignments.ts), split and
// merge (zones.reshape.ts), load and overview (zones.load.ts).
import { fail } from '../../../../shared/contract/errors';
import type { Zone } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { zone } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { SettingsService } from '../settings/settings.service';
import { assertOfficeWrite, type Viewer } from './scope';
import { createZoneAssignments } from './zones.assignments';
import { createZoneBase } from './zones.base';
import { createZoneLoad } from './zones.load';
import { createZoneReshape } from './zones.reshape';

export function createZonesService(deps: { sqlite: Sqlite; writer: SyncedWriter; settings: SettingsService }) {
  const { sqlite, writer } = deps;
  const base = createZoneBase(deps);
  const { list, get, activeZone, assertCodeFree, closeAll } = base;

  function assertStation(officeId: string) {
    const o = sqlite.prepare('SELECT kind, active FROM office WHERE id = ? AND deleted_at IS NULL').get(officeId) as
      { kind: string; active: number } | undefined;
    if (!o || !o.active) throw fail('BAD_INPUT', 'officeInactive', { field: 'officeId' });
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

  const { assign, endAssignment, history, reassignAll } = createZoneAssignments(deps, base);
  const { split, merge } = createZoneReshape(deps, base);
  const { load, overview } = createZoneLoad(deps, base);

  return { list, get, create, update, retire, assign, endAssignment, history, load, reassignAll, split, merge, overview, activeZone };
}

export type ZonesService = ReturnType<typeof createZonesService>;
