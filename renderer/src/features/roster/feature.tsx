import { lazy } from 'react';
import { useRpc } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const RosterPage = lazy(() => import('./RosterPage'));
const SupervisorRoute = lazy(() => import('./SupervisorRoute'));

/** A cadre serving as supervisor reaches their own page whatever their account's role. */
function useMySupervision() {
  const me = useAuth().me;
  const mine = useRpc('roster.mine', {}, { enabled: !!me?.cadreId });
  const id = mine.data?.supervisorId;
  return id ? { path: `/roster/supervisors/${id}`, key: 'mySupervision', access: 'session' as const, order: 71 } : null;
}

export const rosterFeature: Feature = {
  name: 'roster',
  routes: [
    { path: '/roster', element: <RosterPage />, access: 'roster.read' },
    { path: '/roster/supervisors/:id', element: <SupervisorRoute /> },
  ],
  nav: [{ path: '/roster', key: 'roster', access: 'roster.read', order: 50 }],
  useDynamicNav: useMySupervision,
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
