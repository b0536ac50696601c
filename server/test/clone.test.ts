import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../electron/core/test/helpers';
import { SCHEMA_VERSION } from '../../shared/sync/manifest';
import { converge, countyWithTwoStations, desk, HubProcess, hubPost, hubToken, shutDown, snapshot, type Desk } from './harness';

// Two copies of one installation: a station's data folder copied to a second PC (or one backup
// restored on two desks) holds the same device registration and HLC node. The copy that pushes
// first after the split keeps the registration; the other is refused with DEVICE_CLONED, nothing
// of its push lands, its edits wait in its outbox, and once enrolled as a device of its own (a
// new code) they reach the hub and every desk, with stamps of its own node. A lost reply is
// still a retry, not a copy. On SQLite, and on PostgreSQL with HUB_TEST_STORE=postgres.

let hub: HubProcess;
let A: Desk;
let B: Desk;
let C: Desk;
let B2: Desk | undefined;
let B3: Desk | undefined;
let S1: string;
let cadres: Record<string, string>;

const meta = (d: Desk, key: string) =>
  (d.core.sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
const phone = (d: Desk, id: string) => (d.core.sqlite.prepare('SELECT phone FROM cadre WHERE id = ?').get(id) as { phone: string | null }).phone;
/** cadres.update for a cadre as the desk holds it, with a new phone. */
function setPhone(d: Desk, id: string, phone: string) {
  const r = d.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(id) as Record<string, string | null>;
  return d.call('cadres.update', {
    id,
    officeId: r.office_id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    post: r.post,
    status: r.status,
    phone,
  } as never);
}

/** Closes a desk and copies its data folder (database, key, key store) to a new one; reopens both. */
async function copyInstallation(d: Desk, name: string): Promise<{ original: Desk; copy: Desk }> {
  const file = d.core.sqlite.name;
  await d.core.close({ backup: false });
  const dir = tempDir('bd-clone-');
  for (const f of fs.readdirSync(path.dirname(file))) fs.copyFileSync(path.join(path.dirname(file), f), path.join(dir, f));
  const original = await desk({ dbPath: file, existing: true, name });
  const copy = await desk({ dbPath: path.join(dir, path.basename(file)), existing: true, name: `${name}（副本）` });
  return { original, copy };
}

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C, S1, cadres } = await countyWithTwoStations(hub));
}, 120_000);

afterAll(async () => {
  await shutDown(hub, A, B, C, B2, B3);
});

