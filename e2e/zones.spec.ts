import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { creditCheckChar } from '../shared/domain/credit-code';
import { api, seedStation } from './api';
import { expect, shot, test } from './fixtures';
import { LoginPage } from './page-models/shell';
import { ZonesPageModel } from './page-models/zones';

const CHIEF = { username: 'chenlx', displayName: '陈立新', start: 'Chief#Start-01', password: 'Chief#Next-0202' };
const OLD_TOWN = { code: 'LQ01', name: '娄桥老街责任区', boundary: '东至娄桥路，西至古岸头河，南至瓯海大道，北至村界' };
const INDUSTRY = { code: 'LQ02', name: '娄桥工业区责任区', boundary: '东至温瞿东路，西至娄桥路' };
const GRID = { township: '娄桥街道', code: 'LQ-WG01', name: '古岸头网格', worker: '孙海燕', phone: '13957712345' };

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
  ws.addRow([
    code(1).toLowerCase(),
    '温州市瓯海区娄桥鑫达五金店',
    '娄桥街道古岸头路 12 号',
    '郑国强',
    '否',
    '存续（在营、开业、在册）',
    '2019年5月20日',
    'LQ01',
    '娄桥-古岸头网格',
  ]);
  ws.addRow([
    badCode ? '9233030400000O002' : code(2),
    '温州市瓯海区娄桥华兴小吃店',
    '娄桥街道娄桥路 5 号',
    '潘美玲',
    '是',
    '在业',
    '2021/3/8',
    'LQ01',
    '娄桥-古岸头网格',
  ]);
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

/** The registry export (the fixed one unless `bad`) in the test's output folder. */
async function exportFile(info: TestInfo, bad = false) {
  fs.mkdirSync(info.outputDir, { recursive: true });
  const file = path.join(info.outputDir, bad ? 'registry-bad.xlsx' : 'registry-fixed.xlsx');
  await registryExport(file, bad);
  return file;
}

/**
 * 娄桥 with its cadres and chief (seedStation), the chief's first password change done, and, through the
 * API as the chief: the two zones, the grid mapped to both, owners (`owners`: zone name → cadre name,
 * from 2026-01-01), the fixed registry export imported (`imported`) and a 2025 census with these entries in
 * the old-town zone (`census`). The chief is signed in on 责任区.
 */
async function seedTerritory(
  page: Page,
  url: string,
  info: TestInfo,
  o: { zones?: boolean; grid?: boolean; owners?: Record<string, string>; imported?: boolean; census?: string[] } = {},
) {
  const { station, cadres } = await seedStation(page, url);
  const first = await api(page, 'auth.login', { username: CHIEF.username, password: CHIEF.start });
  await api(page, 'auth.changePassword', { oldPassword: CHIEF.start, newPassword: CHIEF.password }, first.sessionToken);
  const { sessionToken: chief } = await api(page, 'auth.login', { username: CHIEF.username, password: CHIEF.password });
  const zones: Record<string, string> = {};
  if (o.zones || o.grid || o.owners || o.census)
    for (const z of [OLD_TOWN, INDUSTRY]) zones[z.name] = (await api(page, 'zones.create', { officeId: station, ...z }, chief)).id;
  if (o.grid) {
    const { worker, phone, ...g } = GRID;
    const grid = await api(page, 'grids.create', { officeId: station, ...g, workerName: worker, workerPhone: phone }, chief);
    await api(page, 'grids.setZones', { gridId: grid.id, zoneIds: Object.values(zones) }, chief);
  }
  for (const [zone, cadre] of Object.entries(o.owners ?? {}))
    await api(page, 'zones.assign', { zoneId: zones[zone]!, cadreId: cadres[cadre]!, role: 'owner', startDate: '2026-01-01' }, chief);
  if (o.census) {
    const census = await api(page, 'census.create', { officeId: station, name: '2025 年无照经营户普查', censusDate: '2025-11-15' }, chief);
    for (const name of o.census) await api(page, 'census.addEntry', { censusId: census.id, zoneId: zones[OLD_TOWN.name]!, name, status: 'unlicensed' }, chief);
  }
  if (o.imported) {
    const fileBase64 = fs.readFileSync(await exportFile(info)).toString('base64');
    const preview = await api(page, 'businesses.importPreview', { officeId: station, fileName: 'registry-fixed.xlsx', fileBase64 }, chief);
    let job = await api(page, 'imports.commit', { previewId: preview.previewId }, chief);
    while (job.state === 'running') job = await api(page, 'imports.job', { jobId: job.jobId }, chief);
    expect(job.state).toBe('done');
  }
  await page.reload();
  await new LoginPage(page).login(CHIEF.username, CHIEF.password);
  await expect(page.getByTestId('current-user')).toContainText(CHIEF.displayName);
  const z = new ZonesPageModel(page);
  await z.open();
  return z;
}

