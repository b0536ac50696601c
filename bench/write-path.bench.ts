import path from 'node:path';
import Database from 'better-sqlite3';
import { uuidv7 } from '../shared/domain/uuid';
import { createCore } from '../electron/core/create-core';
import { cadre } from '../electron/core/schema';
import { fmt, percentile, tempDir, type Row } from './lib';

// Creating N cadres through the synced write path (row + outbox + audit, one transaction
// per edit, as the UI does) against a raw better-sqlite3 insert of the same rows in one
// transaction, measured in the same run.
export async function benchWritePath(n = 10_000): Promise<Row[]> {
  const dir = tempDir();
  const core = createCore({ dbPath: path.join(dir, 'write.sqlite'), backupDir: null });
  await core.dispatch('auth.setup', { bureauName: '基准县局', bureauCode: '330304', username: 'bench', displayName: 'bench', password: 'Qz#2026-Ouhai' });
  const office = core.services.offices.bureauId();
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench.create' };
  const rows = Array.from({ length: n }, (_, i) => ({
    officeId: office,
    name: `干部${i}`,
    gender: (i % 2 ? 'M' : 'F') as 'M' | 'F',
    birthDate: '1985-06-01',
    post: '综合监管岗',
    status: 'active' as const,
    phone: null,
  }));

  const lat: number[] = [];
  const t0 = performance.now();
  for (const r of rows) {
    const s = performance.now();
    core.services.writer.create(cadre, r, ctx);
    lat.push(performance.now() - s);
  }
  const writePathMs = performance.now() - t0;
  await core.close({ backup: false });

  const raw = new Database(path.join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE cadre (id TEXT PRIMARY KEY, office_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
    name TEXT NOT NULL, gender TEXT NOT NULL, birth_date TEXT NOT NULL, post TEXT, status TEXT NOT NULL, phone TEXT)`);
  const ins = raw.prepare('INSERT INTO cadre VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
  const t1 = performance.now();
  raw.transaction(() => {
    const now = new Date().toISOString();
    for (const r of rows) ins.run(uuidv7(Date.now()), r.officeId, now, now, r.name, r.gender, r.birthDate, r.post, r.status, r.phone);
  })();
  const rawMs = performance.now() - t1;
  raw.close();

  lat.sort((a, b) => a - b);
  return [
    {
      bench: `write path, ${n} creates`,
      measure: 'rows/s',
      value: fmt(n / (writePathMs / 1000), 0),
      baseline: fmt(n / (rawMs / 1000), 0) + ' (raw insert, 1 tx)',
      ratio: fmt(rawMs / writePathMs, 3),
      target: '—',
    },
    { bench: 'write path, per edit', measure: 'p50 ms', value: fmt(percentile(lat, 50), 3), baseline: '—', ratio: '—', target: '—' },
    { bench: 'write path, per edit', measure: 'p99 ms', value: fmt(percentile(lat, 99), 3), baseline: '—', ratio: '—', target: '≤ 5 ms' },
  ];
}
