import { z } from 'zod';
import { RuleOutcomeSchema } from './errors';
import { DateSchema, grants, IdSchema, method, OptText, Text } from './common';
import { ImportPreviewSchema, PreviewInput } from './imports';
import { Bool, cadreRef, Day, def, fieldsOf, oneOf, opt, optText, req, reqText, stringOf, table, Txt } from '../sync/columns';
import { CadreFields } from './offices';

export const RISK = ['low', 'medium', 'high'] as const;
export const BUSINESS_STATUS = ['active', 'suspended', 'revoked', 'cancelled'] as const;
export const UNLICENSED_STATUS = ['unlicensed', 'licensed', 'banned', 'exempt'] as const;

/** A warning the renderer words (`zones.rules.<rule>`): the core gives the rule and its parameters, never a sentence. */
export const ZoneRuleOutcomeSchema = RuleOutcomeSchema;

const Assignee = z.object({ assignmentId: IdSchema, cadreId: IdSchema, name: z.string(), startDate: z.string() });

// 责任区 as the screens see it: with its current owner, deputies and counts.
export const ZoneSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  officeName: z.string(),
  code: z.string(),
  name: z.string(),
  boundary: z.string().nullable(),
  riskLevel: z.enum(RISK),
  notes: z.string().nullable(),
  status: z.enum(['active', 'retired']),
  retiredOn: z.string().nullable(),
  owner: Assignee.nullable(),
  deputies: z.array(Assignee),
  gridIds: z.array(IdSchema),
  businessCount: z.number().int(),
  foodCount: z.number().int(),
  unlicensedCount: z.number().int(),
});
export type Zone = z.infer<typeof ZoneSchema>;

export const AssignmentSchema = z.object({
  id: IdSchema,
  zoneId: IdSchema,
  cadreId: IdSchema,
  cadreName: z.string(),
  role: z.enum(['owner', 'deputy']),
  startDate: z.string(),
  endDate: z.string().nullable(),
  /** Replaced the same day it was recorded (a correction): it never applied. */
  corrected: z.boolean(),
  /** Who replaced a corrected owner the same day. */
  correctedTo: z.string().nullable(),
  note: z.string().nullable(),
  /** A note the core wrote (a bulk reassignment, a merge), worded by the renderer. */
  noteKey: z.enum(['reassigned', 'merged']).nullable(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const CadreLoadSchema = z.object({
  cadreId: IdSchema,
  name: z.string(),
  status: z.string(),
  zones: z.number().int(),
  zoneNames: z.array(z.string()),
  businesses: z.number().int(),
  unlicensed: z.number().int(),
  food: z.number().int(),
  warnings: z.array(z.enum(['over_threshold', 'unavailable'])),
});
export type CadreLoad = z.infer<typeof CadreLoadSchema>;

/** A zone code: full-width and lower-case letters are written as the same code (zr0501 is ZR0501). */
const ZoneCode = Text(20).transform((s) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase());
const ZoneFields = {
  code: ZoneCode,
  name: Text(60),
  boundary: OptText(500),
  riskLevel: z.enum(RISK).default('medium'),
  notes: OptText(500),
};
const NewZone = z.object({ code: ZoneCode, name: Text(60), boundary: OptText(500) });

export const ReshapePlanSchema = z.object({
  retire: z.array(z.object({ id: IdSchema, code: z.string(), name: z.string() })),
  create: z.array(
    z.object({ code: z.string(), name: z.string(), businesses: z.number().int(), unlicensed: z.number().int(), ownerName: z.string().nullable() }),
  ),
  movedBusinesses: z.number().int(),
  /** Census entries (无照底数) that move with the businesses. */
  movedUnlicensed: z.number().int(),
  committed: z.boolean(),
});

export const GridSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  township: z.string(),
  code: z.string(),
  name: z.string(),
  workerName: z.string().nullable(),
  workerPhone: z.string().nullable(),
  area: z.string().nullable(),
  zoneIds: z.array(IdSchema),
});
export type Grid = z.infer<typeof GridSchema>;

const GridFields = {
  township: Text(40),
  code: Text(30),
  name: Text(60),
  workerName: OptText(40),
  workerPhone: OptText(40),
  area: OptText(60),
};

export const DualTrackRowSchema = z.object({
  gridId: IdSchema,
  township: z.string(),
  gridCode: z.string(),
  gridName: z.string(),
  workerName: z.string().nullable(),
  workerPhone: z.string().nullable(),
  zones: z.array(z.object({ code: z.string(), name: z.string(), ownerName: z.string().nullable(), ownerPhone: z.string().nullable() })),
});
export type DualTrackRow = z.infer<typeof DualTrackRowSchema>;

export const BusinessSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  creditCode: z.string().nullable(),
  creditCheckFailed: z.boolean(),
  regNo: z.string().nullable(),
  name: z.string(),
  type: z.string().nullable(),
  address: z.string().nullable(),
  legalRep: z.string().nullable(),
  phone: z.string().nullable(),
  food: z.boolean(),
  riskLevel: z.enum(RISK),
  status: z.enum(BUSINESS_STATUS),
  /** The registry's own wording, when it is not the app's word for the status. */
  statusText: z.string().nullable(),
  foundedOn: z.string().nullable(),
  zoneId: IdSchema.nullable(),
  zoneName: z.string().nullable(),
  gridId: IdSchema.nullable(),
  gridName: z.string().nullable(),
});
export type Business = z.infer<typeof BusinessSchema>;

