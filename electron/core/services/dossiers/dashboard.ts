// The HR dashboard (人事工作台): stages, plans due, commitments to review, open declarations, recruits without an internship, retirements, quotas.
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { INCOMPETENT, type Declaration } from '../../../../shared/contract/dossiers';
import { stationBound, type Viewer } from '../../../../shared/domain/access';
import { monthsBetween } from '../../../../shared/domain/career';
import type { DossierDeps } from './base';
import { incompetentRuns, type QuotaRow } from './rows';

export function createDashboard(
  deps: DossierDeps,
  reads: { quota: (year: number, officeId?: string) => QuotaRow[]; openDeclarations: (officeId?: string) => Declaration[] },
) {
  const { quota, openDeclarations } = reads;
  const { sqlite, offices } = deps;

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
    const planRows = sqlite.prepare('SELECT cadre_id, period_start, period_end, status FROM career_plan WHERE deleted_at IS NULL').all() as {
      cadre_id: string;
      period_start: number;
      period_end: number;
      status: string;
    }[];
    const withInternship = new Set(
      (sqlite.prepare('SELECT DISTINCT cadre_id FROM internship WHERE deleted_at IS NULL').all() as { cadre_id: string }[]).map((r) => r.cadre_id),
    );
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
        if (p.status === 'submitted')
          plansDue.push({
            cadreId: c.id,
            name: c.name,
            officeName: c.officeName,
            why: { rule: 'planAwaitingReview', pass: false, params: { from: p.period_start, to: p.period_end } },
          });
      }
      if (c.stage === 'adapt' && !withInternship.has(c.id)) recruits.push({ cadreId: c.id, name: c.name, officeName: c.officeName, workStart: c.workStart! });
      // Those already past the date head the list: they should have retired.
      const left = monthsBetween(today, c.retirementDate);
      if (c.pastRetirement || left < 12)
        near.push({ cadreId: c.id, name: c.name, officeName: c.officeName, date: c.retirementDate, monthsLeft: left, overdue: c.pastRetirement });
    }
    // A year's commitments are due for review once its last month has begun.
    const dueYear = today.slice(5, 7) === '12' ? year : year - 1;
    const seenCommitments = new Set<string>();
    const unreviewed = (
      sqlite
        .prepare(
          'SELECT p.cadre_id, p.year, c.name, o.name AS office_name FROM post_commitment p JOIN cadre c ON c.id = p.cadre_id JOIN office o ON o.id = p.office_id WHERE p.deleted_at IS NULL AND p.reviewed_on IS NULL AND p.year <= ? ORDER BY p.year, c.name',
        )
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
    const grades = sqlite.prepare('SELECT cadre_id, year, grade FROM appraisal WHERE deleted_at IS NULL AND grade = ?').all(INCOMPETENT) as {
      cadre_id: string;
      year: number;
      grade: string;
    }[];
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

  return { dashboard };
}
