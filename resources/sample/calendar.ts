// The sample county is written as of its story day, 2026-11-28, and loaded relative to the
// core's today: fixed dates move by whole years to today's year, and whatever would then lie in
// the future for a thing that has already happened (an attendance, a visit, a review) is left
// out or brought back to today. Pure: today comes from the caller.
export const STORY_DAY = '2026-11-28';
const STORY_YEAR = 2026;

export interface SampleCalendar {
  today: string;
  year: number;
  /** A date of the story, moved to today's year (29 February becomes the 28th in a common year). */
  at(date: string): string;
  /** A year of the story, moved likewise. */
  yearOf(storyYear: number): number;
  /** Story text naming years ("2025 年…"), with the years moved. */
  text(s: string): string;
  /** Whether a day has come (on or before today). */
  past(day: string): boolean;
  /** The latest of the days given. */
  max(...days: string[]): string;
  /** The earliest of the days given. */
  min(...days: string[]): string;
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function sampleCalendar(today: string = STORY_DAY): SampleCalendar {
  const year = Number(today.slice(0, 4));
  const k = year - STORY_YEAR;
  const at = (date: string) => {
    const y = Number(date.slice(0, 4)) + k;
    const md = date.slice(5) === '02-29' && !leap(y) ? '02-28' : date.slice(5);
    return `${y}-${md}`;
  };
  return {
    today,
    year,
    at,
    yearOf: (y) => y + k,
    text: (s) => s.replace(/20[1-3]\d(?= ?年)/g, (y) => String(Number(y) + k)),
    past: (d) => d <= today,
    max: (...ds) => ds.reduce((a, b) => (b > a ? b : a)),
    min: (...ds) => ds.reduce((a, b) => (b < a ? b : a)),
  };
}