export const BusinessFilterSchema = z
  .object({
    officeId: IdSchema.optional(),
    q: z.string().trim().max(60).optional(),
    zoneId: IdSchema.optional(),
    gridId: IdSchema.optional(),
    type: z.string().max(40).optional(),
    status: z.enum(BUSINESS_STATUS).optional(),
    food: z.boolean().optional(),
  })
  .strict();

const BusinessFields = {
  officeId: IdSchema,
  creditCode: OptText(40),
  regNo: OptText(40),
  name: Text(120),
  type: OptText(40),
  address: OptText(200),
  legalRep: OptText(40),
  phone: OptText(40),
  food: z.boolean().default(false),
  riskLevel: z.enum(RISK).default('low'),
  status: z.enum(BUSINESS_STATUS).default('active'),
  statusText: OptText(60),
  foundedOn: DateSchema.nullish().transform((v) => v ?? null),
  zoneId: IdSchema.nullable().default(null),
  gridId: IdSchema.nullable().default(null),
};

export const CensusSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  name: z.string(),
  censusDate: z.string(),
  notes: z.string().nullable(),
  total: z.number().int(),
});
export type Census = z.infer<typeof CensusSchema>;

export const UnlicensedSchema = z.object({
  id: IdSchema,
  censusId: IdSchema,
  zoneId: IdSchema.nullable(),
  zoneName: z.string().nullable(),
  gridId: IdSchema.nullable(),
  gridName: z.string().nullable(),
  name: z.string(),
  address: z.string().nullable(),
  operator: z.string().nullable(),
  category: z.string().nullable(),
  status: z.enum(UNLICENSED_STATUS),
  exemptReason: z.string().nullable(),
  note: z.string().nullable(),
});
export type Unlicensed = z.infer<typeof UnlicensedSchema>;

const UnlicensedFields = {
  censusId: IdSchema,
  zoneId: IdSchema.nullable().default(null),
  gridId: IdSchema.nullable().default(null),
  name: Text(120),
  address: OptText(200),
  operator: OptText(40),
  category: OptText(40),
  status: z.enum(UNLICENSED_STATUS).default('unlicensed'),
  exemptReason: OptText(200),
  note: OptText(200),
};

export const CensusCountSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['zone', 'grid']),
  counts: z.record(z.string(), z.number().int()),
  current: z.number().int(),
  previous: z.number().int().nullable(),
  change: z.number().int().nullable(),
});
export type CensusCount = z.infer<typeof CensusCountSchema>;

export const OverviewStationSchema = z.object({
  officeId: IdSchema,
  officeName: z.string(),
  zones: z.number().int(),
  unownedZones: z.number().int(),
  businesses: z.number().int(),
  /** Businesses of the station in no zone (an import that named an unknown zone leaves them so). */
  unassigned: z.number().int(),
  unlicensed: z.number().int(),
});

const Scope = z.object({ officeId: IdSchema.optional() }).strict();

