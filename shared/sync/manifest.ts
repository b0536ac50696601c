import journal from '../../drizzle/meta/_journal.json' with { type: 'json' };
import type { SensitivityClass } from './protocol';

// The sync manifest: which tables sync, their scope column and the columns that are
// HR-sensitive (a concurrent edit goes to review instead of last-writer-wins), the rows each
// row points to, and which device classes may write it. The hub knows tables only through
// this file; the desktop's write path reads the same rules.

export interface SyncedTableSpec {
  /** Columns a device may receive and write, besides the base columns. */
  readonly columns: readonly string[];
  /** County-wide reference data goes to every device of the county. */
  readonly countyWide?: boolean;
  readonly sensitive?: readonly string[];
  /**
   * Columns holding personal or HR-confidential data, declared once here: withheld from station
   * devices by the hub, shown only to roles with personal.read, and stored in the audit log only
   * as a keyed hash. A station device may still write them (write-only): the hub keeps the value
   * and the device drops its own copy once the hub has it.
   */
  readonly personal?: readonly string[];
  /** Reference columns and the table each names. The hub checks every one against the writer's scope. */
  readonly refs?: Readonly<Record<string, string>>;
  /** The reference whose row owns this one: on the hub its office is always its parent's, and it moves with it. */
  readonly follows?: string;
  /** Device classes that may write the table at all; every class when absent. */
  readonly writers?: readonly SensitivityClass[];
}

/** Devices that hold the whole county, personal data included: the bureau's and HR's. */
export const HR_CLASSES = ['county', 'hr'] as const satisfies readonly SensitivityClass[];
const CADRE = { refs: { cadre_id: 'cadre' }, follows: 'cadre_id' } as const;

export const BASE_COLUMNS = ['id', 'office_id', 'created_at', 'updated_at', 'deleted_at'] as const;

