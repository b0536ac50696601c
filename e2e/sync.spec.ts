import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PW, api } from './api';
import type { Page } from '@playwright/test';
import { HubProcess } from '../server/test/harness';
import { expect, pageAt, shot, startDesk, suiteInstant, test, type Desk } from './fixtures';
import { LoginPage } from './page-models/shell';

/** The real hub (server/test/harness.ts), on the suite's clock: it refuses edits stamped more than 10 minutes ahead of it, and its codes live 7 days from its now. */
function suiteHub(): HubProcess {
  const hub = new HubProcess();
  hub.clockOffsetMs = suiteInstant() - Date.now();
  return hub;
}

/** The port of a local address nothing listens on. */
const closedPort = () =>
  new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => r(port));
    });
  });

test.describe.serial('two desks sync through a hub', () => {
  let hub: HubProcess;
  let deskA: Desk;
  let deskB: Desk;
  let a: Page;
  let b: Page;
  let tokA: string;
  let tokB: string;
  let bureau: string;
  let station: string;
  const ids: Record<'zhang' | 'li', string> = { zhang: '', li: '' };
  // The fields cadres.update needs beside the one a step changes.
  const edit = (page: Page, tok: string, who: 'zhang' | 'li', fields: { phone?: string; post?: string }) =>
    api(
      page,
      'cadres.update',
      {
        id: ids[who],
        officeId: station,
        name: who === 'zhang' ? '张伟' : '李娜',
        gender: who === 'zhang' ? 'M' : 'F',
        birthDate: who === 'zhang' ? '1985-03-01' : '1988-07-01',
        post: '综合监管岗',
        ...fields,
      },
      tok,
    );
  const cadresOn = async (page: Page, tok: string) =>
    Object.fromEntries((await api(page, 'cadres.list', { officeId: station }, tok)).map((c) => [c.name, { phone: c.phone, post: c.post }]));
  const syncScreen = async (page: Page) => page.getByRole('menu').getByText('数据同步', { exact: true }).click();

  test.beforeAll(async ({ browser }) => {
    hub = await suiteHub().start();
    deskA = await startDesk();
    deskB = await startDesk();
    a = await pageAt(browser, deskA);
    b = await pageAt(browser, deskB);
    // Desktop A: the county bureau with one station and two cadres.
    await a.goto(deskA.url);
    await api(a, 'auth.setup', {
      bureauName: '温州市瓯海区市场监督管理局',
      bureauCode: '330304',
      username: 'admin',
      displayName: '周建国',
      password: ADMIN_PW,
    });
    tokA = (await api(a, 'auth.login', { username: 'admin', password: ADMIN_PW })).sessionToken;
    bureau = (await api(a, 'auth.me', {}, tokA)).officeId;
    station = (await api(a, 'offices.create', { name: '景山市场监管所', code: '330304' }, tokA)).id;
    ids.zhang = (
      await api(a, 'cadres.create', { officeId: station, name: '张伟', gender: 'M', birthDate: '1985-03-01', post: '综合监管岗', phone: '13800000001' }, tokA)
    ).id;
    ids.li = (
      await api(a, 'cadres.create', { officeId: station, name: '李娜', gender: 'F', birthDate: '1988-07-01', post: '综合监管岗', phone: '13800000002' }, tokA)
    ).id;
    await a.reload();
    await new LoginPage(a).login('admin', ADMIN_PW);
  });
  test.afterAll(async () => {
    await Promise.all([deskA?.stop(), deskB?.stop()]);
    await hub?.stop();
  });

  test('a wrong hub address is refused with the address named (issue 13, item 14)', async () => {
    await syncScreen(a);
    const closed = await closedPort();
    await a.getByLabel('服务器地址').fill(`http://127.0.0.1:${closed}/`);
    await a.getByLabel('登记码').fill('ABCD-EFGH-JKLM');
    await a.getByLabel('设备名称').fill('县局人事科');
    await a.getByRole('button', { name: /登\s*记/ }).click();
    await expect(a.locator('.ant-message')).toContainText(`127.0.0.1:${closed}`);
    await expect(a.locator('.ant-message')).toContainText('拒绝连接');
    await shot(a, 'sync-00-refused');
  });

  test('the bureau enrols on the sync screen', async () => {
    await a.getByLabel('服务器地址').fill(hub.url);
    await a.getByLabel('登记码').fill(hub.enroll(bureau, 'county'));
    await a.getByLabel('设备名称').fill('县局人事科');
    await a.getByRole('button', { name: /登\s*记/ }).click();
    await expect(a.getByTestId('sync-state')).toHaveText('已同步', { timeout: 20_000 });
    await expect(a.getByTestId('sync-indicator')).toContainText('已同步');
  });

  test('a station joins the county from the first-run wizard', async () => {
    await b.goto(deskB.url);
    await b.getByText('通过同步服务器加入').click();
    await b.getByLabel('服务器地址').fill(hub.url);
    await b.getByLabel('登记码').fill(hub.enroll(station, 'station'));
    await b.getByLabel('设备名称').fill('景山所内勤');
    await b.getByRole('button', { name: '下一步' }).click();
    await b.getByLabel('管理员用户名').fill('jingshan');
    await b.getByLabel('姓名').fill('陈立新');
    await b.getByLabel('密码', { exact: true }).fill('Js#Station-2026');
    await b.getByLabel('确认密码').fill('Js#Station-2026');
    await b.getByRole('button', { name: '完成初始化' }).click();
    await new LoginPage(b).login('jingshan', 'Js#Station-2026');
    await expect(b.getByTestId('current-user')).toContainText('陈立新');
    await expect(b.getByText('景山市场监管所').first()).toBeVisible();
    tokB = (await api(b, 'auth.login', { username: 'jingshan', password: 'Js#Station-2026' })).sessionToken;
  });

  test('an edit on one desk shows on the other after 立即同步', async () => {
    await edit(a, tokA, 'zhang', { phone: '13911110000' });
    await a.getByRole('button', { name: '立即同步' }).click();
    await expect(a.getByTestId('sync-pending')).toHaveText('0');
    await syncScreen(b);
    await b.getByRole('button', { name: '立即同步' }).click();
    await expect(b.getByTestId('sync-state')).toHaveText('已同步');
    await shot(b, 'sync-01-status');
    await b.getByRole('menu').getByText('单位与人员', { exact: true }).click();
    await b.getByRole('tab', { name: '干部' }).click();
    await expect(b.getByRole('row').filter({ hasText: '张伟' })).toContainText('13911110000');
  });

  test('with the hub down both desks keep working, say so, and converge when it is back', async () => {
    await hub.stop();
    await edit(a, tokA, 'zhang', { phone: '13922220000' });
    await edit(b, tokB, 'li', { phone: '13733330000' });
    await syncScreen(b);
    await b.getByRole('button', { name: '立即同步' }).click();
    await expect(b.getByTestId('sync-state')).toHaveText('离线');
    await expect(b.getByTestId('sync-pending')).toHaveText('1');
    await expect(b.getByTestId('sync-indicator')).toContainText('离线');
    await expect(b.getByTestId('sync-error')).toContainText(`127.0.0.1:${hub.port}`);
    await expect(b.getByTestId('sync-error')).toContainText('拒绝连接');
    await shot(b, 'sync-02-offline');
    await hub.start();
    for (const [page, tok] of [
      [a, tokA],
      [b, tokB],
      [a, tokA],
    ] as const)
      await api(page, 'sync.now', {}, tok);
    await b.getByRole('button', { name: '立即同步' }).click();
    // A busy machine may still be finishing a backoff retry against the restarted hub.
    await expect(b.getByTestId('sync-state')).toHaveText('已同步', { timeout: 30_000 });
    const phones = { 张伟: '13922220000', 李娜: '13733330000' };
    for (const [page, tok] of [
      [a, tokA],
      [b, tokB],
    ] as const) {
      expect(Object.fromEntries(Object.entries(await cadresOn(page, tok)).map(([n, c]) => [n, c.phone]))).toEqual(phones);
    }
  });

  test('a sensitive field changed on both desks is a conflict a person resolves, and both keep the choice', async () => {
    await edit(a, tokA, 'li', { phone: '13733330000', post: '食品安全监管岗' });
    await edit(b, tokB, 'li', { phone: '13733330000', post: '执法办案岗' });
    await api(a, 'sync.now', {}, tokA);
    await b.getByRole('button', { name: '立即同步' }).click();
    const review = b.getByRole('row').filter({ hasText: '李娜' });
    await expect(review).toContainText('食品安全监管岗');
    await expect(review).toContainText('执法办案岗');
    await expect(b.getByTestId('sync-indicator')).toContainText('待处理冲突 1');
    await shot(b, 'sync-03-conflict-review');
    await review.getByRole('button', { name: '采用提交值' }).click();
    await expect(b.getByText('没有待处理的冲突')).toBeVisible();
    await b.getByRole('button', { name: '立即同步' }).click();
    await expect(b.getByTestId('sync-state')).toHaveText('已同步');
    await api(a, 'sync.now', {}, tokA);
    expect((await cadresOn(a, tokA))['李娜']!.post).toBe('执法办案岗');
    expect((await cadresOn(b, tokB))['李娜']!.post).toBe('执法办案岗');
  });

  test('a copy of the station desk is refused until it is enrolled again, and its edit then arrives (issue 17)', async ({ browser }) => {
    // The station's data folder copied to a second PC while the desk is shut.
    await deskB.stop();
    const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-copy-'));
    fs.cpSync(deskB.dataDir, copyDir, { recursive: true });
    deskB = await startDesk(deskB.dataDir);
    const deskB2 = await startDesk(copyDir);
    try {
      await b.goto(deskB.url);
      await new LoginPage(b).login('jingshan', 'Js#Station-2026');
      tokB = (await api(b, 'auth.login', { username: 'jingshan', password: 'Js#Station-2026' })).sessionToken;
      const b2 = await pageAt(browser, deskB2);
      await b2.goto(deskB2.url);
      await new LoginPage(b2).login('jingshan', 'Js#Station-2026');
      const tokB2 = (await api(b2, 'auth.login', { username: 'jingshan', password: 'Js#Station-2026' })).sessionToken;

      // The original pushes first; the copy's push is then refused, and says what to do.
      await edit(b, tokB, 'li', { phone: '13744440000', post: '执法办案岗' });
      expect((await api(b, 'sync.now', {}, tokB)).state).toBe('idle');
      await edit(b2, tokB2, 'zhang', { phone: '13955550000' });
      await syncScreen(b2);
      await b2.getByRole('button', { name: '立即同步' }).click();
      await expect(b2.getByTestId('sync-state')).toHaveText('同步出错');
      await expect(b2.getByTestId('sync-error')).toContainText('另一台电脑也在用本机的设备登记');
      await expect(b2.getByTestId('sync-pending')).toHaveText('1');
      await shot(b2, 'sync-04-device-cloned');

      // Enrolled again with a code of its own: its waiting edit reaches the county.
      await b2.getByLabel('服务器地址').fill(hub.url);
      await b2.getByLabel('登记码').fill(hub.enroll(station, 'station'));
      await b2.getByLabel('设备名称').fill('景山所二号机');
      await b2.getByRole('button', { name: /登\s*记/ }).click();
      await expect(b2.getByTestId('sync-state')).toHaveText('已同步', { timeout: 20_000 });
      await expect(b2.getByTestId('sync-pending')).toHaveText('0');
      await shot(b2, 'sync-05-copy-enrolled');
      await api(a, 'sync.now', {}, tokA);
      expect(await cadresOn(a, tokA)).toMatchObject({ 张伟: { phone: '13955550000' }, 李娜: { phone: '13744440000' } });
      await b2.close();
    } finally {
      await deskB2.stop();
    }
  });
});

