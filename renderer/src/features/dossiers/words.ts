// The dossier's outcomes in the user's language: the core gives rules and facts (stage basis,
// retirement basis, warnings), these helpers word them with the feature's dictionaries.
import type { TFunction } from 'i18next';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { gradeKey, type Dossier, type Grade } from '../../../../shared/contract/dossiers';

/** A warning or a criterion: `dossier.rules.<rule>` with its parameters. */
export const outcomeText = (t: TFunction, o: RuleOutcome) => t(`dossier.rules.${o.rule}`, o.params ?? {});

/** "参加工作 2 年 → 职业适应阶段". */
export function stageBasisText(t: TFunction, s: NonNullable<Dossier['stage']>): string {
  const stage = t(`dossier.stages.${s.stage}`);
  const b = s.basis;
  switch (b.why) {
    case 'secondLine':
      return t('dossier.stageBasis.secondLine', { stage });
    case 'retire':
      return t('dossier.stageBasis.retire', { stage, months: b.monthsToRetire, years: b.retreatYears });
    case 'served':
      if (!b.serviceMonths) return t('dossier.stageBasis.served', { stage, years: b.serviceYears });
      return t(b.serviceYears ? 'dossier.stageBasis.servedMonths' : 'dossier.stageBasis.servedUnderYear', {
        stage,
        years: b.serviceYears,
        months: b.serviceMonths,
      });
  }
}

/** "阶段设置 v0/v0/v0": the versions of the settings the stage was computed with. */
export const stageSettingsText = (t: TFunction, s: NonNullable<Dossier['stage']>) => t('dossier.stageSettings', s.settingVersions);

/** "男，1966 年 3 月出生，基准 60 岁，延迟 4 个月 → 法定退休年龄 60 岁 4 个月". */
export function retirementBasisText(t: TFunction, gender: 'M' | 'F', r: Dossier['retirement']): string {
  const facts = { gender: t(`cadres.${gender}`), year: r.birthYear, month: r.birthMonth, base: r.baseYears, delay: r.delayMonths };
  if (!r.delayMonths) return t('dossier.retirementBasis.base', facts);
  const years = Math.floor(r.ageMonths / 12);
  const months = r.ageMonths % 12;
  const age = months ? t('dossier.retirementBasis.ageMonths', { years, months }) : t('dossier.retirementBasis.age', { years });
  return t('dossier.retirementBasis.delayed', { ...facts, age });
}

/** The statutory grade in the user's language (the stored value stays 优秀, 称职 …). */
export const gradeText = (t: TFunction, g: Grade) => t(`dossier.appraisal.grades.${gradeKey(g)}`);
