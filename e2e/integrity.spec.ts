import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fileKind, openKeyed } from '../electron/core/db/cipher';
import { fileKey } from '../electron/core/db/db-key';
import { searchGrams } from '../shared/domain/credit-code';
import { ADMIN_PW, seedStation } from './api';
import { expect, pageAt, shot, startDesk, test, type Desk } from './fixtures';
import { OfficesPageModel } from './page-models/admin';
import { LoginPage, ShellPage } from './page-models/shell';

// A database too large to check at start-up (over 16 MiB) opens at once; its integrity check runs
// in the background. When a page of it is damaged, the app stops writing and every screen says so.

/** Grows the county database past the inline limit with businesses, as a sync pull lands them, then damages one page of an index. */
function growAndDamage(dataDir: string, station: string) {
  const file = path.join(dataDir, 'branch-desk.sqlite');
  // The database is encrypted (browser mode's key file, db.key, is in the data folder).
  expect(fileKind(file)).toBe('encrypted');
  const db = openKeyed(file, fileKey(file));
  db.function('bd_grams', { deterministic: true }, (t: unknown) => searchGrams(typeof t === 'string' ? t : null));
  const ins = db.prepare(
    "INSERT INTO business (id, office_id, created_at, updated_at, name, credit_code, address) VALUES (?, ?, '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z', ?, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < 40_000; i++)
      ins.run(
        `0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
        station,
        `温州市瓯海区娄桥鑫达五金店${i}号铺`,
        `92330304MA${String(i).padStart(8, '0')}`,
        `娄桥街道古岸头路${i}号`,
      );
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const { pageno } = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'business_credit_idx' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10")
    .get() as { pageno: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  expect(fs.statSync(file).size).toBeGreaterThan(16 * 2 ** 20);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize - 8, 0x5a), 0, pageSize - 8, (pageno - 1) * pageSize + 8);
  fs.closeSync(fd);
}

test.describe.serial('a damaged county database', () => {
  let desk: Desk;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    const first = await startDesk();
    const setup = await pageAt(browser, first);
    const { station } = await seedStation(setup, first.url);
    await setup.close();
    await first.stop();
    growAndDamage(first.dataDir, station);
    desk = await startDesk(first.dataDir);
    page = await pageAt(browser, desk);
    await page.goto(desk.url);
    await new LoginPage(page).login('admin', ADMIN_PW);
    await expect(page.getByTestId('current-user')).toContainText('周建国');
  });
  test.afterAll(async () => {
    await page?.close();
    await desk?.stop();
  });

  test('opens, and once the background check fails the header and a banner say so', async () => {
    await expect(page.getByTestId('integrity-failed')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('integrity-failed')).toContainText('请联系系统管理员从备份恢复');
    await expect(page.getByTestId('sync-indicator')).toContainText('数据库已损坏');
  });

  test('a write from a screen is refused with the reason, and nothing is added', async () => {
    await new ShellPage(page).go('单位与人员');
    await expect(page.getByRole('row', { name: /娄桥市场监管所/ })).toBeVisible();
    const before = await page.getByRole('row').count();
    await new OfficesPageModel(page).createStation({ name: '新桥市场监管所', code: '330304' });
    await expect(page.getByText(/完整性检查未通过/).first()).toBeVisible();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await shot(page, 'integrity-failed');
    await expect(page.getByRole('row', { name: /新桥市场监管所/ })).toHaveCount(0);
    await expect(page.getByRole('row')).toHaveCount(before);
  });
});
