import path from 'node:path';
import { PassThrough } from 'node:stream';
import { monitorEventLoopDelay, PerformanceObserver, performance as perfHooks } from 'node:perf_hooks';

const eventLoopUtilization = perfHooks.eventLoopUtilization.bind(perfHooks);
import ExcelJS from 'exceljs';
import { generateCounty, businessName, chineseName, rng } from '../resources/sample/county';
import { creditCheckChar } from '../shared/domain/credit-code';
import { uuidv7 } from '../shared/domain/uuid';
import { createCore, type Core } from '../electron/core/create-core';
import { fmt, percentile, tempDir, type Row } from './lib';

const ADMIN = { role: 'admin' as const, officeId: '', cadreId: null };

const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A distinct, valid credit code for each n: n written in the code's own base-31 alphabet. */
function code(n: number, kind: string) {
  let id = '';
  for (let i = 0, m = n; i < 9; i++, m = Math.floor(m / 31)) id = ALPHA[m % 31] + id;
  const body = `${kind}330304${id}`;
  return body + creditCheckChar(body);
}

export async function coreWithStations(dir: string, dbKey?: string | null): Promise<{ core: Core; stations: string[] }> {
  const core = createCore({ dbPath: path.join(dir, 'county.sqlite'), backupDir: null, dbKey });
  await core.dispatch('auth.setup', { bureauName: '基准县局', bureauCode: '330304', username: 'bench', displayName: 'bench', password: 'Qz#2026-Ouhai' });
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench' };
  const stations = generateCounty({ stations: 15 }).stations.map(
    (s) => core.services.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx).id,
  );
  return { core, stations };
}

/** Bulk-load n synthetic businesses straight into SQLite (the search index triggers still run). */
export function bulkBusinesses(core: Core, stations: string[], n: number, seed: number) {
  const r = rng(seed);
  const ins = core.sqlite.prepare(
    `INSERT INTO business (id, office_id, created_at, updated_at, credit_code, credit_check_failed, name, type, address, legal_rep, food, risk_level, status)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 'low', 'active')`,
  );
  const now = new Date().toISOString();
  const towns = ['景山', '新桥', '娄桥', '梧田', '南白象', '茶山', '潘桥', '郭溪', '瞿溪', '泽雅', '仙岩', '丽岙'];
  const roads = ['温瞿东路', '南白象大道', '梧慈路', '娄桥路', '古岸头路', '茶山大道', '瓯海大道', '温州大道'];
  const names: string[] = [];
  const batch = 20_000;
  for (let start = 0; start < n; start += batch) {
    core.sqlite.transaction(() => {
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const town = towns[i % towns.length]!;
        const b = businessName(r, town);
        names.push(b.name);
        ins.run(
          uuidv7(Date.now()),
          stations[i % stations.length],
          now,
          now,
          code(i + 1, b.kind),
          b.name,
          b.type,
          `温州市瓯海区${town}街道${roads[i % roads.length]}${1 + (i % 500)}号`,
          chineseName(r, i % 2 ? 'M' : 'F'),
          b.food ? 1 : 0,
        );
      }
    })();
  }
  return names;
}

export function searchLatency(core: Core, names: string[], len: number, runs: number) {
  const r = rng(99 + len);
  const lat: number[] = [];
  for (let i = 0; i < runs; i++) {
    const name = names[Math.floor(r() * names.length)]!.replace(/^温州市瓯海区|^温州/, '');
    const at = Math.floor(r() * Math.max(1, name.length - len));
    const q = name.slice(at, at + len);
    const s = performance.now();
    core.services.businesses.search(ADMIN, { q, offset: 0, limit: 100 });
    lat.push(performance.now() - s);
  }
  return lat.sort((a, b) => a - b);
}

