import { z } from 'zod';
import { SENSITIVITY_CLASSES } from '../sync/protocol';
import { Empty, grants, method, Text } from './common';
import { UPLOAD_LIMITS } from './imports';

export const SyncStatusSchema = z.object({
  configured: z.boolean(),
  hubUrl: z.string().nullable(),
  deviceId: z.string().nullable(),
  officeId: z.string().nullable(),
  sensitivity: z.enum(SENSITIVITY_CLASSES).nullable(),
  state: z.enum(['unconfigured', 'idle', 'syncing', 'offline', 'error', 'readonly']),
  lastSuccess: z.number().nullable(),
  pending: z.number().int(),
  conflicts: z.number().int(),
  /** Edits the hub refused (未能同步), waiting for a person to fix or discard them. */
  rejected: z.number().int(),
  /** Pulled rows held back because they fail validation, for an administrator. */
  quarantined: z.number().int(),
  error: z.string().nullable(),
  /** Why the hub could not be reached (refused, dns, timeout, tls_untrusted …), for the renderer to word. */
  errorReason: z.string().nullable(),
  errorHost: z.string().nullable(),
  /** The hub's error answer of the last run: its code (HUB_ERROR_CODES) and parameters, for the renderer to word. */
  hubError: z
    .object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) })
    .nullable()
    .optional(),
  /** What the worker itself has to say (clock skew, read-only, revoked credentials, a local failure): a reason key (`errors.reasons.<key>`) for the renderer to word. */
  notice: z
    .object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
    .nullable()
    .optional(),
  skewMs: z.number().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  maxTxMs: z.number(),
  /**
   * Which snapshot of the worker's state this is: a later one has a higher number. Events and
   * answers travel on different connections, so an answer asked for during a run can arrive after
   * the event that ended it; the renderer keeps the newer one (renderer/src/features/sync/useSyncStatus.ts).
   */
  rev: z.number().int(),
  /** When the worker started; a status of a later start is newer whatever its number. */
  boot: z.number(),
  /** The database's integrity check (DESIGN.md, Performance): a failed one turns the app read-only. */
  integrity: z.enum(['pending', 'checking', 'ok', 'failed']).optional(),
});
export type SyncStatusView = z.infer<typeof SyncStatusSchema>;

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ConflictViewSchema = z.object({
  id: z.string(),
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  rowLabel: z.string(),
  current: z.object({ value: Cell, hlc: z.string(), device: z.string(), at: z.string() }),
  incoming: z.object({ value: Cell, hlc: z.string(), device: z.string(), at: z.string() }),
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

/** An edit the hub refused: what was written, where, and why (a REJECT_REASONS code). */
export const RejectedViewSchema = z.object({
  opId: z.string(),
  table: z.string(),
  rowId: z.string(),
  rowLabel: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  officeId: z.string().nullable(),
  /** The refused cells; personal ones masked for viewers who may not read them. */
  columns: z.record(z.string(), Cell),
  at: z.number(),
});
export type RejectedView = z.infer<typeof RejectedViewSchema>;

/** A pulled row held back (quarantined): it failed the row checks on column `detail`. */
export const QuarantineViewSchema = z.object({
  seq: z.number().int(),
  table: z.string(),
  rowId: z.string(),
  officeId: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  /** A few of its cells (never personal ones), so the administrator can tell which record it is. */
  cells: z.record(z.string(), Cell),
  origin: z.array(z.object({ column: z.string(), deviceId: z.string(), deviceName: z.string() })),
  at: z.number(),
});
export type QuarantineView = z.infer<typeof QuarantineViewSchema>;

export const syncContract = {
  'sync.status': method({
    input: Empty,
    output: SyncStatusSchema,
    reads: ['sync_state', 'sync_conflict', 'sync_rejected', 'sync_quarantine'],
    permission: 'session',
  }),
  'sync.enroll': method({
    input: z.object({ hubUrl: z.string().trim().min(8).max(300), code: Text(64), deviceName: Text(80), allowInsecure: z.boolean().default(false) }).strict(),
    output: SyncStatusSchema,
    changes: ['sync_state'],
    scope: 'county',
    permission: 'sync.manage',
  }),
  'sync.now': method({
    input: Empty,
    output: SyncStatusSchema,
    changes: ['sync_state', 'sync_conflict', 'sync_rejected', 'sync_quarantine'],
    permission: 'session',
  }),
  'sync.importSnapshot': method({
    input: z.object({ fileBase64: z.string().min(4).max(UPLOAD_LIMITS.snapshot) }).strict(),
    output: z.object({ rows: z.number().int() }),
    changes: ['sync_state'],
    scope: 'county',
    permission: 'sync.manage',
  }),
  'sync.conflicts': method({ input: Empty, output: z.array(ConflictViewSchema), reads: ['sync_conflict', 'sync_state'], permission: 'sync.resolve' }),
  'sync.rejected': method({ input: Empty, output: z.array(RejectedViewSchema), reads: ['sync_rejected', 'sync_state'], permission: 'session' }),
  /** Writes the refused cells again as a new edit (after the cause was fixed). */
  'sync.retryRejected': method({ input: z.object({ opId: z.string().max(64) }).strict(), output: z.null(), changes: ['sync_rejected'], permission: 'session' }),
  'sync.discardRejected': method({
    input: z.object({ opId: z.string().max(64) }).strict(),
    output: z.null(),
    changes: ['sync_rejected'],
    permission: 'session',
  }),
  'sync.quarantine': method({
    input: Empty,
    output: z.array(QuarantineViewSchema),
    reads: ['sync_quarantine', 'sync_state'],
    scope: 'county',
    permission: 'sync.manage',
  }),
  /** Deletes a quarantined row on the hub (a tombstone), for every device. */
  'sync.dropQuarantined': method({
    input: z.object({ seq: z.number().int() }).strict(),
    output: z.null(),
    changes: ['sync_quarantine'],
    scope: 'county',
    permission: 'sync.manage',
  }),
  'sync.resolve': method({
    input: z.object({ conflictId: z.string().max(64), choice: z.enum(['current', 'incoming', 'merged']), merged: Cell.optional() }).strict(),
    output: z.null(),
    changes: ['sync_conflict'],
    permission: 'sync.resolve',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const syncGrants = grants({
  'sync.manage': ['admin'],
  'sync.resolve': ['admin', 'chief', 'hr'],
});
