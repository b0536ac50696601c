// 多轨制培训 (RULES.md, Training): one service composed of its parts, each in its own file —
// plans, courses with enrolment and attendance, hours against the requirement, suggestions, and
// one cadre's record with in-service education.
import { createTrainingContext, type TrainingDeps } from './context';
import { createCourses } from './courses';
import { createHours } from './hours';
import { createPlans } from './plans';
import { createRecords } from './records';
import { createSuggestions } from './suggestions';

export function createTrainingService(deps: TrainingDeps) {
  const c = createTrainingContext(deps);
  const { listPlans, savePlan, removePlan } = createPlans(c);
  const courses = createCourses(c);
  const { listCourses, course, saveCourse, removeCourse, enrol, unenrol, settleOverfill, attend, importAttendance } = courses;
  const hours = createHours(c);
  const { compliance, promotionEvidence, warnings } = hours;
  const suggestions = createSuggestions(c, courses, hours);
  const { suggest } = suggestions;
  const { cadreRecord, education, saveEducation, removeEducation } = createRecords(c, hours, suggestions);
  const { rules } = c;
  return {
    rules,
    listPlans,
    savePlan,
    removePlan,
    listCourses,
    course,
    saveCourse,
    removeCourse,
    enrol,
    unenrol,
    settleOverfill,
    attend,
    importAttendance,
    compliance,
    promotionEvidence,
    suggest,
    cadreRecord,
    education,
    saveEducation,
    removeEducation,
    warnings,
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
