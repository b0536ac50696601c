import { Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { roleHas, type Access } from '../../../shared/contract/roles';
import { useAuth } from './auth';
import { ChangePassword } from './ChangePassword';
import { Login } from './Login';
import { SetupWizard } from './SetupWizard';
import { Shell } from './Shell';
import i18n from '../i18n';

const HomePage = lazy(() => import('../features/home/HomePage'));
const ZonesPage = lazy(() => import('../features/zones/ZonesPage'));
const OfficesPage = lazy(() => import('../features/offices/OfficesPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const MaintenancePage = lazy(() => import('../features/maintenance/MaintenancePage'));
const SyncPage = lazy(() => import('../features/sync/SyncPage'));
const DossiersPage = lazy(() => import('../features/dossiers/DossiersPage'));
const DossierPage = lazy(() => import('../features/dossiers/DossierPage'));
const MyDossier = lazy(() => import('../features/dossiers/DossierPage').then((m) => ({ default: m.MyDossier })));
const RosterPage = lazy(() => import('../features/roster/RosterPage'));
const SupervisorRoute = lazy(() => import('../features/roster/SupervisorRoute'));
const TrainingPage = lazy(() => import('../features/training/TrainingPage'));
const CoursePage = lazy(() => import('../features/training/CoursePage'));
const SignInSheet = lazy(() => import('../features/training/SignInSheet'));
const PrintView = lazy(() => import('../features/dossiers/PrintView'));

function Guard({ access, children }: { access: Access; children: React.ReactNode }) {
  const { me } = useAuth();
  if (!me || !roleHas(me.role, access)) return <Result status="403" title={i18n.t('errors.FORBIDDEN')} />;
  return <>{children}</>;
}

export function AppRoutes() {
  const auth = useAuth();
  if (auth.loading) return <Spin fullscreen />;
  if (auth.setUp === false) return <SetupWizard />;
  if (!auth.me) return <Login />;
  if (auth.me.mustChangePassword) return <ChangePassword />;
  return (
    <HashRouter>
      <Routes>
        {/* Print views fill the window without the shell: A4 on screen, PDF or paper. */}
        <Route path="/print/signin/:id" element={<Suspense fallback={<Spin fullscreen />}><SignInSheet /></Suspense>} />
        <Route path="/print/:kind/:id" element={<Suspense fallback={<Spin fullscreen />}><PrintView /></Suspense>} />
        <Route path="*" element={<Shell><ShellRoutes /></Shell>} />
      </Routes>
    </HashRouter>
  );
}

function ShellRoutes() {
  return (
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/zones" element={<Guard access="zones.read"><ZonesPage /></Guard>} />
          <Route path="/offices" element={<Guard access="offices.read"><OfficesPage /></Guard>} />
          <Route path="/users" element={<Guard access="users.manage"><UsersPage /></Guard>} />
          <Route path="/settings" element={<Guard access="settings.read"><SettingsPage /></Guard>} />
          <Route path="/audit" element={<Guard access="audit.read"><AuditPage /></Guard>} />
          <Route path="/sync" element={<SyncPage />} />
          <Route path="/maintenance" element={<Guard access="settings.manage"><MaintenancePage /></Guard>} />
          <Route path="/dossiers" element={<Guard access="dossiers.read"><DossiersPage /></Guard>} />
          <Route path="/dossiers/:id" element={<DossierPage />} />
          <Route path="/my-dossier" element={<MyDossier />} />
          <Route path="/roster" element={<Guard access="roster.read"><RosterPage /></Guard>} />
          <Route path="/roster/supervisors/:id" element={<SupervisorRoute />} />
          <Route path="/training" element={<Guard access="training.read"><TrainingPage /></Guard>} />
          <Route path="/training/courses/:id" element={<Guard access="training.read"><CoursePage /></Guard>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
  );
}
