import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { creditCheckChar } from '../shared/domain/credit-code';
import { seedStation } from './api';
import { expect, shot, test } from './fixtures';
import { LoginPage } from './page-models/shell';
import { ZonesPageModel } from './page-models/zones';

const code = (n: number) => {
  const body = `92330304${String(n).padStart(9, '0')}`;
  return body + creditCheckChar(body);
};

async function registryExport(file: string, badCode: boolean) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('市场主体');
  ws.addRow(['娄桥街道市场主体名录']);
  ws.mergeCells('A1:F1');
  ws.addRow(['统一社会信用代码', '企业名称', '住所', '法定代表人', '是否食品经营', '责任区编号']);
  ws.addRow([code(1), '温州市瓯海区娄桥鑫达五金店', '娄桥街道古岸头路 12 号', '郑国强', '否', 'LQ01']);
  ws.addRow([badCode ? '9233030400000O002' : code(2), '温州市瓯海区娄桥华兴小吃店', '娄桥街道娄桥路 5 号', '潘美玲', '是', 'LQ01']);
  ws.addRow([]);
  ws.addRow([code(3), '温州瑞丰服装有限公司', '娄桥街道瓯海大道 300 号', '戴建平', '否', 'LQ02']);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
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
  await expect(z.dialog()).toContainText('错误 1');
  await expect(z.dialog().getByTestId('import-report')).toContainText('统一社会信用代码格式错误');
  await expect(z.dialog().getByRole('button', { name: '确认导入' })).toBeDisabled();
  await shot(page, 'zones-03-import-errors');
  await z.dialog().locator('input[type=file]').setInputFiles(good);
  await expect(z.dialog()).toContainText('共 3 行：新增 3，更新 0；错误 0');
  await z.dialog().getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('business-total')).toHaveText('共 3 条');
  await page.getByLabel('搜索').fill('瓯海');
  await page.getByLabel('搜索').press('Enter');
  await expect(page.getByTestId('business-total')).toHaveText('共 3 条');
  await page.getByLabel('搜索').fill('华兴');
  await page.getByLabel('搜索').press('Enter');
  await expect(page.getByTestId('business-total')).toHaveText('共 1 条');
  await expect(page.getByRole('row').filter({ hasText: '华兴小吃店' })).toBeVisible();
  await shot(page, 'zones-04-businesses');

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
