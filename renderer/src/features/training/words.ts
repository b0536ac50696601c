// The training rules' outcomes in the user's language: the core gives { rule, pass, params }
// (shared/domain/training.ts checkYear, the suggestions, the promotion evidence) and these word
// them through `training.rules.<rule>`. Other screens (home, HR dashboard, dossier print, roster)
// use the same functions.
import i18n from '../../i18n';
import { listText } from '../../lib/format';

type Params = Record<string, unknown>;
export interface Outcome {
  rule: string;
  pass: boolean;
  params?: Params;
}

const t = (key: string, params?: Params) => i18n.t(key, params ?? {});

/** The clauses of a shortfall ("差 10 学时（或 2 天）", "脱产差 6 天") from the numbers still missing (null: that part is met). */
function gaps(p: Params): Outcome[] {
  const out: Outcome[] = [];
  if (p.hoursShort != null) out.push({ rule: 'hoursShort', pass: false, params: { hours: p.hoursShort, days: p.daysShort } });
  if (p.fullTimeShort != null) out.push({ rule: 'fullTimeShort', pass: false, params: { days: p.fullTimeShort } });
  return out;
}

/** One outcome as a sentence. */
export function ruleText(o: Outcome): string {
  const p = o.params ?? {};
  switch (o.rule) {
    case 'annual':
      return t('training.rules.annual', { ...p, verdict: o.pass ? t('training.rules.met') : shortfallText(gaps(p)) });
    case 'lastYearBehind':
      return t('training.rules.lastYearBehind', { year: p.year, shortfall: shortfallText(gaps(p)) });
    case 'forStage':
      return t('training.rules.forStage', { stage: t(`dossier.stages.${String(p.stage)}`) });
    case 'needs':
      return t('training.rules.needs', { words: listText(((p.words as string[] | undefined) ?? []).map((w) => t('training.quoted', { w }))) });
    default:
      return t(`training.rules.${o.rule}`, p);
  }
}

const isGap = (o: Outcome) => o.rule === 'hoursShort' || o.rule === 'fullTimeShort';

/** A shortfall's clauses in one phrase: "差 10 学时（或 2 天），脱产差 6 天"; empty when met. */
export const shortfallText = (list: readonly Outcome[]) => list.map(ruleText).join(t('training.clauseSep'));

/** Outcomes one after another, the shortfall's clauses as one phrase: "差 10 学时（或 2 天）；试用期 … → 尚缺 4 天". */
export function outcomesText(list: readonly Outcome[]): string {
  const gap = list.filter(isGap);
  return [gap.length ? shortfallText(gap) : '', ...list.filter((o) => !isGap(o)).map(ruleText)].filter(Boolean).join(t('training.sep'));
}

/** What a year still needs: the shortfall, then 初任/任职 training not done. */
export function outstandingText(y: {
  shortfall: Outcome[];
  initial: (Outcome & { status: string }) | null;
  postTraining: (Outcome & { status: string })[];
}): string {
  return outcomesText([...y.shortfall, ...(y.initial && y.initial.status !== 'done' ? [y.initial] : []), ...y.postTraining.filter((p) => p.status !== 'done')]);
}

/** A dashboard warning (training.warnings). */
export const warningText = (w: { outcomes: Outcome[] }) => outcomesText(w.outcomes);

/** Training as promotion evidence (roster.eligibility): "培训情况（晋升参考）：2025 年度培训达标（96 学时、12 天）". */
export const evidenceText = (e: { outcomes: Outcome[] }) => t('training.rules.evidence', { parts: e.outcomes.map(ruleText).join(t('training.sep')) });

/** The settings' versions a verdict used. */
export const versionsText = (v: { hours: number; days: number; fullTime: number; initial: number; post: number }) => t('training.versions', v);

/** A suggestion's reasons. */
export const reasonsText = (list: readonly Outcome[]) => list.map(ruleText).join(t('training.sep'));

/** A sign-in sheet row's problem (training.importAttendance). */
export const importProblemText = (e: { reason: string; params: Params }) => t(`training.importProblems.${e.reason}`, e.params);
