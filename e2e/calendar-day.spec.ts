import type { Page } from '@playwright/test';
import { api, createHrUser, HR } from './api';
import { expect, pageAt, shot, startDesk, test, type Desk } from './fixtures';
import { LoginPage } from './page-models/shell';
import { TrainingPageModel, toast } from './page-models/training';
import { seedDesk } from './seed';
import { cstDay } from '../shared/domain/time';

// One calendar day for the whole app: a course created "today" can take its attendance today,
// half an hour before and half an hour after midnight in China Standard Time, with the host
// process in UTC and the page in Los Angeles. Both sides run on the same injected instant.
const CASES = [
  { at: '23:30 on 31 December', instant: '2026-12-31T23:30:00+08:00' },
  { at: '00:30 on 1 January', instant: '2027-01-01T00:30:00+08:00' },
];
const STATION = { name: '娄桥市场监管所', code: '330304' };
const COURSE = '跨夜课程：行政处罚法适用';

/** A station with two cadres and, with `day`, an approved plan and a 4-hour course that day; HR signed in on 培训. */
async function seedTraining(page: Page, url: string, day?: string) {
  const { admin, stations } = await seedDesk(page, url, { stations: [STATION], signIn: false });
  for (const name of ['林晓', '吴志刚'])
    await api(
      page,
      'cadres.create',
      { officeId: stations[STATION.name]!, name, gender: 'M', birthDate: '1985-04-01', workStart: '2008-07-01', post: '综合监管岗' },
      admin,
    );
  if (day) {
    const plan = await api(page, 'training.savePlan', { year: Number(day.slice(0, 4)), title: '岗位练兵计划', status: 'approved' }, admin);
    await api(
      page,
      'training.saveCourse',
      { planId: plan.id, kind: 'drill', subKind: '法律', title: COURSE, startDate: day, endDate: day, hours: 4, days: 0.5 },
      admin,
    );
  }
  await createHrUser(page, admin);
  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText(HR.displayName);
  const training = new TrainingPageModel(page);
  await training.open();
  return training;
}

for (const c of CASES) {
  test.describe(`at ${c.at} in China Standard Time`, () => {
    const day = cstDay(Date.parse(c.instant));
    const year = Number(day.slice(0, 4));
    let desk: Desk;
    let page: Page;
    test.beforeEach(async ({ browser }) => {
      desk = await startDesk(undefined, { now: c.instant, tz: 'UTC' });
      page = await pageAt(browser, desk, { timezoneId: 'America/Los_Angeles' });
    });
    test.afterEach(async () => {
      await page.close();
      await desk.stop();
    });

    test('the training screen shows the CST year, and a new course starts on the CST day', async () => {
      const training = await seedTraining(page, desk.url);
      // The year shown is the CST year, not the page's or the host's.
      await expect(training.year()).toContainText(String(year));
      await training.createPlan({ title: `${year} 年度岗位练兵计划`, approved: true });
      const course = await training.newCourse(`${year} 年度岗位练兵计划`);
      await expect(course.startDate()).toHaveValue(day);
      await course.fill({ drill: '法律', title: COURSE, hours: 4, days: 0.5 });
      await course.save();
      await expect(course.root()).toBeHidden();
      await expect(training.planRow(`${year} 年度岗位练兵计划`)).toContainText('4');
    });

    test('a course of today takes its attendance today, and the week calendar marks the day as today', async () => {
      const training = await seedTraining(page, desk.url, day);
      const course = await training.openCourse(COURSE);
      await expect(course.root()).toContainText(day);
      const enrol = await course.openEnrol();
      await enrol.station(STATION.name);
      await enrol.submit();
      await expect(toast(page)).toContainText('已报名 2 人');
      // Attendance is open (the course has started today) and is accepted by the core.
      await course.markAllAttended();
      await course.saveAttendance();
      await expect(toast(page)).toContainText('已保存 2 人的出勤');
      await expect(course.rosterRow('林晓')).toContainText('4');
      await shot(page, `calendar-day-${day}`);
      await training.open();
      await training.tab('课程');
      await training.view('周历');
      await expect(training.weekToday()).toContainText(day.slice(5));
      await expect(training.weekToday()).toContainText('跨夜课程');
    });
  });
}
