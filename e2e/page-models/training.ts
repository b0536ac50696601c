import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell';

/** An option of the antd Select whose dropdown is open. */
export async function pickOption(page: Page, name: string | RegExp) {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first().click();
}

/** The toast messages (antd `message`) the screen has shown. */
export const toast = (page: Page) => page.locator('.ant-message');

const SAVE = /保\s*存/;
const ENROL = /^报\s*名$/;

/** The training screen (培训): its plans, courses (list, month, week) and hours-compliance tabs. */
export class TrainingPageModel {
  constructor(private readonly page: Page) {}
  async open() {
    await new ShellPage(this.page).go('培训');
  }
  async tab(name: '培训计划' | '课程' | '学时达标' | '培训推荐' | '在职学历') {
    await this.page.getByRole('tab', { name }).click();
  }
  year() {
    return this.page.getByTestId('training-year');
  }

  // Plans
  plans() {
    return this.page.getByTestId('training-plans');
  }
  planRow(title: string) {
    return this.plans().getByRole('row').filter({ hasText: title });
  }
  async createPlan(o: { title: string; approved?: boolean; stages?: string[] }) {
    await this.page.getByRole('button', { name: '新建计划' }).click();
    const d = this.page.getByRole('dialog', { name: '新建计划' });
    await d.getByLabel('名称').fill(o.title);
    if (o.approved) await d.getByText('已批准').click();
    for (const s of o.stages ?? []) await d.getByLabel(s).check();
    await d.getByRole('button', { name: SAVE }).click();
    await expect(d).toBeHidden();
  }
  async newCourse(planTitle: string) {
    await this.planRow(planTitle).getByRole('button', { name: '新建课程' }).click();
    return new CourseDialog(this.page);
  }

  // Courses
  async openCourse(title: string) {
    await this.tab('课程');
    await this.page.getByTestId('course-list').getByRole('link', { name: title }).click();
    const course = new CoursePageModel(this.page);
    await expect(course.root()).toContainText(title);
    return course;
  }
  async view(name: '列表' | '月历' | '周历') {
    await this.page.getByTestId('training-courses').getByText(name, { exact: true }).click();
  }
  week() {
    return this.page.getByTestId('training-week');
  }
  weekToday() {
    return this.week().locator('.week-day.today');
  }
  monthChip(title: string | RegExp) {
    return this.page.getByTestId('training-courses').locator('.course-chip').filter({ hasText: title });
  }

  // Compliance
  compliance() {
    return this.page.getByTestId('training-compliance');
  }
  complianceRow(name: string) {
    return this.compliance().getByRole('row').filter({ hasText: name });
  }
  rules() {
    return this.page.getByTestId('training-rules');
  }
  chart() {
    return this.page.getByTestId('training-chart');
  }
  /** Opens a cadre's row to show how the hours were counted. */
  async explain(name: string) {
    await this.complianceRow(name)
      .getByRole('button', { name: /展开|Expand/ })
      .click();
  }
}

/** The new-course (or edit-course) dialog of a plan. */
export class CourseDialog {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByRole('dialog', { name: /新建课程|编辑课程/ });
  }
  startDate() {
    return this.root().getByPlaceholder('开始日期');
  }
  async fill(o: { drill?: string; title?: string; hours?: number; days?: number; place?: string; capacity?: number }) {
    const d = this.root();
    if (o.drill) {
      await d.getByLabel('练兵类别').click();
      await pickOption(this.page, o.drill);
    }
    if (o.title !== undefined) await d.getByLabel('课程名称').fill(o.title);
    if (o.hours !== undefined) await d.getByLabel('学时').fill(String(o.hours));
    if (o.days !== undefined) await d.getByLabel('天数').fill(String(o.days));
    if (o.place !== undefined) await d.getByLabel('地点').fill(o.place);
    if (o.capacity !== undefined) await d.getByLabel('名额').fill(String(o.capacity));
  }
  /** Clicks 保存; the dialog stays open when the core refuses. */
  async save() {
    await this.root().getByRole('button', { name: SAVE }).click();
  }
}

/** One course: its roster with attendance, enrolment, the sign-in sheet and the attendance import. */
export class CoursePageModel {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByTestId('course-page');
  }
  roster() {
    return this.page.getByTestId('course-roster');
  }
  rosterRow(name: string) {
    return this.roster().getByRole('row').filter({ hasText: name });
  }
  async openEnrol() {
    await this.root().getByRole('button', { name: ENROL }).click();
    return new EnrolDialog(this.page);
  }
  async printSignIn() {
    await this.page.getByRole('button', { name: '打印签到表' }).click();
    const sheet = this.page.getByTestId('signin-sheet');
    await expect(sheet).toBeVisible();
    return sheet;
  }
  async back() {
    await this.page.getByRole('button', { name: /返\s*回/ }).click();
  }

  // Attendance import
  async importFile(file: string) {
    await this.root().locator('input[type=file]').setInputFiles(file);
  }
  importReport() {
    return this.page.getByTestId('attendance-import-report');
  }
  importButton() {
    return this.page.getByRole('dialog').getByRole('button', { name: /^导\s*入$/ });
  }
  async cancelImport() {
    await this.page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }

  // Attendance on the roster
  async markAllAttended() {
    await this.page.getByRole('button', { name: '全部标为出席' }).click();
  }
  async mark(name: string, attendance: '出席' | '缺席' | '请假') {
    await this.rosterRow(name).getByText(attendance, { exact: true }).click();
  }
  async score(name: string, score: number) {
    await this.page.getByLabel(`${name} 成绩`).fill(String(score));
  }
  async saveAttendance() {
    await this.page.getByRole('button', { name: /保存出勤/ }).click();
  }
}

/** The enrol dialog of a course (按条件批量报名 by default). */
export class EnrolDialog {
  constructor(private readonly page: Page) {}
  root(): Locator {
    return this.page.getByRole('dialog');
  }
  field(label: string) {
    return this.root().locator('.ant-form-item').filter({ hasText: label }).first();
  }
  async station(name: string) {
    await this.root().getByLabel('工商所').click();
    await pickOption(this.page, name);
  }
  async submit() {
    await this.root().getByRole('button', { name: ENROL }).click();
  }
}

/** A cadre's dossier, on its 培训记录 tab. */
export class CadreTrainingModel {
  constructor(private readonly page: Page) {}
  async open(url: string, cadreId: string) {
    await this.page.goto(`${url}#/dossiers/${cadreId}`);
    await this.page.getByRole('tab', { name: '培训记录' }).click();
  }
  root() {
    return this.page.getByTestId('cadre-training');
  }
  yearRow(year: number) {
    return this.root()
      .getByRole('row')
      .filter({ hasText: String(year) })
      .first();
  }
}
