import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RuleOutcome } from '../../../../shared/contract/errors';
import { dateRange } from '../../lib/format';
import { outcomeText } from './outcomes';

export const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

/** Warnings one a line. */
export function OutcomeLines({ outcomes }: { outcomes: readonly RuleOutcome[] }) {
  const { t } = useTranslation();
  return outcomes.map((o, i) => <div key={i}>{outcomeText(t, o)}</div>);
}

/** A supervisor's term; one that stops at the statutory retirement date says so. */
export function useTermText() {
  const { t } = useTranslation();
  return (s: { startDate: string; endDate: string | null; endsAtRetirement: boolean }) =>
    `${dateRange(s.startDate, s.endDate)}${s.endsAtRetirement ? t('roster.atRetirement') : ''}`;
}
