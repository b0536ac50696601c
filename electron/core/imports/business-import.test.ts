import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../shared/domain/credit-code';
import { setupCore, type TestCore } from '../test/helpers';
import { commitAndWait } from './test-helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};
const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const HEADER = ['序号', '统一社会信用代码（注册号）', '企业名称', '类型', '住所', '法定代表人', '登记状态', '成立日期', '所属网格'];
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/** A district register export as it comes: a merged title, an export line, blank lines, a 合计 footer. */
function registryRows(): (string | number | null)[][] {
  const data: (string | number | null)[][] = [
    [
      '1',
      code(1).toLowerCase(),
      '温州市瓯海区南白象鑫达五金店',
      '个体工商户',
      '南白象街道 1 号',
      '张三',
      '存续（在营、开业、在册）',
      '2024-04-16',
      '瓯海-南白象-08网格',
    ],
    ['2', fullWidth(code(2)), '温州华兴餐饮有限公司', '有限责任公司', '南白象街道 2 号', '李四', '在业', '2022年3月23日', '瓯海-南白象-08网格'],
    ['3', `  ${code(3)}  `, '瓯海区老李修车铺', '个体工商户', '南白象街道 3 号', '王五', '吊销，未注销', serial('2019-07-01'), '瓯海-南白象-08网格'],
    ['4', '330304600012345', '瓯海区老字号布店', '个体工商户', '南白象街道 4 号', '赵六', '注销', '2008/5/20', '瓯海-南白象-08网格'],
    ['5', code(5), '温州迁走了贸易有限公司', '有限责任公司', '南白象街道 5 号', '钱七', '迁出', '2015.6.1', '瓯海-南白象-99网格'],
    ['6', code(6), '温州撤销登记科技有限公司', '有限责任公司', '南白象街道 6 号', '孙八', '撤销', '2016-01-02', '瓯海-南白象-08网格'],
    ['7', code(7), '瓯海区暂停营业小吃店', '个体工商户', '南白象街道 7 号', '周九', '停业', '2020-10-10', '瓯海-南白象-08网格'],
    ['8', code(8), '瓯海区被吊销的商行', '个体工商户', '南白象街道 8 号', '吴十', '吊销', '2017-03-04', '瓯海-南白象-08网格'],
    [
      '9',
      code(2),
      '（更名）温州华兴餐饮管理有限公司',
      '有限责任公司',
      '南白象街道 2 号',
      '李四',
      '存续（在营、开业、在册）',
      '2022年3月23日',
      '瓯海-南白象-08网格',
    ],
  ];
  return [
    ['温州市瓯海区市场主体名录'],
    ['导出时间：2026-11-20 10:12 导出人：南白象所'],
    [],
    HEADER,
    ...data.slice(0, 3),
    [],
    ...data.slice(3),
    [],
    ['合计', null, '共 9 户'],
  ];
}

async function asXlsx(rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('市场主体名录');
  for (const r of rows) ws.addRow(r.map((v, i) => (typeof v === 'number' && i === 7 ? new Date(Date.UTC(1899, 11, 30) + v * 86_400_000) : v)));
  ws.mergeCells('A1:I1');
  ws.mergeCells('A2:I2');
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

function asXls(rows: (string | number | null)[][]): string {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = [XLSX.utils.decode_range('A1:I1'), XLSX.utils.decode_range('A2:I2')];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '市场主体名录');
  return (XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer).toString('base64');
}

