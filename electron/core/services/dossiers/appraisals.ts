// Annual appraisals (年度考核): the office quota of 优秀 against its cap, and 不称职 two years running.
import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import { EXCELLENT, type Grade } from '../../../../shared/contract/dossiers';
import type { Viewer } from '../../../../shared/domain/access';
import { appraisal } from '../../schema';
import type { WriteCtx } from '../../sync/synced-write';
import type { DossierBase, DossierDeps } from './base';
import { appraisalOut, excellentCapOutcome, incompetentRuns, type QuotaRow } from './rows';

export function createAppraisals(deps: DossierDeps, base: DossierBase) {
  const { sqlite, writer, settings } = deps;
  const { requireManage, rowOf, rowsOf } = base;

  // ---- Appraisals ---------------------------------------------------------------------

  function quota(year: number, officeId?: string): QuotaRow[] {
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

  function saveAppraisal(v: Viewer, i: { id?: string; cadreId: string; year: number; grade: Grade; comment: string | null }, ctx: WriteCtx, today: string) {
    const a = requireManage(v, i.cadreId, today);
    const started = a.cadre.workStart ?? a.cadre.joinDate;
    if (started && i.year < Number(started.slice(0, 4)))
      throw fail('BAD_INPUT', 'appraisalBeforeWorkStart', { field: 'year', year: i.year, startYear: Number(started.slice(0, 4)) });
    if (i.year > Number(today.slice(0, 4))) throw fail('BAD_INPUT', 'appraisalFutureYear', { field: 'year' });
    return writer.transaction(() => {
      const clash = sqlite
        .prepare('SELECT id FROM appraisal WHERE cadre_id = ? AND year = ? AND deleted_at IS NULL AND id IS NOT ?')
        .get(i.cadreId, i.year, i.id ?? null);
      if (clash) throw fail('CONFLICT', 'appraisalYearTaken', { field: 'year', year: i.year });
      const { id: _id, cadreId, comment, ...rest } = i;
      // The comment is personal: a viewer who cannot read it (the administrator) neither sees nor
      // writes it, so an edit of the grade leaves HR's comment as it was.
      if (!a.canSeePersonal && comment) throw fail('FORBIDDEN', 'appraisalCommentPersonal', { field: 'comment' });
      const values = a.canSeePersonal ? { ...rest, comment } : rest;
      const id = i.id
        ? (writer.update(appraisal, i.id, values, ctx), i.id)
        : writer.create(appraisal, { officeId: a.cadre.officeId, cadreId, ...values }, ctx).id;
      const warnings: RuleOutcome[] = [];
      for (const q of quota(i.year, a.cadre.officeId)) if (q.over) warnings.push(excellentCapOutcome(q));
      const runs = incompetentRuns(rowsOf('appraisal', i.cadreId, 'year') as { year: number; grade: string }[]);
      for (const [y1, y2] of runs) warnings.push({ rule: 'incompetentTwice', pass: false, params: { name: a.cadre.name, y1, y2 } });
      return { appraisal: appraisalOut(rowOf('appraisal', id), a.canSeePersonal), warnings };
    });
  }

  return { quota, saveAppraisal };
}
