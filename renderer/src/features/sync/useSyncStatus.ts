import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onEvent, rpc } from '../../api/client';

/** The worker's status, kept live by sync.status events. */
export function useSyncStatus() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['sync.status', {}], queryFn: () => rpc('sync.status', {}), refetchInterval: 30_000 });
  useEffect(
    () =>
      onEvent('sync.status', (s) => {
        qc.setQueryData(['sync.status', {}], s);
        if (s.conflicts) void qc.invalidateQueries({ queryKey: ['sync.conflicts'] });
      }),
    [qc],
  );
  return q.data;
}
