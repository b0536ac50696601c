import { expect, type Page } from '@playwright/test';

export class ZonesPageModel {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByRole('menu').getByText('责任区', { exact: true }).click();
  }
  async tab(name: string) {
    await this.page.getByRole('tab', { name }).click();
  }
  dialog() {
    return this.page.getByRole('dialog');
  }
  async save() {
    await this.dialog().getByRole('button', { name: /保\s*存/ }).click();
    await expect(this.dialog()).toHaveCount(0);
  }
  async pick(label: string, option: string) {
    await this.dialog().getByLabel(label).click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item').getByText(option, { exact: true }).click();
  }
  async createZone(code: string, name: string, boundary: string) {
    await this.page.getByRole('button', { name: '新建责任区' }).click();
    await this.dialog().getByLabel('编号').fill(code);
    await this.dialog().getByLabel('名称').fill(name);
    await this.dialog().getByLabel('四至范围').fill(boundary);
    await this.save();
    await expect(this.page.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  row(text: string) {
    return this.page.getByRole('row').filter({ hasText: text });
  }
  async assignOwner(zone: string, cadre: string, date: string) {
    await this.row(zone).getByRole('button', { name: '分配' }).click();
    await this.pick('干部', cadre);
    const d = this.dialog().getByLabel('开始日期');
    await d.click();
    await d.fill(date);
    await d.press('Enter');
    await this.save();
  }
}
