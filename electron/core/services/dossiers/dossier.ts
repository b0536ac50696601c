// The dossier of one cadre: every record, the career stage and statutory retirement with their bases, and the warnings.
import type { RuleOutcome } from '../../../../shared/contract/errors';
import type { Dossier } from '../../../../shared/contract/dossiers';
import type { Cadre } from '../../../../shared/contract/offices';
import type { Viewer } from '../../../../shared/domain/access';
import { careerStage, monthsBetween, retirement } from '../../../../shared/domain/career';
import type { DossierBase, DossierDeps } from './base';
import {
  appraisalOut,
  declSelect,
  incompetentRuns,
  internshipOut,
  mentoringOut,
  mentoringSelect,
  secondmentOut,
  str,
  toCommitment,
  toDeclaration,
  toPlan,
  type Row,
} from './rows';

export function createDossierRead(deps: DossierDeps, base: DossierBase) {
  const { sqlite } = deps;
  const { access, rowsOf, stageSettings } = base;

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
      retirement: {
        date: ret.date,
        monthsLeft,
        birthYear: ret.birthYear,
        birthMonth: ret.birthMonth,
        baseYears: ret.baseYears,
        delayMonths: ret.delayMonths,
        ageMonths: ret.ageMonths,
      },
      plans,
      commitments: rowsOf('post_commitment', cadreId, 'year DESC').map(toCommitment),
      declarations: (sqlite.prepare(`${declSelect} AND d.cadre_id = ? ORDER BY d.submitted_on DESC`).all(cadreId) as Row[]).map(toDeclaration),
      internships,
      secondments: rowsOf('secondment', cadreId, 'start_date DESC').map((r) => secondmentOut(r, today)),
      mentoring: (sqlite.prepare(`${mentoringSelect} AND (m.cadre_id = ? OR m.mentor_id = ?) ORDER BY m.start_date DESC`).all(cadreId, cadreId) as Row[]).map(
        mentoringOut,
      ),
      appraisals,
      merits: rowsOf('merit', cadreId, 'date DESC').map((r) => ({
        id: r.id as string,
        cadreId,
        kind: r.kind as 'performance',
        date: r.date as string,
        title: r.title as string,
        detail: str(r.detail),
      })),
      ranks: rowsOf('rank_record', cadreId, 'start_date').map((r) => ({
        id: r.id as string,
        rank: r.rank as string,
        startDate: r.start_date as string,
        decisionRef: str(r.decision_ref),
        note: str(r.note),
      })),
      warnings,
      canManage: a.canManage,
      canSeePersonal: a.canSeePersonal,
      isSelf: a.isSelf,
    };
  }

  return { get };
}
