// The shape of a renderer feature (DESIGN.md, "Modules"): each domain's folder under
// renderer/src/features/ exports one Feature from feature.tsx: its screens, its navigation
// entries, the access each needs, and its dictionaries. The shell, the router and i18n iterate
// FEATURES (features.ts); adding a domain adds one line there.
import type { ReactNode } from 'react';
import type { Access } from '../../../shared/contract/roles';

export interface FeatureRoute {
  path: string;
  element: ReactNode;
  /** Checked before the screen renders (the core checks every call again); none: any signed-in user. */
  access?: Access;
}

export interface NavEntry {
  path: string;
  /** Its label: `nav.<key>` in the feature's dictionary. */
  key: string;
  access: Access;
  /** Position in the side menu, across features. */
  order: number;
}

export interface Feature {
  name: string;
  /** Screens inside the shell. */
  routes?: FeatureRoute[];
  /** Screens that fill the window without the shell (print views: A4 on screen, PDF or paper). */
  bareRoutes?: FeatureRoute[];
  nav?: NavEntry[];
  /**
   * A menu entry that depends on the user's data (a supervisor's own page): a hook, called on
   * every render of the shell, that returns the entry or null.
   */
  useDynamicNav?: () => NavEntry | null;
  /** Texts by language; merged into one dictionary per language (i18n/index.ts). */
  dictionaries: { 'zh-CN': object; 'en-US': object };
}
