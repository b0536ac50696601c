import { zonesContract } from '../../../../shared/contract/zones';
import * as tables from '../../schema/zones';
import { censusExport } from '../../exports/list-exports';
import { importer, importSource } from '../../imports/handler-helpers';
import { defineModule, PROBE_ID } from '../../module';
import { createBusinessesService, type BusinessesService } from './businesses.service';
import { createCensusService, type CensusService } from './census.service';
import { createGridsService, type GridsService } from './grids.service';
import { createZonesService, type ZonesService } from './zones.service';
import { createZonesPort, type ZonesPort } from './zones.port';

declare module '../../module' {
  interface Ports {
    zones: ZonesService;
    grids: GridsService;
    businesses: BusinessesService;
    census: CensusService;
    /** What other domains read of zones (zones.port.ts). */
    zonesRead: ZonesPort;
  }
}

const id = PROBE_ID;

/** Responsibility zones with their owners, township grids (双轨并进), businesses and the unlicensed census. */
export default defineModule({
  name: 'zones',
  contract: zonesContract,
  tables,
  services: (p, ports) => ({
    zones: createZonesService({ sqlite: p.sqlite, writer: p.writer, settings: ports.settings }),
    grids: createGridsService({ sqlite: p.sqlite, writer: p.writer }),
    // Its Excel export runs on the import worker, which the platform creates after the services.
    businesses: createBusinessesService({ sqlite: p.sqlite, writer: p.writer, clock: p.clock, exportInWorker: () => p.imports?.exportBusinesses ?? null }),
    census: createCensusService({ sqlite: p.sqlite, writer: p.writer }),
    zonesRead: createZonesPort(p.db),
  }),
  handlers: (s, p) => ({
    'zones.list': (i, c) => s.zones.list(c.viewer, i, c.today),
    'zones.create': (i, c) => s.zones.create(c.viewer, i, c.write, c.today),
    'zones.update': ({ id, ...rest }, c) => s.zones.update(c.viewer, id, rest, c.write, c.today),
    'zones.retire': (i, c) => s.zones.retire(c.viewer, i.id, i.date, c.write, c.today),
    'zones.split': (i, c) => s.zones.split(c.viewer, i, c.write),
    'zones.merge': (i, c) => s.zones.merge(c.viewer, i, c.write),
    'zones.assign': (i, c) => s.zones.assign(c.viewer, i, c.write, c.today),
    'zones.endAssignment': (i, c) => s.zones.endAssignment(c.viewer, i.id, i.endDate, c.write),
    'zones.history': (i, c) => s.zones.history(c.viewer, i.zoneId),
    'zones.load': (i, c) => s.zones.load(c.viewer, i.officeId, c.today),
    'zones.reassignAll': (i, c) => s.zones.reassignAll(c.viewer, i, c.write, c.today),
    'zones.overview': (i, c) => s.zones.overview(c.viewer, i.officeId, c.today),
    'grids.list': (i, c) => s.grids.list(c.viewer, i.officeId),
    'grids.create': (i, c) => s.grids.create(c.viewer, i, c.write),
    'grids.update': ({ id, ...rest }, c) => s.grids.update(c.viewer, id, rest, c.write),
    'grids.setZones': (i, c) => s.grids.setZones(c.viewer, i.gridId, i.zoneIds, c.write),
    'grids.dualTrack': (i, c) => s.grids.dualTrack(c.viewer, i.officeId, c.today),
    'businesses.search': (i, c) => s.businesses.search(c.viewer, i),
    'businesses.create': (i, c) => s.businesses.create(c.viewer, i, c.write, c.today),
    'businesses.update': ({ id, ...rest }, c) => s.businesses.update(c.viewer, id, rest, c.write, c.today),
    'businesses.importPreview': (i, c) => p.imports.preview('businesses', { ...importSource(i), target: { officeId: i.officeId } }, importer(c), c.today),
    'businesses.template': async () => ({ fileBase64: await s.businesses.template() }),
    'businesses.export': (i, c) => s.businesses.exportXlsx(c.viewer, i),
    'census.list': (i, c) => s.census.list(c.viewer, i.officeId),
    'census.create': (i, c) => s.census.create(c.viewer, i, c.write),
    'census.export': async (i, c) => {
      const rows = s.census.entries(c.viewer, i.censusId);
      return { fileBase64: await censusExport(rows), rows: rows.length };
    },
    'census.importPreview': (i, c) => p.imports.preview('census', { ...importSource(i), target: { censusId: i.censusId } }, importer(c), c.today),
    'census.entries': (i, c) => s.census.entries(c.viewer, i.censusId),
    'census.addEntry': (i, c) => s.census.addEntry(c.viewer, i, c.write),
    'census.updateEntry': ({ id, ...rest }, c) => s.census.updateEntry(c.viewer, id, rest, c.write),
    'census.counts': (i, c) => s.census.counts(c.viewer, i.censusId),
  }),
  probes: {
    'zones.create': { officeId: id, code: 'Z1', name: 'probe' },
    'zones.update': { id, code: 'Z1', name: 'probe' },
    'zones.retire': { id, date: '2026-01-01' },
    'zones.split': { id, date: '2026-01-01', a: { code: 'A', name: 'a' }, b: { code: 'B', name: 'b' }, businessIdsToB: [], commit: false },
    'zones.merge': { ids: [id, id], date: '2026-01-01', into: { code: 'M', name: 'm' }, commit: false },
    'zones.assign': { zoneId: id, cadreId: id, role: 'owner', startDate: '2026-01-01' },
    'zones.endAssignment': { id, endDate: '2026-01-01' },
    'zones.history': { zoneId: id },
    'zones.reassignAll': { fromCadreId: id, date: '2026-01-01', targets: [{ zoneId: id, cadreId: id }], commit: false },
    'grids.create': { officeId: id, township: 't', code: 'G1', name: 'g' },
    'grids.update': { id, township: 't', code: 'G1', name: 'g' },
    'grids.setZones': { gridId: id, zoneIds: [] },
    'businesses.create': { officeId: id, name: 'probe' },
    'businesses.update': { id, officeId: id, name: 'probe' },
    'businesses.importPreview': { officeId: id, fileName: 'x.xlsx', fileBase64: 'AAAA' },
    'census.importPreview': { censusId: id, fileName: 'x.xlsx', fileBase64: 'AAAA' },
    'census.export': { censusId: id },
    'census.create': { officeId: id, name: 'c', censusDate: '2026-01-01' },
    'census.entries': { censusId: id },
    'census.addEntry': { censusId: id, name: 'x' },
    'census.updateEntry': { id, censusId: id, name: 'x' },
    'census.counts': { censusId: id },
  },
});
