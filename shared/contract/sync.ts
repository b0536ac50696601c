import { z } from 'zod';
import { SENSITIVITY_CLASSES } from '../sync/protocol';
import { Empty, method, Text } from './common';

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
  error: z.string().nullable(),
  skewMs: z.number().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  maxTxMs: z.number(),
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

export const syncContract = {
  'sync.status': method({ input: Empty, output: SyncStatusSchema, permission: 'session' }),
  'sync.enroll': method({
    input: z.object({ hubUrl: z.string().trim().min(8).max(300), code: Text(64), deviceName: Text(80), allowInsecure: z.boolean().default(false) }).strict(),
    output: SyncStatusSchema,
    permission: 'sync.manage',
  }),
  'sync.now': method({ input: Empty, output: SyncStatusSchema, permission: 'session' }),
  'sync.importSnapshot': method({
    input: z.object({ fileBase64: z.string().min(4).max(400_000_000) }).strict(),
    output: z.object({ rows: z.number().int() }),
    permission: 'sync.manage',
  }),
  'sync.conflicts': method({ input: Empty, output: z.array(ConflictViewSchema), permission: 'sync.resolve' }),
  'sync.resolve': method({
    input: z.object({ conflictId: z.string().max(64), choice: z.enum(['current', 'incoming', 'merged']), merged: Cell.optional() }).strict(),
    output: z.null(),
    permission: 'sync.resolve',
  }),
};
