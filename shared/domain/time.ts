// The app's one definition of the calendar day (RULES.md, "Dates and the calendar day"): every
// date is the day in China Standard Time (Asia/Shanghai, UTC+8, no daylight saving), whatever
// the machine's zone. Instants stay UTC; only their day and their display are in CST.
// Pure arithmetic on UTC fields: nothing here reads the clock or the machine's zone.

export const CST_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The CST calendar day of an instant: `2026-12-01T16:30:00Z` → `2026-12-02`. */
export function cstDay(ms: number): string {
  return iso(ms + CST_OFFSET_MS).slice(0, 10);
}

/** The CST year of an instant. */
export function cstYear(ms: number): number {
  return Number(cstDay(ms).slice(0, 4));
}

/** An instant (ms or ISO string) shown in CST as `YYYY-MM-DD HH:mm` (or with seconds). */
export function cstDateTime(instant: number | string, seconds = false): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  const s = iso(ms + CST_OFFSET_MS);
  return `${s.slice(0, 10)} ${s.slice(11, seconds ? 19 : 16)}`;
}

/** The instant at which a CST day starts: `2026-12-02` → 2026-12-01T16:00:00Z. */
export function cstMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS;
}

/** A day plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  return iso(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).slice(0, 10);
}

/** Days from a to b: `daysBetween('2026-12-01', '2026-12-03')` is 2. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a day: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of a day's week. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}
