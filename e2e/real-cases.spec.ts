import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { Input } from '../shared/contract';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { ADMIN_PW, api, createHrUser, HR } from './api';
import { expect, shot, suiteInstant, suiteToday, suiteYear, test } from './fixtures';
import { AuditPageModel, SettingsPageModel, UsersPageModel } from './page-models/admin';
import { DossierPageModel, DossiersPageModel, PrintViewModel } from './page-models/dossiers';
import { RosterPageModel } from './page-models/roster';
import { LoginPage, ShellPage } from './page-models/shell';
import { ZonesPageModel } from './page-models/zones';
import { seedDesk } from './seed';

// Issue 13: verdicts and screens that hold on real cases, one user outcome per test.

/** Each cadre's own fields: gender and birth date at least (the contract's cadres.create). */
type CadreSeed = Omit<Input<'cadres.create'>, 'officeId' | 'name'>;

/** A bureau, one station and the given cadres (entered by HR), seeded through the API; returns the sessions and ids. */
async function seed(page: Page, url: string, cadres: Record<string, CadreSeed>) {
  const { admin, stations } = await seedDesk(page, url, { stations: [{ name: '娄桥市场监管所', code: '330304' }], signIn: false });
  await createHrUser(page, admin);
  const { sessionToken: hr } = await api(page, 'auth.login', { username: HR.username, password: HR.password });
  const station = stations['娄桥市场监管所']!;
  const ids: Record<string, string> = {};
  for (const [name, c] of Object.entries(cadres)) ids[name] = (await api(page, 'cadres.create', { officeId: station, name, post: '综合监管岗', ...c }, hr)).id;
  return { admin, hr, station, ids };
}

async function login(page: Page, username: string, password: string) {
  await page.reload();
  await new LoginPage(page).login(username, password);
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Errors the page logged or threw: a dialog stopped by a field error must add none. */
function pageErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

test.describe('HR verdicts on awkward people', () => {
  test('cadres past the statutory retirement date head the HR list, warn on the dossier and are not offered as supervisors', async ({ page, desk }) => {
    const { ids } = await seed(page, desk.url, {
      付倩瑶: {
        gender: 'F',
        birthDate: '1968-01-03',
        workStart: '1988-07-01',
        sgf: true,
        sgfDate: '2020-06-01',
        leadershipPost: '乡科级副职',
        leadershipStart: '2010-01-01',
      },
      陈国平: {
        gender: 'M',
        birthDate: '1968-05-10',
        workStart: '1990-07-01',
        sgf: true,
        sgfDate: '2024-05-01',
        leadershipPost: '乡科级副职',
        leadershipStart: '2012-03-01',
      },
    });
    await login(page, HR.username, HR.password);
    const dossiers = new DossiersPageModel(page);
    await dossiers.open();
    const first = dossiers.list('retirement').getByRole('row').nth(1);
    await expect(first).toContainText('付倩瑶');
    await expect(first).toContainText('已超过法定退休年龄（2023-01-03）');
    await shot(page, 'real-01-retirement-list');
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, ids['付倩瑶']!);
    await expect(dossier.warning('pastRetirement')).toBeVisible();
    const roster = new RosterPageModel(page);
    await roster.open();
    const options = await (await (await roster.supervisors()).appoint()).candidates();
    await expect(options.filter({ hasText: '陈国平' })).toHaveCount(1);
    await expect(options.filter({ hasText: '付倩瑶' })).toHaveCount(0);
  });

  test('the career survey keeps its draft, asks before discarding it, and a new plan starts in a free period', async ({ page, desk }) => {
    const year = suiteYear();
    const { hr, ids } = await seed(page, desk.url, { 林晓: { gender: 'F', birthDate: '1995-02-01', workStart: '2019-07-01' } });
    await api(page, 'dossiers.savePlan', { cadreId: ids['林晓']!, periodStart: year - 1, periodEnd: year + 1, anchorAnswers: [] }, hr);
    await login(page, HR.username, HR.password);
    const dossier = new DossierPageModel(page);
    await dossier.goto(desk.url, ids['林晓']!);
    const editor = await dossier.newPlan();
    // The existing plan covers this year: the new one starts after it.
    await expect(editor.periodStart()).toHaveValue(String(year + 2));
    for (let n = 1; n <= 5; n++) await editor.answer(n, 4);
    await expect(await editor.escape()).toBeVisible();
    await editor.keepEditing();
    await expect(editor.answered(5)).toBeVisible();
    // A reload keeps the draft; the period taken by the other plan stops the survey at once.
    await page.reload();
    const again = await dossier.newPlan();
    await expect(again.restored()).toBeVisible();
    await expect(again.answered(5)).toBeVisible();
    await again.periodStart().fill(String(year));
    await expect(again.periodClash()).toBeVisible();
    await shot(page, 'real-02-survey-draft');
  });
});

