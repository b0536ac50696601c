import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ADMIN_PW, api, createHrUser, HR } from './api';
import { expect, shot, suiteYear, test } from './fixtures';
import { LoginPage, ShellPage } from './page-models/shell';

const pick = (page: Page, name: string | RegExp) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first().click();

/** A filled-in sign-in sheet as a station would send it back. */
async function signInSheet(file: string, rows: [string, string, string][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow(['序号', '姓名', '单位', '岗位', '签名', '出勤', '成绩']);
  rows.forEach(([name, att, score], i) => ws.addRow([i + 1, name, '娄桥市场监管所', '', '', att, score]));
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

test('HR plans a 岗位练兵 course, bulk-enrols a station, prints the sign-in sheet, records attendance, and a cadre becomes compliant', async ({ page, desk }, info) => {
  const year = suiteYear();
  await page.goto(desk.url);
  await api(page, 'auth.setup', { bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '周建国', password: ADMIN_PW, loadSample: false });
  const { sessionToken: admin } = await api(page, 'auth.login', { username: 'admin', password: ADMIN_PW });
  const st = await api(page, 'offices.create', { name: '娄桥市场监管所', code: '330304' }, admin);
  const other = await api(page, 'offices.create', { name: '景山市场监管所', code: '330304' }, admin);
  const base = { officeId: st.id, gender: 'M' as const, birthDate: '1985-04-01', workStart: '2008-07-01' };
  const ids: Record<string, string> = {};
  for (const [name, post] of [['陈国平', '所长'], ['林晓', '食品安全监管岗'], ['吴志刚', '综合监管岗']] as const) ids[name] = (await api(page, 'cadres.create', { ...base, name, post }, admin)).id;
  await api(page, 'cadres.create', { ...base, officeId: other.id, name: '黄丽萍' }, admin);
  // Earlier this year all three took a 78-hour full-time course: 12 hours short of 90.
  const spring = await api(page, 'training.savePlan', { year, title: `${year} 年上半年专门业务培训`, status: 'approved' }, admin);
  const sp = await api(page, 'training.saveCourse', { planId: spring.id, kind: 'specialist', title: '市场监管综合执法业务培训', startDate: `${year}-01-12`, endDate: `${year}-01-21`, hours: 78, days: 10 }, admin);
  await api(page, 'training.enrol', { courseId: sp.id, cadreIds: Object.values(ids) }, admin);
  await api(page, 'training.attend', { courseId: sp.id, records: Object.values(ids).map((cadreId) => ({ cadreId, attendance: 'attended' })) }, admin);
  await createHrUser(page, admin);

  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText('郑雅琴');
  await new ShellPage(page).go('培训');

  // Before: 林晓 is behind by 12 hours.
  await page.getByRole('tab', { name: '学时达标' }).click();
  const lin = page.getByTestId('training-compliance').getByRole('row').filter({ hasText: '林晓' });
  await expect(lin).toContainText('未达标');
  await expect(lin).toContainText('差 12 学时（或 2 天）');
  await expect(page.getByTestId('training-rules')).toContainText('90 学时或 12 天');

  // A new plan and a 岗位练兵 course today.
  await page.getByRole('tab', { name: '培训计划' }).click();
  await page.getByRole('button', { name: '新建计划' }).click();
  const planDialog = page.getByRole('dialog', { name: '新建计划' });
  await planDialog.getByLabel('名称').fill(`${year} 年度岗位练兵计划`);
  await planDialog.getByText('已批准').click();
  await planDialog.getByLabel('职业成熟').check();
  await planDialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(planDialog).toBeHidden();
  const planRow = page.getByTestId('training-plans').getByRole('row').filter({ hasText: `${year} 年度岗位练兵计划` });
  await expect(planRow).toContainText('已批准');
  await planRow.getByRole('button', { name: '新建课程' }).click();
  const courseDialog = page.getByRole('dialog', { name: '新建课程' });
  await courseDialog.getByLabel('练兵类别').click();
  await pick(page, '法律');
  await courseDialog.getByLabel('课程名称').fill('岗位练兵·法律：行政处罚法适用');
  // Absurd hours are refused with the reason, and nothing is saved.
  await courseDialog.getByLabel('学时').fill('30');
  await courseDialog.getByLabel('天数').fill('1');
  await courseDialog.getByLabel('地点').fill('区局三楼培训室');
  await courseDialog.getByLabel('名额').fill('10');
  await courseDialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-message')).toContainText('每天最多 24 学时');
  await courseDialog.getByLabel('学时').fill('12');
  await shot(page, 'training-01-course');
  await courseDialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(courseDialog).toBeHidden();
  await expect(planRow).toContainText('12');
  await shot(page, 'training-02-plans');

  // Bulk-enrol the whole station from the course page.
  await page.getByRole('tab', { name: '课程' }).click();
  await page.getByTestId('course-list').getByRole('link', { name: '岗位练兵·法律：行政处罚法适用' }).click();
  await expect(page.getByTestId('course-page')).toContainText('岗位练兵·法律');
  await page.getByRole('button', { name: /^报\s*名$/ }).click();
  const enrol = page.getByRole('dialog');
  await enrol.getByLabel('工商所').click();
  await pick(page, '娄桥市场监管所');
  // The choice made while the dialog was still opening holds (it was once wiped when the animation ended).
  await expect(enrol.getByRole('button', { name: /^报\s*名$/ })).toBeVisible();
  await expect(enrol.locator('.ant-form-item').filter({ hasText: '工商所' }).first()).toContainText('娄桥市场监管所');
  await enrol.getByRole('button', { name: /^报\s*名$/ }).click();
  await expect(page.locator('.ant-message')).toContainText('已报名 3 人，候补 0 人');
  const roster = page.getByTestId('course-roster');
  for (const n of ['陈国平', '林晓', '吴志刚']) await expect(roster).toContainText(n);
  await expect(roster).not.toContainText('黄丽萍');

  // The printable sign-in sheet lists the enrolled cadres.
  await page.getByRole('button', { name: '打印签到表' }).click();
  const sheet = page.getByTestId('signin-sheet');
  await expect(sheet).toContainText('签到表');
  await expect(sheet).toContainText('区局三楼培训室');
  for (const n of ['陈国平', '林晓', '吴志刚']) await expect(sheet).toContainText(n);
  await expect(sheet).toContainText('应到 3 人');
  await shot(page, 'training-03-signin');
  await page.getByRole('button', { name: /返\s*回/ }).click();

  // A broken file and a sheet naming someone unknown are refused whole.
  const broken = path.join(info.outputDir, 'broken.xlsx');
  const unknown = path.join(info.outputDir, 'unknown.xlsx');
  fs.mkdirSync(info.outputDir, { recursive: true });
  fs.writeFileSync(broken, Buffer.from('PK\u0003\u0004 not a spreadsheet'));
  const empty = path.join(info.outputDir, 'empty.xlsx');
  fs.writeFileSync(empty, '');
  const text = path.join(info.outputDir, 'text.csv');
  fs.writeFileSync(text, '名字,到场\n林晓,是\n');
  await signInSheet(unknown, [['林晓', '出席', '95'], ['王不存在', '出席', '']]);
  const upload = page.getByTestId('course-page').locator('input[type=file]');
  // The core reads the sheet with the import reader and its limits: each bad file says why.
  await upload.setInputFiles(broken);
  await expect(page.locator('.ant-message')).toContainText('无法读取该 Excel 文件');
  await upload.setInputFiles(empty);
  await expect(page.locator('.ant-message')).toContainText('文件是空的');
  await upload.setInputFiles(text);
  await expect(page.locator('.ant-message')).toContainText('未找到表头');
  await shot(page, 'training-04b-import-refused');
  await upload.setInputFiles(unknown);
  const report = page.getByTestId('attendance-import-report');
  await expect(report).toContainText('1 行有问题，未导入任何数据');
  await expect(report).toContainText('人员“王不存在”不在干部名册中');
  await expect(page.getByRole('dialog').getByRole('button', { name: /^导\s*入$/ })).toBeDisabled();
  await shot(page, 'training-04a-import-errors');
  await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
  await expect(roster.getByRole('row').filter({ hasText: '林晓' })).toContainText('0');

  // Attendance: everyone attended but 吴志刚, who was excused; 林晓 scored 95.
  await page.getByRole('button', { name: '全部标为出席' }).click();
  await roster.getByRole('row').filter({ hasText: '吴志刚' }).getByText('请假').click();
  await page.getByLabel('林晓 成绩').fill('95');
  await shot(page, 'training-04-attendance');
  await page.getByRole('button', { name: /保存出勤/ }).click();
  await expect(page.locator('.ant-message')).toContainText('已保存 3 人的出勤');
  await expect(roster.getByRole('row').filter({ hasText: '林晓' })).toContainText('12');

  // After: 林晓 is compliant, 吴志刚 (excused) is still behind.
  await new ShellPage(page).go('培训');
  await page.getByRole('tab', { name: '学时达标' }).click();
  await expect(lin).toContainText('达标');
  await expect(lin).not.toContainText('未达标');
  await expect(lin).toContainText('90');
  const wu = page.getByTestId('training-compliance').getByRole('row').filter({ hasText: '吴志刚' });
  await expect(wu).toContainText('未达标');
  await expect(page.getByTestId('training-chart')).toContainText('达标 2/3');
  await wu.getByRole('button', { name: /展开|Expand/ }).click().catch(() => undefined);
  await shot(page, 'training-05-compliance');

  // The calendar shows the course on today's date; the dossier lists it in the training record.
  await page.getByRole('tab', { name: '课程' }).click();
  await page.getByText('周历').click();
  await expect(page.getByTestId('training-week')).toContainText('岗位练兵·法律：行政处罚法适用');
  await shot(page, 'training-06-week');
  await page.getByText('月历').click();
  await expect(page.locator('.course-chip').filter({ hasText: '岗位练兵·法律' })).toBeVisible();
  await shot(page, 'training-07-month');
  await page.goto(`${desk.url}#/dossiers/${ids['林晓']}`);
  await page.getByRole('tab', { name: '培训记录' }).click();
  const rec = page.getByTestId('cadre-training');
  await expect(rec).toContainText('岗位练兵·法律：行政处罚法适用');
  await expect(rec.getByRole('row').filter({ hasText: String(year) }).first()).toContainText('达标');
  await shot(page, 'training-08-dossier');
});
