import type { Feature } from '../../app/feature';
import { enUS, zhCN } from './i18n';

/** The import dialogs other features open; no screen of its own. */
export const importsFeature: Feature = {
  name: 'imports',
  dictionaries: { 'zh-CN': zhCN, 'en-US': enUS },
};
