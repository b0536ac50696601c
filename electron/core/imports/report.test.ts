import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { creditCheckChar } from '../../../shared/domain/credit-code';
import { setupCore, type TestCore } from '../test/helpers';
import { EXCEL_CELL_MAX } from './engine';
import { isDateFormatCode } from './read-table';

// The downloadable per-row report: the file's own rows as they were, a 问题 column, and a file
// Excel opens (dates as dates, no cell over Excel's 32,767 characters).

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const LONG = '经营范围：'.padEnd(40_000, '食品销售；');

async function registryXlsx(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名录');
  ws.addRow(['企业名称', '统一社会信用代码', '成立日期', '核准日期', '住所', '经营范围']);
  ws.addRow(['甲店', code(1), day('2019-07-01'), day('2025-01-02'), '南白象街道 1 号', LONG]);
  ws.addRow(['乙店', code(2), day('2022-03-23'), null, `X${'长'.repeat(EXCEL_CELL_MAX + 10)}`, '零售']);
  ws.addRow(['丙店', code(1), '2024年4月16日', 45_000, '南白象街道 3 号', null]);
  // A 注册号 the registry stored as a number: back as text, not 3.30304E+14.
  ws.addRow(['丁店', 330304600012345, null, null, '南白象街道 4 号', null]);
  ws.addRow([]);
  ws.addRow(['合计：3 户']);
  // A date in the 中文 style the registry uses, and another in ISO; a plain number stays a number.
  ws.getColumn(3).numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D2').numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function reportOf(fileName: string, fileBase64: string) {
  t = await setupCore();
  const s = await t.call('offices.create', { name: '南白象所', code: '330304' }, t.adminToken);
  const p = await t.call('businesses.importPreview', { officeId: s.id, fileName, fileBase64 }, t.adminToken);
  const r = await t.call(
    'imports.report',
    {
      previewId: p.previewId,
      words: { code_repeated: '与第 {{first}} 行代码相同', 'report.truncated': '…（已截断，原文共 {{n}} 字）' },
      problemHeader: '问题',
    },
    t.adminToken,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.fileBase64, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('the per-row report', () => {
  it('writes the cells the file showed as dates as dates, and cuts a cell over 32,767 characters with a marker (.xlsx)', async () => {
    const ws = await reportOf('名录.xlsx', await registryXlsx());
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['行号', '企业名称', '统一社会信用代码', '成立日期', '核准日期', '住所', '经营范围', '问题']);
    // 成立日期 (a field) and 核准日期 (a column the import reads past) both come back as dates.
    const founded = ws.getCell('D2');
    expect(founded.value).toBeInstanceOf(Date);
    expect((founded.value as Date).toISOString()).toBe('2019-07-01T00:00:00.000Z');
    expect(founded.numFmt).toBe('yyyy-mm-dd');
    expect((ws.getCell('D3').value as Date).toISOString().slice(0, 10)).toBe('2022-03-23');
    expect((ws.getCell('E2').value as Date).toISOString().slice(0, 10)).toBe('2025-01-02');
    // Text the user typed stays their text; a number not formatted as a date stays as it was.
    expect(ws.getCell('D4').value).toBe('2024年4月16日');
    expect(ws.getCell('E4').value).toBe(45_000);
    // The 合计 line under the table is no row of it, and a code stays text.
    expect(ws.rowCount).toBe(5);
    expect(ws.getCell('C5').value).toBe('330304600012345');
    expect(ws.getCell('C2').value).toBe(code(1));
    // Cells over Excel's limit are cut to it, and say so; shorter ones are whole.
    for (const ref of ['G2', 'F3']) {
      const v = String(ws.getCell(ref).value);
      expect(v.length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
      expect(v).toMatch(/…（已截断，原文共 \d+ 字）$/);
    }
    expect(String(ws.getCell('G2').value)).toContain(`原文共 ${LONG.length} 字`);
    expect(String(ws.getCell('G2').value).startsWith(LONG.slice(0, 1000))).toBe(true);
    expect(ws.getCell('F2').value).toBe('南白象街道 1 号');
    expect(String(ws.getCell('H4').value)).toContain('与第 2 行代码相同');
    let longest = 0;
    ws.eachRow((r) => r.eachCell((c) => (longest = Math.max(longest, typeof c.value === 'string' ? c.value.length : 0))));
    expect(longest).toBeLessThanOrEqual(EXCEL_CELL_MAX);
  });

  it('writes date-formatted cells of an .xls as dates too', async () => {
    const ws0 = XLSX.utils.aoa_to_sheet([
      ['企业名称', '统一社会信用代码', '成立日期'],
      ['甲店', code(1), 43_647],
      ['乙店', code(2), '2022-03-23'],
    ]);
    ws0['C2']!.z = 'yyyy-mm-dd';
    const wb0 = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb0, ws0, '名录');
    const ws = await reportOf('名录.xls', (XLSX.write(wb0, { type: 'buffer', bookType: 'xls' }) as Buffer).toString('base64'));
    expect((ws.getCell('D2').value as Date).toISOString().slice(0, 10)).toBe('2019-07-01');
    expect(ws.getCell('D3').value).toBe('2022-03-23');
  });

  it('tells date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-804]yyyy/m/d', 'm/d/yy h:mm', 'mmm-yy']) expect(isDateFormatCode(f), f).toBe(true);
    for (const f of ['General', '0.00', '#,##0', '0%', '"天数"0', '[Red]0.00', '0.00E+00', '@']) expect(isDateFormatCode(f), f).toBe(false);
  });
});
