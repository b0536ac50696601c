import type { Page } from '@playwright/test';
import type { Input, MethodName, Output } from '../shared/contract';

/**
 * Calls the browser-mode RPC from inside the page, for setup steps a test is not about: typed by
 * the contract, so a seeding step that no longer matches it fails to compile.
 */
export async function api<M extends MethodName>(page: Page, method: M, input: Input<M>, session?: string): Promise<Output<M>> {
  const r = await page.evaluate(
    async ({ method, input, session }) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="bd-token"]')!.content;
      const res = await fetch(`/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bd-token': token, ...(session ? { 'x-bd-session': session } : {}) },
        body: JSON.stringify(input),
      });
      return res.json();
    },
    { method, input, session },
  );
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as Output<M>;
}

export const ADMIN_PW = 'Qz#2026-Ouhai';

/** A set-up desk with one station, its cadres and a station-chief account; returns their ids. */
export async function seedStation(page: Page, url: string) {
  await page.goto(url);
  await api(page, 'auth.setup', {
    bureauName: '温州市瓯海区市场监督管理局',
    bureauCode: '330304',
    username: 'admin',
    displayName: '周建国',
    password: ADMIN_PW,
    loadSample: false,
  });
  const { sessionToken: admin } = await api(page, 'auth.login', { username: 'admin', password: ADMIN_PW });
  const station = await api(page, 'offices.create', { name: '娄桥市场监管所', code: '330304', address: '娄桥街道古岸头路 8 号' }, admin);
  const cadres: Record<string, string> = {};
  for (const [name, gender, post] of [
    ['陈立新', 'M', '所长'],
    ['林晓红', 'F', '食品安全监管岗'],
    ['吴志刚', 'M', '综合监管岗'],
    ['黄丽萍', 'F', '市场主体登记岗'],
  ] as const) {
    cadres[name] = (await api(page, 'cadres.create', { officeId: station.id, name, gender, birthDate: '1986-04-12', post }, admin)).id;
  }
  await api(
    page,
    'users.create',
    { username: 'chenlx', displayName: '陈立新', role: 'chief', officeId: station.id, cadreId: cadres['陈立新'], password: 'Chief#Start-01' },
    admin,
  );
  return { admin, station: station.id, cadres };
}

export const HR = { username: 'renshi', displayName: '郑雅琴', password: 'Hr#Desk-2026' };

/** An HR officer of the bureau whose first-login password change is already done. */
export async function createHrUser(page: Page, admin: string) {
  const me = await api(page, 'auth.me', {}, admin);
  await api(page, 'users.create', { username: HR.username, displayName: HR.displayName, role: 'hr', officeId: me.officeId, password: 'Hr#Start-20260' }, admin);
  const { sessionToken } = await api(page, 'auth.login', { username: HR.username, password: 'Hr#Start-20260' });
  await api(page, 'auth.changePassword', { oldPassword: 'Hr#Start-20260', newPassword: HR.password }, sessionToken);
}
