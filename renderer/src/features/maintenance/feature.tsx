import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const MaintenancePage = lazy(() => import('./MaintenancePage'));

export const maintenanceFeature: Feature = {
  name: 'maintenance',
  routes: [{ path: '/maintenance', element: <MaintenancePage />, access: 'settings.manage' }],
  nav: [{ path: '/maintenance', key: 'maintenance', access: 'settings.manage', order: 120 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
