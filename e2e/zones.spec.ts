import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { creditCheckChar } from '../shared/domain/credit-code';
import { seedStation } from './api';
import { expect, shot, test } from './fixtures';
import { LoginPage } from './page-models/shell';
import { ZonesPageModel } from './page-models/zones';

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};

/** A register export as the registry hands it out: a merged title, an export line, the combined code column, its wording. */
async function registryExport(file: string, badCode: boolean) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('市场主体');
  ws.addRow(['娄桥街道市场主体名录']);
  ws.mergeCells('A1:H1');
  ws.addRow(['导出时间：2026-11-20']);
  ws.addRow(['统一社会信用代码（注册号）', '企业名称', '住所', '法定代表人', '是否食品经营', '登记状态', '成立日期', '责任区编号', '所属网格']);
  ws.addRow([code(1).toLowerCase(), '温州市瓯海区娄桥鑫达五金店', '娄桥街道古岸头路 12 号', '郑国强', '否', '存续（在营、开业、在册）', '2019年5月20日', 'LQ01', '娄桥-古岸头网格']);
  ws.addRow([badCode ? '9233030400000O002' : code(2), '温州市瓯海区娄桥华兴小吃店', '娄桥街道娄桥路 5 号', '潘美玲', '是', '在业', '2021/3/8', 'LQ01', '娄桥-古岸头网格']);
  ws.addRow([]);
  ws.addRow(['330304600012345', '温州瑞丰服装厂', '娄桥街道瓯海大道 300 号', '戴建平', '否', '吊销，未注销', '2008-07-01', 'LQ09', '娄桥-新村网格']);
  ws.addRow(['合计', '共 3 户']);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** A large CSV in GBK, so the write takes long enough to watch (and cancel). */
function bigGbkCsv(file: string, rows: number) {
  const lines = ['统一社会信用代码,企业名称,住所,登记状态'];
  for (let i = 0; i < rows; i++) lines.push(`${code(1000 + i)},娄桥批量商户${i}号店,娄桥街道古岸头路${i}号,存续`);
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
}

