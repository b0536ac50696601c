import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Input, MethodName, Output } from '../../shared/contract';
import { createCore, type Core } from '../../electron/core/create-core';
import type { HubFetch } from '../../electron/core/sync/worker';
import { tempDir } from '../../electron/core/test/helpers';
import { dropPgDatabases, freshPgDatabase } from './pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = ['--import', 'tsx', path.join(ROOT, 'server', 'cli.ts')];

/**
 * The hub's test-only flags (--clock-offset-ms) need NODE_ENV=test, whichever runner starts it;
 * its command line answers in English whatever the machine's locale (tests read its figures).
 */
const TEST_ENV = { ...process.env, NODE_ENV: 'test', HUB_LANG: 'en' };

/** Which store the hub tests run on: HUB_TEST_STORE=postgres runs them on PostgreSQL (npm run test:pg). */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.HUB_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The real hub as a child process on 127.0.0.1, restartable on the same data and port. Its
 * store is SQLite in dataDir, or a PostgreSQL database: `store` is its URL, or 'fresh' for a new
 * database made at the first start (the default under HUB_TEST_STORE=postgres).
 */
export class HubProcess {
  proc: ChildProcess | null = null;
  port = 0;
  /** The hub's log lines (JSON) since it was started, request lines left out. */
  readonly logs: string[] = [];
  /** Requests this hub logged (all its runs). */
  requests = 0;
  /** The PostgreSQL URL once known, or null for SQLite. */
  storeUrl: string | null = null;
  /**
   * The hub's clock against the machine's (a test-only flag, NODE_ENV=test): the end-to-end
   * suite runs the hub on its own pinned instant, for the hub process and the codes it mints.
   */
  clockOffsetMs = 0;
  constructor(
    readonly dataDir = tempDir('bd-hub-'),
    private readonly extra: string[] = [],
    private store: string | null = TEST_STORE === 'postgres' ? 'fresh' : null,
  ) {
    if (store && store !== 'fresh') this.storeUrl = store;
  }

  /** The store's URL, making the database on first use. */
  async storeArgs(): Promise<string[]> {
    if (this.store === 'fresh' && !this.storeUrl) this.storeUrl = await freshPgDatabase();
    return this.storeUrl ? ['--store', this.storeUrl] : [];
  }

