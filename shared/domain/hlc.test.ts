import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hlcCompare, hlcParse, hlcReceive, hlcTick, hlcToString, hlcZero, type Hlc } from './hlc';

describe('hybrid logical clock', () => {
  it('stays strictly monotonic when the wall clock jumps back and forth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4_000_000_000_000 }), { minLength: 1, maxLength: 300 }), (walls) => {
        let h = hlcZero('a');
        for (const w of walls) {
          const next = hlcTick(h, w);
          expect(hlcCompare(next, h)).toBe(1);
          expect(hlcToString(next) > hlcToString(h)).toBe(true);
          h = next;
        }
      }),
    );
  });

  it('orders after both the local and the remote timestamp on receive', () => {
    const arbHlc = fc.record({
      wall: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      counter: fc.integer({ min: 0, max: 1000 }),
      node: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(arbHlc, arbHlc, fc.integer({ min: 0, max: 4_000_000_000_000 }), (local: Hlc, remote: Hlc, now) => {
        const r = hlcReceive({ ...local, node: 'a' }, remote, now);
        expect(hlcCompare(r, { ...local, node: 'a' })).toBe(1);
        expect(r.wall > remote.wall || (r.wall === remote.wall && r.counter > remote.counter)).toBe(true);
        expect(r.wall).toBeGreaterThanOrEqual(now);
      }),
    );
  });

  it('round-trips through its string form, and the string order is the clock order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 0, max: 36 ** 6 - 1 }), (wall, counter) => {
        const h = { wall, counter, node: 'dev1' };
        expect(hlcParse(hlcToString(h))).toEqual(h);
      }),
    );
    expect(() => hlcParse('2026-11-28')).toThrow(/malformed/);
  });

  it('keeps counting in the same millisecond after a clock jumps 8 hours back', () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const a = hlcTick(hlcZero('n'), t);
    const b = hlcTick(a, t - 8 * 3600_000);
    expect(b.wall).toBe(t);
    expect(b.counter).toBe(1);
  });
});
