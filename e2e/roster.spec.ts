import type { Page } from '@playwright/test';
import { api, createHrUser, HR } from './api';
import { expect, shot, suiteToday, suiteYear, test } from './fixtures';
import { AppointDialogModel, RosterPageModel, SupervisorPageModel } from './page-models/roster';
import { LoginPage, ShellPage } from './page-models/shell';
import { seedDesk } from './seed';

const STATION = { name: '娄桥市场监管所', code: '330304' };
const ZONES = { LQ01: '古岸头责任区', LQ02: '娄桥老街责任区' } as const;
const DUTIES = '督导责任区巡查和食品安全日常监管';
const FINDINGS = '一家小餐馆从业人员健康证过期';
const FOLLOW_UP = '督促办理健康证，下月复查';
const GOALS = '每月随机抽查 2 户食品经营者';
const SUPERVISOR = { username: 'chengp', password: 'Sup#Desk-2026' };

type Seeded = { page: Page; admin: string; officeId: string; zones: Record<string, string>; ids: Record<'chen' | 'lin' | 'wu', string> };

/**
 * One station with two zones and three cadres: 陈国平, a 乡科级副职 past the second-line age who
 * went 实改非; 林晓, whose 2024 appraisal is 基本称职; 吴志刚, long enough in his rank but with no
 * appraisals on file. `before` seeds more as the administrator; then HR (or `as`) signs in.
 */
async function rosterDesk<T = void>(page: Page, url: string, o: { before?: (s: Seeded) => Promise<T>; as?: { username: string; password: string } } = {}) {
  const { admin, stations } = await seedDesk(page, url, { stations: [STATION], signIn: false });
  const officeId = stations[STATION.name]!;
  const zones: Record<string, string> = {};
  for (const [code, name] of Object.entries(ZONES)) zones[code] = (await api(page, 'zones.create', { officeId, code, name }, admin)).id;
  const base = { officeId, workStart: '1990-07-01' };
  const chen = await api(
    page,
    'cadres.create',
    {
      ...base,
      name: '陈国平',
      gender: 'M',
      birthDate: '1968-05-10',
      post: '综合监管岗',
      leadershipPost: '乡科级副职',
      leadershipStart: '2012-03-01',
      rank: '三级主任科员',
      rankStart: '2024-05-01',
      sgf: true,
      sgfDate: '2024-05-01',
    },
    admin,
  );
  const lin = await api(
    page,
    'cadres.create',
    { ...base, name: '林晓', gender: 'F', birthDate: '1995-02-01', workStart: '2019-07-01', rank: '一级科员', rankStart: '2023-08-01' },
    admin,
  );
  await api(page, 'dossiers.saveAppraisal', { cadreId: lin.id, year: 2024, grade: '基本称职' }, admin);
  const wu = await api(
    page,
    'cadres.create',
    { ...base, name: '吴志刚', gender: 'M', birthDate: '1990-04-01', workStart: '2012-07-01', rank: '一级科员', rankStart: '2021-07-01' },
    admin,
  );
  await createHrUser(page, admin);
  const seeded: Seeded = { page, admin, officeId, zones, ids: { chen: chen.id, lin: lin.id, wu: wu.id } };
  const extra = await o.before?.(seeded);
  const who = o.as ?? HR;
  await page.reload();
  await new LoginPage(page).login(who.username, who.password);
  await expect(page.getByTestId('current-user')).toBeVisible();
  return { ...seeded, extra };
}

/** 陈国平 moved to the second line and appointed supervisor of both zones; returns the supervisor id. */
async function seedSupervisor({ page, admin, zones, ids }: Seeded) {
  await api(page, 'roster.moveToSecondLine', { cadreId: ids.chen, date: suiteToday() }, admin);
  return (
    await api(
      page,
      'roster.appoint',
      { cadreId: ids.chen, startDate: suiteToday(), duties: DUTIES, scope: { stations: [], zones: [zones.LQ01!, zones.LQ02!], themes: [] } },
      admin,
    )
  ).id;
}

