import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { business } from '../../electron/core/schema';
import { converge, countyWithTwoStations, desk, HubProcess, pushAs, shutDown, snapshot, type Desk } from './harness';

// Fault tests against a real hub process on 127.0.0.1 and three desktop cores, each with its
// own database file. Every scenario ends in the same assertion: all devices converge and no
// acknowledged edit is lost.

let hub: HubProcess;
let A: Desk; // county device (bureau)
let B: Desk; // station 1
let C: Desk; // station 2
let S1: string;
let S2: string;

const CADRE_COLS = ['office_id', 'name', 'post', 'status', 'phone', 'deleted_at'];

const cadreOn = (d: Desk, id: string) => d.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const scoped = (d: Desk, office: string) => Object.fromEntries(Object.entries(snapshot(d, 'cadre', CADRE_COLS)).filter(([, r]) => r.office_id === office));
const live = (d: Desk, office: string) =>
  Object.entries(scoped(d, office))
    .filter(([, r]) => r.deleted_at === null)
    .map(([id]) => id);

beforeAll(async () => {
  hub = await new HubProcess().start();
  const setup = await countyWithTwoStations(hub);
  expect(setup.pendingAfterFirstPush).toBe(0);
  ({ A, B, C, S1, S2 } = setup);
}, 120_000);

afterAll(() => shutDown(hub, A, B, C));

describe('enrolment and scope', () => {
  it('a station device receives its own station and county-wide reference data only', async () => {
    expect(Object.keys(scoped(B, S1))).toHaveLength(2);
    expect(Object.keys(scoped(B, S2))).toHaveLength(0);
    expect(Object.keys(scoped(C, S2))).toHaveLength(1);
    expect(B.core.sqlite.prepare('SELECT count(*) n FROM office').get()).toEqual({ n: 3 });
    expect(scoped(B, S1)).toEqual(scoped(A, S1));
  });

  it('8. refuses a row of another office, a forged token and a revoked one', async () => {
    const before = JSON.stringify(snapshot(A, 'cadre', CADRE_COLS));
    // B writes a cadre into station 2: its local write lands, the hub refuses it.
    await B.call('cadres.create', { officeId: S2, name: '越权', gender: 'F', birthDate: '1990-01-01' });
    await converge(B, A, C);
    expect(JSON.stringify(snapshot(A, 'cadre', CADRE_COLS))).toBe(before);
    // Refused: listed in 未能同步 with its reason, and gone from B, which may hold nothing of station 2.
    expect((await B.call('sync.rejected', {})).map((r) => [r.reason, r.columns.name])).toEqual([['out_of_scope', '越权']]);
    expect(Object.keys(scoped(B, S2))).toHaveLength(0);
    for (const r of await B.call('sync.rejected', {})) await B.call('sync.discardRejected', { opId: r.opId });
    const forged = await fetch(`${hub.url}pull`, {
      method: 'POST',
      headers: { authorization: 'Bearer forged', 'content-type': 'application/json' },
      body: JSON.stringify({ cursor: 0, schemaVersion: 4 }),
    });
    expect(forged.status).toBe(401);
    const d = await desk({ join: { hub, code: hub.enroll(S1) }, name: 'to-revoke' });
    const id = (await d.call('sync.status', {})).deviceId!;
    expect(hub.cli('revoke', id, '--lang', 'zh')).toContain(id);
    expect(
      hub
        .cli('devices')
        .split('\n')
        .find((l) => l.startsWith(id)),
    ).toContain('\trevoked\t');
    const st = await d.sync();
    expect(st.state).toBe('error');
    expect(st).toMatchObject({ notice: { key: 'syncCredentialsRevoked' }, hubError: { code: 'UNAUTHORIZED' } });
    // Enrolled again with a new code: what was said about the revoked credentials goes with them.
    const again = await d.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(S1), deviceName: 'to-revoke', allowInsecure: false });
    expect(again).toMatchObject({ notice: null, hubError: null, error: null });
    expect(await d.sync()).toMatchObject({ state: 'idle', notice: null });
    await d.core.close({ backup: false });
  });
});

