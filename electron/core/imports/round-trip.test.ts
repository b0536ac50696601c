import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../shared/domain/credit-code';
import { idCheckChar } from '../../../shared/domain/id-number';
import { setupCore, userSession, type TestCore } from '../test/helpers';
import { commitAndWait } from './test-helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const idFor = (birth: string, seq = '001') => {
  const first17 = `330304${birth.replaceAll('-', '')}${seq}`;
  return first17 + idCheckChar(first17);
};
const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};
const n = (sql: string) => (t.core.sqlite.prepare(sql).get() as { n: number }).n;
/** What an import may change: rows, sync ops and audit entries. */
const footprint = () => [
  n('SELECT count(*) n FROM business'),
  n('SELECT count(*) n FROM cadre'),
  n('SELECT count(*) n FROM unlicensed'),
  n('SELECT count(*) n FROM outbox'),
  n('SELECT count(*) n FROM audit_log'),
];
/**
 * The whole database as rows: every table (the search index's shadow tables aside), in rowid
 * order. The mapping a commit remembers for the file's layout is this device's preference, not
 * data, and is left out.
 */
function database(): Record<string, unknown[]> {
  const tables = (
    t.core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const name of tables) {
    const rows = t.core.sqlite.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    out[name] = name === 'local_meta' ? rows.filter((r) => !String(r.key).startsWith('import.layout.')) : rows;
  }
  return out;
}

