import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { converge, countyWithTwoStations, HubProcess, hubToken, shutDown, snapshot, TEST_STORE, type Desk } from '../test/harness';
import { PG_TEST_URL, pgQuery } from '../test/pg';

// PostgreSQL restarting under a running hub (issue 16, operations): the hub retries on new
// connections while the server is away and answers a clear 503 when it stays away longer than
// its retry window (--pg-retry-ms); /health says whether the database is reachable. Runs in
// npm run test:pg (HUB_TEST_STORE=postgres), as root with pg_ctlcluster (CI), which restarts the
// cluster serving HUB_TEST_PG_URL; without root it cuts the hub's connections instead.

const port = Number(new URL(PG_TEST_URL).port || 5432);
function cluster(): { version: string; name: string } | null {
  try {
    if (process.getuid?.() !== 0) return null;
    const line = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((f) => Number(f[2]) === port);
    return line ? { version: line[0]!, name: line[1]! } : null;
  } catch {
    return null;
  }
}
const pgc = TEST_STORE === 'postgres' ? cluster() : null;
const ctl = (action: 'stop' | 'start') =>
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', ...(action === 'stop' ? ['-m', 'fast'] : []), pgc!.version, pgc!.name, action], {
    stdio: 'ignore',
  });
const waitReady = async () => {
  for (let i = 0; i < 100; i++) {
    try {
      await pgQuery(PG_TEST_URL, 'SELECT 1');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('PostgreSQL did not come back');
};
if (TEST_STORE !== 'postgres') console.warn('server/fault/pg-restart.test.ts runs on PostgreSQL only: npm run test:pg');
else if (!pgc)
  console.warn(
    'server/fault/pg-restart.test.ts: not root or no pg_ctlcluster for port ' + port + ": the hub's connections are cut instead of restarting the server",
  );

let hub: HubProcess | undefined;
let A: Desk, B: Desk, C: Desk;
afterAll(async () => {
  // Running again, whatever the test did.
  try {
    if (pgc) ctl('start');
  } catch {
    // already running
  }
  await shutDown(hub, A, B, C);
});

const CADRE_COLS = ['office_id', 'name', 'phone'];

describe.skipIf(TEST_STORE !== 'postgres')('PostgreSQL restarts while devices push', () => {
  it('pushes during a restart wait and land once; a longer outage is a clear 503 and /health says so; nothing is lost', async () => {
    hub = await new HubProcess(undefined, ['--pg-retry-ms', '20000']).start();
    ({ A, B, C } = await countyWithTwoStations(hub));
    const mine = Object.keys(Object.fromEntries(Object.entries(snapshot(B, 'cadre', CADRE_COLS)).filter(([, r]) => r.office_id)));
    const edit = async (d: Desk, i: number) => {
      const id = mine[i % mine.length]!;
      const r = d.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(id) as Record<string, string | null>;
      await d.call('cadres.update', {
        id,
        officeId: r.office_id,
        name: r.name,
        gender: r.gender,
        birthDate: r.birth_date,
        post: r.post,
        status: r.status,
        phone: `1390000${String(i).padStart(4, '0')}`,
      } as never);
    };
    const restart = async () => {
      if (pgc) {
        ctl('stop');
        await new Promise((r) => setTimeout(r, 1500));
        ctl('start');
      } else
        await pgQuery(PG_TEST_URL, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          new URL(hub!.storeUrl!).pathname.slice(1),
        ]);
      await waitReady();
    };

    // 1. A restart (1.5 s down) in the middle of a stream of edits and syncs: the hub waits it out.
    const states: string[] = [];
    const spans: [number, number][] = [];
    let i = 0;
    const pushing = (async () => {
      for (; i < 30; i++) {
        await edit(B, i);
        const s = performance.now();
        states.push((await B.sync()).state);
        spans.push([s, performance.now()]);
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    const t0 = performance.now();
    await restart();
    const t1 = performance.now();
    const downMs = t1 - t0;
    await pushing;
    expect(states.filter((s) => s !== 'idle')).toEqual([]);
    // A sync was under way while the server was away, and syncs ran after it came back.
    expect(spans.some(([s, e]) => s < t1 && e > t0)).toBe(true);
    expect(spans.some(([s]) => s > t1)).toBe(true);
    await converge(B, A, C);
    const phone = (d: Desk, i: number) => snapshot(d, 'cadre', CADRE_COLS)[mine[i % mine.length]!]!.phone;
    expect(phone(A, 29)).toBe('13900000029');
    expect(phone(B, 29)).toBe('13900000029');
    console.warn(`PostgreSQL ${pgc ? 'restarted' : 'connections cut'} (${Math.round(downMs)} ms) during 30 edit+sync rounds: all idle`);

    // 2. An outage longer than the retry window: a clear 503, /health says the database is unreachable.
    if (pgc) {
      await hub.stop();
      await hub.start(['--pg-retry-ms', '300']);
      ctl('stop');
      try {
        const health = await fetch(new URL('/health', hub.url));
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ ok: false, store: 'postgres', database: 'unreachable' });
        const push = await fetch(new URL('/push', hub.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${hubToken(B)}` },
          body: JSON.stringify({ schemaVersion: 1, ops: [] }),
        });
        expect(push.status).toBe(503);
        expect(await push.json()).toMatchObject({ error: { code: 'HUB_STORE_UNAVAILABLE', message: expect.any(String) } });
        await edit(B, 100);
        const st = await B.sync();
        expect(st).toMatchObject({ state: 'error', hubError: { code: 'HUB_STORE_UNAVAILABLE' } });
        expect(st.pending).toBeGreaterThan(0);
      } finally {
        ctl('start');
      }
      await waitReady();
      expect((await fetch(new URL('/health', hub.url)).then((r) => r.json())) as unknown).toMatchObject({ ok: true, database: 'reachable' });
      // The same hub process carries on once the server is back; the edit kept in the outbox lands.
      await converge(B, A);
      expect(phone(A, 100)).toBe('13900000100');
      expect((await B.call('sync.status', {})).state).toBe('idle');
    }
  }, 170_000);
});
