// The dossier's other records: post commitments, declarations, internships, secondments, mentoring, merits, and removal.
import { fail } from '../../../../shared/contract/errors';
import type { Commitment, Declaration } from '../../../../shared/contract/dossiers';
import type { Viewer } from '../../../../shared/domain/access';
import { appraisal, careerPlan, declaration, internship, mentoring, merit, postCommitment, secondment } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import type { DossierBase, DossierDeps } from './base';
import { declSelect, internshipOut, mentoringOut, mentoringSelect, overlaps, secondmentOut, str, toCommitment, toDeclaration, type Row } from './rows';

export function createRecords(deps: DossierDeps, base: DossierBase) {
  const { sqlite, writer, offices } = deps;
  const { requireManage, requireSelfOrManage, rowOf, rowsOf } = base;

  // ---- Post commitments ---------------------------------------------------------------

  function saveCommitment(v: Viewer, i: { id?: string; cadreId: string; year: number; items: string[] }, ctx: WriteCtx, today: string): Commitment {
    const a = requireManage(v, i.cadreId, today);
    return writer.transaction(() => {
      if (i.id && rowOf('post_commitment', i.id).reviewed_on) throw fail('RULE_VIOLATION', 'commitmentLocked');
      const clash = sqlite
        .prepare('SELECT id FROM post_commitment WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?')
        .get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw fail('CONFLICT', 'commitmentYearTaken', { field: 'year', year: i.year });
      const items = JSON.stringify(i.items.map((text) => ({ text, result: null, note: null })));
      const id = i.id
        ? (writer.update(postCommitment, i.id, { year: i.year, items }, ctx), i.id)
        : writer.create(postCommitment, { officeId: a.cadre.officeId, cadreId: i.cadreId, year: i.year, items }, ctx).id;
      return toCommitment(rowOf('post_commitment', id));
    });
  }

  function reviewCommitment(
    v: Viewer,
    i: { id: string; date: string; by: string; results: { result: 'met' | 'partly' | 'not_met'; note: string | null }[] },
    ctx: WriteCtx,
    today: string,
  ): Commitment {
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

  function declare(v: Viewer, i: { cadreId: string; kind: 'post' | 'rotation'; target: string; reason: string }, ctx: WriteCtx, today: string): Declaration {
    const a = requireSelfOrManage(v, i.cadreId, today);
    const row = writer.create(
      declaration,
      { officeId: a.cadre.officeId, cadreId: i.cadreId, kind: i.kind, target: i.target, reason: i.reason, submittedOn: today, decision: 'pending' },
      ctx,
    );
    return toDeclaration(sqlite.prepare(`${declSelect} AND d.id = ?`).get(row.id) as Row);
  }

  function decide(
    v: Viewer,
    i: { id: string; decision: 'approved' | 'declined' | 'deferred'; date: string; note: string | null },
    ctx: WriteCtx,
    today: string,
  ): Declaration {
    const d = rowOf('declaration', i.id);
    requireManage(v, d.cadre_id as string, today);
    if (d.decision !== 'pending' && d.decision !== 'deferred') throw fail('RULE_VIOLATION', 'declarationDecided');
    if (i.date < (d.submitted_on as string))
      throw fail('BAD_INPUT', 'declarationDecisionBeforeSubmission', { field: 'date', submittedOn: d.submitted_on as string });
    if (i.date > today) throw fail('BAD_INPUT', 'declarationDecisionAfterToday', { field: 'date' });
    writer.update(declaration, i.id, { decision: i.decision, decidedOn: i.date, decisionNote: i.note }, ctx);
    return toDeclaration(sqlite.prepare(`${declSelect} AND d.id = ?`).get(i.id) as Row);
  }

  function openDeclarations(officeId?: string): Declaration[] {
    return (
      sqlite
        .prepare(`${declSelect} AND d.decision IN ('pending', 'deferred') ${officeId ? 'AND d.office_id = ?' : ''} ORDER BY d.submitted_on`)
        .all(...(officeId ? [officeId] : [])) as Row[]
    ).map(toDeclaration);
  }

  // ---- Internships, secondments, mentoring, merits -----------------------------------

  function saveInternship(
    v: Viewer,
    i: { id?: string; cadreId: string; post: string; place: string | null; startDate: string; endDate: string; supervisor: string; evaluation: string | null },
    ctx: WriteCtx,
    today: string,
  ) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = (rowsOf('internship', i.cadreId, 'start_date') as Row[]).find(
        (r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, r.end_date as string),
      );
      if (clash)
        throw fail('CONFLICT', 'internshipOverlap', {
          field: 'startDate',
          post: String(clash.post),
          from: String(clash.start_date),
          to: String(clash.end_date),
        });
      const { id: _id, cadreId, ...values } = i;
      const id = i.id
        ? (writer.update(internship, i.id, values, ctx), i.id)
        : writer.create(internship, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      return internshipOut(rowOf('internship', id));
    });
  }

  function saveSecondment(
    v: Viewer,
    i: {
      id?: string;
      cadreId: string;
      kind: 'secondment' | 'rotation';
      hostOrg: string;
      post: string;
      startDate: string;
      endDate: string | null;
      note: string | null;
    },
    ctx: WriteCtx,
    today: string,
  ) {
    const a = requireManage(v, i.cadreId, today);
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    return writer.transaction(() => {
      const clash = rowsOf('secondment', i.cadreId, 'start_date').find(
        (r) => r.id !== i.id && overlaps(i.startDate, i.endDate, r.start_date as string, str(r.end_date)),
      );
      if (clash) {
        const end = str(clash.end_date);
        throw fail('CONFLICT', end ? 'secondmentOverlap' : 'secondmentOverlapOpen', {
          field: 'startDate',
          hostOrg: String(clash.host_org),
          from: String(clash.start_date),
          to: end,
        });
      }
      const { id: _id, cadreId, ...values } = i;
      const id = i.id
        ? (writer.update(secondment, i.id, values, ctx), i.id)
        : writer.create(secondment, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      return secondmentOut(rowOf('secondment', id), today);
    });
  }

  function saveMentoring(
    v: Viewer,
    i: { id?: string; cadreId: string; mentorId: string; startDate: string; endDate: string | null; goals: string; review: string | null },
    ctx: WriteCtx,
    today: string,
  ) {
    const a = requireManage(v, i.cadreId, today);
    if (i.mentorId === i.cadreId) throw fail('BAD_INPUT', 'mentorIsMentee', { field: 'mentorId' });
    if (i.endDate && i.endDate < i.startDate) throw fail('BAD_INPUT', 'dossierEndBeforeStart', { field: 'endDate' });
    // A pair kept as it was needs no mentor in this scope (the mentor may have moved away).
    const kept = i.id
      ? (sqlite.prepare('SELECT mentor_id FROM mentoring WHERE id = ? AND cadre_id = ? AND deleted_at IS NULL').get(i.id, i.cadreId) as
          { mentor_id: string } | undefined)
      : undefined;
    if (kept?.mentor_id !== i.mentorId) offices.getCadre(v, i.mentorId, today);
    const { id: _id, cadreId, ...values } = i;
    const id = i.id
      ? (writer.update(mentoring, i.id, values, ctx), i.id)
      : writer.create(mentoring, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
    return mentoringOut(sqlite.prepare(`${mentoringSelect} AND m.id = ?`).get(id) as Row);
  }

  function saveMerit(
    v: Viewer,
    i: { id?: string; cadreId: string; kind: 'performance' | 'reward' | 'sanction'; date: string; title: string; detail: string | null },
    ctx: WriteCtx,
    today: string,
  ) {
    const a = requireManage(v, i.cadreId, today);
    if (i.date > today) throw fail('BAD_INPUT', 'meritAfterToday', { field: 'date' });
    const { id: _id, cadreId, ...values } = i;
    const id = i.id ? (writer.update(merit, i.id, values, ctx), i.id) : writer.create(merit, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
    const r = rowOf('merit', id);
    return { id, cadreId, kind: i.kind, date: r.date as string, title: r.title as string, detail: str(r.detail) };
  }

  // ---- Removal ------------------------------------------------------------------------

  const removable = { career_plan: careerPlan, post_commitment: postCommitment, internship, secondment, mentoring, appraisal, merit } as const;
  function remove(v: Viewer, table: keyof typeof removable, id: string, ctx: WriteCtx, today: string) {
    const r = rowOf(table, id);
    requireManage(v, r.cadre_id as string, today);
    writer.remove(removable[table], id, ctx);
    return null;
  }

  return { saveCommitment, reviewCommitment, declare, decide, openDeclarations, saveInternship, saveSecondment, saveMentoring, saveMerit, remove };
}
