import { describe, expect, it } from 'vitest';
import { databaseAt, explain, getTableData, insertData, synced, updateToVersion, versionAfter } from '../test/migrations';

// Each migration that changes existing data or the indexes the screens rely on, run against a
// database holding rows shaped like a station's (Signal's way: seed at N-1, migrate to N, assert).

const COUNTY = '0190a0b0-0000-7000-8000-00000000c001';
const STATION = '0190a0b0-0000-7000-8000-00000000c002';
const Z1 = '0190a0b0-0000-7000-8000-0000000000a1';
const Z2 = '0190a0b0-0000-7000-8000-0000000000a2';
const G1 = '0190a0b0-0000-7000-8000-0000000000b1';
const CENSUS_OLD = '0190a0b0-0000-7000-8000-0000000000d1';
const CENSUS_NEW = '0190a0b0-0000-7000-8000-0000000000d2';
const id = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

const offices = [
  { ...synced(COUNTY, COUNTY), code: '330304', name: '瓯海区市场监督管理局', kind: 'bureau', parent_id: null, active: true },
  { ...synced(STATION, STATION), code: '330304001', name: '景山市场监管所', kind: 'station', parent_id: COUNTY, address: '温州市瓯海区景山街道', active: true },
];

/** Businesses of a station as the register import leaves them (status_text and founded_on from 0008). */
const businesses = [
  {
    ...synced(id(1), STATION),
    credit_code: '91330304MA2CTX0001',
    name: '瓯海景山便利店',
    address: '景山街道府东路12号',
    legal_rep: '陈建华',
    food: true,
    risk_level: 'medium',
    status: 'active',
    zone_id: Z1,
    grid_id: G1,
    status_text: '存续（在营、开业、在册）',
    founded_on: '2016-05-11',
  },
  {
    ...synced(id(2), STATION),
    credit_code: '92330304MA2CTX0002',
    name: '景山老街小吃店',
    address: '景山街道老街3号',
    legal_rep: '林小燕',
    food: true,
    risk_level: 'high',
    status: 'active',
    zone_id: Z1,
    grid_id: G1,
    status_text: '存续',
    founded_on: '2019-09-02',
  },
  {
    ...synced(id(3), STATION),
    credit_code: '91330304MA2CTX0003',
    name: '温州市瓯海某五金商行',
    address: '景山街道府东路40号',
    legal_rep: '王志强',
    food: false,
    risk_level: 'low',
    status: 'active',
    zone_id: Z1,
    grid_id: null,
  },
  {
    ...synced(id(4), STATION),
    credit_code: '92330304MA2CTX0004',
    name: '景山理发店',
    food: false,
    status: 'suspended',
    zone_id: Z2,
    grid_id: G1,
    status_text: '停业',
  },
  { ...synced(id(5), STATION), reg_no: '330304600012345', name: '无区块的个体户', food: true, status: 'active', zone_id: null, grid_id: null },
  // Cancelled and deleted: a deleted row is in no count.
  {
    ...synced(id(6), STATION, '2026-03-02T01:30:00.000Z', '2026-04-01T02:00:00.000Z'),
    credit_code: '91330304MA2CTX0006',
    name: '已删除的公司',
    food: false,
    status: 'active',
    zone_id: Z1,
  },
  { ...synced(id(7), STATION), credit_code: '91330304MA2CTX0007', name: '已注销的商店', food: false, status: 'cancelled', zone_id: Z2, status_text: '注销' },
];

