import type { Page } from '@playwright/test';
import { ADMIN_PW, api, createHrUser, HR } from './api';
import { expect, pageAt, shot, startDesk, test, type Desk } from './fixtures';
import { LoginPage, ShellPage } from './page-models/shell';
import { cstDay } from '../shared/domain/time';

// One calendar day for the whole app: a course created "today" can take its attendance today,
// half an hour before and half an hour after midnight in China Standard Time, with the host
// process in UTC and the page in Los Angeles. Both sides run on the same injected instant.
const pick = (page: Page, name: string) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first().click();
const CASES = [
  { at: '23:30 on 31 December', instant: '2026-12-31T23:30:00+08:00' },
  { at: '00:30 on 1 January', instant: '2027-01-01T00:30:00+08:00' },
];

for (const c of CASES) {
  test.describe(`at ${c.at} in China Standard Time`, () => {
    let desk: Desk;
    test.beforeEach(async () => {
      desk = await startDesk(undefined, { now: c.instant, tz: 'UTC' });
    });
    test.afterEach(async () => desk.stop());

    test('a course created today records its attendance today', async ({ browser }) => {
      const day = cstDay(Date.parse(c.instant));
      const year = Number(day.slice(0, 4));
      const page = await pageAt(browser, desk, { timezoneId: 'America/Los_Angeles' });
      await page.goto(desk.url);
      await api(page, 'auth.setup', { bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '周建国', password: ADMIN_PW, loadSample: false });
      const { sessionToken: admin } = await api(page, 'auth.login', { username: 'admin', password: ADMIN_PW });
      const st = await api(page, 'offices.create', { name: '娄桥市场监管所', code: '330304' }, admin);
      for (const name of ['林晓', '吴志刚']) await api(page, 'cadres.create', { officeId: st.id, name, gender: 'M', birthDate: '1985-04-01', workStart: '2008-07-01', post: '综合监管岗' }, admin);
      await createHrUser(page, admin);

      await page.reload();
      await new LoginPage(page).login(HR.username, HR.password);
      await new ShellPage(page).go('培训');
      // The year shown is the CST year, not the page's or the host's.
      await expect(page.getByTestId('training-year')).toContainText(String(year));

      await page.getByRole('button', { name: '新建计划' }).click();
      const planDialog = page.getByRole('dialog', { name: '新建计划' });
      await planDialog.getByLabel('名称').fill(`${year} 年度岗位练兵计划`);
      await planDialog.getByText('已批准').click();
      await planDialog.getByRole('button', { name: /保\s*存/ }).click();
      await expect(planDialog).toBeHidden();
      const planRow = page.getByTestId('training-plans').getByRole('row').filter({ hasText: `${year} 年度岗位练兵计划` });
      await planRow.getByRole('button', { name: '新建课程' }).click();
      const courseDialog = page.getByRole('dialog', { name: '新建课程' });
      // The course starts today by default: the CST day.
      await expect(courseDialog.getByPlaceholder('开始日期')).toHaveValue(day);
      await courseDialog.getByLabel('练兵类别').click();
      await pick(page, '法律');
      await courseDialog.getByLabel('课程名称').fill('跨夜课程：行政处罚法适用');
      await courseDialog.getByLabel('学时').fill('4');
      await courseDialog.getByLabel('天数').fill('0.5');
      await courseDialog.getByRole('button', { name: /保\s*存/ }).click();
      await expect(courseDialog).toBeHidden();

      await page.getByRole('tab', { name: '课程' }).click();
      await page.getByTestId('course-list').getByRole('link', { name: '跨夜课程：行政处罚法适用' }).click();
      await expect(page.getByTestId('course-page')).toContainText(day);
      await page.getByRole('button', { name: /^报\s*名$/ }).click();
      const enrol = page.getByRole('dialog');
      await enrol.getByLabel('工商所').click();
      await pick(page, '娄桥市场监管所');
      await enrol.getByRole('button', { name: /^报\s*名$/ }).click();
      await expect(page.locator('.ant-message')).toContainText('已报名 2 人');

      // Attendance is open (the course has started today) and is accepted by the core.
      await page.getByRole('button', { name: '全部标为出席' }).click();
      await page.getByRole('button', { name: /保存出勤/ }).click();
      await expect(page.locator('.ant-message')).toContainText('已保存 2 人的出勤');
      await expect(page.getByTestId('course-roster').getByRole('row').filter({ hasText: '林晓' })).toContainText('4');
      await shot(page, `calendar-day-${day}`);

      // The week calendar marks the CST day as today.
      await new ShellPage(page).go('培训');
      await page.getByRole('tab', { name: '课程' }).click();
      await page.getByText('周历').click();
      await expect(page.locator('.week-day.today')).toContainText(day.slice(5));
      await expect(page.locator('.week-day.today')).toContainText('跨夜课程');
      await page.close();
    });
  });
}
