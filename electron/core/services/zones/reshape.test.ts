import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

// Splitting and merging a zone moves everything that points at it: businesses, the unlicensed
// census, supervision assignments and scopes, and any row of any table with a zone_id. The test
// clock says 2026-11-28.
let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

/** Live rows of every table with a zone_id that still point at one of `zoneIds`. */
function pointingAt(zoneIds: string[]) {
  const tables = (t.core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((name) => (t.core.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).some((c) => c.name === 'zone_id'));
  expect(tables).toEqual(expect.arrayContaining(['business', 'unlicensed', 'zone_assignment', 'zone_grid']));
  const out: Record<string, number> = {};
  for (const name of tables) {
    const cols = (t.core.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    // A retired zone keeps its closed assignments and its grid links as history.
    const history = name === 'zone_assignment' ? ' AND end_date IS NULL' : name === 'zone_grid' ? ' AND 0' : '';
    const live = cols.includes('deleted_at') ? ' AND deleted_at IS NULL' : '';
    const n = (
      t.core.sqlite.prepare(`SELECT count(*) n FROM "${name}" WHERE zone_id IN (${zoneIds.map(() => '?').join(',')})${live}${history}`).get(...zoneIds) as {
        n: number;
      }
    ).n;
    if (n) out[name] = n;
  }
  return out;
}

describe('reshaping zones', () => {
  it('moves the census and every row pointing at the zone with its businesses, through a split and a merge', async () => {
    t = await setupCore();
    const tok = t.adminToken;
    const s = await t.call('offices.create', { name: '南白象所', code: '330304' }, tok);
    const z = await t.call('zones.create', { officeId: s.id, code: 'NBX01', name: '南白象一区' }, tok);
    const owner = await t.call('cadres.create', { officeId: s.id, name: '林晓红', gender: 'F', birthDate: '1986-04-12', workStart: '2008-07-01' }, tok);
    const vet = await t.call(
      'cadres.create',
      {
        officeId: s.id,
        name: '陈国平',
        gender: 'M',
        birthDate: '1969-05-10',
        workStart: '1990-07-01',
        sgf: true,
        sgfDate: '2024-05-01',
        leadershipPost: '乡科级副职',
        leadershipStart: '2012-03-01',
      },
      tok,
    );
    await t.call('zones.assign', { zoneId: z.id, cadreId: owner.id, role: 'owner', startDate: '2026-01-01' }, tok);
    const biz = [];
    for (const [i, n] of ['瑞华五金店', '鑫源小吃', '恒泰便利店'].entries())
      biz.push((await t.call('businesses.create', { officeId: s.id, name: n, regNo: `33030460000012${i}`, zoneId: z.id }, tok)).business);
    const census = await t.call('census.create', { officeId: s.id, name: '2026 年下半年无照底数普查', censusDate: '2026-09-15' }, tok);
    const entries = [];
    for (let i = 0; i < 6; i++) entries.push(await t.call('census.addEntry', { censusId: census.id, zoneId: z.id, name: `流动摊贩 ${i + 1}` }, tok));
    const sup = await t.call('roster.appoint', { cadreId: vet.id, startDate: '2026-01-01', duties: '督导', scope: { zones: [z.id] } }, tok);
    await t.call(
      'roster.assign',
      { supervisorId: sup.id, targetKind: 'zone', targetId: z.id, startDate: '2026-11-01', endDate: '2026-12-31', goals: '巡查', hoursPerMonth: 4 },
      tok,
    );
    const unlicensedIn = async () => Object.fromEntries((await t.call('zones.list', { officeId: s.id }, tok)).map((x) => [x.code, x.unlicensedCount]));
    expect(await unlicensedIn()).toEqual({ NBX01: 6 });

    // The preview says what will move; nothing is written until the commit.
    const split = {
      id: z.id,
      date: '2026-11-28',
      a: { code: 'NBX01A', name: '南白象一区（东）', boundary: null },
      b: { code: 'NBX01B', name: '南白象一区（西）', boundary: null },
      businessIdsToB: [biz[2]!.id],
      unlicensedIdsToB: entries.slice(4).map((e) => e.id),
    };
    const preview = await t.call('zones.split', { ...split, commit: false }, tok);
    expect(preview).toMatchObject({
      movedBusinesses: 3,
      movedUnlicensed: 6,
      create: [expect.objectContaining({ businesses: 2, unlicensed: 4 }), expect.objectContaining({ businesses: 1, unlicensed: 2 })],
    });
    expect(await unlicensedIn()).toEqual({ NBX01: 6 });
    await t.call('zones.split', { ...split, commit: true }, tok);
    expect(await unlicensedIn()).toEqual({ NBX01A: 4, NBX01B: 2 });
    expect(pointingAt([z.id])).toEqual({});
    const parts = (await t.call('zones.list', { officeId: s.id }, tok)).map((x) => x.id);
    let page = await t.call('roster.supervisor', { id: sup.id }, tok);
    expect(parts).toContain(page.assignments[0]!.targetId);
    expect(page.supervisor.scope.zones.sort()).toEqual([...parts].sort());

    await t.call('zones.merge', { ids: parts, date: '2026-11-28', into: { code: 'NBX01', name: '南白象一区', boundary: null }, commit: true }, tok);
    const merged = (await t.call('zones.list', { officeId: s.id }, tok))[0]!;
    expect(await unlicensedIn()).toEqual({ NBX01: 6 });
    expect(merged.businessCount).toBe(3);
    expect(pointingAt([z.id, ...parts])).toEqual({});
    page = await t.call('roster.supervisor', { id: sup.id }, tok);
    expect(page.assignments[0]!.targetId).toBe(merged.id);
    expect(page.supervisor.scope.zones).toEqual([merged.id]);
    // The census counts follow: every entry is counted in the merged zone.
    const counts = await t.call('census.counts', { officeId: s.id, censusId: census.id }, tok);
    expect(counts.rows.find((r) => r.kind === 'zone' && r.key === merged.id)).toMatchObject({ current: 6 });
  });
});
