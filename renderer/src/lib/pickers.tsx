import dayjsConfig from '@rc-component/picker/generate/dayjs';
import { Calendar as AntCalendar, DatePicker as AntDatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { nowJs } from './clock';

// antd's pickers ask the machine for "now" (the 今天 button, the highlighted cell). These ask
// the core's clock instead, so a PC whose zone is not China Standard Time still picks the CST day.
const config = { ...dayjsConfig, getNow: (): Dayjs => nowJs() };

export const DatePicker = AntDatePicker.generatePicker<Dayjs>(config);
export const Calendar = AntCalendar.generateCalendar<Dayjs>(config);
