import { describe, expect, it } from 'vitest';
import { chainStep, pullChainRefused, type ChainHeld } from './common';

// The push chain's rule (common.ts, chainStep), case by case; the hub and the copies are in
// server/test/clone.test.ts and server/fault/clones.test.ts.
const second = (s: { next: ChainHeld | null }) => `older-${s.next!.cur}`;

describe('the push chain', () => {
  const dev = 'device-1';
  const step = (held: ChainHeld | null, presented: string | null | undefined, ops: string[], rebase = false) => chainStep(dev, held, presented, ops, rebase);

  it('moves on the token last given, and takes a lost reply’s retry (with more ops) under the token before', () => {
    const first = step(null, null, ['a', 'b']);
    expect(first.outcome).toBe('new');
    const second = step(first.next, first.next!.cur, ['c']);
    expect(second.outcome).toBe('next');
    // The reply of the second push was lost: the desk sends it again, with an edit made since.
    const retry = step(second.next, first.next!.cur, ['c', 'd']);
    expect(retry.outcome).toBe('retry');
    // And lost again: the same request twice gets the same token.
    const again = step(retry.next, first.next!.cur, ['c', 'd']);
    expect(again).toMatchObject({ outcome: 'retry', next: { cur: retry.next!.cur } });
  });

  it('refuses the copy left behind: an older token, a retry without the ops it repeats, no token once one was given', () => {
    const first = step(null, null, ['a']);
    const second = step(first.next, first.next!.cur, ['b']);
    const third = step(second.next, second.next!.cur, ['c']);
    expect(step(third.next, first.next!.cur, ['x']).outcome).toBe('cloned');
    expect(step(third.next, second.next!.cur, ['x']).outcome).toBe('cloned');
    expect(step(third.next, null, ['x']).outcome).toBe('cloned');
    expect(step(third.next, undefined, ['x']).outcome).toBe('cloned');
    expect(step(third.next, 'forged', ['c']).outcome).toBe('cloned');
  });

  it('leaves a desk from before chains alone, and lets a restored desk take the chain over once and for all', () => {
    expect(step(null, undefined, ['a'])).toEqual({ outcome: 'new', next: null });
    const first = step(null, null, ['a']);
    const rebased = step(first.next, 'stale-token-from-a-backup', ['b'], true);
    expect(rebased.outcome).toBe('rebase');
    // The install the restore replaced still holds the old token: refused, even as a retry.
    expect(step(rebased.next, first.next!.cur, ['x']).outcome).toBe('cloned');
    expect(step(rebased.next, 'stale-token-from-a-backup', ['b']).outcome).toBe('cloned');
    expect(step(rebased.next, rebased.next!.cur, ['c']).outcome).toBe('next');
  });

  it('lets only the first of two desks restored from one backup take the chain over; a lost reply of it is still a retry', () => {
    const first = step(null, null, ['a']);
    const p = step(first.next, first.next!.cur, ['p1', 'shared'], true);
    expect(p.outcome).toBe('rebase');
    // The first restored desk's reply was lost: it sends the same again, with an edit more.
    const retry = step(p.next, first.next!.cur, ['p1', 'shared', 'p2'], true);
    expect(retry.outcome).toBe('retry');
    // The second desk restored from the same backup presents the same token: the copy.
    expect(step(retry.next, first.next!.cur, ['q1', 'shared'], true).outcome).toBe('cloned');
    // Even after the first desk has pushed on.
    const on = step(retry.next, retry.next!.cur, ['p3']);
    expect(on.outcome).toBe('next');
    expect(step(on.next, first.next!.cur, ['q1'], true).outcome).toBe('cloned');
    // A restore of another backup (another token) still takes the chain over.
    expect(step(on.next, second(on), ['r1'], true).outcome).toBe('rebase');
  });

  it('gives each device tokens of its own', () => {
    expect(chainStep('device-1', null, null, ['a'], false).next!.cur).not.toBe(chainStep('device-2', null, null, ['a'], false).next!.cur);
  });

  it('at a pull, lets the current token and the one before it through, and refuses an older or forged one', () => {
    const first = step(null, null, ['a']).next!;
    const second2 = step(first, first.cur, ['b']).next!;
    const third = step(second2, second2.cur, ['c']).next!;
    expect(pullChainRefused(third, third.cur, false)).toBe(false);
    expect(pullChainRefused(third, second2.cur, false)).toBe(false);
    expect(pullChainRefused(third, first.cur, false)).toBe(true);
    expect(pullChainRefused(third, null, false)).toBe(true);
    expect(pullChainRefused(third, 'forged', false)).toBe(true);
    // Not checked: a desk that sends none, a restored desk before its first push, a device with no chain yet.
    expect(pullChainRefused(third, undefined, false)).toBe(false);
    expect(pullChainRefused(third, first.cur, true)).toBe(false);
    expect(pullChainRefused(null, 'anything', false)).toBe(false);
    // A new device's first push: the copy that never pushed (no token) is one behind, let through.
    expect(pullChainRefused(first, null, false)).toBe(false);
  });

  it('lets the desk that held the chain when it asked for the restore take it over, from the same backup twice; not a desk that did not', () => {
    const backup = step(null, null, ['a']).next!;
    const moved = step(backup, backup.cur, ['b']).next!;
    const first = chainStep(dev, moved, backup.cur, ['c'], true, moved.cur);
    expect(first.outcome).toBe('rebase');
    const on = step(first.next, first.next!.cur, ['d']).next!;
    // The same backup again, on the desk holding the chain: a takeover again, not a copy.
    const again = chainStep(dev, on, backup.cur, ['e'], true, on.cur);
    expect(again.outcome).toBe('rebase');
    // A second desk restored from that backup holds no token of this chain: the copy.
    expect(chainStep(dev, on, backup.cur, ['f'], true, null).outcome).toBe('cloned');
    expect(chainStep(dev, on, backup.cur, ['f'], true, 'some-other-token').outcome).toBe('cloned');
    // The replaced install, still on the token it held before the first takeover: the copy too.
    expect(chainStep(dev, on, backup.cur, ['f'], true, moved.cur).outcome).toBe('cloned');
  });

  it('at a pull of a restored desk, lets its backup’s token through until a desk that took the chain over from it has pushed again', () => {
    const backup = step(null, null, ['a']).next!;
    const moved = step(backup, backup.cur, ['b']).next!;
    // Restored from the backup: not yet pushed, nothing took over from its token.
    expect(pullChainRefused(moved, backup.cur, true)).toBe(false);
    const takeover = step(moved, backup.cur, ['c'], true);
    expect(takeover.outcome).toBe('rebase');
    // Its reply lost: the same desk still presents the backup's token, with rebase: let through.
    expect(pullChainRefused(takeover.next, backup.cur, true)).toBe(false);
    // It has pushed again: a desk still presenting the backup's token as a restore is a copy.
    const after = step(takeover.next, takeover.next!.cur, ['d']).next!;
    expect(pullChainRefused(after, backup.cur, true)).toBe(true);
    expect(pullChainRefused(after, after.cur, false)).toBe(false);
  });
});
