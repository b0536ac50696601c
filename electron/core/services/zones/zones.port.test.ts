import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

// The read port other domains use instead of the zone tables (task routing: "who owns this
// zone on that day").
let t: TestCore;
let zoneId: string;
let cadreId: string;
let retiredZoneId: string;

beforeAll(async () => {
  t = await setupCore({ now: Date.parse('2026-12-01T04:00:00Z') });
  const station = await t.call('offices.create', { name: '南白象所', code: '330304' }, t.adminToken);
  const cadre = await t.call('cadres.create', { officeId: station.id, name: '王建', gender: 'M', birthDate: '1985-03-02' }, t.adminToken);
  cadreId = cadre.id;
  zoneId = (await t.call('zones.create', { officeId: station.id, code: 'NBX-01', name: '南白象一区' }, t.adminToken)).id;
  retiredZoneId = (await t.call('zones.create', { officeId: station.id, code: 'NBX-02', name: '南白象二区' }, t.adminToken)).id;
  await t.call('zones.retire', { id: retiredZoneId, date: '2026-11-30' }, t.adminToken);
  const a = await t.call('zones.assign', { zoneId, cadreId, role: 'owner', startDate: '2026-01-01' }, t.adminToken);
  await t.call('zones.endAssignment', { id: a.assignment.id, endDate: '2026-06-01' }, t.adminToken);
});
afterAll(() => t.core.close({ backup: false }));

describe('the zones read port', () => {
  it('names the owner in force on a day, and nobody before the start or from the end day on', () => {
    const port = t.core.services.zonesRead;
    expect(port.ownerOn(zoneId, '2025-12-31')).toBeNull();
    expect(port.ownerOn(zoneId, '2026-01-01')).toMatchObject({ cadreId, name: '王建', since: '2026-01-01' });
    expect(port.ownerOn(zoneId, '2026-05-31')).toMatchObject({ cadreId });
    expect(port.ownerOn(zoneId, '2026-06-01')).toBeNull();
    expect(port.ownerOn('00000000-0000-7000-8000-000000000000', '2026-03-01')).toBeNull();
  });

  it('gives a zone with its station, and lists the zones in use', () => {
    const port = t.core.services.zonesRead;
    expect(port.get(zoneId)).toMatchObject({ code: 'NBX-01', officeName: '南白象所', active: true });
    expect(port.get(retiredZoneId)).toMatchObject({ active: false });
    expect(port.active().map((z) => z.code)).toEqual(['NBX-01']);
  });
});
