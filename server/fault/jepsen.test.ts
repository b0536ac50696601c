import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openKeyed, type Sqlite } from '../../electron/core/db/cipher';
import { hubKey } from '../store/sqlite-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract/errors';
import { openDeskFile, tempDir } from '../../electron/core/test/helpers';
import { syncManifest, tableSpec } from '../../shared/sync/manifest';
import { alternate, countyWithTwoStations, HubProcess, PW, TEST_STORE, type Desk } from '../test/harness';
import { dropPgDatabases, pgQuery } from '../test/pg';

// A randomized fault schedule against a real hub process and four desktops: the county (A), two
// station devices of 景山 (B in this process, D in a child process that gets killed) and one of
// 新桥 (C). Edits, syncs, edits made during a sync, lost replies, cut links, clocks skewed within
// and beyond the hub's tolerance, kills of the hub and of D. Then every fault is healed, the
// devices sync to quiescence, and a checker reads every database:
//   1. every acknowledged op is on the hub, or superseded there by a later write to the same cell;
//   2. every device equals the hub within its scope, cell for cell;
//   3. no outbox is left non-empty;
//   4. every refused op is visible to a person (in its device's 未能同步 list).
// FAULT_SEED=<n> replays a schedule; FAULT_STEPS=<n> sets its length.
// On PostgreSQL (HUB_TEST_STORE=postgres, npm run test:pg) two hub processes serve the one
// database and every device sends each request to the other hub than its last (FAULT_HUBS=1 for
// one); a hub kill takes down one of them.

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env.FAULT_STEPS ?? 160);
const HUBS = TEST_STORE === 'postgres' ? Number(process.env.FAULT_HUBS ?? 2) : 1;
console.warn(`sync fault suite: FAULT_SEED=${SEED} FAULT_STEPS=${STEPS} store=${TEST_STORE} hubs=${HUBS}`);

/** mulberry32: a small seeded generator, so a seed replays the same schedule. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

type OutboxRow = { seq: number; op_id: string; table_name: string; row_id: string; office_id: string; columns: string; hlc: string };
interface Dev {
  name: string;
  /** The station office, or null for the county device. */
  office: string | null;
  deviceId: string;
  call(method: string, input: unknown): Promise<Result<unknown>>;
  outboxAfter(seq: number): Promise<OutboxRow[]>;
  sync(): Promise<void>;
  set(o: { offsetMs?: number; online?: boolean; lose?: string | null; hubs?: HubProcess[] }): Promise<void>;
  db(): Sqlite;
  /** Runs fn once, just before the device's next pull request leaves (in-process devices). */
  beforeNextPull?(fn: () => Promise<void>): void;
  /** Whether such a hook waits for the next pull. */
  hookPending?(): boolean;
}

