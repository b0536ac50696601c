import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PW, api } from './api';
import { ADMIN, expect, pageAt, shot, startDesk, test } from './fixtures';
import { LoginPage, SetupWizardPage } from './page-models/shell';

// The package's identity on screen: the About dialog names the app, its version and the folder
// that holds its data.

test('the About dialog shows the name, the version and the data folder', async ({ page, desk }) => {
  await page.goto(desk.url);
  await new SetupWizardPage(page).complete({
    bureauName: '瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    sample: false,
  });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await page
    .getByRole('button', { name: '关 于' })
    .or(page.getByRole('button', { name: '关于' }))
    .click();
  const about = page.getByTestId('about');
  await expect(about).toContainText('基层工商所工作台 · Branch Desk');
  await expect(about).toContainText('0.1.0');
  await expect(about).toContainText('浏览器模式');
  await expect(about).toContainText(desk.dataDir);
  await shot(page, 'about');
});

test('the maintenance screen keeps the update address and says browser mode does not update itself', async ({ page, desk }) => {
  await page.goto(desk.url);
  await new SetupWizardPage(page).complete({
    bureauName: '瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    sample: false,
  });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await page.getByRole('menu').getByText('数据维护', { exact: true }).click();
  const card = page.getByTestId('updates');
  await expect(card).toContainText('浏览器模式不支持自动更新');
  await card.getByLabel('更新地址').fill('ftp://10.12.0.5/bd');
  await card.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('更新地址须为 http 或 https 文件夹地址').or(page.getByText('输入数据不符合要求'))).toBeVisible();
  await card.getByLabel('更新地址').fill('http://10.12.0.5/branch-desk');
  await card.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('updates').getByLabel('更新地址')).toHaveValue('http://10.12.0.5/branch-desk/');
  await shot(page, 'maintenance-updates');
});

test('the backups screen lists backups with size, date and integrity, and restores after a confirmation', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await page.goto(desk.url);
  await new SetupWizardPage(page).complete({
    bureauName: '瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    sample: false,
  });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await page.getByRole('menu').getByText('数据维护', { exact: true }).click();
  const card = page.getByTestId('backups');
  await card.getByRole('button', { name: '立即备份' }).click();
  await expect(page.getByText('备份已完成')).toBeVisible();
  const row = page
    .getByTestId('backup-list')
    .getByRole('row', { name: /branch-desk-/ })
    .first();
  await expect(row).toContainText('完好');
  await expect(row).toContainText(/KB|MB/);
  await shot(page, 'maintenance-backups');
  const before = await page
    .getByTestId('backup-list')
    .getByRole('row', { name: /branch-desk-/ })
    .count();
  await row.getByRole('button', { name: /恢\s*复/ }).click();
  await expect(page.getByText(/当前数据库将先备份/)).toBeVisible();
  await shot(page, 'maintenance-restore-confirm');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /恢\s*复/ })
    .click();
  await expect(page.getByText('已开始恢复，应用正在重启，请稍后重新登录。')).toBeVisible();
  // The host restarted on the restored database; the page reloads to the sign-in.
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await page.getByRole('menu').getByText('数据维护', { exact: true }).click();
  // The restore backed the current database up first: one backup more than before.
  await expect(page.getByTestId('backup-list').getByRole('row', { name: /branch-desk-/ })).toHaveCount(before + 1);
  await shot(page, 'maintenance-after-restore');
});

test('a backup made by another install (another key) asks for that install’s recovery key, refuses a wrong one, and restores with the right one', async ({
  page,
  desk,
}) => {
  test.setTimeout(150_000);
  // Another install writes a backup to a USB folder; it is encrypted with that install's key,
  // whose recovery key its administrator wrote down.
  const other = await startDesk();
  const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-usb-'));
  let recoveryKey = '';
  try {
    const p = await pageAt(page.context().browser()!, other);
    await p.goto(other.url);
    await api(p, 'auth.setup', {
      bureauName: '温州市鹿城区市场监督管理局',
      bureauCode: '330302',
      username: 'admin',
      displayName: '王海',
      password: ADMIN_PW,
      loadSample: false,
    });
    const { sessionToken } = await api(p, 'auth.login', { username: 'admin', password: ADMIN_PW });
    await api(p, 'backup.create', { folder: usb }, sessionToken);
    recoveryKey = (await api(p, 'backup.recoveryKey', { password: ADMIN_PW }, sessionToken)).recoveryKey ?? '';
    await p.close();
  } finally {
    await other.stop();
  }
  await page.goto(desk.url);
  await new SetupWizardPage(page).complete({
    bureauName: '瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    sample: false,
  });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await page.getByRole('menu').getByText('数据维护', { exact: true }).click();
  const card = page.getByTestId('backups');
  await expect(card).toContainText('恢复密钥');

  // This desk's own recovery key, after the password.
  await card.getByRole('button', { name: '恢复密钥' }).click();
  const keyDialog = page.getByRole('dialog', { name: '恢复密钥' });
  await keyDialog.getByLabel('您的登录密码').fill('not-my-password');
  await keyDialog.getByRole('button', { name: '显示恢复密钥' }).click();
  await expect(keyDialog).toContainText('密码错误，请重新输入');
  await keyDialog.getByLabel('您的登录密码').fill(ADMIN.password);
  await keyDialog.getByRole('button', { name: '显示恢复密钥' }).click();
  await expect(keyDialog.getByTestId('recovery-key')).toContainText(/^[0-9A-F]{8}(-[0-9A-F]{8}){7}/);
  await shot(page, 'maintenance-recovery-key');
  await keyDialog
    .locator('.ant-modal-footer')
    .getByRole('button', { name: /关\s*闭/ })
    .click();

  await card.getByRole('textbox', { name: '文件夹' }).fill(usb);
  await card.getByRole('button', { name: /打\s*开/ }).click();
  const row = page
    .getByTestId('backup-list')
    .getByRole('row', { name: /branch-desk-/ })
    .first();
  await row.getByRole('button', { name: /恢\s*复/ }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /恢\s*复/ })
    .click();
  const foreign = page.getByRole('dialog', { name: /来自另一台电脑或另一次安装/ });
  await expect(foreign).toBeVisible();
  await foreign.getByLabel('恢复密钥').fill('AB'.repeat(32));
  await foreign.getByRole('button', { name: /恢\s*复/ }).click();
  await expect(foreign).toContainText('恢复密钥与该备份不符');
  await shot(page, 'maintenance-restore-wrong-key');
  // No restart: the desk is still this bureau's.
  await expect(page.getByText('已开始恢复')).toHaveCount(0);
  await foreign.getByLabel('恢复密钥').fill(recoveryKey.toLowerCase());
  await foreign.getByRole('button', { name: /恢\s*复/ }).click();
  await expect(page.getByText('已开始恢复，应用正在重启，请稍后重新登录。')).toBeVisible();
  // The host restarted on the other install's data, now under this desk's key.
  await new LoginPage(page).login(ADMIN.username, ADMIN_PW);
  await expect(page.getByText('温州市鹿城区市场监督管理局').first()).toBeVisible();
});
