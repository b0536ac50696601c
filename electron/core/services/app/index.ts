import { appContract } from '../../../../shared/contract/app';
import { defineModule } from '../../module';
import { createRefusedRestores } from './refused-restores';

/** The app itself: About, updates from the intranet, backups and restore. Built by the platform. */
export default defineModule({
  name: 'app',
  contract: appContract,
  handlers: (ports, p) => {
    // Its statements prepared once, not at every call.
    const refused = createRefusedRestores(p.sqlite);
    return {
      'app.about': () => p.about,
      'update.status': () => p.updates.status(),
      'update.configure': (i) => p.updates.configure(i.feedUrl),
      'update.check': () => p.updates.check(true),
      'update.install': () => p.updates.install(),
      'backup.list': (i) => p.backups.list(i.folder),
      'backup.create': async (i, c) => {
        const made = await p.backups.create(i.folder);
        // Where a copy of the data went (a USB disk, say) is for the auditor to see.
        p.audit.append({
          actor: c.actor,
          method: 'backup.create',
          entity: 'database',
          entityId: null,
          after: { name: made.name, folder: made.folder, size: made.size, integrity: made.integrity },
        });
        return made;
      },
      'backup.verify': (i) => p.backups.verify(i.file),
      'backup.recoveryKey': (i, c) => {
        ports.auth.confirmPassword(c.user, i.password);
        const recoveryKey = p.backups.recoveryKey();
        p.audit.append({ actor: c.actor, method: 'backup.recoveryKey', entity: 'database', entityId: null });
        return { recoveryKey };
      },
      'backup.restore': (i, c) => p.backups.restore(i.file, i.recoveryKey, { id: c.actor.id, name: c.actor.name }),
      'backup.refusedRestores': () => refused.list(),
      'backup.ackRefusedRestores': (i, c) => {
        const r = refused.acknowledge(i.upTo, i.removeFiles);
        const removedBytes = r.removed.reduce((n, f) => n + f.size, 0);
        if (r.acknowledged || r.removed.length || r.failed.length)
          p.audit.append({
            actor: c.actor,
            method: 'backup.ackRefusedRestores',
            entity: 'database',
            entityId: null,
            after: {
              acknowledged: r.acknowledged,
              upTo: r.upTo,
              ...(r.removed.length ? { removed: r.removed.map((f) => f.file), removedBytes } : {}),
              ...(r.failed.length ? { notRemoved: r.failed } : {}),
              // Removed by this name, but another name (a hard link) still holds the data.
              ...(r.linked.length ? { stillLinked: r.linked } : {}),
            },
          });
        return { acknowledged: r.acknowledged, removed: r.removed.length, removedBytes, notRemoved: r.failed.length };
      },
    };
  },
  probes: {
    'update.configure': { feedUrl: null },
    'backup.verify': { file: '/nonexistent/branch-desk-2026-01-01.sqlite' },
    'backup.restore': { file: '/nonexistent/branch-desk-2026-01-01.sqlite', confirm: true },
    'backup.recoveryKey': { password: 'x' },
    'backup.ackRefusedRestores': { upTo: 1 },
  },
});