function inProcess(name: string, d: Desk, office: string | null): Dev {
  let lose: string | null = null;
  d.faults.lose = (p) => {
    if (p !== lose) return false;
    lose = null;
    return true;
  };
  return {
    name,
    office,
    deviceId: (d.core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.deviceId'").get() as { value: string }).value,
    call: async (m, i) => {
      await d.call('auth.me', {}); // signs in again after a clock jump idled the session out
      return d.core.dispatch(m, i, { sessionToken: d.token });
    },
    outboxAfter: async (seq) => d.core.sqlite.prepare('SELECT * FROM outbox WHERE seq > ? ORDER BY seq').all(seq) as OutboxRow[],
    sync: async () => void (await d.sync()),
    set: async (o) => {
      if (o.offsetMs !== undefined) d.offset.ms = o.offsetMs;
      if (o.online !== undefined) d.online.value = o.online;
      if (o.lose !== undefined) lose = o.lose;
      if (o.hubs) d.faults.route = alternate(o.hubs);
    },
    db: () => d.core.sqlite,
    beforeNextPull: (fn) => {
      d.faults.before = async (p) => {
        if (p !== '/pull') return;
        d.faults.before = undefined;
        await fn();
      };
    },
    hookPending: () => d.faults.before !== undefined,
  };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The desktop in a child process: killed with SIGKILL, started again on the same file. */
class ChildDesk implements Dev {
  proc: ChildProcess | null = null;
  deviceId = '';
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private state: { offsetMs: number; online: boolean; hubs: string[] } = { offsetMs: 0, online: true, hubs: [] };
  constructor(
    readonly name: string,
    readonly office: string,
    readonly dbPath: string,
  ) {}

  async start(join?: { hubUrl: string; code: string; deviceName: string }) {
    const proc = fork(path.join(ROOT, 'server', 'fault', 'desk-process.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      proc.once('message', () => resolve());
      proc.once('exit', (c) => reject(new Error(`desk process exited ${c}`)));
    });
    proc.on('message', (m: { id?: number; ok: boolean; value?: unknown; error?: string }) => {
      const w = m.id ? this.waiting.get(m.id) : undefined;
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error));
    });
    proc.on('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('desk process killed'));
      this.waiting.clear();
    });
    this.deviceId = (await this.req({ cmd: 'open', dbPath: this.dbPath, join, password: PW })) as string;
    await this.req({ cmd: 'set', ...this.state });
  }

  private req(m: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.proc || this.proc.exitCode !== null) return reject(new Error('desk process is not running'));
      this.waiting.set(id, { resolve, reject });
      this.proc.send({ ...m, id });
    });
  }

  async kill() {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => (p.once('exit', () => r()), p.kill('SIGKILL')));
    this.proc = null;
  }

  async stop() {
    if (!this.proc) return;
    await this.req({ cmd: 'close' });
    await this.kill();
  }

  call = (method: string, input: unknown) => this.req({ cmd: 'call', method, input }) as Promise<Result<unknown>>;
  outboxAfter = (seq: number) => this.req({ cmd: 'outboxAfter', seq }) as Promise<OutboxRow[]>;
  sync = async () => void (await this.call('sync.now', {}));
  set = async (o: { offsetMs?: number; online?: boolean; lose?: string | null; hubs?: HubProcess[] }) => {
    if (o.offsetMs !== undefined) this.state.offsetMs = o.offsetMs;
    if (o.online !== undefined) this.state.online = o.online;
    const hubs = o.hubs?.map((h) => h.url);
    if (hubs) this.state.hubs = hubs;
    await this.req({ cmd: 'set', ...o, hubs });
  };
  db = () => openDeskFile(this.dbPath);
}

let hub: HubProcess;
/** Every hub process: one, or on PostgreSQL two on the one database. */
let hubs: HubProcess[] = [];
let desks: Desk[] = [];
let child: ChildDesk;

beforeAll(async () => {
  hub = await new HubProcess().start();
  hubs = [hub];
  for (let i = 1; i < HUBS; i++) hubs.push(await hub.sibling().start());
});

afterAll(async () => {
  await child?.kill();
  for (const d of desks) await d.core.close({ backup: false });
  for (const h of hubs) await h?.stop();
  await dropPgDatabases();
});

