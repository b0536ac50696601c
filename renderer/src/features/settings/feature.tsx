import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const SettingsPage = lazy(() => import('./SettingsPage'));

export const settingsFeature: Feature = {
  name: 'settings',
  routes: [{ path: '/settings', element: <SettingsPage />, access: 'settings.read' }],
  nav: [{ path: '/settings', key: 'settings', access: 'settings.read', order: 90 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
