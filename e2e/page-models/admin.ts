import { expect, type Page } from '@playwright/test';

/** A dialog's 保存, and the dialog closing (or staying open with the refusal shown). */
async function save(page: Page) {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /保\s*存/ })
    .click();
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
  /** The 新建用户 dialog, opened and left empty. */
  async openNew() {
    await this.page.getByRole('button', { name: '新建用户' }).click();
    return this.page.getByRole('dialog');
  }
  async cancel() {
    await this.page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }
}

export class AuditPageModel {
  constructor(private readonly page: Page) {}
  async verify() {
    await this.page.getByRole('button', { name: '校验完整性' }).click();
  }
  log() {
    return this.page.getByTestId('audit-log');
  }
  /** The newest entry whose row has the text. */
  entry(text: string) {
    return this.log().getByRole('row').filter({ hasText: text }).first();
  }
  /** The number of entries the filter selects (the table's 共 n 条). */
  async total() {
    return Number((await this.page.getByText(/^共 \d+ 条$/).textContent())!.match(/\d+/)![0]);
  }
  /** Exports the selected entries; returns the downloaded file's path. */
  async export() {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('audit-export').click();
    return (await (await download).path())!;
  }
}

export class SettingsPageModel {
  constructor(private readonly page: Page) {}
  /** 调整 on the setting's row: a new value, saved (the refusal, if any, shows as a message). */
  async adjust(setting: string, value: string) {
    await this.page.getByRole('row').filter({ hasText: setting }).getByRole('button', { name: '调整' }).click();
    await this.page.getByRole('dialog').getByLabel('新值').fill(value);
    await save(this.page);
  }
  message() {
    return this.page.locator('.ant-message');
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
