import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import { api, createHrUser, HR } from './api';
import { expect, shot, suiteToday, suiteYear, test } from './fixtures';
import { LoginPage, ShellPage } from './page-models/shell';
import { CadreTrainingModel, TrainingPageModel, toast } from './page-models/training';
import { seedDesk } from './seed';

const LOUQIAO = { name: '娄桥市场监管所', code: '330304' };
const JINGSHAN = { name: '景山市场监管所', code: '330304' };
const STAFF = ['陈国平', '林晓', '吴志刚'] as const;
const DRILL = { title: '岗位练兵·法律：行政处罚法适用', place: '区局三楼培训室' };

/**
 * The county as HR finds it: 娄桥 with three cadres who took a 78-hour full-time course earlier this
 * year (12 hours short of 90), 景山 with one more cadre. `course` adds an approved drill plan with a
 * 12-hour 法律 course today; `enrol` enrols 娄桥 in it, `attend` records it (林晓 95, 吴志刚 excused).
 * Seeded through the API as the administrator; HR is signed in on the training screen.
 */
async function seedCounty(page: Page, url: string, o: { course?: boolean; enrol?: boolean; attend?: boolean } = {}) {
  const year = suiteYear();
  const { admin, stations } = await seedDesk(page, url, { stations: [LOUQIAO, JINGSHAN], signIn: false });
  const base = { officeId: stations[LOUQIAO.name]!, gender: 'M' as const, birthDate: '1985-04-01', workStart: '2008-07-01' };
  const ids: Record<string, string> = {};
  for (const [name, post] of [
    ['陈国平', '所长'],
    ['林晓', '食品安全监管岗'],
    ['吴志刚', '综合监管岗'],
  ] as const)
    ids[name] = (await api(page, 'cadres.create', { ...base, name, post }, admin)).id;
  await api(page, 'cadres.create', { ...base, officeId: stations[JINGSHAN.name]!, name: '黄丽萍' }, admin);
  const spring = await api(page, 'training.savePlan', { year, title: `${year} 年上半年专门业务培训`, status: 'approved' }, admin);
  const sp = await api(
    page,
    'training.saveCourse',
    { planId: spring.id, kind: 'specialist', title: '市场监管综合执法业务培训', startDate: `${year}-01-12`, endDate: `${year}-01-21`, hours: 78, days: 10 },
    admin,
  );
  await api(page, 'training.enrol', { courseId: sp.id, cadreIds: Object.values(ids) }, admin);
  await api(page, 'training.attend', { courseId: sp.id, records: Object.values(ids).map((cadreId) => ({ cadreId, attendance: 'attended' })) }, admin);
  const plan = await api(page, 'training.savePlan', { year, title: `${year} 年度岗位练兵计划`, status: 'approved', targetStages: ['mature'] }, admin);
  let course: string | undefined;
  if (o.course || o.enrol || o.attend) {
    const today = suiteToday();
    course = (
      await api(
        page,
        'training.saveCourse',
        {
          planId: plan.id,
          kind: 'drill',
          subKind: '法律',
          title: DRILL.title,
          startDate: today,
          endDate: today,
          hours: 12,
          days: 1,
          place: DRILL.place,
          capacity: 10,
        },
        admin,
      )
    ).id;
  }
  if (course && (o.enrol || o.attend)) await api(page, 'training.enrol', { courseId: course, filter: { officeId: stations[LOUQIAO.name]! } }, admin);
  if (course && o.attend) {
    const records = [
      { cadreId: ids['陈国平']!, attendance: 'attended' as const },
      { cadreId: ids['林晓']!, attendance: 'attended' as const, score: 95 },
      { cadreId: ids['吴志刚']!, attendance: 'excused' as const },
    ];
    await api(page, 'training.attend', { courseId: course, records }, admin);
  }
  await createHrUser(page, admin);
  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText(HR.displayName);
  const training = new TrainingPageModel(page);
  await training.open();
  return { year, ids, plan: plan.title, training };
}

/** A filled-in sign-in sheet as a station would send it back. */
async function signInSheet(file: string, rows: [string, string, string][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow(['序号', '姓名', '单位', '岗位', '签名', '出勤', '成绩']);
  rows.forEach(([name, att, score], i) => ws.addRow([i + 1, name, LOUQIAO.name, '', '', att, score]));
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** A file in the test's output folder. */
function outFile(info: TestInfo, name: string, content?: string | Buffer) {
  fs.mkdirSync(info.outputDir, { recursive: true });
  const file = path.join(info.outputDir, name);
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

test.describe('hours compliance', () => {
  test('a cadre 12 hours short of the yearly requirement is behind by what is missing', async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url);
    await training.tab('学时达标');
    await expect(training.complianceRow('林晓')).toContainText('未达标');
    await expect(training.complianceRow('林晓')).toContainText('差 12 学时（或 2 天）');
    await expect(training.rules()).toContainText('90 学时或 12 天');
  });

  test('after the drill, those who attended are compliant and the excused one is still behind', async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url, { attend: true });
    await training.tab('学时达标');
    const lin = training.complianceRow('林晓');
    await expect(lin).toContainText('达标');
    await expect(lin).not.toContainText('未达标');
    await expect(lin).toContainText('90');
    await expect(training.complianceRow('吴志刚')).toContainText('未达标');
    await expect(training.chart()).toContainText('达标 2/3');
    await training.explain('吴志刚');
    await shot(page, 'training-05-compliance');
  });

  test("HR's home counts the cadres behind on this year's hours", async ({ page, desk }) => {
    await seedCounty(page, desk.url, { attend: true });
    await new ShellPage(page).go('首页');
    // 吴志刚 (excused) and 黄丽萍 (no training at all); 陈国平 and 林晓 made it.
    await expect(page.getByTestId('todo-training').getByRole('link', { name: '2', exact: true })).toBeVisible();
  });
});

