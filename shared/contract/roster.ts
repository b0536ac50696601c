import { z } from 'zod';
import { RuleOutcomeSchema } from './errors';
import { DateSchema, grants, IdSchema, method, OptText, Text } from './common';
import { CADRE, cadreRef, Day, def, fieldsOf, HR_CLASSES, Int, oneOf, opt, optText, req, reqText, table, Txt } from '../sync/columns';
import { TrainingEvidenceSchema } from './training';

// 督导员名册, 退二线 and 职级晋升.

const OptDate = DateSchema.nullish().transform((v) => v ?? null);
export const TARGET_KINDS = ['zone', 'station', 'theme'] as const;
export const FOLLOW_STATUSES = ['none', 'open', 'done'] as const;
/** Themes offered when appointing a supervisor (any other may be typed): the bureau's own terms. */
export const SUPERVISION_THEMES = ['食品安全', '无照经营整治', '消费维权', '网格巡查'] as const;
/** Why a cadre is suggested as supervisor: 实改非, already on the second line, or a current leader. */
export const CANDIDATE_REASONS = ['sgf', 'secondLine', 'leader'] as const;
/** A rule checked for the user (shared/contract/errors.ts RuleOutcome), worded by the screens as `roster.rules.<rule>`. */
const Outcome = RuleOutcomeSchema;

export const ScopeSchema = z
  .object({
    stations: z.array(IdSchema).max(50).default([]),
    zones: z.array(IdSchema).max(200).default([]),
    themes: z.array(Text(40)).max(20).default([]),
  })
  .strict();

export const SupervisorSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  name: z.string(),
  officeName: z.string(),
  post: z.string().nullable(),
  sgf: z.boolean(),
  startDate: z.string(),
  /** The term's end: at the latest the statutory retirement date. */
  endDate: z.string().nullable(),
  /** The term ends at retirement rather than at a date set by HR. */
  endsAtRetirement: z.boolean(),
  active: z.boolean(),
  duties: z.string(),
  scope: z.object({ stations: z.array(z.string()), zones: z.array(z.string()), themes: z.array(z.string()) }),
  /** The scope's stations and zones by name, in the order of `scope` (null: since deleted). */
  scopeLabels: z.object({ stations: z.array(z.string().nullable()), zones: z.array(z.string().nullable()) }),
  note: z.string().nullable(),
  load: z.object({
    assignments: z.number().int(),
    hours: z.number().int(),
    maxAssignments: z.number().int(),
    maxHours: z.number().int(),
    over: z.boolean(),
    versions: z.object({ assignments: z.number().int(), hours: z.number().int() }),
  }),
  openFollowUps: z.number().int(),
});
export type Supervisor = z.infer<typeof SupervisorSchema>;

/** What an assignment is on: a zone ("code name", with its station), a station, or a theme; null label: since deleted. */
const Target = { targetKind: z.enum(TARGET_KINDS), targetLabel: z.string().nullable(), targetOffice: z.string().nullable() };

export const AssignmentSchema = z.object({
  id: IdSchema,
  supervisorId: IdSchema,
  targetId: IdSchema.nullable(),
  theme: z.string().nullable(),
  ...Target,
  startDate: z.string(),
  endDate: z.string(),
  goals: z.string(),
  hoursPerMonth: z.number().int(),
  active: z.boolean(),
});
export const LogSchema = z.object({
  id: IdSchema,
  assignmentId: IdSchema,
  ...Target,
  visitDate: z.string(),
  findings: z.string(),
  feedback: z.string().nullable(),
  followUp: z.string().nullable(),
  followStatus: z.enum(FOLLOW_STATUSES),
  hours: z.number().int(),
});

export const SecondLineRowSchema = z.object({
  cadreId: IdSchema,
  name: z.string(),
  officeName: z.string(),
  post: z.string().nullable(),
  leadershipPost: z.string().nullable(),
  gender: z.enum(['M', 'F']),
  birthDate: z.string(),
  ageMonths: z.number().int(),
  baseDate: z.string(),
  date: z.string(),
  deferred: z.boolean(),
  maxDate: z.string(),
  monthsLeft: z.number().int(),
  moved: z.boolean(),
  events: z.array(
    z.object({
      id: IdSchema,
      kind: z.enum(['deferral', 'move']),
      date: z.string(),
      newDate: z.string().nullable(),
      approver: z.string().nullable(),
      decisionRef: z.string().nullable(),
    }),
  ),
  /** How the date is reached: the age rule, the deferral if any, the longest deferral (all pass). */
  basis: z.array(Outcome),
});

