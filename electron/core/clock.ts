import { cstDay } from '../../shared/domain/time';

/**
 * The core's one time source, injected so tests can set it. The core's other modules never
 * read the machine's clock: they ask this one, and take the calendar day from `todayOf`.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that starts at `startMs` and runs at real speed: what the end-to-end suite gives both
 * the host and the page, so a spec runs at the same instant on both sides.
 */
export function clockFrom(startMs: number, real: Clock = systemClock): Clock & { set(ms: number): void } {
  let offset = startMs - real.now();
  return { now: () => real.now() + offset, set: (ms) => (offset = ms - real.now()) };
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** Today: the calendar day in China Standard Time at the clock's instant, whatever the machine's zone. */
export function todayOf(clock: Clock): string {
  return cstDay(clock.now());
}