describe('convergence', () => {
  it('5. ordinary cells: last writer wins; different cells of one row both survive', async () => {
    const id = Object.keys(scoped(A, S1))[0]!;
    const row = cadreOn(A, id)!;
    const base = { id, officeId: S1, name: row.name as string, gender: 'M' as const, birthDate: '1985-01-01', post: row.post as string };
    await B.call('cadres.update', { ...base, phone: '13800000001' });
    // Each device stamps with the hub's time as it measured it at its last hello, which is exact
    // only to half a round trip: on a loaded machine, edits a few milliseconds apart may swap.
    await new Promise((r) => setTimeout(r, 1000));
    await A.call('cadres.update', { ...base, phone: '13800000002' }); // later: wins
    await converge(B, A, C);
    expect(cadreOn(A, id)!.phone).toBe('13800000002');
    expect(cadreOn(B, id)!.phone).toBe('13800000002');
    // Different cells: B renames, A changes the phone; both land.
    const now = cadreOn(A, id)!;
    await B.call('cadres.update', { ...base, name: '张伟（一）', phone: now.phone as string });
    await A.call('cadres.update', { ...base, phone: '13900000003' });
    await converge(B, A);
    for (const d of [A, B]) expect(cadreOn(d, id)).toMatchObject({ name: '张伟（一）', phone: '13900000003' });
  });

  it('5. the same sensitive cell edited on two devices is recorded as a conflict and resolved from the review list', async () => {
    const id = Object.keys(scoped(A, S1))[1]!;
    const row = cadreOn(B, id)!;
    const base = { id, officeId: S1, name: row.name as string, gender: 'M' as const, birthDate: '1985-01-01', phone: row.phone as string | null };
    await A.call('cadres.update', { ...base, post: '食品安全监管岗' });
    await B.call('cadres.update', { ...base, post: '执法办案岗' });
    await A.sync();
    await B.sync();
    await converge(A, B);
    // The hub kept A's value and recorded B's for review.
    expect(cadreOn(A, id)!.post).toBe('食品安全监管岗');
    const list = await B.call('sync.conflicts', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ column: 'post', current: { value: '食品安全监管岗' }, incoming: { value: '执法办案岗' } });
    await B.call('sync.resolve', { conflictId: list[0]!.id, choice: 'incoming' });
    await converge(B, A, B);
    for (const d of [A, B]) expect(cadreOn(d, id)!.post).toBe('执法办案岗');
    expect(await A.call('sync.conflicts', {})).toHaveLength(0);
    expect(await B.call('sync.conflicts', {})).toHaveLength(0);
  });

  it('6. delete against edit: the tombstone and the edit both land, the row is deleted everywhere', async () => {
    const c = await A.call('cadres.create', { officeId: S1, name: '赵六', gender: 'M', birthDate: '1990-02-02' });
    await converge(A, B);
    await A.call('cadres.remove', { id: c.id });
    await B.call('cadres.update', { id: c.id, officeId: S1, name: '赵六', gender: 'M', birthDate: '1990-02-02', phone: '13700000000' });
    await converge(A, B, A);
    for (const d of [A, B]) {
      expect(cadreOn(d, c.id)!.deleted_at).not.toBeNull();
      expect(cadreOn(d, c.id)!.phone).toBe('13700000000');
    }
  });

  it('7. a cadre who moves to another station leaves the old station’s device and reaches the new one', async () => {
    const c = await A.call('cadres.create', { officeId: S1, name: '调动人员', gender: 'F', birthDate: '1991-03-03' });
    await converge(A, B, C);
    expect(cadreOn(B, c.id)).toBeDefined();
    await A.call('cadres.update', { id: c.id, officeId: S2, name: '调动人员', gender: 'F', birthDate: '1991-03-03' });
    await converge(A, B, C);
    expect(cadreOn(B, c.id)).toBeUndefined();
    expect(cadreOn(C, c.id)).toMatchObject({ office_id: S2 });
  });
});

