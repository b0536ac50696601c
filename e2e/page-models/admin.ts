import { expect, type Page } from '@playwright/test';

/** A dialog's 保存, and the dialog closing (or staying open with the refusal shown). */
async function save(page: Page) {
  await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
}

/** A choice in an antd Select of the open dialog; waits until the field shows it. */
async function choose(page: Page, label: string, option: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  await expect(dialog.locator('.ant-form-item').filter({ hasText: label }).first()).toContainText(option);
}

export class OfficesPageModel {
  constructor(private readonly page: Page) {}
  station(name: string) {
    return this.page.getByRole('cell', { name, exact: true });
  }
  async createStation(o: { name: string; code: string; address?: string }) {
    const p = this.page;
    await p.getByRole('button', { name: '新建工商所' }).click();
    const d = p.getByRole('dialog');
    await d.getByLabel('名称').fill(o.name);
    await d.getByLabel('行政区划代码').fill(o.code);
    if (o.address) await d.getByLabel('地址').fill(o.address);
    await save(p);
  }
  async cadresTab() {
    await this.page.getByRole('tab', { name: '干部' }).click();
  }
}

export class UsersPageModel {
  constructor(private readonly page: Page) {}
  user(username: string) {
    return this.page.getByRole('cell', { name: username, exact: true });
  }
  async createUser(o: { username: string; displayName: string; role: string; office: string; password: string }) {
    const p = this.page;
    await p.getByRole('button', { name: '新建用户' }).click();
    const d = p.getByRole('dialog');
    await d.getByLabel('用户名').fill(o.username);
    await d.getByLabel('姓名').fill(o.displayName);
    await choose(p, '角色', o.role);
    await choose(p, '所属单位', o.office);
    await d.getByLabel('初始密码').fill(o.password);
    await save(p);
  }
  async cancel() {
    await this.page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }
}

export class AuditPageModel {
  constructor(private readonly page: Page) {}
  async verify() {
    await this.page.getByRole('button', { name: '校验完整性' }).click();
  }
}

export class ChangePasswordPage {
  constructor(private readonly page: Page) {}
  async change(oldPassword: string, newPassword: string) {
    const p = this.page;
    await expect(p.getByText('修改密码').first()).toBeVisible();
    await p.getByLabel('原密码').fill(oldPassword);
    await p.getByLabel('新密码').fill(newPassword);
    await p.getByRole('button', { name: /保\s*存/ }).click();
  }
}
