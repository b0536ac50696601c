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
  services: (p, ports) => ({
    dossiers: createDossiersService({ sqlite: p.sqlite, writer: p.writer, offices: ports.offices, settings: ports.settings, cache: p.cache }),
  }),
  handlers: (s) => ({
    'dossiers.get': (i, c) => s.dossiers.get(c.viewer, i.cadreId, c.today),
    'dossiers.mine': (_i, c) => ({ cadreId: c.user.cadre_id }),
    'dossiers.savePlan': (i, c) => s.dossiers.savePlan(c.viewer, i, c.write, c.today),
    'dossiers.submitPlan': (i, c) => s.dossiers.submitPlan(c.viewer, i.id, c.write, c.today),
    'dossiers.reviewPlan': (i, c) => s.dossiers.reviewPlan(c.viewer, { ...i, by: c.user.display_name }, c.write, c.today),
    'dossiers.removePlan': (i, c) => s.dossiers.remove(c.viewer, 'career_plan', i.id, c.write, c.today),
    'dossiers.saveCommitment': (i, c) => s.dossiers.saveCommitment(c.viewer, i, c.write, c.today),
    'dossiers.reviewCommitment': (i, c) => s.dossiers.reviewCommitment(c.viewer, { ...i, by: c.user.display_name }, c.write, c.today),
    'dossiers.removeCommitment': (i, c) => s.dossiers.remove(c.viewer, 'post_commitment', i.id, c.write, c.today),
    'dossiers.declare': (i, c) => s.dossiers.declare(c.viewer, i, c.write, c.today),
    'dossiers.decide': (i, c) => s.dossiers.decide(c.viewer, i, c.write, c.today),
    'dossiers.openDeclarations': (i) => s.dossiers.openDeclarations(i.officeId),
    'dossiers.saveInternship': (i, c) => s.dossiers.saveInternship(c.viewer, i, c.write, c.today),
    'dossiers.removeInternship': (i, c) => s.dossiers.remove(c.viewer, 'internship', i.id, c.write, c.today),
    'dossiers.saveSecondment': (i, c) => s.dossiers.saveSecondment(c.viewer, i, c.write, c.today),
    'dossiers.removeSecondment': (i, c) => s.dossiers.remove(c.viewer, 'secondment', i.id, c.write, c.today),
    'dossiers.saveMentoring': (i, c) => s.dossiers.saveMentoring(c.viewer, i, c.write, c.today),
    'dossiers.removeMentoring': (i, c) => s.dossiers.remove(c.viewer, 'mentoring', i.id, c.write, c.today),
    'dossiers.saveAppraisal': (i, c) => s.dossiers.saveAppraisal(c.viewer, i, c.write, c.today),
    'dossiers.removeAppraisal': (i, c) => s.dossiers.remove(c.viewer, 'appraisal', i.id, c.write, c.today),
    // A station chief sees their own station's quota only.
    'dossiers.quota': (i, c) => s.dossiers.quota(i.year, stationBound(c.viewer) ? c.viewer.officeId : undefined),
    'dossiers.saveMerit': (i, c) => s.dossiers.saveMerit(c.viewer, i, c.write, c.today),
    'dossiers.removeMerit': (i, c) => s.dossiers.remove(c.viewer, 'merit', i.id, c.write, c.today),
    'hr.dashboard': (i, c) => s.dossiers.dashboard(c.viewer, i.officeId, c.today),
  }),
  probes: {
    'dossiers.get': { cadreId: id },
    'dossiers.savePlan': { cadreId: id, periodStart: 2026, periodEnd: 2028 },
    'dossiers.submitPlan': { id },
    'dossiers.reviewPlan': { id, comment: 'x', date: '2026-01-01' },
    'dossiers.removePlan': { id },
    'dossiers.saveCommitment': { cadreId: id, year: 2026, items: ['x'] },
    'dossiers.reviewCommitment': { id, date: '2026-12-20', results: [{ result: 'met' }] },
    'dossiers.removeCommitment': { id },
    'dossiers.declare': { cadreId: id, kind: 'post', target: 'x', reason: 'x' },
    'dossiers.decide': { id, decision: 'approved', date: '2026-01-01' },
    'dossiers.openDeclarations': {},
    'dossiers.saveInternship': { cadreId: id, post: 'x', startDate: '2026-01-01', endDate: '2026-02-01', supervisor: 'x' },
    'dossiers.removeInternship': { id },
    'dossiers.saveSecondment': { cadreId: id, kind: 'secondment', hostOrg: 'x', post: 'x', startDate: '2026-01-01' },
    'dossiers.removeSecondment': { id },
    'dossiers.saveMentoring': { cadreId: id, mentorId: id, startDate: '2026-01-01', goals: 'x' },
    'dossiers.removeMentoring': { id },
    'dossiers.saveAppraisal': { cadreId: id, year: 2025, grade: GRADES[1] },
    'dossiers.removeAppraisal': { id },
    'dossiers.quota': { year: 2025 },
    'dossiers.saveMerit': { cadreId: id, kind: 'reward', date: '2026-01-01', title: 'x' },
    'dossiers.removeMerit': { id },
    'hr.dashboard': {},
  },
});
