import { expect, type Download, type Locator, type Page } from '@playwright/test';

const SAVE = /保\s*存/;
const CANCEL = /取\s*消/;

/** Fills an antd DatePicker: click, type the day, Enter. */
async function fillDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
}

/** The zones screen (责任区) of a station: its tabs, their tables and dialogs. */
export class ZonesPageModel {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByRole('menu').getByText('责任区', { exact: true }).click();
  }
  async tab(name: '概览' | '责任区' | '人员负荷' | '网格与双轨' | '市场主体' | '无照底数') {
    await this.page.getByRole('tab', { name }).click();
  }
  dialog() {
    return this.page.getByRole('dialog');
  }
  async save() {
    await this.dialog().getByRole('button', { name: SAVE }).click();
    await expect(this.dialog()).toHaveCount(0);
  }
  async pick(label: string, option: string) {
    await this.dialog().getByLabel(label).click();
    await this.option(option);
  }
  /** An option of the antd Select whose dropdown is open. */
  async option(text: string) {
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item').getByText(text, { exact: true }).click();
  }
  row(text: string) {
    return this.page.getByRole('row').filter({ hasText: text });
  }

  // 概览
  unassignedAlert() {
    return this.page.getByTestId('unassigned-alert');
  }

  // 责任区: zones, owners, history, split and merge
  async createZone(code: string, name: string, boundary: string) {
    await this.page.getByRole('button', { name: '新建责任区' }).click();
    await this.dialog().getByLabel('编号').fill(code);
    await this.dialog().getByLabel('名称').fill(name);
    await this.dialog().getByLabel('四至范围').fill(boundary);
    await this.save();
    await expect(this.page.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  async assignOwner(zone: string, cadre: string, date: string) {
    await this.row(zone).getByRole('button', { name: '分配' }).click();
    await this.pick('干部', cadre);
    await fillDate(this.dialog().getByLabel('开始日期'), date);
    await this.save();
  }
  async openHistory(zone: string) {
    await this.row(zone).getByRole('button', { name: '历史' }).click();
    return this.page.getByTestId('history-item');
  }
  async includeRetired() {
    await this.page.getByLabel('显示已撤销').check();
  }
  async openSplit(zone: string) {
    await this.row(zone).getByRole('button', { name: '拆分' }).click();
    return new ReshapeDialog(this.page);
  }
  async openMerge(zones: string[]) {
    for (const z of zones) await this.row(z).getByRole('checkbox').check();
    await this.page.getByRole('button', { name: '合并所选' }).click();
    return new ReshapeDialog(this.page);
  }

  // 人员负荷
  loadRow(cadre: string) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name: cadre, exact: true }) });
  }
  async openReassign(cadre: string) {
    await this.loadRow(cadre).getByRole('button', { name: '重新分配' }).click();
    return new ReshapeDialog(this.page);
  }

  // 网格与双轨
  async createGrid(o: { township: string; code: string; name: string; worker?: string; phone?: string }) {
    await this.page.getByRole('button', { name: '新建网格' }).click();
    const d = this.dialog();
    await d.getByLabel('乡镇/街道').fill(o.township);
    await d.getByLabel('网格编号').fill(o.code);
    await d.getByLabel('网格名称').fill(o.name);
    if (o.worker) await d.getByLabel('网格员', { exact: true }).fill(o.worker);
    if (o.phone) await d.getByLabel('网格员电话').fill(o.phone);
    await this.save();
  }
  /** Maps a grid to zones, each named as the picker lists it ("LQ01 娄桥老街责任区"). */
  async mapZones(grid: string, zones: string[]) {
    await this.row(grid).getByRole('button', { name: '对应责任区' }).click();
    await this.dialog().getByLabel('对应责任区').click();
    for (const z of zones) await this.option(z);
    await this.dialog().locator('.ant-modal-title').click(); // close the dropdown
    await this.save();
  }
  async openDualTrack() {
    await this.page.getByRole('button', { name: '双轨联巡表' }).click();
    await expect(this.dialog()).toBeVisible();
    return this.dialog();
  }
  /** The dual-track roster's Excel export. */
  async exportDualTrack(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.dialog().getByRole('button', { name: '导出 Excel' }).click()]);
    return download;
  }

  // 市场主体
  async search(q: string) {
    await this.page.getByLabel('搜索').fill(q);
    await this.page.getByLabel('搜索').press('Enter');
  }
  businessTotal() {
    return this.page.getByTestId('business-total');
  }
  async openImport() {
    await this.page.getByRole('button', { name: '导入 Excel' }).click();
    return new ImportDialogModel(this.page);
  }

  // 无照底数
  async createCensus(name: string, date: string, copy?: boolean) {
    await this.page.getByRole('button', { name: '新建普查' }).click();
    const d = this.dialog();
    await d.getByLabel('普查名称').fill(name);
    await fillDate(d.getByLabel('普查日期'), date);
    if (copy !== undefined) await d.getByLabel('沿用上次普查名单').setChecked(copy);
    await this.save();
  }
  async addEntry(o: { name: string; zone?: string; status?: '无照' | '已办照' | '已取缔' }) {
    await this.page.getByRole('button', { name: /^新\s*增$/ }).click();
    await this.dialog().getByLabel('名称').fill(o.name);
    if (o.zone) await this.pick('责任区', o.zone);
    if (o.status) await this.pick('状态', o.status);
    await this.save();
  }
  censusCounts() {
    return this.page.locator('.ant-card').filter({ hasText: '按责任区/网格统计' }).first();
  }
  censusEntries() {
    return this.page.locator('.ant-card').filter({ hasText: '无照经营户' }).last();
  }
}

