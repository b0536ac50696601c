import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

// 多轨制培训. Plans and courses are county-level reference data (every station enrols in
// the bureau's courses); enrolments and degrees carry their cadre's office and follow the
// cadre on a transfer.

export const trainingPlan = sqliteTable('training_plan', {
  ...syncedColumns(),
  year: integer('year').notNull(),
  title: text('title').notNull(),
  goals: text('goals'),
  /** JSON array of career stages. */
  targetStages: text('target_stages').notNull().default('[]'),
  /** JSON array of the three abilities. */
  abilities: text('abilities').notNull().default('[]'),
  status: text('status', { enum: ['draft', 'approved', 'closed'] })
    .notNull()
    .default('draft'),
});

export const trainingCourse = sqliteTable(
  'training_course',
  {
    ...syncedColumns(),
    planId: text('plan_id').notNull(),
    kind: text('kind').notNull(),
    subKind: text('sub_kind'),
    title: text('title').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    hours: real('hours').notNull(),
    days: real('days').notNull(),
    fullTime: integer('full_time', { mode: 'boolean' }).notNull().default(true),
    place: text('place'),
    instructor: text('instructor'),
    capacity: integer('capacity'),
    targetStages: text('target_stages').notNull().default('[]'),
    targetPosts: text('target_posts').notNull().default('[]'),
    abilities: text('abilities').notNull().default('[]'),
    note: text('note'),
  },
  (t) => [index('training_course_plan_idx').on(t.planId), index('training_course_date_idx').on(t.startDate)],
);

export const trainingEnrolment = sqliteTable(
  'training_enrolment',
  {
    ...syncedColumns(),
    courseId: text('course_id').notNull(),
    cadreId: text('cadre_id').notNull(),
    /** enrolled, or waiting (候补) in created_at order. */
    status: text('status', { enum: ['enrolled', 'waiting'] }).notNull(),
    attendance: text('attendance', { enum: ['attended', 'absent', 'excused'] }),
    score: real('score'),
    note: text('note'),
  },
  (t) => [index('training_enrolment_course_idx').on(t.courseId), index('training_enrolment_cadre_idx').on(t.cadreId)],
);

// 在职学历教育 and the 学历达标奖励.
export const educationRecord = sqliteTable(
  'education_record',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    institution: text('institution').notNull(),
    degree: text('degree').notNull(),
    major: text('major'),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    completed: integer('completed', { mode: 'boolean' }).notNull().default(false),
    completedOn: text('completed_on'),
    reward: integer('reward', { mode: 'boolean' }).notNull().default(false),
    rewardAmount: real('reward_amount'),
    rewardRef: text('reward_ref'),
  },
  (t) => [index('education_record_cadre_idx').on(t.cadreId)],
);
