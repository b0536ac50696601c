import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('bd-lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: saved === 'en-US' ? 'en-US' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'zh-CN' | 'en-US') {
  localStorage.setItem('bd-lang', lng);
  void i18n.changeLanguage(lng);
}

export default i18n;
