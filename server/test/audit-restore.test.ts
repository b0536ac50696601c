import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { tempDir } from '../../electron/core/test/helpers';
import { desk, HubProcess, PW, shutDown, type Desk } from './harness';

// A desk that syncs restores an older backup: its chain is the backup's from then on. The hub's
// anchor for the device sat on the newer, replaced chain; the desk tells the hub of the restore at
// its next sync (with the head it replaced), and the hub records the restore and takes the
// restored chain's head, instead of holding the replaced head against it forever. A truncation
// after that, without a restore, is still reported.

let hub: HubProcess;
let A: Desk;
let N: Core | null = null;
const dir = tempDir('bd-desk-');
const dbPath = path.join(dir, 'branch-desk.sqlite');
const usb = tempDir('bd-usb-');

beforeAll(async () => {
  hub = await new HubProcess().start();
  A = await desk({ dbPath });
  const bureau = (await A.call('auth.me', {})).officeId;
  await A.call('offices.create', { name: '景山市场监管所', code: '330304' });
  await A.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
  await A.sync();
}, 120_000);

afterAll(async () => {
  await N?.close({ backup: false });
  await shutDown(hub, A);
});

const hubAnchor = (c: Core) => c.services.anchoring.anchors().find((a) => a.source === 'hub') ?? null;

describe('the hub’s audit anchor after a restore', () => {
  it('follows the restored chain once the desk reports the restore; a later truncation is still reported', async () => {
    const backup = await A.call('backup.create', { folder: usb });
    expect(backup.integrity).toBe('ok');
    for (let i = 0; i < 8; i++) await A.call('offices.create', { name: `后来的第${i}所`, code: '330304' });
    await A.sync();
    const replacedHub = hubAnchor(A.core)!;
    const replacedHead = A.core.services.audit.head()!;
    expect(replacedHub.seq).toBeGreaterThanOrEqual(backup.auditHead! + 8);

    // The administrator restores the backup; the desk restarts on it.
    await A.call('backup.restore', { file: backup.file, confirm: true });
    await A.core.close({ backup: false });
    N = createCore({ dbPath, backupDir: null, hubFetch: (url, init) => fetch(url, init as RequestInit) });
    const login = await N.dispatch('auth.login', { username: 'admin', password: PW }, {});
    if (!login.ok) throw new Error(login.error.message);
    const ctx = { sessionToken: (login.value as { sessionToken: string }).sessionToken };
    const call = async (m: string, input: unknown) => {
      const r = await N!.dispatch(m as never, input as never, ctx);
      if (!r.ok) throw new Error(`${m}: ${r.error.code}`);
      return r.value as Record<string, unknown>;
    };
    expect(N.services.audit.head()!.seq).toBeLessThan(replacedHub.seq);
    expect(await call('audit.verify', {})).toMatchObject({ ok: true });

    // The next sync tells the hub; it takes the restored chain's head and keeps the restore on record.
    expect(await call('sync.now', {})).toMatchObject({ state: 'idle' });
    const head = N.services.audit.head()!;
    expect(hubAnchor(N)).toMatchObject({ seq: head.seq, hash: head.hash });
    expect(await call('audit.verify', {})).toMatchObject({ ok: true });
    expect(N.services.keystore.read().audit?.hubRestore).toBeUndefined();
    const restores = hub.auditRestores();
    expect(restores).toHaveLength(1);
    expect(restores[0]).toContain(`replaced ${replacedHead.seq}:${replacedHead.hash.slice(0, 12)}`);
    expect(restores[0]).toContain(`held ${replacedHub.seq}:${replacedHub.hash.slice(0, 12)}`);
    expect(restores[0]).toContain(`restored head ${N.services.audit.head()!.seq}`);
    expect(hub.logs.some((l) => l.includes('audit anchor moved to a restored chain'))).toBe(true);

    // And it stays so across later syncs and edits.
    await call('offices.create', { name: '恢复后新建的所', code: '330304' });
    await call('sync.now', {});
    expect(await call('audit.verify', {})).toMatchObject({ ok: true });
    expect(hubAnchor(N)!.seq).toBe(N.services.audit.head()!.seq);

    // A truncation after it, with no restore, still reads as one: the hub holds its anchor.
    const held = hubAnchor(N)!;
    N.sqlite.exec(`DELETE FROM audit_log WHERE seq > ${held.seq - 2}`);
    await call('sync.now', {});
    expect(hubAnchor(N)).toMatchObject({ seq: held.seq, hash: held.hash });
    expect(await call('audit.verify', {})).toMatchObject({ ok: false, problem: 'truncated', lastAnchoredSeq: held.seq });
    expect(hub.auditRestores()).toHaveLength(1);
  }, 120_000);
});
