import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desk, HubProcess, shutDown, type Desk } from './harness';

// The hub keeps each device's audit head. A device whose log lost its last rows, with every local
// anchor erased too (key store, meta), gets the hub's anchor back at the next sync and reports it.

let hub: HubProcess;
let A: Desk;

beforeAll(async () => {
  hub = await new HubProcess().start();
  A = await desk();
  const bureau = (await A.call('auth.me', {})).officeId;
  for (let i = 0; i < 5; i++) await A.call('offices.create', { name: `第${i}市场监管所`, code: '330304' });
  await A.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
  await A.sync();
}, 120_000);

afterAll(() => shutDown(hub, A));

const hubAnchor = (d: Desk) => d.core.services.anchoring.anchors().filter((a) => a.source === 'hub');

describe('the audit head anchored on the hub', () => {
  it('moves forward with each sync of an intact log', async () => {
    const first = hubAnchor(A)[0]!;
    expect(first.seq).toBeGreaterThan(5);
    await A.call('offices.create', { name: '新桥市场监管所', code: '330304' });
    await A.sync();
    const next = hubAnchor(A)[0]!;
    expect(next.seq).toBeGreaterThan(first.seq);
    expect(next.hash).toBe(A.core.services.audit.hashAt(next.seq));
    expect(await A.call('audit.verify', {})).toMatchObject({ ok: true, lastAnchoredSeq: expect.any(Number) });
  });

  it('reports a truncation after every local anchor is erased, naming the hub’s anchored row', async () => {
    const held = hubAnchor(A)[0]!;
    // A disk editor's work: the last rows gone, the key store and the table's own anchors with them.
    A.core.sqlite.exec(`DELETE FROM audit_log WHERE seq > ${held.seq - 3}; DELETE FROM local_meta WHERE key LIKE 'audit.%'`);
    fs.rmSync(A.core.services.keystore.file!);
    A.core.services.keystore.reload();
    expect(hubAnchor(A)).toEqual([]);
    await A.sync();
    // The hub did not move its anchor back: it answered with the head it holds.
    expect(hubAnchor(A)[0]).toMatchObject({ seq: held.seq, hash: held.hash });
    const v = await A.call('audit.verify', {});
    expect(v).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: held.seq - 2, lastAnchoredSeq: held.seq });
    // And it keeps saying so: later syncs of the shortened log do not wash the anchor away.
    await A.call('offices.create', { name: '景山市场监管所', code: '330304' });
    await A.sync();
    // The hub's anchor stays where it was. (The key store, erased, starts anchoring the shortened
    // log's new head within a second of a write, so the last anchored seq may be that one.)
    expect(hubAnchor(A)[0]).toMatchObject({ seq: held.seq, hash: held.hash });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await A.call('audit.verify', {})).toMatchObject({ ok: false, problem: 'truncated' });
  });
});
