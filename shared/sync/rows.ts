import { z } from 'zod';
import { authContract } from '../contract/auth';
import { settingsContract } from '../contract/settings';
import { DateSchema, IdSchema, isDay } from '../contract/common';
import { ANCHOR_CODES, DECISIONS, dossiersContract, GRADES, MERIT_KINDS, PlanInput, PLAN_STATUSES } from '../contract/dossiers';
import { CadreFields, CADRE_STATUSES, EDUCATIONS, GENDERS, officesContract, POLITICS } from '../contract/offices';
import { FOLLOW_STATUSES, rosterContract, TARGET_KINDS } from '../contract/roster';
import { ATTENDANCE, COURSE_KINDS, PLAN_STATES, trainingContract } from '../contract/training';
import { BUSINESS_STATUS, RISK, UNLICENSED_STATUS, zonesContract } from '../contract/zones';
import { checkIdNumber } from '../domain/id-number';
import { syncManifest, type SyncedTableName } from './manifest';
import { unstorable } from '../domain/text';

// The shape of every synced row as it is stored and travels (SQL column names, wire values:
// booleans as 0/1), built from the contract's own field schemas: a text column takes the
// length limit and the non-empty rule of the form field that writes it, an identity number the
// register's GB 11643 check, a date the contract's day range. The desktop's write path checks
// every row it writes against it, the hub checks every pushed op, and the sync worker checks
// every pulled row before applying it; a row that fails is refused or quarantined, never
// half-applied. electron/core/sync/rows.test.ts keeps it equal to the drizzle tables and to the
// contract. Rules that depend on today (a cadre is 16 or older) or on other rows (the rank
// ladder) stay in the services.

/** required: NOT NULL without a default; defaulted: NOT NULL with one (may be absent from a new row); optional: nullable. */
type Presence = 'required' | 'defaulted' | 'optional';
/** field: the contract field that writes a text column (with `extra` room a service adds around it). */
type Col = { schema: z.ZodType; presence: Presence; pass?: (v: unknown) => boolean; field?: z.ZodType; extra?: number };

/**
 * A zod schema with a quick test that accepts exactly what it accepts (most cells are plain
 * text), so a pull of 50,000 rows spends its time writing, not checking. It only ever passes
 * what the schema passes; anything else goes to zod, which decides and words the failure.
 */
type Checked = z.ZodType & { pass?: (v: unknown) => boolean };
const quick = <S extends z.ZodType>(schema: S, pass: (v: unknown) => boolean): S => Object.assign(schema, { pass });
/** Text no form writes (JSON the services serialise, codes they compose): bounded only. */
const Txt = quick(z.string().max(100_000), (v) => typeof v === 'string' && v.length <= 100_000);
const Int = quick(z.number().int(), (v) => Number.isSafeInteger(v));
const Num = quick(z.number().finite(), (v) => typeof v === 'number' && Number.isFinite(v));
const Bool = quick(z.union([z.literal(0), z.literal(1)]), (v) => v === 0 || v === 1);
const Day = quick(DateSchema, isDay);
const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'not an ISO instant');
/** 公民身份号码 as the register stores it: passes GB 11643 and is already normalised (upper-case X). */
const IdNumber = quick(
  z.string().refine((v) => {
    const r = checkIdNumber(v);
    return r.ok && r.id === v;
  }, 'not a valid identity number (GB 11643)'),
  (v) => {
    if (typeof v !== 'string') return false;
    const r = checkIdNumber(v);
    return r.ok && r.id === v;
  },
);

/** The innermost string schema of a contract text field (Text, OptText, their transforms and defaults). */
function stringOf(field: z.ZodType): z.ZodString {
  let s: z.ZodType | undefined = field;
  while (s) {
    const def = s._zod.def as { type: string; in?: z.ZodType; innerType?: z.ZodType };
    if (def.type === 'string') return s as z.ZodString;
    s = def.in ?? def.innerType;
  }
  throw new Error('rows.ts: not a text field');
}

/**
 * A stored cell of a text field of the contract: at most the field's length, and for a NOT NULL
 * column of a field that must not be empty, some text that is not only spaces. Stored text is
 * already trimmed by the contract, so the stored length is the length the field allowed. `extra`
 * is room a service adds to the text it composes around the field's (a correction note).
 */
