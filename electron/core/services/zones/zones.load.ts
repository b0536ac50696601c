// What the zones add up to: each cadre's load against the threshold, and each station's overview.
import type { CadreLoad, Zone } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { scopeOffice, type Viewer } from './scope';
import type { ZoneBase } from './zones.base';

export function createZoneLoad(deps: { sqlite: Sqlite }, base: ZoneBase) {
  const { sqlite } = deps;
  const { list, threshold } = base;

  function load(v: Viewer, officeId: string | undefined, day: string) {
    const office = scopeOffice(v, officeId);
    const t = threshold(day);
    const cadres = sqlite
      .prepare(
        `SELECT id, name, status, office_id FROM cadre WHERE deleted_at IS NULL ${office ? 'AND office_id = @office' : ''} AND status NOT IN ('retired', 'transferred') ORDER BY name`,
      )
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
    return {
      threshold: t.value,
      settingVersion: t.version,
      rows,
      unownedZones: zones.filter((z) => !z.owner).map((z) => ({ id: z.id, code: z.code, name: z.name })),
    };
  }

  function overview(v: Viewer, officeId: string | undefined, day: string) {
    const office = scopeOffice(v, officeId);
    const stations = sqlite
      .prepare(`SELECT id, name FROM office WHERE kind = 'station' AND deleted_at IS NULL ${office ? 'AND id = @office' : ''} ORDER BY code, name`)
      .all(office ? { office } : {}) as { id: string; name: string }[];
    const zones = list(v, { officeId: office, includeRetired: false }, day);
    const unassigned = new Map(
      // Businesses without a zone are the read model's '' zone: a station's count reads no business row.
      (
        sqlite
          .prepare(`SELECT office_id, sum(n) n FROM zone_business_count WHERE zone_id = '' ${office ? 'AND office_id = @office' : ''} GROUP BY office_id`)
          .all(office ? { office } : {}) as { office_id: string; n: number }[]
      ).map((r) => [r.office_id, r.n]),
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

  return { load, overview };
}
