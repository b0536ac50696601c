// The dossier's rows as the contract gives them, and the reads they share (pure: no service state).
import { INCOMPETENT, type Commitment, type Declaration, type Grade, type Plan } from '../../../../shared/contract/dossiers';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { anchorScores } from '../../../../shared/domain/career';

export type Row = Record<string, unknown>;
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toPlan(r: Row, personal: boolean): Plan {
  const answers = r.anchor_answers ? (JSON.parse(r.anchor_answers as string) as (number | null)[]) : [];
  const scored = answers.length === 40 && answers.every((a) => a !== null) ? anchorScores(answers as number[]) : null;
  return {
    id: r.id as string,
    cadreId: r.cadre_id as string,
    periodStart: r.period_start as number,
    periodEnd: r.period_end as number,
    selfAssessment: str(r.self_assessment),
    anchorAnswers: answers,
    anchorScores: scored && 'scores' in scored ? scored.scores : null,
    anchorTop: str(r.anchor_top),
    anchorOverride: str(r.anchor_override),
    overrideReason: str(r.override_reason),
    goal1: str(r.goal_1y),
    goal3: str(r.goal_3y),
    goal5: str(r.goal_5y),
    preferredPosts: str(r.preferred_posts),
    trainingNeeds: str(r.training_needs),
    status: r.status as Plan['status'],
    submittedOn: str(r.submitted_on),
    reviewComment: personal ? str(r.review_comment) : null,
    reviewer: str(r.reviewer),
    reviewedOn: str(r.reviewed_on),
  };
}

export const toCommitment = (r: Row): Commitment => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  year: r.year as number,
  items: JSON.parse(r.items as string) as Commitment['items'],
  reviewedOn: str(r.reviewed_on),
  reviewer: str(r.reviewer),
});

export const toDeclaration = (r: Row): Declaration => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  cadreName: r.cadre_name as string,
  officeName: r.office_name as string,
  kind: r.kind as Declaration['kind'],
  target: r.target as string,
  reason: r.reason as string,
  submittedOn: r.submitted_on as string,
  decision: r.decision as Declaration['decision'],
  decidedOn: str(r.decided_on),
  decisionNote: str(r.decision_note),
});

export const overlaps = (aStart: string, aEnd: string | null, bStart: string, bEnd: string | null) =>
  aStart <= (bEnd ?? '9999-12-31') && bStart <= (aEnd ?? '9999-12-31');

export const declSelect = `SELECT d.*, c.name AS cadre_name, o.name AS office_name FROM declaration d
  JOIN cadre c ON c.id = d.cadre_id JOIN office o ON o.id = d.office_id WHERE d.deleted_at IS NULL`;

export const internshipOut = (r: Row) => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  post: r.post as string,
  place: str(r.place),
  startDate: r.start_date as string,
  endDate: r.end_date as string,
  supervisor: r.supervisor as string,
  evaluation: str(r.evaluation),
});

export const secondmentOut = (r: Row, today: string) => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  kind: r.kind as 'secondment' | 'rotation',
  hostOrg: r.host_org as string,
  post: r.post as string,
  startDate: r.start_date as string,
  endDate: str(r.end_date),
  note: str(r.note),
  active: overlaps(today, today, r.start_date as string, str(r.end_date)),
});

export const mentoringSelect = `SELECT m.*, e.name AS mentee_name, t.name AS mentor_name FROM mentoring m LEFT JOIN cadre e ON e.id = m.cadre_id LEFT JOIN cadre t ON t.id = m.mentor_id WHERE m.deleted_at IS NULL`;
// A mentor (or mentee) may be at another station after a move: the pair follows the mentee, and
// this device may hold no row for the other person. The pair stays listed and editable.
export const mentoringOut = (r: Row) => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  menteeName: str(r.mentee_name),
  mentorId: r.mentor_id as string,
  mentorName: str(r.mentor_name),
  startDate: r.start_date as string,
  endDate: str(r.end_date),
  goals: r.goals as string,
  review: str(r.review),
});

/** Years graded 不称职 two years running (公务员法 art. 88). */
export function incompetentRuns(grades: { year: number; grade: string }[]): [number, number][] {
  const bad = new Set(grades.filter((g) => g.grade === INCOMPETENT).map((g) => g.year));
  return [...bad]
    .filter((y) => bad.has(y - 1))
    .sort()
    .map((y) => [y - 1, y] as [number, number]);
}

export function appraisalOut(r: Row, personal: boolean) {
  return { id: r.id as string, cadreId: r.cadre_id as string, year: r.year as number, grade: r.grade as Grade, comment: personal ? str(r.comment) : null };
}

/** One office's share of 优秀 in a year against the cap (appraisals.ts quota). */
export interface QuotaRow {
  officeId: string;
  officeName: string;
  year: number;
  total: number;
  excellent: number;
  sharePct: number;
  capPct: number;
  settingVersion: number;
  over: boolean;
}

/** The excellent share of an office's year over its cap (dossier.rules.excellentCap). */
export const excellentCapOutcome = (q: QuotaRow): RuleOutcome => ({
  rule: 'excellentCap',
  pass: !q.over,
  params: { office: q.officeName, year: q.year, excellent: q.excellent, total: q.total, pct: Math.round(q.sharePct), cap: q.capPct, version: q.settingVersion },
});