describe(`a randomized schedule of faults (FAULT_SEED=${SEED}, ${TEST_STORE}, ${HUBS} hub process${HUBS > 1 ? 'es' : ''})`, () => {
  it('ends with every device equal to the hub, nothing lost, no outbox left and every refusal visible', async () => {
    const r = rng(SEED);
    const setup = await countyWithTwoStations(hub);
    desks = [setup.A, setup.B, setup.C];
    const { S1, S2 } = setup;
    const A = inProcess('A', setup.A, null);
    const B = inProcess('B', setup.B, S1);
    const C = inProcess('C', setup.C, S2);
    child = new ChildDesk('D', S1, path.join(tempDir('bd-fault-'), 'desk-d.sqlite'));
    await child.start({ hubUrl: hub.url, code: hub.enroll(S1), deviceName: '景山所二号机' });
    const devs: Dev[] = [A, B, C, child];
    if (hubs.length > 1) for (const d of devs) await d.set({ hubs });
    const log: string[] = [];
    /** Every op a device reported in its outbox right after an edit: the edits the checker follows. */
    const ops = new Map<string, OutboxRow & { device: string }>();
    const offsets = new Map<Dev, number>();
    let hubKills = 0;
    let childKills = 0;
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

    type CadreView = {
      id: string;
      officeId: string;
      name: string;
      gender: string;
      birthDate: string;
      post: string | null;
      status: string;
      phone: string | null;
    };
    async function cadresOf(d: Dev): Promise<CadreView[]> {
      const list = await d.call('cadres.list', {});
      // The first few cadres of each station take most edits, so devices collide on the same cells.
      return list.ok ? (list.value as CadreView[]).sort((a, b) => a.id.localeCompare(b.id)) : [];
    }
    const hot = (cs: CadreView[]) => (cs.length ? (r.next() < 0.7 ? cs[r.int(Math.min(3, cs.length))]! : r.pick(cs)) : null);

    async function edit(d: Dev, only?: CadreView, column?: 'phone' | 'post') {
      const cadres = await cadresOf(d);
      if (!cadres.length && !d.office) return;
      const c = only ?? hot(cadres);
      const base = c && {
        id: c.id,
        officeId: c.officeId,
        name: c.name,
        gender: c.gender,
        birthDate: c.birthDate,
        post: c.post,
        status: c.status,
        phone: c.phone,
      };
      const kind = only
        ? (column ?? r.pick(['phone', 'post'] as const))
        : r.pick(
            d.office
              ? (['phone', 'phone', 'post', 'create', 'commitment', 'stray'] as const)
              : (['phone', 'post', 'create', 'move', 'commitment', 'remove'] as const),
          );
      const before = (await d.outboxAfter(0)).at(-1)?.seq ?? 0;
      let res: Result<unknown> | null = null;
      const other = d.office === S1 ? S2 : S1;
      if (kind === 'phone' && base) res = await d.call('cadres.update', { ...base, phone: `139${String(r.int(1e8)).padStart(8, '0')}` });
      else if (kind === 'post' && base)
        res = await d.call('cadres.update', { ...base, post: r.pick(['综合监管岗', '食品安全监管岗', '执法办案岗', '登记注册岗']) });
      else if (kind === 'create')
        res = await d.call('cadres.create', {
          officeId: d.office ?? r.pick([S1, S2]),
          name: `人员${r.int(1e5)}`,
          gender: r.pick(['M', 'F']),
          birthDate: '1988-08-08',
        });
      else if (kind === 'stray') res = await d.call('cadres.create', { officeId: other, name: `越权${r.int(1e5)}`, gender: 'M', birthDate: '1988-08-08' });
      else if (kind === 'move' && base) res = await d.call('cadres.update', { ...base, officeId: base.officeId === S1 ? S2 : S1 });
      else if (kind === 'commitment' && c)
        res = await d.call('dossiers.saveCommitment', { cadreId: c.id, year: 2020 + r.int(15), items: [`承诺${r.int(100)}`] });
      else if (kind === 'remove' && c && r.next() < 0.3) res = await d.call('cadres.remove', { id: c.id });
      log.push(`${d.name} ${kind}${res && !res.ok ? ` (refused locally: ${res.error.code})` : ''}`);
      for (const o of await d.outboxAfter(before)) ops.set(o.op_id, { ...o, device: d.deviceId });
    }

    /**
     * While d's pull is on its way, d edits a cadre, then another device that sees it edits the
     * same cadre and pushes first: the page d applies holds the other's newer value of a cell d
     * has a pending edit of.
     */
    async function race(d: Dev, fresh?: string, against?: Dev) {
      // The other device syncs inside d's pull. One that has a race of its own waiting would run it
      // there, and a chain of them can come back to d, whose sync is waiting on it: a deadlock of the
      // schedule, not of sync (FAULT_SEED=231057243). The other is one with no race waiting.
      const free = devs.filter((o) => o !== d && !o.hookPending?.() && (o.office === null || d.office === null || o.office === d.office));
      if (!against && !free.length) {
        await d.sync();
        return;
      }
      const other = against ?? r.pick(free);
      const shared = (await cadresOf(d)).filter((c) => (other.office === null || c.officeId === other.office) && (!fresh || c.id === fresh));
      const c = fresh ? shared[0] : hot(shared);
      if (c) {
        log.push(`${d.name} sync racing ${other.name} on ${c.name}`);
        const column = 'phone' as const;
        d.beforeNextPull!(async () => {
          // d's clock runs two minutes slow for its edit (its offset was measured before): the
          // other device's later edit carries the newer stamp, and d's edit loses on the hub.
          const offset = offsets.get(d) ?? 0;
          await d.set({ offsetMs: offset - 120_000 });
          await edit(d, c, column);
          await d.set({ offsetMs: offset });
          const seen = (await cadresOf(other)).find((o) => o.id === c.id);
          if (seen) await edit(other, seen, column);
          await other.sync();
        });
      }
      await d.sync();
    }

    async function whileHubDies(d: Dev) {
      const victim = hubs.length > 1 ? r.pick(hubs) : hub;
      const p = d.sync().catch(() => undefined);
      await sleep(r.int(40));
      await victim.stop('SIGKILL');
      await p;
      await victim.start();
    }

    async function whileChildDies(op: 'sync' | 'edit') {
      const p = (op === 'sync' ? child.sync() : edit(child)).catch(() => undefined);
      await sleep(r.int(60));
      await child.kill();
      await p;
      await child.start();
    }

    for (let step = 0; step < STEPS; step++) {
      const x = r.next();
      const d = r.pick(devs);
      if (x < 0.36) await edit(d);
      else if (x < 0.62) {
        log.push(`${d.name} sync`);
        await d.sync();
      } else if (x < 0.7) {
        // An edit made while the device's own sync is running.
        log.push(`${d.name} sync with an edit during it`);
        const p = d.sync();
        await sleep(r.int(15));
        await edit(d);
        await p;
      } else if (x < 0.74 && d.beforeNextPull) {
        await race(d);
      } else if (x < 0.78) {
        const lost = r.pick(['/push', '/pull']);
        log.push(`${d.name} loses the reply of ${lost}`);
        await d.set({ lose: lost });
        await d.sync();
      } else if (x < 0.82) {
        const online = r.next() < 0.5;
        log.push(`${d.name} link ${online ? 'up' : 'cut'}`);
        await d.set({ online });
      } else if (x < 0.9) {
        // Within the tolerance, beyond it, behind, a year ahead; or fixed.
        const offsetMs = r.pick([0, 0, 3 * 60_000, -3 * 60_000, 9 * 60_000, 20 * 60_000, -2 * 3600_000, 365 * 86_400_000]);
        log.push(`${d.name} clock ${offsetMs >= 0 ? '+' : ''}${Math.round(offsetMs / 60_000)} min`);
        offsets.set(d, offsetMs);
        await d.set({ offsetMs });
      } else if (x < 0.93 && hubKills < 3) {
        hubKills++;
        log.push(`hub killed during ${d.name}'s sync`);
        await whileHubDies(d);
      } else if (x < 0.96 && childKills < 3) {
        childKills++;
        const op = r.pick(['sync', 'edit'] as const);
        log.push(`D killed during ${op}`);
        await whileChildDies(op);
      } else await edit(d);
    }

    // Heal every fault: links up, clocks right, no lost replies; a last race on each in-process
    // device, whose cells nothing later overwrites; then sync to quiescence.
    for (const d of devs) await d.set({ online: true, offsetMs: 0, lose: null });
    offsets.clear();
    for (const d of devs) {
      if (!d.beforeNextPull) continue;
      const created = await A.call('cadres.create', { officeId: d.office ?? S1, name: `终局${d.name}`, gender: 'F', birthDate: '1990-09-09' });
      if (!created.ok) continue;
      for (const x of devs) await x.sync();
      // No race of the schedule left waiting on either device (see race()).
      for (let i = 0; i < 3 && devs.some((x) => x.hookPending?.()); i++) for (const x of devs) await x.sync();
      await race(d, (created.value as { id: string }).id, d === A ? B : A);
    }
    for (let round = 0; round < 6; round++) {
      for (const d of devs) await d.sync();
      const left = await Promise.all(devs.map(async (d) => (await d.outboxAfter(0)).length));
      if (round >= 2 && left.every((n) => n === 0)) break;
    }
    await child.stop();
    // The hub closes cleanly (its log folded into the file) before the checker reads it.
    for (const h of hubs) await h.stop();

    const failures = check(devs, ops, await hubState(hub));
    const count = (w: string) => log.filter((l) => l.includes(w)).length;
    console.warn(
      `FAULT_SEED=${SEED}: ${ops.size} ops followed, ${count(' sync')} syncs (${count('during it')} with an edit during them), ${count('loses')} lost replies, ${count('link cut')} link cuts, ${count('clock')} clock changes, ${hubKills} hub kills, ${childKills} kills of D, ${count('stray')} writes outside the station, ${count('refused locally')} refused locally; ${failures.length} violations`,
    );
    if (failures.length) {
      console.warn(`FAULT_SEED=${SEED}: schedule\n  ${log.join('\n  ')}`);
      console.warn(`FAULT_SEED=${SEED}: ${failures.length} violations\n  ${failures.slice(0, 40).join('\n  ')}`);
    }
    expect(failures, `FAULT_SEED=${SEED}`).toEqual([]);
    // With two hub processes, each served its share of the devices' requests.
    if (hubs.length > 1) {
      const total = hubs.reduce((n, h) => n + h.requests, 0);
      console.warn(`FAULT_SEED=${SEED}: requests per hub process ${hubs.map((h) => h.requests).join(', ')}`);
      for (const h of hubs) expect(h.requests).toBeGreaterThan((0.6 * total) / hubs.length);
    }
    // The schedule did what it is for: faults happened and the checker had work to do.
    expect(ops.size).toBeGreaterThan(20);
  }, 170_000);
});

