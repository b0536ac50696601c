import { z } from 'zod';
import { RuleOutcomeSchema } from './errors';
import { DateSchema, grants, IdSchema, method, OptText, Text } from './common';
import { CadreSchema } from './offices';
import { CADRE, cadreRef, Day, def, fieldsOf, HR_CLASSES, Int, oneOf, opt, optText, req, reqText, table, Txt } from '../sync/columns';
import { rosterContract } from './roster';
import { authContract } from './auth';

// 干部职业档案: the dossier of one cadre and its records.

export const ANCHOR_CODES = ['TF', 'GM', 'AU', 'SE', 'EC', 'SV', 'CH', 'LS'] as const;
export const GRADES = ['优秀', '称职', '基本称职', '不称职', '不定等次'] as const;
export type Grade = (typeof GRADES)[number];
/** The grades' dictionary keys (dossier.appraisal.grades), in the order of GRADES: the stored values stay the statutory Chinese. */
export const GRADE_KEYS = ['excellent', 'competent', 'basic', 'incompetent', 'ungraded'] as const;
export const gradeKey = (g: Grade) => GRADE_KEYS[GRADES.indexOf(g)]!;
export const EXCELLENT: Grade = GRADES[0];
export const INCOMPETENT: Grade = GRADES[3];
export const PLAN_STATUSES = ['draft', 'submitted', 'reviewed'] as const;
export const COMMITMENT_RESULTS = ['met', 'partly', 'not_met'] as const;
export const DECISIONS = ['pending', 'approved', 'declined', 'deferred'] as const;
export const MERIT_KINDS = ['performance', 'reward', 'sanction'] as const;
export { STAGES } from '../domain/career';
import { STAGES } from '../domain/career';

const OptDate = DateSchema.nullish().transform((v) => v ?? null);
const Year = z.number().int().min(1950).max(2100);
/** One survey answer: 1–6, or null while unanswered. */
const Answer = z.number().int().min(1).max(6).nullable();

export const PlanSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  periodStart: z.number().int(),
  periodEnd: z.number().int(),
  selfAssessment: z.string().nullable(),
  anchorAnswers: z.array(z.number().int().nullable()),
  anchorScores: z.record(z.string(), z.number()).nullable(),
  anchorTop: z.string().nullable(),
  anchorOverride: z.string().nullable(),
  overrideReason: z.string().nullable(),
  goal1: z.string().nullable(),
  goal3: z.string().nullable(),
  goal5: z.string().nullable(),
  preferredPosts: z.string().nullable(),
  trainingNeeds: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  submittedOn: z.string().nullable(),
  /** Null for viewers who may not read it. */
  reviewComment: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewedOn: z.string().nullable(),
});
export type Plan = z.infer<typeof PlanSchema>;

export const CommitmentItemSchema = z.object({
  text: z.string(),
  result: z.enum(COMMITMENT_RESULTS).nullable(),
  note: z.string().nullable(),
});
export const CommitmentSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  year: z.number().int(),
  items: z.array(CommitmentItemSchema),
  reviewedOn: z.string().nullable(),
  reviewer: z.string().nullable(),
});
export type Commitment = z.infer<typeof CommitmentSchema>;

export const DeclarationSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  cadreName: z.string(),
  officeName: z.string(),
  kind: z.enum(['post', 'rotation']),
  target: z.string(),
  reason: z.string(),
  submittedOn: z.string(),
  decision: z.enum(DECISIONS),
  decidedOn: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type Declaration = z.infer<typeof DeclarationSchema>;

export const InternshipSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  post: z.string(),
  place: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  supervisor: z.string(),
  evaluation: z.string().nullable(),
});
export const SecondmentSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  kind: z.enum(['secondment', 'rotation']),
  hostOrg: z.string(),
  post: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  note: z.string().nullable(),
  active: z.boolean(),
});
export const MentoringSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  menteeName: z.string().nullable(),
  mentorId: IdSchema,
  /** Null when the mentor is at another station and this device holds no row for them. */
  mentorName: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  goals: z.string(),
  review: z.string().nullable(),
});
export const AppraisalSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  year: z.number().int(),
  grade: z.enum(GRADES),
  /** Null unless the viewer may read appraisal comments. */
  comment: z.string().nullable(),
});
export const MeritSchema = z.object({
  id: IdSchema,
  cadreId: IdSchema,
  kind: z.enum(MERIT_KINDS),
  date: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
});
/** A rank held; a promotion records its approval date (the start) and document number (任职文号). */
export const RankRecordSchema = z.object({
  id: IdSchema,
  rank: z.string(),
  startDate: z.string(),
  decisionRef: z.string().nullable(),
  note: z.string().nullable(),
});

