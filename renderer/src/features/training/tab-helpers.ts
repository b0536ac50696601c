// Small helpers the training tabs share.
import type { Dayjs } from 'dayjs';
import { dateRange } from '../../lib/format';

/** A picked day as YYYY-MM-DD (null when empty). */
export const d = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

export const dates = (c: { startDate: string; endDate: string }) => dateRange(c.startDate, c.endDate);
