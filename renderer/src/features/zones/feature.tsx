import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const ZonesPage = lazy(() => import('./ZonesPage'));

export const zonesFeature: Feature = {
  name: 'zones',
  routes: [{ path: '/zones', element: <ZonesPage />, access: 'zones.read' }],
  nav: [{ path: '/zones', key: 'zones', access: 'zones.read', order: 20 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
