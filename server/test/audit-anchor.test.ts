import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUDIT_LINKS } from '../../shared/sync/protocol';
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

  it('refuses a head that does not extend its anchor: the held hash repeated is no proof', async () => {
    const held = hubAnchor(A)[0]!;
    const token = (A.core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.token'").get() as { value: string }).value;
    const post = (body: unknown) =>
      fetch(new URL('/audit/anchor', hub.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Someone with the database and the token claims a forged head "after" the hub's anchor.
    const forged = { seq: held.seq + 5, hash: 'f'.repeat(64) };
    const res = await post({ head: forged, at: { seq: held.seq, hash: held.hash } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'AUDIT_UNLINKED', details: { anchor: { seq: held.seq, hash: held.hash } } } });
    expect(hub.logs.some((l) => l.includes('audit anchor refused'))).toBe(true);
    // Rows that do not link to the held hash: refused too.
    const fake = {
      seq: held.seq + 1,
      at: '2026-01-01T00:00:00.000Z',
      actorId: null,
      actorName: 'x',
      method: 'offices.create',
      entity: 'office',
      entityId: 'o',
      before: null,
      after: null,
    };
    expect((await post({ head: { seq: held.seq + 1, hash: 'e'.repeat(64) }, at: null, links: [fake] })).status).toBe(409);
    // The desk's own rows, proved from the anchor, move it; a long way ahead, a page at a time.
    for (let i = 0; i < 3; i++) await A.call('offices.create', { name: `又一个第${i}所`, code: '330304' });
    const req = A.core.services.anchoring.hubRequest();
    expect(req.links!.length).toBe(req.head!.seq - held.seq);
    await A.sync();
    expect(hubAnchor(A)[0]).toMatchObject(A.core.services.audit.head()!);
    // Far ahead (an import's rows): each request carries one page, and the sync walks them all.
    A.core.sqlite.transaction(() => {
      for (let i = 0; i < 1200; i++)
        A.core.services.audit.append({
          actor: { id: null, name: 'import' },
          method: 'roster.import',
          entity: 'cadre',
          entityId: `c${i}`,
          after: { name: 'x' },
        });
    })();
    expect(A.core.services.anchoring.hubRequest().links).toHaveLength(MAX_AUDIT_LINKS);
    await A.sync();
    expect(hubAnchor(A)[0]).toMatchObject(A.core.services.audit.head()!);

    // A desk with an older word of the hub's anchor (a reply lost) proves from the one the hub names.
    const now = A.core.services.audit.head()!;
    const stale = { seq: now.seq - 3, hash: A.core.services.audit.hashAt(now.seq - 3)! };
    A.core.sqlite.prepare("UPDATE local_meta SET value = ? WHERE key = 'audit.hub_anchor'").run(JSON.stringify(stale));
    A.core.services.keystore.update((k) => ({ ...k, audit: { ...k.audit, hub: stale } }));
    await A.call('offices.create', { name: '再一个所', code: '330304' });
    await A.sync();
    expect(hubAnchor(A)[0]).toMatchObject(A.core.services.audit.head()!);
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