  /** A second hub process on the same store (PostgreSQL), on its own port. */
  sibling(): HubProcess {
    if (!this.storeUrl) throw new Error('two hub processes share a PostgreSQL store only');
    return new HubProcess(tempDir('bd-hub-'), this.extra, this.storeUrl);
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(extra: string[] = []): Promise<this> {
    const store = await this.storeArgs();
    const proc = spawn(
      process.execPath,
      [...TSX, 'serve', '--port', String(this.port), '--data', this.dataDir, ...store, ...this.clockArgs(), ...this.extra, ...extra],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: TEST_ENV },
    );
    this.proc = proc;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 20_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /:(\d+)\//.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
      proc.stderr!.on('data', (d: Buffer) => {
        const all = d.toString().split('\n');
        this.requests += all.filter((l) => l.includes('"msg":"request"')).length;
        const lines = all.filter((l) => l && !l.includes('"msg":"request"'));
        this.logs.push(...lines);
        out += lines.join('\n');
      });
      proc.on('exit', (code) => reject(new Error(`hub exited ${code}: ${out}`)));
    });
    return this;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill(signal);
    });
    this.proc = null;
  }

  private clockArgs(): string[] {
    return this.clockOffsetMs ? [`--clock-offset-ms=${this.clockOffsetMs}`] : [];
  }

  cli(...args: string[]): string {
    const store = this.storeUrl ? ['--store', this.storeUrl] : [];
    const r = spawnSync(process.execPath, [...TSX, ...args, '--data', this.dataDir, ...store, ...this.clockArgs()], {
      cwd: ROOT,
      encoding: 'utf8',
      env: TEST_ENV,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  }

  /** The restores devices reported (the hub CLI's audit-restores), one line each. */
  auditRestores(): string[] {
    return this.cli('audit-restores')
      .split('\n')
      .filter((l) => l.includes('\t'));
  }

  enroll(officeId: string, cls: 'station' | 'county' | 'hr' = 'station'): string {
    const m = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(this.cli('enroll', '--office', officeId, '--class', cls));
    if (!m) throw new Error('no enrolment code printed');
    return m[1]!;
  }
}

export const PW = 'Qz#2026-Ouhai';

export interface Desk {
  core: Core;
  token: string;
  offset: { ms: number };
  online: { value: boolean };
  /** The request reaches the hub, the reply is lost (the client died mid-push). */
  loseReplies: { value: boolean };
  /**
   * Fault hooks on the link to the hub, by path (`/push`, `/pull`, `/enroll` …): `before` runs
   * before a request goes out (an edit made during the sync), `lose` loses the reply of a
   * request that reached the hub, `cut` fails it before it leaves.
   */
  faults: {
    before?: (path: string) => Promise<void> | void;
    lose?: (path: string) => boolean;
    cut?: (path: string) => boolean;
    route?: (url: string) => string;
  };
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  fail(method: MethodName, input: unknown): Promise<{ code: string; message: string; details?: unknown }>;
  sync(): Promise<Output<'sync.now'>>;
}

/** A desktop core with its own database file, a clock that can be skewed, and a cable to pull. */
export async function desk(
  opts: {
    join?: { hub: HubProcess; code: string };
    name?: string;
    dbPath?: string;
    /** A database already set up: opened, not set up. */ existing?: boolean;
  } = {},
): Promise<Desk> {
  const offset = { ms: 0 };
  const online = { value: true };
  const loseReplies = { value: false };
  const faults: Desk['faults'] = {};
  const hubFetch: HubFetch = async (to, init) => {
    // Several hub processes on one database: the request goes to whichever the route picks.
    const url = faults.route ? faults.route(to) : to;
    const p = new URL(url).pathname;
    if (!online.value || faults.cut?.(p)) throw new Error('network down');
    await faults.before?.(p);
    const res = await fetch(url, init as RequestInit);
    if ((loseReplies.value && p === '/push') || faults.lose?.(p)) {
      await res.arrayBuffer();
      throw new Error('connection lost before the reply');
    }
    return res;
  };
  // BD_TEST_LOG=1 prints the core's warnings and errors (the sync's over-budget steps, for one).
  const log = process.env.BD_TEST_LOG
    ? (level: string, msg: string, f?: Record<string, unknown>) => level !== 'info' && console.error(`[${opts.name ?? 'desk'}] ${msg}`, JSON.stringify(f ?? {}))
    : undefined;
  const core = createCore({
    dbPath: opts.dbPath ?? path.join(tempDir(), 'desk.sqlite'),
    backupDir: null,
    clock: { now: () => Date.now() + offset.ms },
    hubFetch,
    log,
  });
  const call = async <M extends MethodName>(method: M, input: Input<M>, token?: string): Promise<Output<M>> => {
    const r = await core.dispatch(method, input, { sessionToken: token });
    if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { rpc: r.error });
    return r.value as Output<M>;
  };
  if (opts.existing) {
    // opened as it is
  } else if (opts.join) {
    await call('auth.setup', {
      username: 'admin',
      displayName: '管理员',
      password: PW,
      join: { hubUrl: opts.join.hub.url, code: opts.join.code, deviceName: opts.name ?? 'desk', allowInsecure: false },
    });
  } else {
    await call('auth.setup', { bureauName: '温州市瓯海区市场监督管理局', bureauCode: '330304', username: 'admin', displayName: '管理员', password: PW });
  }
  let session = (await call('auth.login', { username: 'admin', password: PW })).sessionToken;
  // Skewing the clock idles the session out; a test desk simply signs in again.
  const authed = async <M extends MethodName>(m: M, i: Input<M>): Promise<Output<M>> => {
    const r = await core.dispatch(m, i, { sessionToken: session });
    if (r.ok) return r.value as Output<M>;
    if (r.error.code !== 'SESSION_EXPIRED' && r.error.code !== 'UNAUTHENTICATED')
      throw Object.assign(new Error(`${m}: ${r.error.code} ${r.error.message}`), { rpc: r.error });
    session = (await call('auth.login', { username: 'admin', password: PW })).sessionToken;
    return call(m, i, session);
  };
  return {
    core,
    get token() {
      return session;
    },
    offset,
    online,
    loseReplies,
    faults,
    call: authed,
    fail: async (m, i) => {
      await authed('auth.me', {});
      const r = await core.dispatch(m, i, { sessionToken: session });
      if (r.ok) throw new Error(`${m} unexpectedly succeeded`);
      return r.error;
    },
    sync: () => authed('sync.now', {}),
  };
}

/** Sends each request to the next hub of the list in turn (same path), for hubs sharing one store. */
export function alternate(hubs: { url: string }[]): (url: string) => string {
  let i = 0;
  return (to) => {
    const u = new URL(to);
    const h = new URL(hubs[i++ % hubs.length]!.url);
    u.protocol = h.protocol;
    u.host = h.host;
    return u.toString();
  };
}

/** What a device holds of a synced table, for convergence checks. */
export function snapshot(d: Desk, table: string, cols: string[]): Record<string, Record<string, unknown>> {
  const rows = d.core.sqlite.prepare(`SELECT id, ${cols.join(', ')} FROM "${table}" ORDER BY id`).all() as Record<string, unknown>[];
  return Object.fromEntries(rows.map((r) => [r.id as string, Object.fromEntries(cols.map((c) => [c, r[c]]))]));
}