export const syncManifest = {
  office: {
    columns: ['code', 'name', 'kind', 'parent_id', 'address', 'phone', 'active'],
    countyWide: true,
    refs: { parent_id: 'office' },
    writers: HR_CLASSES,
  },
  cadre: {
    columns: ['name', 'gender', 'birth_date', 'post', 'status', 'phone', 'id_number', 'work_start', 'join_date', 'education', 'politics', 'leadership_post', 'leadership_start', 'rank', 'rank_start', 'sgf', 'sgf_date'],
    // Post, status and rank are assignments: a concurrent edit goes to review, not last-writer-wins.
    sensitive: ['post', 'status', 'rank', 'rank_start', 'leadership_post'],
    personal: ['id_number'],
  },
  zone: {
    columns: ['code', 'name', 'boundary', 'risk_level', 'notes', 'status', 'retired_on', 'origin'],
  },
  zone_assignment: {
    columns: ['zone_id', 'cadre_id', 'role', 'start_date', 'end_date', 'note'],
    sensitive: ['cadre_id', 'start_date', 'end_date'],
    refs: { zone_id: 'zone', cadre_id: 'cadre' },
    follows: 'zone_id',
  },
  grid: {
    columns: ['township', 'code', 'name', 'worker_name', 'worker_phone', 'area'],
  },
  zone_grid: { columns: ['zone_id', 'grid_id'], refs: { zone_id: 'zone', grid_id: 'grid' }, follows: 'zone_id' },
  business: {
    columns: ['credit_code', 'credit_check_failed', 'reg_no', 'name', 'type', 'address', 'legal_rep', 'phone', 'food', 'risk_level', 'status', 'zone_id', 'grid_id', 'status_text', 'founded_on'],
    refs: { zone_id: 'zone', grid_id: 'grid' },
  },
  census: { columns: ['name', 'census_date', 'notes'] },
  unlicensed: {
    columns: ['census_id', 'zone_id', 'grid_id', 'name', 'address', 'operator', 'category', 'status', 'exempt_reason', 'note'],
    refs: { census_id: 'census', zone_id: 'zone', grid_id: 'grid' },
    follows: 'census_id',
  },
  // Rank history, appraisals and merits (奖惩, sanctions among them) are written by HR only.
  rank_record: { columns: ['cadre_id', 'rank', 'start_date', 'decision_ref', 'note'], ...CADRE, writers: HR_CLASSES },
  career_plan: {
    columns: ['cadre_id', 'period_start', 'period_end', 'self_assessment', 'anchor_answers', 'anchor_top', 'anchor_override', 'override_reason', 'goal_1y', 'goal_3y', 'goal_5y', 'preferred_posts', 'training_needs', 'status', 'submitted_on', 'review_comment', 'reviewer', 'reviewed_on'],
    sensitive: ['status'],
    // HR's review comment stays with HR and the county, like appraisal comments.
    personal: ['review_comment'],
    ...CADRE,
  },
  post_commitment: { columns: ['cadre_id', 'year', 'items', 'reviewed_on', 'reviewer'], ...CADRE },
  declaration: {
    columns: ['cadre_id', 'kind', 'target', 'reason', 'submitted_on', 'decision', 'decided_on', 'decision_note'],
    sensitive: ['decision'],
    ...CADRE,
  },
  internship: { columns: ['cadre_id', 'post', 'place', 'start_date', 'end_date', 'supervisor', 'evaluation'], ...CADRE },
  secondment: { columns: ['cadre_id', 'kind', 'host_org', 'post', 'start_date', 'end_date', 'note'], ...CADRE },
  mentoring: { columns: ['cadre_id', 'mentor_id', 'start_date', 'end_date', 'goals', 'review'], refs: { cadre_id: 'cadre', mentor_id: 'cadre' }, follows: 'cadre_id' },
  appraisal: {
    columns: ['cadre_id', 'year', 'grade', 'comment'],
    sensitive: ['grade'],
    // Appraisal comments stay with HR and the county.
    personal: ['comment'],
    ...CADRE,
    writers: HR_CLASSES,
  },
  merit: { columns: ['cadre_id', 'kind', 'date', 'title', 'detail'], ...CADRE, writers: HR_CLASSES },
  // The supervisor roster is county-level: every device sees who supervises what.
  supervisor: { columns: ['cadre_id', 'start_date', 'end_date', 'duties', 'scope', 'note'], countyWide: true, refs: { cadre_id: 'cadre' }, writers: HR_CLASSES },
  supervision_assignment: {
    columns: ['supervisor_id', 'target_kind', 'target_id', 'theme', 'start_date', 'end_date', 'goals', 'hours_per_month'],
    countyWide: true,
    refs: { supervisor_id: 'supervisor' },
    writers: HR_CLASSES,
  },
  supervision_log: {
    columns: ['assignment_id', 'supervisor_id', 'visit_date', 'findings', 'feedback', 'follow_up', 'follow_status', 'hours'],
    countyWide: true,
    refs: { assignment_id: 'supervision_assignment', supervisor_id: 'supervisor' },
    writers: HR_CLASSES,
  },
  second_line_event: {
    columns: ['cadre_id', 'kind', 'date', 'new_date', 'approver', 'decision_ref', 'note'],
    sensitive: ['new_date'],
    ...CADRE,
    writers: HR_CLASSES,
  },
  // Plans and courses are county-level: every station enrols in the bureau's courses.
  training_plan: { columns: ['year', 'title', 'goals', 'target_stages', 'abilities', 'status'], countyWide: true, writers: HR_CLASSES },
  training_course: {
    columns: ['plan_id', 'kind', 'sub_kind', 'title', 'start_date', 'end_date', 'hours', 'days', 'full_time', 'place', 'instructor', 'capacity', 'target_stages', 'target_posts', 'abilities', 'note'],
    countyWide: true,
    refs: { plan_id: 'training_plan' },
    writers: HR_CLASSES,
  },
  training_enrolment: { columns: ['course_id', 'cadre_id', 'status', 'attendance', 'score', 'note'], refs: { course_id: 'training_course', cadre_id: 'cadre' }, follows: 'cadre_id' },
  education_record: { columns: ['cadre_id', 'institution', 'degree', 'major', 'start_date', 'end_date', 'completed', 'completed_on', 'reward', 'reward_amount', 'reward_ref'], ...CADRE },
  setting_version: {
    columns: ['key', 'version', 'value', 'effective_from', 'note', 'author'],
    countyWide: true,
    writers: HR_CLASSES,
  },
} as const satisfies Record<string, SyncedTableSpec>;

export type SyncedTableName = keyof typeof syncManifest;

/**
 * The desktop schema this build syncs with: the number of its migrations, read from drizzle-kit's
 * journal at build time (the journal is what db/migrate.ts applies, so the two cannot differ;
 * electron/core/schema/agree.test.ts holds them equal all the same). A migration that changes what
 * devices exchange therefore moves it.
 */
export const SCHEMA_VERSION: number = journal.entries.length;

export function tableSpec(name: string): SyncedTableSpec | undefined {
  return Object.hasOwn(syncManifest, name) ? (syncManifest as Record<string, SyncedTableSpec>)[name] : undefined;
}

/** May a device of this class write the table at all? An unenrolled device (null) writes anything locally. */
export function classMayWrite(table: string, cls: SensitivityClass | null): boolean {
  const w = tableSpec(table)?.writers;
  return !w || cls === null || w.includes(cls);
}

/** Tables whose rows follow a row of `parent` (by their `follows` column), for moving them with it. */
export function dependentsOf(parent: string): { table: string; column: string }[] {
  return Object.entries(syncManifest as Record<string, SyncedTableSpec>)
    .filter(([, s]) => s.follows && s.refs?.[s.follows] === parent)
    .map(([table, s]) => ({ table, column: s.follows! }));
}
