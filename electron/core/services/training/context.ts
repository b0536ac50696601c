// What every part of the training service shares: the stores, the read cache, a row getter and
// the dated settings (training.service.ts composes the parts).
import { fail } from '../../../../shared/contract/errors';
import type { Cadre } from '../../../../shared/contract/offices';
import type { TrainingRules } from '../../../../shared/domain/training';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import type { SyncedWriter } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { Viewer } from '../zones/scope';

export type Row = Record<string, unknown>;
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
export const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' && v ? (JSON.parse(v) as T) : fallback);
export const inactive = (c: Cadre) => c.status === 'retired' || c.status === 'transferred';

export interface TrainingDeps {
  sqlite: Sqlite;
  writer: SyncedWriter;
  offices: OfficesService;
  settings: SettingsService;
  cache?: ReadCache;
}

export function createTrainingContext(deps: TrainingDeps) {
  const { sqlite, settings } = deps;
  /** A county-wide answer, kept until the next write (db/read-cache.ts); the viewer is part of the key. */
  const memo = <T>(parts: unknown[], v: Viewer, compute: () => T): T =>
    deps.cache ? deps.cache.memo(JSON.stringify([...parts, v.role, v.officeId, v.cadreId]), compute) : compute();

  /** A live row, or NOT_FOUND with the reason naming what is missing (`planNotFound` …). */
  const get = (table: string, id: string, reason: string): Row => {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', reason);
    return r;
  };

  /** The settings that applied at the end of `year`, or today while the year runs. */
  function rules(year: number, today: string): TrainingRules {
    const day = `${year}-12-31` < today ? `${year}-12-31` : today;
    const h = settings.at('training.minHours', day);
    const d = settings.at('training.minDays', day);
    const f = settings.at('training.minFullTimeDays', day);
    const i = settings.at('training.initialDays', day);
    const p = settings.at('training.postTrainingMonths', day);
    return {
      minHours: h.value,
      minDays: d.value,
      minFullTimeDays: f.value,
      initialDays: i.value,
      postTrainingMonths: p.value,
      versions: { hours: h.version, days: d.version, fullTime: f.version, initial: i.version, post: p.version },
    };
  }

  return { ...deps, memo, get, rules };
}

export type TrainingContext = ReturnType<typeof createTrainingContext>;
