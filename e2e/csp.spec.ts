import type { Page } from '@playwright/test';
import { ADMIN, expect, shot, test } from './fixtures';
import { LoginPage, SetupWizardPage, ShellPage } from './page-models/shell';

// The page runs under a policy with no 'unsafe-inline' for styles (shared/security/csp.ts): every
// screen still renders with antd's theme, no CSP violation is reported on the way, and a style
// that arrives in markup is refused.

async function watchViolations(page: Page) {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(`console: ${m.text().slice(0, 200)}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return seen;
}

test('every screen renders styled under the strict CSP, with no violation reported', async ({ page, desk }) => {
  test.setTimeout(180_000);
  const violations = await watchViolations(page);
  const res = await page.goto(desk.url);
  const header = res!.headers()['content-security-policy']!;
  expect(header).toContain("style-src 'self' 'nonce-");
  expect(header).not.toContain('unsafe-inline');
  expect(header).not.toContain('unsafe-eval');
  // The nonce is fresh for every page, and the <meta> policy carries the same one.
  const nonce = /'nonce-([^']+)'/.exec(header)![1]!;
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain(`'nonce-${nonce}'`);
  const again = await page.request.get(desk.url);
  expect(again.headers()['content-security-policy']).not.toContain(nonce);

  await expect(page.getByText('首次使用向导')).toBeVisible();
  // antd's theme reached the components: the primary button has the app's blue, not the default.
  const next = page.getByRole('button', { name: '下一步' });
  await expect(next).toHaveCSS('background-color', 'rgb(31, 95, 168)');
  await shot(page, 'csp-01-wizard');

  await new SetupWizardPage(page).complete({
    bureauName: '温州市瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN.password,
    sample: true,
  });
  await new LoginPage(page).login(ADMIN.username, ADMIN.password);
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  const shell = new ShellPage(page);
  // The navigation is antd's dark menu: its background comes from the theme's variables.
  await expect(page.locator('.ant-layout-sider')).toHaveCSS('background-color', 'rgb(0, 21, 41)');
  await shot(page, 'csp-02-home');

  // A table (it measures its scrollbar with a <style> element), a modal (it locks the page's
  // scroll with one) and a dropdown. The modal's corner is the theme's radius (4px), not unset.
  await shell.go('单位与人员');
  await expect(page.getByRole('cell', { name: '景山市场监管所' })).toBeVisible();
  await page.getByRole('button', { name: '新建工商所' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('名称')).toBeVisible();
  await expect(dialog.locator('.ant-modal-container, .ant-modal-content').first()).toHaveCSS('border-radius', '4px');
  await shot(page, 'csp-03-modal');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();

  await shell.go('规则设置');
  await expect(page.getByText('会话空闲超时（分钟）')).toBeVisible();
  await page.getByRole('button', { name: '调整' }).first().click();
  await page.getByRole('dialog').getByLabel('生效日期').click();
  // The picker opens with antd's motion (keyframes from its stylesheet) and ends opaque.
  await expect(page.locator('.ant-picker-dropdown').first()).toBeVisible();
  await expect(page.locator('.ant-picker-dropdown').first()).toHaveCSS('opacity', '1');
  await shot(page, 'csp-04-settings-picker');
  await page.keyboard.press('Escape');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();

  await shell.go('审计日志');
  await expect(page.getByRole('button', { name: '校验完整性' })).toBeVisible();
  await shot(page, 'csp-05-audit');
  expect(violations).toEqual([]);

  // The policy is real: a <style> and a style="" that arrive as markup are refused.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<p id="injected" style="color: rgb(255, 0, 0)">x</p><style>#injected { font-size: 40px }</style>');
  });
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
  await expect(page.locator('#injected')).not.toHaveCSS('color', 'rgb(255, 0, 0)');
  await expect(page.locator('#injected')).not.toHaveCSS('font-size', '40px');
  expect(violations.every((v) => v.startsWith('style-src') || v.startsWith('console:'))).toBe(true);
});
