import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

// 督导员: a former leader given a real supervisory role. County-level reference data: rows
// carry the supervisor cadre's office and go to every device of the county.
export const supervisor = sqliteTable(
  'supervisor',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    duties: text('duties').notNull(),
    /** JSON { stations: id[], zones: id[], themes: string[] }. */
    scope: text('scope').notNull(),
    note: text('note'),
  },
  (t) => [index('supervisor_cadre_idx').on(t.cadreId)],
);

export const TARGET_KINDS = ['zone', 'station', 'theme'] as const;

export const supervisionAssignment = sqliteTable(
  'supervision_assignment',
  {
    ...syncedColumns(),
    supervisorId: text('supervisor_id').notNull(),
    targetKind: text('target_kind', { enum: TARGET_KINDS }).notNull(),
    targetId: text('target_id'),
    theme: text('theme'),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    goals: text('goals').notNull(),
    hoursPerMonth: integer('hours_per_month').notNull(),
  },
  (t) => [index('supervision_assignment_sup_idx').on(t.supervisorId)],
);

export const FOLLOW_STATUSES = ['none', 'open', 'done'] as const;

export const supervisionLog = sqliteTable(
  'supervision_log',
  {
    ...syncedColumns(),
    assignmentId: text('assignment_id').notNull(),
    supervisorId: text('supervisor_id').notNull(),
    visitDate: text('visit_date').notNull(),
    findings: text('findings').notNull(),
    feedback: text('feedback'),
    followUp: text('follow_up'),
    followStatus: text('follow_status', { enum: FOLLOW_STATUSES }).notNull().default('none'),
    hours: integer('hours').notNull().default(0),
  },
  (t) => [index('supervision_log_sup_idx').on(t.supervisorId)],
);

// 退二线: a deferral (延后退二线) with its approval, or the move itself.
export const secondLineEvent = sqliteTable(
  'second_line_event',
  {
    ...syncedColumns(),
    cadreId: text('cadre_id').notNull(),
    kind: text('kind', { enum: ['deferral', 'move'] }).notNull(),
    date: text('date').notNull(),
    newDate: text('new_date'),
    approver: text('approver'),
    decisionRef: text('decision_ref'),
    note: text('note'),
  },
  (t) => [index('second_line_event_cadre_idx').on(t.cadreId)],
);
