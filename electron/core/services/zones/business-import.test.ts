import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../../shared/domain/credit-code';
import { setupCore, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};

/** A workbook shaped like a real registry export: merged title, blank rows, full-width text. */
async function messyWorkbook(rows: (string | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导出数据');
  ws.addRow(['温州市瓯海区市场主体名录（导出日期：2026-11-20）']);
  ws.mergeCells('A1:H1');
  ws.addRow([]);
  ws.addRow(['序号', '统一社会信用代码 *', '企业名称（必填）', '类型', '住所(经营场所)', '法定代表人(负责人)', '是否食品经营', '责任区']);
  rows.forEach((r, i) => {
    if (i === 2) ws.addRow([]);
    ws.addRow([String(i + 1), ...r]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function setup() {
  t = await setupCore();
  const s = await t.call('offices.create', { name: '娄桥所', code: '330304' }, t.adminToken);
  await t.call('zones.create', { officeId: s.id, code: 'ZR01', name: '娄桥第一责任区' }, t.adminToken);
  return s;
}

const count = () => (t.core.sqlite.prepare('SELECT count(*) n FROM business WHERE deleted_at IS NULL').get() as { n: number }).n;

describe('business import', () => {
  it('reads a messy registry export and reports every bad row, writing nothing', async () => {
    const s = await setup();
    const file = await messyWorkbook([
      [code(1), '温州市瓯海区娄桥鑫达五金店', '个体工商户', '娄桥街道古岸头路 1 号', '张三', '否', 'ZR01'],
      ['９２３３０３０４' + code(2).slice(8).toLowerCase(), '温州华兴餐饮有限公司', '有限责任公司', '娄桥街道 2 号', '李四', '是', 'zr01'],
      [code(3).slice(0, 17) + (code(3)[17] === '0' ? '1' : '0'), '校验位错误的店', '个体工商户', null, '王五', '否', null],
      ['12345', '格式错误的店', null, null, null, '否', null],
      [code(5), null, null, null, null, '否', null],
      [code(6), '未知责任区的店', null, null, null, '也许', 'ZR99'],
      [code(1), '重复代码的店', null, null, null, '否', null],
    ]);
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'export.xlsx', fileBase64: file }, t.adminToken);
    expect(p.headerRow).toBe(3);
    expect(p.rows).toBe(7);
    expect(p.mapped).toMatchObject({ creditCode: '统一社会信用代码 *', name: '企业名称（必填）', address: '住所(经营场所)', legalRep: '法定代表人(负责人)' });
    const byRow = (row: number) => p.issues.filter((i) => i.row === row);
    expect(byRow(4)).toEqual([]);
    expect(byRow(5)).toEqual([]); // full-width, lower case and the blank line are all fine
    expect(byRow(7)).toEqual([expect.objectContaining({ level: 'warning', field: 'creditCode', message: expect.stringContaining('校验位') })]);
    expect(byRow(8)[0]).toMatchObject({ level: 'error', field: 'creditCode' });
    expect(byRow(9)[0]).toMatchObject({ level: 'error', field: 'name' });
    expect(byRow(10).map((i) => i.field).sort()).toEqual(['food', 'zone']);
    expect(byRow(11)[0]).toMatchObject({ level: 'error', message: expect.stringContaining('第 4 行') });
    expect(p.errorCount).toBe(5);
    expect(count()).toBe(0);
    expect(await t.core.dispatch('businesses.importCommit', { previewId: p.previewId }, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(count()).toBe(0);
  });

  it('commits all rows in one transaction and updates by credit code instead of duplicating', async () => {
    const s = await setup();
    const first = await messyWorkbook([
      [code(1), '鑫达五金店', '个体工商户', '古岸头路 1 号', '张三', '否', 'ZR01'],
      [code(2), '华兴餐饮有限公司', '有限责任公司', '娄桥街道 2 号', '李四', '是', 'ZR01'],
    ]);
    const p1 = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'a.xlsx', fileBase64: first }, t.adminToken);
    expect(p1).toMatchObject({ creates: 2, updates: 0, errorCount: 0 });
    expect(count()).toBe(0);
    expect(await t.call('businesses.importCommit', { previewId: p1.previewId }, t.adminToken)).toEqual({ created: 2, updated: 0 });
    const second = await messyWorkbook([
      [code(2), '华兴餐饮有限公司（更名）', '有限责任公司', '娄桥街道 2 号', '李四', '是', 'ZR01'],
      [code(3), '新开的店', '个体工商户', null, '赵六', '否', null],
    ]);
    const p2 = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'b.xlsx', fileBase64: second }, t.adminToken);
    expect(p2).toMatchObject({ creates: 1, updates: 1 });
    expect(await t.call('businesses.importCommit', { previewId: p2.previewId }, t.adminToken)).toEqual({ created: 1, updated: 1 });
    expect(count()).toBe(3);
    expect((await t.call('businesses.search', { q: '更名' }, t.adminToken)).rows).toHaveLength(1);
  });

  it('refuses 10,000 rows of which one is bad, and files that are not xlsx, empty or headerless', async () => {
    const s = await setup();
    const rows = Array.from({ length: 10_000 }, (_, i) => [code(i + 10), `批量商户${i}`, '个体工商户', null, null, i === 7777 ? '不知道' : '否', null]);
    const file = await messyWorkbook(rows);
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'big.xlsx', fileBase64: file }, t.adminToken);
    expect(p.errorCount).toBe(1);
    expect(p.issues[0]).toMatchObject({ field: 'food', level: 'error' });
    expect(count()).toBe(0);

    const bad = async (b64: string) => (await t.core.dispatch('businesses.importPreview', { officeId: s.id, fileName: 'x', fileBase64: b64 }, { sessionToken: t.adminToken })) as { ok: false; error: { code: string; message: string } };
    expect((await bad(Buffer.from('名称,代码\n甲,1').toString('base64'))).error.message).toContain('不是 Excel');
    expect((await bad(Buffer.from('PK\u0003\u0004garbage').toString('base64'))).error.message).toContain('损坏');
    const emptyWb = new ExcelJS.Workbook();
    emptyWb.addWorksheet('空');
    expect((await bad(Buffer.from(await emptyWb.xlsx.writeBuffer()).toString('base64'))).error.message).toMatch(/空|表头/);
    const noHeader = new ExcelJS.Workbook();
    noHeader.addWorksheet('数据').addRows([['甲', '乙'], ['1', '2']]);
    expect((await bad(Buffer.from(await noHeader.xlsx.writeBuffer()).toString('base64'))).error.message).toContain('表头');
    expect(count()).toBe(0);
  });

  it('hands out a template that imports cleanly', async () => {
    const s = await setup();
    const { fileBase64 } = await t.call('businesses.template', {}, t.adminToken);
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: 'template.xlsx', fileBase64 }, t.adminToken);
    expect(p).toMatchObject({ rows: 1, errorCount: 0, creates: 1 });
  });
});
