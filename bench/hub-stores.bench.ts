import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { HubProcess } from '../server/test/harness';
import { dropPgDatabases, freshPgDatabase, pgProblem } from '../server/test/pg';
import { uuidv7 } from '../shared/domain/uuid';
import { SCHEMA_VERSION } from '../shared/sync/manifest';
import { fmt, percentile, type Row } from './lib';

// Hub throughput on both stores in one run (issue 16): simulated devices pushing 50 whole rows and
// pulling a page, 100 and 1,000 of them at once; two hub processes on one PostgreSQL database
// against one; and the initial sync of a 50k-row station scope over HTTP from each store.
// PostgreSQL from HUB_TEST_PG_URL (skipped with a note when none answers).

const json = { 'content-type': 'application/json' };
let resets = 0;

// The simulated devices share this machine's two cores with the hub processes and PostgreSQL:
// they send through node:http on kept-alive sockets, which took about a third less CPU than fetch
// for the same requests (12 % of the cores against 19 %, PostgreSQL with 100 devices), so that more
// of the cores go to the hub being measured. Each row says what share the devices took.
const agent = new http.Agent({ keepAlive: true, maxSockets: 2_000 });
function once(url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(e as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST as JSON; a connection reset (a kept-alive socket the hub had closed) is sent again once: pushes are idempotent. */
async function post(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const text = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(url, headers, text);
    } catch (e) {
      if (attempt >= 2) throw e;
      resets++;
    }
  }
}

async function enrolMany(hub: HubProcess, office: string, n: number, cls: 'station' | 'county' = 'station') {
  const codes = hub.cli('enroll', '--office', office, '--class', cls, '--count', String(n)).match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/g)!;
  const tokens: string[] = [];
  for (let i = 0; i < codes.length; i += 50) {
    const got = await Promise.all(
      codes.slice(i, i + 50).map(
        async (code) =>
          (
            (await fetch(`${hub.url}enroll`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ code, deviceName: 'sim', claim: randomBytes(24).toString('base64url') }),
            }).then((x) => x.json())) as {
              token: string;
            }
          ).token,
      ),
    );
    tokens.push(...got);
  }
  return tokens;
}

