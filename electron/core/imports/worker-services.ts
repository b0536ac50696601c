import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';
import { createDrizzle } from '../db/drizzle';
import { createAuditService } from '../services/audit/audit.service';
import { createOfficesRepo } from '../services/offices/offices.repo';
import { createOfficesService } from '../services/offices/offices.service';
import { createSettingsService } from '../services/settings/settings.service';
import { HlcSource } from '../sync/hlc-source';
import { createSyncedWriter } from '../sync/synced-write';

/**
 * The synced write path on the import worker's own connection: the same writer (row, HLC
 * stamp, outbox op, hash-chained audit entry in one transaction) as the core's, built afresh
 * for each commit so its clock state is read from local_meta, where the core's last tick is.
 */
export function workerWritePath(sqlite: Sqlite, clock: Clock) {
  const tables = new Set<string>();
  const audit = createAuditService(sqlite, clock, { ownsChain: true });
  const hlc = new HlcSource(sqlite, clock);
  const writer = createSyncedWriter({ sqlite, clock, hlc, audit, onChange: (t) => tables.add(t), inlineNested: true });
  const repo = createOfficesRepo(createDrizzle(sqlite));
  const bureauId = () => repo.bureau()?.id ?? '';
  const settings = createSettingsService({ sqlite, writer, bureauId });
  const offices = createOfficesService({
    repo,
    writer,
    stageSettings: (day) => ({
      adaptYears: settings.at('stage.adaptYears', day).value,
      growthYears: settings.at('stage.growthYears', day).value,
      retreatYears: settings.at('stage.retreatYears', day).value,
    }),
  });
  return { writer, offices, tables, hlc };
}
