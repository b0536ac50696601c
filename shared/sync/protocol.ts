import { z } from 'zod';
import { unstorable } from '../domain/text';

// Wire format between the desktop sync worker and the county hub (DESIGN.md, Sync).

export const SENSITIVITY_CLASSES = ['station', 'county', 'hr'] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

const Hlc = z.string().regex(/^\d{15}-[0-9a-z]{6}-[0-9a-zA-Z_-]{1,64}$/, 'malformed HLC');
const Ident = z.string().regex(/^[a-z_][a-z0-9_]{0,63}$/, 'bad identifier');
const CellValue = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);
/** An id or name the hub stores as text: no U+0000 or broken character (PostgreSQL refuses them). */
const Key = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !unstorable(s), 'unstorable character');

export const OpSchema = z
  .object({
    opId: Key(8, 64),
    table: Ident,
    rowId: Key(1, 64),
    officeId: Key(1, 64),
    columns: z.record(Ident, CellValue).refine((c) => Object.keys(c).length > 0 && Object.keys(c).length <= 64, 'columns: 1–64'),
    hlc: Hlc,
    schemaVersion: z.number().int().min(1).max(10_000),
    /** For sensitive columns: the cell version this edit was based on. */
    base: z.record(Ident, Hlc.nullable()).optional(),
  })
  .strict();
export type Op = z.infer<typeof OpSchema>;

export const PushRequestSchema = z
  .object({
    schemaVersion: z.number().int().min(1),
    ops: z.array(OpSchema).max(2000),
    /**
     * The pull cursor the device had applied when it wrote these ops: a row that moved out of its
     * office after it is one the device still held, so its edits follow the row instead of being refused.
     */
    cursor: z.number().int().min(0).optional(),
    /**
     * The chain token of the last push the hub acknowledged to this copy of the installation (null
     * before its first), sent to a hub that announces 'push-chain': a second copy of one installation
     * presents one the hub has moved past and is refused (409 DEVICE_CLONED). server/store/common.ts, chainStep.
     */
    chain: z.string().max(64).nullable().optional(),
    /** This desk restored a backup: its push takes the chain over (a copy left on the old chain is refused from then on). */
    rebase: z.literal(true).optional(),
    /**
     * With rebase, to a hub announcing 'rebase-from': the token the desk held when the restore was
     * asked for. The desk that holds the chain may restore any backup, the same one twice included.
     */
    rebaseFrom: z.string().max(64).nullable().optional(),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequestSchema>;

/**
 * Why the hub refused an op (a stable code the desktop words in the user's language):
 * - out_of_scope: the row belongs to another office than the device's;
 * - class: devices of this class may not write the table (HR-class records, county-wide data);
 * - ref_out_of_scope: a reference column (detail) names a row outside the device's scope, or no row;
 * - invalid: a cell (detail) fails the row shapes (shared/sync/rows.ts);
 * - unknown_row: an edit of a row the hub never had (no half-created rows);
 * - no_office: the row names no office;
 * - pending_quota: the device's ops waiting for a hub upgrade exceed its quota;
 * - personal_set: a device that may not read a personal column (a station's, for cadre.id_number)
 *   changed or cleared a cell (detail) the hub already holds a value for: such a device may only
 *   submit the first value (write-only).
 */
export const REJECT_REASONS = ['out_of_scope', 'class', 'ref_out_of_scope', 'invalid', 'unknown_row', 'no_office', 'pending_quota', 'personal_set'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const CellsSchema = z.record(z.string(), z.object({ value: CellValue, hlc: z.string() }));

export const PushResponseSchema = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(
    z.object({
      opId: z.string(),
      reason: z.string(),
      detail: z.string().optional(),
      /** The row as the hub holds it and this device may see it, to put the local copy back; null: none in its scope. */
      current: z.object({ officeId: z.string(), cells: CellsSchema }).nullable().optional(),
    }),
  ),
  conflicted: z.array(z.object({ opId: z.string(), column: z.string() })),
  pending: z.array(z.string()),
  serverTime: z.number(),
  /** The chain token to present at the next push (hubs with 'push-chain'). */
  chain: z.string().optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullRequestSchema = z
  .object({
    cursor: z.number().int().min(0),
    limit: z.number().int().min(1).max(5000).default(500),
    schemaVersion: z.number().int().min(1),
    /**
     * The push chain token this copy holds (PushRequest's), sent to a hub with the 'pull-chain'
     * feature: a copy that only reads is told apart by its pull (server/store/common.ts, pullChainRefused).
     */
    chain: z.string().max(64).nullable().optional(),
    /** A restored desk before its first push (PushRequest's rebase): not checked until that push. */
    rebase: z.literal(true).optional(),
  })
  .strict();

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
  /** What this hub understands beyond the base protocol ('push-chain', 'pull-chain', 'rebase-from'). */
  features: z.array(z.string()).optional(),
});
export type Hello = z.infer<typeof HelloSchema>;

/**
 * An enrolment. `claim` is a random secret the device makes and keeps before its first attempt:
 * the hub binds a registration not yet confirmed to the first claim it sees, gives the same
 * registration back to a retry with that claim, and refuses a different one (409 CLAIMED), so a
 * code read over the phone or reused cannot take over a device that is still in its first sync.
 */
export const EnrollRequestSchema = z
  .object({
    code: z.string().trim().min(6).max(64),
    deviceName: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .refine((s) => !unstorable(s), 'unstorable character'),
    claim: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'invalid claim'),
  })
  .strict();