describe('initial sync', () => {
  it('a large scope arrives over several pages in many short transactions, with its search index whole and merges restored', async () => {
    const ctx = { actor: { id: null, name: 'test' }, method: 'test' };
    const ids: string[] = [];
    A.core.sqlite.transaction(() => {
      for (let i = 0; i < 1200; i++)
        ids.push(
          A.core.services.writer.create(
            business,
            { officeId: S1, name: `景山测试商行${i}号`, address: `景山街道测试路${i}号`, regNo: String(330304100000000 + i) },
            ctx,
          ).id,
        );
    })();
    // Thirty move to the other station half-way: evictions inside the pages.
    for (const id of ids.slice(600, 630)) A.core.services.writer.update(business, id, { officeId: S2 }, ctx);
    await A.sync();
    const d = await desk({ join: { hub, code: hub.enroll(S1) }, name: '新装机' });
    const count = (x: Desk, office: string) =>
      (x.core.sqlite.prepare('SELECT count(*) n FROM business WHERE office_id = ? AND deleted_at IS NULL').get(office) as { n: number }).n;
    expect(count(d, S1)).toBe(count(A, S1));
    expect(count(d, S1)).toBeGreaterThanOrEqual(1170);
    expect(count(d, S2)).toBe(0);
    // Every row reached the search index, and the index merges as usual again.
    const q = (sql: string) => (d.core.sqlite.prepare(sql).get() as { n: number }).n;
    expect(q('SELECT count(*) n FROM business_search')).toBe(q('SELECT count(*) n FROM business'));
    expect(q('SELECT count(*) n FROM business_fts WHERE business_fts MATCH \'"测试"\'')).toBe(count(d, S1));
    expect(q("SELECT v AS n FROM business_fts_config WHERE k = 'automerge'")).toBe(4);
    expect(await d.call('sync.status', {})).toMatchObject({ pending: 0, error: null, progress: null });
    await d.core.close({ backup: false });
  }, 120_000);

  it('5b. a slow-link station loads a snapshot file, then catches up by ops', async () => {
    const file = path.join(hub.dataDir, 'snap.json.gz');
    expect(hub.cli('snapshot', file, '--office', S1)).toContain(file);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const d = await desk({ name: 'slow-link' });
    await d.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(S1), deviceName: 'slow', allowInsecure: false });
    await d.core.services.worker.stop();
    d.online.value = false;
    expect(await d.fail('sync.importSnapshot', { fileBase64: Buffer.from('not a snapshot').toString('base64') })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'snapshotInvalid', field: 'file' },
    });
    const r = await d.call('sync.importSnapshot', { fileBase64: fs.readFileSync(file).toString('base64') });
    expect(r.rows).toBeGreaterThan(2);
    expect(Object.keys(scoped(d, S1)).sort()).toEqual(Object.keys(scoped(A, S1)).sort());
    // A change made after the snapshot arrives by ops.
    const late = await A.call('cadres.create', { officeId: S1, name: '快照之后', gender: 'F', birthDate: '1994-04-04' });
    await A.sync();
    d.online.value = true;
    await d.sync();
    expect(cadreOn(d, late.id)).toMatchObject({ name: '快照之后' });
    await d.core.close({ backup: false });
  });
});

