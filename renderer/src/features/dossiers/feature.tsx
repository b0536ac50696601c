import { lazy } from 'react';
import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

const DossiersPage = lazy(() => import('./DossiersPage'));
const DossierPage = lazy(() => import('./DossierPage'));
const MyDossier = lazy(() => import('./DossierPage').then((m) => ({ default: m.MyDossier })));
const PrintView = lazy(() => import('./PrintView'));

export const dossiersFeature: Feature = {
  name: 'dossiers',
  routes: [
    { path: '/dossiers', element: <DossiersPage />, access: 'dossiers.read' },
    // A cadre's own dossier is open to them whatever their role; the core decides who else sees it.
    { path: '/dossiers/:id', element: <DossierPage /> },
    { path: '/my-dossier', element: <MyDossier /> },
  ],
  bareRoutes: [{ path: '/print/:kind/:id', element: <PrintView /> }],
  nav: [
    { path: '/dossiers', key: 'dossiers', access: 'dossiers.read', order: 40 },
    { path: '/my-dossier', key: 'myDossier', access: 'session', order: 70 },
  ],
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
