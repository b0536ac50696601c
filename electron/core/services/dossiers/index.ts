import { dossiersContract, GRADES } from '../../../../shared/contract/dossiers';
import * as tables from '../../schema/dossiers';
import { stationBound } from '../../../../shared/domain/access';
import { defineModule, PROBE_ID } from '../../module';
import { createDossiersService, type DossiersService } from './dossiers.service';

declare module '../../module' {
  interface Ports {
    dossiers: DossiersService;
  }
}

const id = PROBE_ID;

/** Career dossiers: rank record, plans, commitments, declarations, internships, secondments, mentoring, appraisals, merits. */
export default defineModule({
  name: 'dossiers',
  contract: dossiersContract,
  tables,
  services: (p, ports) => ({ dossiers: createDossiersService({ sqlite: p.sqlite, writer: p.writer, offices: ports.offices, settings: ports.settings, cache: p.cache }) }),
  handlers: (s) => ({
    'dossier.get': (i, c) => s.dossiers.get(c.viewer, i.cadreId, c.today),
    'dossier.mine': (_i, c) => ({ cadreId: c.user.cadre_id }),
    'dossier.savePlan': (i, c) => s.dossiers.savePlan(c.viewer, i, c.write, c.today),
    'dossier.submitPlan': (i, c) => s.dossiers.submitPlan(c.viewer, i.id, c.write, c.today),
    'dossier.reviewPlan': (i, c) => s.dossiers.reviewPlan(c.viewer, { ...i, by: c.user.display_name }, c.write, c.today),
    'dossier.removePlan': (i, c) => s.dossiers.remove(c.viewer, 'career_plan', i.id, c.write, c.today),
    'dossier.saveCommitment': (i, c) => s.dossiers.saveCommitment(c.viewer, i, c.write, c.today),
    'dossier.reviewCommitment': (i, c) => s.dossiers.reviewCommitment(c.viewer, { ...i, by: c.user.display_name }, c.write, c.today),
    'dossier.removeCommitment': (i, c) => s.dossiers.remove(c.viewer, 'post_commitment', i.id, c.write, c.today),
    'dossier.declare': (i, c) => s.dossiers.declare(c.viewer, i, c.write, c.today),
    'dossier.decide': (i, c) => s.dossiers.decide(c.viewer, i, c.write, c.today),
    'dossier.openDeclarations': (i) => s.dossiers.openDeclarations(i.officeId),
    'dossier.saveInternship': (i, c) => s.dossiers.saveInternship(c.viewer, i, c.write, c.today),
    'dossier.removeInternship': (i, c) => s.dossiers.remove(c.viewer, 'internship', i.id, c.write, c.today),
    'dossier.saveSecondment': (i, c) => s.dossiers.saveSecondment(c.viewer, i, c.write, c.today),
    'dossier.removeSecondment': (i, c) => s.dossiers.remove(c.viewer, 'secondment', i.id, c.write, c.today),
    'dossier.saveMentoring': (i, c) => s.dossiers.saveMentoring(c.viewer, i, c.write, c.today),
    'dossier.removeMentoring': (i, c) => s.dossiers.remove(c.viewer, 'mentoring', i.id, c.write, c.today),
    'dossier.saveAppraisal': (i, c) => s.dossiers.saveAppraisal(c.viewer, i, c.write, c.today),
    'dossier.removeAppraisal': (i, c) => s.dossiers.remove(c.viewer, 'appraisal', i.id, c.write, c.today),
    // A station chief sees their own station's quota only.
    'dossier.quota': (i, c) => s.dossiers.quota(i.year, stationBound(c.viewer) ? c.viewer.officeId : undefined),
    'dossier.saveMerit': (i, c) => s.dossiers.saveMerit(c.viewer, i, c.write, c.today),
    'dossier.removeMerit': (i, c) => s.dossiers.remove(c.viewer, 'merit', i.id, c.write, c.today),
    'hr.dashboard': (i, c) => s.dossiers.dashboard(c.viewer, i.officeId, c.today),
  }),
  probes: {
    'dossier.get': { cadreId: id },
    'dossier.savePlan': { cadreId: id, periodStart: 2026, periodEnd: 2028 },
    'dossier.submitPlan': { id },
    'dossier.reviewPlan': { id, comment: 'x', date: '2026-01-01' },
    'dossier.removePlan': { id },
    'dossier.saveCommitment': { cadreId: id, year: 2026, items: ['x'] },
    'dossier.reviewCommitment': { id, date: '2026-12-20', results: [{ result: 'met' }] },
    'dossier.removeCommitment': { id },
    'dossier.declare': { cadreId: id, kind: 'post', target: 'x', reason: 'x' },
    'dossier.decide': { id, decision: 'approved', date: '2026-01-01' },
    'dossier.openDeclarations': {},
    'dossier.saveInternship': { cadreId: id, post: 'x', startDate: '2026-01-01', endDate: '2026-02-01', supervisor: 'x' },
    'dossier.removeInternship': { id },
    'dossier.saveSecondment': { cadreId: id, kind: 'secondment', hostOrg: 'x', post: 'x', startDate: '2026-01-01' },
    'dossier.removeSecondment': { id },
    'dossier.saveMentoring': { cadreId: id, mentorId: id, startDate: '2026-01-01', goals: 'x' },
    'dossier.removeMentoring': { id },
    'dossier.saveAppraisal': { cadreId: id, year: 2025, grade: GRADES[1] },
    'dossier.removeAppraisal': { id },
    'dossier.quota': { year: 2025 },
    'dossier.saveMerit': { cadreId: id, kind: 'reward', date: '2026-01-01', title: 'x' },
    'dossier.removeMerit': { id },
    'hr.dashboard': {},
  },
});
