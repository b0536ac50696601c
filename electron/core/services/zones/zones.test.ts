import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

async function station(t: TestCore, name = '景山所') {
  const s = await t.call('offices.create', { name, code: '330304' }, t.adminToken);
  const people = [];
  for (const n of ['张伟', '李娜', '王强', '赵敏']) {
    people.push(await t.call('cadres.create', { officeId: s.id, name: n, gender: 'M', birthDate: '1985-01-01' }, t.adminToken));
  }
  return { s, people };
}

const err = async (t: TestCore, method: Parameters<TestCore['call']>[0], input: unknown) => {
  const r = await t.core.dispatch(method, input, { sessionToken: t.adminToken });
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
};

describe('owner assignment', () => {
  it('keeps one owner at a time, closes the previous period on the same day, and keeps the history', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '第一责任区' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2026-01-01' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[1]!.id, role: 'owner', startDate: '2026-06-01' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[2]!.id, role: 'deputy', startDate: '2026-06-01' }, t.adminToken);
    const h = await t.call('zones.history', { zoneId: z.id }, t.adminToken);
    const owners = h.filter((a) => a.role === 'owner').sort((a, b) => a.startDate.localeCompare(b.startDate));
    expect(owners.map((o) => [o.cadreName, o.startDate, o.endDate])).toEqual([
      ['张伟', '2026-01-01', '2026-06-01'],
      ['李娜', '2026-06-01', null],
    ]);
    // No gap, no overlap: each period ends the day the next begins.
    for (let i = 1; i < owners.length; i++) expect(owners[i - 1]!.endDate).toBe(owners[i]!.startDate);
    const [zone] = await t.call('zones.list', { officeId: s.id }, t.adminToken);
    expect(zone!.owner?.name).toBe('李娜');
    expect(zone!.deputies.map((d) => d.name)).toEqual(['王强']);
  });

  it('refuses overlapping periods, a cadre of another station and a retired zone, changing nothing', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const other = await station(t, '新桥所');
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '第一责任区' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2026-06-01' }, t.adminToken);
    const outbox = () => (t.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;
    const before = outbox();
    expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: people[1]!.id, role: 'owner', startDate: '2026-03-01' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'ownerOverlap', name: '张伟', startDate: '2026-06-01' },
    });
    expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: other.people[0]!.id, role: 'owner', startDate: '2026-07-01' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'assignOtherStation', field: 'cadreId' },
    });
    const empty = await t.call('zones.create', { officeId: s.id, code: 'Z09', name: '待撤销' }, t.adminToken);
    await t.call('zones.retire', { id: empty.id, date: '2026-07-01' }, t.adminToken);
    const afterRetire = outbox();
    expect(await err(t, 'zones.assign', { zoneId: empty.id, cadreId: people[1]!.id, role: 'owner', startDate: '2026-08-01' })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'zoneRetired', name: '待撤销' },
    });
    expect(outbox()).toBe(afterRetire);
    expect(afterRetire).toBeGreaterThan(before);
    const h = await t.call('zones.history', { zoneId: z.id }, t.adminToken);
    expect(h).toHaveLength(1);
  });

  it('warns when the cadre is on secondment or over the load threshold', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    await t.call(
      'cadres.update',
      { id: people[3]!.id, officeId: s.id, name: '赵敏', gender: 'F', birthDate: '1985-01-01', status: 'secondment' },
      t.adminToken,
    );
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '第一责任区' }, t.adminToken);
    const r = await t.call('zones.assign', { zoneId: z.id, cadreId: people[3]!.id, role: 'owner', startDate: '2026-01-01' }, t.adminToken);
    expect(r.warnings).toEqual([{ rule: 'cadreOnSecondment', pass: false, params: { name: '赵敏' } }]);
    await t.call('settings.set', { key: 'zones.ownerBusinessThreshold', value: 1, effectiveFrom: '2026-01-01' }, t.adminToken);
    for (const n of ['甲', '乙'])
      await t.call('businesses.create', { officeId: s.id, name: `${n}商店`, regNo: `33030400000000${n === '甲' ? 1 : 2}`, zoneId: z.id }, t.adminToken);
    const load = await t.call('zones.load', { officeId: s.id }, t.adminToken);
    expect(load).toMatchObject({ threshold: 1, settingVersion: 1 });
    expect(load.rows.find((x) => x.name === '赵敏')).toMatchObject({ zones: 1, businesses: 2, warnings: ['over_threshold', 'unavailable'] });
  });

  it('reassigns all of a leaving cadre’s zones in one step, or none', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const zs = [];
    for (const i of [1, 2, 3]) {
      const z = await t.call('zones.create', { officeId: s.id, code: `Z0${i}`, name: `第${i}责任区` }, t.adminToken);
      await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2026-01-01' }, t.adminToken);
      zs.push(z);
    }
    const targets = [
      { zoneId: zs[0]!.id, cadreId: people[1]!.id },
      { zoneId: zs[1]!.id, cadreId: people[2]!.id },
      { zoneId: zs[2]!.id, cadreId: people[1]!.id },
    ];
    const preview = await t.call('zones.reassignAll', { fromCadreId: people[0]!.id, date: '2026-11-28', targets, commit: false }, t.adminToken);
    expect(preview.moves.map((m) => m.toName)).toEqual(['李娜', '王强', '李娜']);
    expect((await t.call('zones.list', { officeId: s.id }, t.adminToken)).every((z) => z.owner?.name === '张伟')).toBe(true);
    // One target is a cadre of another station: the whole batch fails.
    const other = await station(t, '新桥所');
    const bad = [...targets.slice(0, 2), { zoneId: zs[2]!.id, cadreId: other.people[0]!.id }];
    expect(await err(t, 'zones.reassignAll', { fromCadreId: people[0]!.id, date: '2026-11-28', targets: bad, commit: true })).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    expect((await t.call('zones.list', { officeId: s.id }, t.adminToken)).every((z) => z.owner?.name === '张伟')).toBe(true);
    expect(await err(t, 'zones.reassignAll', { fromCadreId: people[0]!.id, date: '2026-11-28', targets: targets.slice(0, 2), commit: true })).toMatchObject({
      code: 'BAD_INPUT',
    });
    await t.call('zones.reassignAll', { fromCadreId: people[0]!.id, date: '2026-11-28', targets, commit: true }, t.adminToken);
    const after = await t.call('zones.list', { officeId: s.id }, t.adminToken);
    expect(after.map((z) => z.owner?.name)).toEqual(['李娜', '王强', '李娜']);
    const h = await t.call('zones.history', { zoneId: zs[0]!.id }, t.adminToken);
    expect(h.find((a) => a.cadreName === '张伟')?.endDate).toBe('2026-11-28');
  });
});