describe('faults', () => {
  it('1. a client cut off mid-push and a hub killed mid-batch both recover without loss or duplicates', async () => {
    // The client loses the hub's reply: its ops landed, but stay in its outbox.
    const lost = await B.call('cadres.create', { officeId: S1, name: '回执丢失', gender: 'F', birthDate: '1993-01-01' });
    B.loseReplies.value = true;
    expect((await B.sync()).pending).toBe(1);
    B.loseReplies.value = false;
    await converge(B, A);
    expect(Object.values(snapshot(A, 'cadre', CADRE_COLS)).filter((r) => r.name === '回执丢失')).toHaveLength(1);
    expect(cadreOn(A, lost.id)).toBeDefined();
    const names = Array.from({ length: 300 }, (_, i) => `批量${i}`);
    for (const n of names) await B.call('cadres.create', { officeId: S1, name: n, gender: 'M', birthDate: '1992-01-01' });
    // The hub dies while B is pushing.
    const pushing = B.sync();
    await new Promise((r) => setTimeout(r, 5));
    await hub.stop('SIGKILL');
    const st = await pushing;
    expect(['offline', 'idle']).toContain(st.state);
    await hub.start();
    await converge(B, A);
    const onA = Object.values(scoped(A, S1)).filter((r) => String(r.name).startsWith('批量'));
    expect(onA).toHaveLength(300);
    expect((await B.call('sync.status', {})).pending).toBe(0);
  });

  it('2. the same batch twice, and batches out of order, change nothing twice', async () => {
    const id = Object.keys(scoped(A, S1))[0]!;
    const push = async (ops: unknown[]) => (await pushAs(hub, B, { schemaVersion: 4, ops })).body;
    const wall = String(Date.now()).padStart(15, '0');
    const op = (n: number, phone: string) => ({
      opId: `op-${wall}-${n}`,
      table: 'cadre',
      rowId: id,
      officeId: S1,
      columns: { phone },
      hlc: `${wall}-00000${n}-manual`,
      schemaVersion: 4,
    });
    const newer = op(2, '13911112222');
    const older = op(1, '13900001111');
    expect((await push([newer])).accepted).toEqual([newer.opId]);
    expect((await push([newer])).accepted).toEqual([newer.opId]);
    expect((await push([older])).accepted).toEqual([older.opId]);
    await converge(A, B);
    for (const d of [A, B]) expect(cadreOn(d, id)!.phone).toBe('13911112222');
  });

  it('3. a clock 8 hours behind still converges; one 15 minutes ahead is corrected to the hub’s time and told why', async () => {
    const id = Object.keys(scoped(A, S2))[0]!;
    const row = cadreOn(C, id)!;
    C.offset.ms = -8 * 3600_000;
    await C.call('cadres.update', { id, officeId: S2, name: row.name as string, gender: 'M', birthDate: '1985-01-01', phone: '13600000008' });
    await converge(C, A);
    expect(cadreOn(A, id)!.phone).toBe('13600000008');
    C.offset.ms = 15 * 60_000;
    // The edit is made before any hello measured the new offset: stamped 15 minutes ahead.
    await C.call('cadres.update', { id, officeId: S2, name: row.name as string, gender: 'M', birthDate: '1985-01-01', phone: '13600000015' });
    const st = await C.sync();
    expect(st).toMatchObject({ state: 'idle', pending: 0, rejected: 0 });
    expect(st.notice?.key).toBe('syncClockSkew');
    expect([14, 15]).toContain(st.notice?.params.minutes);
    await A.sync();
    expect(cadreOn(A, id)!.phone).toBe('13600000015');
    C.offset.ms = 0;
    expect(await C.sync()).toMatchObject({ error: null, notice: null });
  });

  it('9. an older client meets a newer hub and turns read-only; a newer client’s unknown columns are kept pending', async () => {
    await hub.stop();
    await hub.start(['--min-schema', '99']);
    const st = await B.sync();
    expect(st.state).toBe('readonly');
    expect(st.notice).toEqual({ key: 'syncSchemaTooOld', params: { mine: expect.any(Number), min: 99 } });
    const refused = await B.fail('cadres.create', { officeId: S1, name: '只读', gender: 'M', birthDate: '1990-01-01' });
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', details: { reason: 'syncSchemaTooOld', readOnly: true, min: 99 } });
    // An import, which commits on a connection of its own, is previewed but not committed either.
    const csv = Buffer.from('注册号,企业名称\n330304000000777,只读期间的商店\n').toString('base64');
    const preview = (await B.call('businesses.importPreview', { officeId: S1, fileName: 'a.csv', fileBase64: csv })) as {
      previewId: string;
      errorCount: number;
    };
    expect(preview.errorCount).toBe(0);
    expect(await B.fail('imports.commit', { previewId: preview.previewId })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'syncSchemaTooOld', readOnly: true },
    });
    expect(B.core.sqlite.prepare("SELECT count(*) n FROM business WHERE name = '只读期间的商店'").get()).toEqual({ n: 0 });
    await hub.stop();
    await hub.start();
    expect((await B.sync()).state).toBe('idle');
    const wall = String(Date.now()).padStart(15, '0');
    const r = (
      await pushAs(hub, B, {
        schemaVersion: 5,
        ops: [
          {
            opId: `future-${wall}`,
            table: 'cadre',
            rowId: Object.keys(scoped(B, S1))[0],
            officeId: S1,
            columns: { hobby: '书法' },
            hlc: `${wall}-000000-future`,
            schemaVersion: 5,
          },
          {
            opId: `future2-${wall}`,
            table: 'inspection',
            rowId: 'x1',
            officeId: S1,
            columns: { result: 'ok' },
            hlc: `${wall}-000001-future`,
            schemaVersion: 5,
          },
        ],
      })
    ).body;
    expect(r.pending).toHaveLength(2);
    expect(r.rejected).toHaveLength(0);
  });

  it('10. garbage gets a clear error and leaves the hub’s data intact', async () => {
    const health = async () => (await fetch(`${hub.url}health`).then((r) => r.json())) as { rows: number; ops: number };
    const before = await health();
    const token = (B.core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.token'").get() as { value: string }).value;
    const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
      fetch(`${hub.url}push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: body as BodyInit,
      });
    for (const body of [
      'not json',
      JSON.stringify({ schemaVersion: 'x', ops: 'y' }),
      JSON.stringify({ schemaVersion: 4, ops: [{ opId: 1 }] }),
      JSON.stringify({
        schemaVersion: 4,
        ops: [{ opId: 'abcdefgh', table: 'DROP TABLE', rowId: 'r', officeId: 'o', columns: { a: 1 }, hlc: 'x', schemaVersion: 4 }],
      }),
    ]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect((await r.json()).error.message).toBeTruthy();
    }
    const huge = await post(Buffer.alloc(17 * 1024 * 1024, 32));
    expect(huge.status).toBe(413);
    const bomb = await post(zlib.gzipSync(Buffer.alloc(80 * 1024 * 1024, 32)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(400);
    expect(await health()).toEqual(before);
  });
  it('4. thirty days offline with 2,000 edits, then one sync', async () => {
    // Thirty days pass for everyone: the devices' clocks and the hub's.
    const month = 30 * 86_400_000;
    B.online.value = false;
    B.offset.ms = month;
    const ids = live(B, S1).slice(0, 100);
    for (let i = 0; i < 2000; i++) {
      const id = ids[i % ids.length]!;
      const r = cadreOn(B, id)!;
      await B.call('cadres.update', {
        id,
        officeId: S1,
        name: r.name as string,
        gender: 'M',
        birthDate: '1985-01-01',
        phone: `135${String(i).padStart(8, '0')}`,
      });
    }
    expect((await B.sync()).state).toBe('offline');
    await hub.stop();
    await hub.start(['--clock-offset-ms', String(month)]);
    A.offset.ms = month;
    B.online.value = true;
    const st = await B.sync();
    expect(st.pending).toBe(0);
    await converge(A, B);
    expect(scoped(A, S1)).toEqual(scoped(B, S1));
  }, 120_000);
});
