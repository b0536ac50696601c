import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const HomePage = lazy(() => import('./HomePage'));

export const homeFeature: Feature = {
  name: 'home',
  routes: [{ path: '/', element: <HomePage /> }],
  nav: [{ path: '/', key: 'home', access: 'session', order: 10 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
