import type { Page } from '@playwright/test';
import type { Input } from '../shared/contract';
import { ADMIN_PW, api } from './api';
import { ADMIN, expect } from './fixtures';
import { LoginPage } from './page-models/shell';

/**
 * A set-up desk, seeded through the typed API (what a test is not about), and the administrator
 * signed in on the page. `stations` and `users` are created as the administrator.
 */
export async function seedDesk(
  page: Page,
  url: string,
  o: {
    sample?: boolean;
    stations?: Input<'offices.create'>[];
    users?: (Omit<Input<'users.create'>, 'officeId'> & { station?: string })[];
    signIn?: boolean;
  } = {},
) {
  await page.goto(url);
  await api(page, 'auth.setup', {
    bureauName: '温州市瓯海区市场监督管理局',
    bureauCode: '330304',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    password: ADMIN_PW,
    loadSample: o.sample ?? false,
  });
  const { sessionToken: admin, me } = await api(page, 'auth.login', { username: ADMIN.username, password: ADMIN_PW });
  const stations: Record<string, string> = {};
  for (const s of o.stations ?? []) stations[s.name] = (await api(page, 'offices.create', s, admin)).id;
  for (const { station, ...u } of o.users ?? []) await api(page, 'users.create', { ...u, officeId: station ? stations[station]! : me.officeId }, admin);
  if (o.signIn !== false) {
    await page.reload();
    await new LoginPage(page).login(ADMIN.username, ADMIN.password);
    await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  }
  return { admin, bureau: me.officeId, stations };
}