describe('two copies of one installation', () => {
  it('refuses the second copy’s push, keeps its edits, and takes them once it is enrolled as a device of its own', async () => {
    // Waiting in the outbox when the folder is copied: both copies hold it.
    await setPhone(B, cadres['张伟']!, '13900000001');
    const copied = await copyInstallation(B, '景山所');
    B = copied.original;
    B2 = copied.copy;
    expect(meta(B2, 'sync.deviceId')).toBe(meta(B, 'sync.deviceId'));
    expect(meta(B2, 'node_id')).toBe(meta(B, 'node_id'));

    // The original pushes first: the shared edit and one of its own.
    await setPhone(B, cadres['李娜']!, '13900000002');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });

    // The copy's push (the shared edit again, and one of its own) is refused whole.
    await setPhone(B2, cadres['李娜']!, '13900000099');
    const s = await B2.sync();
    expect(s).toMatchObject({ state: 'error', pending: 2, hubError: { code: 'DEVICE_CLONED' } });
    await converge(A, B, C);
    expect(phone(A, cadres['李娜']!)).toBe('13900000002');
    expect(phone(A, cadres['张伟']!)).toBe('13900000001');
    // Refused every time, while it is a copy; the original carries on.
    expect((await B2.sync()).hubError?.code).toBe('DEVICE_CLONED');
    await setPhone(B, cadres['张伟']!, '13900000003');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    expect(hub.logs.some((l) => l.includes('a copy of an installation'))).toBe(true);

    // Enrolled as a device of its own: a new id, a node of its own, the chain anew; its waiting edit lands.
    const oldNode = meta(B2, 'node_id');
    await B2.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(S1), deviceName: '景山所二号机', allowInsecure: false });
    expect(meta(B2, 'sync.deviceId')).not.toBe(meta(B, 'sync.deviceId'));
    expect(meta(B2, 'node_id')).not.toBe(oldNode);
    const stamps = (B2.core.sqlite.prepare('SELECT hlc FROM outbox').all() as { hlc: string }[]).map((r) => r.hlc);
    expect(stamps.length).toBe(2);
    for (const h of stamps) expect(h.endsWith(`-${meta(B2, 'node_id')}`)).toBe(true);
    expect(await B2.sync()).toMatchObject({ state: 'idle', pending: 0 });
    await converge(A, B, C, B2);
    // The copy's edit of 李娜 came after the original's: it wins. Its stale copy of the shared
    // edit (张伟) is older than the original's later one, which stays.
    expect(phone(A, cadres['李娜']!)).toBe('13900000099');
    expect(phone(A, cadres['张伟']!)).toBe('13900000003');
    const cols = ['name', 'phone', 'office_id', 'deleted_at'];
    expect(snapshot(B2, 'cadre', cols)).toEqual(snapshot(B, 'cadre', cols));
    expect(snapshot(B, 'cadre', cols)).toEqual(Object.fromEntries(Object.entries(snapshot(A, 'cadre', cols)).filter(([, r]) => r.office_id === S1)));
  }, 120_000);

  it('takes a lost reply’s retry, twice over, as the same copy', async () => {
    await setPhone(B, cadres['张伟']!, '13900000010');
    B.loseReplies.value = true;
    expect((await B.sync()).state).not.toBe('idle');
    await setPhone(B, cadres['李娜']!, '13900000011'); // more ops in the retried push
    expect((await B.sync()).state).not.toBe('idle');
    B.loseReplies.value = false;
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    await converge(A, B);
    expect(phone(A, cadres['张伟']!)).toBe('13900000010');
    expect(phone(A, cadres['李娜']!)).toBe('13900000011');
  }, 60_000);

  it('refuses a push with a forged or dropped chain token, and a malformed one, changing nothing', async () => {
    const token = hubToken(B);
    const op = (n: number) => ({
      opId: `forged-op-${n}-${Date.now()}`,
      table: 'cadre',
      rowId: cadres['张伟']!,
      officeId: S1,
      columns: { phone: '13900000666' },
      hlc: `${String(Date.now()).padStart(15, '0')}-000000-forged`,
      schemaVersion: SCHEMA_VERSION,
    });
    for (const body of [
      { schemaVersion: SCHEMA_VERSION, ops: [op(1)], chain: 'not-the-token-the-hub-gave' },
      { schemaVersion: SCHEMA_VERSION, ops: [op(2)], chain: null },
      { schemaVersion: SCHEMA_VERSION, ops: [op(3)] },
    ]) {
      const r = await hubPost(hub, '/push', token, body);
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe('DEVICE_CLONED');
    }
    expect((await hubPost(hub, '/push', token, { schemaVersion: SCHEMA_VERSION, ops: [op(4)], chain: 42 })).status).toBe(400);
    // None of them moved the chain: the real desk carries on.
    await setPhone(B, cadres['李娜']!, '13900000012');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    await converge(A, B);
    expect(phone(A, cadres['张伟']!)).toBe('13900000010');
    expect(phone(A, cadres['李娜']!)).toBe('13900000012');
  }, 60_000);

  it('tells a copy that only reads apart at its pull, once the original has pushed twice since the split', async () => {
    const copied = await copyInstallation(B, '景山所');
    B = copied.original;
    B3 = copied.copy;
    // Nothing pushed since the split: the copy reads like the original.
    expect(await B3.sync()).toMatchObject({ state: 'idle', pending: 0 });
    // One push behind is what a desk whose push reply was lost presents too: let through.
    await setPhone(B, cadres['张伟']!, '13900000020');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    expect(await B3.sync()).toMatchObject({ state: 'idle', pending: 0 });
    expect(phone(B3, cadres['张伟']!)).toBe('13900000020');
    // Two pushes behind: a copy. Refused at its pull, it receives nothing more.
    await setPhone(B, cadres['张伟']!, '13900000021');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    expect(await B3.sync()).toMatchObject({ state: 'error', hubError: { code: 'DEVICE_CLONED' } });
    expect(phone(B3, cadres['张伟']!)).toBe('13900000020');
    expect(hub.logs.some((l) => l.includes('pull refused'))).toBe(true);
    // A forged token is refused at a pull too; a desk from before chains (none sent) and a restored
    // desk before its first push (rebase) are not checked there. The original carries on.
    const token = hubToken(B);
    const pull = (extra: Record<string, unknown>) => hubPost(hub, '/pull', token, { cursor: 0, limit: 1, schemaVersion: SCHEMA_VERSION, ...extra });
    expect((await pull({ chain: 'forged' })).body.error?.code).toBe('DEVICE_CLONED');
    expect((await pull({ chain: null })).status).toBe(409);
    expect((await pull({})).status).toBe(200);
    expect((await pull({ chain: 'forged', rebase: true })).status).toBe(200);
    expect((await pull({ chain: 42 })).status).toBe(400);
    await setPhone(B, cadres['张伟']!, '13900000022');
    expect(await B.sync()).toMatchObject({ state: 'idle', pending: 0 });
    await converge(A, B);
    expect(phone(A, cadres['张伟']!)).toBe('13900000022');
  }, 120_000);
});