function text(field: z.ZodType, opts: { required?: boolean; extra?: number } = {}): Checked {
  const str = stringOf(field);
  const max = (str.maxLength ?? 100_000) + (opts.extra ?? 0);
  const min = opts.required ? (str.minLength ?? 0) : 0;
  const schema = min > 0 ? z.string().max(max).refine((v) => v.trim().length >= min, 'must not be empty') : z.string().max(max);
  return quick(schema, (v) => typeof v === 'string' && v.length <= max && (min === 0 || v.trim().length >= min));
}

const col = (schema: Checked, presence: Presence, field?: z.ZodType, extra?: number): Col => ({ schema, presence, pass: schema.pass, field, extra });
const req = (schema: z.ZodType): Col => col(schema, 'required');
const def = (schema: z.ZodType): Col => col(schema, 'defaulted');
const opt = (schema: z.ZodType): Col => col(schema, 'optional');
/** NOT NULL text written by a contract field. */
const reqText = (field: z.ZodType): Col => col(text(field, { required: true }), 'required', field);
/** Nullable text written by a contract field. */
const optText = (field: z.ZodType, extra = 0): Col => col(text(field, { extra }), 'optional', field, extra || undefined);
const oneOf = (values: readonly string[]) => {
  const set = new Set<unknown>(values);
  return quick(z.enum(values as [string, ...string[]]), (v) => set.has(v));
};

