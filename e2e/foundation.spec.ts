import { ADMIN, expect, shot, test } from './fixtures';
import { LoginPage, SetupWizardPage, ShellPage } from './page-models/shell';

const STAFF = { username: 'wangfang', password: 'Kx7#station-01', displayName: '王芳' };

test('first run, station and user management, role-limited navigation, lockout', async ({ page, desk }) => {
  test.setTimeout(240_000);
  await page.goto(desk.url);
  await expect(page.getByText('首次使用向导')).toBeVisible();
  await shot(page, '01-setup-wizard');

  // A malformed area code is refused before anything is written.
  await page.getByLabel('县局名称').fill('温州市瓯海区市场监督管理局');
  await page.getByLabel('行政区划代码').fill('12AB');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('行政区划代码应为 6 位数字')).toBeVisible();
  await page.getByLabel('行政区划代码').fill('');

  await new SetupWizardPage(page).complete({ bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password, sample: true });
  const login = new LoginPage(page);
  // Loading the sample county (about 5,000 businesses) takes a few seconds, longer on a busy CI machine.
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible({ timeout: 90_000 });
  await shot(page, '02-login');
  await login.login(ADMIN.username, ADMIN.password);
  const shell = new ShellPage(page);
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  for (const item of ['首页', '单位与人员', '用户管理', '规则设置', '审计日志']) await expect(shell.nav().getByText(item, { exact: true })).toBeVisible();
  await shot(page, '03-home-admin');

  // Create a station; a bad area code gets a clear message first.
  await shell.go('单位与人员');
  await expect(page.getByRole('cell', { name: '景山市场监管所' })).toBeVisible();
  await page.getByRole('button', { name: '新建工商所' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill('三垟市场监管所');
  await dialog.getByLabel('行政区划代码').fill('990304');
  await dialog.getByLabel('地址').fill('温州市瓯海区三垟街道塘东路 8 号');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('行政区划代码的省级部分（前两位）不存在')).toBeVisible();
  await dialog.getByLabel('行政区划代码').fill('330304');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByRole('cell', { name: '三垟市场监管所' })).toBeVisible();
  await shot(page, '04-offices');

  await page.getByRole('tab', { name: '干部' }).click();
  await expect(page.getByText(/共 \d+ 条/)).toBeVisible();
  await shot(page, '05-cadres');

  // A station-staff user of the new station.
  await shell.go('用户管理');
  await page.getByRole('button', { name: '新建用户' }).click();
  const ud = page.getByRole('dialog');
  await ud.getByLabel('用户名').fill(STAFF.username);
  await ud.getByLabel('姓名').fill(STAFF.displayName);
  await ud.getByLabel('角色').click();
  await page.getByTitle('所员').click();
  await ud.getByLabel('所属单位').click();
  await page.getByTitle('三垟市场监管所').click();
  await ud.getByLabel('初始密码').fill(STAFF.password);
  await ud.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByRole('cell', { name: STAFF.username, exact: true })).toBeVisible();
  await shot(page, '06-users');

  // A duplicate username is refused with a clear message.
  await page.getByRole('button', { name: '新建用户' }).click();
  await ud.getByLabel('用户名').fill(STAFF.username);
  await ud.getByLabel('姓名').fill('重复');
  await ud.getByLabel('角色').click();
  await page.getByTitle('所员').last().click();
  // Each choice shows in its field before the next dropdown opens (CI once saved an empty 所属单位).
  await expect(ud.locator('.ant-form-item').filter({ hasText: '角色' }).first()).toContainText('所员');
  await ud.getByLabel('所属单位').click();
  await page.getByTitle('三垟市场监管所').last().click();
  await expect(ud.locator('.ant-form-item').filter({ hasText: '所属单位' }).first()).toContainText('三垟市场监管所');
  await ud.getByLabel('初始密码').fill(STAFF.password);
  await ud.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText(`用户名“${STAFF.username}”已存在`)).toBeVisible();
  await ud.getByRole('button', { name: /取\s*消/ }).click();

  await shell.go('规则设置');
  await expect(page.getByText('会话空闲超时（分钟）')).toBeVisible();
  await shot(page, '07-settings');
  await shell.go('审计日志');
  await page.getByRole('button', { name: '校验完整性' }).click();
  await expect(page.getByText(/审计链完整/)).toBeVisible();
  await shot(page, '08-audit');
  await shell.logout();

  // The new user must change the initial password, then sees only the permitted screens.
  await login.login(STAFF.username, STAFF.password);
  await expect(page.getByText('修改密码').first()).toBeVisible();
  await page.getByLabel('原密码').fill(STAFF.password);
  await page.getByLabel('新密码').fill('Kx7#station-02');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('current-user')).toContainText(STAFF.displayName);
  await expect(shell.nav().getByText('首页', { exact: true })).toBeVisible();
  await expect(shell.nav().getByText('单位与人员', { exact: true })).toBeVisible();
  for (const hidden of ['用户管理', '规则设置', '审计日志']) await expect(shell.nav().getByText(hidden, { exact: true })).toHaveCount(0);
  await page.goto(`${desk.url}#/users`);
  await expect(page.getByText('当前角色无权执行此操作')).toBeVisible();
  await shot(page, '09-staff-forbidden');
  await page.goto(desk.url);
  await shell.logout();

  // Five wrong passwords lock the account; the right one is then refused too.
  for (let i = 0; i < 5; i++) {
    await login.login(STAFF.username, 'wrong-password');
    await expect(login.error()).toContainText(i < 4 ? '用户名或密码错误' : '账户已锁定');
  }
  await login.login(STAFF.username, 'Kx7#station-02');
  await expect(login.error()).toContainText('账户已锁定');
  await shot(page, '10-locked');
});
