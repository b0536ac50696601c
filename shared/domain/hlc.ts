// Hybrid logical clock (Kulkarni et al.): wall time plus a counter, so timestamps stay
// monotonic on one device even when its wall clock jumps backwards, and order causally
// across devices. Serialised so that string order equals timestamp order.

export interface Hlc {
  readonly wall: number;
  readonly counter: number;
  readonly node: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;

export function hlcZero(node: string): Hlc {
  return { wall: 0, counter: 0, node };
}

/** Advance for a local event at physical time `now` (ms). */
export function hlcTick(prev: Hlc, now: number): Hlc {
  if (now > prev.wall) return { wall: now, counter: 0, node: prev.node };
  return bump(prev.wall, prev.counter + 1, prev.node);
}

/** Merge a remote timestamp on receive, at physical time `now`. */
export function hlcReceive(local: Hlc, remote: Hlc, now: number): Hlc {
  const wall = Math.max(local.wall, remote.wall, now);
  if (wall === local.wall && wall === remote.wall) {
    return bump(wall, Math.max(local.counter, remote.counter) + 1, local.node);
  }
  if (wall === local.wall) return bump(wall, local.counter + 1, local.node);
  if (wall === remote.wall) return bump(wall, remote.counter + 1, local.node);
  return { wall, counter: 0, node: local.node };
}

function bump(wall: number, counter: number, node: string): Hlc {
  // Counter overflow borrows a millisecond from the future rather than wrapping.
  if (counter > MAX_COUNTER) return { wall: wall + 1, counter: 0, node };
  return { wall, counter, node };
}

export function hlcToString(h: Hlc): string {
  return `${h.wall.toString().padStart(WALL_WIDTH, '0')}-${h.counter.toString(36).padStart(COUNTER_WIDTH, '0')}-${h.node}`;
}

export function hlcParse(s: string): Hlc {
  const m = /^(\d{15})-([0-9a-z]{6})-([0-9a-zA-Z_-]{1,64})$/.exec(s);
  if (!m) throw new Error(`malformed HLC timestamp: ${s.slice(0, 80)}`);
  return { wall: Number(m[1]), counter: parseInt(m[2]!, 36), node: m[3]! };
}

export function hlcCompare(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}