describe('a same-day correction', () => {
  it('replaces a wrong owner assignment made today and keeps the correction in the history; the preview checks what the save checks', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '第一责任区' }, t.adminToken);
    const z2 = await t.call('zones.create', { officeId: s.id, code: 'Z02', name: '第二责任区' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2025-01-01' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z2.id, cadreId: people[0]!.id, role: 'owner', startDate: '2025-01-01' }, t.adminToken);
    // Today (2026-11-28) 张伟 hands over to 李娜, by mistake: it should have been 王强.
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[1]!.id, role: 'owner', startDate: '2026-11-28' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[2]!.id, role: 'owner', startDate: '2026-11-28' }, t.adminToken);
    const [zone] = await t.call('zones.list', { officeId: s.id }, t.adminToken);
    expect(zone!.owner?.name).toBe('王强');
    const h = await t.call('zones.history', { zoneId: z.id }, t.adminToken);
    expect(h.map((a) => [a.cadreName, a.startDate, a.endDate, a.corrected])).toEqual([
      ['王强', '2026-11-28', null, false],
      ['李娜', '2026-11-28', '2026-11-28', true],
      ['张伟', '2025-01-01', '2026-11-28', false],
    ]);
    expect(h[1]).toMatchObject({ correctedTo: '王强', note: null, noteKey: null });
    // A second correction the same day works too: the period of no length holds no time.
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[3]!.id, role: 'owner', startDate: '2026-11-28' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[2]!.id, role: 'owner', startDate: '2026-11-28' }, t.adminToken);
    expect((await t.call('zones.history', { zoneId: z.id }, t.adminToken)).map((a) => [a.cadreName, a.endDate])).toEqual([
      ['王强', null],
      ['赵敏', '2026-11-28'],
      ['王强', '2026-11-28'],
      ['李娜', '2026-11-28'],
      ['张伟', '2026-11-28'],
    ]);
    // Assigning the same person again is not a correction.
    expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: people[2]!.id, role: 'owner', startDate: '2026-11-28' })).toMatchObject({ code: 'CONFLICT' });
    // An assignment recorded on an earlier day is history: a new owner from before it still overlaps.
    expect(await err(t, 'zones.assign', { zoneId: z2.id, cadreId: people[1]!.id, role: 'owner', startDate: '2024-06-01' })).toMatchObject({
      code: 'RULE_VIOLATION',
    });
    // The bulk reassignment's preview refuses what its commit would refuse, and writes nothing.
    const outbox = () => (t.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;
    const before = outbox();
    expect(
      await err(t, 'zones.reassignAll', {
        fromCadreId: people[0]!.id,
        date: '2024-06-01',
        targets: [{ zoneId: z2.id, cadreId: people[1]!.id }],
        commit: false,
      }),
    ).toMatchObject({ code: 'RULE_VIOLATION' });
    const ok = await t.call(
      'zones.reassignAll',
      { fromCadreId: people[0]!.id, date: '2026-11-28', targets: [{ zoneId: z2.id, cadreId: people[3]!.id }], commit: false },
      t.adminToken,
    );
    expect(ok).toMatchObject({ committed: false, moves: [expect.objectContaining({ toName: '赵敏' })] });
    expect(outbox()).toBe(before);
    expect((await t.call('zones.list', { officeId: s.id }, t.adminToken)).find((x) => x.id === z2.id)!.owner?.name).toBe('张伟');
  });
});

