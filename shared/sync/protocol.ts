import { z } from 'zod';

// Wire format between the desktop sync worker and the county hub (DESIGN.md, Sync).

export const SENSITIVITY_CLASSES = ['station', 'county', 'hr'] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

const Hlc = z.string().regex(/^\d{15}-[0-9a-z]{6}-[0-9a-zA-Z_-]{1,64}$/, 'malformed HLC');
const Ident = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'bad identifier');
const CellValue = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);

export const OpSchema = z
  .object({
    opId: z.string().min(8).max(64),
    table: Ident,
    rowId: z.string().min(1).max(64),
    officeId: z.string().min(1).max(64),
    columns: z.record(Ident, CellValue).refine((c) => Object.keys(c).length > 0 && Object.keys(c).length <= 64, 'columns: 1–64'),
    hlc: Hlc,
    schemaVersion: z.number().int().min(1).max(10_000),
    /** For sensitive columns: the cell version this edit was based on. */
    base: z.record(Ident, Hlc.nullable()).optional(),
  })
  .strict();
export type Op = z.infer<typeof OpSchema>;

export const PushRequestSchema = z.object({ schemaVersion: z.number().int().min(1), ops: z.array(OpSchema).max(2000) }).strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PushResponseSchema = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(z.object({ opId: z.string(), reason: z.string() })),
  conflicted: z.array(z.object({ opId: z.string(), column: z.string() })),
  pending: z.array(z.string()),
  serverTime: z.number(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullRequestSchema = z.object({ cursor: z.number().int().min(0), limit: z.number().int().min(1).max(5000).default(500), schemaVersion: z.number().int().min(1) }).strict();

export const PulledRowSchema = z.object({
  seq: z.number().int(),
  table: z.string(),
  rowId: z.string(),
  officeId: z.string(),
  cells: z.record(z.string(), z.object({ value: CellValue, hlc: z.string() })),
});
export type PulledRow = z.infer<typeof PulledRowSchema>;

export const ConflictSchema = z.object({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  officeId: z.string(),
  current: z.object({ value: CellValue, hlc: z.string(), device: z.string() }),
  incoming: z.object({ value: CellValue, hlc: z.string(), device: z.string() }),
  createdAt: z.number(),
});
export type SyncConflict = z.infer<typeof ConflictSchema>;

export const PullResponseSchema = z.object({
  rows: z.array(PulledRowSchema),
  evictions: z.array(z.object({ seq: z.number().int(), table: z.string(), rowId: z.string() })),
  cursor: z.number().int(),
  more: z.boolean(),
  conflicts: z.array(ConflictSchema),
  serverTime: z.number(),
  total: z.number().int(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const HelloSchema = z.object({
  name: z.literal('branch-desk-hub'),
  minSchemaVersion: z.number().int(),
  maxSchemaVersion: z.number().int(),
  serverTime: z.number(),
});
export type Hello = z.infer<typeof HelloSchema>;

export const EnrollRequestSchema = z.object({ code: z.string().trim().min(6).max(64), deviceName: z.string().trim().min(1).max(80) }).strict();
export const EnrollResponseSchema = z.object({ deviceId: z.string(), token: z.string(), officeId: z.string(), sensitivity: z.enum(SENSITIVITY_CLASSES) });

export const ResolveRequestSchema = z.object({ conflictId: z.string().max(64) }).strict();

/** The hub rejects timestamps further ahead of its own clock than this. */
export const MAX_FUTURE_MS = 10 * 60_000;
