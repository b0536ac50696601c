import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { wireInvalidation } from './api/hooks';
import { installAbandonedSubmitHandler } from './lib/abandoned';
import { AppRoutes } from './app/App';
import { AuthProvider } from './app/auth';
import { ErrorBoundary } from './app/ErrorBoundary';
import i18n from './i18n';
import { installStyleNonce } from './lib/style-nonce';
import 'antd/dist/antd.css';
import './styles.css';

installStyleNonce();

dayjs.locale(i18n.language === 'zh-CN' ? 'zh-cn' : 'en');
installAbandonedSubmitHandler();

// Zero-runtime antd: the component styles come from antd's prebuilt stylesheet instead of being
// generated in the page on first render (about 300 ms of the cold start on a 2-core machine);
// the theme's tokens still reach it as CSS variables.
// A user who turned animations off in Windows (prefers-reduced-motion) gets dialogs and menus that
// open at once; so do the end-to-end tests, whose clicks must not land on a dialog still zooming in.
const REDUCED_MOTION = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const THEME = { zeroRuntime: true, token: { colorPrimary: '#1f5fa8', borderRadius: 4, motion: !REDUCED_MOTION } };

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

function Root() {
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const on = (l: string) => setLang(l);
    i18n.on('languageChanged', on);
    return () => i18n.off('languageChanged', on);
  }, []);
  useEffect(() => wireInvalidation(queryClient), []);
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.setAttribute('lang', lang);
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <ErrorBoundary>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
