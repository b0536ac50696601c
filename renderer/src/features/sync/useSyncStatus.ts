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
export function newerStatus(prev: SyncStatusView | undefined, next: SyncStatusView, nextIsAnswer: boolean): SyncStatusView {
  if (!prev) return next;
  if (next.rev >= prev.rev) return nextIsAnswer ? next : { ...next, conflicts: prev.conflicts, rejected: prev.rejected, quarantined: prev.quarantined };
  return nextIsAnswer ? { ...prev, conflicts: next.conflicts, rejected: next.rejected, quarantined: next.quarantined } : prev;
}

/** Put an answer (sync.now's, sync.enroll's) into the cache without going back in time. */
export function keepSyncStatus(qc: QueryClient, answer: SyncStatusView) {
  qc.setQueryData<SyncStatusView>(KEY, (prev) => newerStatus(prev, answer, true));
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
