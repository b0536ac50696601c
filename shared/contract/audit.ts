import { z } from 'zod';
import { DateSchema, Empty, grants, method } from './common';

export const AuditRowSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  method: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** What the entity is called (a cadre's name, a zone's code and name …), when it still exists. */
  entityName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

export const auditContract = {
  'audit.list': method({
    input: z
      .object({
        entity: z.string().max(40).optional(),
        method: z.string().max(60).optional(),
        actor: z.string().max(40).optional(),
        from: DateSchema.optional(),
        to: DateSchema.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    /** `names`: what the ids on the page (entities and the *_id values in changes) are called. */
    output: z.object({ rows: z.array(AuditRowSchema), total: z.number().int(), names: z.record(z.string(), z.string()) }),
    reads: '*',
    scope: 'county',
    permission: 'audit.read',
  }),
  'audit.verify': method({
    input: Empty,
    output: z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      /** The first row that is edited, follows a deleted one, or is missing (truncation). */
      firstBadSeq: z.number().int().nullable(),
      problem: z.enum(['edited', 'deleted', 'truncated']).nullable(),
      /** The newest head anchored outside the table (key store, a backup, the hub). */
      lastAnchoredSeq: z.number().int().nullable(),
      anchors: z.array(z.object({ source: z.enum(['keystore', 'backup', 'hub']), seq: z.number().int() })),
      /** Rows up to here are in the archive (the retention setting), not in the table. */
      archivedThrough: z.number().int().nullable(),
    }),
    reads: '*',
    scope: 'county',
    permission: 'audit.read',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const auditGrants = grants({
  'audit.read': ['admin'],
});
