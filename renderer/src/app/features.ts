// The renderer's features. A new domain adds one line here (and one module in electron/core/modules.ts).
import type { Feature } from './feature';
import { homeFeature } from '../features/home/feature';
import { zonesFeature } from '../features/zones/feature';
import { officesFeature } from '../features/offices/feature';
import { dossiersFeature } from '../features/dossiers/feature';
import { rosterFeature } from '../features/roster/feature';
import { trainingFeature } from '../features/training/feature';
import { usersFeature } from '../features/users/feature';
import { settingsFeature } from '../features/settings/feature';
import { auditFeature } from '../features/audit/feature';
import { syncFeature } from '../features/sync/feature';
import { maintenanceFeature } from '../features/maintenance/feature';
import { importsFeature } from '../features/imports/feature';

export const FEATURES: readonly Feature[] = [
  homeFeature,
  zonesFeature,
  officesFeature,
  dossiersFeature,
  rosterFeature,
  trainingFeature,
  usersFeature,
  settingsFeature,
  auditFeature,
  syncFeature,
  maintenanceFeature,
  importsFeature,
];
