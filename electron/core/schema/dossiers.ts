import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

// 干部职业档案: the records of one cadre's dossier. Every row belongs to the cadre's office,
// so it syncs and is scoped with the cadre.

/** Ranks held, oldest first: the evidence for promotion eligibility and post training. */
export const rankRecord = sqliteTable(
  'rank_record',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    rank: text('rank').notNull(),
    startDate: text('start_date').notNull(),
    /** The promotion's document number (任职文号). */
    decisionRef: text('decision_ref'),
    note: text('note'),
  },
  (t) => [index('rank_record_cadre_idx').on(t.cadreId)],
);

export const PLAN_STATUSES = ['draft', 'submitted', 'reviewed'] as const;

// 职业生涯规划书: one per plan period.
export const careerPlan = sqliteTable(
  'career_plan',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    periodStart: integer('period_start').notNull(),
    periodEnd: integer('period_end').notNull(),
    selfAssessment: text('self_assessment'),
    /** The 40 survey answers as a JSON array; null entries are unanswered. */
    anchorAnswers: text('anchor_answers'),
    anchorTop: text('anchor_top'),
    anchorOverride: text('anchor_override'),
    overrideReason: text('override_reason'),
    goal1: text('goal_1y'),
    goal3: text('goal_3y'),
    goal5: text('goal_5y'),
    preferredPosts: text('preferred_posts'),
    trainingNeeds: text('training_needs'),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    submittedOn: text('submitted_on'),
    reviewComment: text('review_comment'),
    reviewer: text('reviewer'),
    reviewedOn: text('reviewed_on'),
  },
  (t) => [index('career_plan_cadre_idx').on(t.cadreId)],
);

// 岗位承诺书: one per year; items is a JSON array of { text, result, note }.
export const postCommitment = sqliteTable(
  'post_commitment',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    year: integer('year').notNull(),
    items: text('items').notNull(),
    reviewedOn: text('reviewed_on'),
    reviewer: text('reviewer'),
  },
  (t) => [index('post_commitment_cadre_idx').on(t.cadreId)],
);

export const DECLARATION_KINDS = ['post', 'rotation'] as const;
export const DECISIONS = ['pending', 'approved', 'declined', 'deferred'] as const;

// 个人申报: a cadre's request for a post or a rotation, and HR's decision.
export const declaration = sqliteTable(
  'declaration',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    kind: text('kind', { enum: DECLARATION_KINDS }).notNull(),
    target: text('target').notNull(),
    reason: text('reason').notNull(),
    submittedOn: text('submitted_on').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull().default('pending'),
    decidedOn: text('decided_on'),
    decisionNote: text('decision_note'),
  },
  (t) => [index('declaration_cadre_idx').on(t.cadreId)],
);

// 巡回实习: one post of a recruit's rotation schedule.
export const internship = sqliteTable(
  'internship',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    post: text('post').notNull(),
    place: text('place'),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    supervisor: text('supervisor').notNull(),
    evaluation: text('evaluation'),
  },
  (t) => [index('internship_cadre_idx').on(t.cadreId)],
);

export const SECONDMENT_KINDS = ['secondment', 'rotation'] as const;

// 挂职/轮岗.
export const secondment = sqliteTable(
  'secondment',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    kind: text('kind', { enum: SECONDMENT_KINDS }).notNull(),
    hostOrg: text('host_org').notNull(),
    post: text('post').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    note: text('note'),
  },
  (t) => [index('secondment_cadre_idx').on(t.cadreId)],
);

// 传帮带: cadre_id is the mentee; the mentor is another cadre.
export const mentoring = sqliteTable(
  'mentoring',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    mentorId: text('mentor_id').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    goals: text('goals').notNull(),
    review: text('review'),
  },
  (t) => [index('mentoring_cadre_idx').on(t.cadreId), index('mentoring_mentor_idx').on(t.mentorId)],
);

export const GRADE_VALUES = ['优秀', '称职', '基本称职', '不称职', '不定等次'] as const;

// 年度考核: one grade per cadre and year. The comment is personal.
export const appraisal = sqliteTable(
  'appraisal',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    year: integer('year').notNull(),
    grade: text('grade', { enum: GRADE_VALUES }).notNull(),
    comment: text('comment'),
  },
  (t) => [index('appraisal_cadre_idx').on(t.cadreId), index('appraisal_year_idx').on(t.year)],
);

export const MERIT_KINDS = ['performance', 'reward', 'sanction'] as const;

// 业绩 and 奖惩.
export const merit = sqliteTable(
  'merit',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    kind: text('kind', { enum: MERIT_KINDS }).notNull(),
    date: text('date').notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
  },
  (t) => [index('merit_cadre_idx').on(t.cadreId)],
);