/** A rule checked for the user (shared/contract/errors.ts RuleOutcome): the renderer words `dossier.rules.<rule>`. */
export const OutcomeSchema = RuleOutcomeSchema;
/** A warning on a dossier or a save: a rule not met (pass false), with the facts its wording needs. */
export const WarningSchema = OutcomeSchema;

export const DossierSchema = z.object({
  cadre: CadreSchema,
  /** The stage, why (shared/domain/career.ts StageBasis) and the versions of the stage settings used. */
  stage: z
    .object({
      stage: z.enum(STAGES),
      basis: z.discriminatedUnion('why', [
        z.object({ why: z.literal('secondLine') }),
        z.object({ why: z.literal('retire'), monthsToRetire: z.number().int(), retreatYears: z.number() }),
        z.object({ why: z.literal('served'), serviceYears: z.number().int(), serviceMonths: z.number().int() }),
      ]),
      settingVersions: z.object({ adapt: z.number().int(), growth: z.number().int(), retreat: z.number().int() }),
    })
    .nullable(),
  /** The statutory retirement date and its basis (birth month, base age, months of delay). */
  retirement: z.object({
    date: z.string(),
    monthsLeft: z.number().int(),
    birthYear: z.number().int(),
    birthMonth: z.number().int(),
    baseYears: z.number().int(),
    delayMonths: z.number().int(),
    ageMonths: z.number().int(),
  }),
  plans: z.array(PlanSchema),
  commitments: z.array(CommitmentSchema),
  declarations: z.array(DeclarationSchema),
  internships: z.array(InternshipSchema),
  secondments: z.array(SecondmentSchema),
  mentoring: z.array(MentoringSchema),
  appraisals: z.array(AppraisalSchema),
  merits: z.array(MeritSchema),
  ranks: z.array(RankRecordSchema),
  warnings: z.array(WarningSchema),
  /** What the viewer may do here. */
  canManage: z.boolean(),
  canSeePersonal: z.boolean(),
  isSelf: z.boolean(),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const PlanInput = z
  .object({
    id: IdSchema.optional(),
    cadreId: IdSchema,
    periodStart: Year.nullish(),
    periodEnd: Year.nullish(),
    selfAssessment: OptText(4000),
    anchorAnswers: z.array(Answer).max(40).default([]),
    anchorOverride: z
      .enum(ANCHOR_CODES)
      .nullish()
      .transform((v) => v ?? null),
    overrideReason: OptText(500),
    goal1: OptText(2000),
    goal3: OptText(2000),
    goal5: OptText(2000),
    preferredPosts: OptText(500),
    trainingNeeds: OptText(1000),
  })
  .strict();

const Ok = z.null();
const RemoveInput = z.object({ id: IdSchema }).strict();

export const QuotaSchema = z.object({
  officeId: IdSchema,
  officeName: z.string(),
  year: z.number().int(),
  total: z.number().int(),
  excellent: z.number().int(),
  sharePct: z.number(),
  capPct: z.number(),
  settingVersion: z.number().int(),
  over: z.boolean(),
});

export const dossiersContract = {
  'dossiers.get': method({
    input: z.object({ cadreId: IdSchema }).strict(),
    output: DossierSchema,
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
    personRights: { read: 'dossiers.read', manage: 'dossiers.manage' },
    permission: 'session',
  }),
  'dossiers.mine': method({
    input: z.object({}).strict(),
    output: z.object({ cadreId: IdSchema.nullable() }),
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
  'dossiers.savePlan': method({ input: PlanInput, output: PlanSchema, permission: 'session' }),
  'dossiers.submitPlan': method({ input: z.object({ id: IdSchema }).strict(), output: PlanSchema, permission: 'session' }),
  'dossiers.reviewPlan': method({
    input: z.object({ id: IdSchema, comment: Text(2000), date: DateSchema }).strict(),
    output: PlanSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removePlan': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.saveCommitment': method({
    input: z.object({ id: IdSchema.optional(), cadreId: IdSchema, year: Year, items: z.array(Text(500)).min(1).max(30) }).strict(),
    output: CommitmentSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.reviewCommitment': method({
    input: z
      .object({ id: IdSchema, date: DateSchema, results: z.array(z.object({ result: z.enum(COMMITMENT_RESULTS), note: OptText(500) }).strict()).min(1) })
      .strict(),
    output: CommitmentSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeCommitment': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.declare': method({
    input: z.object({ cadreId: IdSchema, kind: z.enum(['post', 'rotation']), target: Text(100), reason: Text(1000) }).strict(),
    output: DeclarationSchema,
    permission: 'session',
  }),
  'dossiers.decide': method({
    input: z.object({ id: IdSchema, decision: z.enum(['approved', 'declined', 'deferred']), date: DateSchema, note: OptText(500) }).strict(),
    output: DeclarationSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.openDeclarations': method({
    input: z.object({ officeId: IdSchema.optional() }).strict(),
    output: z.array(DeclarationSchema),
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
    permission: 'dossiers.manage',
  }),
  'dossiers.saveInternship': method({
    input: z
      .object({
        id: IdSchema.optional(),
        cadreId: IdSchema,
        post: Text(60),
        place: OptText(100),
        startDate: DateSchema,
        endDate: DateSchema,
        supervisor: Text(40),
        evaluation: OptText(1000),
      })
      .strict(),
    output: InternshipSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeInternship': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.saveSecondment': method({
    input: z
      .object({
        id: IdSchema.optional(),
        cadreId: IdSchema,
        kind: z.enum(['secondment', 'rotation']),
        hostOrg: Text(100),
        post: Text(60),
        startDate: DateSchema,
        endDate: OptDate,
        note: OptText(500),
      })
      .strict(),
    output: SecondmentSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeSecondment': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.saveMentoring': method({
    input: z
      .object({
        id: IdSchema.optional(),
        cadreId: IdSchema,
        mentorId: IdSchema,
        startDate: DateSchema,
        endDate: OptDate,
        goals: Text(1000),
        review: OptText(1000),
      })
      .strict(),
    output: MentoringSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeMentoring': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.saveAppraisal': method({
    input: z.object({ id: IdSchema.optional(), cadreId: IdSchema, year: Year, grade: z.enum(GRADES), comment: OptText(2000) }).strict(),
    output: z.object({ appraisal: AppraisalSchema, warnings: z.array(WarningSchema) }),
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeAppraisal': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'dossiers.quota': method({
    input: z.object({ year: Year }).strict(),
    output: z.array(QuotaSchema),
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
    permission: 'dossiers.read',
  }),
  'dossiers.saveMerit': method({
    input: z
      .object({ id: IdSchema.optional(), cadreId: IdSchema, kind: z.enum(MERIT_KINDS), date: DateSchema, title: Text(200), detail: OptText(1000) })
      .strict(),
    output: MeritSchema,
    scope: 'county',
    permission: 'dossiers.manage',
  }),
  'dossiers.removeMerit': method({ input: RemoveInput, output: Ok, scope: 'county', permission: 'dossiers.manage' }),
  'hr.dashboard': method({
    input: z.object({ officeId: IdSchema.optional() }).strict(),
    output: z.object({
      byStage: z.array(z.object({ stage: z.enum(STAGES).nullable(), count: z.number().int() })),
      /** Why: `noPlanYear` { year } or `planAwaitingReview` { from, to } (dossier.rules). */
      plansDue: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), why: OutcomeSchema })),
      commitmentsUnreviewed: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), year: z.number().int() })),
      openDeclarations: z.array(DeclarationSchema),
      recruitsWithoutInternship: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), workStart: z.string() })),
      /** Within 12 months of the statutory retirement date, or past it (`overdue`, listed first). */
      nearRetirement: z.array(
        z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), date: z.string(), monthsLeft: z.number().int(), overdue: z.boolean() }),
      ),
      quota: z.array(QuotaSchema),
      incompetentTwice: z.array(z.object({ cadreId: IdSchema, name: z.string(), officeName: z.string(), years: z.array(z.number().int()) })),
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
    permission: 'dossiers.read',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const dossiersGrants = grants({
  /** Read dossiers: HR and the county everywhere, a station chief in their own station. */
  'dossiers.read': ['admin', 'chief', 'hr'],
  'dossiers.manage': ['admin', 'hr'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const Promote = fieldsOf(rosterContract['roster.promote']);
const Plan = PlanInput.shape as Record<string, z.ZodType>;
const Review = fieldsOf(dossiersContract['dossiers.reviewPlan']);
const Declare = fieldsOf(dossiersContract['dossiers.declare']);
const Decide = fieldsOf(dossiersContract['dossiers.decide']);
const Intern = fieldsOf(dossiersContract['dossiers.saveInternship']);
const Second = fieldsOf(dossiersContract['dossiers.saveSecondment']);
const Mentor = fieldsOf(dossiersContract['dossiers.saveMentoring']);
const Appraise = fieldsOf(dossiersContract['dossiers.saveAppraisal']);
const Merit = fieldsOf(dossiersContract['dossiers.saveMerit']);
const DisplayName = fieldsOf(authContract['users.create']).displayName!;

export const dossiersTables = {
  // Rank history, appraisals and merits (奖惩, sanctions among them) are written by HR only.
  rank_record: table({
    ...CADRE,
    writers: HR_CLASSES,
    editedWith: 'dossiers.manage',
    shape: { ...cadreRef, rank: reqText(Promote.rank!), start_date: req(Day), decision_ref: optText(Promote.decisionRef!), note: optText(Promote.note!) },
  }),
  career_plan: table({
    sensitive: ['status'],
    // HR's review comment stays with HR and the county, like appraisal comments.
    personal: ['review_comment'],
    ...CADRE,
    editedWith: 'dossiers.manage',
    shape: {
      ...cadreRef,
      period_start: req(Int),
      period_end: req(Int),
      self_assessment: optText(Plan.selfAssessment!),
      // The survey's answers (JSON) and the anchor they score highest.
      anchor_answers: opt(Txt),
      anchor_top: opt(oneOf(ANCHOR_CODES)),
      anchor_override: opt(oneOf(ANCHOR_CODES)),
      override_reason: optText(Plan.overrideReason!),
      goal_1y: optText(Plan.goal1!),
      goal_3y: optText(Plan.goal3!),
      goal_5y: optText(Plan.goal5!),
      preferred_posts: optText(Plan.preferredPosts!),
      training_needs: optText(Plan.trainingNeeds!),
      status: def(oneOf(PLAN_STATUSES)),
      submitted_on: opt(Day),
      review_comment: optText(Review.comment!),
      reviewer: optText(DisplayName),
      reviewed_on: opt(Day),
    },
  }),
  // items: the commitments and their results (JSON).
  post_commitment: table({
    ...CADRE,
    editedWith: 'dossiers.manage',
    shape: { ...cadreRef, year: req(Int), items: req(Txt), reviewed_on: opt(Day), reviewer: optText(DisplayName) },
  }),
  declaration: table({
    sensitive: ['decision'],
    ...CADRE,
    editedWith: 'dossiers.manage',
    shape: {
      ...cadreRef,
      kind: req(oneOf(['post', 'rotation'])),
      target: reqText(Declare.target!),
      reason: reqText(Declare.reason!),
      submitted_on: req(Day),
      decision: def(oneOf(DECISIONS)),
      decided_on: opt(Day),
      decision_note: optText(Decide.note!),
    },
  }),
  internship: table({
    ...CADRE,
    editedWith: 'dossiers.manage',
    shape: {
      ...cadreRef,
      post: reqText(Intern.post!),
      place: optText(Intern.place!),
      start_date: req(Day),
      end_date: req(Day),
      supervisor: reqText(Intern.supervisor!),
      evaluation: optText(Intern.evaluation!),
    },
  }),
  secondment: table({
    ...CADRE,
    editedWith: 'dossiers.manage',
    shape: {
      ...cadreRef,
      kind: req(oneOf(['secondment', 'rotation'])),
      host_org: reqText(Second.hostOrg!),
      post: reqText(Second.post!),
      start_date: req(Day),
      end_date: opt(Day),
      note: optText(Second.note!),
    },
  }),
  mentoring: table({
    refs: { cadre_id: 'cadre', mentor_id: 'cadre' },
    follows: 'cadre_id',
    editedWith: 'dossiers.manage',
    shape: { ...cadreRef, mentor_id: req(IdSchema), start_date: req(Day), end_date: opt(Day), goals: reqText(Mentor.goals!), review: optText(Mentor.review!) },
  }),
  appraisal: table({
    sensitive: ['grade'],
    // Appraisal comments stay with HR and the county.
    personal: ['comment'],
    ...CADRE,
    writers: HR_CLASSES,
    editedWith: 'dossiers.manage',
    shape: { ...cadreRef, year: req(Int), grade: req(oneOf(GRADES)), comment: optText(Appraise.comment!) },
  }),
  merit: table({
    ...CADRE,
    writers: HR_CLASSES,
    editedWith: 'dossiers.manage',
    shape: { ...cadreRef, kind: req(oneOf(MERIT_KINDS)), date: req(Day), title: reqText(Merit.title!), detail: optText(Merit.detail!) },
  }),
};
