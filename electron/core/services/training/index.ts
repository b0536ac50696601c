import { DRILL_KINDS, trainingContract } from '../../../../shared/contract/training';
import * as tables from '../../schema/training';
import { readAttendanceFile } from '../../imports/attendance-file';
import { defineModule, PROBE_ID } from '../../module';
import { createTrainingService, type TrainingService } from './training.service';

declare module '../../module' {
  interface Ports {
    training: TrainingService;
  }
}

const id = PROBE_ID;

/** Multi-track training: plans, courses, enrolment, attendance, education, hours compliance. */
export default defineModule({
  name: 'training',
  contract: trainingContract,
  tables,
  services: (p, ports) => ({
    training: createTrainingService({ sqlite: p.sqlite, writer: p.writer, offices: ports.offices, settings: ports.settings, cache: p.cache }),
  }),
  handlers: (s, p) => ({
    'training.plans': (i) => s.training.listPlans(i.year),
    'training.savePlan': (i, c) => s.training.savePlan(c.viewer, i, c.write),
    'training.removePlan': (i, c) => s.training.removePlan(i.id, c.write),
    'training.courses': (i) => s.training.listCourses(i),
    'training.course': (i, c) => s.training.course(c.viewer, i.id),
    'training.saveCourse': (i, c) => s.training.saveCourse(i, c.write),
    'training.removeCourse': (i, c) => s.training.removeCourse(i.id, c.write),
    'training.enrol': (i, c) => s.training.enrol(c.viewer, i, c.write, c.today),
    'training.unenrol': (i, c) => s.training.unenrol(c.viewer, i.id, c.write),
    'training.settleOverfill': (i, c) => s.training.settleOverfill(i.courseId, c.write),
    'training.attend': (i, c) => s.training.attend(c.viewer, i, c.write, c.today),
    'training.importAttendance': async (i, c) => {
      const { fileBase64, rows, ...rest } = i;
      const file = fileBase64 ? await readAttendanceFile(Buffer.from(fileBase64, 'base64'), p.imports.limits()) : { rows: rows ?? [], lines: undefined };
      return s.training.importAttendance(c.viewer, { ...rest, ...file }, c.write, c.today);
    },
    'training.compliance': (i, c) => s.training.compliance(c.viewer, i.year, i.officeId, c.today),
    'training.cadre': (i, c) => s.training.cadreRecord(c.viewer, i.cadreId, c.today),
    'training.suggest': (i, c) => s.training.suggest(c.viewer, i, c.today),
    'training.warnings': (i, c) => s.training.warnings(c.viewer, i.officeId, c.today),
    'training.education': (i, c) => s.training.education(c.viewer, i.officeId),
    'training.saveEducation': (i, c) => s.training.saveEducation(c.viewer, i, c.write, c.today),
    'training.removeEducation': (i, c) => s.training.removeEducation(i.id, c.write),
  }),
  probes: {
    'training.savePlan': { id, year: 2026, title: 'x' },
    'training.removePlan': { id },
    'training.course': { id },
    'training.saveCourse': {
      id,
      planId: id,
      kind: 'drill',
      subKind: DRILL_KINDS[2],
      title: 'x',
      startDate: '2026-01-01',
      endDate: '2026-01-01',
      hours: 4,
      days: 1,
    },
    'training.removeCourse': { id },
    'training.enrol': { courseId: id, cadreIds: [id] },
    'training.unenrol': { id },
    'training.settleOverfill': { courseId: id },
    'training.attend': { courseId: id, records: [{ cadreId: id, attendance: 'attended' }] },
    'training.importAttendance': { courseId: id, rows: [{ name: 'x' }], commit: false },
    'training.compliance': { year: 2026 },
    'training.saveEducation': { id, cadreId: id, institution: 'x', degree: 'x', startDate: '2026-01-01' },
    'training.removeEducation': { id },
  },
});