test.describe('zones and their owners', () => {
  test('a station chief creates the zones of the station', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info);
    await z.tab('责任区');
    await z.createZone(OLD_TOWN.code, OLD_TOWN.name, OLD_TOWN.boundary);
    await z.createZone(INDUSTRY.code, INDUSTRY.name, INDUSTRY.boundary);
    await expect(z.row(OLD_TOWN.name)).toContainText(OLD_TOWN.code);
    await expect(z.row(OLD_TOWN.name)).toContainText('无责任人');
    await shot(page, 'zones-01-zones');
  });

  test("a new owner ends the previous owner's period, and the history keeps both", async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('责任区');
    await z.assignOwner(OLD_TOWN.name, '林晓红（食品安全监管岗）', '2026-01-01');
    await z.assignOwner(INDUSTRY.name, '吴志刚（综合监管岗）', '2026-01-01');
    await expect(z.row(OLD_TOWN.name)).toContainText('林晓红');
    await z.assignOwner(OLD_TOWN.name, '黄丽萍（市场主体登记岗）', '2026-11-01');
    await expect(z.row(OLD_TOWN.name)).toContainText('黄丽萍');
    const items = await z.openHistory(OLD_TOWN.name);
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText('黄丽萍');
    await expect(items.nth(0)).toContainText('2026-11-01 — 至今');
    await expect(items.nth(1)).toContainText('林晓红');
    await expect(items.nth(1)).toContainText('2026-01-01 — 2026-11-01');
    await shot(page, 'zones-05-history');
  });

  test('a split is previewed with what each part gets, then applied; the old zone is kept as retired', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { owners: { [OLD_TOWN.name]: '林晓红' }, imported: true });
    await z.tab('责任区');
    const split = await z.openSplit(OLD_TOWN.name);
    await split.moveToB('华兴小吃店');
    await expect(split.applyButton()).toBeDisabled();
    await split.preview();
    await expect(split.plan()).toContainText(OLD_TOWN.name);
    await expect(split.plan()).toContainText('LQ01B');
    await expect(split.plan()).toContainText('市场主体 1 户');
    await shot(page, 'zones-07-split');
    await split.apply();
    await expect(z.row('娄桥老街责任区（一）')).toContainText('LQ01A');
    await expect(z.row('娄桥老街责任区（二）')).toContainText('LQ01B');
    await expect(page.getByRole('cell', { name: OLD_TOWN.name, exact: true })).toHaveCount(0);
    await z.includeRetired();
    await expect(z.row(OLD_TOWN.name).filter({ hasText: '已撤销' })).toHaveCount(1);
  });

  test('two zones are merged into one after a preview', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('责任区');
    const merge = await z.openMerge([OLD_TOWN.name, INDUSTRY.name]);
    await merge.root().getByLabel('合并为 编号').fill('LQ10');
    await merge.root().getByLabel('名称').fill('娄桥责任区');
    await merge.preview();
    await expect(merge.plan()).toContainText(OLD_TOWN.name);
    await expect(merge.plan()).toContainText(INDUSTRY.name);
    await expect(merge.plan()).toContainText('LQ10');
    await merge.apply();
    await expect(z.row('娄桥责任区')).toContainText('LQ10');
    await expect(z.row(OLD_TOWN.name)).toHaveCount(0);
    await expect(z.row(INDUSTRY.name)).toHaveCount(0);
  });
});