/** Every device pushes `rounds` batches of 50 new rows and pulls a page after each, all at once; requests spread over the hubs. */
async function load(hubs: HubProcess[], tokens: string[], office: string, rounds: number) {
  const lat: number[] = [];
  let accepted = 0;
  const perBatch = 50;
  const errors = new Map<string, number>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (token, d) => {
      let cursor = 0;
      const h = hubs[d % hubs.length]!;
      const auth = { ...json, authorization: `Bearer ${token}` };
      for (let round = 0; round < rounds; round++) {
        const wall = String(Date.now()).padStart(15, '0');
        const at = new Date().toISOString();
        const ops = Array.from({ length: perBatch }, (_, k) => {
          const id = uuidv7(Date.now());
          return {
            opId: uuidv7(Date.now()),
            table: 'business',
            rowId: id,
            officeId: office,
            columns: { id, name: `模拟主体${d}-${k}`, phone: `1${round}${k}`, office_id: office, created_at: at, updated_at: at },
            hlc: `${wall}-${String(round * perBatch + k).padStart(6, '0')}-sim${d}`,
            schemaVersion: SCHEMA_VERSION,
          };
        });
        let s = performance.now();
        const r = (await post(`${h.url}push`, auth, { schemaVersion: SCHEMA_VERSION, ops, cursor })) as { accepted?: string[]; error?: { code: string } };
        if (r.error) errors.set(r.error.code, (errors.get(r.error.code) ?? 0) + 1);
        lat.push(performance.now() - s);
        accepted += r.accepted?.length ?? 0;
        s = performance.now();
        const p = (await post(`${h.url}pull`, auth, { cursor, limit: 200, schemaVersion: SCHEMA_VERSION })) as { cursor: number };
        lat.push(performance.now() - s);
        cursor = p.cursor;
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  return {
    opsPerSec: accepted / (ms / 1000),
    p95: percentile(lat, 95),
    accepted,
    expected: tokens.length * rounds * perBatch,
    errors: [...errors].map(([c, n]) => `${n}× ${c}`).join(', '),
    /** The simulated devices' own CPU (this process), as a share of the machine's cores over the run. */
    clientShare: (cpu.user + cpu.system) / 1000 / ms / os.availableParallelism(),
  };
}

/** A station scope of n rows reaches the hub, then a new device of the station pulls all of it in pages of 500 (the worker's page). */
async function initialSync(hub: HubProcess, office: string, n: number) {
  const [writer, reader] = [(await enrolMany(hub, office, 1))[0]!, (await enrolMany(hub, office, 1))[0]!];
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 1000) {
    const wall = String(Date.now()).padStart(15, '0');
    const ops = Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
      const id = uuidv7(Date.now());
      return {
        opId: uuidv7(Date.now()),
        table: 'business',
        rowId: id,
        officeId: office,
        columns: {
          id,
          name: `主体${i + k}`,
          address: `温州市瓯海区某某路${i + k}号`,
          phone: `138${String(i + k).padStart(8, '0')}`,
          office_id: office,
          created_at: at,
          updated_at: at,
        },
        hlc: `${wall}-${String(k).padStart(6, '0')}-w`,
        schemaVersion: SCHEMA_VERSION,
      };
    });
    await fetch(`${hub.url}push`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${writer}` },
      body: JSON.stringify({ schemaVersion: SCHEMA_VERSION, ops }),
    });
  }
  const t0 = performance.now();
  let cursor = 0;
  let rows = 0;
  for (;;) {
    const p = (await fetch(`${hub.url}pull`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${reader}`, 'accept-encoding': 'gzip' },
      body: JSON.stringify({ cursor, limit: 500, schemaVersion: SCHEMA_VERSION }),
    }).then((x) => x.json())) as { cursor: number; more: boolean; rows?: unknown[]; error?: unknown };
    if (!p.rows) throw new Error(`initial sync: the pull was refused: ${JSON.stringify(p.error ?? p)}`);
    rows += p.rows.length;
    cursor = p.cursor;
    if (!p.more) break;
  }
  return { ms: performance.now() - t0, rows };
}

/**
 * A TCP proxy to `to` that holds every chunk `ms` in each direction, in order. It runs in a child
 * process of its own: the bench blocks its own loop while the hub's command line runs.
 */
