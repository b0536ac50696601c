import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MethodName, Input, Output } from '../../../shared/contract';
import type { Role } from '../../../shared/contract/roles';
import type Database from 'better-sqlite3';
import { createCore, type Core } from '../create-core';
import type { DomainModule } from '../module';
import { keyFor, openKeyed, type Sqlite } from '../db/cipher';
import { fileKey } from '../db/db-key';

export const ADMIN_PASSWORD = 'Qz#2026-Ouhai';

export function tempDir(prefix = 'bd-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Open a desk's database file directly (as a tamperer with the key would), with the key beside it. */
export function openDeskFile(file: string, opts: Database.Options = {}): Sqlite {
  return openKeyed(file, keyFor(file, fileKey(file)), opts);
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-11-28T01:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    set: (ms: number) => void (t = ms),
    advance: (ms: number) => void (t += ms),
  };
}

export interface TestCore {
  core: Core;
  dir: string;
  dbPath: string;
  clock: ReturnType<typeof manualClock>;
  call<M extends MethodName>(method: M, input: Input<M>, token?: string): Promise<Output<M>>;
  adminToken: string;
}

/** A core on a real SQLite file in a temp dir, set up with a bureau and an administrator. */
export async function setupCore(opts: { sample?: boolean; now?: number; modules?: readonly DomainModule[] } = {}): Promise<TestCore> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'branch-desk.sqlite');
  const clock = manualClock(opts.now);
  const core = createCore({
    dbPath,
    clock,
    backupDir: null,
    modules: opts.modules,
    log: (l, m, f) => {
      if (l === 'error') console.error(m, f);
    },
  });
  async function call<M extends MethodName>(method: M, input: Input<M>, token?: string): Promise<Output<M>> {
    const r = await core.dispatch(method, input, { sessionToken: token });
    if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { rpc: r.error });
    return r.value as Output<M>;
  }
  await call('auth.setup', {
    bureauName: '测试县市场监督管理局',
    bureauCode: '330304',
    username: 'admin',
    displayName: '管理员',
    password: ADMIN_PASSWORD,
    loadSample: opts.sample ?? false,
  });
  const { sessionToken } = await call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  return { core, dir, dbPath, clock, call, adminToken: sessionToken };
}

/** A signed-in account of the given role, its first-login password change done; returns its session. */
export async function userSession(
  t: TestCore,
  role: Role,
  officeId: string,
  cadreId: string | null = null,
  username = `u_${role}_${Math.random().toString(36).slice(2, 7)}`,
): Promise<string> {
  await t.call('users.create', { username, displayName: role, role, officeId, cadreId, password: 'Start#Pass-2026' }, t.adminToken);
  const { sessionToken } = await t.call('auth.login', { username, password: 'Start#Pass-2026' });
  await t.call('auth.changePassword', { oldPassword: 'Start#Pass-2026', newPassword: 'Next#Pass-2026' }, sessionToken);
  return sessionToken;
}