async function workbook(rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function county() {
  t = await setupCore();
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  const other = await t.call('offices.create', { name: '新桥所', code: '330305' }, t.adminToken);
  const zone = await t.call('zones.create', { officeId: s.id, code: 'ZR01', name: '景山第一责任区' }, t.adminToken);
  const grid = await t.call('grids.create', { officeId: s.id, township: '景山', code: 'JS-01', name: '景山01网格' }, t.adminToken);
  return { s, other, zone, grid };
}

describe('round trip: every list exports to a file that imports back with no errors and no changes', () => {
  it('businesses, exported for one station', async () => {
    const { s, zone, grid } = await county();
    const base = {
      officeId: s.id,
      regNo: null,
      type: '个体工商户',
      address: '景山街道 1 号',
      legalRep: '张三',
      phone: null,
      food: false,
      riskLevel: 'low' as const,
      status: 'active' as const,
      zoneId: null,
      gridId: null,
    };
    await t.call(
      'businesses.create',
      { ...base, creditCode: code(1), name: '甲店', zoneId: zone.id, gridId: grid.id, foundedOn: '2024-04-16', food: true, riskLevel: 'high' },
      t.adminToken,
    );
    await t.call(
      'businesses.create',
      { ...base, creditCode: null, regNo: '330304600012345', name: '乙店', status: 'revoked', statusText: '吊销，未注销' },
      t.adminToken,
    );
    const bad = code(3).slice(0, 17) + (code(3)[17] === '0' ? '1' : '0');
    await t.call('businesses.create', { ...base, creditCode: bad, name: '校验位不符的店', status: 'cancelled', phone: '13800000000' }, t.adminToken);
    const chief = await userSession(t, 'chief', s.id);
    const { fileBase64 } = await t.call('businesses.export', { officeId: s.id }, t.adminToken);
    const before = database();
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: '市场主体.xlsx', fileBase64 }, t.adminToken);
    expect(p).toMatchObject({ rows: 3, errorCount: 0, creates: 0, updates: 0, unchanged: 3 });
    expect(p.columns.find((c) => c.header === '所属单位')?.field).toBe('office');
    expect(p.issues.filter((i) => i.code !== 'credit_check')).toEqual([]);
    expect((await commitAndWait(t, p.previewId)).result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(database()).toEqual(before);
    // A station chief's export of the station, read back by the chief (into the station, or with none chosen).
    const own = await t.call('businesses.export', {}, chief);
    expect(own.rows).toBe(3);
    for (const target of [{ officeId: s.id }, {}]) {
      const q = await t.call('businesses.importPreview', { ...target, fileName: '本所.xlsx', fileBase64: own.fileBase64 }, chief);
      expect(q).toMatchObject({ rows: 3, errorCount: 0, creates: 0, updates: 0, unchanged: 3 });
      expect((await commitAndWait(t, q.previewId, { token: chief })).result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
      expect(database()).toEqual(before);
    }
  });

  it('businesses, the county-wide export: each row goes back to its own station, named by 所属单位', async () => {
    const { s, other, zone, grid } = await county();
    // Both stations have a zone and a grid of the same name: each row finds its own station's.
    const zone2 = await t.call('zones.create', { officeId: other.id, code: 'ZR01', name: '景山第一责任区' }, t.adminToken);
    const grid2 = await t.call('grids.create', { officeId: other.id, township: '新桥', code: 'JS-01', name: '景山01网格' }, t.adminToken);
    const base = {
      regNo: null,
      type: '个体工商户',
      address: '1 号',
      legalRep: '张三',
      phone: null,
      food: false,
      riskLevel: 'low' as const,
      status: 'active' as const,
      zoneId: null,
      gridId: null,
    };
    await t.call(
      'businesses.create',
      { ...base, officeId: s.id, creditCode: code(1), name: '景山甲店', zoneId: zone.id, gridId: grid.id, foundedOn: '2024-04-16' },
      t.adminToken,
    );
    await t.call(
      'businesses.create',
      { ...base, officeId: s.id, creditCode: null, regNo: '330304600012345', name: '景山乙店', status: 'revoked', statusText: '吊销，未注销' },
      t.adminToken,
    );
    await t.call(
      'businesses.create',
      { ...base, officeId: other.id, creditCode: code(3), name: '新桥丙店', zoneId: zone2.id, gridId: grid2.id, food: true, riskLevel: 'high' },
      t.adminToken,
    );
    await t.call(
      'businesses.create',
      { ...base, officeId: other.id, creditCode: code(4), name: '新桥丁店', status: 'suspended', phone: '13800000000' },
      t.adminToken,
    );
    const chief = await userSession(t, 'chief', s.id);
    const { fileBase64, rows } = await t.call('businesses.export', {}, t.adminToken);
    expect(rows).toBe(4);
    const before = database();

    // The administrator, no station chosen: each row's 所属单位.
    const p = await t.call('businesses.importPreview', { fileName: '全县市场主体.xlsx', fileBase64 }, t.adminToken);
    expect(p.issues).toEqual([]);
    expect(p).toMatchObject({ rows: 4, errorCount: 0, creates: 0, updates: 0, unchanged: 4 });
    expect((await commitAndWait(t, p.previewId)).result).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(database()).toEqual(before);

    // The station named by its code (where the code is that station's only) is the same station.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const col = (ws.getRow(1).values as unknown[]).indexOf('所属单位');
    expect(col).toBeGreaterThan(0);
    ws.eachRow((r, i) => i > 1 && (r.getCell(col).value = r.getCell(col).value === '新桥所' ? '330305' : r.getCell(col).value));
    const byCode = await t.call(
      'businesses.importPreview',
      { fileName: 'x.xlsx', fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
      t.adminToken,
    );
    expect(byCode).toMatchObject({ rows: 4, errorCount: 0, unchanged: 4 });

    // Into one chosen station, the other station's rows are refused, not moved.
    const into = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'x.xlsx', fileBase64 }, t.adminToken);
    expect(into.issues.map((i) => [i.code, i.level, i.params.value])).toEqual([
      ['station_other', 'error', '新桥所'],
      ['station_other', 'error', '新桥所'],
    ]);
    expect(into).toMatchObject({ unchanged: 2, errorRows: 2 });

    // A station chief may not bring in another station's rows.
    const theirs = await t.call('businesses.importPreview', { fileName: 'x.xlsx', fileBase64 }, chief);
    expect(theirs.issues.map((i) => i.code)).toEqual(['station_forbidden', 'station_forbidden']);

    // Without a 所属单位 and no station chosen, a row cannot be placed; an unknown station is named.
    const bare = await workbook([
      ['企业名称', '统一社会信用代码', '所属单位'],
      ['无所店', code(7), null],
      ['某所店', code(8), '不存在所'],
    ]);
    const lost = await t.call('businesses.importPreview', { fileName: 'x.xlsx', fileBase64: bare }, t.adminToken);
    expect(lost.issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'station_missing'],
      [3, 'station_unknown'],
    ]);
    // Into a chosen station, a registry's own name for a station it does not know is only a warning.
    const named = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'x.xlsx', fileBase64: bare }, t.adminToken);
    expect(named.issues.map((i) => [i.row, i.code, i.level])).toEqual([[3, 'station_unknown_ignored', 'warning']]);
    expect(database()).toEqual(before);
  });

  it('cadres, for HR (numbers in clear) and for a station chief and the administrator (numbers masked: "keep the stored one")', async () => {
    const { s, other } = await county();
    const hr = await userSession(t, 'hr', s.id);
    await t.call(
      'cadres.create',
      {
        officeId: s.id,
        name: '林晓',
        gender: 'F',
        birthDate: '1999-05-02',
        idNumber: idFor('1999-05-02', '002'),
        workStart: '2025-08-01',
        joinDate: '2025-08-01',
        post: '综合监管岗',
        rank: '一级科员',
        rankStart: '2025-08-01',
        education: '大学本科',
        politics: '中共党员',
      },
      hr,
    );
    const veteran = await t.call(
      'cadres.create',
      {
        officeId: s.id,
        name: '王建华',
        gender: 'M',
        birthDate: '1966-03-10',
        idNumber: idFor('1966-03-10', '011'),
        workStart: '1986-07-01',
        post: '督导员',
        leadershipPost: '乡科级正职',
        leadershipStart: '2010-01-01',
        rank: '一级主任科员',
        rankStart: '2020-01-01',
        sgf: true,
        sgfDate: '2021-06-01',
      },
      hr,
    );
    await t.call(
      'cadres.create',
      { officeId: s.id, name: '周敏', gender: 'F', birthDate: '1990-01-01', workStart: '2012-07-01', phone: '0577-1234' },
      t.adminToken,
    );
    // Another station's cadre: the administrator's and HR's export is the whole county.
    await t.call(
      'cadres.create',
      {
        officeId: other.id,
        name: '陈新',
        gender: 'M',
        birthDate: '1985-11-20',
        idNumber: idFor('1985-11-20', '031'),
        workStart: '2008-09-01',
        post: '所长',
        rank: '四级主任科员',
        rankStart: '2019-01-01',
      },
      hr,
    );
    // On an active secondment the register shows 挂职 although the stored status is 在岗.
    await t.call(
      'dossiers.saveSecondment',
      { cadreId: veteran.id, kind: 'secondment', hostOrg: '区市场监管局', post: '挂职', startDate: '2026-01-01', endDate: '2027-12-31', note: null },
      hr,
    );
    const chief = await userSession(t, 'chief', s.id);
    // HR sees numbers in clear; the chief and the administrator see them masked.
    for (const [token, n] of [
      [hr, 4],
      [chief, 3],
      [t.adminToken, 4],
    ] as const) {
      const { fileBase64, rows } = await t.call('cadres.export', {}, token);
      expect(rows).toBe(n);
      const before = database();
      const p = await t.call('cadres.importPreview', { fileName: '干部名册.xlsx', fileBase64 }, token);
      expect(p.issues).toEqual([]);
      expect(p).toMatchObject({ rows: n, errorCount: 0, creates: 0, updates: 0, unchanged: n });
      expect((await commitAndWait(t, p.previewId, { token })).result).toMatchObject({ created: 0, updated: 0, unchanged: n });
      expect(database()).toEqual(before);
    }
    // A masked number that is not the stored one's mask is refused, not taken as "keep".
    const { fileBase64 } = await t.call('cadres.export', {}, chief);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(2).getCell(4).value = '1111**********2222';
    const p = await t.call('cadres.importPreview', { fileName: 'x.xlsx', fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }, chief);
    expect(p.issues).toEqual([expect.objectContaining({ row: 2, field: 'idNumber', level: 'error', code: 'id_mask_mismatch' })]);
  });

  it('census entries', async () => {
    const { s, zone, grid } = await county();
    const c = await t.call('census.create', { officeId: s.id, name: '2026 年秋季普查', censusDate: '2026-10-08', notes: null }, t.adminToken);
    const entry = { censusId: c.id, zoneId: null, gridId: null, address: null, operator: null, category: null, exemptReason: null, note: null };
    await t.call(
      'census.addEntry',
      { ...entry, name: '无名早餐摊', address: '景山路口', operator: '老陈', category: '餐饮', zoneId: zone.id, gridId: grid.id, status: 'unlicensed' },
      t.adminToken,
    );
    await t.call(
      'census.addEntry',
      { ...entry, name: '社区菜摊', status: 'exempt', exemptReason: '无证无照经营查处办法第三条：农民自产农副产品', note: '每周二、五' },
      t.adminToken,
    );
    await t.call('census.addEntry', { ...entry, name: '修鞋铺', status: 'licensed' }, t.adminToken);
    const { fileBase64, rows } = await t.call('census.export', { censusId: c.id }, t.adminToken);
    expect(rows).toBe(3);
    const before = database();
    const p = await t.call('census.importPreview', { censusId: c.id, fileName: '无照底数.xlsx', fileBase64 }, t.adminToken);
    expect(p.issues).toEqual([]);
    expect(p).toMatchObject({ rows: 3, errorCount: 0, creates: 0, updates: 0, unchanged: 3 });
    const job = await commitAndWait(t, p.previewId);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(database()).toEqual(before);
  });
});

