import { z } from 'zod';
import { RuleOutcomeSchema } from './errors';
import { ABILITIES, ATTENDANCE, COURSE_KINDS, DRILL_KINDS } from '../domain/training';
import { DateSchema, grants, IdSchema, method, OptText, Text } from './common';
import { STAGES } from '../domain/career';
import { UPLOAD_LIMITS } from './imports';
import { Bool, CADRE, cadreRef, Day, def, fieldsOf, HR_CLASSES, Int, Num, oneOf, opt, optText, req, reqText, table, Txt } from '../sync/columns';

// 多轨制培训: yearly plans, courses, enrolment, attendance and hours against the requirement.

export const PLAN_STATES = ['draft', 'approved', 'closed'] as const;
export { ABILITIES, ATTENDANCE, COURSE_KINDS, DRILL_KINDS };

const Year = z.number().int().min(2000).max(2100);
const OptDate = DateSchema.nullish().transform((v) => v ?? null);
const Ok = z.null();

export const TrainingPlanSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  officeName: z.string(),
  year: z.number().int(),
  title: z.string(),
  goals: z.string().nullable(),
  targetStages: z.array(z.enum(STAGES)),
  abilities: z.array(z.string()),
  status: z.enum(PLAN_STATES),
  courses: z.number().int(),
  hours: z.number(),
});
export type TrainingPlan = z.infer<typeof TrainingPlanSchema>;

export const CourseSchema = z.object({
  id: IdSchema,
  planId: IdSchema,
  planTitle: z.string(),
  planStatus: z.enum(PLAN_STATES),
  kind: z.enum(COURSE_KINDS),
  kindLabel: z.string(),
  subKind: z.string().nullable(),
  title: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  hours: z.number(),
  days: z.number(),
  fullTime: z.boolean(),
  place: z.string().nullable(),
  instructor: z.string().nullable(),
  capacity: z.number().int().nullable(),
  targetStages: z.array(z.enum(STAGES)),
  targetPosts: z.array(z.string()),
  abilities: z.array(z.string()),
  note: z.string().nullable(),
  enrolled: z.number().int(),
  waiting: z.number().int(),
  attended: z.number().int(),
});
export type Course = z.infer<typeof CourseSchema>;

export const EnrolmentSchema = z.object({
  id: IdSchema,
  courseId: IdSchema,
  cadreId: IdSchema,
  name: z.string(),
  officeId: IdSchema,
  officeName: z.string(),
  post: z.string().nullable(),
  status: z.enum(['enrolled', 'waiting']),
  /** 1-based place on the waiting list. */
  waitingPlace: z.number().int().nullable(),
  attendance: z.enum(ATTENDANCE).nullable(),
  score: z.number().nullable(),
  creditedHours: z.number(),
  note: z.string().nullable(),
});
export type Enrolment = z.infer<typeof EnrolmentSchema>;

/** A rule checked for the user (shared/contract/errors.ts RuleOutcome), worded by the screens as `training.rules.<rule>`. */
export const OutcomeSchema = RuleOutcomeSchema;
/** 初任培训 or 任职培训 after a promotion: an outcome with its status and the window's last day. */
const Check = OutcomeSchema.extend({ status: z.enum(['done', 'due', 'missing']), deadline: z.string() });
/** Training as evidence for a promotion (roster.eligibility): last year's minimum and overdue 任职培训. */
export const TrainingEvidenceSchema = z.object({ pass: z.boolean(), outcomes: z.array(OutcomeSchema) });
export type TrainingEvidence = z.infer<typeof TrainingEvidenceSchema>;
/** The versions of the training settings a verdict used. */
const Versions = z.object({ hours: z.number().int(), days: z.number().int(), fullTime: z.number().int(), initial: z.number().int(), post: z.number().int() });
export const YearCheckSchema = z.object({
  year: z.number().int(),
  hours: z.number(),
  days: z.number(),
  fullTimeDays: z.number(),
  excused: z.number().int(),
  absent: z.number().int(),
  annualMet: z.boolean(),
  shortfall: z.array(OutcomeSchema),
  hoursBehind: z.number(),
  initial: Check.nullable(),
  postTraining: z.array(Check),
  compliant: z.boolean(),
  explanation: z.array(OutcomeSchema),
});
export type YearCheckOut = z.infer<typeof YearCheckSchema>;

