import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { roleHas } from '../../../shared/contract/roles';
import { setLanguage } from '../i18n';
import { useAuth } from './auth';
import { AboutButton } from './AboutDialog';
import { RestartButton } from '../features/maintenance/UpdatesCard';
import { ErrorBoundary } from './ErrorBoundary';
import { IntegrityBanner, SyncIndicator } from '../features/sync/SyncIndicator';
import { FEATURES } from './features';
import type { NavEntry } from './feature';

const NAV = FEATURES.flatMap((f) => f.nav ?? []).sort((a, b) => a.order - b.order);

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const auth = useAuth();
  const nav = useNavigate();
  const loc = useLocation();
  const me = auth.me!;
  // Entries that depend on the user's data (a supervisor's own page); FEATURES never changes, so
  // the hooks are called in the same order on every render.
  const dynamic = FEATURES.map((f) => f.useDynamicNav?.() ?? null).filter((e): e is NavEntry => e !== null && roleHas(me.role, e.access));
  const entries = [...NAV.filter((n) => roleHas(me.role, n.access)), ...dynamic].sort((a, b) => a.order - b.order);
  const items = entries.map((n) => ({ key: n.path, label: t(`nav.${n.key}`) }));
  const exact = dynamic.find((d) => loc.pathname === d.path);
  const selected = exact ? [exact.path] : NAV.filter((n) => n.path !== '/' && loc.pathname.startsWith(n.path)).map((n) => n.path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="dark">
        <div className="brand">
          <div className="brand-title">{t('app.title')}</div>
          <div className="brand-sub">{t('app.short')}</div>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected.length ? selected : ['/']}
          items={items}
          onClick={(e) => nav(e.key)}
          aria-label="main navigation"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Text strong>{me.officeName}</Typography.Text>
          <Space size="middle">
            <SyncIndicator />
            <RestartButton size="small" />
            <span data-testid="current-user">
              {me.displayName} <Tag color="blue">{t(`roles.${me.role}`)}</Tag>
            </span>
            <Button size="small" onClick={() => setLanguage(i18n.language === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {t('common.language')}
            </Button>
            <AboutButton />
            <Button size="small" onClick={() => void auth.logout()}>
              {t('login.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <IntegrityBanner />
          <ErrorBoundary key={loc.pathname}>
            <Suspense fallback={<Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}>{children}</Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
