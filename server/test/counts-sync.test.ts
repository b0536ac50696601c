import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { business } from '../../electron/core/schema';
import { converge, countyWithTwoStations, HubProcess, shutDown, type Desk } from './harness';

// Zone counts and list totals come from a read model kept by triggers (drizzle/0010). A station
// device gets its businesses from sync pulls, not from its own edits: its counts must follow.

let hub: HubProcess;
let A: Desk; // county device
let B: Desk; // station 1
let C: Desk; // station 2
let S1: string;
let S2: string;

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C, S1, S2 } = await countyWithTwoStations(hub));
}, 120_000);

afterAll(() => shutDown(hub, A, B, C));

/** Each zone's counts on a device against the business rows it holds. */
async function countsOn(d: Desk) {
  const zones = await d.call('zones.list', {});
  const rows = (zoneId: string, food?: boolean) =>
    (
      d.core.sqlite.prepare(`SELECT count(*) AS n FROM business WHERE zone_id = ? AND deleted_at IS NULL ${food ? 'AND food = 1' : ''}`).get(zoneId) as {
        n: number;
      }
    ).n;
  return Object.fromEntries(zones.map((z) => [z.code, { counted: [z.businessCount, z.foodCount], rows: [rows(z.id), rows(z.id, true)] }]));
}
const total = async (d: Desk, f: { officeId?: string; food?: boolean } = {}) => (await d.call('businesses.search', { ...f, offset: 0, limit: 1 })).total;

describe('zone counts on a device that pulls its businesses', () => {
  it('follow pulled creates, edits, a tombstone and an eviction', async () => {
    const z1 = await A.call('zones.create', { officeId: S1, code: 'ZR01', name: '景山第一责任区' });
    const z2 = await A.call('zones.create', { officeId: S1, code: 'ZR02', name: '景山第二责任区' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        (
          await A.call('businesses.create', {
            officeId: S1,
            name: `景山商户${i}`,
            regNo: `33030400000010${i}`,
            food: i % 2 === 0,
            zoneId: i < 4 ? z1.id : z2.id,
          })
        ).business.id,
      );
    await converge(A, B, C);
    expect(await countsOn(B)).toEqual({ ZR01: { counted: [4, 2], rows: [4, 2] }, ZR02: { counted: [2, 1], rows: [2, 1] } });
    expect([await total(B), await total(B, { food: true })]).toEqual([6, 3]);

    // Edited on the county device: one moves zone, one stops selling food, one is closed by a tombstone.
    const edit = async (k: number, patch: Record<string, unknown>) => {
      const b = (await A.call('businesses.search', { q: `景山商户${k}`, offset: 0, limit: 1 })).rows[0]!;
      const { id, zoneName: _z, gridName: _g, creditCheckFailed: _c, ...fields } = b;
      await A.call('businesses.update', { id, ...fields, ...patch });
    };
    await edit(0, { zoneId: z2.id });
    await edit(2, { food: false });
    A.core.services.writer.remove(business, ids[5]!, { actor: { id: null, name: 'test' }, method: 'test.remove' });
    // Moved to the other station: station 1's device receives an eviction, station 2's the row.
    await edit(3, { officeId: S2, zoneId: null, gridId: null });
    await converge(A, B, C);

    expect(B.core.sqlite.prepare('SELECT count(*) AS n FROM business WHERE id = ?').get(ids[3]!)).toEqual({ n: 0 });
    expect(await countsOn(B)).toEqual({ ZR01: { counted: [2, 0], rows: [2, 0] }, ZR02: { counted: [2, 2], rows: [2, 2] } });
    expect([await total(B), await total(B, { food: true })]).toEqual([4, 2]);
    expect([await total(C), await total(C, { officeId: S2 })]).toEqual([1, 1]);
    expect(await countsOn(A)).toEqual(await countsOn(B));
    expect(await total(A)).toBe(5);
  });
});
