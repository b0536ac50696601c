import { z } from 'zod';
import { method } from './common';

// Imports of the files offices really have (.xlsx, .xls, .csv): a preview per kind (with the
// permission of that list), then one commit job that runs in the core's import worker.

export const IMPORT_KINDS = ['businesses', 'cadres', 'census'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What the contract accepts, and so what browser mode's body limit is sized to. */
export const UPLOAD_LIMITS = {
  /** base64 characters of an import file (45 MB of file). */
  importFile: 60_000_000,
  /** base64 characters of a sync snapshot. */
  snapshot: 400_000_000,
} as const;
/** The largest import file, in MB (10^6 bytes): what fits in UPLOAD_LIMITS.importFile as base64. */
export const IMPORT_FILE_MB = Math.floor((UPLOAD_LIMITS.importFile * 3) / 4 / 1_000_000);
/** The refusal of an over-size import file, the same from the host and the renderer. */
/** For a client that does not word `reason: file_too_large` itself (the app does: errors.reasons.file_too_large). */
export const fileTooLargeMessage = (mb: number) => `import file too large: at most ${mb} MB`;

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const ImportIssueSchema = z.object({
  row: z.number().int(),
  field: z.string(),
  level: z.enum(['error', 'warning']),
  code: z.string(),
  params: Params,
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const ImportSummarySchema = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning']),
  field: z.string(),
  count: z.number().int(),
  /** The first rows of this kind, as Excel numbers them. */
  rows: z.array(z.number().int()),
  params: Params,
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportColumnSchema = z.object({
  index: z.number().int(),
  header: z.string(),
  /** The field this column feeds; null = ignored. */
  field: z.string().nullable(),
});

export const ImportPreviewSchema = z.object({
  previewId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(['xlsx', 'xls', 'html', 'csv']),
  encoding: z.string().nullable(),
  sheet: z.string(),
  headerRow: z.number().int(),
  columns: z.array(ImportColumnSchema),
  fields: z.array(z.object({ key: z.string(), required: z.boolean() })),
  /** The mapping came from an earlier import of a file with the same columns. */
  remembered: z.boolean(),
  rows: z.number().int(),
  creates: z.number().int(),
  updates: z.number().int(),
  unchanged: z.number().int(),
  errorRows: z.number().int(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  summary: z.array(ImportSummarySchema),
  /** The first issues row by row; the full list is in the report. */
  issues: z.array(ImportIssueSchema),
  unknownZones: z.array(z.object({ text: z.string(), rows: z.number().int() })),
  unknownGrids: z.array(z.object({ text: z.string(), rows: z.number().int() })),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportJobSchema = z.object({
  jobId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.enum(['waiting', 'writing', 'committing', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  result: z
    .object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      skipped: z.number().int(),
      zonesCreated: z.number().int(),
      gridsCreated: z.number().int(),
    })
    .nullable(),
  /** Why the write failed: the core's code, and its reason key and parameters (details) for the renderer to word. */
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

/** The file, or a preview to map again without sending the file twice. */
const PreviewSource = {
  fileName: z.string().max(200).optional(),
  fileBase64: z.string().max(UPLOAD_LIMITS.importFile).optional(),
  previewId: z.string().max(80).optional(),
  /** Column index → field key, or null to ignore the column. */
  mapping: z.record(z.string().regex(/^\d{1,4}$/), z.string().max(40).nullable()).optional(),
  /** With a previewId: forget the mapping remembered for these columns and guess it again. */
  resetMapping: z.boolean().optional(),
};
export const PreviewInput = <T extends z.ZodRawShape>(target: T) =>
  z
    .object({ ...target, ...PreviewSource })
    .strict()
    .refine((i) => !!(i as { fileBase64?: string }).fileBase64 !== !!(i as { previewId?: string }).previewId, { message: 'send the file or a previewId' });

export const importsContract = {
  'imports.commit': method({
    input: z
      .object({
        previewId: z.string().max(80),
        /** Import the rows without errors and leave the others out; default all-or-nothing. */
        skipErrors: z.boolean().default(false),
        /** Zones and grids the file names but the station does not have. */
        unknownRefs: z.enum(['unassigned', 'create']).default('unassigned'),
      })
      .strict(),
    output: ImportJobSchema,
    permission: 'session',
  }),
  'imports.job': method({ input: z.object({ jobId: z.string().max(80) }).strict(), output: ImportJobSchema, permission: 'session' }),
  'imports.cancel': method({ input: z.object({ jobId: z.string().max(80) }).strict(), output: ImportJobSchema, permission: 'session' }),
  'imports.report': method({
    input: z
      .object({
        previewId: z.string().max(80),
        /** The renderer's wording of each issue code and field, so the file reads in the user's language. */
        words: z.record(z.string().max(80), z.string().max(300)).refine((w) => Object.keys(w).length <= 400, 'too many words'),
        problemHeader: z.string().max(20),
      })
      .strict(),
    output: z.object({ fileBase64: z.string() }),
    permission: 'session',
  }),
};
