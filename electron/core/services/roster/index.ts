import { rosterContract } from '../../../../shared/contract/roster';
import * as tables from '../../schema/roster';
import { defineModule, PROBE_ID } from '../../module';
import { createRosterService, type RosterService } from './roster.service';

declare module '../../module' {
  interface Ports {
    roster: RosterService;
  }
}

const id = PROBE_ID;

/** The supervisor roster (督导员), the second line (退二线) and rank eligibility. */
export default defineModule({
  name: 'roster',
  contract: rosterContract,
  tables,
  services: (p, ports) => ({
    roster: createRosterService({
      sqlite: p.sqlite,
      writer: p.writer,
      offices: ports.offices,
      settings: ports.settings,
      training: ports.training,
      zones: ports.zonesRead,
      cache: p.cache,
    }),
  }),
  handlers: (s) => ({
    'roster.targets': () => s.roster.targets(),
    'roster.supervisors': (_i, c) => s.roster.listSupervisors(c.viewer, c.today),
    'roster.candidates': (_i, c) => s.roster.candidates(c.viewer, c.today),
    'roster.appoint': (i, c) => s.roster.appoint(c.viewer, i, c.write, c.today),
    'roster.mine': (_i, c) => s.roster.mine(c.viewer, c.today),
    'roster.supervisor': (i, c) => s.roster.supervisorPage(c.viewer, i.id, c.today),
    'roster.assign': (i, c) => s.roster.assign(i, c.write, c.today),
    'roster.removeAssignment': (i, c) => s.roster.removeAssignment(i.id, c.write),
    'roster.log': (i, c) => s.roster.log(c.viewer, i, c.write, c.today),
    'roster.secondLine': (i, c) => s.roster.secondLine(c.viewer, i.officeId, i.all, c.today),
    'roster.defer': (i, c) => s.roster.defer(c.viewer, i, c.write, c.today),
    'roster.moveToSecondLine': (i, c) => s.roster.moveToSecondLine(c.viewer, i, c.write, c.today),
    'roster.eligibility': (i, c) => s.roster.eligibility(c.viewer, i.officeId, i.months, c.today),
    'roster.promote': (i, c) => s.roster.promote(c.viewer, i, c.write, c.today),
  }),
  probes: {
    'roster.appoint': { cadreId: id, startDate: '2026-01-01', duties: 'x', scope: { themes: ['x'] } },
    'roster.supervisor': { id },
    'roster.assign': { supervisorId: id, targetKind: 'theme', theme: 'x', startDate: '2026-01-01', endDate: '2026-02-01', goals: 'x', hoursPerMonth: 4 },
    'roster.removeAssignment': { id },
    'roster.log': { assignmentId: id, visitDate: '2026-01-05', findings: 'x' },
    'roster.defer': { cadreId: id, date: '2026-01-01', newDate: '2027-01-01', approver: 'x', decisionRef: 'x' },
    'roster.moveToSecondLine': { cadreId: id, date: '2026-01-01' },
    'roster.promote': { cadreId: id, rank: 'x', date: '2026-01-01', decisionRef: 'x' },
  },
});
