import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const SyncPage = lazy(() => import('./SyncPage'));

export const syncFeature: Feature = {
  name: 'sync',
  routes: [{ path: '/sync', element: <SyncPage /> }],
  nav: [{ path: '/sync', key: 'sync', access: 'session', order: 110 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
