import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decideOffer, stagingMatch } from '../../../../shared/domain/update-policy';

// The core decides a staged rollout before it asks electron-updater to download; both must agree
// on every device, or a desk asks for a download the updater refuses (or skips one it would take).
describe('the staged rollout', () => {
  it('decides a staged rollout exactly as electron-updater does, on the percentages an update folder may really hold', () => {
    // electron-updater's own UUID reader (builder-util-runtime) and its isStagingMatch comparison.
    const { UUID } = createRequire(import.meta.url)('builder-util-runtime') as { UUID: { parse(id: string): Buffer } };
    const theirs = (raw: unknown, id: string) => {
      if (raw == null) return true;
      const p = parseInt(raw as string, 10);
      if (isNaN(p)) return true;
      return UUID.parse(id).readUInt32BE(12) / 0xffffffff < p / 100;
    };
    const raws: unknown[] = [null, undefined, 0, 1, 25, 50, 50.9, 99, 100, 150, -5, '50', '50%', ' 30', 'abc', '', true];
    let compared = 0;
    for (let i = 0; i < 2_000; i++) {
      const tail = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
      const id = `6f1d3c2a-0b4e-4c8d-9a7f-1e2d${tail}`;
      for (const raw of raws) {
        expect(stagingMatch(raw, id), `${String(raw)} ${id}`).toBe(theirs(raw, id));
        compared++;
      }
    }
    expect(compared).toBe(2_000 * raws.length);
    // 50.9 % is 50 % for electron-updater; a folder's "abc" lets everyone in, as it does there.
    const near = '6f1d3c2a-0b4e-4c8d-9a7f-1e2d828f5c28'; // bucket ≈ 50.99 %
    expect(decideOffer({ current: '0.1.0', offered: '0.2.0', stagingPercentage: 50.9, rolloutId: near })).toEqual({ action: 'skip', reason: 'staged' });
    expect(decideOffer({ current: '0.1.0', offered: '0.2.0', stagingPercentage: 'abc', rolloutId: near })).toEqual({ action: 'download' });
  });
});