export const zonesContract = {
  'zones.list': method({
    input: z.object({ officeId: IdSchema.optional(), includeRetired: z.boolean().default(false) }).strict(),
    output: z.array(ZoneSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'zones.create': method({ input: z.object({ officeId: IdSchema, ...ZoneFields }).strict(), output: ZoneSchema, scope: 'station', permission: 'zones.manage' }),
  'zones.update': method({ input: z.object({ id: IdSchema, ...ZoneFields }).strict(), output: ZoneSchema, permission: 'zones.manage' }),
  'zones.retire': method({ input: z.object({ id: IdSchema, date: DateSchema }).strict(), output: ZoneSchema, permission: 'zones.manage' }),
  'zones.split': method({
    /** Businesses and census entries listed for B move there; everything else that points at the zone goes to A. */
    input: z
      .object({
        id: IdSchema,
        date: DateSchema,
        a: NewZone,
        b: NewZone,
        businessIdsToB: z.array(IdSchema).max(100_000),
        unlicensedIdsToB: z.array(IdSchema).max(100_000).default([]),
        commit: z.boolean(),
      })
      .strict(),
    output: ReshapePlanSchema,
    permission: 'zones.manage',
  }),
  'zones.merge': method({
    input: z.object({ ids: z.array(IdSchema).min(2).max(10), date: DateSchema, into: NewZone, commit: z.boolean() }).strict(),
    output: ReshapePlanSchema,
    permission: 'zones.manage',
  }),
  'zones.assign': method({
    input: z.object({ zoneId: IdSchema, cadreId: IdSchema, role: z.enum(['owner', 'deputy']), startDate: DateSchema, note: OptText(200) }).strict(),
    output: z.object({ assignment: AssignmentSchema, warnings: z.array(ZoneRuleOutcomeSchema) }),
    permission: 'zones.manage',
  }),
  'zones.endAssignment': method({ input: z.object({ id: IdSchema, endDate: DateSchema }).strict(), output: AssignmentSchema, permission: 'zones.manage' }),
  'zones.history': method({
    input: z.object({ zoneId: IdSchema }).strict(),
    output: z.array(AssignmentSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    permission: 'zones.read',
  }),
  'zones.load': method({
    input: Scope,
    output: z.object({
      threshold: z.number(),
      settingVersion: z.number().int(),
      rows: z.array(CadreLoadSchema),
      unownedZones: z.array(z.object({ id: IdSchema, code: z.string(), name: z.string() })),
    }),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'zones.reassignAll': method({
    input: z
      .object({
        fromCadreId: IdSchema,
        date: DateSchema,
        targets: z
          .array(z.object({ zoneId: IdSchema, cadreId: IdSchema }))
          .min(1)
          .max(200),
        commit: z.boolean(),
      })
      .strict(),
    output: z.object({
      moves: z.array(z.object({ zoneId: IdSchema, zoneName: z.string(), fromName: z.string(), toName: z.string() })),
      committed: z.boolean(),
    }),
    permission: 'zones.manage',
  }),
  'zones.overview': method({
    input: Scope,
    output: z.object({ stations: z.array(OverviewStationSchema) }),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'grids.list': method({
    input: Scope,
    output: z.array(GridSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'grids.create': method({ input: z.object({ officeId: IdSchema, ...GridFields }).strict(), output: GridSchema, scope: 'station', permission: 'zones.manage' }),
  'grids.update': method({ input: z.object({ id: IdSchema, ...GridFields }).strict(), output: GridSchema, permission: 'zones.manage' }),
  'grids.setZones': method({
    input: z.object({ gridId: IdSchema, zoneIds: z.array(IdSchema).max(200) }).strict(),
    output: GridSchema,
    permission: 'zones.manage',
  }),
  'grids.dualTrack': method({
    input: Scope,
    output: z.array(DualTrackRowSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'businesses.search': method({
    input: BusinessFilterSchema.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ rows: z.array(BusinessSchema), total: z.number().int(), capped: z.boolean() }),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'businesses.create': method({
    input: z.object(BusinessFields).strict(),
    output: z.object({ business: BusinessSchema, warnings: z.array(ZoneRuleOutcomeSchema) }),
    scope: 'station',
    permission: 'businesses.edit',
  }),
  'businesses.update': method({
    input: z.object({ id: IdSchema, ...BusinessFields }).strict(),
    output: z.object({ business: BusinessSchema, warnings: z.array(ZoneRuleOutcomeSchema) }),
    scope: 'station',
    permission: 'businesses.edit',
  }),
  // Without officeId each row's 所属单位 names its station (the county-wide export read back).
  'businesses.importPreview': method({
    input: PreviewInput({ officeId: IdSchema.optional() }),
    output: ImportPreviewSchema,
    scope: 'station',
    permission: 'businesses.import',
  }),
  'businesses.template': method({ input: z.object({}).strict(), output: z.object({ fileBase64: z.string() }), permission: 'zones.read' }),
  'businesses.export': method({
    input: BusinessFilterSchema,
    output: z.object({ fileBase64: z.string(), rows: z.number().int() }),
    scope: 'station',
    permission: 'zones.read',
  }),
  'census.list': method({
    input: Scope,
    output: z.array(CensusSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
  'census.create': method({
    input: z.object({ officeId: IdSchema, name: Text(60), censusDate: DateSchema, notes: OptText(300), copyFrom: IdSchema.optional() }).strict(),
    output: CensusSchema,
    scope: 'station',
    permission: 'zones.manage',
  }),
  'census.export': method({
    input: z.object({ censusId: IdSchema }).strict(),
    output: z.object({ fileBase64: z.string(), rows: z.number().int() }),
    permission: 'zones.read',
  }),
  'census.importPreview': method({ input: PreviewInput({ censusId: IdSchema }), output: ImportPreviewSchema, permission: 'zones.manage' }),
  'census.entries': method({
    input: z.object({ censusId: IdSchema }).strict(),
    output: z.array(UnlicensedSchema),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    permission: 'zones.read',
  }),
  'census.addEntry': method({ input: z.object(UnlicensedFields).strict(), output: UnlicensedSchema, permission: 'zones.manage' }),
  'census.updateEntry': method({ input: z.object({ id: IdSchema, ...UnlicensedFields }).strict(), output: UnlicensedSchema, permission: 'zones.manage' }),
  'census.counts': method({
    input: z.object({ officeId: IdSchema.optional(), censusId: IdSchema }).strict(),
    output: z.object({ censusDates: z.array(z.object({ id: IdSchema, name: z.string(), date: z.string() })), rows: z.array(CensusCountSchema) }),
    reads: ['zone', 'zone_assignment', 'grid', 'zone_grid', 'business', 'census', 'unlicensed', 'office', 'cadre', 'setting_version'],
    scope: 'station',
    permission: 'zones.read',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const zonesGrants = grants({
  'zones.read': ['admin', 'chief', 'staff'],
  'zones.manage': ['admin', 'chief'],
  /** A 所员 edits only inside the zones they own (the businesses service's own check). */
  'businesses.edit': ['admin', 'chief', 'staff'],
  'businesses.import': ['admin', 'chief'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const Zone = fieldsOf(zonesContract['zones.create']);
const Assign = fieldsOf(zonesContract['zones.assign']);
const Grid = fieldsOf(zonesContract['grids.create']);
const Business = fieldsOf(zonesContract['businesses.create']);
const Census = fieldsOf(zonesContract['census.create']);
const Entry = fieldsOf(zonesContract['census.addEntry']);

export const zonesTables = {
  // origin: the ids of the zones a split or merge made this one from (JSON, written by the service).
  zone: table({
    editedWith: 'zones.manage',
    shape: {
      code: reqText(Zone.code!),
      name: reqText(Zone.name!),
      boundary: optText(Zone.boundary!),
      risk_level: def(oneOf(RISK)),
      notes: optText(Zone.notes!),
      status: def(oneOf(['active', 'retired'])),
      retired_on: opt(Day),
      origin: opt(Txt),
    },
  }),
  // Desks before the reason keys noted a same-day correction as 当日更正为<name>；<the note it replaces>: still accepted.
  zone_assignment: table({
    sensitive: ['cadre_id', 'start_date', 'end_date'],
    refs: { zone_id: 'zone', cadre_id: 'cadre' },
    follows: 'zone_id',
    editedWith: 'zones.manage',
    shape: {
      zone_id: req(IdSchema),
      ...cadreRef,
      role: req(oneOf(['owner', 'deputy'])),
      start_date: req(Day),
      end_date: opt(Day),
      note: optText(Assign.note!, 6 + (stringOf(CadreFields.name).maxLength ?? 0)),
    },
  }),
  grid: table({
    editedWith: 'zones.manage',
    shape: {
      township: reqText(Grid.township!),
      code: reqText(Grid.code!),
      name: reqText(Grid.name!),
      worker_name: optText(Grid.workerName!),
      worker_phone: optText(Grid.workerPhone!),
      area: optText(Grid.area!),
    },
  }),
  zone_grid: table({
    refs: { zone_id: 'zone', grid_id: 'grid' },
    follows: 'zone_id',
    editedWith: 'zones.manage',
    shape: { zone_id: req(IdSchema), grid_id: req(IdSchema) },
  }),
  business: table({
    refs: { zone_id: 'zone', grid_id: 'grid' },
    editedWith: 'businesses.edit',
    shape: {
      credit_code: optText(Business.creditCode!),
      credit_check_failed: def(Bool),
      reg_no: optText(Business.regNo!),
      name: reqText(Business.name!),
      type: optText(Business.type!),
      address: optText(Business.address!),
      legal_rep: optText(Business.legalRep!),
      phone: optText(Business.phone!),
      food: def(Bool),
      risk_level: def(oneOf(RISK)),
      status: def(oneOf(BUSINESS_STATUS)),
      zone_id: opt(IdSchema),
      grid_id: opt(IdSchema),
      status_text: optText(Business.statusText!),
      founded_on: opt(Day),
    },
  }),
  census: table({
    editedWith: 'zones.manage',
    shape: { name: reqText(Census.name!), census_date: req(Day), notes: optText(Census.notes!) },
  }),
  unlicensed: table({
    refs: { census_id: 'census', zone_id: 'zone', grid_id: 'grid' },
    follows: 'census_id',
    editedWith: 'zones.manage',
    shape: {
      census_id: req(IdSchema),
      zone_id: opt(IdSchema),
      grid_id: opt(IdSchema),
      name: reqText(Entry.name!),
      address: optText(Entry.address!),
      operator: optText(Entry.operator!),
      category: optText(Entry.category!),
      status: def(oneOf(UNLICENSED_STATUS)),
      exempt_reason: optText(Entry.exemptReason!),
      note: optText(Entry.note!),
    },
  }),
};
