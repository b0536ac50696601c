import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { CADRE_IMPORT_COLUMNS } from '../shared/contract/offices';
import { idCheckChar } from '../shared/domain/id-number';
import { api, createHrUser, HR } from './api';
import { expect, shot, suiteYear, test } from './fixtures';
import { DossierPageModel, DossiersPageModel } from './page-models/dossiers';
import { LoginPage } from './page-models/shell';
import { seedDesk } from './seed';

const STATION = { name: '娄桥市场监管所', code: '330304' };
const RECRUIT = '林小雨';
const BIRTH = '2001-03-15';
/** A valid identity number for the recruit's birth date: HR sees it whole, others masked. */
const ID_NUMBER = `330304${BIRTH.replaceAll('-', '')}002${idCheckChar(`330304${BIRTH.replaceAll('-', '')}002`)}`;
const GOAL1 = '独立受理企业登记业务';
const GOAL3 = '成为所里的登记业务骨干';
/** Survey answers whose highest anchor is 服务/奉献型: item k (0-based) scores 6 when k % 8 is 5. */
const SERVICE_ANSWERS = Array.from({ length: 40 }, (_, k) => (k % 8 === 5 ? 6 : 3));

/**
 * A desk with a recruit in the adaptation stage (started work last year, no internship yet) and an
 * HR officer; `before` seeds more through the API as the HR officer, then HR signs in on the page.
 */
async function recruitDesk(page: Page, url: string, o: { sample?: boolean; before?: (hr: string, cadreId: string) => Promise<unknown> } = {}) {
  const { admin, stations } = await seedDesk(page, url, { sample: o.sample, stations: o.sample ? [] : [STATION], signIn: false });
  const officeId = stations[STATION.name] ?? (await api(page, 'offices.list', { includeInactive: false }, admin)).find((x) => x.kind === 'station')!.id;
  await createHrUser(page, admin);
  const { sessionToken: hr } = await api(page, 'auth.login', { username: HR.username, password: HR.password });
  // Only HR may record an identity number.
  const recruit = await api(
    page,
    'cadres.create',
    { officeId, name: RECRUIT, gender: 'F', birthDate: BIRTH, idNumber: ID_NUMBER, workStart: `${suiteYear() - 1}-08-01`, post: '市场主体登记岗' },
    hr,
  );
  await o.before?.(hr, recruit.id);
  await page.reload();
  await new LoginPage(page).login(HR.username, HR.password);
  await expect(page.getByTestId('current-user')).toContainText(HR.displayName);
  return { hr, cadreId: recruit.id };
}

/** A plan with the goals and a completed survey, saved through the API (submitted when asked). */
async function seedPlan(page: Page, hr: string, cadreId: string, o: { submit: boolean }) {
  const plan = await api(
    page,
    'dossiers.savePlan',
    {
      cadreId,
      periodStart: suiteYear(),
      periodEnd: suiteYear() + 2,
      selfAssessment: '做事细致，沟通能力较好，执法经验不足。',
      anchorAnswers: SERVICE_ANSWERS,
      goal1: GOAL1,
      goal3: GOAL3,
    },
    hr,
  );
  if (o.submit) await api(page, 'dossiers.submitPlan', { id: plan.id }, hr);
  return plan;
}

test.describe('the HR dashboard', () => {
  test('lists the county’s recruits without an internship and opens a recruit’s dossier', async ({ page, desk }) => {
    await recruitDesk(page, desk.url, { sample: true });
    const dossiers = new DossiersPageModel(page);
    await dossiers.open();
    await expect(dossiers.list('recruits')).toBeVisible();
    await expect(dossiers.dashboard()).toContainText('职业适应');
    await shot(page, 'dossiers-01-hr-dashboard');
    const dossier = await dossiers.openDossier(dossiers.list('recruits'), RECRUIT);
    await expect(page.getByRole('heading', { name: `${RECRUIT} 的职业档案` })).toBeVisible();
    await expect(dossier.stage()).toContainText('职业适应阶段');
    await expect(dossier.warning('noInternship')).toBeVisible();
  });
});

