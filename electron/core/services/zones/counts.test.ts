import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../../shared/domain/credit-code';
import { uuidv7 } from '../../../../shared/domain/uuid';
import type { Input } from '../../../../shared/contract';
import { business } from '../../schema';
import { commitAndWait } from '../../imports/test-helpers';
import { setupCore, type TestCore } from '../../test/helpers';

// The zone counts and list totals come from the zone and grid read models (drizzle/0009, 0010),
// kept by triggers. Every check here compares them with a count of the business rows themselves.

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};

type Filter = Omit<Input<'businesses.search'>, 'offset' | 'limit' | 'q'>;

/** What a count of the rows themselves says. */
function rowsMatching(f: Filter): number {
  const where = ['deleted_at IS NULL'];
  const args: unknown[] = [];
  for (const [col, v] of [
    ['office_id', f.officeId],
    ['zone_id', f.zoneId],
    ['grid_id', f.gridId],
    ['status', f.status],
    ['type', f.type],
    ['food', f.food === undefined ? undefined : f.food ? 1 : 0],
  ] as const) {
    if (v === undefined) continue;
    where.push(`${col} = ?`);
    args.push(v);
  }
  return (t.core.sqlite.prepare(`SELECT count(*) AS n FROM business WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
}

async function expectCountsRight(ids: { stations: string[]; zones: string[]; grids: string[] }) {
  const filters: Filter[] = [{}, { food: true }, { food: false }, { status: 'suspended' }, { status: 'active' }, { type: '个体工商户' }];
  for (const officeId of ids.stations) filters.push({ officeId }, { officeId, food: true }, { officeId, status: 'active', food: false });
  for (const zoneId of ids.zones) filters.push({ zoneId }, { zoneId, food: true });
  for (const gridId of ids.grids) filters.push({ gridId }, { gridId, food: true }, { gridId, zoneId: ids.zones[0] });
  for (const f of filters) {
    const r = await t.call('businesses.search', { ...f, offset: 0, limit: 5 }, t.adminToken);
    expect({ f, total: r.total }).toEqual({ f, total: rowsMatching(f) });
  }
  const zones = await t.call('zones.list', { includeRetired: true }, t.adminToken);
  for (const z of zones) {
    expect({ zone: z.code, businesses: z.businessCount, food: z.foodCount }).toEqual({
      zone: z.code,
      businesses: rowsMatching({ zoneId: z.id }),
      food: rowsMatching({ zoneId: z.id, food: true }),
    });
  }
  const withoutZone = (officeId: string) =>
    (t.core.sqlite.prepare('SELECT count(*) AS n FROM business WHERE office_id = ? AND zone_id IS NULL AND deleted_at IS NULL').get(officeId) as { n: number })
      .n;
  const overview = await t.call('zones.overview', {}, t.adminToken);
  for (const s of overview.stations) {
    const active = zones.filter((z) => z.officeId === s.officeId && z.status === 'active');
    expect(s.businesses).toBe(active.reduce((n, z) => n + rowsMatching({ zoneId: z.id }), 0));
    expect({ station: s.officeName, unassigned: s.unassigned }).toEqual({ station: s.officeName, unassigned: withoutZone(s.officeId) });
    const [one] = (await t.call('zones.overview', { officeId: s.officeId }, t.adminToken)).stations;
    expect(one).toEqual(s);
  }
  // The read models themselves, row by row: nothing more (no count left at 0), nothing less.
  for (const key of ['zone_id', 'grid_id']) {
    const model = t.core.sqlite.prepare(`SELECT ${key}, office_id, status, food, n FROM ${key.replace('_id', '')}_business_count ORDER BY 1, 2, 3, 4`).all();
    const rows = t.core.sqlite
      .prepare(
        `SELECT coalesce(${key}, '') AS ${key}, office_id, status, food, count(*) AS n FROM business WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      )
      .all();
    expect({ key, rows: model }).toEqual({ key, rows });
  }
}

async function county() {
  t = await setupCore();
  const stations = [];
  for (const name of ['景山所', '新桥所']) stations.push((await t.call('offices.create', { name, code: '330304' }, t.adminToken)).id);
  const zones = [];
  const grids = [];
  for (const [k, s] of stations.entries()) {
    for (const z of [1, 2]) zones.push((await t.call('zones.create', { officeId: s, code: `Z${k}${z}`, name: `第${z}责任区` }, t.adminToken)).id);
    grids.push((await t.call('grids.create', { officeId: s, township: '街道', code: `G${k}`, name: '一网格' }, t.adminToken)).id);
  }
  return { stations, zones, grids };
}

