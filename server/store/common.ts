import { createHash, randomBytes } from 'node:crypto';
import type { OpVerdict } from './store';

// What both hub stores share: hashing of tokens and codes, the enrolment code, stored verdicts.

/** Tokens and enrolment codes are kept only as their SHA-256. */
export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A one-time enrolment code, grouped for reading aloud over the phone: XXXX-XXXX-XXXX. */
export function newEnrolmentCode() {
  const raw = randomBytes(9)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '7')
    .slice(0, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

export const parseVerdict = (outcome: string): OpVerdict => {
  if (outcome.startsWith('{')) return JSON.parse(outcome) as OpVerdict;
  // Stores from before verdicts were kept whole: 'accepted' or 'rejected:<reason>'.
  return outcome.startsWith('rejected:') ? { verdict: 'rejected', reason: outcome.slice(9) } : { verdict: 'accepted' };
};

/** One audit row's hash inputs, as the desk sends them (shared/sync/protocol.ts, AuditLinkSchema). */
export interface AuditLinkInput {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  method: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
}

/**
 * Does `head` extend `held`? Recomputed from the hash the hub holds over the rows the desk sent
 * (consecutive seqs from held.seq + 1, each hash as the desk's audit chain makes it), ending on
 * `head`. The desk's own word for either hash counts for nothing.
 */
export function linksExtend(
  held: { seq: number; hash: string },
  head: { seq: number; hash: string },
  links: readonly AuditLinkInput[] | null | undefined,
): boolean {
  let prev = held.hash;
  let seq = held.seq;
  for (const l of links ?? []) {
    if (l.seq !== seq + 1) return false;
    prev = createHash('sha256')
      .update(JSON.stringify([prev, l.at, l.actorId, l.actorName, l.method, l.entity, l.entityId, l.before, l.after]))
      .digest('hex');
    seq = l.seq;
  }
  return seq === head.seq && prev === head.hash;
}

/**
 * What the hub does with a device's audit head (store.ts, anchorAudit): move its anchor forward
 * over rows it recomputed from the anchor it holds (`links`); take a restored chain's head once
 * per restore the device reports (`seen`: this restore row was taken before); refuse a forward
 * claim it cannot recompute ('unlinked'); otherwise (a shorter or rewritten log) hold the anchor.
 */
export function anchorDecision(
  held: { seq: number; hash: string } | null,
  head: { seq: number; hash: string } | null,
  links: readonly AuditLinkInput[] | null | undefined,
  restore: { replaced: { seq: number; hash: string } | null; entry: { seq: number; hash: string } } | null | undefined,
  seen: boolean,
): 'forward' | 'restore' | 'hold' | 'unlinked' {
  if (!head) return 'hold';
  // The first anchor for a device: nothing to hold it against.
  if (!held) return 'forward';
  if (head.seq >= held.seq && linksExtend(held, head, links)) return 'forward';
  // The restore's own row is in the restored chain, at or before its head; each is taken once.
  if (restore && restore.entry.seq <= head.seq && !seen) return 'restore';
  return head.seq > held.seq ? 'unlinked' : 'hold';
}
