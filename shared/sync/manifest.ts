// The sync manifest: which tables sync, their scope column and the columns that are
// HR-sensitive (a concurrent edit goes to review instead of last-writer-wins). The hub
// knows tables only through this file.

export interface SyncedTableSpec {
  /** Columns a device may receive and write, besides the base columns. */
  readonly columns: readonly string[];
  /** County-wide reference data goes to every device of the county. */
  readonly countyWide?: boolean;
  readonly sensitive?: readonly string[];
  /** Columns holding personal data: masked in the audit log. */
  readonly personal?: readonly string[];
}

export const BASE_COLUMNS = ['id', 'office_id', 'created_at', 'updated_at', 'deleted_at'] as const;

export const syncManifest = {
  office: {
    columns: ['code', 'name', 'kind', 'parent_id', 'address', 'phone', 'active'],
    countyWide: true,
  },
  cadre: {
    columns: ['name', 'gender', 'birth_date', 'post', 'status', 'phone'],
    // Post and status are assignments: a concurrent edit goes to review, not last-writer-wins.
    sensitive: ['post', 'status'],
  },
  zone: {
    columns: ['code', 'name', 'boundary', 'risk_level', 'notes', 'status', 'retired_on', 'origin'],
  },
  zone_assignment: {
    columns: ['zone_id', 'cadre_id', 'role', 'start_date', 'end_date', 'note'],
    sensitive: ['cadre_id', 'start_date', 'end_date'],
  },
  grid: {
    columns: ['township', 'code', 'name', 'worker_name', 'worker_phone', 'area'],
  },
  zone_grid: { columns: ['zone_id', 'grid_id'] },
  business: {
    columns: ['credit_code', 'credit_check_failed', 'reg_no', 'name', 'type', 'address', 'legal_rep', 'phone', 'food', 'risk_level', 'status', 'zone_id', 'grid_id'],
  },
  census: { columns: ['name', 'census_date', 'notes'] },
  unlicensed: {
    columns: ['census_id', 'zone_id', 'grid_id', 'name', 'address', 'operator', 'category', 'status', 'exempt_reason', 'note'],
  },
  setting_version: {
    columns: ['key', 'version', 'value', 'effective_from', 'note', 'author'],
    countyWide: true,
  },
} as const satisfies Record<string, SyncedTableSpec>;

export type SyncedTableName = keyof typeof syncManifest;

export const SCHEMA_VERSION = 4;

export function tableSpec(name: string): SyncedTableSpec | undefined {
  return (syncManifest as Record<string, SyncedTableSpec>)[name];
}
