// The sync manifest: which tables sync, their scope column and the columns that are
// HR-sensitive (a concurrent edit goes to review instead of last-writer-wins). The hub
// knows tables only through this file.

export interface SyncedTableSpec {
  /** Columns a device may receive and write, besides the base columns. */
  readonly columns: readonly string[];
  /** County-wide reference data goes to every device of the county. */
  readonly countyWide?: boolean;
  readonly sensitive?: readonly string[];
  /** Columns holding personal data: masked in the audit log. */
  readonly personal?: readonly string[];
}

export const BASE_COLUMNS = ['id', 'office_id', 'created_at', 'updated_at', 'deleted_at'] as const;

export const syncManifest = {
  office: {
    columns: ['code', 'name', 'kind', 'parent_id', 'address', 'phone', 'active'],
    countyWide: true,
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
  },
  grid: {
    columns: ['township', 'code', 'name', 'worker_name', 'worker_phone', 'area'],
  },
  zone_grid: { columns: ['zone_id', 'grid_id'] },
  business: {
    columns: ['credit_code', 'credit_check_failed', 'reg_no', 'name', 'type', 'address', 'legal_rep', 'phone', 'food', 'risk_level', 'status', 'zone_id', 'grid_id'],
  },
  census: { columns: ['name', 'census_date', 'notes'] },
  unlicensed: {
    columns: ['census_id', 'zone_id', 'grid_id', 'name', 'address', 'operator', 'category', 'status', 'exempt_reason', 'note'],
  },
  rank_record: { columns: ['cadre_id', 'rank', 'start_date', 'note'] },
  career_plan: {
    columns: ['cadre_id', 'period_start', 'period_end', 'self_assessment', 'anchor_answers', 'anchor_top', 'anchor_override', 'override_reason', 'goal_1y', 'goal_3y', 'goal_5y', 'preferred_posts', 'training_needs', 'status', 'submitted_on', 'review_comment', 'reviewer', 'reviewed_on'],
    sensitive: ['status'],
  },
  post_commitment: { columns: ['cadre_id', 'year', 'items', 'reviewed_on', 'reviewer'] },
  declaration: {
    columns: ['cadre_id', 'kind', 'target', 'reason', 'submitted_on', 'decision', 'decided_on', 'decision_note'],
    sensitive: ['decision'],
  },
  internship: { columns: ['cadre_id', 'post', 'place', 'start_date', 'end_date', 'supervisor', 'evaluation'] },
  secondment: { columns: ['cadre_id', 'kind', 'host_org', 'post', 'start_date', 'end_date', 'note'] },
  mentoring: { columns: ['cadre_id', 'mentor_id', 'start_date', 'end_date', 'goals', 'review'] },
  appraisal: {
    columns: ['cadre_id', 'year', 'grade', 'comment'],
    sensitive: ['grade'],
    // Appraisal comments stay with HR and the county.
    personal: ['comment'],
  },
  merit: { columns: ['cadre_id', 'kind', 'date', 'title', 'detail'] },
  // The supervisor roster is county-level: every device sees who supervises what.
  supervisor: { columns: ['cadre_id', 'start_date', 'end_date', 'duties', 'scope', 'note'], countyWide: true },
  supervision_assignment: {
    columns: ['supervisor_id', 'target_kind', 'target_id', 'theme', 'start_date', 'end_date', 'goals', 'hours_per_month'],
    countyWide: true,
  },
  supervision_log: {
    columns: ['assignment_id', 'supervisor_id', 'visit_date', 'findings', 'feedback', 'follow_up', 'follow_status', 'hours'],
    countyWide: true,
  },
  second_line_event: {
    columns: ['cadre_id', 'kind', 'date', 'new_date', 'approver', 'decision_ref', 'note'],
    sensitive: ['new_date'],
  },
  // Plans and courses are county-level: every station enrols in the bureau's courses.
  training_plan: { columns: ['year', 'title', 'goals', 'target_stages', 'abilities', 'status'], countyWide: true },
  training_course: {
    columns: ['plan_id', 'kind', 'sub_kind', 'title', 'start_date', 'end_date', 'hours', 'days', 'full_time', 'place', 'instructor', 'capacity', 'target_stages', 'target_posts', 'abilities', 'note'],
    countyWide: true,
  },
  training_enrolment: { columns: ['course_id', 'cadre_id', 'status', 'attendance', 'score', 'note'] },
  education_record: { columns: ['cadre_id', 'institution', 'degree', 'major', 'start_date', 'end_date', 'completed', 'completed_on', 'reward', 'reward_amount', 'reward_ref'] },
  setting_version: {
    columns: ['key', 'version', 'value', 'effective_from', 'note', 'author'],
    countyWide: true,
  },
} as const satisfies Record<string, SyncedTableSpec>;

export type SyncedTableName = keyof typeof syncManifest;

export const SCHEMA_VERSION = 7;

export function tableSpec(name: string): SyncedTableSpec | undefined {
  return (syncManifest as Record<string, SyncedTableSpec>)[name];
}