/** A split, merge or reassignment dialog: fields, 预览, then 确认执行. */
export class ReshapeDialog {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByRole('dialog');
  }
  plan() {
    return this.root().getByTestId('plan');
  }
  async preview() {
    await this.root()
      .getByRole('button', { name: /预\s*览/ })
      .click();
    await expect(this.plan()).toBeVisible();
  }
  applyButton() {
    return this.root().getByRole('button', { name: '确认执行' });
  }
  async apply() {
    await this.applyButton().click();
    await expect(this.root()).toHaveCount(0);
  }
  /** In a reassignment: the new owner of one zone. */
  async moveTo(zone: string, cadre: string) {
    await this.root().getByLabel(`${zone} 新责任人`).click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item').getByText(cadre, { exact: true }).click();
  }
  /** In a split: the businesses that go to part B. */
  async moveToB(business: string) {
    await this.root().getByLabel('划入 B 的市场主体').click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item').filter({ hasText: business }).first().click();
    await this.root().locator('.ant-modal-title').click(); // close the dropdown
  }
}

/** The import dialog (shared by businesses and the census): preview, mapping, report, write with progress. */
export class ImportDialogModel {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByRole('dialog');
  }
  async choose(file: string) {
    await this.root().locator('input[type=file]').setInputFiles(file);
  }
  preview() {
    return this.root().getByTestId('import-preview');
  }
  mapping() {
    return this.root().getByTestId('import-mapping');
  }
  summary() {
    return this.root().getByTestId('import-summary');
  }
  report() {
    return this.root().getByTestId('import-report');
  }
  commitButton() {
    return this.root().getByTestId('import-commit');
  }
  async commit() {
    await this.commitButton().click();
  }
  progress() {
    return this.root().getByTestId('import-progress');
  }
  done() {
    return this.root().getByTestId('import-done');
  }
  async cancelWriting() {
    await this.root().getByTestId('import-cancel').click();
  }
  async close() {
    await this.root().getByTestId('import-close').click();
    await expect(this.root()).toBeHidden();
  }
  async resetMapping() {
    await this.root().getByTestId('import-reset-mapping').click();
  }
  /** 取消 before anything is written. */
  async dismiss() {
    await this.root().getByRole('button', { name: CANCEL }).click();
    await expect(this.root()).toBeHidden();
  }
  async downloadReport(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root().getByRole('button', { name: '下载逐行报告（Excel）' }).click()]);
    return download;
  }
}
