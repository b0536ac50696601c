import { ADMIN, expect, shot, test } from './fixtures';
import { AuditPageModel, ChangePasswordPage, OfficesPageModel, UsersPageModel } from './page-models/admin';
import { LoginPage, SetupWizardPage, ShellPage } from './page-models/shell';
import { seedDesk } from './seed';

const STAFF = { username: 'wangfang', password: 'Kx7#station-01', displayName: '王芳' };
const STATION = { name: '三垟市场监管所', code: '330304', address: '温州市瓯海区三垟街道塘东路 8 号' };

test.describe('first run', () => {
  test('refuses a malformed area code before anything is written', async ({ page, desk }) => {
    await page.goto(desk.url);
    await expect(page.getByText('首次使用向导')).toBeVisible();
    await shot(page, '01-setup-wizard');
    await page.getByLabel('县局名称').fill('温州市瓯海区市场监督管理局');
    await page.getByLabel('行政区划代码').fill('12AB');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByText('行政区划代码应为 6 位数字')).toBeVisible();
    await page.reload();
    await expect(page.getByText('首次使用向导')).toBeVisible();
  });

  test('sets up the bureau with the sample county, then the administrator sees the county screens', async ({ page, desk }) => {
    test.setTimeout(180_000);
    await page.goto(desk.url);
    await new SetupWizardPage(page).complete({
      bureauName: '温州市瓯海区市场监督管理局',
      bureauCode: '330304',
      username: ADMIN.username,
      displayName: ADMIN.displayName,
      password: ADMIN.password,
      sample: true,
    });
    // Loading the sample county (about 5,000 businesses) takes a few seconds, longer on a busy CI machine.
    await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible({ timeout: 90_000 });
    await shot(page, '02-login');
    await new LoginPage(page).login(ADMIN.username, ADMIN.password);
    await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
    const shell = new ShellPage(page);
    for (const item of ['首页', '单位与人员', '用户管理', '规则设置', '审计日志']) await expect(shell.nav().getByText(item, { exact: true })).toBeVisible();
    await expect(page.getByText('加载中…')).toHaveCount(0);
    await shot(page, '03-home-admin');
    await shell.go('单位与人员');
    await expect(page.getByRole('cell', { name: '景山市场监管所' })).toBeVisible();
    await new OfficesPageModel(page).cadresTab();
    await expect(page.getByText(/共 \d+ 条/)).toBeVisible();
    await shot(page, '05-cadres');
  });
});

test.describe('the administrator', () => {
  test('creates a station once its area code is right', async ({ page, desk }) => {
    await seedDesk(page, desk.url);
    await new ShellPage(page).go('单位与人员');
    const offices = new OfficesPageModel(page);
    await offices.createStation({ ...STATION, code: '990304' });
    await expect(page.getByText('行政区划代码的省级部分（前两位）不存在')).toBeVisible();
    await page.getByRole('dialog').getByLabel('行政区划代码').fill(STATION.code);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect(offices.station(STATION.name)).toBeVisible();
    await shot(page, '04-offices');
  });

  test('creates a station user, and a second one of the same name is refused', async ({ page, desk }) => {
    await seedDesk(page, desk.url, { stations: [STATION] });
    await new ShellPage(page).go('用户管理');
    const users = new UsersPageModel(page);
    await users.createUser({ ...STAFF, role: '所员', office: STATION.name });
    await expect(users.user(STAFF.username)).toBeVisible();
    await shot(page, '06-users');
    await users.createUser({ ...STAFF, displayName: '重复', role: '所员', office: STATION.name });
    await expect(page.getByText(`用户名“${STAFF.username}”已存在`)).toBeVisible();
    await users.cancel();
  });

  test('reads the settings and finds the audit chain intact', async ({ page, desk }) => {
    await seedDesk(page, desk.url, { stations: [STATION] });
    const shell = new ShellPage(page);
    await shell.go('规则设置');
    await expect(page.getByText('会话空闲超时（分钟）')).toBeVisible();
    await shot(page, '07-settings');
    await shell.go('审计日志');
    await new AuditPageModel(page).verify();
    await expect(page.getByText(/审计链完整/)).toBeVisible();
    await shot(page, '08-audit');
  });
});

test.describe('a station user', () => {
  const seeded = { stations: [STATION], users: [{ ...STAFF, role: 'staff' as const, station: STATION.name }], signIn: false };

  test('changes the initial password, then sees only the screens the role may use', async ({ page, desk }) => {
    await seedDesk(page, desk.url, seeded);
    await page.reload();
    await new LoginPage(page).login(STAFF.username, STAFF.password);
    await new ChangePasswordPage(page).change(STAFF.password, 'Kx7#station-02');
    await expect(page.getByTestId('current-user')).toContainText(STAFF.displayName);
    const shell = new ShellPage(page);
    await expect(shell.nav().getByText('首页', { exact: true })).toBeVisible();
    await expect(shell.nav().getByText('单位与人员', { exact: true })).toBeVisible();
    for (const hidden of ['用户管理', '规则设置', '审计日志']) await expect(shell.nav().getByText(hidden, { exact: true })).toHaveCount(0);
    await page.goto(`${desk.url}#/users`);
    await expect(page.getByText('当前角色无权执行此操作')).toBeVisible();
    await shot(page, '09-staff-forbidden');
  });

  test('is locked after five wrong passwords, and the right one is then refused too', async ({ page, desk }) => {
    await seedDesk(page, desk.url, seeded);
    await page.reload();
    const login = new LoginPage(page);
    for (let i = 0; i < 5; i++) {
      await login.login(STAFF.username, 'wrong-password');
      await expect(login.error()).toContainText(i < 4 ? '用户名或密码错误' : '账户已锁定');
    }
    await login.login(STAFF.username, STAFF.password);
    await expect(login.error()).toContainText('账户已锁定');
    await shot(page, '10-locked');
  });
});
