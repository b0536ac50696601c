import dayjs, { type Dayjs } from 'dayjs';
import { useSyncExternalStore } from 'react';
import { cstDateTime, cstDay, cstMidnight, addDays } from '../../../shared/domain/time';

// The renderer's one clock (RULES.md, dates): the core decides the instant, and today is its
// calendar day in China Standard Time. The page never asks the machine for the date: it takes the
// core's instant (with auth.status, the session and every data.changed) and runs it forward on
// the monotonic timer until the next one arrives.

let coreMs = Number.NaN;
let perfAt = 0;
const listeners = new Set<() => void>();
let midnight: ReturnType<typeof setTimeout> | undefined;

/** The core's instant, run forward since it was received. */
export function now(): number {
  // Before the core's first answer nothing dated is on screen (the app waits for auth.status).
  if (Number.isNaN(coreMs)) return Date.now();
  return coreMs + (performance.now() - perfAt);
}

/** Take the core's instant (an ISO string or ms). */
export function syncClock(instant: string | number | undefined): void {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  if (ms === undefined || Number.isNaN(ms)) return;
  const before = Number.isNaN(coreMs) ? null : today();
  coreMs = ms;
  perfAt = performance.now();
  scheduleMidnight();
  if (before !== today()) notify();
}

function notify() {
  for (const l of listeners) l();
}

function scheduleMidnight() {
  clearTimeout(midnight);
  const next = cstMidnight(addDays(today(), 1));
  midnight = setTimeout(() => (notify(), scheduleMidnight()), Math.max(1_000, next - now() + 500));
}

/** Today's date in China Standard Time, `YYYY-MM-DD`. */
export function today(): string {
  return cstDay(now());
}

export function thisYear(): number {
  return Number(today().slice(0, 4));
}

/**
 * Today as a dayjs value for form defaults and date pickers. A date-only dayjs in the page's zone
 * whose calendar fields are the CST day, so `.format('YYYY-MM-DD')` gives back the same day.
 */
export function todayJs(): Dayjs {
  return dayjs(today());
}

/** The core's "now" as a page-local dayjs with CST wall-clock fields (what the picker shows as now). */
export function nowJs(): Dayjs {
  return dayjs(cstDateTime(now(), true).replace(' ', 'T'));
}

/** Today, re-rendering the component when the CST day changes. */
export function useToday(): string {
  return useSyncExternalStore(subscribe, today);
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** An instant shown in China Standard Time, `YYYY-MM-DD HH:mm[:ss]`. */
export function formatInstant(instant: string | number | null | undefined, seconds = false): string {
  return instant === null || instant === undefined || instant === '' ? '' : cstDateTime(instant, seconds);
}
