import { createHash, randomBytes } from 'node:crypto';
import type { OpVerdict } from './store';

// What both hub stores share: hashing of tokens and codes, the enrolment code, stored verdicts.

/** Tokens and enrolment codes are kept only as their SHA-256. */
export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A one-time enrolment code, grouped for reading aloud over the phone: XXXX-XXXX-XXXX. */
export function newEnrolmentCode() {
  const raw = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, '7').slice(0, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

export const parseVerdict = (outcome: string): OpVerdict => {
  if (outcome.startsWith('{')) return JSON.parse(outcome) as OpVerdict;
  // Stores from before verdicts were kept whole: 'accepted' or 'rejected:<reason>'.
  return outcome.startsWith('rejected:') ? { verdict: 'rejected', reason: outcome.slice(9) } : { verdict: 'accepted' };
};

/**
 * What the hub does with a device's audit head (store.ts, anchorAudit): move its anchor forward
 * over a log that still holds it; take a restored chain's head once per restore the device
 * reports (`seen`: this restore row was taken before); otherwise hold the anchor it has.
 */
export function anchorDecision(
  held: { seq: number; hash: string } | null,
  head: { seq: number; hash: string } | null,
  at: { seq: number; hash: string } | null,
  restore: { replaced: { seq: number; hash: string } | null; entry: { seq: number; hash: string } } | null | undefined,
  seen: boolean,
): 'forward' | 'restore' | 'hold' {
  if (!head) return 'hold';
  const follows = !held || (at !== null && at.seq === held.seq && at.hash === held.hash);
  if (follows && (!held || head.seq >= held.seq)) return 'forward';
  // The restore's own row is in the restored chain, at or before its head; each is taken once.
  if (held && restore && restore.entry.seq <= head.seq && !seen) return 'restore';
  return 'hold';
}
