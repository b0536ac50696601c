import type { TFunction } from 'i18next';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import type { Assignment } from '../../../../shared/contract/zones';

/** A zone or business warning the core gave as a rule outcome, in the user's language. */
export const ruleText = (t: TFunction, r: RuleOutcome): string => t(`zones.rules.${r.rule}`, { ...r.params, defaultValue: r.rule });

/** An assignment's note: the person's own text, or the note the core made (a bulk reassignment, a merge). */
export const noteText = (t: TFunction, a: Pick<Assignment, 'note' | 'noteKey'>): string | null => (a.noteKey ? t(`zones.noteKeys.${a.noteKey}`) : a.note);