test('a station chief runs the territory: zones, grids, import, owners, history, dual-track roster', async ({ page, desk }, info) => {
  await seedStation(page, desk.url);
  await page.reload();
  const login = new LoginPage(page);
  await login.login('chenlx', 'Chief#Start-01');
  await page.getByLabel('原密码').fill('Chief#Start-01');
  await page.getByLabel('新密码').fill('Chief#Next-0202');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('current-user')).toContainText('陈立新');

  const z = new ZonesPageModel(page);
  await z.open();
  await z.tab('责任区');
  await z.createZone('LQ01', '娄桥老街责任区', '东至娄桥路，西至古岸头河，南至瓯海大道，北至村界');
  await z.createZone('LQ02', '娄桥工业区责任区', '东至温瞿东路，西至娄桥路');
  await shot(page, 'zones-01-zones');

  // A grid mapped to both zones.
  await z.tab('网格与双轨');
  await page.getByRole('button', { name: '新建网格' }).click();
  await z.dialog().getByLabel('乡镇/街道').fill('娄桥街道');
  await z.dialog().getByLabel('网格编号').fill('LQ-WG01');
  await z.dialog().getByLabel('网格名称').fill('古岸头网格');
  await z.dialog().getByLabel('网格员', { exact: true }).fill('孙海燕');
  await z.dialog().getByLabel('网格员电话').fill('13957712345');
  await z.save();
  await z.row('古岸头网格').getByRole('button', { name: '对应责任区' }).click();
  await z.dialog().getByLabel('对应责任区').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item').getByText('LQ01 娄桥老街责任区').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item').getByText('LQ02 娄桥工业区责任区').click();
  await z.dialog().locator('.ant-modal-title').click(); // close the dropdown
  await z.dialog().getByRole('button', { name: /保\s*存/ }).click();
  await expect(z.row('古岸头网格')).toContainText('娄桥老街责任区、娄桥工业区责任区');
  await shot(page, 'zones-02-grids');

  // Import with one malformed code: a per-row report, nothing written.
  const bad = path.join(info.outputDir, 'registry-bad.xlsx');
  const good = path.join(info.outputDir, 'registry-fixed.xlsx');
  fs.mkdirSync(info.outputDir, { recursive: true });
  await registryExport(bad, true);
  await registryExport(good, false);
  await z.tab('市场主体');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  await z.dialog().locator('input[type=file]').setInputFiles(bad);
  const preview = z.dialog().getByTestId('import-preview');
  await expect(preview).toContainText('共 3 行：新增 2');
  await expect(preview).toContainText('1 行有错误');
  // The mapping the core guessed, shown column by column; the combined code column is recognised.
  await expect(z.dialog().getByTestId('import-mapping')).toContainText('统一社会信用代码（注册号）');
  await expect(z.dialog().getByTestId('import-summary')).toContainText('网格无法识别');
  await expect(z.dialog().getByTestId('import-summary')).toContainText('在下方选择“新建”或“先不分配”');
  await expect(z.dialog().getByTestId('import-report')).toContainText('不是 18 位统一社会信用代码');
  await expect(z.dialog().getByRole('button', { name: '确认导入' })).toBeDisabled();
  await shot(page, 'zones-03-import-errors');
  // The row-by-row report, with the original rows and a 问题 column.
  const [report] = await Promise.all([page.waitForEvent('download'), z.dialog().getByRole('button', { name: '下载逐行报告（Excel）' }).click()]);
  const reportFile = path.join(info.outputDir, 'report.xlsx');
  await report.saveAs(reportFile);
  const rwb = new ExcelJS.Workbook();
  await rwb.xlsx.readFile(reportFile);
  const rws = rwb.worksheets[0]!;
  expect(rws.getRow(1).values).toContain('问题');
  expect(JSON.stringify(rws.getSheetValues())).toContain('不是 18 位统一社会信用代码');

  await z.dialog().locator('input[type=file]').setInputFiles(good);
  await expect(preview).toContainText('共 3 行：新增 3，更新 0，无变化 0');
  await expect(preview).not.toContainText('行有错误');
  await shot(page, 'zones-03b-import-mapping');
  await z.dialog().getByRole('button', { name: '确认导入' }).click();
  await expect(z.dialog().getByTestId('import-done')).toContainText('导入完成：新增 3');
  await z.dialog().getByTestId('import-close').click();
  await expect(page.getByTestId('business-total')).toHaveText('共 3 条');
  await page.getByLabel('搜索').fill('瓯海');
  await page.getByLabel('搜索').press('Enter');
  await expect(page.getByTestId('business-total')).toHaveText('共 3 条');
  await page.getByLabel('搜索').fill('华兴');
  await page.getByLabel('搜索').press('Enter');
  await expect(page.getByTestId('business-total')).toHaveText('共 1 条');
  await expect(page.getByRole('row').filter({ hasText: '华兴小吃店' })).toBeVisible();
  await shot(page, 'zones-04-businesses');

  // The row whose zone the station does not have came in unassigned; the overview says so.
  await z.tab('概览');
  await expect(page.getByTestId('unassigned-alert')).toContainText('1 户未分配责任区');

  // The same layout again comes with the mapping of the last import, which the user may forget.
  await z.tab('市场主体');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  await z.dialog().locator('input[type=file]').setInputFiles(good);
  await expect(preview).toContainText('共 3 行：新增 0，更新 0，无变化 3');
  await expect(z.dialog()).toContainText('已沿用上次同样格式文件的列对应');
  await shot(page, 'zones-03c-import-remembered');
  await z.dialog().getByTestId('import-reset-mapping').click();
  await expect(z.dialog()).not.toContainText('已沿用上次同样格式文件的列对应');
  await expect(preview).toContainText('共 3 行：新增 0，更新 0，无变化 3');
  await z.dialog().getByRole('button', { name: /取\s*消/ }).click();
  await expect(z.dialog()).toBeHidden();
  await z.tab('概览');

  // A large GBK CSV: progress while it writes, and cancel leaves nothing written.
  const big = path.join(info.outputDir, 'big.csv');
  bigGbkCsv(big, 40_000);
  await z.tab('市场主体');
  await page.getByLabel('搜索').fill('');
  await page.getByLabel('搜索').press('Enter');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  await z.dialog().locator('input[type=file]').setInputFiles(big);
  await expect(z.dialog().getByTestId('import-preview')).toContainText('CSV 文件', { timeout: 60_000 });
  await expect(z.dialog().getByTestId('import-preview')).toContainText('编码 GB18030');
  await z.dialog().getByRole('button', { name: '确认导入' }).click();
  await expect(z.dialog().getByTestId('import-progress')).toContainText('正在写入', { timeout: 30_000 });
  await shot(page, 'zones-04b-import-progress');
  await z.dialog().getByTestId('import-cancel').click();
  await expect(z.dialog()).toContainText('已取消，未写入任何数据', { timeout: 60_000 });
  await z.dialog().getByTestId('import-close').click();
  await expect(page.getByTestId('business-total')).toHaveText('共 3 条');

  // Owners, a reassignment, and the history.
  await z.tab('责任区');
  await z.assignOwner('娄桥老街责任区', '林晓红（食品安全监管岗）', '2026-01-01');
  await z.assignOwner('娄桥工业区责任区', '吴志刚（综合监管岗）', '2026-01-01');
  await expect(z.row('娄桥老街责任区')).toContainText('林晓红');
  await z.assignOwner('娄桥老街责任区', '黄丽萍（市场主体登记岗）', '2026-11-01');
  await expect(z.row('娄桥老街责任区')).toContainText('黄丽萍');
  await z.row('娄桥老街责任区').getByRole('button', { name: '历史' }).click();
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('黄丽萍');
  await expect(items.nth(0)).toContainText('2026-11-01 — 至今');
  await expect(items.nth(1)).toContainText('林晓红');
  await expect(items.nth(1)).toContainText('2026-01-01 — 2026-11-01');
  await shot(page, 'zones-05-history');
  await page.keyboard.press('Escape');

  // The dual-track roster lists the grid worker beside both zone owners, and exports.
  await z.tab('网格与双轨');
  await page.getByRole('button', { name: '双轨联巡表' }).click();
  await expect(z.dialog()).toContainText('孙海燕');
  await expect(z.dialog()).toContainText('黄丽萍');
  await expect(z.dialog()).toContainText('吴志刚');
  await shot(page, 'zones-06-dual-track');
  const [download] = await Promise.all([page.waitForEvent('download'), z.dialog().getByRole('button', { name: '导出 Excel' }).click()]);
  const saved = path.join(info.outputDir, 'dual.xlsx');
  await download.saveAs(saved);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  const values = wb.worksheets[0]!.getSheetValues().flat().map(String).join(' ');
  expect(values).toContain('孙海燕');
  expect(values).toContain('黄丽萍');
});
