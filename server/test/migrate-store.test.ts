import path from 'node:path';
import { openKeyed } from '../../electron/core/db/cipher';
import { hubKey } from '../store/sqlite-store';
import { afterAll, describe, expect, it } from 'vitest';
import { converge, countyWithTwoStations, HubProcess, shutDown, snapshot, type Desk } from './harness';
import { freshPgDatabase, pgAvailable, pgQuery } from './pg';

// Moving a county from its SQLite hub to PostgreSQL (npm run hub -- migrate-store) while its
// devices are in the middle of syncing: one lost the reply of a push the old hub applied, one
// lost the reply of a pull, one has edits it has not pushed yet. After the move the same address
// serves from PostgreSQL; every device carries on with its token and its cursor.

const withPg = await pgAvailable('moving a county to PostgreSQL (server/test/migrate-store.test.ts)');

let old: HubProcess | undefined;
let moved: HubProcess | undefined;
const desks: Desk[] = [];
afterAll(async () => {
  await old?.stop();
  await shutDown(moved, ...desks);
});

const CADRE_COLS = ['office_id', 'name', 'post', 'status', 'phone', 'deleted_at'];
/** cadres.update for a cadre as a device holds it, with changes. */
function update(d: Desk, id: string, patch: Record<string, unknown>) {
  const r = d.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(id) as Record<string, string | null>;
  return d.call('cadres.update', {
    id,
    officeId: r.office_id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    post: r.post,
    status: r.status,
    phone: r.phone,
    ...patch,
  } as never);
}
const meta = (d: Desk, key: string) => (d.core.sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

describe.skipIf(!withPg)('migrate-store: a SQLite hub into PostgreSQL with devices mid-sync', () => {
  it('names the rows holding text PostgreSQL cannot keep, and stores U+FFFD for them only when asked', async () => {
    const hub = await new HubProcess(undefined, [], null).start();
    const { A, cadres } = await countyWithTwoStations(hub);
    desks.push(A);
    await hub.stop();
    // Written by a hub before it refused U+0000 (shared/domain/text.ts).
    const file = path.join(hub.dataDir, 'hub.sqlite');
    const db = openKeyed(file, hubKey(file));
    const docOf = (id: string) =>
      JSON.parse((db.prepare('SELECT doc FROM hub_row WHERE row_id = ?').get(id) as { doc: string }).doc) as Record<string, { value: unknown }>;
    const doc = docOf(cadres['张伟']!);
    doc.phone = { ...doc.phone, value: '139\u0000' };
    db.prepare('UPDATE hub_row SET doc = ? WHERE row_id = ?').run(JSON.stringify(doc), cadres['张伟']);
    db.close();
    const url = await freshPgDatabase();
    expect(() => hub.cli('migrate-store', '--from', hub.dataDir, '--to', url)).toThrow(new RegExp(`hub_row ${cadres['张伟']}`));
    expect((await pgQuery<{ n: number }>(url, 'SELECT count(*)::int n FROM hub_row'))[0]!.n).toBe(0);
    expect(hub.cli('migrate-store', '--from', hub.dataDir, '--to', url, '--replace-unstorable')).toContain('U+FFFD');
    const moved = await pgQuery<{ doc: string }>(url, 'SELECT doc FROM hub_row WHERE row_id = $1', [cadres['张伟']]);
    expect((JSON.parse(moved[0]!.doc) as Record<string, { value: unknown }>).phone!.value).toBe('139\uFFFD');
  });

  it('copies every op, row, eviction, device and cursor; devices continue without enrolling again and nothing lands twice', async () => {
    old = await new HubProcess(undefined, [], null).start();
    const { A, B, C, S1, S2, cadres } = await countyWithTwoStations(old);
    desks.push(A, B, C);
    // Some history: edits, a move (an eviction), and a sync round.
    await update(B, cadres['张伟']!, { phone: '13900000001' });
    await update(A, cadres['王强']!, { officeId: S1 });
    await converge(A, B, C);
    // Mid-sync: B's push lands on the old hub but its reply is lost; C's pull reply is lost; A has unpushed edits.
    await update(B, cadres['李娜']!, { phone: '13900000002' });
    B.faults.lose = (p) => p === '/push';
    await B.sync();
    B.faults.lose = undefined;
    expect((B.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n).toBeGreaterThan(0);
    C.faults.lose = (p) => p === '/pull';
    await A.call('cadres.create', { officeId: S2, name: '赵敏', gender: 'F', birthDate: '1991-03-03' });
    await A.sync();
    await C.sync();
    C.faults.lose = undefined;
    await update(A, cadres['张伟']!, { post: '执法办案岗' });
    const cursors = Object.fromEntries([A, B, C].map((d, i) => [i, Number(meta(d, 'sync.cursor'))]));
    const devices = [A, B, C].map((d) => meta(d, 'sync.deviceId'));
    const before = {
      stats: (await fetch(new URL('/health', old.url), { headers: { authorization: `Bearer ${meta(A, 'sync.token')}` } }).then((r) => r.json())) as {
        seq: number;
        ops: number;
        rows: number;
        devices: number;
      },
    };
    expect(Object.values(cursors).every((c) => c > 0)).toBe(true);

    // A hub still serving is not copied: edits it accepted during the copy would be lost.
    const url = await freshPgDatabase();
    expect(() => old!.cli('migrate-store', '--from', old!.dataDir, '--to', url)).toThrow(/still running/);
    const sqliteRows = (sql: string) => {
      const file = path.join(old!.dataDir, 'hub.sqlite');
      const db = openKeyed(file, hubKey(file), { readonly: true });
      try {
        return db.prepare(sql).all();
      } finally {
        db.close();
      }
    };

    // The move: stop the old hub, copy, start the new one on the same address.
    await old.stop();
    const anchors = sqliteRows('SELECT device_id, seq, hash FROM audit_anchor ORDER BY device_id');
    expect(anchors.length).toBeGreaterThan(0);
    const chains = sqliteRows('SELECT device_id, cur, prev, last_ops FROM push_chain ORDER BY device_id');
    expect(chains.length).toBeGreaterThan(0);
    const out = old.cli('migrate-store', '--from', old.dataDir, '--to', url, '--lang', 'en');
    // It names what it moved: the ops and the last seq, the figures a clerk checks against the old hub.
    const [{ n: ops }] = (await pgQuery(url, 'SELECT count(*)::int AS n FROM op')) as [{ n: number }];
    expect(/ (\d+) ops,/.exec(out)?.[1]).toBe(String(ops));
    expect(out).not.toContain('branchdesk:branchdesk');
    // The audit anchors come along: a truncated log is still told after the move.
    expect(await pgQuery(url, 'SELECT device_id, seq, hash FROM audit_anchor ORDER BY device_id')).toEqual(anchors);
    // So do the push chains: a copy of an installation is still told apart after the move.
    expect(await pgQuery(url, 'SELECT device_id, cur, prev, last_ops FROM push_chain ORDER BY device_id')).toEqual(chains);
    // A second run refuses: the target is no longer empty.
    expect(() => old!.cli('migrate-store', '--from', old!.dataDir, '--to', url)).toThrow(/already holds a hub/);
    moved = new HubProcess(undefined, [], url);
    moved.port = old.port;
    await moved.start();
    const after = (await fetch(new URL('/health', moved.url), { headers: { authorization: `Bearer ${meta(A, 'sync.token')}` } }).then((r) =>
      r.json(),
    )) as typeof before.stats & { store: string };
    expect(after).toMatchObject({ store: 'postgres', seq: before.stats.seq, ops: before.stats.ops, rows: before.stats.rows, devices: before.stats.devices });
    const counts = await pgQuery<{ t: string; n: number }>(
      url,
      "SELECT 'eviction' t, count(*)::int n FROM eviction UNION ALL SELECT 'device', count(*)::int FROM device",
    );
    expect(counts.find((c) => c.t === 'eviction')!.n).toBeGreaterThan(0);

    // Every device carries on: same device, same token, its cursor where it was.
    const pulled: number[] = [];
    for (const d of [A, B, C]) {
      const st = await d.sync();
      expect(st.state).toBe('idle');
      expect(st.error ?? null).toBeNull();
    }
    await converge(A, B, C);
    expect([A, B, C].map((d) => meta(d, 'sync.deviceId'))).toEqual(devices);
    for (const [i, d] of [A, B, C].entries()) {
      const c = Number(meta(d, 'sync.cursor'));
      expect(c).toBeGreaterThanOrEqual(cursors[i]!);
      pulled.push(c);
    }
    // B's re-sent ops got their first verdict (accepted), not a second application: one op each.
    const dup = await pgQuery<{ n: number }>(url, 'SELECT count(*)::int n FROM (SELECT op_id FROM op GROUP BY op_id HAVING count(*) > 1) x');
    expect(dup[0]!.n).toBe(0);
    expect((B.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n).toBe(0);
    // Everyone agrees, with the edits made before, during and after the move.
    const scoped = (d: Desk, office: string) => Object.fromEntries(Object.entries(snapshot(d, 'cadre', CADRE_COLS)).filter(([, r]) => r.office_id === office));
    expect(scoped(B, S1)).toEqual(scoped(A, S1));
    expect(scoped(C, S2)).toEqual(scoped(A, S2));
    expect(Object.values(scoped(C, S2)).map((r) => r.name)).toEqual(['赵敏']);
    expect(scoped(A, S1)[cadres['李娜']!]!.phone).toBe('13900000002');
    expect(scoped(A, S1)[cadres['张伟']!]).toMatchObject({ phone: '13900000001', post: '执法办案岗' });
    expect(scoped(B, S1)[cadres['王强']!]).toBeDefined();
    // And a new edit flows through the new store.
    await update(C, Object.keys(scoped(C, S2))[0]!, { phone: '13900000003' });
    await converge(C, A);
    expect(Object.values(scoped(A, S2))[0]!.phone).toBe('13900000003');
  });
});
