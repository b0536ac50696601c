import { z } from 'zod';

// Stable error codes. The UI maps each to a Chinese message (renderer/src/i18n).
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATION',
  'BAD_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'WEAK_PASSWORD',
  'PASSWORD_CHANGE_REQUIRED',
  'ALREADY_SET_UP',
  /** The sync hub did not answer (or its answer was lost): worth trying again. */
  'HUB_UNREACHABLE',
  /** The database (or a backup) is encrypted and no key was given for it. */
  'DB_KEY_MISSING',
  /** The key given does not open the database or backup (another installation's, or the file is damaged). */
  'DB_KEY_WRONG',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RpcError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Every answer carries the core's instant, so the page takes today from the core (RULES.md, dates). */
export type Result<T> = ({ ok: true; value: T } | { ok: false; error: RpcError }) & { now?: string };

/** Thrown inside the core; dispatch turns it into the error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * An outcome the renderer words: a stable reason key with its parameters, never a sentence. The
 * message is the key too (for the log); the renderer reads `errors.reasons.<reason>` from the
 * dictionaries (each feature adds its own reasons under `errors.reasons` in its i18n.ts).
 *
 *     throw fail('RULE_VIOLATION', 'pastRetirement', { retirementDate })
 */
export function fail(code: ErrorCode, reason: string, params: Record<string, unknown> = {}): AppError {
  return new AppError(code, reason, { ...params, reason });
}

/**
 * A rule checked for the user (a warning, a verdict's criterion): its key, whether it passed, and
 * the parameters its wording needs. The renderer words it (`<feature>.rules.<rule>`).
 */
export interface RuleOutcome {
  rule: string;
  pass: boolean;
  /** Scalars, or a list the renderer joins the way the language does (`listText`). */
  params?: Record<string, string | number | boolean | null | (string | number)[]>;
}

/** The wire shape of a RuleOutcome, for every domain's outputs. */
export const RuleOutcomeSchema = z.object({
  rule: z.string(),
  pass: z.boolean(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))])).optional(),
}) satisfies z.ZodType<RuleOutcome>;
