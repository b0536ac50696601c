import { defineModule } from '../../module';
import { createSampleService, type SampleService } from './sample.service';

declare module '../../module' {
  interface Ports {
    sample: SampleService;
  }
}

/** The sample county the first-run wizard may load; no methods of its own. */
export default defineModule({
  name: 'sample',
  contract: {},
  services: (p, ports) => ({ sample: createSampleService({ sqlite: p.sqlite, offices: ports.offices, writer: p.writer, zones: ports.zones }) }),
  handlers: () => ({}),
});
