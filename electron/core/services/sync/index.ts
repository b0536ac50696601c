import { syncContract } from '../../../../shared/contract/sync';
import { defineModule } from '../../module';
import { createSyncService, type SyncService } from './sync.service';

declare module '../../module' {
  interface Ports {
    sync: SyncService;
  }
}

/** Sync through the county hub: enrolment, status, conflicts, refused edits, quarantine. The worker is the platform's. */
export default defineModule({
  name: 'sync',
  contract: syncContract,
  services: (p, ports) => ({
    sync: createSyncService({
      sqlite: p.sqlite,
      writer: p.writer,
      get worker() {
        return p.worker;
      },
      offices: ports.offices,
    }),
  }),
  handlers: (s, p) => ({
    'sync.status': (_i, c) => s.sync.status(c.viewer),
    'sync.enroll': (i) => p.worker.enroll(i),
    'sync.now': async (_i, c) => (await p.worker.syncNow(), s.sync.status(c.viewer)),
    'sync.importSnapshot': (i) => p.worker.importSnapshot(Buffer.from(i.fileBase64, 'base64')),
    'sync.conflicts': (_i, c) => s.sync.conflicts(c.viewer),
    'sync.resolve': (i, c) => {
      s.sync.resolve(c.viewer, i, c.write, c.today);
      return null;
    },
    'sync.rejected': (_i, c) => s.sync.rejected(c.viewer),
    'sync.retryRejected': (i, c) => {
      s.sync.retryRejected(c.viewer, i.opId, c.write);
      return null;
    },
    'sync.discardRejected': (i, c) => {
      s.sync.discardRejected(c.viewer, i.opId);
      return null;
    },
    'sync.quarantine': () => s.sync.quarantine(),
    'sync.dropQuarantined': (i, c) => {
      s.sync.dropQuarantined(i.seq, c.write);
      return null;
    },
  }),
  probes: {
    'sync.enroll': { hubUrl: 'http://127.0.0.1:9/', code: 'probe-code', deviceName: 'probe' },
    'sync.resolve': { conflictId: 'none', choice: 'current' },
    'sync.importSnapshot': { fileBase64: 'AAAA' },
    'sync.dropQuarantined': { seq: 0 },
  },
});
