import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { business } from '../electron/core/schema';
import { desk, HubProcess } from '../server/test/harness';
import { businessName, chineseName, rng } from '../resources/sample/county';
import { fmt, percentile, tempDir, type Row } from './lib';
import { uuidv7 } from '../shared/domain/uuid';
import { SCHEMA_VERSION } from '../shared/sync/manifest';

// Sync figures, each beside a baseline from the same run (DESIGN.md, Performance).

/** The station's businesses, the same for the same seed: generated again for the baselines. */
function stationRows(n: number, station: string) {
  const r = rng(11);
  return Array.from({ length: n }, (_, i) => {
    const b = businessName(r, '景山');
    return {
      officeId: station,
      name: b.name,
      type: b.type,
      address: `景山街道古岸头路${i}号`,
      legalRep: chineseName(r, 'M'),
      food: b.food,
      regNo: String(330304000000000 + i),
    };
  });
}

async function hubWithStation(n: number) {
  const hub = await new HubProcess().start();
  const county = await desk();
  const bureau = (await county.call('auth.me', {})).officeId;
  const station = (await county.call('offices.create', { name: '景山市场监管所', code: '330304' })).id;
  // Rows enter through the write path on the county desk, then reach the hub by a real push.
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench' };
  county.core.sqlite.transaction(() => {
    for (const v of stationRows(n, station)) county.core.services.writer.create(business, v, ctx);
  })();
  await county.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: 'county', allowInsecure: false });
  await county.sync();
  // The desktop under test is then the only core in this process, as in the app's main process:
  // a second core's heap would lengthen every garbage collection the pull's transactions meet.
  await county.core.close({ backup: false });
  return { hub, station };
}

