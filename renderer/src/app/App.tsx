import { Result, Spin } from 'antd';
import { Suspense } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { roleHas, type Access } from '../../../shared/contract/roles';
import { useAuth } from './auth';
import { ChangePassword } from './ChangePassword';
import { Login } from './Login';
import { SetupWizard } from './SetupWizard';
import { Shell } from './Shell';
import i18n from '../i18n';
import { FEATURES } from './features';
import type { FeatureRoute } from './feature';

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
        {FEATURES.flatMap((f) => f.bareRoutes ?? []).map((r) => (
          <Route key={r.path} path={r.path} element={<Suspense fallback={<Spin fullscreen />}>{guarded(r)}</Suspense>} />
        ))}
        <Route
          path="*"
          element={
            <Shell>
              <ShellRoutes />
            </Shell>
          }
        />
      </Routes>
    </HashRouter>
  );
}

function guarded(r: FeatureRoute) {
  return r.access ? <Guard access={r.access}>{r.element}</Guard> : r.element;
}

function ShellRoutes() {
  return (
    <Routes>
      {FEATURES.flatMap((f) => f.routes ?? []).map((r) => (
        <Route key={r.path} path={r.path} element={guarded(r)} />
      ))}
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
