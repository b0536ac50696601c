import path from 'node:path';
import Database from 'better-sqlite3';
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

async function coreWithStations(dir: string): Promise<{ core: Core; stations: string[] }> {
  const core = createCore({ dbPath: path.join(dir, 'county.sqlite'), backupDir: null });
  await core.dispatch('auth.setup', { bureauName: '基准县局', bureauCode: '330304', username: 'bench', displayName: 'bench', password: 'Qz#2026-Ouhai' });
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench' };
  const stations = generateCounty({ stations: 15 }).stations.map((s) => core.services.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx).id);
  return { core, stations };
}

/** Bulk-load n synthetic businesses straight into SQLite (the search index triggers still run). */
function bulkBusinesses(core: Core, stations: string[], n: number, seed: number) {
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
        ins.run(uuidv7(), stations[i % stations.length], now, now, code(i + 1, b.kind), b.name, b.type, `温州市瓯海区${town}街道${roads[i % roads.length]}${1 + (i % 500)}号`, chineseName(r, i % 2 ? 'M' : 'F'), b.food ? 1 : 0);
      }
    })();
  }
  return names;
}

function searchLatency(core: Core, names: string[], len: number, runs: number) {
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
    rows.push({ bench: `bulk load ${n.toLocaleString('en')} with search index`, measure: 'rows/s', value: fmt(n / (loadMs / 1000), 0), baseline: '—', ratio: '—', target: '—' });
    await core.close({ backup: false });
  }
  return rows;
}

export async function benchImport(n: number): Promise<Row[]> {
  const dir = tempDir();
  const { core, stations } = await coreWithStations(dir);
  const r = rng(3);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('市场主体');
  ws.addRow(['统一社会信用代码', '企业名称', '主体类型', '住所', '法定代表人', '食品经营']);
  const data: string[][] = [];
  for (let i = 0; i < n; i++) {
    const b = businessName(r, '娄桥');
    const row = [code(i + 1, b.kind), b.name, b.type, `娄桥街道古岸头路${i}号`, chineseName(r, 'M'), b.food ? '是' : '否'];
    data.push(row);
    ws.addRow(row);
  }
  const b64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const session = (await core.dispatch('auth.login', { username: 'bench', password: 'Qz#2026-Ouhai' })) as { ok: true; value: { sessionToken: string } };
  const t0 = performance.now();
  const p = await core.dispatch('businesses.importPreview', { officeId: stations[0], fileName: 'big.xlsx', fileBase64: b64 }, { sessionToken: session.value.sessionToken });
  const t1 = performance.now();
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  const pv = p.value as { errorCount: number; issues: unknown[] };
  if (pv.errorCount) throw new Error(`import preview has errors: ${JSON.stringify(pv.issues.slice(0, 3))}`);
  const c = await core.dispatch('businesses.importCommit', { previewId: (p.value as { previewId: string }).previewId }, { sessionToken: session.value.sessionToken });
  const t2 = performance.now();
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  await core.close({ backup: false });

  const raw = new Database(path.join(dir, 'raw.sqlite'));
  raw.exec('CREATE TABLE business (id TEXT PRIMARY KEY, office_id TEXT, credit_code TEXT, name TEXT, type TEXT, address TEXT, legal_rep TEXT, food INTEGER)');
  const ins = raw.prepare('INSERT INTO business VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const t3 = performance.now();
  raw.transaction(() => {
    for (const d of data) ins.run(uuidv7(), stations[0], d[0], d[1], d[2], d[3], d[4], d[5] === '是' ? 1 : 0);
  })();
  const rawMs = performance.now() - t3;
  raw.close();
  const total = t2 - t0;
  return [
    { bench: `import ${n.toLocaleString('en')} rows from xlsx`, measure: 'read+validate / write s', value: `${fmt((t1 - t0) / 1000, 1)} / ${fmt((t2 - t1) / 1000, 1)}`, baseline: `${fmt(rawMs / 1000, 2)} s (raw insert, 1 tx)`, ratio: fmt(rawMs / total, 4), target: '—' },
  ];
}
