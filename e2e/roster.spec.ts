import type { Page } from '@playwright/test';
import { ADMIN_PW, api, createHrUser, HR } from './api';
import { expect, shot, suiteToday, suiteYear, test } from './fixtures';
import { LoginPage, ShellPage } from './page-models/shell';


/** Click an option in the open antd dropdown (the listbox copies for screen readers are hidden). */
const pick = (page: Page, name: string | RegExp) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first().click();

test('HR moves a 实改非 cadre to the second line, appoints them supervisor of two zones, logs a visit, and reads eligibility', async ({ page, desk }) => {
  await page.goto(desk.url);
  await api(page, 'auth.setup', { bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '周建国', password: ADMIN_PW, loadSample: false });
  const { sessionToken: admin } = await api(page, 'auth.login', { username: 'admin', password: ADMIN_PW });
  const st = await api(page, 'offices.create', { name: '娄桥市场监管所', code: '330304' }, admin);
  await api(page, 'zones.create', { officeId: st.id, code: 'LQ01', name: '古岸头责任区' }, admin);
  await api(page, 'zones.create', { officeId: st.id, code: 'LQ02', name: '娄桥老街责任区' }, admin);
  const base = { officeId: st.id, workStart: '1990-07-01' };
  const chen = await api(page, 'cadres.create', { ...base, name: '陈国平', gender: 'M', birthDate: '1968-05-10', post: '综合监管岗', leadershipPost: '乡科级副职', leadershipStart: '2012-03-01', rank: '三级主任科员', rankStart: '2024-05-01', sgf: true, sgfDate: '2024-05-01' }, admin);
  const lin = await api(page, 'cadres.create', { ...base, name: '林晓', gender: 'F', birthDate: '1995-02-01', workStart: '2019-07-01', rank: '一级科员', rankStart: '2023-08-01' }, admin);
  await api(page, 'dossier.saveAppraisal', { cadreId: lin.id, year: 2024, grade: '基本称职' }, admin);
  const wuId = (await api(page, 'cadres.create', { ...base, name: '吴志刚', gender: 'M', birthDate: '1990-04-01', workStart: '2012-07-01', rank: '一级科员', rankStart: '2021-07-01' }, admin)).id;
  await createHrUser(page, admin);

  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText('郑雅琴');
  await new ShellPage(page).go('督导与晋升');

  // The second-line list shows the veteran past the age; record the move, then take up the offer.
  await page.getByRole('tab', { name: '退二线' }).click();
  const row = page.getByTestId('second-line').getByRole('row').filter({ hasText: '陈国平' });
  await expect(row).toContainText('乡科级副职');
  await expect(row).toContainText('已到龄');
  await shot(page, 'roster-01-second-line');
  await row.getByRole('button', { name: '办理退二线' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
  const offer = page.locator('.ant-modal-confirm').filter({ hasText: '任命为督导员？' });
  await expect(offer).toContainText('陈国平已退二线');
  await offer.getByRole('button', { name: '任命督导员' }).click();

  const dialog = page.getByRole('dialog', { name: '任命督导员' });
  await expect(dialog.getByLabel('人员')).toBeVisible();
  await expect(dialog).toContainText('陈国平');
  await dialog.getByLabel('职责').fill('督导责任区巡查和食品安全日常监管');
  await dialog.getByLabel('督导的责任区').click();
  await pick(page, 'LQ01 古岸头责任区');
  await pick(page, 'LQ02 娄桥老街责任区');
  await dialog.getByLabel('职责').click();
  await shot(page, 'roster-02-appoint');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('tab', { name: '督导员名册' }).click();
  const sup = page.getByTestId('supervisors').getByRole('row').filter({ hasText: '陈国平' });
  await expect(sup).toContainText('古岸头责任区');
  await expect(sup).toContainText('实改非');
  await sup.getByRole('link', { name: '陈国平' }).click();

  // An assignment on one zone, then a visit with a follow-up.
  await expect(page.getByTestId('supervisor-page')).toContainText('督导员 陈国平');
  await page.getByRole('button', { name: '新增督导任务' }).click();
  let d = page.getByRole('dialog');
  await d.getByLabel('督导对象').click();
  await pick(page, 'LQ01 古岸头责任区');
  await d.getByPlaceholder('开始日期').click();
  await d.getByPlaceholder('开始日期').fill(suiteToday());
  await d.getByPlaceholder('结束日期').fill(`${suiteYear() + 1}-06-30`);
  await d.getByPlaceholder('结束日期').press('Enter');
  await d.getByLabel('督导目标').fill('每月随机抽查 2 户食品经营者');
  await d.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('assignments')).toContainText('古岸头责任区');

  await page.getByRole('button', { name: '记录一次督导' }).click();
  d = page.getByRole('dialog');
  await d.getByLabel('督导对象').click();
  await pick(page, /古岸头责任区/);
  await d.getByLabel('发现的问题').fill('一家小餐馆从业人员健康证过期');
  await d.getByLabel('跟进事项').fill('督促办理健康证，下月复查');
  await d.getByLabel('跟进状态').click();
  await pick(page, '待跟进');
  await d.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('log')).toContainText('健康证过期');
  await expect(page.getByTestId('supervisor-page')).toContainText('待跟进 1 项');
  await shot(page, 'roster-03-supervisor');

  // Eligibility: enough years but no appraisals on file is 未符合 (考核结果缺失), each criterion explained.
  await page.getByRole('button', { name: /返\s*回/ }).click();
  await page.getByRole('tab', { name: '职级晋升' }).click();
  await page.getByLabel('范围').click();
  await pick(page, '全部');
  const list = page.getByTestId('eligibility');
  const wu = list.getByRole('row').filter({ hasText: '吴志刚' });
  await expect(wu).toContainText('未符合');
  await wu.getByRole('button', { name: /展开行|Expand row/ }).click();
  await expect(page.getByTestId('criteria-吴志刚')).toContainText('≥ 3 年');
  await expect(page.getByTestId('criteria-吴志刚')).toContainText('考核结果缺失');
  // Training is shown beside the verdict as evidence: nobody here trained last year.
  await expect(page.getByTestId('training-吴志刚')).toContainText(`${suiteYear() - 1} 年度培训未达标`);
  const linRow = list.getByRole('row').filter({ hasText: '林晓' });
  await expect(linRow).toContainText('未符合');
  await linRow.getByRole('button', { name: /展开行|Expand row/ }).click();
  await expect(page.getByTestId('criteria-林晓')).toContainText('2024 年度基本称职，不计入年限');
  await expect(page.getByTestId('criteria-林晓')).toContainText('< 3 年');
  await shot(page, 'roster-04-eligibility');

  // With every year's appraisal on file the verdict turns; 记录晋升 asks for the approval date and
  // the 任职文号 (no default of today), then the rank history moves on.
  for (let y = 2021; y < suiteYear(); y++) await api(page, 'dossier.saveAppraisal', { cadreId: wuId, year: y, grade: '称职' }, admin);
  await page.getByRole('tab', { name: '退二线' }).click();
  await page.getByRole('tab', { name: '职级晋升' }).click();
  await expect(wu.locator('td').nth(6)).toHaveText('符合');
  await wu.getByRole('button', { name: '记录晋升' }).click();
  const promote = page.getByRole('dialog');
  await expect(promote).toContainText('记录吴志刚晋升为四级主任科员');
  // The date starts at today and is the user's to change; the document number has no default.
  await expect(promote.getByLabel('批准日期')).toHaveValue(suiteToday());
  await promote.getByRole('button', { name: '记录晋升' }).click();
  await expect(promote.locator('.ant-form-item-explain-error')).toHaveText(['必填']);
  await promote.getByLabel('批准日期').click();
  await promote.getByLabel('批准日期').fill(`${suiteYear()}-01-15`);
  await promote.getByLabel('批准日期').press('Enter');
  await promote.getByLabel('任职文号').fill('瓯市监人〔2026〕12号');
  await shot(page, 'roster-04b-promote');
  await promote.getByRole('button', { name: '记录晋升' }).click();
  await expect(promote).toBeHidden();
  await expect(wu).toContainText('四级主任科员');
  await expect(wu.locator('td').nth(6)).toHaveText('未符合');
  const promoted = (await api(page, 'cadres.list', { officeId: st.id }, admin)).find((c) => c.name === '吴志刚')!;
  expect([promoted.rank, promoted.rankStart]).toEqual(['四级主任科员', `${suiteYear()}-01-15`]);

  // The supervisor signs in with an ordinary station account: 我的督导 leads to their page, where
  // they log visits but cannot change assignments.
  await api(page, 'users.create', { username: 'chengp', displayName: '陈国平', role: 'staff', officeId: st.id, cadreId: chen.id, password: 'Sup#Start-2026' }, admin);
  const first = await api(page, 'auth.login', { username: 'chengp', password: 'Sup#Start-2026' });
  await api(page, 'auth.changePassword', { oldPassword: 'Sup#Start-2026', newPassword: 'Sup#Desk-2026' }, first.sessionToken);
  const shell = new ShellPage(page);
  await shell.logout();
  await new LoginPage(page).login('chengp', 'Sup#Desk-2026');
  await expect(shell.nav()).not.toContainText('督导与晋升');
  await shell.go('我的督导');
  await expect(page.getByTestId('supervisor-page')).toContainText('督导员 陈国平');
  await expect(page.getByTestId('log')).toContainText('健康证过期');
  await expect(page.getByRole('button', { name: '记录一次督导' })).toBeVisible();
  await expect(page.getByRole('button', { name: '新增督导任务' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /返\s*回/ })).toHaveCount(0);
  await shot(page, 'roster-05-my-supervision');
});
