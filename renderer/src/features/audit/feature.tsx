import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const AuditPage = lazy(() => import('./AuditPage'));

export const auditFeature: Feature = {
  name: 'audit',
  routes: [{ path: '/audit', element: <AuditPage />, access: 'audit.read' }],
  nav: [{ path: '/audit', key: 'audit', access: 'audit.read', order: 100 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
