import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../../shared/contract/sync';
import { newerStatus } from './useSyncStatus';

const base: SyncStatusView = {
  configured: true,
  hubUrl: 'http://hub',
  deviceId: 'd',
  officeId: 'o',
  sensitivity: 'county',
  state: 'idle',
  lastSuccess: 1,
  pending: 0,
  conflicts: 0,
  rejected: 0,
  quarantined: 0,
  error: null,
  errorReason: null,
  errorHost: null,
  skewMs: 0,
  progress: null,
  maxTxMs: 0,
  rev: 1,
  boot: 1000,
};

describe('the sync badge never goes back in time', () => {
  it('an answer asked for during a run and arriving after the event that ended it keeps 已同步', () => {
    const ended = { ...base, state: 'idle' as const, rev: 7, conflicts: 2 };
    const lateAnswer = { ...base, state: 'syncing' as const, rev: 5, conflicts: 1, rejected: 3 };
    const shown = newerStatus(ended, lateAnswer, true);
    expect(shown.state).toBe('idle');
    expect(shown.rev).toBe(7);
    // The viewer's own counts come only with answers: they are taken even from a late one.
    expect([shown.conflicts, shown.rejected]).toEqual([1, 3]);
  });

  it('a newer event replaces the state but keeps the viewer counts of the last answer', () => {
    const answered = { ...base, rev: 3, rejected: 1 };
    const event = { ...base, state: 'syncing' as const, rev: 4, rejected: 5 };
    expect(newerStatus(answered, event, false)).toMatchObject({ state: 'syncing', rev: 4, rejected: 1 });
  });

  it('an older event is ignored, a newer answer is taken whole', () => {
    const shown = { ...base, rev: 9 };
    expect(newerStatus(shown, { ...base, state: 'syncing', rev: 8 }, false)).toMatchObject({ state: 'idle', rev: 9 });
    expect(newerStatus(shown, { ...base, state: 'offline', rev: 10, rejected: 2 }, true)).toMatchObject({ state: 'offline', rejected: 2 });
    expect(newerStatus(undefined, { ...base, rev: 1 }, false).rev).toBe(1);
  });

  it('takes a status of a later worker start whatever its number (the host restarted after a restore)', () => {
    const before = { ...base, state: 'syncing' as const, rev: 900, boot: 1000 };
    expect(newerStatus(before, { ...base, state: 'idle', rev: 2, boot: 5000 }, false)).toMatchObject({ state: 'idle', boot: 5000 });
    expect(newerStatus({ ...base, rev: 3, boot: 5000 }, { ...base, state: 'syncing', rev: 800, boot: 1000 }, false)).toMatchObject({
      state: 'idle',
      boot: 5000,
    });
  });

  it('keeps the counts of the latest answer, not of an older one that arrived after it', () => {
    let kept = newerStatus(undefined, { ...base, rev: 5, rejected: 2 }, true);
    kept = newerStatus(kept, { ...base, rev: 7, rejected: 0 }, true);
    kept = newerStatus(kept, { ...base, rev: 6, rejected: 2 }, true);
    expect(kept.rejected).toBe(0);
  });
});
