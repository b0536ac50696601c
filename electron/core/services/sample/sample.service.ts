import { generateCounty } from '../../../../resources/sample/county';
import { cadre } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';

/** Loads the sample county through the same write path as every user edit. */
export function createSampleService(deps: { offices: OfficesService; writer: SyncedWriter }) {
  function load(bureauId: string, ctx: WriteCtx) {
    const county = generateCounty();
    const stationIds = new Map<string, string>();
    for (const s of county.stations) {
      const o = deps.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx);
      stationIds.set(s.key, o.id);
    }
    for (const c of county.cadres) {
      deps.writer.create(
        cadre,
        {
          officeId: c.stationKey ? stationIds.get(c.stationKey)! : bureauId,
          name: c.name,
          gender: c.gender,
          birthDate: c.birthDate,
          post: c.post,
          status: 'active',
          phone: c.phone,
        },
        ctx,
      );
    }
  }
  return { load };
}

export type SampleService = ReturnType<typeof createSampleService>;