test.describe('the workload', () => {
  test("a leaving cadre's zones are handed over in one step, after a preview", async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { owners: { [OLD_TOWN.name]: '林晓红', [INDUSTRY.name]: '林晓红' } });
    await z.tab('人员负荷');
    await expect(z.loadRow('林晓红')).toContainText(OLD_TOWN.name);
    await expect(z.loadRow('林晓红')).toContainText(INDUSTRY.name);
    const hand = await z.openReassign('林晓红');
    await hand.moveTo(OLD_TOWN.name, '黄丽萍');
    await hand.moveTo(INDUSTRY.name, '吴志刚');
    await hand.preview();
    await expect(hand.plan()).toContainText(`${OLD_TOWN.name}：林晓红 → 黄丽萍`);
    await expect(hand.plan()).toContainText(`${INDUSTRY.name}：林晓红 → 吴志刚`);
    await shot(page, 'zones-08-reassign');
    await hand.apply();
    await expect(z.loadRow('黄丽萍')).toContainText(OLD_TOWN.name);
    await expect(z.loadRow('吴志刚')).toContainText(INDUSTRY.name);
    await expect(z.loadRow('林晓红')).not.toContainText(OLD_TOWN.name);
  });
});

test.describe('grids and the dual-track roster', () => {
  test('a grid is created and mapped to both zones', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('网格与双轨');
    await z.createGrid(GRID);
    await z.mapZones(GRID.name, [`${OLD_TOWN.code} ${OLD_TOWN.name}`, `${INDUSTRY.code} ${INDUSTRY.name}`]);
    await expect(z.row(GRID.name)).toContainText(OLD_TOWN.name);
    await expect(z.row(GRID.name)).toContainText(INDUSTRY.name);
    await expect(z.row(GRID.name)).toContainText(GRID.worker);
    await shot(page, 'zones-02-grids');
  });

  test('the dual-track roster lists the grid worker beside both zone owners, and exports', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { grid: true, owners: { [OLD_TOWN.name]: '黄丽萍', [INDUSTRY.name]: '吴志刚' } });
    await z.tab('网格与双轨');
    const roster = await z.openDualTrack();
    for (const name of [GRID.worker, '黄丽萍', '吴志刚']) await expect(roster).toContainText(name);
    await shot(page, 'zones-06-dual-track');
    const saved = path.join(info.outputDir, 'dual.xlsx');
    await (await z.exportDualTrack()).saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String).join(' ');
    expect(values).toContain(GRID.worker);
    expect(values).toContain('黄丽萍');
  });
});

