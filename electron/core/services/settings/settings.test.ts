import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

describe('dated settings', () => {
  it('keeps history, applies by effective date and names the version', async () => {
    t = await setupCore();
    const settings = t.core.services.settings;
    expect(settings.at('training.minHours', '2026-06-01')).toMatchObject({ value: 90, version: 0 });
    await t.call('settings.set', { key: 'training.minHours', value: 100, effectiveFrom: '2027-01-01', note: '市局新要求' }, t.adminToken);
    expect(settings.at('training.minHours', '2026-12-31')).toMatchObject({ value: 90, version: 0 });
    expect(settings.at('training.minHours', '2027-01-01')).toMatchObject({ value: 100, version: 1, effectiveFrom: '2027-01-01' });
    const row = (await t.call('settings.list', {}, t.adminToken)).find((r) => r.key === 'training.minHours')!;
    expect(row.history.map((h) => h.value)).toEqual([90, 100]);
    expect(row.current.version).toBe(0);
    const { rows } = await t.call('audit.list', { entity: 'setting_version' }, t.adminToken);
    expect(rows[0]).toMatchObject({ method: 'settings.set', actorName: 'admin' });
  });

  it('refuses invalid values and back-dating before the latest version, changing nothing', async () => {
    t = await setupCore();
    await t.call('settings.set', { key: 'secondLine.ageMale', value: 56, effectiveFrom: '2027-01-01' }, t.adminToken);
    const bad = [
      { key: 'secondLine.ageMale', value: 'abc', effectiveFrom: '2027-02-01' },
      { key: 'secondLine.ageMale', value: 57, effectiveFrom: '2026-12-01' },
      {
        key: 'rank.ladder',
        value: [
          { to: 'A', from: ['B'], years: 1 },
          { to: 'B', from: ['A'], years: 1 },
        ],
        effectiveFrom: '2027-02-01',
      },
      { key: 'no.such', value: 1, effectiveFrom: '2027-02-01' },
      { key: 'secondLine.ageMale', value: 57, effectiveFrom: '2027-02-30' },
    ];
    for (const input of bad) {
      const r = await t.core.dispatch('settings.set', input, { sessionToken: t.adminToken });
      expect(r.ok, JSON.stringify(input)).toBe(false);
    }
    expect(t.core.services.settings.history('secondLine.ageMale')).toHaveLength(2);
  });
});
