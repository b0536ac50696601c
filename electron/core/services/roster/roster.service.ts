import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import type { SyncedWriter } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { TrainingService } from '../training/training.service';
import type { ZonesPort } from '../zones/zones.port';
import { createEligibilityService } from './eligibility.service';
import { createSecondLineService } from './second-line.service';
import { createSupervisorsService } from './supervisors.service';

/** The roster domain's one service: supervisors, the second line and rank eligibility. */
export function createRosterService(deps: {
  sqlite: Sqlite;
  writer: SyncedWriter;
  offices: OfficesService;
  settings: SettingsService;
  training: Pick<TrainingService, 'promotionEvidence'>;
  zones: Pick<ZonesPort, 'get' | 'active'>;
  cache?: ReadCache;
}) {
  return { ...createSupervisorsService(deps), ...createSecondLineService(deps), ...createEligibilityService(deps) };
}

export type RosterService = ReturnType<typeof createRosterService>;
