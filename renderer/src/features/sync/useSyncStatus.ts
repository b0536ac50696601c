import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SyncStatusView } from '../../../../shared/contract/sync';
import { onEvent, rpc } from '../../api/client';

const KEY = ['sync.status', {}];

/**
 * The newer of two statuses by the worker's snapshot number. An answer to sync.status asked for
 * during a run can arrive after the event that ended it (they travel on different connections):
 * taken as it came, it would show 同步中 until the next poll. The counts a viewer may act on come
 * only with answers, so an older answer still brings those.
 */
type Kept = SyncStatusView & { countsRev?: number };
const order = (s: SyncStatusView, rev = s.rev) => [s.boot, rev] as const;
const later = (a: readonly [number, number], b: readonly [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

export function newerStatus(prev: Kept | undefined, next: SyncStatusView, nextIsAnswer: boolean): Kept {
  if (!prev) return nextIsAnswer ? { ...next, countsRev: next.rev } : next;
  // The viewer's counts: from the latest answer (an event's are the device's totals).
  const counts =
    nextIsAnswer && later(order(next), order(prev, prev.countsRev ?? -1))
      ? { conflicts: next.conflicts, rejected: next.rejected, quarantined: next.quarantined, countsRev: next.rev }
      : { conflicts: prev.conflicts, rejected: prev.rejected, quarantined: prev.quarantined, countsRev: prev.countsRev };
  // A status of a later worker start is newer whatever its number (the numbers start again).
  const base = later(order(next), order(prev)) ? next : prev;
  return { ...base, ...counts };
}

/** Put an answer (sync.now's, sync.enroll's) into the cache without going back in time. */
export function keepSyncStatus(qc: QueryClient, answer: SyncStatusView) {
  qc.setQueryData<Kept>(KEY, (prev) => newerStatus(prev, answer, true));
}

/**
 * The worker's status, kept live by sync.status events. The counts of conflicts, refused edits and
 * quarantined rows are the signed-in user's (sync.status answers with what this viewer can act
 * on); an event carries the device's totals, so when those change the viewer's are asked again.
 */
export function useSyncStatus() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      const answer = await rpc('sync.status', {});
      // Compared with what the cache holds when the answer arrives, not when it was asked for.
      return newerStatus(qc.getQueryData<SyncStatusView>(KEY), answer, true);
    },
    refetchInterval: 30_000,
  });
  const totals = useRef('');
  useEffect(
    () =>
      onEvent('sync.status', (s) => {
        const prev = qc.getQueryData<SyncStatusView>(KEY);
        qc.setQueryData(KEY, newerStatus(prev, s, false));
        if (s.conflicts) void qc.invalidateQueries({ queryKey: ['sync.conflicts'] });
        const now = `${s.conflicts}/${s.rejected}/${s.quarantined}`;
        if (now !== totals.current || !prev) {
          totals.current = now;
          void qc.invalidateQueries({ queryKey: KEY });
          void qc.invalidateQueries({ queryKey: ['sync.rejected'] });
          void qc.invalidateQueries({ queryKey: ['sync.quarantine'] });
        }
      }),
    [qc],
  );
  return q.data;
}