/** The fields of a contract method's input, by name. */
const fieldsOf = (m: { input: z.ZodType }): Record<string, z.ZodType> => (m.input as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
const Office = fieldsOf(officesContract['offices.create']);
const Zone = fieldsOf(zonesContract['zones.create']);
const Assign = fieldsOf(zonesContract['zones.assign']);
const Grid = fieldsOf(zonesContract['grids.create']);
const Business = fieldsOf(zonesContract['businesses.create']);
const Census = fieldsOf(zonesContract['census.create']);
const Entry = fieldsOf(zonesContract['census.addEntry']);
const Promote = fieldsOf(rosterContract['roster.promote']);
const Plan = PlanInput.shape as Record<string, z.ZodType>;
const Review = fieldsOf(dossiersContract['dossier.reviewPlan']);
const Declare = fieldsOf(dossiersContract['dossier.declare']);
const Decide = fieldsOf(dossiersContract['dossier.decide']);
const Intern = fieldsOf(dossiersContract['dossier.saveInternship']);
const Second = fieldsOf(dossiersContract['dossier.saveSecondment']);
const Mentor = fieldsOf(dossiersContract['dossier.saveMentoring']);
const Appraise = fieldsOf(dossiersContract['dossier.saveAppraisal']);
const Merit = fieldsOf(dossiersContract['dossier.saveMerit']);
const Appoint = fieldsOf(rosterContract['roster.appoint']);
const Task = fieldsOf(rosterContract['roster.assign']);
const Log = fieldsOf(rosterContract['roster.log']);
const Defer = fieldsOf(rosterContract['roster.defer']);
const TPlan = fieldsOf(trainingContract['training.savePlan']);
const Course = fieldsOf(trainingContract['training.saveCourse']);
const Edu = fieldsOf(trainingContract['training.saveEducation']);
const Setting = fieldsOf(settingsContract['settings.set']);
/** Reviewers and authors are the signed-in account's display name. */
const DisplayName = fieldsOf(authContract['users.create']).displayName!;

const BASE: Record<string, Col> = { id: req(IdSchema), office_id: req(IdSchema), created_at: req(Instant), updated_at: req(Instant), deleted_at: opt(Instant) };
const cadreRef = { cadre_id: req(IdSchema) };

export const rowShapes: Record<SyncedTableName, Record<string, Col>> = {
  // The code is a 行政区划代码 (checked by the service); the contract sets no length for it.
  office: { code: req(Txt), name: reqText(Office.name!), kind: req(oneOf(['bureau', 'station'])), parent_id: opt(IdSchema), address: optText(Office.address!), phone: optText(Office.phone!), active: def(Bool) },
  cadre: {
    name: reqText(CadreFields.name),
    gender: req(oneOf(GENDERS)),
    birth_date: req(Day),
    post: optText(CadreFields.post),
    status: def(oneOf(CADRE_STATUSES)),
    phone: optText(CadreFields.phone),
    id_number: opt(IdNumber),
    work_start: opt(Day),
    join_date: opt(Day),
    education: opt(oneOf(EDUCATIONS)),
    politics: opt(oneOf(POLITICS)),
    leadership_post: optText(CadreFields.leadershipPost),
    leadership_start: opt(Day),
    // Free text bounded like the form's; the ladder is the roster service's.
    rank: optText(CadreFields.rank),
    rank_start: opt(Day),
    sgf: def(Bool),
    sgf_date: opt(Day),
  },
  // origin: the ids of the zones a split or merge made this one from (JSON, written by the service).
  zone: { code: reqText(Zone.code!), name: reqText(Zone.name!), boundary: optText(Zone.boundary!), risk_level: def(oneOf(RISK)), notes: optText(Zone.notes!), status: def(oneOf(['active', 'retired'])), retired_on: opt(Day), origin: opt(Txt) },
  // A same-day correction notes 当日更正为<name>；<the note it replaces>.
  zone_assignment: { zone_id: req(IdSchema), ...cadreRef, role: req(oneOf(['owner', 'deputy'])), start_date: req(Day), end_date: opt(Day), note: optText(Assign.note!, 6 + (stringOf(CadreFields.name).maxLength ?? 0)) },
  grid: { township: reqText(Grid.township!), code: reqText(Grid.code!), name: reqText(Grid.name!), worker_name: optText(Grid.workerName!), worker_phone: optText(Grid.workerPhone!), area: optText(Grid.area!) },
  zone_grid: { zone_id: req(IdSchema), grid_id: req(IdSchema) },
  business: {
    credit_code: optText(Business.creditCode!),
    credit_check_failed: def(Bool),
    reg_no: optText(Business.regNo!),
    name: reqText(Business.name!),
    type: optText(Business.type!),
    address: optText(Business.address!),
    legal_rep: optText(Business.legalRep!),
    phone: optText(Business.phone!),
    food: def(Bool),
    risk_level: def(oneOf(RISK)),
    status: def(oneOf(BUSINESS_STATUS)),
    zone_id: opt(IdSchema),
    grid_id: opt(IdSchema),
    status_text: optText(Business.statusText!),
    founded_on: opt(Day),
  },
  census: { name: reqText(Census.name!), census_date: req(Day), notes: optText(Census.notes!) },
  unlicensed: {
    census_id: req(IdSchema),
    zone_id: opt(IdSchema),
    grid_id: opt(IdSchema),
    name: reqText(Entry.name!),
    address: optText(Entry.address!),
    operator: optText(Entry.operator!),
    category: optText(Entry.category!),
    status: def(oneOf(UNLICENSED_STATUS)),
    exempt_reason: optText(Entry.exemptReason!),
    note: optText(Entry.note!),
  },
  rank_record: { ...cadreRef, rank: reqText(Promote.rank!), start_date: req(Day), decision_ref: optText(Promote.decisionRef!), note: optText(Promote.note!) },
  career_plan: {
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
  // items: the commitments and their results (JSON).
  post_commitment: { ...cadreRef, year: req(Int), items: req(Txt), reviewed_on: opt(Day), reviewer: optText(DisplayName) },
  declaration: {
    ...cadreRef,
    kind: req(oneOf(['post', 'rotation'])),
    target: reqText(Declare.target!),
    reason: reqText(Declare.reason!),
    submitted_on: req(Day),
    decision: def(oneOf(DECISIONS)),
    decided_on: opt(Day),
    decision_note: optText(Decide.note!),
  },
  internship: { ...cadreRef, post: reqText(Intern.post!), place: optText(Intern.place!), start_date: req(Day), end_date: req(Day), supervisor: reqText(Intern.supervisor!), evaluation: optText(Intern.evaluation!) },
  secondment: { ...cadreRef, kind: req(oneOf(['secondment', 'rotation'])), host_org: reqText(Second.hostOrg!), post: reqText(Second.post!), start_date: req(Day), end_date: opt(Day), note: optText(Second.note!) },
  mentoring: { ...cadreRef, mentor_id: req(IdSchema), start_date: req(Day), end_date: opt(Day), goals: reqText(Mentor.goals!), review: optText(Mentor.review!) },
  appraisal: { ...cadreRef, year: req(Int), grade: req(oneOf(GRADES)), comment: optText(Appraise.comment!) },
  merit: { ...cadreRef, kind: req(oneOf(MERIT_KINDS)), date: req(Day), title: reqText(Merit.title!), detail: optText(Merit.detail!) },
  // scope: the stations, zones and themes supervised (JSON).
  supervisor: { ...cadreRef, start_date: req(Day), end_date: opt(Day), duties: reqText(Appoint.duties!), scope: req(Txt), note: optText(Appoint.note!) },
  supervision_assignment: {
    supervisor_id: req(IdSchema),
    target_kind: req(oneOf(TARGET_KINDS)),
    target_id: opt(IdSchema),
    theme: optText(Task.theme!),
    start_date: req(Day),
    end_date: req(Day),
    goals: reqText(Task.goals!),
    hours_per_month: req(Int),
  },
  supervision_log: {
    assignment_id: req(IdSchema),
    supervisor_id: req(IdSchema),
    visit_date: req(Day),
    findings: reqText(Log.findings!),
    feedback: optText(Log.feedback!),
    follow_up: optText(Log.followUp!),
    follow_status: def(oneOf(FOLLOW_STATUSES)),
    hours: def(Int),
  },
  second_line_event: { ...cadreRef, kind: req(oneOf(['deferral', 'move'])), date: req(Day), new_date: opt(Day), approver: optText(Defer.approver!), decision_ref: optText(Defer.decisionRef!), note: optText(Defer.note!) },
  // target_stages, abilities, target_posts: JSON lists.
  training_plan: { year: req(Int), title: reqText(TPlan.title!), goals: optText(TPlan.goals!), target_stages: def(Txt), abilities: def(Txt), status: def(oneOf(PLAN_STATES)) },
  training_course: {
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
  // note: no form writes it yet.
  training_enrolment: { course_id: req(IdSchema), ...cadreRef, status: req(oneOf(['enrolled', 'waiting'])), attendance: opt(oneOf(ATTENDANCE)), score: opt(Num), note: opt(Txt) },
  education_record: {
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
  // key: a later version may add settings (not a schema change), so any key travels; value: the
  // setting's JSON, checked by the settings service against the key's own schema.
  setting_version: { key: req(Txt), version: req(Int), value: req(Txt), effective_from: req(Day), note: optText(Setting.note!), author: optText(DisplayName) },
};

const shapes = new Map<string, Record<string, Col>>(Object.entries(rowShapes).map(([t, cols]) => [t, { ...BASE, ...cols }]));

/** Every column of a synced table with how it must be present and the contract field that writes it, for tests and tools. */
export function rowShape(table: string): Readonly<Record<string, { presence: Presence; field?: z.ZodType; extra?: number }>> | undefined {
  return shapes.get(table);
}

export interface RowProblem {
  column: string;
  message: string;
}

/**
 * Checks cells of a row of `table`: each cell given must have its column's type, enum and
 * format, and a whole row (`complete`) must also hold every required column. Columns the
 * manifest does not know are the caller's business (kept pending, not judged here).
 */
export function rowProblem(table: string, cells: Readonly<Record<string, unknown>>, complete: boolean): RowProblem | null {
  const shape = shapes.get(table);
  if (!shape) return { column: '', message: 'unknown table' };
  for (const [column, value] of Object.entries(cells)) {
    const col = shape[column];
    if (!col) continue;
    if (value === null || value === undefined) {
      if (col.presence !== 'optional') return { column, message: 'must not be empty' };
      continue;
    }
    // Before any shortcut: PostgreSQL's text and jsonb refuse these, whatever the column.
    if (typeof value === 'string' && unstorable(value)) return { column, message: 'unstorable character' };
    if (col.pass?.(value)) continue;
    const r = col.schema.safeParse(value);
    if (!r.success) return { column, message: r.error.issues[0]?.message ?? 'invalid' };
  }
  if (complete) {
    for (const [column, col] of Object.entries(shape)) {
      if (col.presence === 'required' && (cells[column] === undefined || cells[column] === null)) return { column, message: 'missing' };
    }
  }
  return null;
}

// Every manifest table has a shape, and every shape column is in the manifest.
for (const [t, spec] of Object.entries(syncManifest)) {
  const shape = shapes.get(t);
  if (!shape) throw new Error(`rows.ts: no row shape for ${t}`);
  for (const c of spec.columns) if (!shape[c]) throw new Error(`rows.ts: ${t}.${c} has no shape`);
}
