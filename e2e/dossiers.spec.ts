import { extractText, getDocumentProxy } from 'unpdf';
import { ADMIN_PW, api, createHrUser, HR } from './api';
import { expect, shot, suiteYear, test } from './fixtures';
import { LoginPage, ShellPage } from './page-models/shell';


test('an HR officer runs a recruit’s dossier: internship, career plan with the anchor survey, review, commitment, PDF', async ({ page, desk }) => {
  await page.goto(desk.url);
  await api(page, 'auth.setup', { bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '周建国', password: ADMIN_PW, loadSample: true });
  const { sessionToken: admin } = await api(page, 'auth.login', { username: 'admin', password: ADMIN_PW });
  await createHrUser(page, admin);

  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText('郑雅琴');
  await new ShellPage(page).go('干部档案');

  // The HR dashboard lists recruits without an internship; open the first one.
  const recruits = page.getByTestId('hr-recruits');
  await expect(recruits).toBeVisible();
  await expect(page.getByTestId('hr-dashboard')).toContainText('职业适应');
  await shot(page, 'dossiers-01-hr-dashboard');
  const link = recruits.getByRole('link').first();
  const name = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByTestId('dossier')).toContainText(`${name} 的职业档案`);
  await expect(page.getByTestId('stage')).toContainText('职业适应阶段');
  await expect(page.getByTestId('warning-noInternship')).toBeVisible();
  // HR sees the full identity number.
  await expect(page.getByTestId('dossier')).toContainText(/\d{17}[\dX]/);
  await shot(page, 'dossiers-02-recruit');

  // Schedule the rotation internship: the warning goes away.
  await page.getByRole('tab', { name: '巡回实习' }).click();
  await page.getByRole('button', { name: '安排巡回实习' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('实习岗位').fill('登记注册岗');
  await dialog.getByLabel('实习单位/科室').fill('区局注册许可科');
  await dialog.getByPlaceholder('开始日期').click();
  await dialog.getByPlaceholder('开始日期').fill('2026-12-01');
  await dialog.getByPlaceholder('结束日期').fill('2027-02-28');
  await dialog.getByPlaceholder('结束日期').press('Enter');
  await dialog.getByLabel('带教人').fill('陈老师');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('internships')).toContainText('登记注册岗');
  await expect(page.getByTestId('warning-noInternship')).toHaveCount(0);

  // A career plan: a goal and the 40-item anchor survey, then submit.
  await page.getByRole('tab', { name: '职业生涯规划' }).click();
  await page.getByRole('button', { name: '新建规划书' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('自我评估').fill('做事细致，沟通能力较好，执法经验不足。');
  const items = dialog.locator('.survey-item');
  await expect(items).toHaveCount(40);
  for (let k = 0; k < 40; k++) await items.nth(k).getByText(k % 8 === 5 ? '6' : '3', { exact: true }).click();
  await expect(dialog.getByText('得分最高：服务/奉献型')).toBeVisible();
  await dialog.getByLabel('1 年目标').fill('独立受理企业登记业务');
  await dialog.getByLabel('3 年目标').fill('成为所里的登记业务骨干');
  await shot(page, 'dossiers-03-plan-survey');
  await dialog.getByRole('button', { name: '保存草稿' }).click();
  const planRow = page.getByTestId('plans').getByRole('row').filter({ hasText: '独立受理企业登记业务' });
  await expect(planRow).toContainText('草稿');
  await planRow.getByRole('button', { name: '提交' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
  await expect(planRow).toContainText('已提交');

  // HR reviews it.
  await planRow.getByRole('button', { name: /审\s*阅/ }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('审阅意见').fill('目标具体可行，建议参加登记业务专题培训。');
  await dialog.getByRole('button', { name: /审\s*阅/ }).click();
  await expect(planRow).toContainText('已审阅');
  await expect(page.getByTestId('anchor-chart')).toContainText('服务/奉献型');
  await shot(page, 'dossiers-04-plan-reviewed');

  // A post commitment and its year-end review.
  // A recruit of last year's intake already has this year's commitment: HR edits it instead.
  await page.getByRole('tab', { name: '岗位承诺' }).click();
  const thisYears = page.getByTestId('commitments').getByRole('row').filter({ has: page.getByRole('cell', { name: String(suiteYear()), exact: true }) });
  if (await thisYears.count()) await thisYears.getByRole('button', { name: /编\s*辑/ }).click();
  else await page.getByRole('button', { name: '新建承诺书' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('年度')).toHaveValue(String(suiteYear()));
  await dialog.getByLabel('承诺事项').fill('全年受理登记业务不少于 200 件\n参加岗位练兵不少于 4 次');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  const commitRow = page.getByTestId('commitments').getByRole('row').filter({ hasText: '全年受理登记业务' });
  await expect(commitRow).toContainText('未评议');
  await commitRow.getByRole('button', { name: '年终评议' }).click();
  dialog = page.getByRole('dialog');
  // Keyboard only: the first option is 已兑现, the second 部分兑现.
  await dialog.getByLabel('第 1 项评议结果').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await dialog.getByLabel('第 2 项评议结果').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(commitRow).toContainText('郑雅琴');
  await expect(commitRow).toContainText('部分兑现');
  await shot(page, 'dossiers-05-commitment');

  // The plan as an A4 document, saved as PDF by Chromium; its text names the cadre and the goals.
  await page.getByRole('tab', { name: '职业生涯规划' }).click();
  await planRow.getByRole('button', { name: /^打\s*印$/ }).click();
  await expect(page.getByTestId('print-sheet')).toContainText('职业生涯规划书');
  await shot(page, 'dossiers-06-plan-print');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(name);
  expect(flat).toContain('独立受理企业登记业务');
  expect(flat).toContain('成为所里的登记业务骨干');
  expect(flat).toContain('服务/奉献型');

  // The whole dossier prints too.
  await page.getByRole('button', { name: /返\s*回/ }).click();
  await page.getByRole('button', { name: '打印 / 导出 PDF' }).click();
  await expect(page.getByTestId('print-sheet')).toContainText('干部职业档案');
  await expect(page.getByTestId('print-sheet')).toContainText('登记注册岗');
  await shot(page, 'dossiers-07-dossier-print');

  // The register, with masked numbers for nobody but HR.
  await page.getByRole('button', { name: /返\s*回/ }).click();
  await new ShellPage(page).go('干部档案');
  await page.getByRole('tab', { name: '干部名册' }).click();
  await page.getByPlaceholder('按姓名或岗位搜索').fill(name);
  await page.getByPlaceholder('按姓名或岗位搜索').press('Enter');
  await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) })).toContainText(/\d{17}[\dX]/);
  await shot(page, 'dossiers-08-register');
});