export const EligibilityRowSchema = z.object({
  cadreId: IdSchema,
  name: z.string(),
  officeName: z.string(),
  currentRank: z.string().nullable(),
  nextRank: z.string().nullable(),
  eligibleOn: z.string().nullable(),
  eligibleToday: z.boolean(),
  withinMonths: z.boolean(),
  criteria: z.array(Outcome),
  /** Training as evidence for the decision (not a criterion of eligibility). */
  training: TrainingEvidenceSchema.nullable(),
});

export const rosterContract = {
  /** Stations and active zones a supervisor may be given, for roles that do not manage zones. */
  'roster.targets': method({
    input: z.object({}).strict(),
    output: z.object({
      stations: z.array(z.object({ id: IdSchema, name: z.string() })),
      zones: z.array(z.object({ id: IdSchema, label: z.string(), officeName: z.string() })),
    }),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    permission: 'roster.read',
  }),
  'roster.supervisors': method({
    input: z.object({}).strict(),
    output: z.array(SupervisorSchema),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    permission: 'roster.read',
  }),
  'roster.candidates': method({
    input: z.object({}).strict(),
    output: z.array(
      z.object({
        cadreId: IdSchema,
        name: z.string(),
        officeName: z.string(),
        post: z.string().nullable(),
        sgf: z.boolean(),
        secondLine: z.boolean(),
        why: z.enum(CANDIDATE_REASONS),
        sgfDate: z.string().nullable(),
        leadershipPost: z.string().nullable(),
      }),
    ),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    scope: 'county',
    permission: 'roster.manage',
  }),
  'roster.appoint': method({
    input: z
      .object({
        id: IdSchema.optional(),
        cadreId: IdSchema,
        startDate: DateSchema,
        endDate: OptDate,
        duties: Text(1000),
        scope: ScopeSchema,
        note: OptText(500),
      })
      .strict(),
    output: SupervisorSchema,
    scope: 'county',
    permission: 'roster.manage',
  }),
  /** The signed-in account's own current supervisor term, if its cadre holds one (for the nav). */
  'roster.mine': method({
    input: z.object({}).strict(),
    output: z.object({ supervisorId: IdSchema.nullable() }),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    permission: 'session',
  }),
  'roster.supervisor': method({
    input: z.object({ id: IdSchema }).strict(),
    output: z.object({
      supervisor: SupervisorSchema,
      assignments: z.array(AssignmentSchema),
      log: z.array(LogSchema),
      canLog: z.boolean(),
      canManage: z.boolean(),
    }),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    permission: 'session',
  }),
  'roster.assign': method({
    input: z
      .object({
        id: IdSchema.optional(),
        supervisorId: IdSchema,
        targetKind: z.enum(TARGET_KINDS),
        targetId: IdSchema.nullish().transform((v) => v ?? null),
        theme: OptText(40),
        startDate: DateSchema,
        endDate: DateSchema,
        goals: Text(1000),
        hoursPerMonth: z.number().int().min(1).max(200),
      })
      .strict(),
    output: z.object({ assignment: AssignmentSchema, warnings: z.array(Outcome) }),
    scope: 'county',
    permission: 'roster.manage',
  }),
  'roster.removeAssignment': method({ input: z.object({ id: IdSchema }).strict(), output: z.null(), scope: 'county', permission: 'roster.manage' }),
  'roster.log': method({
    input: z
      .object({
        id: IdSchema.optional(),
        assignmentId: IdSchema,
        visitDate: DateSchema,
        findings: Text(2000),
        feedback: OptText(2000),
        followUp: OptText(1000),
        followStatus: z.enum(FOLLOW_STATUSES).default('none'),
        hours: z.number().int().min(0).max(24).default(0),
      })
      .strict(),
    output: LogSchema,
    permission: 'session',
  }),
  'roster.secondLine': method({
    input: z.object({ officeId: IdSchema.optional(), all: z.boolean().default(false) }).strict(),
    output: z.array(SecondLineRowSchema),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    scope: 'station',
    permission: 'roster.read',
  }),
  'roster.defer': method({
    input: z
      .object({
        cadreId: IdSchema,
        date: DateSchema,
        newDate: DateSchema,
        approver: z.string().trim().max(40).default(''),
        decisionRef: Text(100),
        note: OptText(500),
      })
      .strict(),
    output: SecondLineRowSchema,
    scope: 'county',
    permission: 'roster.manage',
  }),
  'roster.moveToSecondLine': method({
    input: z.object({ cadreId: IdSchema, date: DateSchema, note: OptText(500) }).strict(),
    output: z.object({ row: SecondLineRowSchema, offerSupervisor: z.boolean() }),
    scope: 'county',
    permission: 'roster.manage',
  }),
  'roster.eligibility': method({
    input: z.object({ officeId: IdSchema.optional(), months: z.number().int().min(0).max(24).default(6) }).strict(),
    output: z.object({
      rows: z.array(EligibilityRowSchema),
      versions: z.object({ ladder: z.number().int(), weakYearsCount: z.number().int(), incompetentBlocks: z.number().int(), oldTitleMap: z.number().int() }),
    }),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    scope: 'station',
    permission: 'roster.read',
  }),
  'roster.promote': method({
    /** `date` is the approval date of the promotion and `decisionRef` its document number (任职文号). */
    input: z.object({ cadreId: IdSchema, rank: Text(20), date: DateSchema, decisionRef: Text(60), note: OptText(200) }).strict(),
    output: z.object({ row: EligibilityRowSchema, warnings: z.array(Outcome) }),
    scope: 'county',
    permission: 'roster.manage',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const rosterGrants = grants({
  'roster.read': ['admin', 'chief', 'hr'],
  'roster.manage': ['admin', 'hr'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const Appoint = fieldsOf(rosterContract['roster.appoint']);
const Task = fieldsOf(rosterContract['roster.assign']);
const Log = fieldsOf(rosterContract['roster.log']);
const Defer = fieldsOf(rosterContract['roster.defer']);

export const rosterTables = {
  // The supervisor roster is county-level: every device sees who supervises what.
  // scope: the stations, zones and themes supervised (JSON).
  supervisor: table({
    countyWide: true,
    refs: { cadre_id: 'cadre' },
    writers: HR_CLASSES,
    editedWith: 'roster.manage',
    shape: { ...cadreRef, start_date: req(Day), end_date: opt(Day), duties: reqText(Appoint.duties!), scope: req(Txt), note: optText(Appoint.note!) },
  }),
  supervision_assignment: table({
    countyWide: true,
    refs: { supervisor_id: 'supervisor' },
    writers: HR_CLASSES,
    editedWith: 'roster.manage',
    shape: {
      supervisor_id: req(IdSchema),
      target_kind: req(oneOf(TARGET_KINDS)),
      target_id: opt(IdSchema),
      theme: optText(Task.theme!),
      start_date: req(Day),
      end_date: req(Day),
      goals: reqText(Task.goals!),
      hours_per_month: req(Int),
    },
  }),
  supervision_log: table({
    countyWide: true,
    refs: { assignment_id: 'supervision_assignment', supervisor_id: 'supervisor' },
    writers: HR_CLASSES,
    editedWith: 'dossiers.manage',
    shape: {
      assignment_id: req(IdSchema),
      supervisor_id: req(IdSchema),
      visit_date: req(Day),
      findings: reqText(Log.findings!),
      feedback: optText(Log.feedback!),
      follow_up: optText(Log.followUp!),
      follow_status: def(oneOf(FOLLOW_STATUSES)),
      hours: def(Int),
    },
  }),
  second_line_event: table({
    sensitive: ['new_date'],
    ...CADRE,
    writers: HR_CLASSES,
    editedWith: 'roster.manage',
    shape: {
      ...cadreRef,
      kind: req(oneOf(['deferral', 'move'])),
      date: req(Day),
      new_date: opt(Day),
      approver: optText(Defer.approver!),
      decision_ref: optText(Defer.decisionRef!),
      note: optText(Defer.note!),
    },
  }),
};
