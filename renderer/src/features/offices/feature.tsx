import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const OfficesPage = lazy(() => import('./OfficesPage'));

export const officesFeature: Feature = {
  name: 'offices',
  routes: [{ path: '/offices', element: <OfficesPage />, access: 'offices.read' }],
  nav: [{ path: '/offices', key: 'offices', access: 'offices.read', order: 30 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