export const EnrollResponseSchema = z.object({ deviceId: z.string(), token: z.string(), officeId: z.string(), sensitivity: z.enum(SENSITIVITY_CLASSES) });

export const ResolveRequestSchema = z.object({ conflictId: z.string().max(64) }).strict();

/** Who wrote a row's cells: the desktop asks for a row it quarantined, to show its origin. */
export const OriginRequestSchema = z.object({ table: Ident, rowId: Key(1, 64) }).strict();
export const OriginResponseSchema = z.object({ writers: z.array(z.object({ column: z.string(), deviceId: z.string(), deviceName: z.string() })) });

/** Enrolment bodies are small: anything larger is refused before it is read. */
export const MAX_ENROLL_BODY = 4096;

/** The hub rejects timestamps further ahead of its own clock than this. */
export const MAX_FUTURE_MS = 10 * 60_000;

const AuditHead = z.object({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

/**
 * A backup was restored on the device: its chain was replaced by the backup's. `replaced` is the
 * head the restore replaced (the evidence, kept on the hub), `entry` the restore's own audit row
 * in the restored chain.
 */
export const AuditRestoreClaim = z.object({ replaced: AuditHead.nullable(), entry: AuditHead }).strict();

/**
 * The device's audit chain head, anchored on the hub: `head` is the device's last row, `at` the
 * device's own hash at the seq the hub holds. The hub moves its anchor forward only when `at`
 * matches it, so a device whose log lost or rewrote rows gets the old anchor back and reports it.
 * After a restore the device says so (`restore`), once: the hub records the restore and takes the
 * restored chain's head (`restored: true`) instead of holding the replaced chain's against it.
 */
/** At most this many audit rows per anchoring request: a desk further ahead pages (one request per page). */
export const MAX_AUDIT_LINKS = 500;

/**
 * One audit row's hash inputs (as stored: before/after are the stored JSON text, personal fields
 * already keyed hashes). The hub recomputes sha256(JSON.stringify([prev, at, actorId, actorName,
 * method, entity, entityId, before, after])) from the hash it holds, row by row.
 */
export const AuditLinkSchema = z
  .object({
    seq: z.number().int().min(1),
    at: z.string().max(64),
    actorId: z.string().max(128).nullable(),
    actorName: z.string().max(512).nullable(),
    method: z.string().max(128),
    entity: z.string().max(128),
    entityId: z.string().max(512).nullable(),
    before: z.string().nullable(),
    after: z.string().nullable(),
  })
  .strict();
export type AuditLink = z.infer<typeof AuditLinkSchema>;

/**
 * `links`: the rows after the anchor the hub holds (exclusive) through `head`, in order: the proof
 * that `head` extends it. The hub refuses a forward move it cannot recompute (AUDIT_UNLINKED).
 * `at` is kept for older desks and not trusted.
 */
export const AuditAnchorRequestSchema = z
  .object({
    head: AuditHead.nullable(),
    at: AuditHead.nullable(),
    links: z.array(AuditLinkSchema).max(MAX_AUDIT_LINKS).optional(),
    restore: AuditRestoreClaim.optional(),
  })
  .strict();
export const AuditAnchorResponseSchema = z.object({ anchor: AuditHead.nullable(), moved: z.boolean(), restored: z.boolean().optional() });