export async function benchSync(n = 50_000): Promise<Row[]> {
  const out: Row[] = [];
  const { hub, station } = await hubWithStation(n);

  // 1. Initial sync of a station's scope into a fresh desktop.
  const code = hub.enroll(station);
  // Timed from the new desktop's first start: set-up, enrolment, the whole download.
  // The process's garbage-collection pauses during the download, beside its longest transaction:
  // a transaction that meets a full collection lasts at least as long as the pause.
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const t0 = performance.now();
  const fresh = await desk({ join: { hub, code }, name: 'fresh' });
  const pullMs = performance.now() - t0;
  gc.disconnect();
  const got = (fresh.core.sqlite.prepare('SELECT count(*) n FROM business').get() as { n: number }).n;
  const st = await fresh.call('sync.status', {});
  const rows = stationRows(n, station);
  // Baselines: the same rows bulk-inserted by raw better-sqlite3 in one transaction, into the
  // desktop's own schema (its indexes and the search-index triggers every business row feeds),
  // and, for reference, into a bare table with no index at all.
  const blank = await desk({ name: 'blank' });
  const insApp = blank.core.sqlite.prepare(
    'INSERT INTO business (id, office_id, created_at, updated_at, reg_no, name, type, address, legal_rep, food, risk_level, status, credit_check_failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
  );
  const t1 = performance.now();
  blank.core.sqlite.transaction(() => {
    rows.forEach((v, i) =>
      insApp.run(
        `id-${i}`,
        station,
        'now',
        'now',
        v.regNo as string,
        v.name as string,
        v.type as string,
        v.address as string,
        v.legalRep as string,
        v.food ? 1 : 0,
        'low',
        'active',
      ),
    );
  })();
  const appMs = performance.now() - t1;
  await blank.core.close({ backup: false });
  const raw = new Database(path.join(tempDir(), 'raw.sqlite'));
  raw.exec(
    'CREATE TABLE business (id TEXT PRIMARY KEY, office_id TEXT, created_at TEXT, updated_at TEXT, deleted_at TEXT, credit_code TEXT, credit_check_failed INTEGER, reg_no TEXT, name TEXT, type TEXT, address TEXT, legal_rep TEXT, phone TEXT, food INTEGER, risk_level TEXT, status TEXT, zone_id TEXT, grid_id TEXT)',
  );
  const ins = raw.prepare('INSERT INTO business VALUES (?, ?, ?, ?, NULL, NULL, 0, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL)');
  const t1b = performance.now();
  raw.transaction(() => {
    rows.forEach((v, i) =>
      ins.run(
        `id-${i}`,
        station,
        'now',
        'now',
        v.regNo as string,
        v.name as string,
        v.type as string,
        v.address as string,
        v.legalRep as string,
        v.food ? 1 : 0,
        'low',
        'active',
      ),
    );
  })();
  const rawMs = performance.now() - t1b;
  raw.close();
  out.push({
    bench: `initial sync of a station scope (${got.toLocaleString('en')} rows)`,
    measure: 'rows/s',
    value: fmt(got / (pullMs / 1000), 0),
    baseline: `${fmt(n / (appMs / 1000), 0)} (raw insert into the desktop schema, 1 tx)`,
    ratio: fmt(appMs / pullMs, 3),
    target: 'ratio ≥ 0.3',
  });
  out.push({
    bench: '  same, against a bare table (no index, no search triggers)',
    measure: 'rows/s',
    value: fmt(got / (pullMs / 1000), 0),
    baseline: `${fmt(n / (rawMs / 1000), 0)} (raw insert, bare table)`,
    ratio: fmt(rawMs / pullMs, 3),
    target: '—',
  });
  out.push({ bench: 'longest local transaction during that sync', measure: 'ms', value: fmt(st.maxTxMs, 1), baseline: '—', ratio: '—', target: '≤ 50 ms' });
  out.push({ bench: '  longest garbage-collection pause during that sync', measure: 'ms', value: fmt(gcMaxMs, 1), baseline: '—', ratio: '—', target: '—' });

  // 2. Thirty days offline, 20k edits, then one catch-up.
  fresh.online.value = false;
  const ids = fresh.core.sqlite.prepare('SELECT id, name FROM business LIMIT 2000').all() as { id: string; name: string }[];
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench' };
  for (let i = 0; i < 20_000; i++) fresh.core.services.writer.update(business, ids[i % ids.length]!.id, { phone: `1350000${String(i).padStart(4, '0')}` }, ctx);
  fresh.online.value = true;
  const t2 = performance.now();
  const after = await fresh.sync();
  const catchMs = performance.now() - t2;
  out.push({
    bench: '30-day catch-up, 20,000 ops',
    measure: 's',
    value: fmt(catchMs / 1000, 2),
    baseline: '—',
    ratio: '—',
    target: after.pending === 0 ? 'all acknowledged' : `${after.pending} left`,
  });
  await fresh.core.close({ backup: false });

  // 3. Hub throughput: 100 devices pushing and pulling at once.
  const devices = 100;
  const codes = hub.cli('enroll', '--office', station, '--count', String(devices)).match(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/g)!;
  const tokens: string[] = [];
  for (const code of codes) {
    const r = (await fetch(`${hub.url}enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: 'sim', claim: randomBytes(24).toString('base64url') }),
    }).then((x) => x.json())) as { token: string };
    tokens.push(r.token);
  }
  const lat: number[] = [];
  let accepted = 0;
  const rounds = 10;
  const perBatch = 50;
  // Whole, valid rows (the hub checks every op against the row shapes and refuses half rows).
  const rowIds = tokens.map(() => Array.from({ length: perBatch }, () => uuidv7(Date.now())));
  const t3 = performance.now();
  await Promise.all(
    tokens.map(async (token, d) => {
      let cursor = 0;
      for (let round = 0; round < rounds; round++) {
        const wall = String(Date.now()).padStart(15, '0');
        const at = new Date().toISOString();
        const ops = Array.from({ length: perBatch }, (_, k) => ({
          opId: `sim-${d}-${round}-${k}-${wall}`,
          table: 'business',
          rowId: rowIds[d]![k]!,
          officeId: station,
          columns: { id: rowIds[d]![k]!, name: `模拟主体${d}-${k}`, phone: `1${round}${k}`, office_id: station, created_at: at, updated_at: at },
          hlc: `${wall}-${String(round * perBatch + k).padStart(6, '0')}-sim${d}`,
          schemaVersion: SCHEMA_VERSION,
        }));
        const s = performance.now();
        const r = (await fetch(`${hub.url}push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ schemaVersion: SCHEMA_VERSION, ops }),
        }).then((x) => x.json())) as { accepted: string[] };
        lat.push(performance.now() - s);
        accepted += r.accepted.length;
        const s2 = performance.now();
        const p = (await fetch(`${hub.url}pull`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ cursor, limit: 200, schemaVersion: SCHEMA_VERSION }),
        }).then((x) => x.json())) as { cursor: number };
        lat.push(performance.now() - s2);
        cursor = p.cursor;
      }
    }),
  );
  const hubMs = performance.now() - t3;
  lat.sort((a, b) => a - b);
  out.push({
    bench: `hub, ${devices} devices × ${rounds} push+pull`,
    measure: 'ops/s accepted',
    value: fmt(accepted / (hubMs / 1000), 0),
    baseline: `p95 request ${fmt(percentile(lat, 95), 0)} ms`,
    ratio: '—',
    target: '≥ 2,000 ops/s',
  });
  await hub.stop();
  return out;
}
