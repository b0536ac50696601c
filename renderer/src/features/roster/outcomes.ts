// The roster's outcomes in the user's language: the core gives rule keys and parameters
// (shared/domain/eligibility.ts, roster.service.ts), these word them from `roster.*`.
import type { TFunction } from 'i18next';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { listText } from '../../lib/format';

/** A span of months: "2 年 3 个月" / "2 years 3 months" ("3 年" when whole); `age`: "55 岁 3 个月". */
export function spanText(t: TFunction, months: number, unit: 'y' | 'age' = 'y'): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  const years = t(`roster.span.${unit}`, { count: y });
  return m ? `${years} ${t(`roster.span.m`, { count: m })}` : years;
}

/**
 * One criterion, warning or basis line (`roster.rules.<rule>`). Lists are joined the language's
 * way; `served` and `months` are months and `years` a number of years, worded as spans; a grade
 * and a gender are named in the language; `cmp` and `mark` follow whether the rule passed.
 */
export function outcomeText(t: TFunction, o: RuleOutcome): string {
  const p: Record<string, unknown> = { cmp: o.pass ? '≥' : '<', mark: o.pass ? '✓' : '✗' };
  for (const [k, v] of Object.entries(o.params ?? {})) {
    if (Array.isArray(v)) p[k] = listText(v.map(String));
    else if ((k === 'served' || k === 'months') && typeof v === 'number') p[k] = spanText(t, v);
    else if (k === 'years' && typeof v === 'number') p[k] = spanText(t, Math.round(v * 12));
    else if (k === 'grade' && typeof v === 'string') p[k] = t(`roster.grades.${v}`, { defaultValue: v });
    else if (k === 'gender' && typeof v === 'string') p[k] = t(`cadres.${v}`);
    else p[k] = v;
  }
  return t(`roster.rules.${o.rule}`, p);
}

/** Outcomes one after the other, the way a sentence lists them ("；" / "; "). */
export const outcomesText = (t: TFunction, os: readonly RuleOutcome[]) => os.map((o) => outcomeText(t, o)).join(t('roster.sep'));

/** What an assignment is on: "责任区：娄桥所 LQ01 古岸头责任区", "专题：食品安全"; a deleted one says so. */
export function targetText(t: TFunction, a: { targetKind: 'zone' | 'station' | 'theme'; targetLabel: string | null; targetOffice: string | null }): string {
  if (a.targetLabel === null) return t('roster.targetText.deleted', { kind: t(`roster.kinds.${a.targetKind}`) });
  return t(`roster.targetText.${a.targetKind}`, { label: a.targetLabel, office: a.targetOffice ?? '' });
}

/** A supervisor's scope: stations, zones, then themes, listed; "—" when empty. */
export function scopeText(t: TFunction, s: { scope: { themes: string[] }; scopeLabels: { stations: (string | null)[]; zones: (string | null)[] } }): string {
  const named = [...s.scopeLabels.stations, ...s.scopeLabels.zones].map((n) => n ?? t('roster.deleted'));
  const items = [...named, ...s.scope.themes.map((label) => t('roster.targetText.theme', { label }))];
  return items.length ? listText(items) : '—';
}