describe('zone counts and list totals', () => {
  it('stay right through creates, edits that move a business, a soft delete, an import, a split and a merge', async () => {
    const ids = await county();
    const [S1, S2] = ids.stations as [string, string];
    const [Z11, Z12, Z21] = ids.zones as [string, string, string, string];
    const made: { id: string; input: Input<'businesses.create'> }[] = [];
    for (let i = 0; i < 12; i++) {
      const input: Input<'businesses.create'> = {
        officeId: i % 3 === 2 ? S2 : S1,
        name: `商户${i}`,
        creditCode: code(i + 1),
        type: i % 2 ? '个体工商户' : '有限责任公司',
        food: i % 4 === 0,
        status: i === 5 ? 'suspended' : 'active',
        zoneId: i % 3 === 2 ? Z21 : i % 2 ? Z11 : Z12,
        gridId: i % 3 === 2 ? ids.grids[1]! : i % 5 === 0 ? null : ids.grids[0]!,
      };
      made.push({ id: (await t.call('businesses.create', input, t.adminToken)).business.id, input });
    }
    made.push({
      id: (await t.call('businesses.create', { officeId: S1, name: '无责任区商户', regNo: '330304000000999' }, t.adminToken)).business.id,
      input: { officeId: S1, name: '无责任区商户', regNo: '330304000000999' },
    });
    await expectCountsRight(ids);

    // Edits: to another zone, to food, to suspended, and to the other station (zone and grid left behind).
    const edit = (k: number, patch: Partial<Input<'businesses.create'>>) =>
      t.call('businesses.update', { id: made[k]!.id, ...made[k]!.input, ...patch }, t.adminToken);
    await edit(0, { zoneId: Z11 });
    await edit(1, { food: true });
    await edit(3, { status: 'suspended', gridId: null });
    await edit(4, { officeId: S2, zoneId: Z21, gridId: ids.grids[1]! });
    await edit(11, { gridId: null }); // only the grid changes
    await edit(6, { name: '商户6（改名）' }); // no counted column changes
    await expectCountsRight(ids);

    // A soft delete through the synced write path.
    t.core.services.writer.remove(business, made[7]!.id, { actor: { id: null, name: 'test' }, method: 'test.remove' });
    await expectCountsRight(ids);

    // An import: one new business, one existing one (by credit code) moved to the other zone.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['统一社会信用代码', '企业名称', '主体类型', '住所', '法定代表人', '食品经营', '责任区']);
    ws.addRow([code(100), '导入的餐馆', '个体工商户', '景山街道 1 号', '张三', '是', 'Z02']);
    ws.addRow([made[9]!.input.creditCode!, '商户9', '个体工商户', '景山街道 2 号', '李四', '否', 'Z02']);
    const preview = await t.call(
      'businesses.importPreview',
      { officeId: S1, fileName: 'a.xlsx', fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
      t.adminToken,
    );
    expect(preview).toMatchObject({ errorCount: 0, creates: 1, updates: 1 });
    // The commit runs on the import worker's own connection: the triggers count it there too.
    expect(await commitAndWait(t, preview.previewId)).toMatchObject({ state: 'done', result: { created: 1, updated: 1 } });
    await expectCountsRight(ids);

    // A split moves businesses to two new zones; a merge moves them all into one.
    const inZ12 = (await t.call('businesses.search', { zoneId: Z12, offset: 0, limit: 100 }, t.adminToken)).rows.map((b) => b.id);
    expect(inZ12.length).toBeGreaterThan(1);
    await t.call(
      'zones.split',
      {
        id: Z12,
        date: '2026-11-01',
        a: { code: 'Z12A', name: '东', boundary: null },
        b: { code: 'Z12B', name: '西', boundary: null },
        businessIdsToB: inZ12.slice(0, 1),
        commit: true,
      },
      t.adminToken,
    );
    const after = await t.call('zones.list', { officeId: S1 }, t.adminToken);
    const parts = after.filter((z) => z.code.startsWith('Z12')).map((z) => z.id);
    ids.zones.push(...parts);
    await expectCountsRight(ids);
    await t.call('zones.merge', { ids: [Z11, ...parts], date: '2026-11-20', into: { code: 'Z19', name: '合并', boundary: null }, commit: true }, t.adminToken);
    ids.zones.push((await t.call('zones.list', { officeId: S1 }, t.adminToken)).find((z) => z.code === 'Z19')!.id);
    await expectCountsRight(ids);
    expect(rowsMatching({ zoneId: Z11 })).toBe(0);
  });

  it('stay right when rows arrive, change and leave as a sync pull applies them', async () => {
    const ids = await county();
    const [S1] = ids.stations as [string];
    const [Z11, Z12] = ids.zones as [string, string];
    // The sync worker's own statements (electron/core/sync/worker.ts): an upsert per pulled row, a delete per eviction.
    const cols = [
      'id',
      'office_id',
      'created_at',
      'updated_at',
      'deleted_at',
      'name',
      'food',
      'status',
      'zone_id',
      'grid_id',
      'risk_level',
      'credit_check_failed',
    ];
    const upsert = t.core.sqlite.prepare(
      `INSERT INTO "business" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})
       ON CONFLICT(id) DO UPDATE SET ${cols
         .filter((c) => c !== 'id')
         .map((c) => `"${c}" = excluded."${c}"`)
         .join(', ')}`,
    );
    const evict = t.core.sqlite.prepare('DELETE FROM "business" WHERE id = ?');
    const ids8 = Array.from({ length: 8 }, (_, i) => uuidv7(Date.parse('2026-11-01T00:00:00Z') + i));
    const pulled = (k: number, patch: Partial<Record<string, unknown>> = {}) => {
      const id = ids8[k]!;
      const r: Record<string, unknown> = {
        id,
        office_id: S1,
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-02T00:00:00.000Z',
        deleted_at: null,
        name: `同步${k}`,
        food: 0,
        status: 'active',
        zone_id: Z11,
        grid_id: ids.grids[0],
        risk_level: 'low',
        credit_check_failed: 0,
        ...patch,
      };
      upsert.run(...cols.map((c) => r[c] as string | number | null));
    };
    for (let i = 0; i < 8; i++) pulled(i, { food: i % 2, zone_id: i < 5 ? Z11 : Z12 });
    await expectCountsRight(ids);
    pulled(0, { zone_id: Z12 }); // moved
    pulled(1, { food: 0, status: 'revoked' }); // edited
    pulled(2, { deleted_at: '2026-11-03T00:00:00.000Z' }); // tombstone
    pulled(2, { deleted_at: '2026-11-04T00:00:00.000Z' }); // a later tombstone of the same row
    pulled(3, {}); // the same cells again
    pulled(5, { zone_id: null, grid_id: null });
    pulled(6, { grid_id: null, zone_id: Z12 }); // only the grid
    evict.run(ids8[4]!); // evicted: moved to a station this device does not hold
    evict.run(ids8[2]!); // a tombstoned row evicted
    await expectCountsRight(ids);
    pulled(2, { deleted_at: null, zone_id: Z12 }); // undeleted on another device
    await expectCountsRight(ids);
  });
});

describe('audit log pages', () => {
  it('keep their totals right as the log grows, without counting it all again', async () => {
    t = await setupCore();
    const all = () => (t.core.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const offices = () => (t.core.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'office'").get() as { n: number }).n;
    const first = await t.call('audit.list', { limit: 2, offset: 0 }, t.adminToken);
    expect(first.total).toBe(all());
    const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
    for (let i = 0; i < 3; i++) await t.call('offices.update', { id: s.id, name: `景山所${i}`, code: '330304', address: null, phone: null }, t.adminToken);
    const second = await t.call('audit.list', { limit: 2, offset: 2 }, t.adminToken);
    expect(second.total).toBe(all());
    expect(second.total).toBeGreaterThan(first.total);
    const byEntity = await t.call('audit.list', { entity: 'office', limit: 2, offset: 0 }, t.adminToken);
    expect(byEntity.total).toBe(offices());
    expect(byEntity.rows.map((r) => r.after)).toEqual([
      { name: '景山所2', updated_at: expect.any(String) },
      { name: '景山所1', updated_at: expect.any(String) },
    ]);
    await t.call('cadres.create', { officeId: s.id, name: '张伟', gender: 'M', birthDate: '1985-01-01' }, t.adminToken);
    await t.call('offices.update', { id: s.id, name: '景山市场监管所', code: '330304', address: null, phone: null }, t.adminToken);
    expect((await t.call('audit.list', { entity: 'office', limit: 2, offset: 2 }, t.adminToken)).total).toBe(offices());
    expect((await t.call('audit.list', { method: 'update', limit: 2, offset: 0 }, t.adminToken)).total).toBe(4);
    expect((await t.call('audit.list', { limit: 50, offset: 0 }, t.adminToken)).total).toBe(all());
  });
});
