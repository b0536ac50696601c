import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const TrainingPage = lazy(() => import('./TrainingPage'));
const CoursePage = lazy(() => import('./CoursePage'));
const SignInSheet = lazy(() => import('./SignInSheet'));

export const trainingFeature: Feature = {
  name: 'training',
  routes: [
    { path: '/training', element: <TrainingPage />, access: 'training.read' },
    { path: '/training/courses/:id', element: <CoursePage />, access: 'training.read' },
  ],
  bareRoutes: [{ path: '/print/signin/:id', element: <SignInSheet /> }],
  nav: [{ path: '/training', key: 'training', access: 'training.read', order: 60 }],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