describe('who may hold a zone', () => {
  it('refuses a cadre past the statutory retirement date, warns of one retiring within the year, and keeps owner and deputy apart', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '第一责任区' }, t.adminToken);
    // Born 1962-03-01, a man: retired on 2022-03-01. Born 1966-06-01: retires in 2027 (with the delay), within the year.
    const old = await t.call('cadres.create', { officeId: s.id, name: '超龄者', gender: 'M', birthDate: '1962-03-01' }, t.adminToken);
    const soon = await t.call('cadres.create', { officeId: s.id, name: '将退者', gender: 'M', birthDate: '1966-10-01' }, t.adminToken);
    for (const role of ['owner', 'deputy'] as const) {
      expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: old.id, role, startDate: '2026-11-28' })).toMatchObject({
        code: 'RULE_VIOLATION',
        details: { reason: 'pastRetirement', retirementDate: '2022-03-01' },
      });
    }
    const r = await t.call('zones.assign', { zoneId: z.id, cadreId: soon.id, role: 'deputy', startDate: '2026-11-28' }, t.adminToken);
    expect(r.warnings).toContainEqual(expect.objectContaining({ rule: 'retiresSoon', params: expect.objectContaining({ name: '将退者' }) }));
    const young = await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2026-11-28' }, t.adminToken);
    expect(young.warnings.map((w) => w.rule)).not.toContain('retiresSoon');
    // One person is the owner or a deputy of a zone, not both.
    expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'deputy', startDate: '2026-11-28' })).toMatchObject({
      details: { reason: 'ownerAndDeputy' },
    });
    expect(await err(t, 'zones.assign', { zoneId: z.id, cadreId: soon.id, role: 'owner', startDate: '2026-11-28' })).toMatchObject({
      details: { reason: 'ownerAndDeputy' },
    });
  });
});

