import { expect, type Page } from '@playwright/test';

export class SetupWizardPage {
  constructor(private readonly page: Page) {}
  async complete(o: { bureauName: string; bureauCode: string; username: string; displayName: string; password: string; sample: boolean }) {
    const p = this.page;
    await p.getByLabel('县局名称').fill(o.bureauName);
    await p.getByLabel('行政区划代码').fill(o.bureauCode);
    await p.getByRole('button', { name: '下一步' }).click();
    await p.getByLabel('管理员用户名').fill(o.username);
    await p.getByLabel('姓名').fill(o.displayName);
    await p.getByLabel('密码', { exact: true }).fill(o.password);
    await p.getByLabel('确认密码').fill(o.password);
    const box = p.getByLabel('加载示例数据');
    if ((await box.isChecked()) !== o.sample) await box.click();
    await p.getByRole('button', { name: '完成初始化' }).click();
  }
}

export class LoginPage {
  constructor(private readonly page: Page) {}
  async login(username: string, password: string) {
    await expect(this.page.getByRole('button', { name: /登\s*录/ })).toBeVisible({ timeout: 30_000 });
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: /登\s*录/ }).click();
  }
  error() {
    return this.page.getByRole('alert');
  }
}

export class ShellPage {
  constructor(private readonly page: Page) {}
  nav() {
    return this.page.getByRole('menu');
  }
  async go(label: string) {
    await this.nav().getByText(label, { exact: true }).click();
  }
  async logout() {
    await this.page.getByRole('button', { name: '退出登录' }).click();
    await expect(this.page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  }
}