export async function benchSearch(sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const { core, stations } = await coreWithStations(tempDir());
    const t0 = performance.now();
    const names = bulkBusinesses(core, stations, n, 5);
    const loadMs = performance.now() - t0;
    core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // Baseline in the same run: a plain LIKE scan, what the index replaces.
    const like = [] as number[];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      core.sqlite.prepare("SELECT id FROM business WHERE name LIKE '%华兴%' OR address LIKE '%华兴%' LIMIT 100 OFFSET 0").all();
      core.sqlite.prepare("SELECT count(*) FROM (SELECT 1 FROM business WHERE name LIKE '%华兴%' OR address LIKE '%华兴%' LIMIT 10001)").get();
      like.push(performance.now() - s);
    }
    like.sort((a, b) => a - b);
    for (const len of [2, 4]) {
      const lat = searchLatency(core, names, len, 200);
      rows.push({
        bench: `search ${n.toLocaleString('en')} businesses, ${len}-char`,
        measure: 'p50 / p95 ms',
        value: `${fmt(percentile(lat, 50))} / ${fmt(percentile(lat, 95))}`,
        baseline: `${fmt(percentile(like, 50))} (LIKE scan p50)`,
        ratio: fmt(percentile(like, 50) / percentile(lat, 95), 1) + '× faster',
        target: n >= 1_000_000 ? 'p95 ≤ 30 ms' : '—',
      });
    }
    rows.push({
      bench: `bulk load ${n.toLocaleString('en')} with search index`,
      measure: 'rows/s',
      value: fmt(n / (loadMs / 1000), 0),
      baseline: '—',
      ratio: '—',
      target: '—',
    });
    await core.close({ backup: false });
  }
  return rows;
}

/**
 * The registry-shaped workbook, as base64. Built in its own scope: the writer's shared-string
 * table (every distinct cell of the file) is garbage by the time the import starts, instead of
 * staying live in the heap whose collections the stall figure measures.
 */
async function registryXlsx(rows: () => Generator<string[]>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('市场主体');
  ws.addRow(['温州市瓯海区市场主体名录']).commit();
  ws.addRow(['统一社会信用代码（注册号）', '企业名称', '主体类型', '住所', '法定代表人', '食品经营', '登记状态', '成立日期']).commit();
  for (const row of rows()) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks).toString('base64');
}

/**
 * A registry-shaped import of n rows through the real path (preview and commit on the import
 * worker, every row through the synced write path), beside a bulk load of the same rows into
 * the desktop schema with its search index, in the same run; and the longest stall of the
 * thread that answers calls while the import runs.
 */
