import { AppError } from '../../../../shared/contract/errors';
import type { Commitment, Declaration, Dossier, Plan } from '../../../../shared/contract/dossiers';
import type { Cadre } from '../../../../shared/contract/offices';
import { roleHas } from '../../../../shared/contract/roles';
import { anchorScores, careerStage, monthsBetween, retirement, STAGE_LABELS, type StageSettings } from '../../../../shared/domain/career';
import type { Sqlite } from '../../db/open';
import type { ReadCache } from '../../db/read-cache';
import { appraisal, careerPlan, declaration, internship, mentoring, merit, postCommitment, secondment } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { SettingsService } from '../settings/settings.service';
import { stationBound, type Viewer } from '../zones/scope';

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

  const stageSettings = (day: string): StageSettings & { versions: string } => {
    const a = settings.at('stage.adaptYears', day);
    const g = settings.at('stage.growthYears', day);
    const r = settings.at('stage.retreatYears', day);
    return { adaptYears: a.value, growthYears: g.value, retreatYears: r.value, versions: `阶段设置 v${a.version}/v${g.version}/v${r.version}` };
  };

  /** Who may do what with one cadre's dossier. */
  function access(v: Viewer, cadreId: string, today: string) {
    const cadre = offices.getCadre(v, cadreId, today);
    const isSelf = v.cadreId === cadreId;
    const canManage = roleHas(v.role, 'dossiers.manage');
    const canRead = canManage || isSelf || (roleHas(v.role, 'dossiers.read') && (!stationBound(v) || cadre.officeId === v.officeId));
    if (!canRead) throw new AppError('FORBIDDEN', stationBound(v) ? '只能查看本所干部的档案' : '只能查看本人的档案');
    return { cadre, isSelf, canManage, canSeePersonal: roleHas(v.role, 'personal.read') };
  }
  function requireManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage) throw new AppError('FORBIDDEN', '只有人事干部可以修改档案');
    return a;
  }
  /** HR, or the cadre for their own plan draft and declarations. */
  function requireSelfOrManage(v: Viewer, cadreId: string, today: string) {
    const a = access(v, cadreId, today);
    if (!a.canManage && !a.isSelf) throw new AppError('FORBIDDEN', '只能填写本人的规划书和申报');
    return a;
  }

  function rowOf(table: string, id: string): Row {
    const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', '记录不存在或已删除');
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
    if (!i.periodStart || !i.periodEnd) throw new AppError('BAD_INPUT', '请填写规划期（起止年度）', { field: 'periodStart' });
    if (i.periodEnd < i.periodStart) throw new AppError('BAD_INPUT', '规划期的结束年度不能早于开始年度', { field: 'periodEnd' });
    if (i.periodEnd - i.periodStart > 9) throw new AppError('BAD_INPUT', '规划期最长 10 年', { field: 'periodEnd' });
    if (i.anchorOverride && !i.overrideReason) throw new AppError('BAD_INPUT', '调整职业锚时请说明理由', { field: 'overrideReason' });
    const answers = [...i.anchorAnswers, ...new Array<null>(Math.max(0, 40 - i.anchorAnswers.length)).fill(null)];
    const complete = answers.every((x) => x !== null);
    const scored = complete ? anchorScores(answers as number[]) : null;
    if (scored && 'error' in scored) throw new AppError('BAD_INPUT', scored.error, { field: 'anchorAnswers' });
    return writer.transaction(() => {
      if (i.id) {
        const p = rowOf('career_plan', i.id);
        if (p.cadre_id !== i.cadreId) throw new AppError('BAD_INPUT', '规划书不属于该干部');
        if (p.status !== 'draft') throw new AppError('RULE_VIOLATION', '规划书已提交，不能再修改');
      }
      const clash = sqlite
        .prepare('SELECT period_start, period_end FROM career_plan WHERE cadre_id = ? AND deleted_at IS NULL AND id IS NOT ? AND period_start <= ? AND period_end >= ?')
        .get(i.cadreId, i.id ?? null, i.periodEnd, i.periodStart) as { period_start: number; period_end: number } | undefined;
      if (clash) throw new AppError('CONFLICT', `该干部已有 ${clash.period_start}–${clash.period_end} 年度的规划书，每个规划期只能有一份`, { field: 'periodStart' });
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
    if (p.status !== 'draft') throw new AppError('RULE_VIOLATION', '规划书已提交');
    const answers = JSON.parse((p.anchor_answers as string) ?? '[]') as (number | null)[];
    const answered = answers.filter((x) => x !== null).length;
    if (answered < 40) throw new AppError('BAD_INPUT', `职业锚问卷须答满 40 题后才能提交（已答 ${answered} 题）`, { field: 'anchorAnswers' });
    if (!p.goal_1y) throw new AppError('BAD_INPUT', '请填写 1 年目标后再提交', { field: 'goal1' });
    writer.update(careerPlan, id, { status: 'submitted', submittedOn: today }, ctx);
    return toPlan(rowOf('career_plan', id), a.canSeePersonal);
  }

  function reviewPlan(v: Viewer, i: { id: string; comment: string; date: string; by: string }, ctx: WriteCtx, today: string): Plan {
    const p = rowOf('career_plan', i.id);
    const a = requireManage(v, p.cadre_id as string, today);
    if (p.status !== 'submitted') throw new AppError('RULE_VIOLATION', p.status === 'draft' ? '规划书尚未提交，提交后才能审阅' : '规划书已审阅');
    if (i.date < (p.submitted_on as string)) throw new AppError('BAD_INPUT', '审阅日期不能早于提交日期', { field: 'date' });
    if (i.date > today) throw new AppError('BAD_INPUT', '审阅日期不能晚于今天', { field: 'date' });
    writer.update(careerPlan, i.id, { status: 'reviewed', reviewComment: i.comment, reviewer: i.by, reviewedOn: i.date }, ctx);
    return toPlan(rowOf('career_plan', i.id), a.canSeePersonal);
  }

  // ---- Post commitments ---------------------------------------------------------------

  function saveCommitment(v: Viewer, i: { id?: string; cadreId: string; year: number; items: string[] }, ctx: WriteCtx, today: string): Commitment {
    const a = requireManage(v, i.cadreId, today);
    return writer.transaction(() => {
      if (i.id && rowOf('post_commitment', i.id).reviewed_on) throw new AppError('RULE_VIOLATION', '承诺书已完成年终评议，不能再修改');
      const clash = sqlite.prepare('SELECT id FROM post_commitment WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?').get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw new AppError('CONFLICT', `${i.year} 年度的岗位承诺书已存在，每年一份`, { field: 'year' });
      const items = JSON.stringify(i.items.map((text) => ({ text, result: null, note: null })));
      const id = i.id ? (writer.update(postCommitment, i.id, { year: i.year, items }, ctx), i.id) : writer.create(postCommitment, { officeId: a.cadre.officeId, cadreId: i.cadreId, year: i.year, items }, ctx).id;
      return toCommitment(rowOf('post_commitment', id));
    });
  }

  function reviewCommitment(v: Viewer, i: { id: string; date: string; by: string; results: { result: 'met' | 'partly' | 'not_met'; note: string | null }[] }, ctx: WriteCtx, today: string): Commitment {
    const c = toCommitment(rowOf('post_commitment', i.id));
    requireManage(v, c.cadreId, today);
    if (i.results.length !== c.items.length) throw new AppError('BAD_INPUT', `请逐项评议全部 ${c.items.length} 项承诺`, { field: 'results' });
    if (i.date < `${c.year}-01-01`) throw new AppError('BAD_INPUT', `评议日期不能早于 ${c.year} 年`, { field: 'date' });
    if (i.date > today) throw new AppError('BAD_INPUT', '评议日期不能晚于今天', { field: 'date' });
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
    if (d.decision !== 'pending' && d.decision !== 'deferred') throw new AppError('RULE_VIOLATION', '该申报已有结论');
    if (i.date < (d.submitted_on as string)) throw new AppError('BAD_INPUT', '决定日期不能早于申报日期', { field: 'date' });
    if (i.date > today) throw new AppError('BAD_INPUT', '决定日期不能晚于今天', { field: 'date' });
    writer.update(declaration, i.id, { decision: i.decision, decidedOn: i.date, decisionNote: i.note }, ctx);
    return toDeclaration(sqlite.prepare(`${declSelect} AND d.id = ?`).get(i.id) as Row);
  }

  function openDeclarations(officeId?: string): Declaration[] {
    return (sqlite.prepare(`${declSelect} AND d.decision IN ('pending', 'deferred') ${officeId ? 'AND d.office_id = ?' : ''} ORDER BY d.submitted_on`).all(...(officeId ? [officeId] : [])) as Row[]).map(toDeclaration);
  }

  // ---- Internships, secondments, mentoring, merits -----------------------------------

  function saveInternship(v: Viewer, i: { id?: string; cadreId: string; post: string; place: string | null; startDate: string; endDate: string; supervisor: string; evaluation: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate < i.startDate) throw new AppError('BAD_INPUT', '结束日期不能早于开始日期', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = (rowsOf('internship', i.cadreId, 'start_date') as Row[]).find((r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, r.end_date as string));
      if (clash) throw new AppError('CONFLICT', `与“${String(clash.post)}”岗位的实习时间（${String(clash.start_date)} 至 ${String(clash.end_date)}）重叠`, { field: 'startDate' });
      const { id: _id, cadreId, ...values } = i;
      const id = i.id ? (writer.update(internship, i.id, values, ctx), i.id) : writer.create(internship, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      return internshipOut(rowOf('internship', id));
    });
  }
  const internshipOut = (r: Row) => ({ id: r.id as string, cadreId: r.cadre_id as string, post: r.post as string, place: str(r.place), startDate: r.start_date as string, endDate: r.end_date as string, supervisor: r.supervisor as string, evaluation: str(r.evaluation) });

  function saveSecondment(v: Viewer, i: { id?: string; cadreId: string; kind: 'secondment' | 'rotation'; hostOrg: string; post: string; startDate: string; endDate: string | null; note: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw new AppError('BAD_INPUT', '结束日期不能早于开始日期', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = rowsOf('secondment', i.cadreId, 'start_date').find((r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, str(r.end_date)));
      if (clash) throw new AppError('CONFLICT', `与在“${String(clash.host_org)}”的挂职/轮岗（${String(clash.start_date)} 至 ${str(clash.end_date) ?? '今'}）时间重叠`, { field: 'startDate' });
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
    if (i.mentorId === i.cadreId) throw new AppError('BAD_INPUT', '导师不能是本人', { field: 'mentorId' });
    if (i.endDate && i.endDate < i.startDate) throw new AppError('BAD_INPUT', '结束日期不能早于开始日期', { field: 'endDate' });
    // A pair kept as it was needs no mentor in this scope (the mentor may have moved away).
    const kept = i.id ? (sqlite.prepare('SELECT mentor_id FROM mentoring WHERE id = ? AND cadre_id = ? AND deleted_at IS NULL').get(i.id, i.cadreId) as { mentor_id: string } | undefined) : undefined;
    if (kept?.mentor_id !== i.mentorId) offices.getCadre(v, i.mentorId, today);
    const { id: _id, cadreId, ...values } = i;
    const id = i.id ? (writer.update(mentoring, i.id, values, ctx), i.id) : writer.create(mentoring, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
    return mentoringOut(sqlite.prepare(`${mentoringSelect} AND m.id = ?`).get(id) as Row);
  }

  function saveMerit(v: Viewer, i: { id?: string; cadreId: string; kind: 'performance' | 'reward' | 'sanction'; date: string; title: string; detail: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    if (i.date > today) throw new AppError('BAD_INPUT', '日期不能晚于今天', { field: 'date' });
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
        `SELECT a.office_id, o.name AS office_name, count(*) AS total, sum(a.grade = '优秀') AS excellent
         FROM appraisal a JOIN office o ON o.id = a.office_id
         WHERE a.year = ? AND a.deleted_at IS NULL ${officeId ? 'AND a.office_id = ?' : ''} GROUP BY a.office_id ORDER BY o.code`,
      )
      .all(...(officeId ? [year, officeId] : [year])) as { office_id: string; office_name: string; total: number; excellent: number }[];
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
        text: `${r.office_name} ${year} 年度优秀 ${r.excellent}/${r.total}（${Math.round(share)}%）${over ? '，超过' : '，未超过'}上限 ${cap.value}%（设置 v${cap.version}）`,
      };
    });
  }

  /** Years graded 不称职 two years running (公务员法 art. 88). */
  function incompetentRuns(grades: { year: number; grade: string }[]): number[][] {
    const bad = new Set(grades.filter((g) => g.grade === '不称职').map((g) => g.year));
    return [...bad].filter((y) => bad.has(y - 1)).sort().map((y) => [y - 1, y]);
  }

  function appraisalOut(r: Row, personal: boolean) {
    return { id: r.id as string, cadreId: r.cadre_id as string, year: r.year as number, grade: r.grade as (typeof appraisal.$inferSelect)['grade'], comment: personal ? str(r.comment) : null };
  }

  function saveAppraisal(v: Viewer, i: { id?: string; cadreId: string; year: number; grade: (typeof appraisal.$inferSelect)['grade']; comment: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    const started = a.cadre.workStart ?? a.cadre.joinDate;
    if (started && i.year < Number(started.slice(0, 4))) throw new AppError('BAD_INPUT', `${i.year} 年早于该干部参加工作的年份（${started.slice(0, 4)} 年）`, { field: 'year' });
    if (i.year > Number(today.slice(0, 4))) throw new AppError('BAD_INPUT', '不能录入未来年度的考核结果', { field: 'year' });
    return writer.transaction(() => {
      const clash = sqlite.prepare('SELECT id FROM appraisal WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?').get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw new AppError('CONFLICT', `${i.year} 年度的考核结果已录入`, { field: 'year' });
      const { id: _id, cadreId, comment, ...rest } = i;
      // The comment is personal: a viewer who cannot read it (the administrator) neither sees nor
      // writes it, so an edit of the grade leaves HR's comment as it was.
      if (!a.canSeePersonal && comment) throw new AppError('FORBIDDEN', '考核评语属于个人信息，只有人事干部可以录入', { field: 'comment' });
      const values = a.canSeePersonal ? { ...rest, comment } : rest;
      const id = i.id ? (writer.update(appraisal, i.id, values, ctx), i.id) : writer.create(appraisal, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      const warnings: { code: string; text: string }[] = [];
      for (const q of quota(i.year, a.cadre.officeId)) if (q.over) warnings.push({ code: 'excellentCap', text: q.text });
      const runs = incompetentRuns(rowsOf('appraisal', i.cadreId, 'year') as { year: number; grade: string }[]);
      for (const [y1, y2] of runs) warnings.push({ code: 'incompetentTwice', text: `${a.cadre.name} ${y1}、${y2} 年连续两年不称职（公务员法第八十八条）` });
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
    return { stage: st.stage, label: STAGE_LABELS[st.stage], reason: st.reason, settingVersions: s.versions };
  }

  function get(v: Viewer, cadreId: string, today: string): Dossier {
    const a = access(v, cadreId, today);
    const c = a.cadre;
    const ret = retirement(c.birthDate, c.gender);
    const stage = stageOf(c, today);
    const internships = rowsOf('internship', cadreId, 'start_date').map(internshipOut);
    const appraisals = rowsOf('appraisal', cadreId, 'year').map((r) => appraisalOut(r, a.canSeePersonal));
    const plans = rowsOf('career_plan', cadreId, 'period_start DESC').map((r) => toPlan(r, a.canSeePersonal || a.isSelf));
    const warnings: { code: string; text: string }[] = [];
    if (stage?.stage === 'adapt' && internships.length === 0) warnings.push({ code: 'noInternship', text: `${c.name}处于职业适应阶段，尚无巡回实习安排` });
    for (const [y1, y2] of incompetentRuns(appraisals)) warnings.push({ code: 'incompetentTwice', text: `${y1}、${y2} 年连续两年不称职（公务员法第八十八条）` });
    const monthsLeft = monthsBetween(today, ret.date);
    if (c.pastRetirement) warnings.push({ code: 'pastRetirement', text: `已超过法定退休年龄（${ret.date}），请办理退休或核对出生日期` });
    else if (monthsLeft >= 0 && monthsLeft < 12) warnings.push({ code: 'nearRetirement', text: `距法定退休不足 12 个月（${ret.date}）` });
    const year = Number(today.slice(0, 4));
    if (!plans.some((p) => p.periodStart <= year && p.periodEnd >= year)) warnings.push({ code: 'noPlan', text: `尚无覆盖 ${year} 年度的职业生涯规划书` });
    return {
      cadre: c,
      stage,
      retirement: { date: ret.date, monthsLeft, explanation: ret.explanation },
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
    const plansDue: { cadreId: string; name: string; officeName: string; why: string }[] = [];
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
      if (!current) plansDue.push({ cadreId: c.id, name: c.name, officeName: c.officeName, why: `无 ${year} 年度规划书` });
      for (const p of mine) if (p.status === 'submitted') plansDue.push({ cadreId: c.id, name: c.name, officeName: c.officeName, why: `${p.period_start}–${p.period_end} 年度规划书待审阅` });
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
    const grades = sqlite.prepare("SELECT cadre_id, year, grade FROM appraisal WHERE deleted_at IS NULL AND grade = '不称职'").all() as { cadre_id: string; year: number; grade: string }[];
    const gradesOf = new Map<string, typeof grades>();
    for (const g of grades) {
      const l = gradesOf.get(g.cadre_id);
      if (l) l.push(g);
      else gradesOf.set(g.cadre_id, [g]);
    }
    const incompetentTwice = people.flatMap((c) =>
      incompetentRuns(gradesOf.get(c.id) ?? []).map(([y1, y2]) => ({ cadreId: c.id, name: c.name, officeName: c.officeName, years: `${y1}、${y2}` })),
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