describe('register import from an HR system', () => {
  it('takes the HR system column names, writes nothing while any row is bad, and names each bad row', async () => {
    const { s } = await county();
    const hr = await userSession(t, 'hr', s.id);
    const before = footprint();
    const head = [
      '序号',
      '姓名',
      '性别',
      '出生年月',
      '公民身份号码',
      '工作单位',
      '现任职务',
      '参加工作时间',
      '最高学历',
      '政治面貌',
      '现职级',
      '任现职级时间',
      '人员状态',
    ];
    const good = [
      '1',
      '孙立',
      '男',
      '1991.03',
      idFor('1991-03-09', '015'),
      '景山所',
      '综合监管岗',
      '2013.8.1',
      '本科',
      '党员',
      '四级主任科员',
      '2022-01-01',
      '在职',
    ];
    const rows = [
      ['景山所干部花名册'],
      head,
      good,
      ['2', '钱二', '男', '1991.03', idFor('1991-03-09', '015'), '景山所', null, null, null, null, null, null, null], // the same number as row 3
      ['3', '周三', '未知', '1990-01-01', null, '景山所', null, null, null, null, null, null, null],
      ['4', '吴四', '男', '1990-01-01', null, '不存在的所', null, null, null, null, null, null, null],
      ['5', '郑五', '男', '1991-03-10', idFor('1991-03-09', '035'), '景山所', null, null, null, null, null, null, null],
      // Year and month only (出生年月, 参加工作时间): the 1st of the month.
      ['6', '冯六', '男', '1988年06月', null, '景山所', null, '201007', null, null, null, null, null],
    ];
    const p = await t.call('cadres.importPreview', { fileName: '花名册.xls', fileBase64: await workbook(rows) }, hr);
    expect(p.headerRow).toBe(2);
    expect(p.issues.filter((i) => i.level === 'error').map((i) => [i.row, i.code])).toEqual([
      [4, 'cadre_repeated'],
      [5, 'gender_bad'],
      [6, 'office_unknown'],
      [7, 'rule'],
    ]);
    expect(await t.core.dispatch('imports.commit', { previewId: p.previewId }, { sessionToken: hr })).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', details: { reason: 'has_errors' } },
    });
    expect(footprint()).toEqual(before);
    // "Import the rest": the good row lands, the bad ones stay out.
    const job = await commitAndWait(t, p.previewId, { skipErrors: true, token: hr });
    expect(job.result).toMatchObject({ created: 2, skipped: 4 });
    expect((await t.call('cadres.list', { search: '冯六' }, hr))[0]).toMatchObject({ birthDate: '1988-06-01', workStart: '2010-07-01' });
    const sun = (await t.call('cadres.list', { search: '孙立' }, hr))[0]!;
    expect(sun).toMatchObject({
      officeId: s.id,
      birthDate: '1991-03-09',
      workStart: '2013-08-01',
      rank: '四级主任科员',
      education: '大学本科',
      politics: '中共党员',
      status: 'active',
    });
    // A station chief (or the administrator) may not bring in identity numbers.
    const chief = await userSession(t, 'chief', s.id);
    const refused = await t.call(
      'cadres.importPreview',
      { fileName: 'x.xlsx', fileBase64: await workbook([head, ['1', '王六', '男', '1991-03-09', idFor('1991-03-09', '055'), '景山所']]) },
      chief,
    );
    expect(refused.issues).toEqual([expect.objectContaining({ field: 'idNumber', code: 'id_forbidden', level: 'error' })]);
  });
});
