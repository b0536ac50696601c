import { officesContract } from '../../../../shared/contract/offices';
import * as tables from '../../schema/offices';
import { cadreExport } from '../../exports/list-exports';
import { defineModule, PROBE_ID } from '../../module';
import { createOfficesRepo } from './offices.repo';
import { createOfficesService, type OfficesService } from './offices.service';
import { importer, importSource } from '../../imports/handler-helpers';

declare module '../../module' {
  interface Ports {
    offices: OfficesService;
  }
}

/** The bureau, its stations and the cadre register. */
export default defineModule({
  name: 'offices',
  contract: officesContract,
  tables,
  services: (p, ports) => ({
    offices: createOfficesService({
      repo: createOfficesRepo(p.db),
      writer: p.writer,
      // Settings come after offices in the module list (they are the bureau's): read at call time.
      stageSettings: (day) => ({
        adaptYears: ports.settings.at('stage.adaptYears', day).value,
        growthYears: ports.settings.at('stage.growthYears', day).value,
        retreatYears: ports.settings.at('stage.retreatYears', day).value,
      }),
    }),
  }),
  handlers: (s, p) => ({
    'offices.list': (i) => s.offices.list(i.includeInactive),
    'offices.create': (i, c) => s.offices.createStation(i, c.write),
    'offices.update': ({ id, ...rest }, c) => s.offices.update(id, rest, c.write),
    'offices.setActive': (i, c) => s.offices.setActive(i.id, i.active, c.write),
    'cadres.list': (i, c) => s.offices.listCadres(c.viewer, i, c.today),
    'cadres.create': (i, c) => s.offices.createCadre(c.viewer, i, c.write, c.today),
    'cadres.update': ({ id, ...rest }, c) => s.offices.updateCadre(c.viewer, id, rest, c.write, c.today),
    'cadres.export': async (i, c) => {
      const rows = s.offices.listCadres(c.viewer, i, c.today);
      return { fileBase64: await cadreExport(rows), rows: rows.length };
    },
    'cadres.importPreview': (i, c) => p.imports.preview('cadres', { ...importSource(i), target: {} }, importer(c), c.today),
    'cadres.remove': (i, c) => {
      s.offices.removeCadre(c.viewer, i.id, c.write);
      return null;
    },
  }),
  probes: {
    'offices.create': { name: 'probe', code: '33030' },
    'offices.update': { id: PROBE_ID, name: 'probe', code: '33030' },
    'offices.setActive': { id: PROBE_ID, active: true },
    'cadres.create': { officeId: PROBE_ID, name: 'probe', gender: 'M', birthDate: '1990-01-01' },
    'cadres.update': { id: PROBE_ID, officeId: PROBE_ID, name: 'probe', gender: 'M', birthDate: '1990-01-01' },
    'cadres.remove': { id: PROBE_ID },
    'cadres.importPreview': { fileName: 'x.xlsx', fileBase64: 'AAAA' },
  },
});
