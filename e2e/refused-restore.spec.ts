import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_PW, seedStation } from './api';
import { expect, pageAt, shot, startDesk, test } from './fixtures';
import { LoginPage } from './page-models/shell';

// A file put in the restore place outside the program (no signed stamp) is refused at start: the
// data stays, the file is set aside, and the administrator's home says so until it is checked.
test('a restore staged by hand is refused, and the administrator’s home says so until acknowledged', async ({ browser }) => {
  test.setTimeout(120_000);
  const first = await startDesk();
  const setup = await pageAt(browser, first);
  await seedStation(setup, first.url);
  await setup.close();
  await first.stop();
  const db = path.join(first.dataDir, 'branch-desk.sqlite');
  fs.copyFileSync(db, `${db}.restore`);
  const desk = await startDesk(first.dataDir);
  const page = await pageAt(browser, desk);
  try {
    await page.goto(desk.url);
    await new LoginPage(page).login('admin', ADMIN_PW);
    const alert = page.getByTestId('home-refused-restores');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('拒绝了 1 次');
    await expect(page.getByTestId('home-refused-restore')).toContainText('没有恢复签名');
    await expect(page.getByTestId('home-refused-restore')).toContainText('branch-desk.sqlite.restore-refused-1');
    expect(fs.existsSync(`${db}.restore-refused-1`)).toBe(true);
    await shot(page, 'home-refused-restore');
    await page.getByTestId('home-refused-ack').click();
    // Acknowledged for good: no longer the alarm, but its copy is still on disk, and the home says so.
    await expect(alert).toContainText('还留有 1 个');
    await expect(page.getByTestId('home-refused-ack')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('home')).toBeVisible();
    await expect(page.getByTestId('home-refused-restores')).toContainText('还留有 1 个');
    await expect(page.getByTestId('home-refused-restores')).not.toContainText('拒绝了');
    await shot(page, 'home-refused-left');
    // The audit log words the refusal too: the reason in words, not its code.
    await page.getByRole('menu').getByText('审计日志', { exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: '拒绝未经本机签署的恢复' });
    await expect(row).toContainText('没有恢复签名');
    await expect(row).toContainText('另存为');
    await expect(row).not.toContainText('no_stamp');
    await shot(page, 'audit-refused-restore');
    // The same reminder in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menu').getByText('Home', { exact: true }).click();
    await expect(page.getByTestId('home-refused-restores')).toContainText('still in the data folder');
    await expect(page.getByTestId('home-refused-restores')).not.toContainText(/[\u4e00-\u9fff]/);
    await shot(page, 'home-refused-left-en');
    await page.getByRole('button', { name: /中\s*文/ }).click();
  } finally {
    await page.close();
    await desk.stop();
  }
  // Refused again: this time the administrator deletes the copies (this one and the one checked before).
  fs.copyFileSync(db, `${db}.restore`);
  const again = await startDesk(first.dataDir);
  const page2 = await pageAt(browser, again);
  try {
    await page2.goto(again.url);
    await new LoginPage(page2).login('admin', ADMIN_PW);
    const entries = page2.getByTestId('home-refused-restore');
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toContainText('此前已核实');
    await expect(entries.nth(1)).toContainText('branch-desk.sqlite.restore-refused-2');
    await expect(entries.nth(1)).toContainText(/\d+(\.\d)? (MB|KB)/);
    await page2.getByTestId('home-refused-remove').click();
    // The copy acknowledged before is deleted too: the confirmation counts both.
    await expect(page2.getByRole('tooltip')).toContainText('删除被拦下的 2 个文件');
    await shot(page2, 'home-refused-remove-confirm');
    await page2
      .getByRole('tooltip')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await expect(page2.getByTestId('home-refused-restores')).toHaveCount(0);
    await expect(page2.getByText(/删除了 2 个文件/)).toBeVisible();
    expect([`${db}.restore-refused-1`, `${db}.restore-refused-2`].filter((f) => fs.existsSync(f))).toEqual([]);
  } finally {
    await page2.close();
    await again.stop();
  }
});
