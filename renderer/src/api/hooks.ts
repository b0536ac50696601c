import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Input, MethodName, Output } from '../../../shared/contract';
import { errorText } from '../lib/errors';
import { onEvent, rpc } from './client';

export function useRpc<M extends MethodName>(method: M, input: Input<M>, opts: { enabled?: boolean; /** Poll while the answer says work is under way. */ refetchInterval?: (data: Output<M> | undefined) => number | false } = {}) {
  const every = opts.refetchInterval;
  return useQuery({ queryKey: [method, input], queryFn: () => rpc(method, input), enabled: opts.enabled, ...(every ? { refetchInterval: (q: { state: { data: Output<M> | undefined } }) => every(q.state.data) } : {}) });
}

/** A mutation that shows a Chinese error toast on failure and a success toast if given. */
export function useRpcMutation<M extends MethodName>(method: M, opts: { success?: string; onSuccess?: (v: Output<M>) => void } = {}) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const domain = method.split('.')[0]!;
  return useMutation({
    mutationFn: (input: Input<M>) => rpc(method, input),
    onSuccess: (v) => {
      // Local-only tables (accounts) raise no data.changed event; refresh the domain here.
      void qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith(`${domain}.`) || String(q.queryKey[0]).startsWith('audit.') });
      if (opts.success) void message.success(opts.success);
      opts.onSuccess?.(v);
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
}

// Which query domains read which tables. Audit reads everything.
const READERS: Record<string, string[]> = {
  office: ['offices', 'cadres', 'auth'],
  cadre: ['cadres', 'offices', 'sync', 'dossier', 'hr', 'roster', 'training'],
  setting_version: ['settings'],
  zone: ['zones', 'businesses', 'grids', 'census'],
  zone_assignment: ['zones', 'grids'],
  grid: ['grids', 'zones', 'businesses', 'census'],
  zone_grid: ['grids', 'zones'],
  business: ['businesses', 'zones'],
  census: ['census', 'zones'],
  unlicensed: ['census', 'zones'],
  ...Object.fromEntries(['rank_record', 'career_plan', 'post_commitment', 'declaration', 'internship', 'secondment', 'mentoring', 'appraisal', 'merit'].map((t) => [t, ['dossier', 'hr', 'cadres', 'roster', 'training']])),
  ...Object.fromEntries(['training_plan', 'training_course', 'training_enrolment', 'education_record'].map((t) => [t, ['training']])),
  ...Object.fromEntries(['supervisor', 'supervision_assignment', 'supervision_log', 'second_line_event'].map((t) => [t, ['roster']])),
};

export function wireInvalidation(qc: QueryClient): () => void {
  return onEvent('data.changed', ({ tables }) => {
    const domains = new Set(['audit', ...tables.flatMap((t) => READERS[t] ?? [t])]);
    void qc.invalidateQueries({ predicate: (q) => domains.has(String(q.queryKey[0]).split('.')[0]!) });
  });
}

export function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries();
}
