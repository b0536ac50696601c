export * from './offices';
export * from './system';
export * from './zones';
export * from './sync';
export * from './dossiers';
export * from './roster';
export * from './training';

import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SyncedTableName } from '../../../shared/sync/manifest';
import { cadre as _cadre, office as _office } from './offices';
import { settingVersion as _settingVersion } from './system';
import * as d from './dossiers';
import * as r from './roster';
import * as tr from './training';
import {
  business as _business,
  census as _census,
  grid as _grid,
  unlicensed as _unlicensed,
  zone as _zone,
  zoneAssignment as _zoneAssignment,
  zoneGrid as _zoneGrid,
} from './zones';

/**
 * Synced tables by their SQL name, for code that works from the sync manifest: exactly the
 * manifest's tables (the compiler holds the keys to it; schema/agree.test.ts the columns).
 */
export const syncedTables = {
  office: _office,
  cadre: _cadre,
  setting_version: _settingVersion,
  zone: _zone,
  zone_assignment: _zoneAssignment,
  grid: _grid,
  zone_grid: _zoneGrid,
  business: _business,
  census: _census,
  unlicensed: _unlicensed,
  rank_record: d.rankRecord,
  career_plan: d.careerPlan,
  post_commitment: d.postCommitment,
  declaration: d.declaration,
  internship: d.internship,
  secondment: d.secondment,
  mentoring: d.mentoring,
  appraisal: d.appraisal,
  merit: d.merit,
  supervisor: r.supervisor,
  supervision_assignment: r.supervisionAssignment,
  supervision_log: r.supervisionLog,
  second_line_event: r.secondLineEvent,
  training_plan: tr.trainingPlan,
  training_course: tr.trainingCourse,
  training_enrolment: tr.trainingEnrolment,
  education_record: tr.educationRecord,
} satisfies Record<SyncedTableName, SQLiteTable>;
