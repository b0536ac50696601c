import { importsContract, type ImportKind } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/contract/errors';
import { roleHas, type Permission } from '../../../shared/contract/roles';
import { defineModule } from '../module';
import { importer } from './handler-helpers';

/** Who may commit a preview of each kind: the permission of the list it writes to. */
const IMPORT_PERMISSION: Record<ImportKind, Permission> = { businesses: 'businesses.import', cadres: 'cadres.manage', census: 'zones.manage' };

/**
 * Committing, following and cancelling an import, whatever its kind. Previews are the domains'
 * own methods (businesses.importPreview …); the import host and its worker are the platform's.
 */
export default defineModule({
  name: 'imports',
  contract: importsContract,
  handlers: (_s, p) => ({
    'imports.commit': (i, c) => {
      const kind = p.imports.kindOf(i.previewId, c.user.id);
      if (!roleHas(c.user.role, IMPORT_PERMISSION[kind]))
        throw new AppError('FORBIDDEN', 'this role may not import this list', { method: c.method, permission: IMPORT_PERMISSION[kind] });
      return p.imports.commit(kind, i, importer(c), c.write, c.today);
    },
    'imports.job': (i, c) => p.imports.job(i.jobId, c.user.id),
    'imports.cancel': (i, c) => p.imports.cancel(i.jobId, c.user.id),
    'imports.report': async (i, c) => ({ fileBase64: await p.imports.report(i.previewId, c.user.id, i.words, i.problemHeader) }),
  }),
});
