import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { EXCELLENT, INCOMPETENT, type Commitment, type Declaration, type Dossier, type Grade, type Plan } from '../../../../shared/contract/dossiers';
import type { Cadre } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
import { mayReadPerson, stationBound, type Viewer } from '../../../../shared/domain/access';
import { anchorScores, careerStage, monthsBetween, retirement, type StageSettings } from '../../../../shared/domain/career';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import { appraisal, careerPlan, declaration, internship, mentoring, merit, postCommitment, secondment } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toPlan(r: Row, personal: boolean): Plan {
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

const toCommitment = (r: Row): Commitment => ({
  id: r.id as string,
  cadreId: r.cadre_id as string,
  year: r.year as number,
  items: JSON.parse(r.items as string) as Commitment['items'],
  reviewedOn: str(r.reviewed_on),
  reviewer: str(r.reviewer),
});

const toDeclaration = (r: Row): Declaration => ({
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

const overlaps = (aStart: string, aEnd: string | null, bStart: string, bEnd: string | null) => aStart <= (bEnd ?? '9999-12-31') && bStart <= (aEnd ?? '9999-12-31');

export function createDossiersService(deps: { sqlite: Sqlite; writer: SyncedWriter; offices: OfficesService; settings: SettingsService; cache?: ReadCache }) {
  const { sqlite, writer, offices, settings } = deps;

  const stageSettings = (day: string): StageSettings & { versions: { adapt: number; growth: number; retreat: number } } => {
    const a = settings.at('stage.adaptYears', day);
    const g = settings.at('stage.growthYears', day);
    const r = settings.at('stage.retreatYears', day);
    return { adaptYears: a.value, growthYears: g.value, retreatYears: r.value, versions: { adapt: a.version, growth: g.version, retreat: r.version } };
  };

  /** Who may do what with one cadre's dossier. */
  function access(v: Viewer, cadreId: string, today: string) {
    const cadre = offices.getCadre(v, cadreId, today);
    const isSelf = v.cadreId === cadreId;
    const canManage = roleHas(v.role, 'dossiers.manage');
    // The one person policy (shared/domain/access.ts): the cadre, a manager anywhere, a reader of the same station.
    if (!mayReadPerson(v, { cadreId, officeId: cadre.officeId }, { manage: canManage, read: roleHas(v.role, 'dossiers.read') })) {
      throw fail('FORBIDDEN', stationBound(v) ? 'dossierOtherStation' : 'dossierNotYours');
    }
    return { cadre, isSelf, canManage, canSeePersonal: roleHas(v.role, 'personal.read') };
  }
  function requireManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage) throw fail('FORBIDDEN', 'dossierManageOnly');
    return a;
  }
  /** HR, or the cadre for their own plan draft and declarations. */
  function requireSelfOrManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage && !a.isSelf) throw fail('FORBIDDEN', 'dossierSelfOnly');
    return a;
  }

  function rowOf(table: string, id: string): Row {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'dossierRecordGone');
    return r;
  }
  const rowsOf = (table: string, cadreId: string, order: string) => sqlite.prepare(`SELECT * FROM "${table}" WHERE cadre_id = ? AND deleted_at IS NULL ORDER BY ${order}`).all(cadreId) as Row[];

  // ---- Career plans -------------------------------------------------------------------

  function savePlan(
    v: Viewer,
    i: {
      id?: string;
      cadreId: string;
      periodStart?: number | null;
      periodEnd?: number | null;
      selfAssessment: string | null;
      anchorAnswers: (number | null)[];
      anchorOverride: string | null;
      overrideReason: string | null;
      goal1: string | null;
      goal3: string | null;
      goal5: string | null;
      preferredPosts: string | null;
      trainingNeeds: string | null;
    },
    ctx: WriteCtx,
    today: string,
  ): Plan {
    const a = requireSelfOrManage(v, i.cadreId, today);
    if (!i.periodStart || !i.periodEnd) throw fail('BAD_INPUT', 'careerPlanPeriodRequired', { field: 'periodStart' });
    if (i.periodEnd < i.periodStart) throw fail('BAD_INPUT', 'careerPlanPeriodOrder', { field: 'periodEnd' });
    if (i.periodEnd - i.periodStart > 9) throw fail('BAD_INPUT', 'careerPlanPeriodTooLong', { field: 'periodEnd', maxYears: 10 });
    if (i.anchorOverride && !i.overrideReason) throw fail('BAD_INPUT', 'careerPlanOverrideReason', { field: 'overrideReason' });
    const answers = [...i.anchorAnswers, ...new Array<null>(Math.max(0, 40 - i.anchorAnswers.length)).fill(null)];
    const complete = answers.every((x) => x !== null);
    const scored = complete ? anchorScores(answers as number[]) : null;
    if (scored && 'error' in scored) throw fail('BAD_INPUT', scored.error, { ...scored, field: 'anchorAnswers' });
    return writer.transaction(() => {
      if (i.id) {
        const p = rowOf('career_plan', i.id);
        if (p.cadre_id !== i.cadreId) throw fail('BAD_INPUT', 'careerPlanOtherCadre');
        if (p.status !== 'draft') throw fail('RULE_VIOLATION', 'careerPlanLocked');
      }
      const clash = sqlite
        .prepare('SELECT period_start, period_end FROM career_plan WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ? AND period_start <= ? AND period_end >= ?')
        .get(i.cadreId, i.id ?? null, i.periodEnd, i.periodStart) as { period_start: number; period_end: number } | undefined;
      if (clash) throw fail('CONFLICT', 'careerPlanPeriodTaken', { field: 'periodStart', from: clash.period_start, to: clash.period_end });
      const values = {
        periodStart: i.periodStart!,
        periodEnd: i.periodEnd!,
        selfAssessment: i.selfAssessment,
        anchorAnswers: JSON.stringify(answers),
        anchorTop: scored && 'top' in scored ? scored.top : null,
        anchorOverride: i.anchorOverride,
        overrideReason: i.anchorOverride ? i.overrideReason : null,
        goal1: i.goal1,
        goal3: i.goal3,
        goal5: i.goal5,
        preferredPosts: i.preferredPosts,
        trainingNeeds: i.trainingNeeds,
      };
      const id = i.id ? (writer.update(careerPlan, i.id, values, ctx), i.id) : writer.create(careerPlan, { officeId: a.cadre.officeId, cadreId: i.cadreId, status: 'draft', ...values }, ctx).id;
      return toPlan(rowOf('career_plan', id), a.canSeePersonal);
    });
  }

  function submitPlan(v: Viewer, id: string, ctx: WriteCtx, today: string): Plan {
    const p = rowOf('career_plan', id);
    const a = requireSelfOrManage(v, p.cadre_id as string, today);
    if (p.status !== 'draft') throw fail('RULE_VIOLATION', 'careerPlanAlreadySubmitted');
    const answers = JSON.parse((p.anchor_answers as string) ?? '[]') as (number | null)[];
    const answered = answers.filter((x) => x !== null).length;
    if (answered < 40) throw fail('BAD_INPUT', 'careerPlanSurveyIncomplete', { field: 'anchorAnswers', answered, total: 40 });
    if (!p.goal_1y) throw fail('BAD_INPUT', 'careerPlanGoal1Required', { field: 'goal1' });
    writer.update(careerPlan, id, { status: 'submitted', submittedOn: today }, ctx);
    return toPlan(rowOf('career_plan', id), a.canSeePersonal);
  }

  function reviewPlan(v: Viewer, i: { id: string; comment: string; date: string; by: string }, ctx: WriteCtx, today: string): Plan {
    const p = rowOf('career_plan', i.id);
    const a = requireManage(v, p.cadre_id as string, today);
    if (p.status !== 'submitted') throw fail('RULE_VIOLATION', p.status === 'draft' ? 'careerPlanNotSubmitted' : 'careerPlanAlreadyReviewed');
    if (i.date < (p.submitted_on as string)) throw fail('BAD_INPUT', 'careerPlanReviewBeforeSubmission', { field: 'date', submittedOn: p.submitted_on as string });
    if (i.date > today) throw fail('BAD_INPUT', 'careerPlanReviewAfterToday', { field: 'date' });
    writer.update(careerPlan, i.id, { status: 'reviewed', reviewComment: i.comment, reviewer: i.by, reviewedOn: i.date }, ctx);
    return toPlan(rowOf('career_plan', i.id), a.canSeePersonal);
  }

  // ---- Post commitments ---------------------------------------------------------------

  function saveCommitment(v: Viewer, i: { id?: string; cadreId: string; year: number; items: string[] }, ctx: WriteCtx, today: string): Commitment {
    const a = requireManage(v, i.cadreId, today);
    return writer.transaction(() => {
      if (i.id && rowOf('post_commitment', i.id).reviewed_on) throw fail('RULE_VIOLATION', 'commitmentLocked');
      const clash = sqlite.prepare('SELECT id FROM post_commitment WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?').get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw fail('CONFLICT', 'commitmentYearTaken', { field: 'year', year: i.year });
      const items = JSON.stringify(i.items.map((text) => ({ text, result: null, note: null })));
      const id = i.id ? (writer.update(postCommitment, i.id, { year: i.year, items }, ctx), i.id) : writer.create(postCommitment, { officeId: a.cadre.officeId, cadreId: i.cadreId, year: i.year, items }, ctx).id;
      return toCommitment(rowOf('post_commitment', id));
    });
  }

  function reviewCommitment(v: Viewer, i: { id: string; date: string; by: string; results: { result: 'met' | 'partly' | 'not_met'; note: string | null }[] }, ctx: WriteCtx, today: string): Commitment {
    const c = toCommitment(rowOf('post_commitment', i.id));
    requireManage(v, c.cadreId, today);
    if (i.results.length !== c.items.length) throw fail('BAD_INPUT', 'commitmentReviewEveryItem', { field: 'results', count: c.items.length });
    if (i.date < `${c.year}-01-01`) throw fail('BAD_INPUT', 'commitmentReviewBeforeYear', { field: 'date', year: c.year });
    if (i.date > today) throw fail('BAD_INPUT', 'commitmentReviewAfterToday', { field: 'date' });
    const items = c.items.map((it, k) => ({ text: it.text, result: i.results[k]!.result, note: i.results[k]!.note }));
    writer.update(postCommitment, i.id, { items: JSON.stringify(items), reviewedOn: i.date, reviewer: i.by }, ctx);
    return toCommitment(rowOf('post_commitment', i.id));
  }

  // ---- Declarations -------------------------------------------------------------------

  const declSelect = `SELECT d.*, c.name AS cadre_name, o.name AS office_name FROM declaration d
    JOIN cadre c ON c.id = d.cadre_id JOIN office o ON o.id = d.office_id WHERE d.deleted_at IS NULL`;

  function declare(v: Viewer, i: { cadreId: string; kind: 'post' | 'rotation'; target: string; reason: string }, ctx: WriteCtx, today: string): Declaration {
    const a = requireSelfOrManage(v, i.cadreId, today);
    const row = writer.create(declaration, { officeId: a.cadre.officeId, cadreId: i.cadreId, kind: i.kind, target: i.target, reason: i.reason, submittedOn: today, decision: 'pending' }, ctx);
    return toDeclaration(sqlite.prepare(`${declSelect} AND d.id = ?`).get(row.id) as Row);
  }

  function decide(v: Viewer, i: { id: string; decision: 'approved' | 'declined' | 'deferred'; date: string; note: string | null }, ctx: WriteCtx, today: string): Declaration {
    const d = rowOf('declaration', i.id);
    requireManage(v, d.cadre_id as string, today);
    if (d.decision !== 'pending' && d.decision !== 'deferred') throw fail('RULE_VIOLATION', 'declarationDecided');
    if (i.date < (d.submitted_on as string)) throw fail('BAD_INPUT', 'declarationDecisionBeforeSubmission', { field: 'date', submittedOn: d.submitted_on as string });
    if (i.date > today) throw fail('BAD_INPUT', 'declarationDecisionAfterToday', { field: 'date' });
    writer.update(declaration, i.id, { decision: i.decision, decidedOn: i.date, decisionNote: i.note }, ctx);
    return toDeclaration(sqlite.prepare(`${declSelect} AND d.id = ?`).get(i.id) as Row);
  }

  function openDeclarations(officeId?: string): Declaration[] {
    return (sqlite.prepare(`${declSelect} AND d.decision IN ('pending', 'deferred') ${officeId ? 'AND d.office_id = ?' : ''} ORDER BY d.submitted_on`).all(...(officeId ? [officeId] : [])) as Row[]).map(toDeclaration);
  }

  // ---- Internships, secondments, mentoring, merits -----------------------------------

  function saveInternship(v: Viewer, i: { id?: string; cadreId: string; post: string; place: string | null; startDate: string; endDate: string; supervisor: string; evaluation: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = (rowsOf('internship', i.cadreId, 'start_date') as Row[]).find((r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, r.end_date as string));
      if (clash) throw fail('CONFLICT', 'internshipOverlap', { field: 'startDate', post: String(clash.post), from: String(clash.start_date), to: String(clash.end_date) });
      const { id: _id, cadreId, ...values } = i;
      const id = i.id ? (writer.update(internship, i.id, values, ctx), i.id) : writer.create(internship, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      return internshipOut(rowOf('internship', id));
    });
  }
  const internshipOut = (r: Row) => ({ id: r.id as string, cadreId: r.cadre_id as string, post: r.post as string, place: str(r.place), startDate: r.start_date as string, endDate: r.end_date as string, supervisor: r.supervisor as string, evaluation: str(r.evaluation) });

  function saveSecondment(v: Viewer, i: { id?: string; cadreId: string; kind: 'secondment' | 'rotation'; hostOrg: string; post: string; startDate: string; endDate: string | null; note: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = rowsOf('secondment', i.cadreId, 'start_date').find((r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, str(r.end_date)));
      if (clash) {
        const end = str(clash.end_date);
        throw fail('CONFLICT', end ? 'secondmentOverlap' : 'secondmentOverlapOpen', { field: 'startDate', hostOrg: String(clash.host_org), from: String(clash.start_date), to: end });
      }
      const { id: _id, cadreId, ...values } = i;
      const id = i.id ? (writer.update(secondment, i.id, values, ctx), i.id) : writer.create(secondment, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      return secondmentOut(rowOf('secondment', id), today);
    });
  }
  const secondmentOut = (r: Row, today: string) => ({
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

  const mentoringSelect = `SELECT m.*, e.name AS mentee_name, t.name AS mentor_name FROM mentoring m LEFT JOIN cadre e ON e.id = m.cadre_id LEFT JOIN cadre t ON t.id = m.mentor_id WHERE m.deleted_at IS NULL`;
  // A mentor (or mentee) may be at another station after a move: the pair follows the mentee, and
  // this device may hold no row for the other person. The pair stays listed and editable.
  const mentoringOut = (r: Row) => ({
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

  function saveMentoring(v: Viewer, i: { id?: string; cadreId: string; mentorId: string; startDate: string; endDate: string | null; goals: string; review: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.mentorId === i.cadreId) throw fail('BAD_INPUT', 'mentorIsMentee', { field: 'mentorId' });
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    // A pair kept as it was needs no mentor in this scope (the mentor may have moved away).
    const kept = i.id ? (sqlite.prepare('SELECT mentor_id FROM mentoring WHERE id = ? AND cadre_id = ? AND deleted_at IS NULL').get(i.id, i.cadreId) as { mentor_id: string } | undefined) : undefined;
    if (kept?.mentor_id !== i.mentorId) offices.getCadre(v, i.mentorId, today);
    const { id: _id, cadreId, ...values } = i;
    const id = i.id ? (writer.update(mentoring, i.id, values, ctx), i.id) : writer.create(mentoring, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
    return mentoringOut(sqlite.prepare(`${mentoringSelect} AND m.id = ?`).get(id) as Row);
  }

  function saveMerit(v: Viewer, i: { id?: string; cadreId: string; kind: 'performance' | 'reward' | 'sanction'; date: string; title: string; detail: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.date > today) throw fail('BAD_INPUT', 'meritAfterToday', { field: 'date' });
    const { id: _id, cadreId, ...values } = i;
    const id = i.id ? (writer.update(merit, i.id, values, ctx), i.id) : writer.create(merit, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
    const r = rowOf('merit', id);
    return { id, cadreId, kind: i.kind, date: r.date as string, title: r.title as string, detail: str(r.detail) };
  }

  // ---- Appraisals ---------------------------------------------------------------------

  function quota(year: number, officeId?: string) {
    const cap = settings.at('appraisal.excellentCapPct', `${year}-12-31`);
    const rows = sqlite
      .prepare(
        `SELECT a.office_id, o.name AS office_name, count(*) AS total, sum(a.grade = ?) AS excellent
         FROM appraisal a JOIN office o ON o.id = a.office_id
         WHERE a.year = ? AND a.deleted_at IS NULL ${officeId ? 'AND a.office_id = ?' : ''} GROUP BY a.office_id ORDER BY o.code`,
      )
      .all(EXCELLENT, ...(officeId ? [year, officeId] : [year])) as { office_id: string; office_name: string; total: number; excellent: number }[];
    return rows.map((r) => {
      const share = r.total ? (r.excellent / r.total) * 100 : 0;
      const over = share > cap.value;
      return {
        officeId: r.office_id,
        officeName: r.office_name,
        year,
        total: r.total,
        excellent: r.excellent,
        sharePct: Math.round(share * 10) / 10,
        capPct: cap.value,
        settingVersion: cap.version,
        over,
      };
    });
  }

  /** Years graded 不称职 two years running (公务员法 art. 88). */
  function incompetentRuns(grades: { year: number; grade: string }[]): [number, number][] {
    const bad = new Set(grades.filter((g) => g.grade === INCOMPETENT).map((g) => g.year));
    return [...bad].filter((y) => bad.has(y - 1)).sort().map((y) => [y - 1, y] as [number, number]);
  }

  function appraisalOut(r: Row, personal: boolean) {
    return { id: r.id as string, cadreId: r.cadre_id as string, year: r.year as number, grade: r.grade as Grade, comment: personal ? str(r.comment) : null };
  }

  /** The excellent share of an office's year over its cap (dossier.rules.excellentCap). */
  const excellentCapOutcome = (q: ReturnType<typeof quota>[number]): RuleOutcome => ({
    rule: 'excellentCap',
    pass: !q.over,
    params: { office: q.officeName, year: q.year, excellent: q.excellent, total: q.total, pct: Math.round(q.sharePct), cap: q.capPct, version: q.settingVersion },
  });

  function saveAppraisal(v: Viewer, i: { id?: string; cadreId: string; year: number; grade: Grade; comment: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    const started = a.cadre.workStart ?? a.cadre.joinDate;
    if (started && i.year < Number(started.slice(0, 4))) throw fail('BAD_INPUT', 'appraisalBeforeWorkStart', { field: 'year', year: i.year, startYear: Number(started.slice(0, 4)) });
    if (i.year > Number(today.slice(0, 4))) throw fail('BAD_INPUT', 'appraisalFutureYear', { field: 'year' });
    return writer.transaction(() => {
      const clash = sqlite.prepare('SELECT id FROM appraisal WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?').get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw fail('CONFLICT', 'appraisalYearTaken', { field: 'year', year: i.year });
      const { id: _id, cadreId, comment, ...rest } = i;
      // The comment is personal: a viewer who cannot read it (the administrator) neither sees nor
      // writes it, so an edit of the grade leaves HR's comment as it was.
      if (!a.canSeePersonal && comment) throw fail('FORBIDDEN', 'appraisalCommentPersonal', { field: 'comment' });
      const values = a.canSeePersonal ? { ...rest, comment } : rest;
      const id = i.id ? (writer.update(appraisal, i.id, values, ctx), i.id) : writer.create(appraisal, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      const warnings: RuleOutcome[] = [];
      for (const q of quota(i.year, a.cadre.officeId)) if (q.over) warnings.push(excellentCapOutcome(q));
      const runs = incompetentRuns(rowsOf('appraisal', i.cadreId, 'year') as { year: number; grade: string }[]);
      for (const [y1, y2] of runs) warnings.push({ rule: 'incompetentTwice', pass: false, params: { name: a.cadre.name, y1, y2 } });
      return { appraisal: appraisalOut(rowOf('appraisal', id), a.canSeePersonal), warnings };
    });
  }

  // ---- Removal ------------------------------------------------------------------------

  const removable = { career_plan: careerPlan, post_commitment: postCommitment, internship, secondment, mentoring, appraisal, merit } as const;
  function remove(v: Viewer, table: keyof typeof removable, id: string, ctx: WriteCtx, today: string) {
    const r = rowOf(table, id);
    requireManage(v, r.cadre_id as string, today);
    writer.remove(removable[table], id, ctx);
    return null;
  }

  // ---- The dossier --------------------------------------------------------------------

  function stageOf(c: Cadre, today: string, s = stageSettings(today)) {
    if (!c.workStart) return null;
    const st = careerStage({ workStart: c.workStart, birthDate: c.birthDate, gender: c.gender, secondLine: c.status === 'second_line' }, today, s);
    return { stage: st.stage, basis: st.basis, settingVersions: s.versions };
  }

  function get(v: Viewer, cadreId: string, today: string): Dossier {
    const a = access(v, cadreId, today);
    const c = a.cadre;
    const ret = retirement(c.birthDate, c.gender);
    const stage = stageOf(c, today);
    const internships = rowsOf('internship', cadreId, 'start_date').map(internshipOut);
    const appraisals = rowsOf('appraisal', cadreId, 'year').map((r) => appraisalOut(r, a.canSeePersonal));
    const plans = rowsOf('career_plan', cadreId, 'period_start DESC').map((r) => toPlan(r, a.canSeePersonal || a.isSelf));
    const warnings: RuleOutcome[] = [];
    const warn = (rule: string, params: RuleOutcome['params']) => warnings.push({ rule, pass: false, params });
    if (stage?.stage === 'adapt' && internships.length === 0) warn('noInternship', { name: c.name });
    for (const [y1, y2] of incompetentRuns(appraisals)) warn('incompetentTwice', { name: c.name, y1, y2 });
    const monthsLeft = monthsBetween(today, ret.date);
    if (c.pastRetirement) warn('pastRetirement', { date: ret.date });
    else if (monthsLeft >= 0 && monthsLeft < 12) warn('nearRetirement', { date: ret.date, months: 12 });
    const year = Number(today.slice(0, 4));
    if (!plans.some((p) => p.periodStart <= year && p.periodEnd >= year)) warn('noPlan', { year });
    return {
      cadre: c,
      stage,
      retirement: { date: ret.date, monthsLeft, birthYear: ret.birthYear, birthMonth: ret.birthMonth, baseYears: ret.baseYears, delayMonths: ret.delayMonths, ageMonths: ret.ageMonths },
      plans,
      commitments: rowsOf('post_commitment', cadreId, 'year DESC').map(toCommitment),
      declarations: (sqlite.prepare(`${declSelect} AND d.cadre_id = ? ORDER BY d.submitted_on DESC`).all(cadreId) as Row[]).map(toDeclaration),
      internships,
      secondments: rowsOf('secondment', cadreId, 'start_date DESC').map((r) => secondmentOut(r, today)),
      mentoring: (sqlite.prepare(`${mentoringSelect} AND (m.cadre_id = ? OR m.mentor_id = ?) ORDER BY m.start_date DESC`).all(cadreId, cadreId) as Row[]).map(mentoringOut),
      appraisals,
      merits: rowsOf('merit', cadreId, 'date DESC').map((r) => ({ id: r.id as string, cadreId, kind: r.kind as 'performance', date: r.date as string, title: r.title as string, detail: str(r.detail) })),
      ranks: rowsOf('rank_record', cadreId, 'start_date').map((r) => ({ id: r.id as string, rank: r.rank as string, startDate: r.start_date as string, decisionRef: str(r.decision_ref), note: str(r.note) })),
      warnings,
      canManage: a.canManage,
      canSeePersonal: a.canSeePersonal,
      isSelf: a.isSelf,
    };
  }

  // ---- HR dashboard -------------------------------------------------------------------

  function dashboard(v: Viewer, officeId: string | undefined, today: string) {
    const compute = () => dashboardNow(v, officeId, today);
    // Kept until the next write (db/read-cache.ts); the viewer is part of the key.
    return deps.cache ? deps.cache.memo(JSON.stringify(['hr.dashboard', officeId ?? null, today, v.role, v.officeId, v.cadreId]), compute) : compute();
  }

  function dashboardNow(v: Viewer, officeId: string | undefined, today: string) {
    const scoped = stationBound(v) ? v.officeId : officeId;
    const people = offices.listCadres(v, { officeId: scoped }, today).filter((c) => c.status !== 'retired' && c.status !== 'transferred');
    const year = Number(today.slice(0, 4));
    const byStageMap = new Map<string | null, number>();
    for (const c of people) byStageMap.set(c.stage, (byStageMap.get(c.stage) ?? 0) + 1);
    const planRows = sqlite.prepare('SELECT cadre_id, period_start, period_end, status FROM career_plan WHERE deleted_at IS NULL').all() as { cadre_id: string; period_start: number; period_end: number; status: string }[];
    const withInternship = new Set((sqlite.prepare('SELECT DISTINCT cadre_id FROM internship WHERE deleted_at IS NULL').all() as { cadre_id: string }[]).map((r) => r.cadre_id));
    const inScope = new Set(people.map((c) => c.id));
    const plansDue: { cadreId: string; name: string; officeName: string; why: RuleOutcome }[] = [];
    const recruits: { cadreId: string; name: string; officeName: string; workStart: string }[] = [];
    const near: { cadreId: string; name: string; officeName: string; date: string; monthsLeft: number; overdue: boolean }[] = [];
    const plansOf = new Map<string, typeof planRows>();
    for (const p of planRows) {
      const l = plansOf.get(p.cadre_id);
      if (l) l.push(p);
      else plansOf.set(p.cadre_id, [p]);
    }
    for (const c of people) {
      const mine = plansOf.get(c.id) ?? [];
      const current = mine.find((p) => p.period_start <= year && p.period_end >= year);
      if (!current) plansDue.push({ cadreId: c.id, name: c.name, officeName: c.officeName, why: { rule: 'noPlanYear', pass: false, params: { year } } });
      for (const p of mine) {
        if (p.status === 'submitted') plansDue.push({ cadreId: c.id, name: c.name, officeName: c.officeName, why: { rule: 'planAwaitingReview', pass: false, params: { from: p.period_start, to: p.period_end } } });
      }
      if (c.stage === 'adapt' && !withInternship.has(c.id)) recruits.push({ cadreId: c.id, name: c.name, officeName: c.officeName, workStart: c.workStart! });
      // Those already past the date head the list: they should have retired.
      const left = monthsBetween(today, c.retirementDate);
      if (c.pastRetirement || left < 12) near.push({ cadreId: c.id, name: c.name, officeName: c.officeName, date: c.retirementDate, monthsLeft: left, overdue: c.pastRetirement });
    }
    // A year's commitments are due for review once its last month has begun.
    const dueYear = today.slice(5, 7) === '12' ? year : year - 1;
    const seenCommitments = new Set<string>();
    const unreviewed = (
      sqlite
        .prepare('SELECT p.cadre_id, p.year, c.name, o.name AS office_name FROM post_commitment p JOIN cadre c ON c.id = p.cadre_id JOIN office o ON o.id = p.office_id WHERE p.deleted_at IS NULL AND p.reviewed_on IS NULL AND p.year <= ? ORDER BY p.year, c.name')
        .all(dueYear) as { cadre_id: string; year: number; name: string; office_name: string }[]
    )
      .filter((r) => inScope.has(r.cadre_id))
      .map((r) => ({ cadreId: r.cadre_id, name: r.name, officeName: r.office_name, year: r.year }))
      // One per cadre and year (the first), even when two devices each wrote that year's commitment.
      .filter((r) => {
        const k = `${r.cadreId}|${r.year}`;
        if (seenCommitments.has(k)) return false;
        seenCommitments.add(k);
        return true;
      });
    const grades = sqlite.prepare('SELECT cadre_id, year, grade FROM appraisal WHERE deleted_at IS NULL AND grade = ?').all(INCOMPETENT) as { cadre_id: string; year: number; grade: string }[];
    const gradesOf = new Map<string, typeof grades>();
    for (const g of grades) {
      const l = gradesOf.get(g.cadre_id);
      if (l) l.push(g);
      else gradesOf.set(g.cadre_id, [g]);
    }
    const incompetentTwice = people.flatMap((c) =>
      incompetentRuns(gradesOf.get(c.id) ?? []).map(([y1, y2]) => ({ cadreId: c.id, name: c.name, officeName: c.officeName, years: [y1, y2] })),
    );
    return {
      byStage: (['adapt', 'growth', 'mature', 'retreat', null] as const).map((stage) => ({ stage, count: byStageMap.get(stage) ?? 0 })),
      plansDue,
      commitmentsUnreviewed: unreviewed,
      openDeclarations: openDeclarations(scoped).filter((d) => inScope.has(d.cadreId)),
      recruitsWithoutInternship: recruits,
      nearRetirement: near.sort((x, y) => x.date.localeCompare(y.date)),
      quota: [...quota(year - 1, scoped), ...quota(year, scoped)],
      incompetentTwice,
    };
  }

  return { get, savePlan, submitPlan, reviewPlan, saveCommitment, reviewCommitment, declare, decide, openDeclarations, saveInternship, saveSecondment, saveMentoring, saveMerit, saveAppraisal, quota, remove, dashboard };
}

export type DossiersService = ReturnType<typeof createDossiersService>;