test.describe('owners and the census', () => {
  test('a wrong owner recorded today is corrected today, and the history keeps the correction', async ({ page, desk }) => {
    const { admin, station } = await seed(page, desk.url, {
      林晓红: { gender: 'F', birthDate: '1986-04-12' },
      吴志刚: { gender: 'M', birthDate: '1986-04-12' },
    });
    await api(page, 'users.create', { username: 'chenlx', displayName: '陈立新', role: 'chief', officeId: station, password: 'Chief#Desk-2026' }, admin);
    const first = await api(page, 'auth.login', { username: 'chenlx', password: 'Chief#Desk-2026' });
    await api(page, 'auth.changePassword', { oldPassword: 'Chief#Desk-2026', newPassword: 'Chief#Desk-2027' }, first.sessionToken).catch(() => undefined);
    await api(page, 'zones.create', { officeId: station, code: 'LQ01', name: '娄桥老街责任区' }, admin);
    await login(page, 'chenlx', 'Chief#Desk-2027');
    const z = new ZonesPageModel(page);
    await z.open();
    await z.tab('责任区');
    await z.assignOwner('娄桥老街责任区', '林晓红（综合监管岗）', suiteToday());
    await z.assignOwner('娄桥老街责任区', '吴志刚（综合监管岗）', suiteToday());
    await expect(z.row('娄桥老街责任区')).toContainText('吴志刚');
    await z.row('娄桥老街责任区').getByRole('button', { name: '历史' }).click();
    const items = page.getByTestId('history-item');
    await expect(items.nth(1)).toContainText('林晓红');
    await expect(items.nth(1)).toContainText('当日已更正');
    await shot(page, 'real-03-correction');
  });
});

