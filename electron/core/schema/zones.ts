import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

// 责任区: a station's patrol territory with one owner at a time.
export const zone = sqliteTable(
  'zone',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    boundary: text('boundary'),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull().default('medium'),
    notes: text('notes'),
    status: text('status', { enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    retiredOn: text('retired_on'),
    /** Zones this one came from (split or merge), as a JSON array of ids. */
    origin: text('origin'),
  },
  (t) => [index('zone_office_idx').on(t.officeId)],
);

// An owner (责任人) or deputy of a zone for a dated period. Never overwritten: a new owner
// closes the previous period on the same day.
export const zoneAssignment = sqliteTable(
  'zone_assignment',
  {
    ...syncedColumns(),
    zoneId: text('zone_id').notNull(),
    cadreId: text('cadre_id').notNull(),
    role: text('role', { enum: ['owner', 'deputy'] }).notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    note: text('note'),
  },
  (t) => [index('zone_assignment_zone_idx').on(t.zoneId), index('zone_assignment_cadre_idx').on(t.cadreId)],
);

// 网格: a township grid with its publicly posted grid worker (网格员).
export const grid = sqliteTable(
  'grid',
  {
    ...syncedColumns(),
    township: text('township').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    workerName: text('worker_name'),
    workerPhone: text('worker_phone'),
    area: text('area'),
  },
  (t) => [index('grid_office_idx').on(t.officeId)],
);

// Many-to-many between zones and grids (双轨并进).
export const zoneGrid = sqliteTable(
  'zone_grid',
  {
    ...syncedColumns(),
    zoneId: text('zone_id').notNull(),
    gridId: text('grid_id').notNull(),
  },
  (t) => [index('zone_grid_zone_idx').on(t.zoneId), index('zone_grid_grid_idx').on(t.gridId)],
);

export const BUSINESS_STATUSES = ['active', 'suspended', 'revoked', 'cancelled'] as const;

// 市场主体: a registered business in a zone.
export const business = sqliteTable(
  'business',
  {
    ...syncedColumns(),
    creditCode: text('credit_code'),
    creditCheckFailed: integer('credit_check_failed', { mode: 'boolean' }).notNull().default(false),
    regNo: text('reg_no'),
    name: text('name').notNull(),
    type: text('type'),
    address: text('address'),
    legalRep: text('legal_rep'),
    phone: text('phone'),
    food: integer('food', { mode: 'boolean' }).notNull().default(false),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull().default('low'),
    status: text('status', { enum: BUSINESS_STATUSES }).notNull().default('active'),
    /** The registry's own status wording (存续（在营、开业、在册）, 吊销，未注销 …) when it is not the app's word. */
    statusText: text('status_text'),
    /** 成立日期, a plain day. */
    foundedOn: text('founded_on'),
    zoneId: text('zone_id'),
    gridId: text('grid_id'),
  },
  (t) => [
    index('business_office_idx').on(t.officeId),
    index('business_zone_idx').on(t.zoneId),
    index('business_grid_idx').on(t.gridId),
    index('business_credit_idx').on(t.creditCode),
  ],
);

// 无照底数: a dated census campaign and the unlicensed businesses it counted.
export const census = sqliteTable(
  'census',
  {
    ...syncedColumns(),
    name: text('name').notNull(),
    censusDate: text('census_date').notNull(),
    notes: text('notes'),
  },
  (t) => [index('census_office_idx').on(t.officeId)],
);

export const UNLICENSED_STATUSES = ['unlicensed', 'licensed', 'banned', 'exempt'] as const;

export const unlicensed = sqliteTable(
  'unlicensed',
  {
    ...syncedColumns(),
    censusId: text('census_id').notNull(),
    zoneId: text('zone_id'),
    gridId: text('grid_id'),
    name: text('name').notNull(),
    address: text('address'),
    operator: text('operator'),
    category: text('category'),
    status: text('status', { enum: UNLICENSED_STATUSES }).notNull().default('unlicensed'),
    exemptReason: text('exempt_reason'),
    note: text('note'),
  },
  (t) => [
    index('unlicensed_census_idx').on(t.censusId),
    index('unlicensed_zone_idx').on(t.zoneId),
    // Cover the counts of live entries without reading them: a zone's open count in a census
    // (zones.list), a census's size (census.list), a station's counts by zone and grid (census.counts).
    index('unlicensed_zone_live_idx')
      .on(t.zoneId, t.censusId, t.status)
      .where(sql`deleted_at IS NULL`),
    index('unlicensed_census_live_idx')
      .on(t.censusId)
      .where(sql`deleted_at IS NULL`),
    index('unlicensed_office_zone_live_idx')
      .on(t.officeId, t.status, t.zoneId, t.censusId)
      .where(sql`deleted_at IS NULL`),
    index('unlicensed_office_grid_live_idx')
      .on(t.officeId, t.status, t.gridId, t.censusId)
      .where(sql`deleted_at IS NULL`),
  ],
);

// Read models, local and never synced: live businesses counted by zone (or by grid), office,
// status and food, so the county's zone counts and list totals add up a few hundred rows instead
// of counting a million. Kept by triggers on business (drizzle/0010) in the same transaction as
// every write, whichever path it takes: the write path, a sync pull, an eviction, an import.
// A business without a zone (grid) is counted under ''.
const countColumns = () => ({
  officeId: text('office_id').notNull(),
  status: text('status').notNull(),
  food: integer('food').notNull(),
  n: integer('n').notNull(),
});
export const zoneBusinessCount = sqliteTable('zone_business_count', { zoneId: text('zone_id').notNull(), ...countColumns() }, (t) => [
  primaryKey({ columns: [t.zoneId, t.officeId, t.status, t.food] }),
  index('zone_business_count_office_idx').on(t.officeId),
]);
export const gridBusinessCount = sqliteTable('grid_business_count', { gridId: text('grid_id').notNull(), ...countColumns() }, (t) => [
  primaryKey({ columns: [t.gridId, t.officeId, t.status, t.food] }),
]);