/**
 * A county device and two station devices on one hub: stations 景山 (张伟, 李娜) and 新桥 (王强),
 * created and pushed by the county, then each station enrolled and initially synced.
 */
export async function countyWithTwoStations(hub: HubProcess) {
  const A = await desk();
  const bureau = (await A.call('auth.me', {})).officeId;
  const S1 = (await A.call('offices.create', { name: '景山市场监管所', code: '330304' })).id;
  const S2 = (await A.call('offices.create', { name: '新桥市场监管所', code: '330304' })).id;
  const cadres: Record<string, string> = {};
  for (const [office, name] of [
    [S1, '张伟'],
    [S1, '李娜'],
    [S2, '王强'],
  ] as const) {
    cadres[name] = (await A.call('cadres.create', { officeId: office, name, gender: 'M', birthDate: '1985-01-01', post: '综合监管岗' })).id;
  }
  await A.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
  const first = await A.sync();
  const B = await desk({ join: { hub, code: hub.enroll(S1) }, name: '景山所' });
  const C = await desk({ join: { hub, code: hub.enroll(S2) }, name: '新桥所' });
  return { A, B, C, S1, S2, cadres, pendingAfterFirstPush: first.pending };
}

/** Two sync rounds over the devices in order: every device's pushes reach every other device. */
export async function converge(...ds: Desk[]) {
  for (let round = 0; round < 2; round++) for (const d of ds) await d.sync();
}

/** Closes the devices (those that started) and stops the hub, for afterAll. */
export async function shutDown(hub: HubProcess | undefined, ...ds: (Desk | undefined)[]) {
  for (const d of ds) await d?.core.close({ backup: false });
  await hub?.stop();
  await dropPgDatabases();
}

/** The device token a desk holds for the hub (for tests that speak the protocol by hand). */
export function hubToken(d: Desk): string {
  return (d.core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.token'").get() as { value: string }).value;
}

/** What the hub answers to a hand-made request: a push reply, or an error. */
export interface HubReply {
  accepted: string[];
  rejected: { opId: string; reason: string; detail?: string; current?: unknown }[];
  pending: string[];
  conflicted: { opId: string; column: string }[];
  error?: { code: string; message: string };
}

/** POST to the hub as a device, as a hostile or older client would. */
export async function hubPost(hub: HubProcess, path: string, token: string | null, body: unknown): Promise<{ status: number; body: HubReply }> {
  const r = await fetch(new URL(path, hub.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

/**
 * POST /push as a desk would, by hand: with its device token and the push chain token it holds,
 * keeping the token the hub answers with (so the desk's own next push is not taken for a copy's).
 */
export async function pushAs(hub: HubProcess, d: Desk, body: Record<string, unknown>): Promise<{ status: number; body: HubReply }> {
  const get = d.core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.chain'");
  const chain = (get.get() as { value: string } | undefined)?.value ?? null;
  const r = await hubPost(hub, '/push', hubToken(d), { ...body, chain });
  const next = (r.body as { chain?: string }).chain;
  if (r.status === 200 && next)
    d.core.sqlite.prepare("INSERT INTO local_meta(key, value) VALUES ('sync.chain', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(next);
  return r;
}

/** A signed-in account of a role on a desk; returns a caller bound to its session. */
export async function account(d: Desk, role: 'admin' | 'chief' | 'staff' | 'hr' | 'counsellor', officeId: string) {
  const username = `u_${role}_${Math.random().toString(36).slice(2, 8)}`;
  await d.call('users.create', { username, displayName: role, role, officeId, cadreId: null, password: 'Start#Pass-2026' });
  const login = async (password: string) => {
    const r = await d.core.dispatch('auth.login', { username, password });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { sessionToken: string }).sessionToken;
  };
  const first = await login('Start#Pass-2026');
  await d.core.dispatch('auth.changePassword', { oldPassword: 'Start#Pass-2026', newPassword: 'Next#Pass-2026' }, { sessionToken: first });
  let session = await login('Next#Pass-2026');
  const raw = async (m: MethodName, i: unknown) => {
    let r = await d.core.dispatch(m, i, { sessionToken: session });
    if (!r.ok && (r.error.code === 'SESSION_EXPIRED' || r.error.code === 'UNAUTHENTICATED')) {
      session = await login('Next#Pass-2026');
      r = await d.core.dispatch(m, i, { sessionToken: session });
    }
    return r;
  };
  return {
    call: async <M extends MethodName>(m: M, i: Input<M>): Promise<Output<M>> => {
      const r = await raw(m, i);
      if (!r.ok) throw Object.assign(new Error(`${m}: ${r.error.code} ${r.error.message}`), { rpc: r.error });
      return r.value as Output<M>;
    },
    fail: async (m: MethodName, i: unknown) => {
      const r = await raw(m, i);
      if (r.ok) throw new Error(`${m} unexpectedly succeeded`);
      return r.error;
    },
  };
}