test.describe('privacy and the session', () => {
  test('an idle session ends although the app keeps polling, and the next user starts at their own home', async ({ page, desk }) => {
    const { admin, station } = await seed(page, desk.url, {});
    await api(page, 'settings.set', { key: 'session.idleMinutes', value: 5, effectiveFrom: suiteToday() }, admin);
    await api(page, 'users.create', { username: 'wuzg', displayName: '吴志刚', role: 'staff', officeId: station, password: 'Staff#Start-26' }, admin);
    await login(page, 'admin', ADMIN_PW);
    const opened = page.waitForResponse((r) => r.url().includes('/rpc/audit.list'));
    await new ShellPage(page).go('审计日志');
    await opened;
    // Four minutes alone: the 30-second status poll runs, but it is not the user, and says so.
    desk.setClock(desk.now() + 4 * 60_000);
    const poll = page.waitForResponse((r) => r.url().includes('/rpc/sync.status'));
    await page.clock.runFor(31_000);
    const polled = await poll;
    expect(polled.request().headers()['x-bd-background']).toBe('1');
    expect(await polled.json()).toMatchObject({ ok: true });
    // Two more minutes: six since the user last did anything, over the five allowed.
    desk.setClock(desk.now() + 2 * 60_000);
    await page.getByRole('menu').getByText('规则设置', { exact: true }).click();
    await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
    await expect(page.getByText('长时间未操作')).toBeVisible();
    // Another user signs in: their home, not the administrator's last page; a new account is
    // asked for its own password, not told it was reset.
    await new LoginPage(page).login('wuzg', 'Staff#Start-26');
    await expect(page.getByText('欢迎首次登录')).toBeVisible();
    await expect(page).toHaveURL(/#\/$/);
  });

  test('login says the same for an unknown user and a wrong password', async ({ page, desk }) => {
    await seed(page, desk.url, {});
    await page.reload();
    const l = new LoginPage(page);
    await l.login('nobody', 'Wrong#Pass-2026');
    const unknown = await l.error().textContent();
    await l.login('admin', 'Wrong#Pass-2026');
    await expect(l.error()).toHaveText(unknown!);
    expect(unknown).toContain('用户名或密码错误');
    await expect(page.getByText('连续 5 次输入错误')).toBeVisible();
  });
});

test.describe('screens that mislead', () => {
  test('a 所员 opens another zone’s business read-only; the county list names the station and flags a bad check character', async ({ page, desk }) => {
    const { admin } = await seedDesk(page, desk.url, { sample: true, signIn: false });
    const [station] = (await api(page, 'offices.list', { includeInactive: false }, admin)).filter((o) => o.kind === 'station');
    const zones = await api(page, 'zones.list', { officeId: station!.id }, admin);
    const owned = zones.find((z) => z.owner)!;
    await api(
      page,
      'users.create',
      { username: 'staff1', displayName: '所员甲', role: 'staff', officeId: station!.id, cadreId: owned.owner!.cadreId, password: 'Staff#Start-26' },
      admin,
    );
    const s = await api(page, 'auth.login', { username: 'staff1', password: 'Staff#Start-26' });
    await api(page, 'auth.changePassword', { oldPassword: 'Staff#Start-26', newPassword: 'Staff#Desk-26' }, s.sessionToken);
    const other = (await api(page, 'businesses.search', { officeId: station!.id, limit: 200, offset: 0 }, admin)).rows.find((b) => b.zoneId !== owned.id)!;
    await login(page, 'staff1', 'Staff#Desk-26');
    const zonesPage = new ZonesPageModel(page);
    await zonesPage.open();
    await zonesPage.tab('市场主体');
    await page.getByPlaceholder('按名称、地址、信用代码或法定代表人搜索').fill(other.name);
    await page.getByPlaceholder('按名称、地址、信用代码或法定代表人搜索').press('Enter');
    await page.getByRole('row').filter({ hasText: other.name }).first().dblclick();
    await expect(page.getByTestId('business-readonly')).toContainText('只能编辑本人负责的责任区');
    await expect(page.getByRole('dialog').getByLabel('企业名称')).toBeDisabled();
    await shot(page, 'real-04-business-readonly');
    await page
      .getByRole('dialog')
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await new ShellPage(page).logout();
    await new LoginPage(page).login('admin', ADMIN_PW);
    await zonesPage.open();
    await zonesPage.tab('市场主体');
    await expect(page.getByRole('table').getByText('所属单位')).toBeVisible();
    await expect(page.locator('.vrow').filter({ hasText: '校验位不符' }).first()).toContainText(/[0-9A-Z]{18}/);
  });

  test('the audit log reads in words and its export holds every row the filter selects', async ({ page, desk }) => {
    const { admin, station } = await seed(page, desk.url, {
      林晓: { gender: 'F', birthDate: '1995-02-01', idNumber: '330304199502010022' },
      吴志刚: { gender: 'M', birthDate: '1990-04-01' },
    });
    await login(page, 'admin', ADMIN_PW);
    await new ShellPage(page).go('审计日志');
    const audit = new AuditPageModel(page);
    const log = audit.log();
    await expect(audit.entry('新增干部')).toContainText('干部：吴志刚');
    // Coded values in words (found by the adversarial pass): a role and a cadre's status.
    await expect(audit.entry('新建用户')).toContainText('角色：人事干部');
    await expect(audit.entry('新增干部')).toContainText('状态：在岗');
    await expect(log).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-7/);
    // The identity number is in the log only as a fingerprint, which reads as such.
    await expect(audit.entry('干部：林晓')).toContainText('身份证号：（个人信息，不记录内容）');
    await expect(log).not.toContainText('hmac:');
    await expect(log).not.toContainText('T' + new Date(suiteInstant()).toISOString().slice(11, 13));
    // Over two export pages (500 rows each) and many screen pages: an import of 1,050 businesses writes an entry each.
    const csv = ['企业名称,注册号', ...Array.from({ length: 1050 }, (_, i) => `审计测试商户${i},3303046000${String(i).padStart(5, '0')}`)].join('\n');
    const preview = await api(
      page,
      'businesses.importPreview',
      { officeId: station, fileName: 'audit.csv', fileBase64: Buffer.from(csv).toString('base64') },
      admin,
    );
    expect(preview.errorCount).toBe(0);
    let job = await api(page, 'imports.commit', { previewId: preview.previewId }, admin);
    await expect.poll(async () => (job = await api(page, 'imports.job', { jobId: job.jobId }, admin)).state, { timeout: 60_000 }).toBe('done');
    await page.reload();
    await new ShellPage(page).go('审计日志');
    await expect(audit.entry('审计测试商户')).toBeVisible();
    const total = await audit.total();
    const file = await audit.export();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    expect(total).toBeGreaterThan(1050);
    expect(wb.worksheets[0]!.rowCount - 1).toBe(total);
    await shot(page, 'real-05-audit');
  });

  test('each role has its own home; the print has the rank history and training record on no blank page', async ({ page, desk }) => {
    const year = suiteYear();
    const { hr, ids, station, admin } = await seed(page, desk.url, {
      林晓: { gender: 'F', birthDate: '1995-02-01', workStart: '2019-07-01', rank: '一级科员', rankStart: '2023-08-01' },
    });
    await api(page, 'users.create', { username: 'chenlx', displayName: '陈立新', role: 'chief', officeId: station, password: 'Chief#Start-26' }, admin);
    const c = await api(page, 'auth.login', { username: 'chenlx', password: 'Chief#Start-26' });
    await api(page, 'auth.changePassword', { oldPassword: 'Chief#Start-26', newPassword: 'Chief#Desk-26' }, c.sessionToken);
    await api(page, 'zones.create', { officeId: station, code: 'LQ01', name: '娄桥老街责任区' }, admin);
    const plan = await api(
      page,
      'dossiers.savePlan',
      {
        cadreId: ids['林晓']!,
        periodStart: year,
        periodEnd: year + 2,
        anchorAnswers: Array.from({ length: 40 }, (_, k) => 1 + (k % 6)),
        goal1: '独立办理一般程序案件',
      },
      hr,
    );
    await login(page, 'chenlx', 'Chief#Desk-26');
    await expect(page.getByTestId('todo-unowned')).toContainText('1');
    await shot(page, 'real-06-home-chief');
    await new ShellPage(page).logout();
    await new LoginPage(page).login(HR.username, HR.password);
    await expect(page.getByTestId('todo-recruits')).toBeVisible();
    await expect(page.getByTestId('home-stages')).toBeVisible();
    const print = new PrintViewModel(page);
    await print.goto(desk.url, `dossier/${ids['林晓']!}`);
    await expect(print.sheet()).toContainText('职级记录');
    await expect(print.sheet()).toContainText('培训记录');
    await expect(print.browserPdfHint()).toContainText('另存为 PDF');
    await print.goto(desk.url, `plan/${ids['林晓']!}?plan=${plan.id}`);
    await expect(print.sheet()).toContainText('独立办理一般程序案件');
    await page.emulateMedia({ media: 'print' });
    const pdf = await getDocumentProxy(new Uint8Array(await page.pdf({ format: 'A4', preferCSSPageSize: true })));
    const { text } = await extractText(pdf);
    // Every page of the plan has text on it: no blank trailing page.
    for (const p of text as string[]) expect(p.trim().length).toBeGreaterThan(0);
  });

  test('forms say what is wrong without throwing: empty dialogs, a setting out of range, a Chinese username', async ({ page, desk }) => {
    const errors = pageErrors(page);
    await seed(page, desk.url, {});
    await login(page, 'admin', ADMIN_PW);
    await new ShellPage(page).go('用户管理');
    const dialog = await new UsersPageModel(page).openNew();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog.getByText('必填').first()).toBeVisible();
    await dialog.getByLabel('用户名').fill('张 伟');
    await expect(dialog.getByText(/2–32 个字符/)).toBeVisible();
    await dialog.getByLabel('用户名').fill('张伟');
    await expect(dialog.getByText(/2–32 个字符/)).toHaveCount(0);
    await page.keyboard.press('Escape');
    await new ShellPage(page).go('规则设置');
    await expect(page.getByText('投诉')).toHaveCount(0);
    const settings = new SettingsPageModel(page);
    await settings.adjust('会话空闲超时', '0');
    await expect(settings.message()).toContainText('5 到 480');
    await expect(settings.message()).not.toContainText('Too small');
    expect(errors).toEqual([]);
  });
});
