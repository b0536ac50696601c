import { useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { contract, type Input, type MethodName, type Output } from '../../../shared/contract';
import { errorText } from '../lib/errors';
import { onEvent, rpc } from './client';

export function useRpc<M extends MethodName>(
  method: M,
  input: Input<M>,
  opts: { enabled?: boolean; /** Poll while the answer says work is under way. */ refetchInterval?: (data: Output<M> | undefined) => number | false } = {},
) {
  const every = opts.refetchInterval;
  return useQuery({
    queryKey: [method, input],
    queryFn: () => rpc(method, input),
    enabled: opts.enabled,
    ...(every ? { refetchInterval: (q: { state: { data: Output<M> | undefined } }) => every(q.state.data) } : {}),
  });
}

/**
 * A mutation that shows a Chinese error toast on failure and a success toast if given. It
 * refreshes nothing itself: the core announces what the call changed (`data.changed`), and the
 * queries that read those tables refresh (wireInvalidation).
 */
export function useRpcMutation<M extends MethodName>(method: M, opts: { success?: string; onSuccess?: (v: Output<M>) => void } = {}) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (input: Input<M>) => rpc(method, input),
    onSuccess: (v) => {
      if (opts.success) void message.success(opts.success);
      opts.onSuccess?.(v);
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
}

/** Whether a query of this method reads one of these tables (the contract's `reads`). */
export function readsAny(method: string, tables: ReadonlySet<string>): boolean {
  const reads = Object.prototype.hasOwnProperty.call(contract, method) ? contract[method as MethodName].reads : undefined;
  if (reads === '*') return true;
  return (reads ?? []).some((t) => tables.has(t));
}

/** The one data path: a `data.changed` event refreshes exactly the queries that read what changed. */
export function wireInvalidation(qc: QueryClient): () => void {
  return onEvent('data.changed', ({ tables }) => {
    const changed = new Set(tables);
    void qc.invalidateQueries({ predicate: (q) => readsAny(String(q.queryKey[0]), changed) });
  });
}