type HubRow = { table_name: string; row_id: string; office_id: string; doc: string };
type VerdictRow = { op_id: string; device_id: string; hlc: string; outcome: string };

/** The hub's rows and verdicts, from its SQLite file or its PostgreSQL database. */
async function hubState(h: HubProcess): Promise<{ rows: HubRow[]; verdicts: VerdictRow[] }> {
  const rowsSql = 'SELECT table_name, row_id, office_id, doc FROM hub_row';
  const opsSql = 'SELECT op_id, device_id, hlc, outcome FROM op';
  if (h.storeUrl) return { rows: await pgQuery<HubRow>(h.storeUrl, rowsSql), verdicts: await pgQuery<VerdictRow>(h.storeUrl, opsSql) };
  const file = path.join(h.dataDir, 'hub.sqlite');
  const db = openKeyed(file, hubKey(file), { readonly: true });
  try {
    return { rows: db.prepare(rowsSql).all() as HubRow[], verdicts: db.prepare(opsSql).all() as VerdictRow[] };
  } finally {
    db.close();
  }
}

/** The four invariants, read from the hub's and every device's database after quiescence. */
function check(devs: Dev[], ops: Map<string, OutboxRow & { device: string }>, hubData: { rows: HubRow[]; verdicts: VerdictRow[] }): string[] {
  const out: string[] = [];
  const hubRows = hubData.rows;
  const docs = new Map(
    hubRows.map((h) => [`${h.table_name}/${h.row_id}`, { office: h.office_id, doc: JSON.parse(h.doc) as Record<string, { value: unknown; hlc: string }> }]),
  );
  const verdicts = new Map(hubData.verdicts.map((v) => [v.op_id, v]));
  const wide = new Set(
    Object.entries(syncManifest)
      .filter(([, s]) => 'countyWide' in s && s.countyWide)
      .map(([t]) => t),
  );

  const dbs = new Map(devs.map((d) => [d.deviceId, { d, db: d.db() }]));
  for (const { d, db } of dbs.values()) {
    // 3. No outbox is left non-empty.
    const left = (db.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;
    if (left) out.push(`${d.name}: ${left} ops left in the outbox`);
    // 2. Every device equals the hub within its scope, cell for cell. The schedule writes no bad
    // data, so nothing may be held back either.
    const held = new Set<string>();
    for (const h of db.prepare('SELECT table_name, row_id, reason, detail FROM sync_pending_in').all() as {
      table_name: string;
      row_id: string;
      reason: string;
      detail: string;
    }[]) {
      out.push(`${d.name}: held back ${h.table_name}/${h.row_id} (${h.reason}: ${h.detail})`);
      held.add(`${h.table_name}/${h.row_id}`);
    }
    for (const table of Object.keys(syncManifest)) {
      const hidden = new Set(d.office ? (tableSpec(table)?.personal ?? []) : []);
      const local = new Map((db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => [row.id as string, row]));
      const inScope = hubRows.filter((h) => h.table_name === table && (d.office === null || h.office_id === d.office || wide.has(table)));
      for (const h of inScope) {
        const key = `${table}/${h.row_id}`;
        if (held.has(key)) continue;
        const row = local.get(h.row_id);
        if (!row) {
          out.push(`${d.name}: missing ${key}`);
          continue;
        }
        if (row.office_id !== h.office_id) out.push(`${d.name}: ${key} office ${String(row.office_id)} ≠ hub ${h.office_id}`);
        for (const [col, cell] of Object.entries(docs.get(key)!.doc)) {
          if (hidden.has(col) || !(col in row)) continue;
          if (col !== 'office_id' && JSON.stringify(row[col]) !== JSON.stringify(cell.value))
            out.push(`${d.name}: ${key}.${col} = ${JSON.stringify(row[col])} ≠ hub ${JSON.stringify(cell.value)}`);
        }
        local.delete(h.row_id);
      }
      for (const id of local.keys()) if (!held.has(`${table}/${id}`)) out.push(`${d.name}: holds ${table}/${id}, which the hub has not in its scope`);
      if (d.office)
        for (const c of hidden) {
          const n = (db.prepare(`SELECT count(*) n FROM "${table}" WHERE "${c}" IS NOT NULL`).get() as { n: number }).n;
          if (n) out.push(`${d.name}: keeps ${n} personal ${table}.${c} cells`);
        }
    }
  }

  for (const op of ops.values()) {
    const v = verdicts.get(op.op_id);
    const who = [...dbs.values()].find((x) => x.d.deviceId === op.device)!;
    if (!v) {
      out.push(`${who.d.name}: op ${op.op_id} (${op.table_name}/${op.row_id}) left the outbox but the hub never judged it`);
      continue;
    }
    const verdict = v.outcome.startsWith('{')
      ? (JSON.parse(v.outcome) as { verdict: string; conflicted?: string[] })
      : { verdict: v.outcome.startsWith('rejected') ? 'rejected' : 'accepted' };
    if (verdict.verdict === 'rejected') continue; // checked below, with every refusal
    // 1. Every acknowledged op is on the hub or superseded by a later write to the same cell.
    const doc = docs.get(`${op.table_name}/${op.row_id}`);
    const follows = !!tableSpec(op.table_name)?.follows;
    for (const [col, value] of Object.entries(JSON.parse(op.columns) as Record<string, unknown>)) {
      if ((verdict as { conflicted?: string[] }).conflicted?.includes(col) || (follows && col === 'office_id')) continue;
      const cell = doc?.doc[col];
      if (!cell || cell.hlc < v.hlc)
        out.push(`${who.d.name}: acknowledged ${op.table_name}/${op.row_id}.${col} lost (hub ${cell?.hlc ?? 'none'} < op ${v.hlc})`);
      else if (cell.hlc === v.hlc && col !== 'office_id' && JSON.stringify(cell.value) !== JSON.stringify(value))
        out.push(`${who.d.name}: ${op.table_name}/${op.row_id}.${col} has the op's stamp but not its value`);
    }
  }

  // 4. Every refused op is visible to a person: it is in its device's 未能同步 list.
  for (const v of verdicts.values()) {
    if (!(v.outcome.startsWith('rejected') || v.outcome.includes('"verdict":"rejected"'))) continue;
    const who = dbs.get(v.device_id);
    if (!who) continue;
    if (!who.db.prepare('SELECT 1 FROM sync_rejected WHERE op_id = ?').get(v.op_id))
      out.push(`${who.d.name}: refused op ${v.op_id} is not in its 未能同步 list`);
  }
  for (const { d, db } of dbs.values()) if (d instanceof ChildDesk) db.close();
  return out;
}
