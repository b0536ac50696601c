import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../electron/core/create-core';
import { newDbKey } from '../electron/core/db/db-key';
import { cadre } from '../electron/core/schema';
import { fmt, percentile, tempDir, type Row } from './lib';
import { bulkBusinesses, coreWithStations, searchLatency } from './zones.bench';

// The cost of encryption at rest (SQLite3 Multiple Ciphers, ChaCha20-Poly1305 per page): the
// synced write path and the business search, each on an encrypted and a plaintext database in
// the same run, as ratios (encrypted ÷ plain; above 1 is slower).

async function writes(core: Core, n: number): Promise<{ perSec: number; p50: number; p99: number; checkpointMs: number }> {
  await core.dispatch('auth.setup', { bureauName: '基准县局', bureauCode: '330304', username: 'bench', displayName: 'bench', password: 'Qz#2026-Ouhai' });
  const office = core.services.offices.bureauId();
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench.create' };
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    core.services.writer.create(
      cadre,
      { officeId: office, name: `干部${i}`, gender: i % 2 ? 'M' : 'F', birthDate: '1985-06-01', post: '综合监管岗', status: 'active', phone: null },
      ctx,
    );
    lat.push(performance.now() - s);
  }
  const ms = performance.now() - t0;
  // What a checkpoint costs: every page of the WAL written back (encrypted) into the file.
  const c0 = performance.now();
  core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointMs = performance.now() - c0;
  await core.close({ backup: false });
  lat.sort((a, b) => a - b);
  return { perSec: n / (ms / 1000), p50: percentile(lat, 50), p99: percentile(lat, 99), checkpointMs };
}

export async function benchEncryption(opts: { writes: number; businesses: number }): Promise<Row[]> {
  const rows: Row[] = [];
  // Two rounds, alternating, each side's better round kept: a shared machine's noise hits both.
  const round = (dbKey: string | null) => writes(createCore({ dbPath: path.join(tempDir(), 'w.sqlite'), backupDir: null, dbKey }), opts.writes);
  const runs = { enc: [] as Awaited<ReturnType<typeof writes>>[], plain: [] as Awaited<ReturnType<typeof writes>>[] };
  for (let i = 0; i < 2; i++) {
    runs.enc.push(await round(newDbKey()));
    runs.plain.push(await round(null));
  }
  const best = (r: typeof runs.enc) => r.reduce((a, b) => (b.perSec > a.perSec ? b : a));
  const enc1 = best(runs.enc);
  const plain1 = best(runs.plain);
  rows.push(
    {
      bench: `encryption: write path, ${opts.writes} creates`,
      measure: 'rows/s',
      value: fmt(enc1.perSec, 0),
      baseline: `${fmt(plain1.perSec, 0)} (plain)`,
      ratio: fmt(plain1.perSec / enc1.perSec, 2) + '× time',
      target: '—',
    },
    {
      bench: 'encryption: write path, per edit',
      measure: 'p50 / p99 ms',
      value: `${fmt(enc1.p50, 3)} / ${fmt(enc1.p99, 3)}`,
      baseline: `${fmt(plain1.p50, 3)} / ${fmt(plain1.p99, 3)} (plain)`,
      ratio: fmt(enc1.p99 / plain1.p99, 2) + '× p99',
      target: 'p99 ≤ 5 ms',
    },
    {
      bench: 'encryption: checkpoint after the creates',
      measure: 'ms',
      value: fmt(enc1.checkpointMs, 1),
      baseline: `${fmt(plain1.checkpointMs, 1)} (plain)`,
      ratio: fmt(enc1.checkpointMs / Math.max(0.1, plain1.checkpointMs), 2) + '×',
      target: '—',
    },
  );

  const search = async (dbKey: string | null) => {
    const { core, stations } = await coreWithStations(tempDir(), dbKey);
    const names = bulkBusinesses(core, stations, opts.businesses, 5);
    core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const warm = [2, 4].map((len) => searchLatency(core, names, len, 200));
    // A small page cache (a first search after start, a cache smaller than the index): more pages
    // come from the OS, and each is decrypted and its MAC checked.
    core.sqlite.pragma('cache_size = -512');
    core.sqlite.pragma('shrink_memory');
    const cold = [2, 4].map((len) => searchLatency(core, names, len, 200));
    // A backup of the same file: VACUUM INTO on a worker (encrypted) or SQLite's backup API (plain).
    const b0 = performance.now();
    const file = await core.backupNow(tempDir());
    const backupMs = performance.now() - b0;
    const mb = fs.statSync(file!).size / 2 ** 20;
    await core.close({ backup: false });
    return { warm, cold, backupMs, mb };
  };
  const e = await search(newDbKey());
  const p = await search(null);
  rows.push({
    bench: `encryption: backup of the ${opts.businesses.toLocaleString('en')}-business file (${fmt(e.mb, 0)} MB)`,
    measure: 'ms',
    value: `${fmt(e.backupMs, 0)} (VACUUM INTO, worker)`,
    baseline: `${fmt(p.backupMs, 0)} (plain, backup API)`,
    ratio: fmt(e.backupMs / p.backupMs, 2) + '×',
    target: '—',
  });
  for (const [i, len] of [2, 4].entries()) {
    for (const kind of ['warm', 'cold'] as const) {
      const a = e[kind][i]!;
      const b = p[kind][i]!;
      rows.push({
        bench: `encryption: search ${opts.businesses.toLocaleString('en')} businesses, ${len}-char, ${kind === 'warm' ? 'the app’s 32 MB page cache' : '2 MB page cache'}`,
        measure: 'p50 / p95 ms',
        value: `${fmt(percentile(a, 50))} / ${fmt(percentile(a, 95))}`,
        baseline: `${fmt(percentile(b, 50))} / ${fmt(percentile(b, 95))} (plain)`,
        ratio: fmt(percentile(a, 95) / percentile(b, 95), 2) + '× p95',
        target: '—',
      });
    }
  }
  return rows;
}
