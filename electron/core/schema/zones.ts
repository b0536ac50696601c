import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
    status: text('status', { enum: ['active', 'retired'] }).notNull().default('active'),
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
  (t) => [index('unlicensed_census_idx').on(t.censusId), index('unlicensed_zone_idx').on(t.zoneId)],
);
