// The domain modules, in the order their services are created: a domain may use the services of
// the domains above it when it is created, and of any domain when a call runs. A new domain adds
// one line here (and one feature in renderer/src/app/features.ts).
import type { DomainModule } from './module';
import offices from './services/offices';
import settings from './services/settings';
import zones from './services/zones';
import sample from './services/sample';
import auth from './services/auth';
import audit from './services/audit';
import dossiers from './services/dossiers';
import training from './services/training';
import roster from './services/roster';
import sync from './services/sync';
import imports from './imports';
import app from './services/app';

// Each module is typed by its own contract; the list only needs the common shape.
export const MODULES: readonly DomainModule[] = [offices, settings, zones, sample, auth, audit, dossiers, training, roster, sync, imports, app];