function asGbkCsv(rows: (string | number | null)[][]): string {
  const text = rows
    .map((r) => r.map((v) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(','))
    .join('\r\n');
  return iconv.encode(text, 'gbk').toString('base64');
}

async function station() {
  t = await setupCore();
  const s = await t.call('offices.create', { name: '南白象所', code: '330304' }, t.adminToken);
  const z = await t.call('zones.create', { officeId: s.id, code: 'ZR01', name: '南白象第一责任区' }, t.adminToken);
  const g = await t.call('grids.create', { officeId: s.id, township: '南白象', code: 'NBX-08', name: '08网格' }, t.adminToken);
  // 双轨并进: the grid lies in the zone, so rows naming only the grid get the zone.
  await t.call('grids.setZones', { gridId: g.id, zoneIds: [z.id] }, t.adminToken);
  return s;
}

const registered = () =>
  t.core.sqlite
    .prepare(
      'SELECT b.credit_code, b.reg_no, b.name, b.status, b.status_text, b.founded_on, g.code AS grid FROM business b LEFT JOIN grid g ON g.id = b.grid_id WHERE b.deleted_at IS NULL ORDER BY b.name',
    )
    .all() as Record<string, string | null>[];

describe('business import of a registry export', () => {
  const formats = [
    ['xlsx', () => asXlsx(registryRows())],
    ['xls', async () => asXls(registryRows())],
    ['GBK csv', async () => asGbkCsv(registryRows().map((r) => r.map((v, i) => (typeof v === 'number' && i === 7 ? String(v) : v))))],
  ] as const;

  it.each(formats)('reads the messy register as %s: header below the title, wording, codes, grids by name, dates, a rename', async (fmt, make) => {
    const s = await station();
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: `名录.${fmt}`, fileBase64: await make() }, t.adminToken);
    expect(p.format).toBe(fmt === 'GBK csv' ? 'csv' : fmt);
    if (fmt === 'GBK csv') expect(p.encoding).toBe('gb18030');
    expect(p.headerRow).toBe(4);
    expect(p.columns.find((c) => c.header === '统一社会信用代码（注册号）')?.field).toBe('code');
    expect(p.columns.find((c) => c.header === '序号')?.field).toBeNull();
    expect(p.rows).toBe(9); // the 合计 footer and blank lines are not rows
    expect(p.errorCount).toBe(0);
    expect(p.creates).toBe(8); // row 9 renames row 2's business
    const warn = (c: string) => p.issues.filter((i) => i.code === c);
    expect(warn('code_repeated')).toEqual([
      expect.objectContaining({ row: 14, level: 'warning', params: expect.objectContaining({ first: 6, value: code(2) }) }),
    ]);
    expect(warn('grid_unknown')).toEqual([expect.objectContaining({ row: 10, params: expect.objectContaining({ value: '瓯海-南白象-99网格' }) })]);
    expect(p.unknownGrids).toEqual([{ text: '瓯海-南白象-99网格', rows: 1 }]);
    expect(p.summary.find((g) => g.code === 'grid_unknown')).toMatchObject({ count: 1, level: 'warning', rows: [10] });
    expect(registered()).toEqual([]);

    const job = await commitAndWait(t, p.previewId);
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ state: 'done', result: { created: 8, updated: 0 } });
    const rows = registered();
    const by = (name: string) => rows.find((r) => r.name === name);
    expect(rows).toHaveLength(8);
    expect(by('温州市瓯海区南白象鑫达五金店')).toMatchObject({
      credit_code: code(1),
      status: 'active',
      status_text: '存续（在营、开业、在册）',
      founded_on: '2024-04-16',
      grid: 'NBX-08',
    });
    expect(by('（更名）温州华兴餐饮管理有限公司')).toMatchObject({ credit_code: code(2), founded_on: '2022-03-23' });
    expect(by('温州华兴餐饮有限公司')).toBeUndefined();
    expect(by('瓯海区老李修车铺')).toMatchObject({ credit_code: code(3), status: 'revoked', status_text: '吊销，未注销', founded_on: '2019-07-01' });
    expect(by('瓯海区老字号布店')).toMatchObject({
      credit_code: null,
      reg_no: '330304600012345',
      status: 'cancelled',
      status_text: null,
      founded_on: '2008-05-20',
    });
    expect(by('温州迁走了贸易有限公司')).toMatchObject({ status: 'cancelled', status_text: '迁出', founded_on: '2015-06-01', grid: null });
    expect(by('温州撤销登记科技有限公司')).toMatchObject({ status: 'cancelled', status_text: '撤销' });
    expect(by('瓯海区暂停营业小吃店')).toMatchObject({ status: 'suspended', status_text: null, founded_on: '2020-10-10' });
    expect(by('瓯海区被吊销的商行')).toMatchObject({ status: 'revoked', status_text: null });
    // Every row went through the synced write path: an outbox op and an audit entry each.
    const n = (sql: string) => (t.core.sqlite.prepare(sql).get() as { n: number }).n;
    expect(n("SELECT count(*) n FROM outbox WHERE table_name = 'business'")).toBe(8);
    expect(n("SELECT count(*) n FROM audit_log WHERE entity = 'business' AND method = 'imports.commit'")).toBe(8);
    expect(t.core.services.audit.verify().ok).toBe(true);
    // The file has no zone column: rows take the zone of their grid (08网格 lies in ZR01); the one
    // naming an unknown grid stays unassigned, and the overview says how many.
    const ov = await t.call('zones.overview', { officeId: s.id }, t.adminToken);
    expect(ov.stations[0]).toMatchObject({ unassigned: 1 });
    // The same file again: nothing changes, so nothing is counted as updated (the unknown grid stays unassigned).
    const again = await t.call('businesses.importPreview', { officeId: s.id, fileName: `名录.${fmt}`, fileBase64: await make() }, t.adminToken);
    // The preview counts what the commit then does: the row with the unknown grid is unchanged too.
    expect(again).toMatchObject({ creates: 0, updates: 0, unchanged: 8 });
    const job2 = await commitAndWait(t, again.previewId);
    expect(job2.result).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    expect(n("SELECT count(*) n FROM outbox WHERE table_name = 'business'")).toBe(8);
    // With the unknown grid created, that row is the one update.
    const third = await t.call('businesses.importPreview', { officeId: s.id, fileName: `名录.${fmt}`, fileBase64: await make() }, t.adminToken);
    const job3 = await commitAndWait(t, third.previewId, { unknownRefs: 'create' });
    expect(job3.result).toMatchObject({ created: 0, updated: 1, unchanged: 7, gridsCreated: 1 });
  });

  it('lets the user change the mapping, remembers it for the same layout, creates unknown grids on request, and hands out the report', async () => {
    const s = await station();
    const file = await asXlsx(registryRows());
    const p1 = await t.call('businesses.importPreview', { officeId: s.id, fileName: '名录.xlsx', fileBase64: file }, t.adminToken);
    expect(p1.remembered).toBe(false);
    const addressCol = p1.columns.find((c) => c.header === '住所')!.index;
    // Ignore the address column: a preview of the same file again, not sent twice.
    const p2 = await t.call('businesses.importPreview', { officeId: s.id, previewId: p1.previewId, mapping: { [addressCol]: null } }, t.adminToken);
    expect(p2.columns.find((c) => c.index === addressCol)?.field).toBeNull();
    expect(await t.core.dispatch('imports.commit', { previewId: p1.previewId }, { sessionToken: t.adminToken })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // The report: every data row as it was, with a 问题 column worded by the caller.
    const { fileBase64 } = await t.call(
      'imports.report',
      { previewId: p2.previewId, words: { grid_unknown: '网格无法识别：{{value}}', code_repeated: '与第 {{first}} 行代码相同' }, problemHeader: '问题' },
      t.adminToken,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe('问题');
    const problems = new Map<number, string>();
    ws.eachRow((r, i) => i > 1 && problems.set(Number(r.getCell(1).value), String(r.getCell(header.length).value ?? '')));
    expect(problems.get(10)).toContain('网格无法识别：瓯海-南白象-99网格');
    expect(problems.get(14)).toContain('与第 6 行代码相同');
    expect(problems.get(5)).toBe('');

    const job = await commitAndWait(t, p2.previewId, { unknownRefs: 'create' });
    expect(job.result).toMatchObject({ created: 8, gridsCreated: 1, zonesCreated: 0 });
    expect(registered().every((r) => r.grid !== null)).toBe(true);
    expect((t.core.sqlite.prepare('SELECT count(*) n FROM business WHERE address IS NOT NULL').get() as { n: number }).n).toBe(0);

    // The next file with the same columns comes with the mapping the user chose.
    const p3 = await t.call('businesses.importPreview', { officeId: s.id, fileName: '名录-12月.xlsx', fileBase64: file }, t.adminToken);
    expect(p3.remembered).toBe(true);
    expect(p3.columns.find((c) => c.index === addressCol)?.field).toBeNull();
    expect(p3).toMatchObject({ creates: 0, unchanged: 8, errorCount: 0 });

    // 不沿用: the remembered mapping is forgotten and the columns are guessed again, for this file and the next.
    const p4 = await t.call('businesses.importPreview', { officeId: s.id, previewId: p3.previewId, resetMapping: true }, t.adminToken);
    expect(p4.remembered).toBe(false);
    expect(p4.columns.find((c) => c.index === addressCol)?.field).toBe('address');
    const p5 = await t.call('businesses.importPreview', { officeId: s.id, fileName: '名录-1月.xlsx', fileBase64: file }, t.adminToken);
    expect(p5.remembered).toBe(false);
    expect(p5.columns.find((c) => c.index === addressCol)?.field).toBe('address');
  });

  it('reads a UTF-8 file with one stray bad byte as UTF-8 and warns on that row, not as GBK noise with no header', async () => {
    const s = await station();
    const text = Buffer.from(['企业名称,统一社会信用代码,住所', `甲商行,${code(1)},一号`, `乙商行,${code(2)},二号X`, `丙商行,${code(3)},三号`].join('\n'));
    const at = text.indexOf('二号X') + Buffer.byteLength('二号');
    text[at] = 0xff; // the X becomes a byte no UTF-8 text holds
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'x.csv', fileBase64: text.toString('base64') }, t.adminToken);
    expect(p).toMatchObject({ encoding: 'utf-8', rows: 3, creates: 3, errorCount: 0, warningCount: 1 });
    expect(p.issues.map((i) => [i.row, i.code, i.field])).toEqual([[3, 'undecodable', 'address']]);
    expect(p.columns.map((c) => c.field)).toEqual(['name', 'code', 'address']);
  });

  it('gives a row that names only its grid the zone of that grid, and says so when the grid has none or several', async () => {
    const s = await station();
    const z1 = (t.core.sqlite.prepare("SELECT id FROM zone WHERE code = 'ZR01'").get() as { id: string }).id;
    const z2 = (await t.call('zones.create', { officeId: s.id, code: 'ZR02', name: '南白象第二责任区' }, t.adminToken)).id;
    const wide = await t.call('grids.create', { officeId: s.id, township: '南白象', code: 'NBX-09', name: '09网格' }, t.adminToken);
    await t.call('grids.setZones', { gridId: wide.id, zoneIds: [z1, z2] }, t.adminToken);
    await t.call('grids.create', { officeId: s.id, township: '南白象', code: 'NBX-10', name: '10网格' }, t.adminToken);
    const csv = [
      '企业名称,统一社会信用代码,所属网格',
      `甲,${code(1)},瓯海-南白象-08网格`,
      `乙,${code(2)},NBX-09`,
      `丙,${code(3)},10网格`,
      `丁,${code(4)},`,
    ].join('\n');
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'g.csv', fileBase64: Buffer.from(csv).toString('base64') }, t.adminToken);
    expect(p.issues.map((i) => [i.row, i.code, i.params.value])).toEqual([
      [3, 'grid_zones_many', 'NBX-09'],
      [4, 'grid_no_zone', '10网格'],
    ]);
    await commitAndWait(t, p.previewId);
    const zoneOf = Object.fromEntries(
      (t.core.sqlite.prepare('SELECT name, zone_id FROM business').all() as { name: string; zone_id: string | null }[]).map((r) => [r.name, r.zone_id]),
    );
    expect(zoneOf).toEqual({ 甲: z1, 乙: null, 丙: null, 丁: null });
    // A business already on file without a zone gets its grid's zone; one with a zone keeps it.
    t.core.sqlite.prepare("UPDATE business SET zone_id = NULL WHERE name = '甲'").run();
    const again = await t.call(
      'businesses.importPreview',
      { officeId: s.id, fileName: 'g.csv', fileBase64: Buffer.from(csv).toString('base64') },
      t.adminToken,
    );
    expect(again).toMatchObject({ updates: 1, creates: 0 });
  });

  it('does not remember a mapping from an import that wrote nothing', async () => {
    const s = await station();
    const csv = (rows: string[]) => Buffer.from(['企业名称,统一社会信用代码,住所', ...rows].join('\n')).toString('base64');
    const first = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'a.csv', fileBase64: csv([`甲,${code(1)},一号`]) }, t.adminToken);
    await commitAndWait(t, first.previewId);
    // The same rows again with the address ignored: nothing changes, so nothing is remembered.
    const again = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'a.csv', fileBase64: csv([`甲,${code(1)},一号`]) }, t.adminToken);
    expect(again.remembered).toBe(true);
    const remap = await t.call('businesses.importPreview', { officeId: s.id, previewId: again.previewId, mapping: { 2: null } }, t.adminToken);
    const job = await commitAndWait(t, remap.previewId);
    expect(job.result).toMatchObject({ created: 0, updated: 0 });
    const next = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'b.csv', fileBase64: csv([`乙,${code(2)},二号`]) }, t.adminToken);
    expect(next.columns.find((c) => c.index === 2)?.field).toBe('address');
  });

  it('warns about a repeated 注册号: one business when no credit code is given, a check when the codes differ', async () => {
    const s = await station();
    const p = await t.call(
      'businesses.importPreview',
      {
        officeId: s.id,
        fileName: 'x.csv',
        fileBase64: Buffer.from(
          [
            '企业名称,统一社会信用代码,注册号',
            `甲,${code(1)},330304600000001`,
            `乙,${code(2)},330304600000001`,
            '丙,,330304600000002',
            '丙（更名）,,330304600000002',
          ].join('\n'),
        ).toString('base64'),
      },
      t.adminToken,
    );
    expect(p.issues.map((i) => [i.row, i.code, i.level, i.params.first])).toEqual([
      [3, 'regno_repeated', 'warning', 2],
      [5, 'code_repeated', 'warning', 4],
    ]);
    expect(p).toMatchObject({ rows: 4, creates: 3, errorCount: 0 });
  });
});
