import { generateCounty, generateTerritory } from '../../../../resources/sample/county';
import type { Sqlite } from '../../db/open';
import { business, cadre, census, grid, unlicensed, zone, zoneAssignment, zoneGrid } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { ZonesService } from '../zones/zones.service';
import { checkCreditCode } from '../../../../shared/domain/credit-code';

/** Loads the sample county through the same write path as every user edit. */
export function createSampleService(deps: { sqlite: Sqlite; offices: OfficesService; writer: SyncedWriter; zones: ZonesService }) {
  const { writer } = deps;
  function load(bureauId: string, ctx: WriteCtx) {
    const county = generateCounty();
    const stationIds = new Map<string, string>();
    for (const s of county.stations) {
      const o = deps.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx);
      stationIds.set(s.key, o.id);
    }
    const cadresOf = new Map<string, string[]>();
    for (const c of county.cadres) {
      const officeId = c.stationKey ? stationIds.get(c.stationKey)! : bureauId;
      const row = writer.create(cadre, { officeId, name: c.name, gender: c.gender, birthDate: c.birthDate, post: c.post, status: 'active', phone: c.phone }, ctx);
      if (c.stationKey) cadresOf.set(c.stationKey, [...(cadresOf.get(c.stationKey) ?? []), row.id]);
    }

    const t = generateTerritory(county);
    const zoneIds = new Map<string, string>();
    for (const z of t.zones) {
      const officeId = stationIds.get(z.stationKey)!;
      const row = writer.create(zone, { officeId, code: z.code, name: z.name, boundary: z.boundary, riskLevel: z.riskLevel, notes: null, status: 'active' }, ctx);
      zoneIds.set(z.code, row.id);
      const people = cadresOf.get(z.stationKey)!;
      if (z.ownerIndex !== null) {
        writer.create(zoneAssignment, { officeId, zoneId: row.id, cadreId: people[z.ownerIndex % people.length]!, role: 'owner', startDate: '2025-01-01', endDate: null, note: null }, ctx);
      }
    }
    const gridIds = new Map<string, string>();
    for (const g of t.grids) {
      const officeId = stationIds.get(g.stationKey)!;
      const row = writer.create(grid, { officeId, township: g.township, code: g.code, name: g.name, workerName: g.workerName, workerPhone: g.workerPhone, area: g.area }, ctx);
      gridIds.set(g.code, row.id);
      for (const zc of g.zoneCodes) writer.create(zoneGrid, { officeId, zoneId: zoneIds.get(zc)!, gridId: row.id }, ctx);
    }
    for (const b of t.businesses) {
      const v = checkCreditCode(b.creditCode);
      writer.create(
        business,
        {
          officeId: stationIds.get(b.stationKey)!,
          creditCode: b.creditCode,
          creditCheckFailed: v.ok && v.checkFailed,
          regNo: null,
          name: b.name,
          type: b.type,
          address: b.address,
          legalRep: b.legalRep,
          phone: b.phone,
          food: b.food,
          riskLevel: b.riskLevel,
          status: b.status,
          zoneId: zoneIds.get(b.zoneCode)!,
          gridId: gridIds.get(b.gridCode)!,
        },
        ctx,
      );
    }
    const censusIds = new Map<string, string>();
    for (const s of county.stations) {
      t.censuses.forEach((c, i) => {
        const row = writer.create(census, { officeId: stationIds.get(s.key)!, name: c.name, censusDate: c.date, notes: null }, ctx);
        censusIds.set(`${s.key}:${i}`, row.id);
      });
    }
    for (const u of t.unlicensed) {
      writer.create(
        unlicensed,
        {
          officeId: stationIds.get(u.stationKey)!,
          censusId: censusIds.get(`${u.stationKey}:${u.census}`)!,
          zoneId: zoneIds.get(u.zoneCode)!,
          gridId: gridIds.get(u.gridCode)!,
          name: u.name,
          address: u.address,
          operator: u.operator,
          category: u.category,
          status: u.status,
          exemptReason: u.exemptReason,
          note: null,
        },
        ctx,
      );
    }
  }
  return { load };
}

export type SampleService = ReturnType<typeof createSampleService>;