test.describe('businesses and the register import', () => {
  test('an export with a malformed code is refused row by row, writes nothing, and the report downloads', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('市场主体');
    const imp = await z.openImport();
    await imp.choose(await exportFile(info, true));
    await expect(imp.preview()).toContainText('共 3 行：新增 2');
    await expect(imp.preview()).toContainText('1 行有错误');
    // The mapping the core guessed, shown column by column; the combined code column is recognised.
    await expect(imp.mapping()).toContainText('统一社会信用代码（注册号）');
    await expect(imp.summary()).toContainText('网格无法识别');
    await expect(imp.summary()).toContainText('在下方选择“新建”或“先不分配”');
    await expect(imp.report()).toContainText('不是 18 位统一社会信用代码');
    await expect(imp.commitButton()).toBeDisabled();
    await shot(page, 'zones-03-import-errors');
    // The row-by-row report: the original rows and a 问题 column.
    const file = path.join(info.outputDir, 'report.xlsx');
    await (await imp.downloadReport()).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0]!.getRow(1).values).toContain('问题');
    expect(JSON.stringify(wb.worksheets[0]!.getSheetValues())).toContain('不是 18 位统一社会信用代码');
  });

  test('the corrected export imports, and the search finds its businesses', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('市场主体');
    const imp = await z.openImport();
    await imp.choose(await exportFile(info));
    await expect(imp.preview()).toContainText('共 3 行：新增 3，更新 0，无变化 0');
    await expect(imp.preview()).not.toContainText('行有错误');
    await shot(page, 'zones-03b-import-mapping');
    await imp.commit();
    await expect(imp.done()).toContainText('导入完成：新增 3');
    await imp.close();
    await expect(z.businessTotal()).toHaveText('共 3 条');
    await z.search('瓯海');
    await expect(z.businessTotal()).toHaveText('共 3 条');
    await z.search('华兴');
    await expect(z.businessTotal()).toHaveText('共 1 条');
    await expect(z.row('华兴小吃店')).toBeVisible();
    await shot(page, 'zones-04-businesses');
  });

  test('the row for a zone the station lacks comes in unassigned, and the overview says so', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true, imported: true });
    await z.tab('概览');
    await expect(z.unassignedAlert()).toContainText('1 户未分配责任区');
  });

  test('the same layout again comes with the mapping of the last import, which can be forgotten', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true, imported: true });
    await z.tab('市场主体');
    const imp = await z.openImport();
    await imp.choose(await exportFile(info));
    await expect(imp.preview()).toContainText('共 3 行：新增 0，更新 0，无变化 3');
    await expect(imp.root()).toContainText('已沿用上次同样格式文件的列对应');
    await shot(page, 'zones-03c-import-remembered');
    await imp.resetMapping();
    await expect(imp.root()).not.toContainText('已沿用上次同样格式文件的列对应');
    await expect(imp.preview()).toContainText('共 3 行：新增 0，更新 0，无变化 3');
    await imp.dismiss();
  });

  test('a large GBK CSV shows its progress while it writes, and cancelling writes nothing', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true, imported: true });
    const big = path.join(info.outputDir, 'big.csv');
    bigGbkCsv(big, 40_000);
    await z.tab('市场主体');
    const imp = await z.openImport();
    await imp.choose(big);
    await expect(imp.preview()).toContainText('CSV 文件', { timeout: 60_000 });
    await expect(imp.preview()).toContainText('编码 GB18030');
    await imp.commit();
    await expect(imp.progress()).toContainText('正在写入', { timeout: 30_000 });
    await shot(page, 'zones-04b-import-progress');
    await imp.cancelWriting();
    await expect(imp.root()).toContainText('已取消，未写入任何数据', { timeout: 60_000 });
    await imp.close();
    await expect(z.businessTotal()).toHaveText('共 3 条');
  });
});

test.describe('the unlicensed census', () => {
  test('a census lists its entries and counts them by zone', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { zones: true });
    await z.tab('无照底数');
    await z.createCensus('2026 年无照经营户普查', '2026-11-15');
    await z.addEntry({ name: '古岸头路流动水果摊', zone: OLD_TOWN.name });
    await z.addEntry({ name: '娄桥路无证修车铺', zone: OLD_TOWN.name });
    await expect(z.censusEntries()).toContainText('古岸头路流动水果摊');
    await expect(z.censusCounts().getByRole('row').filter({ hasText: OLD_TOWN.name })).toContainText('2');
    await shot(page, 'zones-09-census');
  });

  test('the next census starts from the previous list and shows the change by zone', async ({ page, desk }, info) => {
    const z = await seedTerritory(page, desk.url, info, { census: ['古岸头路流动水果摊', '娄桥路无证修车铺'] });
    await z.tab('无照底数');
    await z.createCensus('2026 年无照经营户普查', '2026-11-15', true);
    await expect(z.censusEntries()).toContainText('娄桥路无证修车铺');
    await z.addEntry({ name: '瓯海大道夜市摊位', zone: OLD_TOWN.name });
    const row = z.censusCounts().getByRole('row').filter({ hasText: OLD_TOWN.name });
    await expect(row.getByRole('cell')).toHaveText(['责任区', OLD_TOWN.name, '3', '2', '+1']);
    await shot(page, 'zones-10-census-change');
  });
});
