import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const UsersPage = lazy(() => import('./UsersPage'));

export const usersFeature: Feature = {
  name: 'users',
  routes: [{ path: '/users', element: <UsersPage />, access: 'users.manage' }],
  nav: [{ path: '/users', key: 'users', access: 'users.manage', order: 80 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