/** The supervisor with an assignment on 古岸头责任区. */
async function seedAssignment(s: Seeded) {
  const supervisorId = await seedSupervisor(s);
  const { assignment } = await api(
    s.page,
    'roster.assign',
    { supervisorId, targetKind: 'zone', targetId: s.zones.LQ01!, startDate: suiteToday(), endDate: `${suiteYear() + 1}-06-30`, goals: GOALS, hoursPerMonth: 4 },
    s.admin,
  );
  return { supervisorId, assignmentId: assignment.id };
}

/** The supervisor's assignment, and a logged visit on it whose follow-up is open. */
async function seedSupervision(s: Seeded) {
  const { supervisorId, assignmentId } = await seedAssignment(s);
  await api(s.page, 'roster.log', { assignmentId, visitDate: suiteToday(), findings: FINDINGS, followUp: FOLLOW_UP, followStatus: 'open', hours: 2 }, s.admin);
  return supervisorId;
}

test.describe('the second line', () => {
  test('a veteran past the age is moved to the second line and appointed supervisor of two zones', async ({ page, desk }) => {
    await rosterDesk(page, desk.url);
    const roster = new RosterPageModel(page);
    await roster.open();
    const secondLine = await roster.secondLine();
    await expect(secondLine.row('陈国平')).toContainText('乡科级副职');
    await expect(secondLine.row('陈国平')).toContainText('已到龄');
    await shot(page, 'roster-01-second-line');
    const offer = await secondLine.move('陈国平');
    await expect(offer).toContainText('陈国平已退二线');
    await offer.getByRole('button', { name: '任命督导员' }).click();
    const appoint = new AppointDialogModel(page);
    await expect(appoint.cadre()).toBeVisible();
    await expect(appoint.dialog).toContainText('陈国平');
    await appoint.fill({ duties: DUTIES, zones: [`LQ01 ${ZONES.LQ01}`, `LQ02 ${ZONES.LQ02}`] });
    await shot(page, 'roster-02-appoint');
    await appoint.save();
    const supervisors = await roster.supervisors();
    await expect(supervisors.row('陈国平')).toContainText(ZONES.LQ01);
    await expect(supervisors.row('陈国平')).toContainText('实改非');
  });
});

test.describe('a supervisor’s page', () => {
  test('HR opens it from the roster and gives the supervisor an assignment on one zone', async ({ page, desk }) => {
    await rosterDesk(page, desk.url, { before: seedSupervisor });
    const roster = new RosterPageModel(page);
    await roster.open();
    const sup = await (await roster.supervisors()).openSupervisor('陈国平');
    await expect(sup.heading()).toHaveText('督导员 陈国平');
    await sup.assign({ zone: `LQ01 ${ZONES.LQ01}`, from: suiteToday(), to: `${suiteYear() + 1}-06-30`, goals: GOALS });
    await expect(sup.assignments()).toContainText(ZONES.LQ01);
  });

  test('a logged visit with an open follow-up is counted on the page', async ({ page, desk }) => {
    const { extra } = await rosterDesk(page, desk.url, { before: seedAssignment });
    const sup = new SupervisorPageModel(page);
    await sup.goto(desk.url, extra!.supervisorId);
    await sup.logVisit({ target: new RegExp(ZONES.LQ01), findings: FINDINGS, followUp: FOLLOW_UP, followStatus: '待跟进' });
    await expect(sup.log()).toContainText('健康证过期');
    await expect(sup.root()).toContainText('待跟进 1 项');
    await shot(page, 'roster-03-supervisor');
  });

  test('the supervisor, signed in with a station account, logs visits but cannot change assignments', async ({ page, desk }) => {
    await rosterDesk(page, desk.url, {
      as: SUPERVISOR,
      before: async (s) => {
        await seedSupervision(s);
        await api(
          s.page,
          'users.create',
          { username: SUPERVISOR.username, displayName: '陈国平', role: 'staff', officeId: s.officeId, cadreId: s.ids.chen, password: 'Sup#Start-2026' },
          s.admin,
        );
        const first = await api(s.page, 'auth.login', { username: SUPERVISOR.username, password: 'Sup#Start-2026' });
        await api(s.page, 'auth.changePassword', { oldPassword: 'Sup#Start-2026', newPassword: SUPERVISOR.password }, first.sessionToken);
      },
    });
    const shell = new ShellPage(page);
    await expect(shell.nav()).not.toContainText('督导与晋升');
    await shell.go('我的督导');
    const sup = new SupervisorPageModel(page);
    await expect(sup.heading()).toHaveText('督导员 陈国平');
    await expect(sup.log()).toContainText('健康证过期');
    await expect(sup.logButton()).toBeVisible();
    await expect(sup.assignButton()).toHaveCount(0);
    await expect(sup.backButton()).toHaveCount(0);
    await shot(page, 'roster-05-my-supervision');
  });
});

