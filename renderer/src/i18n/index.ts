import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { FEATURES } from '../app/features';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

type Tree = { [k: string]: unknown };

/** Deep merge of dictionaries: features may each add keys under a shared section (`nav`). */
export function mergeDictionaries(parts: readonly object[]): Tree {
  const out: Tree = {};
  const put = (into: Tree, from: Tree, at: string) => {
    for (const [k, v] of Object.entries(from)) {
      const path = at ? `${at}.${k}` : k;
      const mine = into[k];
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        if (mine !== undefined && (typeof mine !== 'object' || mine === null)) throw new Error(`i18n: ${path} is both a text and a section`);
        put((into[k] ??= {}) as Tree, v as Tree, path);
      } else {
        if (mine !== undefined) throw new Error(`i18n: ${path} is defined twice`);
        into[k] = v;
      }
    }
  };
  for (const p of parts) put(out, p as Tree, '');
  return out;
}

/** Each language's dictionary: the shell's texts, then every feature's. */
export const DICTIONARIES = {
  'zh-CN': mergeDictionaries([zhCN, ...FEATURES.map((f) => f.dictionaries['zh-CN'])]),
  'en-US': mergeDictionaries([enUS, ...FEATURES.map((f) => f.dictionaries['en-US'])]),
};

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('bd-lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: DICTIONARIES['zh-CN'] }, 'en-US': { translation: DICTIONARIES['en-US'] } },
  lng: saved === 'en-US' ? 'en-US' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'zh-CN' | 'en-US') {
  localStorage.setItem('bd-lang', lng);
  void i18n.changeLanguage(lng);
}

export default i18n;
