import dayjsConfig from '@rc-component/picker/generate/dayjs';
import { Calendar as AntCalendar, DatePicker as AntDatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { nowJs, today } from './clock';

// antd's pickers ask the machine for "now" (the 今天 button, the highlighted cell). These ask
// the core's clock instead, so a PC whose zone is not China Standard Time still picks the CST day.
const config = { ...dayjsConfig, getNow: (): Dayjs => nowJs() };

export const DatePicker = AntDatePicker.generatePicker<Dayjs>(config);
export const Calendar = AntCalendar.generateCalendar<Dayjs>(config);

/** For a date that records something done (a review, a decision, a merit): no day after today, as the core checks. */
export const afterToday = (d: Dayjs): boolean => d.format('YYYY-MM-DD') > today();