test.describe('the cadre register', () => {
  test('shows HR the full identity number', async ({ page, desk }) => {
    await recruitDesk(page, desk.url);
    const dossiers = new DossiersPageModel(page);
    await dossiers.open();
    const register = await dossiers.register();
    await register.search(RECRUIT);
    await expect(register.row(RECRUIT)).toContainText(ID_NUMBER);
    await shot(page, 'dossiers-08-register');
  });

  test('imports cadres from an Excel file in the columns of the register', async ({ page, desk }, info) => {
    await recruitDesk(page, desk.url);
    const file = path.join(info.outputDir, 'cadres.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('干部名册');
    const columns = ['name', 'gender', 'birthDate', 'office', 'post', 'workStart', 'status'] as const;
    ws.addRow(columns.map((k) => CADRE_IMPORT_COLUMNS[k]));
    ws.addRow(['周文斌', '男', '1988-09-12', STATION.name, '综合监管岗', '2010-08-01', '在岗']);
    ws.addRow(['何静怡', '女', '1993-06-30', STATION.name, '食品安全监管岗', '2016-08-01', '在岗']);
    fs.mkdirSync(info.outputDir, { recursive: true });
    await wb.xlsx.writeFile(file);
    const dossiers = new DossiersPageModel(page);
    await dossiers.open();
    const register = await dossiers.register();
    const dialog = await register.import();
    await dialog.choose(file);
    await expect(dialog.preview()).toContainText('共 2 行：新增 2');
    await expect(dialog.mapping()).toContainText('参加工作时间');
    await shot(page, 'dossiers-09-import');
    await expect(await dialog.commit()).toContainText('导入完成：新增 2');
    await dialog.close();
    await register.search('周文斌');
    await expect(register.row('周文斌')).toContainText('综合监管岗');
  });
});

test.describe('a recruit’s dossier', () => {
  test('shows HR the full identity number and warns of the missing internship', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url);
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    await expect(page.getByRole('heading', { name: `${RECRUIT} 的职业档案` })).toBeVisible();
    await expect(dossier.stage()).toContainText('职业适应阶段');
    await expect(dossier.warning('noInternship')).toBeVisible();
    await expect(dossier.root()).toContainText(ID_NUMBER);
    await shot(page, 'dossiers-02-recruit');
  });

  test('scheduling the rotation internship clears the warning', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url);
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    await dossier.scheduleInternship({
      post: '登记注册岗',
      place: '区局注册许可科',
      from: `${suiteYear()}-12-01`,
      to: `${suiteYear() + 1}-02-28`,
      supervisor: '陈老师',
    });
    await expect(dossier.internships()).toContainText('登记注册岗');
    await expect(dossier.warning('noInternship')).toHaveCount(0);
  });

  test('the whole dossier prints, with the internship and the plan, and 返回 leads back to it', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url, {
      before: async (hr, id) => {
        await api(
          page,
          'dossiers.saveInternship',
          {
            cadreId: id,
            post: '登记注册岗',
            place: '区局注册许可科',
            startDate: `${suiteYear()}-01-04`,
            endDate: `${suiteYear()}-03-31`,
            supervisor: '陈老师',
          },
          hr,
        );
        await seedPlan(page, hr, id, { submit: true });
      },
    });
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    const print = await dossier.print();
    await expect(print.sheet()).toContainText('干部职业档案');
    await expect(print.sheet()).toContainText('登记注册岗');
    await expect(print.sheet()).toContainText(GOAL1);
    await shot(page, 'dossiers-07-dossier-print');
    await print.back();
    await expect(dossier.root()).toBeVisible();
  });
});

test.describe('the career plan', () => {
  test('the anchor survey scores as it is answered, and the plan is kept as a draft', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url);
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    const editor = await dossier.newPlan();
    await editor.fill({ selfAssessment: '做事细致，沟通能力较好，执法经验不足。' });
    await expect(editor.items()).toHaveCount(40);
    await editor.answerAll((n) => SERVICE_ANSWERS[n - 1]!);
    await expect(editor.dialog.getByText('得分最高：服务/奉献型')).toBeVisible();
    await editor.fill({ goal1: GOAL1, goal3: GOAL3 });
    await shot(page, 'dossiers-03-plan-survey');
    await editor.saveDraft();
    await expect(dossier.planRow(GOAL1)).toContainText('草稿');
  });

  test('a submitted plan is reviewed by HR, and its anchor chart shows the highest anchor', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url, { before: (hr, id) => seedPlan(page, hr, id, { submit: false }) });
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    await dossier.tab('职业生涯规划');
    await dossier.submitPlan(GOAL1);
    await expect(dossier.planRow(GOAL1)).toContainText('已提交');
    await dossier.reviewPlan(GOAL1, '目标具体可行，建议参加登记业务专题培训。');
    await expect(dossier.planRow(GOAL1)).toContainText('已审阅');
    await expect(dossier.anchorChart()).toContainText('服务/奉献型');
    await shot(page, 'dossiers-04-plan-reviewed');
  });

  test('the plan prints as an A4 PDF that names the cadre, the goals and the anchor', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url, { before: (hr, id) => seedPlan(page, hr, id, { submit: true }) });
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    await dossier.tab('职业生涯规划');
    const print = await dossier.printPlan(GOAL1);
    await expect(print.sheet()).toContainText('职业生涯规划书');
    await shot(page, 'dossiers-06-plan-print');
    const pdf = await print.pdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    for (const s of [RECRUIT, GOAL1, GOAL3, '服务/奉献型']) expect(flat).toContain(s);
  });
});

test.describe('the post commitment', () => {
  const ITEMS = ['全年受理登记业务不少于 200 件', '参加岗位练兵不少于 4 次'];

  test('a new commitment is for this year and waits for its review', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url);
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    const d = await dossier.newCommitment();
    await expect(d.getByLabel('年度')).toHaveValue(String(suiteYear()));
    await d.getByLabel('承诺事项').fill(ITEMS.join('\n'));
    await d.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dossier.commitmentRow(ITEMS[0]!)).toContainText('未评议');
  });

  test('the year-end review is done by keyboard and names the reviewer', async ({ page, desk }) => {
    const { cadreId } = await recruitDesk(page, desk.url, {
      before: (hr, id) => api(page, 'dossiers.saveCommitment', { cadreId: id, year: suiteYear(), items: ITEMS }, hr),
    });
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, cadreId);
    await dossier.tab('岗位承诺');
    await dossier.reviewCommitment(ITEMS[0]!, ['已兑现', '部分兑现']);
    await expect(dossier.commitmentRow(ITEMS[0]!)).toContainText(HR.displayName);
    await expect(dossier.commitmentRow(ITEMS[0]!)).toContainText('部分兑现');
    await shot(page, 'dossiers-05-commitment');
  });
});
