import fs from 'node:fs';
import path from 'node:path';
import { fileKind, openKeyed } from '../electron/core/db/cipher';
import { fileKey } from '../electron/core/db/db-key';
import { searchGrams } from '../shared/domain/credit-code';
import { ADMIN_PW, seedStation } from './api';
import { expect, shot, startDesk, test } from './fixtures';
import { LoginPage } from './page-models/shell';

// A database too large to check at start-up (over 16 MiB) opens at once; its integrity check runs
// in the background. When a page of it is damaged, the app stops writing and every screen says so.

test('a damaged county database opens, turns read-only and says so on every screen', async ({ page, desk, browser }) => {
  test.setTimeout(180_000);
  const { station } = await seedStation(page, desk.url);
  await desk.stop();

  // Grow the file past the inline limit with businesses, as a sync pull lands them.
  const file = path.join(desk.dataDir, 'branch-desk.sqlite');
  // The database is encrypted (browser mode's key file, db.key, is in the data folder).
  expect(fileKind(file)).toBe('encrypted');
  const db = openKeyed(file, fileKey(file));
  db.function('bd_grams', { deterministic: true }, (t: unknown) => searchGrams(typeof t === 'string' ? t : null));
  const ins = db.prepare("INSERT INTO business (id, office_id, created_at, updated_at, name, credit_code, address) VALUES (?, ?, '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z', ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 40_000; i++) ins.run(`0190a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`, station, `温州市瓯海区娄桥鑫达五金店${i}号铺`, `92330304MA${String(i).padStart(8, '0')}`, `娄桥街道古岸头路${i}号`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const { pageno } = db.prepare("SELECT pageno FROM dbstat WHERE name = 'business_credit_idx' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10").get() as { pageno: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  expect(fs.statSync(file).size).toBeGreaterThan(16 * 2 ** 20);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize - 8, 0x5a), 0, pageSize - 8, (pageno - 1) * pageSize + 8);
  fs.closeSync(fd);

  const again = await startDesk(desk.dataDir);
  try {
    const p = await browser.newPage();
    await p.clock.install({ time: again.now() });
    await p.goto(again.url);
    await new LoginPage(p).login('admin', ADMIN_PW);
    await expect(p.getByTestId('current-user')).toContainText('周建国');
    // The check runs once the app is up; its failure reaches the header and a banner.
    await expect(p.getByTestId('integrity-failed')).toBeVisible({ timeout: 60_000 });
    await expect(p.getByTestId('integrity-failed')).toContainText('请联系系统管理员从备份恢复');
    await expect(p.getByTestId('sync-indicator')).toContainText('数据库已损坏');
    // A write from the screen is refused with the reason, and nothing is added.
    await p.getByRole('menu').getByText('单位与人员', { exact: true }).click();
    await expect(p.getByRole('row', { name: /娄桥市场监管所/ })).toBeVisible();
    const before = await p.getByRole('row').count();
    await p.getByRole('button', { name: '新建工商所' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('名称').fill('新桥市场监管所');
    await dialog.getByLabel('行政区划代码').fill('330304');
    await dialog.getByRole('button', { name: /保\s*存|确\s*定/ }).click();
    await expect(p.getByText(/完整性检查未通过/).first()).toBeVisible();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await shot(p, 'integrity-failed');
    await expect(p.getByRole('row', { name: /新桥市场监管所/ })).toHaveCount(0);
    await expect(p.getByRole('row')).toHaveCount(before);
  } finally {
    await again.stop();
  }
});