describe('migration 0009_read_models: live-row indexes for the zone screens', () => {
  const before = versionAfter('0009_read_models') - 1;
  // The open unlicensed count of one zone in the latest census (zones.service.ts, zoneSelect).
  const openCount = "SELECT count(*) n FROM unlicensed u WHERE u.zone_id = ? AND u.deleted_at IS NULL AND u.status = 'unlicensed' AND u.census_id = ?";

  it('keeps every unlicensed row, and the open count searches the index of live rows by zone, census and status', () => {
    const db = databaseAt(before);
    insertData(db, 'office', offices);
    insertData(db, 'census', [
      { ...synced(CENSUS_OLD, STATION), name: '2025年无照经营排查', census_date: '2025-06-30' },
      { ...synced(CENSUS_NEW, STATION), name: '2026年无照经营排查', census_date: '2026-06-30', notes: '景山街道全域' },
    ]);
    insertData(db, 'unlicensed', [
      {
        ...synced(id(101), STATION),
        census_id: CENSUS_NEW,
        zone_id: Z1,
        grid_id: G1,
        name: '府东路流动摊贩',
        address: '府东路口',
        operator: '赵某',
        category: '餐饮',
        status: 'unlicensed',
      },
      {
        ...synced(id(102), STATION),
        census_id: CENSUS_NEW,
        zone_id: Z1,
        grid_id: G1,
        name: '老街水果摊',
        category: '食品销售',
        status: 'unlicensed',
        note: '已告知办照流程',
      },
      { ...synced(id(103), STATION), census_id: CENSUS_NEW, zone_id: Z1, name: '景山废品回收点', status: 'licensed' },
      { ...synced(id(104), STATION), census_id: CENSUS_NEW, zone_id: Z1, name: '社区义剪点', status: 'exempt', exempt_reason: '公益服务' },
      {
        ...synced(id(105), STATION, '2026-07-01T01:00:00.000Z', '2026-07-02T01:00:00.000Z'),
        census_id: CENSUS_NEW,
        zone_id: Z1,
        name: '重复录入',
        status: 'unlicensed',
      },
      { ...synced(id(106), STATION), census_id: CENSUS_OLD, zone_id: Z1, name: '去年的摊点', status: 'unlicensed' },
      { ...synced(id(107), STATION), census_id: CENSUS_NEW, zone_id: Z2, name: '桥头修车铺', status: 'unlicensed' },
    ]);
    const rows = getTableData(db, 'unlicensed');
    expect(db.prepare(openCount).get(Z1, CENSUS_NEW)).toEqual({ n: 2 });
    expect(explain(db, openCount, [Z1, CENSUS_NEW])).toBe('SEARCH u USING INDEX unlicensed_zone_idx (zone_id=?)');

    updateToVersion(db, before + 1);

    expect(getTableData(db, 'unlicensed')).toEqual(rows);
    expect(db.prepare(openCount).get(Z1, CENSUS_NEW)).toEqual({ n: 2 });
    // Not a covering index: deleted_at is in its WHERE, not its columns, so each match is still read from the table.
    expect(explain(db, openCount, [Z1, CENSUS_NEW])).toBe('SEARCH u USING INDEX unlicensed_zone_live_idx (zone_id=? AND census_id=? AND status=?)');
    // A deleted row leaves the partial index; the count does not change.
    db.prepare('UPDATE unlicensed SET deleted_at = ? WHERE id = ?').run('2026-08-01T00:00:00.000Z', id(101));
    expect(db.prepare(openCount).get(Z1, CENSUS_NEW)).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) n FROM grid_business_count').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 0010_business_count_triggers: the business counts by zone and grid', () => {
  const before = versionAfter('0010_business_count_triggers') - 1;
  const liveByZone = `SELECT coalesce(zone_id, '') zone_id, office_id, status, food, count(*) n FROM business WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
  const liveByGrid = `SELECT coalesce(grid_id, '') grid_id, office_id, status, food, count(*) n FROM business WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
  const zoneCounts = 'SELECT zone_id, office_id, status, food, n FROM zone_business_count ORDER BY 1, 2, 3, 4';
  const gridCounts = 'SELECT grid_id, office_id, status, food, n FROM grid_business_count ORDER BY 1, 2, 3, 4';

  it('counts the businesses already there once, and keeps the counts with every later change', () => {
    const db = databaseAt(before);
    insertData(db, 'office', offices);
    insertData(db, 'business', businesses);
    const rows = getTableData(db, 'business');
    expect(db.prepare(zoneCounts).all()).toEqual([]);

    updateToVersion(db, before + 1);

    expect(getTableData(db, 'business')).toEqual(rows);
    expect(db.prepare(zoneCounts).all()).toEqual(db.prepare(liveByZone).all());
    expect(db.prepare(gridCounts).all()).toEqual(db.prepare(liveByGrid).all());
    // Spelled out for zone 1: two food shops and a hardware shop; the deleted one is not counted.
    expect(db.prepare("SELECT food, n FROM zone_business_count WHERE zone_id = ? AND status = 'active' ORDER BY food").all(Z1)).toEqual([
      { food: 0, n: 1 },
      { food: 1, n: 2 },
    ]);
    expect(db.prepare("SELECT sum(n) n FROM zone_business_count WHERE zone_id = ''").get()).toEqual({ n: 1 });

    // After the migration the triggers keep them: a move, a status change, a delete, an undelete, a new row.
    db.prepare('UPDATE business SET zone_id = ?, grid_id = NULL WHERE id = ?').run(Z2, id(3));
    db.prepare("UPDATE business SET status = 'revoked', status_text = '吊销' WHERE id = ?").run(id(2));
    db.prepare('UPDATE business SET deleted_at = ? WHERE id = ?').run('2026-09-01T00:00:00.000Z', id(5));
    db.prepare('UPDATE business SET deleted_at = NULL WHERE id = ?').run(id(6));
    insertData(db, 'business', [
      { ...synced(id(8), STATION), credit_code: '92330304MA2CTX0008', name: '新开的早餐店', food: true, status: 'active', zone_id: Z2, grid_id: G1 },
    ]);
    db.prepare('DELETE FROM business WHERE id = ?').run(id(4));
    expect(db.prepare(zoneCounts).all()).toEqual(db.prepare(liveByZone).all());
    expect(db.prepare(gridCounts).all()).toEqual(db.prepare(liveByGrid).all());
    // The one business without a zone is gone: no row names the empty zone any more.
    expect(db.prepare("SELECT count(*) n FROM zone_business_count WHERE zone_id = ''").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 0011_sync_rejected_quarantine: refused edits and held rows keep what they were', () => {
  const before = versionAfter('0011_sync_rejected_quarantine') - 1;

  it('keeps held rows and refused edits; the held rows are not taken for quarantined ones', () => {
    const db = databaseAt(before);
    // Held by an older build: rows with columns a newer desk wrote, waiting for this app to know them.
    const pending = [
      { table_name: 'cadre', row_id: id(201), body: { id: id(201), office_id: STATION, name: '张伟', phone: '13805770001', future_col: 'x' } },
      { table_name: 'business', row_id: id(1), body: { id: id(1), office_id: STATION, name: '瓯海景山便利店', licence_no: 'JY13303040001' } },
    ];
    insertData(db, 'sync_pending_in', pending);
    insertData(db, 'sync_rejected', [
      { op_id: id(301), table_name: 'cadre', row_id: id(201), reason: 'out_of_scope', at: Date.parse('2026-10-08T02:00:00Z') },
      { op_id: id(302), table_name: 'appraisal', row_id: id(202), reason: 'class', at: Date.parse('2026-10-09T02:00:00Z') },
    ]);

    updateToVersion(db, before + 1);

    expect(getTableData(db, 'sync_pending_in', 'seq')).toEqual(
      pending.map((p, i) => ({
        seq: i + 1,
        table_name: p.table_name,
        row_id: p.row_id,
        body: JSON.stringify(p.body),
        reason: null,
        detail: null,
        origin: null,
        at: null,
      })),
    );
    // The worker's own queries: nothing counted as quarantined, both rows replayed when the app learns the columns.
    expect(db.prepare("SELECT count(*) n FROM sync_pending_in WHERE reason = 'invalid'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT table_name, row_id FROM sync_pending_in ORDER BY seq').all()).toEqual(
      pending.map((p) => ({ table_name: p.table_name, row_id: p.row_id })),
    );
    expect(getTableData(db, 'sync_rejected', 'at DESC, op_id')).toEqual([
      {
        op_id: id(302),
        table_name: 'appraisal',
        row_id: id(202),
        reason: 'class',
        at: Date.parse('2026-10-09T02:00:00Z'),
        columns: null,
        office_id: null,
        detail: null,
      },
      {
        op_id: id(301),
        table_name: 'cadre',
        row_id: id(201),
        reason: 'out_of_scope',
        at: Date.parse('2026-10-08T02:00:00Z'),
        columns: null,
        office_id: null,
        detail: null,
      },
    ]);
    db.close();
  });
});

describe('migration 0012_read_version: the HR read cache version', () => {
  const before = versionAfter('0012_read_version') - 1;

  it('starts at 0 over the rows already there, and moves with HR tables only', () => {
    const db = databaseAt(before);
    insertData(db, 'office', offices);
    insertData(db, 'cadre', [
      {
        ...synced(id(201), STATION),
        name: '张伟',
        gender: 'M',
        birth_date: '1985-03-01',
        post: '所长',
        status: 'active',
        phone: '13805770001',
        rank: '一级主任科员',
        rank_start: '2021-01-01',
        education: 'bachelor',
        work_start: '2007-08-01',
      },
      {
        ...synced(id(202), STATION),
        name: '李娜',
        gender: 'F',
        birth_date: '1990-11-20',
        post: '科员',
        status: 'active',
        rank: '四级主任科员',
        rank_start: '2022-07-01',
      },
    ]);
    insertData(db, 'appraisal', [{ ...synced(id(401), STATION), cadre_id: id(202), year: 2025, grade: '称职' }]);
    insertData(db, 'business', businesses.slice(0, 2));
    const cadres = getTableData(db, 'cadre');

    updateToVersion(db, before + 1);

    expect(getTableData(db, 'cadre')).toEqual(cadres);
    const v = () => db.prepare("SELECT v FROM read_version WHERE domain = 'hr'").pluck().get();
    expect(getTableData(db, 'read_version')).toEqual([{ domain: 'hr', v: 0 }]);
    db.prepare("UPDATE cadre SET post = '副所长' WHERE id = ?").run(id(202));
    expect(v()).toBe(1);
    insertData(db, 'appraisal', [{ ...synced(id(402), STATION), cadre_id: id(201), year: 2025, grade: '优秀' }]);
    expect(v()).toBe(2);
    // A business change leaves the HR cache alone (db/read-version.test.ts goes through every table).
    db.prepare("UPDATE business SET phone = '057788880000' WHERE id = ?").run(id(1));
    expect(v()).toBe(2);
    db.close();
  });
});