async function delayingProxy(to: URL, ms: number): Promise<{ port: number; close: () => void }> {
  const code = `
    const net = require('node:net');
    const [host, port, ms] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
    const server = net.createServer((client) => {
      const up = net.connect(port, host);
      const hold = (from, into) => from.on('data', (d) => setTimeout(() => into.writable && into.write(d), ms));
      hold(client, up);
      hold(up, client);
      const end = () => setTimeout(() => (client.destroy(), up.destroy()), ms + 1);
      client.on('close', end).on('error', end);
      up.on('close', end).on('error', end);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', code, to.hostname, to.port || '5432', String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((res, rej) => {
    child.stdout.once('data', (d: Buffer) => res(Number(String(d).trim())));
    child.once('exit', () => rej(new Error('the delaying proxy did not start')));
  });
  return { port, close: () => child.kill() };
}

export async function benchHubStores(opts: { devices: number[]; rounds: number; scope: number }): Promise<Row[]> {
  const out: Row[] = [];
  const problem = await pgProblem();
  const stores: ('sqlite' | 'postgres')[] = problem ? ['sqlite'] : ['sqlite', 'postgres'];
  if (problem) console.warn(`hub stores bench: no PostgreSQL (${problem}); SQLite only. Set HUB_TEST_PG_URL.`);
  const office = uuidv7(Date.now());
  const figures: Record<string, number> = {};
  for (const store of stores) {
    for (const n of opts.devices) {
      const hub = await new HubProcess(undefined, [], store === 'postgres' ? 'fresh' : null).start();
      const tokens = await enrolMany(hub, office, n);
      // The same number of ops in every run: fewer rounds for more devices.
      const rounds = Math.max(1, Math.round((opts.rounds * opts.devices[0]!) / n));
      const r = await load([hub], tokens, office, rounds);
      figures[`${store}-${n}`] = r.opsPerSec;
      const drop = n !== opts.devices[0] ? ` (${fmt(figures[`${store}-${opts.devices[0]}`]! / r.opsPerSec, 2)}× drop from ${opts.devices[0]})` : '';
      out.push({
        bench: `hub on ${store}, ${n} devices × ${rounds} push(50)+pull`,
        measure: 'ops/s accepted',
        value: fmt(r.opsPerSec, 0),
        baseline: `p95 request ${fmt(r.p95, 0)} ms; ${r.accepted}/${r.expected} accepted; devices use ${fmt(r.clientShare * 100, 0)} % of the cores${r.errors ? ` (refused pushes: ${r.errors})` : ''}${drop}`,
        ratio: '—',
        target: store === 'postgres' && n === 100 ? '≥ 5,000 ops/s' : n === 1000 ? '≤ 2× drop from 100' : '—',
      });
      if (store === 'postgres' && n === opts.devices[0]) {
        const second = await hub.sibling().start([]);
        const tokens2 = await enrolMany(hub, office, n);
        const r2 = await load([hub, second], tokens2, office, rounds);
        out.push({
          bench: `hub on postgres, 2 processes, ${n} devices × ${rounds} push(50)+pull`,
          measure: 'ops/s accepted',
          value: fmt(r2.opsPerSec, 0),
          baseline: `1 process ${fmt(r.opsPerSec, 0)} ops/s; p95 ${fmt(r2.p95, 0)} ms`,
          ratio: fmt(r2.opsPerSec / r.opsPerSec, 2),
          target: '≥ 1.5× one process',
        });
        await second.stop();
      }
      await hub.stop();
    }
    const hub = await new HubProcess(undefined, [], store === 'postgres' ? 'fresh' : null).start();
    const s = await initialSync(hub, uuidv7(Date.now()), opts.scope);
    figures[`${store}-initial`] = s.ms;
    out.push({
      bench: `initial sync of a ${opts.scope / 1000}k-row station scope from ${store} (HTTP pull, pages of 500)`,
      measure: 's',
      value: fmt(s.ms / 1000, 2),
      baseline: store === 'postgres' ? `sqlite ${fmt(figures['sqlite-initial']! / 1000, 2)} s` : `${s.rows} rows`,
      ratio: store === 'postgres' ? fmt(s.ms / figures['sqlite-initial']!, 2) : '—',
      target: '—',
    });
    await hub.stop();
  }
  if (!problem) {
    // The database on another machine, as in a city deployment: every round trip to PostgreSQL
    // takes about 2 ms more (a proxy in a child process holds each chunk 1 ms each way). The batch
    // lock is held across a batch's round trips, so their number is what limits throughput here.
    const base = await freshPgDatabase();
    const proxy = await delayingProxy(new URL(base), 1);
    const far = new URL(base);
    far.port = String(proxy.port);
    const n = opts.devices[0]!;
    const hub = await new HubProcess(undefined, [], far.toString()).start();
    const tokens = await enrolMany(hub, office, n);
    const r = await load([hub], tokens, office, opts.rounds);
    out.push({
      bench: `hub on postgres over a ~2 ms round trip, ${n} devices × ${opts.rounds} push(50)+pull`,
      measure: 'ops/s accepted',
      value: fmt(r.opsPerSec, 0),
      baseline: `p95 request ${fmt(r.p95, 0)} ms; ${r.accepted}/${r.expected} accepted; same machine ${fmt(figures[`postgres-${n}`]!, 0)} ops/s`,
      ratio: fmt(r.opsPerSec / figures[`postgres-${n}`]!, 2),
      target: '—',
    });
    await hub.stop();
    proxy.close();
  }
  await dropPgDatabases();
  if (resets) console.warn(`hub stores bench: ${resets} requests sent again after a connection reset`);
  return out;
}