export const ComplianceRowSchema = YearCheckSchema.extend({
  cadreId: IdSchema,
  name: z.string(),
  officeId: IdSchema,
  officeName: z.string(),
  post: z.string().nullable(),
  stage: z.enum(STAGES).nullable(),
});
export type ComplianceRow = z.infer<typeof ComplianceRowSchema>;

export const SuggestionSchema = z.object({
  courseId: IdSchema,
  title: z.string(),
  kind: z.enum(COURSE_KINDS),
  subKind: z.string().nullable(),
  kindLabel: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  hours: z.number(),
  full: z.boolean(),
  cadres: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), reasons: z.array(OutcomeSchema) })),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const EducationSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  name: z.string(),
  officeName: z.string(),
  institution: z.string(),
  degree: z.string(),
  major: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  completed: z.boolean(),
  completedOn: z.string().nullable(),
  reward: z.boolean(),
  rewardAmount: z.number().nullable(),
  rewardRef: z.string().nullable(),
});
export type Education = z.infer<typeof EducationSchema>;

const StageList = z.array(z.enum(STAGES)).max(4).default([]);
const Abilities = z.array(z.enum(ABILITIES)).max(3).default([]);
// Issue messages are keys the renderer words (errors.input.*).
const Hours = z.number({ error: 'hoursNotNumber' }).min(0, 'hoursNegative').max(10_000, 'hoursTooLarge');

export const ATTENDANCE_IMPORT_COLUMNS = { name: '姓名', office: '单位', attendance: '出勤', score: '成绩' } as const;
export type AttendanceImportKey = keyof typeof ATTENDANCE_IMPORT_COLUMNS;

