// What every part of the dossier service shares: its dependencies, who may do what with a
// cadre's dossier (the one person policy of shared/domain/access.ts), row reads and the stage settings.
import { fail } from '../../../../shared/contract/errors';
import { roleHas } from '../../../../shared/contract/roles';
import { mayReadPerson, stationBound, type Viewer } from '../../../../shared/domain/access';
import type { StageSettings } from '../../../../shared/domain/career';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import type { SyncedWriter } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import type { Row } from './rows';

export type DossierDeps = { sqlite: Sqlite; writer: SyncedWriter; offices: OfficesService; settings: SettingsService; cache?: ReadCache };

export function createDossierBase(deps: DossierDeps) {
  const { sqlite, offices, settings } = deps;

  const stageSettings = (day: string): StageSettings & { versions: { adapt: number; growth: number; retreat: number } } => {
    const a = settings.at('stage.adaptYears', day);
    const g = settings.at('stage.growthYears', day);
    const r = settings.at('stage.retreatYears', day);
    return { adaptYears: a.value, growthYears: g.value, retreatYears: r.value, versions: { adapt: a.version, growth: g.version, retreat: r.version } };
  };

  /** Who may do what with one cadre's dossier. */
  function access(v: Viewer, cadreId: string, today: string) {
    const cadre = offices.getCadre(v, cadreId, today);
    const isSelf = v.cadreId === cadreId;
    const canManage = roleHas(v.role, 'dossiers.manage');
    // The one person policy (shared/domain/access.ts): the cadre, a manager anywhere, a reader of the same station.
    if (!mayReadPerson(v, { cadreId, officeId: cadre.officeId }, { manage: canManage, read: roleHas(v.role, 'dossiers.read') })) {
      throw fail('FORBIDDEN', stationBound(v) ? 'dossierOtherStation' : 'dossierNotYours');
    }
    return { cadre, isSelf, canManage, canSeePersonal: roleHas(v.role, 'personal.read') };
  }
  function requireManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage) throw fail('FORBIDDEN', 'dossierManageOnly');
    return a;
  }
  /** HR, or the cadre for their own plan draft and declarations. */
  function requireSelfOrManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage && !a.isSelf) throw fail('FORBIDDEN', 'dossierSelfOnly');
    return a;
  }

  function rowOf(table: string, id: string): Row {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'dossierRecordGone');
    return r;
  }
  const rowsOf = (table: string, cadreId: string, order: string) =>
    sqlite.prepare(`SELECT * FROM "${table}" WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY ${order}`).all(cadreId) as Row[];

  return { stageSettings, access, requireManage, requireSelfOrManage, rowOf, rowsOf };
}

export type DossierBase = ReturnType<typeof createDossierBase>;
