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

/** What the hub holds of a device's push chain (store.ts, advanceChain). */
export interface ChainHeld {
  /** The token the device was last given. */
  cur: string;
  /** The token before it, which a retry of the last push still presents ('' for none; null: no retry, after a rebase). */
  prev: string | null;
  /** The op ids of the push that gave `cur`. */
  last: string[];
  /** The tokens restored desks took the chain over from, and the base of the push that gave `cur` if it was such a takeover. */
  rebased?: { bases: string[]; last: string | null };
}

export type ChainOutcome = 'new' | 'next' | 'retry' | 'rebase' | 'cloned';

/** A chain token: derived from the token presented and the ops pushed, so the same request sent twice gets the same token. */
export const chainToken = (deviceId: string, presented: string, opIds: readonly string[]) =>
  createHash('sha256')
    .update(JSON.stringify([deviceId, presented, opIds]))
    .digest('base64url')
    .slice(0, 32);

/**
 * Two copies of one installation (a data folder copied to a second PC, one backup restored on two
 * desks) hold one device's token and HLC node: their pushes would merge as one device's, and
 * their stamps can tie. Each push presents the chain token of the last push the hub
 * acknowledged to this copy; the copy that pushes first after the split moves the chain, and the
 * other then presents a token the hub has moved past: refused ('cloned'), nothing written, until
 * it is enrolled as a device of its own.
 *
 * - 'new': the hub holds no chain for the device (a desk from before chains, or its first push);
 * - 'next': the token the hub gave last;
 * - 'retry': the token before it, with every op of the last push again (its reply was lost):
 *   the same request again gets the same token;
 * - 'rebase': a restored desk (create-core marks it) takes the chain over, whatever it presents;
 *   a copy still on the replaced chain is refused from then on;
 * - 'cloned': anything else.
 */
export function chainStep(
  deviceId: string,
  held: ChainHeld | null,
  presented: string | null | undefined,
  opIds: readonly string[],
  rebase: boolean,
  rebaseFrom?: string | null,
): { outcome: ChainOutcome; next: ChainHeld | null } {
  // A desk from before chains sends none: it is left alone until it sends one; a desk that has
  // one and stops sending it is a copy on an older program.
  if (presented === undefined && !rebase) return held ? { outcome: 'cloned', next: null } : { outcome: 'new', next: null };
  const p = presented ?? '';
  const ids = new Set(opIds);
  const repeats = (h: ChainHeld) => h.last.every((id) => ids.has(id));
  const bases = held?.rebased?.bases ?? [];
  const keep = (last: string | null) => ({ bases, last });
  if (rebase) {
    // The desk that held the chain when it asked for the restore takes it over, whichever backup
    // it restored (the same one twice included).
    const holder = held && rebaseFrom != null && (rebaseFrom === held.cur || (held.prev !== null && rebaseFrom === held.prev));
    // One backup restored on two desks: both present the backup's token. The first takes the chain
    // over; the second is the copy, unless it repeats the first one's push (its reply was lost).
    if (held && !holder && bases.includes(p)) {
      if (held.rebased?.last === p && repeats(held))
        return { outcome: 'retry', next: { cur: chainToken(deviceId, `rebase:${p}`, opIds), prev: null, last: [...opIds], rebased: keep(p) } };
      return { outcome: 'cloned', next: null };
    }
    return {
      outcome: 'rebase',
      next: { cur: chainToken(deviceId, `rebase:${p}`, opIds), prev: null, last: [...opIds], rebased: { bases: [...bases, p].slice(-50), last: p } },
    };
  }
  if (!held) return { outcome: 'new', next: { cur: chainToken(deviceId, p, opIds), prev: p, last: [...opIds] } };
  if (p === held.cur) return { outcome: 'next', next: { cur: chainToken(deviceId, p, opIds), prev: p, last: [...opIds], rebased: keep(null) } };
  if (held.prev !== null && p === held.prev && repeats(held))
    return { outcome: 'retry', next: { cur: chainToken(deviceId, p, opIds), prev: held.prev, last: [...opIds], rebased: keep(null) } };
  return { outcome: 'cloned', next: null };
}

/**
 * A pull from a copy that only reads: it pushes nothing, so only its pull can tell it apart. It
 * presents the token it holds; one the hub has moved past by two pushes or more (neither the
 * current token nor the one before it) is a copy's, or a desk's whose hub store was put back.
 * One push behind is let through: a desk whose last push reply was lost presents that token too.
 * A desk restored from a backup (rebase) is left alone until its first push takes the chain over;
 * a desk that sends no token (from before chains) is not checked.
 */
export function pullChainRefused(held: ChainHeld | null, presented: string | null | undefined, rebase: boolean): boolean {
  if (!held || presented === undefined) return false;
  const p = presented ?? '';
  // A restored desk presents its backup's token until its first push. Once a desk took the chain
  // over from that token and has pushed since, a desk still presenting it is a copy of the
  // restored one (or the second desk restored from the same backup).
  if (rebase) return (held.rebased?.bases ?? []).includes(p) && held.rebased?.last !== p;
  return p !== held.cur && p !== held.prev;
}

/** A push_chain row as chainStep reads it. */
export function heldChain(row: { cur: string; prev: string | null; last_ops: string; rebased?: string | null }): ChainHeld {
  return {
    cur: row.cur,
    prev: row.prev,
    last: JSON.parse(row.last_ops) as string[],
    ...(row.rebased ? { rebased: JSON.parse(row.rebased) as NonNullable<ChainHeld['rebased']> } : {}),
  };
}