test('a refused edit waits in 未能同步 with its reason and the badge counts it; a bad row from the hub is quarantined for the administrator', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const hub = await suiteHub().start();
  const deskA = await startDesk();
  const deskB = await startDesk();
  const a = await pageAt(browser, deskA);
  const b = await pageAt(browser, deskB);
  try {
    await a.goto(deskA.url);
    await api(a, 'auth.setup', {
      bureauName: '温州市瓯海区市场监督管理局',
      bureauCode: '330304',
      username: 'admin',
      displayName: '周建国',
      password: ADMIN_PW,
    });
    const tokA = (await api(a, 'auth.login', { username: 'admin', password: ADMIN_PW })).sessionToken;
    const me = await api(a, 'auth.me', {}, tokA);
    const jingshan = await api(a, 'offices.create', { name: '景山市场监管所', code: '330304' }, tokA);
    const xinqiao = await api(a, 'offices.create', { name: '新桥市场监管所', code: '330304' }, tokA);
    await api(a, 'cadres.create', { officeId: jingshan.id, name: '张伟', gender: 'M', birthDate: '1985-03-01', post: '综合监管岗' }, tokA);
    await api(a, 'sync.enroll', { hubUrl: hub.url, code: hub.enroll(me.officeId, 'county'), deviceName: '县局人事科', allowInsecure: false }, tokA);
    await api(a, 'sync.now', {}, tokA);

    // B joins for 景山 and its administrator writes a cadre into 新桥: the hub refuses it.
    await b.goto(deskB.url);
    await api(b, 'auth.setup', {
      username: 'jingshan',
      displayName: '陈立新',
      password: 'Js#Station-2026',
      join: { hubUrl: hub.url, code: hub.enroll(jingshan.id, 'station'), deviceName: '景山所内勤', allowInsecure: false },
    });
    const tokB = (await api(b, 'auth.login', { username: 'jingshan', password: 'Js#Station-2026' })).sessionToken;
    await api(b, 'cadres.create', { officeId: xinqiao.id, name: '越权录入', gender: 'F', birthDate: '1990-05-01' }, tokB);
    expect(await api(b, 'sync.now', {}, tokB)).toMatchObject({ state: 'idle', rejected: 1, pending: 0 });

    await b.reload();
    await new LoginPage(b).login('jingshan', 'Js#Station-2026');
    await expect(b.getByTestId('sync-indicator')).toContainText('未能同步 1');
    await b.getByRole('menu').getByText('数据同步', { exact: true }).click();
    const refused = b.getByRole('row').filter({ hasText: '越权录入' });
    await expect(refused).toContainText('该记录不属于本机登记的单位');
    await expect(refused).toContainText('所属单位');
    // Coded values read in words: a status and a yes/no column.
    await expect(refused).toContainText('状态：在岗');
    await expect(refused).toContainText('实改非：否');
    await shot(b, 'sync-04-not-synced');
    await b.getByRole('button', { name: 'English' }).click();
    await expect(b.getByTestId('sync-indicator')).toContainText('Not synced 1');
    await expect(refused).toContainText('The record belongs to another office');
    await shot(b, 'sync-04-not-synced-en');
    await b.getByRole('button', { name: /中\s*文/ }).click();
    await refused.getByRole('button', { name: /放\s*弃/ }).click();
    await b
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect(b.getByTestId('rejected-title')).toBeHidden();
    await expect(b.getByTestId('sync-indicator')).not.toContainText('未能同步');

    // A row an older hub accepted with a status no version knows: quarantined on A, lists unharmed.
    await hub.stop();
    const bDevice = (await api(b, 'sync.status', {}, tokB)).deviceId;
    // The hub's store is encrypted with the key in its data folder (hub.key).
    const { openKeyed } = await import('../electron/core/db/cipher');
    const { hubKey } = await import('../server/store/sqlite-store');
    const hubFile = path.join(hub.dataDir, 'hub.sqlite');
    const db = openKeyed(hubFile, hubKey(hubFile));
    const seq = Number((db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string }).value) + 1;
    const at = new Date(suiteInstant()).toISOString();
    const stamp = `${String(suiteInstant()).padStart(15, '0')}-000000-e2e`;
    const id = '01900000-0000-7000-8000-00000000bad1';
    const cells = { id, office_id: jingshan.id, created_at: at, updated_at: at, name: '坏数据', gender: 'M', birth_date: '1980-01-01', status: 'on_mars' };
    db.prepare('INSERT INTO hub_row (table_name, row_id, office_id, seq, doc, devs) VALUES (?, ?, ?, ?, ?, ?)').run(
      'cadre',
      id,
      jingshan.id,
      seq,
      JSON.stringify(Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, { value: v, hlc: stamp }]))),
      JSON.stringify(Object.fromEntries(Object.keys(cells).map((k) => [k, bDevice]))),
    );
    db.prepare("UPDATE meta SET value = ? WHERE key = 'seq'").run(String(seq));
    db.close();
    await hub.start();
    expect(await api(a, 'sync.now', {}, tokA)).toMatchObject({ state: 'idle', quarantined: 1 });
    expect((await api(a, 'cadres.list', {}, tokA)).map((c) => c.name)).toEqual(['张伟']);
    await a.reload();
    await new LoginPage(a).login('admin', ADMIN_PW);
    await expect(a.getByTestId('sync-indicator')).toContainText('隔离 1');
    await a.getByRole('menu').getByText('数据同步', { exact: true }).click();
    const held = a.getByRole('row').filter({ hasText: id });
    await expect(held).toContainText('“状态”的值不符合要求');
    await expect(held.getByTestId('quarantine-origin')).toHaveText('景山所内勤');
    await shot(a, 'sync-05-quarantine');
    await held.getByRole('button', { name: '删除' }).click();
    await a
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await a.getByRole('button', { name: '立即同步' }).click();
    await expect(a.getByTestId('quarantine-title')).toBeHidden({ timeout: 20_000 });
    await expect(a.getByTestId('sync-indicator')).not.toContainText('隔离');
  } finally {
    await deskA.stop();
    await deskB.stop();
    await hub.stop();
  }
});