test.describe('plans and courses', () => {
  test('HR creates an approved plan for cadres at the mature stage', async ({ page, desk }) => {
    const { year, training } = await seedCounty(page, desk.url);
    await training.createPlan({ title: `${year} 年度专题练兵计划`, approved: true, stages: ['职业成熟'] });
    await expect(training.planRow(`${year} 年度专题练兵计划`)).toContainText('已批准');
    await expect(training.planRow(`${year} 年度专题练兵计划`)).toContainText('职业成熟');
  });

  test('a course of more hours than its days hold is refused with the reason, then saved', async ({ page, desk }) => {
    const { plan, training } = await seedCounty(page, desk.url);
    const course = await training.newCourse(plan);
    await course.fill({ drill: '法律', title: DRILL.title, hours: 30, days: 1, place: DRILL.place, capacity: 10 });
    await course.save();
    await expect(toast(page)).toContainText('每天最多 24 学时');
    await course.fill({ hours: 12 });
    await shot(page, 'training-01-course');
    await course.save();
    await expect(course.root()).toBeHidden();
    await expect(training.planRow(plan)).toContainText('12');
    await shot(page, 'training-02-plans');
  });
});

test.describe('a course page', () => {
  test('bulk enrolment enrols the chosen station and no one else', async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url, { course: true });
    const course = await training.openCourse(DRILL.title);
    const enrol = await course.openEnrol();
    await enrol.station(LOUQIAO.name);
    // The choice made while the dialog was still opening holds (it was once wiped when the animation ended,
    // and the whole county was enrolled).
    await expect(enrol.root().getByRole('button', { name: /^报\s*名$/ })).toBeVisible();
    await expect(enrol.field('工商所')).toContainText(LOUQIAO.name);
    await enrol.submit();
    await expect(toast(page)).toContainText('已报名 3 人，候补 0 人');
    for (const n of STAFF) await expect(course.roster()).toContainText(n);
    await expect(course.roster()).not.toContainText('黄丽萍');
  });

  test('the printable sign-in sheet lists the enrolled cadres and the place', async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url, { enrol: true });
    const course = await training.openCourse(DRILL.title);
    const sheet = await course.printSignIn();
    await expect(sheet).toContainText('签到表');
    await expect(sheet).toContainText(DRILL.place);
    for (const n of STAFF) await expect(sheet).toContainText(n);
    await expect(sheet).toContainText('应到 3 人');
    await shot(page, 'training-03-signin');
    await course.back();
    await expect(course.roster()).toBeVisible();
  });

  test('an attendance file that cannot be read, or names someone unknown, is refused whole', async ({ page, desk }, info) => {
    const { training } = await seedCounty(page, desk.url, { enrol: true });
    const course = await training.openCourse(DRILL.title);
    const unknown = outFile(info, 'unknown.xlsx');
    await signInSheet(unknown, [
      ['林晓', '出席', '95'],
      ['王不存在', '出席', ''],
    ]);
    // The core reads the sheet with the import reader and its limits: each bad file says why.
    await course.importFile(outFile(info, 'broken.xlsx', Buffer.from('PK\u0003\u0004 not a spreadsheet')));
    await expect(toast(page)).toContainText('无法读取该 Excel 文件');
    await course.importFile(outFile(info, 'empty.xlsx', ''));
    await expect(toast(page)).toContainText('文件是空的');
    await course.importFile(outFile(info, 'text.csv', '名字,到场\n林晓,是\n'));
    await expect(toast(page)).toContainText('未找到表头');
    await shot(page, 'training-04b-import-refused');
    await course.importFile(unknown);
    await expect(course.importReport()).toContainText('1 行有问题，未导入任何数据');
    await expect(course.importReport()).toContainText('人员“王不存在”不在干部名册中');
    await expect(course.importButton()).toBeDisabled();
    await shot(page, 'training-04a-import-errors');
    await course.cancelImport();
    await expect(course.rosterRow('林晓')).toContainText('0');
  });

  test('attendance marked on the roster is saved and credits the hours', async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url, { enrol: true });
    const course = await training.openCourse(DRILL.title);
    await course.markAllAttended();
    await course.mark('吴志刚', '请假');
    await course.score('林晓', 95);
    await shot(page, 'training-04-attendance');
    await course.saveAttendance();
    await expect(toast(page)).toContainText('已保存 3 人的出勤');
    await expect(course.rosterRow('林晓')).toContainText('12');
    await expect(course.rosterRow('吴志刚')).toContainText('请假');
  });
});

test.describe('the calendars and the dossier', () => {
  test("the week and month calendars show today's course", async ({ page, desk }) => {
    const { training } = await seedCounty(page, desk.url, { course: true });
    await training.tab('课程');
    await training.view('周历');
    await expect(training.week()).toContainText(DRILL.title);
    await expect(training.weekToday()).toContainText(DRILL.title);
    await shot(page, 'training-06-week');
    await training.view('月历');
    await expect(training.monthChip('岗位练兵·法律')).toBeVisible();
    await shot(page, 'training-07-month');
  });

  test("a cadre's dossier lists the course and this year's hours as met", async ({ page, desk }) => {
    const { year, ids } = await seedCounty(page, desk.url, { attend: true });
    const record = new CadreTrainingModel(page);
    await record.open(desk.url, ids['林晓']!);
    await expect(record.root()).toContainText(DRILL.title);
    await expect(record.yearRow(year)).toContainText('达标');
    await expect(record.yearRow(year)).not.toContainText('未达标');
    await shot(page, 'training-08-dossier');
  });
});