export const trainingContract = {
  'training.plans': method({
    input: z.object({ year: Year.optional() }).strict(),
    output: z.array(TrainingPlanSchema),
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
    permission: 'training.read',
  }),
  'training.savePlan': method({
    input: z
      .object({
        id: IdSchema.optional(),
        officeId: IdSchema.optional(),
        year: Year,
        title: Text(100),
        goals: OptText(2000),
        targetStages: StageList,
        abilities: Abilities,
        status: z.enum(PLAN_STATES).default('draft'),
      })
      .strict(),
    output: TrainingPlanSchema,
    scope: 'county',
    permission: 'training.manage',
  }),
  'training.removePlan': method({ input: z.object({ id: IdSchema }).strict(), output: Ok, scope: 'county', permission: 'training.manage' }),
  'training.courses': method({
    input: z.object({ planId: IdSchema.optional(), from: DateSchema.optional(), to: DateSchema.optional(), year: Year.optional() }).strict(),
    output: z.array(CourseSchema),
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
    permission: 'training.read',
  }),
  'training.course': method({
    input: z.object({ id: IdSchema }).strict(),
    output: z.object({ course: CourseSchema, enrolments: z.array(EnrolmentSchema), canManage: z.boolean(), canEnrol: z.boolean() }),
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
    permission: 'training.read',
  }),
  'training.saveCourse': method({
    input: z
      .object({
        id: IdSchema.optional(),
        planId: IdSchema,
        kind: z.enum(COURSE_KINDS),
        subKind: OptText(20),
        title: Text(100),
        startDate: DateSchema,
        endDate: DateSchema,
        hours: Hours,
        days: z.number({ error: 'daysNotNumber' }).min(0.5, 'daysMinHalf').max(400),
        fullTime: z.boolean().default(true),
        place: OptText(100),
        instructor: OptText(100),
        capacity: z
          .number()
          .int()
          .min(1, 'capacityMin1')
          .max(10_000)
          .nullish()
          .transform((v) => v ?? null),
        targetStages: StageList,
        targetPosts: z.array(Text(60)).max(20).default([]),
        abilities: Abilities,
        note: OptText(1000),
      })
      .strict(),
    output: CourseSchema,
    scope: 'county',
    permission: 'training.manage',
  }),
  'training.removeCourse': method({ input: z.object({ id: IdSchema }).strict(), output: Ok, scope: 'county', permission: 'training.manage' }),
  /** Enrol named cadres, or everyone matching a filter (station, stage, post). */
  'training.enrol': method({
    input: z
      .object({
        courseId: IdSchema,
        cadreIds: z.array(IdSchema).max(2000).default([]),
        filter: z
          .object({ officeId: IdSchema.optional(), stage: z.enum(STAGES).optional(), post: Text(60).optional() })
          .strict()
          .optional(),
        /** Over capacity: put the rest on the waiting list instead of refusing. */
        waitlist: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ enrolled: z.array(z.string()), waiting: z.array(z.string()), skipped: z.array(z.string()) }),
    permission: 'training.enrol',
  }),
  /** Cancels an enrolment; the first on the waiting list takes the place. */
  'training.unenrol': method({
    input: z.object({ id: IdSchema }).strict(),
    output: z.object({ promoted: z.string().nullable() }),
    permission: 'training.enrol',
  }),
  /** After a sync over-filled a course: the latest enrolments without attendance go to the waiting list. */
  'training.settleOverfill': method({
    input: z.object({ courseId: IdSchema }).strict(),
    output: z.object({ moved: z.array(z.string()), stillOver: z.number().int() }),
    scope: 'county',
    permission: 'training.manage',
  }),
  'training.attend': method({
    input: z
      .object({
        courseId: IdSchema,
        records: z
          .array(
            z
              .object({
                cadreId: IdSchema,
                attendance: z.enum(ATTENDANCE).nullable(),
                score: z
                  .number()
                  .min(0)
                  .max(100)
                  .nullish()
                  .transform((v) => v ?? null),
              })
              .strict(),
          )
          .min(1)
          .max(2000),
      })
      .strict(),
    output: z.object({ saved: z.number().int() }),
    permission: 'training.enrol',
  }),
  'training.importAttendance': method({
    input: z
      .object({
        courseId: IdSchema,
        /** The sign-in sheet itself (.xlsx, .xls or .csv), read by the core with the import limits. */
        fileBase64: z.string().max(UPLOAD_LIMITS.importFile).optional(),
        rows: z
          .array(z.record(z.string(), z.string().max(200)))
          .min(1, 'importNoRows')
          .max(2000, 'importTooManyRows')
          .optional(),
        commit: z.boolean(),
      })
      .strict()
      .refine((i) => !!i.fileBase64 !== !!i.rows, { message: 'send the file or the rows' }),
    output: z.object({
      rows: z.number().int(),
      saved: z.number().int(),
      errors: z.array(z.object({ row: z.number().int(), reason: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
    }),
    permission: 'training.enrol',
  }),
  'training.compliance': method({
    input: z.object({ year: Year, officeId: IdSchema.optional() }).strict(),
    output: z.object({
      rows: z.array(ComplianceRowSchema),
      stations: z.array(
        z.object({
          officeId: IdSchema,
          name: z.string(),
          total: z.number().int(),
          compliant: z.number().int(),
          behind: z.number().int(),
          avgHours: z.number(),
        }),
      ),
      rules: z.object({
        minHours: z.number(),
        minDays: z.number(),
        minFullTimeDays: z.number(),
        initialDays: z.number(),
        postTrainingMonths: z.number(),
        versions: Versions,
      }),
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
    permission: 'training.read',
  }),
  /** One cadre's training record: HR, their station chief, or the cadre. */
  'training.cadre': method({
    input: z.object({ cadreId: IdSchema }).strict(),
    output: z.object({
      history: z.array(
        z.object({
          enrolmentId: IdSchema,
          courseId: IdSchema,
          title: z.string(),
          kind: z.enum(COURSE_KINDS),
          kindLabel: z.string(),
          subKind: z.string().nullable(),
          startDate: z.string(),
          endDate: z.string(),
          hours: z.number(),
          status: z.enum(['enrolled', 'waiting']),
          attendance: z.enum(ATTENDANCE).nullable(),
          score: z.number().nullable(),
          creditedHours: z.number(),
        }),
      ),
      years: z.array(YearCheckSchema),
      suggestions: z.array(SuggestionSchema),
      education: z.array(EducationSchema),
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
    scope: 'person',
    personRights: { read: 'training.read', manage: 'training.manage' },
    permission: 'session',
  }),
  'training.suggest': method({
    input: z.object({ officeId: IdSchema.optional(), stage: z.enum(STAGES).optional() }).strict(),
    output: z.array(SuggestionSchema),
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
    permission: 'training.read',
  }),
  /** For the HR dashboard: who is behind this year, and 初任/任职 training due or missed. */
  'training.warnings': method({
    input: z.object({ officeId: IdSchema.optional() }).strict(),
    output: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), outcomes: z.array(OutcomeSchema) })),
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
    permission: 'training.read',
  }),
  'training.education': method({
    input: z.object({ officeId: IdSchema.optional() }).strict(),
    output: z.array(EducationSchema),
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
    permission: 'training.read',
  }),
  'training.saveEducation': method({
    input: z
      .object({
        id: IdSchema.optional(),
        cadreId: IdSchema,
        institution: Text(100),
        degree: Text(40),
        major: OptText(60),
        startDate: DateSchema,
        endDate: OptDate,
        completed: z.boolean().default(false),
        completedOn: OptDate,
        reward: z.boolean().default(false),
        rewardAmount: z
          .number()
          .min(0)
          .max(1_000_000)
          .nullish()
          .transform((v) => v ?? null),
        rewardRef: OptText(100),
      })
      .strict(),
    output: EducationSchema,
    scope: 'county',
    permission: 'training.manage',
  }),
  'training.removeEducation': method({ input: z.object({ id: IdSchema }).strict(), output: Ok, scope: 'county', permission: 'training.manage' }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const trainingGrants = grants({
  'training.read': ['admin', 'chief', 'hr'],
  /** Plans and courses. */
  'training.manage': ['admin', 'hr'],
  /** Enrol and record attendance: HR anywhere, a station chief for their own station. */
  'training.enrol': ['admin', 'chief', 'hr'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const TPlan = fieldsOf(trainingContract['training.savePlan']);
const Course = fieldsOf(trainingContract['training.saveCourse']);
const Edu = fieldsOf(trainingContract['training.saveEducation']);

export const trainingTables = {
  // Plans and courses are county-level: every station enrols in the bureau's courses.
  // target_stages, abilities, target_posts: JSON lists.
  training_plan: table({
    countyWide: true,
    writers: HR_CLASSES,
    editedWith: 'training.manage',
    shape: {
      year: req(Int),
      title: reqText(TPlan.title!),
      goals: optText(TPlan.goals!),
      target_stages: def(Txt),
      abilities: def(Txt),
      status: def(oneOf(PLAN_STATES)),
    },
  }),
  training_course: table({
    countyWide: true,
    refs: { plan_id: 'training_plan' },
    writers: HR_CLASSES,
    editedWith: 'training.manage',
    shape: {
      plan_id: req(IdSchema),
      kind: req(oneOf(COURSE_KINDS)),
      sub_kind: optText(Course.subKind!),
      title: reqText(Course.title!),
      start_date: req(Day),
      end_date: req(Day),
      hours: req(Num),
      days: req(Num),
      full_time: def(Bool),
      place: optText(Course.place!),
      instructor: optText(Course.instructor!),
      capacity: opt(Int),
      target_stages: def(Txt),
      target_posts: def(Txt),
      abilities: def(Txt),
      note: optText(Course.note!),
    },
  }),
  // note: no form writes it yet.
  training_enrolment: table({
    refs: { course_id: 'training_course', cadre_id: 'cadre' },
    follows: 'cadre_id',
    editedWith: 'training.enrol',
    shape: {
      course_id: req(IdSchema),
      ...cadreRef,
      status: req(oneOf(['enrolled', 'waiting'])),
      attendance: opt(oneOf(ATTENDANCE)),
      score: opt(Num),
      note: opt(Txt),
    },
  }),
  education_record: table({
    ...CADRE,
    editedWith: 'training.manage',
    shape: {
      ...cadreRef,
      institution: reqText(Edu.institution!),
      degree: reqText(Edu.degree!),
      major: optText(Edu.major!),
      start_date: req(Day),
      end_date: opt(Day),
      completed: def(Bool),
      completed_on: opt(Day),
      reward: def(Bool),
      reward_amount: opt(Num),
      reward_ref: optText(Edu.rewardRef!),
    },
  }),
};