test.describe('rank promotion', () => {
  /** HR on the 职级晋升 tab, showing every cadre. */
  async function eligibility(page: Page) {
    const roster = new RosterPageModel(page);
    await roster.open();
    const el = await roster.eligibility();
    await el.show('全部');
    return el;
  }
  /** 吴志刚's appraisal for every year since his rank started: he is eligible now. */
  async function appraised({ page, admin, ids }: Seeded) {
    for (let y = 2021; y < suiteYear(); y++) await api(page, 'dossiers.saveAppraisal', { cadreId: ids.wu, year: y, grade: '称职' }, admin);
  }

  test('enough years but no appraisals on file is 未符合, each criterion explained, training beside it', async ({ page, desk }) => {
    await rosterDesk(page, desk.url);
    const el = await eligibility(page);
    await expect(el.row('吴志刚')).toContainText('未符合');
    const { criteria, training } = await el.explain('吴志刚');
    await expect(criteria).toContainText('≥ 3 年');
    await expect(criteria).toContainText('考核结果缺失');
    // Training is evidence beside the verdict: nobody here trained last year.
    await expect(training).toContainText(`${suiteYear() - 1} 年度培训未达标`);
  });

  test('a 基本称职 year does not count towards the years in the rank', async ({ page, desk }) => {
    await rosterDesk(page, desk.url);
    const el = await eligibility(page);
    await expect(el.row('林晓')).toContainText('未符合');
    const { criteria } = await el.explain('林晓');
    await expect(criteria).toContainText('2024 年度基本称职，不计入年限');
    await expect(criteria).toContainText('< 3 年');
    await el.explain('吴志刚');
    await shot(page, 'roster-04-eligibility');
  });

  test('with every appraisal on file the verdict turns, and 记录晋升 asks for the document number', async ({ page, desk }) => {
    await rosterDesk(page, desk.url, { before: appraised });
    const el = await eligibility(page);
    await expect(await el.verdict('吴志刚')).toHaveText('符合');
    const promote = await el.promote('吴志刚');
    await expect(promote.dialog).toContainText('记录吴志刚晋升为四级主任科员');
    // The date starts at today and is the user's to change; the document number has no default.
    await expect(promote.date()).toHaveValue(suiteToday());
    await promote.record();
    await expect(promote.errors()).toHaveText(['必填']);
    await expect(promote.dialog).toBeVisible();
  });

  test('a recorded promotion moves the rank history on, with the approval date given', async ({ page, desk }) => {
    const { admin, officeId } = await rosterDesk(page, desk.url, { before: appraised });
    const el = await eligibility(page);
    const promote = await el.promote('吴志刚');
    await promote.fill({ date: `${suiteYear()}-01-15`, decisionRef: '瓯市监人〔2026〕12号' });
    await shot(page, 'roster-04b-promote');
    await promote.record();
    await expect(promote.dialog).toBeHidden();
    await expect(el.row('吴志刚')).toContainText('四级主任科员');
    await expect(await el.verdict('吴志刚')).toHaveText('未符合');
    const promoted = (await api(page, 'cadres.list', { officeId }, admin)).find((c) => c.name === '吴志刚')!;
    expect([promoted.rank, promoted.rankStart]).toEqual(['四级主任科员', `${suiteYear()}-01-15`]);
  });
});