export async function benchImport(n: number): Promise<Row[]> {
  const dir = tempDir();
  const { core, stations } = await coreWithStations(dir);
  // The rows come from a seeded generator, twice: the bench holds no copy of them while the
  // import runs, so its own garbage does not show as the app's stall.
  function* rows() {
    const r = rng(3);
    for (let i = 0; i < n; i++) {
      const b = businessName(r, '娄桥');
      yield [
        code(i + 1, b.kind),
        b.name,
        b.type,
        `娄桥街道古岸头路${i}号`,
        chineseName(r, 'M'),
        b.food ? '是' : '否',
        i % 7 ? '存续（在营、开业、在册）' : '在业',
        `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`,
      ];
    }
  }
  const b64 = await registryXlsx(rows);
  const session = (await core.dispatch('auth.login', { username: 'bench', password: 'Qz#2026-Ouhai' })) as { ok: true; value: { sessionToken: string } };
  const call = async (m: string, i: unknown) => {
    const res = await core.dispatch(m, i, { sessionToken: session.value.sessionToken });
    if (!res.ok) throw new Error(`${m}: ${JSON.stringify(res.error)}`);
    return res.value as Record<string, unknown>;
  };
  const lag = monitorEventLoopDelay({ resolution: 5 });
  // Warm the worker (thread start, module load) so the figures are the import's own.
  await core.dispatch(
    'businesses.importPreview',
    { officeId: stations[0], fileName: 'x.csv', fileBase64: Buffer.from('企业名称,注册号\n甲,330304000000001\n').toString('base64') },
    { sessionToken: session.value.sessionToken },
  );
  // The same loop left idle for 5 s first, in the same run: what the shared machine's scheduling
  // alone costs the thread.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((res) => setTimeout(res, 5_000));
  idle.disable();
  // Where the longest stall fell: the phase the job was in when the loop came back late.
  let phase = 'preview';
  let worst = { ms: 0, phase };
  const off = core.on('import.progress', (j) => (phase = j.phase));
  let last = performance.now();
  const gaps = setInterval(() => {
    const t = performance.now();
    if (t - last > worst.ms) worst = { ms: t - last, phase };
    last = t;
  }, 5);
  // This thread's own garbage collections meanwhile: the part of a stall that is its work.
  let gcMax = 0;
  const gcs = new PerformanceObserver((l) => {
    for (const e of l.getEntries()) gcMax = Math.max(gcMax, e.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  lag.enable();
  const elu0 = eventLoopUtilization();
  const t0 = performance.now();
  const p = await call('businesses.importPreview', { officeId: stations[0], fileName: 'big.xlsx', fileBase64: b64 });
  const t1 = performance.now();
  if (p.errorCount) throw new Error(`import preview has errors: ${JSON.stringify((p.issues as unknown[]).slice(0, 3))}`);
  const job = await call('imports.commit', { previewId: p.previewId });
  for (;;) {
    const j = await call('imports.job', { jobId: job.jobId });
    if (j.state !== 'running') {
      if (j.state !== 'done') throw new Error(`import ended ${j.state}: ${JSON.stringify(j.error)}`);
      break;
    }
    await new Promise((res) => setTimeout(res, 20));
  }
  const t2 = performance.now();
  lag.disable();
  clearInterval(gaps);
  gcs.disconnect();
  off();
  const busy = eventLoopUtilization(elu0).utilization;
  await core.close({ backup: false });

  // Baseline: the same rows bulk-loaded into the desktop's own schema (search index triggers
  // run), in one transaction per 20,000 rows.
  const base = await coreWithStations(tempDir());
  const ins = base.core.sqlite.prepare(
    `INSERT INTO business (id, office_id, created_at, updated_at, credit_code, credit_check_failed, name, type, address, legal_rep, food, risk_level, status, status_text, founded_on)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 'low', 'active', ?, ?)`,
  );
  const now = new Date().toISOString();
  const all = [...rows()];
  const t3 = performance.now();
  for (let start = 0; start < n; start += 20_000) {
    base.core.sqlite.transaction(() => {
      for (const d of all.slice(start, start + 20_000))
        ins.run(uuidv7(Date.now()), base.stations[0], now, now, d[0], d[1], d[2], d[3], d[4], d[5] === '是' ? 1 : 0, d[6] === '在业' ? null : d[6], d[7]);
    })();
  }
  const bulkMs = performance.now() - t3;
  await base.core.close({ backup: false });
  const total = t2 - t0;
  const stall = lag.max / 1e6;
  return [
    {
      bench: `import ${n.toLocaleString('en')} rows from a registry xlsx (worker)`,
      measure: 'read+validate / write s',
      value: `${fmt((t1 - t0) / 1000, 1)} / ${fmt((t2 - t1) / 1000, 1)}`,
      baseline: `${fmt(bulkMs / 1000, 2)} s (bulk load with search index)`,
      ratio: fmt(bulkMs / total, 2),
      target: `ratio ≥ 0.5 ${bulkMs / total >= 0.5 ? '✓' : '✗'}`,
    },
    {
      bench: 'longest main-thread stall during that import',
      measure: 'ms (p99; phase of the longest gap)',
      value: `${fmt(stall, 1)} (${fmt(lag.percentile(99) / 1e6, 1)}; ${worst.phase})`,
      baseline: `idle loop, same run: ${fmt(idle.max / 1e6, 1)} ms (p99 ${fmt(idle.percentile(99) / 1e6, 1)})`,
      ratio: '—',
      target: `≤ 50 ms ${stall <= 50 ? '✓' : '✗'}`,
    },
    {
      bench: 'main thread busy during that import',
      measure: 'event-loop utilisation; longest GC pause',
      value: `${fmt(busy * 100, 1)} %; ${fmt(gcMax, 1)} ms`,
      baseline: '—',
      ratio: '—',
      target: '—',
    },
  ];
}
