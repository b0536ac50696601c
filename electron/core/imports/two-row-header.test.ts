import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../shared/domain/credit-code';
import { setupCore, type TestCore } from '../test/helpers';
import { readTable } from './read-table';
import { commitAndWait } from './test-helpers';

// A register exported with a two-row header: group titles merged across above the column
// titles, and columns whose one title is merged down over both rows.

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};

const ROWS: (string | null)[][] = [
  ['温州市瓯海区市场主体名录', null, null, null, null, null, null, null],
  ['序号', '基本信息', null, '登记信息', null, '住所', '法定代表人', null],
  [null, '企业名称', '统一社会信用代码', '登记状态', '成立日期', null, '姓名', '联系电话'],
  ['1', '瓯海区甲五金店', code(1), '存续（在营、开业、在册）', '2024-04-16', '南白象街道 1 号', '张三', '13800000001'],
  ['2', '温州乙餐饮有限公司', code(2), '吊销，未注销', '2022年3月23日', '南白象街道 2 号', '李四', '13800000002'],
  ['3', '瓯海区丙布店', code(3), '停业', '2008/5/20', '南白象街道 3 号', '王五', null],
];
// A1:H1 the title; A2:A3 and F2:F3 merged down; B2:C2, D2:E2 and G2:H2 the groups.
const MERGES = ['A1:H1', 'A2:A3', 'F2:F3', 'B2:C2', 'D2:E2', 'G2:H2'];

async function asXlsx(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名录');
  for (const r of ROWS) ws.addRow(r);
  for (const m of MERGES) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

function asXls(): string {
  const ws = XLSX.utils.aoa_to_sheet(ROWS);
  ws['!merges'] = MERGES.map((m) => XLSX.utils.decode_range(m));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '名录');
  return (XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer).toString('base64');
}

/** A CSV has no merged ranges: the group titles stand in their first column only. */
function asGbkCsv(): string {
  return iconv.encode(ROWS.map((r) => r.map((v) => v ?? '').join(',')).join('\r\n'), 'gbk').toString('base64');
}

const stored = () =>
  t.core.sqlite.prepare('SELECT name, credit_code, status, status_text, founded_on, address, legal_rep, phone FROM business ORDER BY name').all();

describe('a two-row merged header', () => {
  it.each([
    ['xlsx', asXlsx],
    ['xls', async () => asXls()],
    ['GBK csv', async () => asGbkCsv()],
  ] as const)('is combined into one row of titles, every column found (%s)', async (fmt, make) => {
    t = await setupCore();
    const s = await t.call('offices.create', { name: '南白象所', code: '330304' }, t.adminToken);
    const p = await t.call('businesses.importPreview', { officeId: s.id, fileName: `名录.${fmt}`, fileBase64: await make() }, t.adminToken);
    expect(p.headerRow).toBe(3);
    expect(Object.fromEntries(p.columns.map((c) => [c.header, c.field]))).toEqual({
      序号: null,
      企业名称: 'name',
      统一社会信用代码: 'code', // the combined column's field: a credit code or a 注册号
      登记状态: 'status',
      成立日期: 'foundedOn',
      住所: 'address',
      法定代表人姓名: 'legalRep',
      联系电话: 'phone',
    });
    expect(p).toMatchObject({ rows: 3, creates: 3, errorCount: 0, warningCount: 0 });
    expect((await commitAndWait(t, p.previewId)).result).toMatchObject({ created: 3 });
    expect(stored()).toEqual([
      {
        name: '温州乙餐饮有限公司',
        credit_code: code(2),
        status: 'revoked',
        status_text: '吊销，未注销',
        founded_on: '2022-03-23',
        address: '南白象街道 2 号',
        legal_rep: '李四',
        phone: '13800000002',
      },
      {
        name: '瓯海区丙布店',
        credit_code: code(3),
        status: 'suspended',
        status_text: null,
        founded_on: '2008-05-20',
        address: '南白象街道 3 号',
        legal_rep: '王五',
        phone: null,
      },
      {
        name: '瓯海区甲五金店',
        credit_code: code(1),
        status: 'active',
        status_text: '存续（在营、开业、在册）',
        founded_on: '2024-04-16',
        address: '南白象街道 1 号',
        legal_rep: '张三',
        phone: '13800000001',
      },
    ]);
  });

  it('reads the merged ranges of .xlsx and .xls', async () => {
    const want = [
      { r0: 1, c0: 0, r1: 1, c1: 7 },
      { r0: 2, c0: 0, r1: 3, c1: 0 },
      { r0: 2, c0: 5, r1: 3, c1: 5 },
      { r0: 2, c0: 1, r1: 2, c1: 2 },
      { r0: 2, c0: 3, r1: 2, c1: 4 },
      { r0: 2, c0: 6, r1: 2, c1: 7 },
    ];
    const order = (m: { r0: number; c0: number }[]) => [...m].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
    for (const file of [await asXlsx(), asXls()]) {
      const table = await readTable(Buffer.from(file, 'base64'));
      expect(order(table.sheets[0]!.merges!)).toEqual(order(want));
    }
  });

  it('leaves a one-row header under a merged title as it was', async () => {
    t = await setupCore();
    const s = await t.call('offices.create', { name: '南白象所', code: '330304' }, t.adminToken);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(['瓯海区市场主体名录']);
    ws.addRow(['企业名称', '统一社会信用代码', '备注']);
    ws.addRow(['甲店', code(1), null]);
    ws.mergeCells('A1:C1');
    const p = await t.call(
      'businesses.importPreview',
      { officeId: s.id, fileName: 'x.xlsx', fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
      t.adminToken,
    );
    expect(p.headerRow).toBe(2);
    expect(p.columns.map((c) => [c.header, c.field])).toEqual([
      ['企业名称', 'name'],
      ['统一社会信用代码', 'code'],
      ['备注', null],
    ]);
    expect(p).toMatchObject({ rows: 1, creates: 1, errorCount: 0 });
  });
});
