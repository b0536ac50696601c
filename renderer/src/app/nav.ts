import type { Access } from '../../../shared/contract/roles';

/** Side navigation entries and the permission each needs; the core checks again. */
export const NAV: { path: string; key: string; access: Access }[] = [
  { path: '/', key: 'home', access: 'session' },
  { path: '/zones', key: 'zones', access: 'zones.read' },
  { path: '/offices', key: 'offices', access: 'offices.read' },
  { path: '/dossiers', key: 'dossiers', access: 'dossiers.read' },
  { path: '/roster', key: 'roster', access: 'roster.read' },
  { path: '/training', key: 'training', access: 'training.read' },
  { path: '/my-dossier', key: 'myDossier', access: 'session' },
  { path: '/users', key: 'users', access: 'users.manage' },
  { path: '/settings', key: 'settings', access: 'settings.read' },
  { path: '/audit', key: 'audit', access: 'audit.read' },
  { path: '/sync', key: 'sync', access: 'session' },
  { path: '/maintenance', key: 'maintenance', access: 'settings.manage' },
];