describe('split and merge', () => {
  it('split moves the chosen businesses to B and the rest to A; merge moves all back', async () => {
    t = await setupCore();
    const { s, people } = await station(t);
    const z = await t.call('zones.create', { officeId: s.id, code: 'Z01', name: '老街责任区' }, t.adminToken);
    await t.call('zones.assign', { zoneId: z.id, cadreId: people[0]!.id, role: 'owner', startDate: '2026-01-01' }, t.adminToken);
    const g = await t.call(
      'grids.create',
      { officeId: s.id, township: '景山街道', code: 'G1', name: '一网格', workerName: '陈刚', workerPhone: '13800000001' },
      t.adminToken,
    );
    await t.call('grids.setZones', { gridId: g.id, zoneIds: [z.id] }, t.adminToken);
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await t.call('businesses.create', { officeId: s.id, name: `商户${i}`, regNo: `33030400000001${i}`, zoneId: z.id }, t.adminToken)).business.id);
    const input = {
      id: z.id,
      date: '2026-11-01',
      a: { code: 'Z01A', name: '老街东', boundary: null },
      b: { code: 'Z01B', name: '老街西', boundary: null },
      businessIdsToB: ids.slice(0, 2),
    };
    const plan = await t.call('zones.split', { ...input, commit: false }, t.adminToken);
    expect(plan.create.map((c) => c.businesses)).toEqual([3, 2]);
    expect((await t.call('zones.list', { officeId: s.id }, t.adminToken)).map((x) => x.code)).toEqual(['Z01']);
    await t.call('zones.split', { ...input, commit: true }, t.adminToken);
    const zones = await t.call('zones.list', { officeId: s.id, includeRetired: true }, t.adminToken);
    const byCode = Object.fromEntries(zones.map((x) => [x.code, x]));
    expect(byCode.Z01!.status).toBe('retired');
    expect([byCode.Z01A!.businessCount, byCode.Z01B!.businessCount]).toEqual([3, 2]);
    expect(byCode.Z01A!.owner?.name).toBe('张伟');
    expect(byCode.Z01B!.gridIds).toEqual([g.id]);
    const inB = await t.call('businesses.search', { zoneId: byCode.Z01B!.id }, t.adminToken);
    expect(inB.rows.map((b) => b.id).sort()).toEqual(ids.slice(0, 2).sort());

    expect(await err(t, 'zones.split', { ...input, commit: true })).toMatchObject({ code: 'RULE_VIOLATION' });
    await t.call(
      'zones.merge',
      { ids: [byCode.Z01A!.id, byCode.Z01B!.id], date: '2026-11-20', into: { code: 'Z02', name: '老街合并', boundary: null }, commit: true },
      t.adminToken,
    );
    const merged = (await t.call('zones.list', { officeId: s.id }, t.adminToken)).find((x) => x.code === 'Z02')!;
    expect(merged.businessCount).toBe(5);
    expect(merged.owner?.name).toBe('张伟');
    // The merge's own note is a key the renderer words, not a sentence.
    expect(await t.call('zones.history', { zoneId: merged.id }, t.adminToken)).toEqual([
      expect.objectContaining({ cadreName: '张伟', note: null, noteKey: 'merged' }),
    ]);
  });
});

describe('businesses', () => {
  it('blocks a malformed credit code, warns on a failed check character and finds 2-character Chinese substrings', async () => {
    t = await setupCore();
    const { s } = await station(t);
    expect(await err(t, 'businesses.create', { officeId: s.id, name: '坏代码', creditCode: '9133030412345' })).toMatchObject({
      code: 'BAD_INPUT',
      details: { field: 'creditCode' },
    });
    const warned = await t.call(
      'businesses.create',
      { officeId: s.id, name: '温州市瓯海区娄桥鑫达五金店', creditCode: '91330000142926213C', address: '瓯海大道 1 号' },
      t.adminToken,
    );
    expect(warned.warnings).toEqual([{ rule: 'creditCheck', pass: false, params: { expected: 'U' } }]);
    expect(warned.business.creditCheckFailed).toBe(true);
    await t.call(
      'businesses.create',
      { officeId: s.id, name: '温州华兴服装有限公司', creditCode: '９１３３００００１４２９２６２１３ｕ', legalRep: '欧阳海' },
      t.adminToken,
    );
    expect(await err(t, 'businesses.create', { officeId: s.id, name: '重复', creditCode: '91330000142926213U' })).toMatchObject({ code: 'CONFLICT' });
    const q = async (q: string) => (await t.call('businesses.search', { q }, t.adminToken)).rows.map((r) => r.name);
    expect(await q('瓯海')).toEqual(['温州市瓯海区娄桥鑫达五金店']);
    expect(await q('娄桥鑫达')).toEqual(['温州市瓯海区娄桥鑫达五金店']);
    expect(await q('阳海')).toEqual(['温州华兴服装有限公司']);
    expect(await q('213U')).toEqual(['温州华兴服装有限公司']);
    expect(await q('服')).toEqual(['温州华兴服装有限公司']);
    expect(await q('不存在的')).toEqual([]);
    expect(await q('"; DROP')).toEqual([]);
  });
});
