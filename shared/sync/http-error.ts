import { z } from 'zod';

// The one error type of the sync link, on both ends: the hub throws it and turns it into its
// answer's body, and the desktop's sync worker turns a hub's error answer (or a link that gave
// none) back into it. The wire body is `{ error: { code, message, details? } }`.

/** Codes the hub answers with. */
export const HUB_ERROR_CODES = [
  'BAD_REQUEST',
  'TOO_LARGE',
  'UNSUPPORTED',
  'UNAUTHORIZED',
  'BAD_CODE',
  'NOT_FOUND',
  'CLAIMED',
  'CLOCK_AHEAD',
  'CLIENT_TOO_OLD',
  'RATE_LIMITED',
  /** An audit head that does not extend the anchor the hub holds (details.anchor: that anchor). */
  'AUDIT_UNLINKED',
  /** A push from a second copy of one installation (store.ts, advanceChain): it must be enrolled as a device of its own. */
  'DEVICE_CLONED',
  'HUB_STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

/**
 * Codes the worker gives a call that brought no hub answer: no hub set, no connection, an answer
 * that is not the hub's, an error answer without a code.
 */
export const LINK_ERROR_CODES = ['UNCONFIGURED', 'OFFLINE', 'BAD_RESPONSE', 'HTTP'] as const;

export type HubErrorCode = (typeof HUB_ERROR_CODES)[number] | (typeof LINK_ERROR_CODES)[number];

export class HubError extends Error {
  /** One of HubErrorCode, except from a newer hub: a code this build does not know is kept as sent. */
  readonly code: HubErrorCode | (string & {});
  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    code: HubErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}

export const HubErrorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional(), details: z.unknown().optional() }),
});
export type HubErrorBody = { error: { code: string; message: string; details?: unknown } };

/** The body the hub sends for an error. */
export function hubErrorBody(e: HubError): HubErrorBody {
  return { error: { code: e.code, message: e.message, details: e.details } };
}

/** A hub's error answer as the worker sees it; a body that is not the hub's shape still becomes an error of its status. */
export function hubErrorOf(status: number, body: unknown): HubError {
  const parsed = HubErrorBodySchema.safeParse(body);
  const e = parsed.success ? parsed.data.error : {};
  const err = new HubError(status, 'HTTP', e.message ?? `hub error ${status}`, e.details);
  if (e.code) (err as { code: string }).code = e.code;
  return err;
}
