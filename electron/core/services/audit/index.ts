import { auditContract } from '../../../../shared/contract/audit';
import { defineModule } from '../../module';

/** The audit log and its chain's verification; the log itself is the platform's (every write appends). */
export default defineModule({
  name: 'audit',
  contract: auditContract,
  handlers: (_s, p) => ({
    'audit.list': (i) => p.audit.list(i),
    'audit.verify': () => p.anchoring.verify(),
  }),
});
