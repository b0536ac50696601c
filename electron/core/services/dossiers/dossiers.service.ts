// The career dossier service, one part per sub-domain (base.ts: access and shared reads; plans.ts;
// records.ts; appraisals.ts; dossier.ts: the dossier read; dashboard.ts: the HR dashboard).
import { createAppraisals } from './appraisals';
import { createDossierBase, type DossierDeps } from './base';
import { createDashboard } from './dashboard';
import { createDossierRead } from './dossier';
import { createPlans } from './plans';
import { createRecords } from './records';

export function createDossiersService(deps: DossierDeps) {
  const base = createDossierBase(deps);
  const plans = createPlans(deps, base);
  const records = createRecords(deps, base);
  const appraisals = createAppraisals(deps, base);
  const dossier = createDossierRead(deps, base);
  const hr = createDashboard(deps, { quota: appraisals.quota, openDeclarations: records.openDeclarations });
  return { ...dossier, ...plans, ...records, ...appraisals, ...hr };
}

export type DossiersService = ReturnType<typeof createDossiersService>;
