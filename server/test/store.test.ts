import { createHash } from 'node:crypto';
import type { AuditLinkInput } from '../store/common';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { newDbKey } from '../../electron/core/db/db-key';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../electron/core/test/helpers';
import { createPgStore, isTransient, PG_MIGRATIONS } from '../store/pg-store';
import { createSqliteStore, HUB_KEY_FILE, hubKey } from '../store/sqlite-store';
import { StoreUnavailable, type HubStore } from '../store/store';
import { dropPgDatabases, freshPgDatabase, pgAvailable, pgQuery } from './pg';

const scope = { officeId: 'st-1', sensitivity: 'station' as const };
const none = () => null;
const follows = [{ table: 'appraisal', column: 'cadre_id' }];

const withPg = await pgAvailable('the hub store tests on PostgreSQL (server/test/store.test.ts)');
afterAll(() => dropPgDatabases());

const stores: [string, () => Promise<HubStore>][] = [
  ['SQLite', async () => createSqliteStore(path.join(tempDir('bd-hub-'), 'hub.sqlite'), { now: Date.now, countyWide: ['office'], follows, key: newDbKey() })],
  ...(withPg
    ? ([['PostgreSQL', async () => createPgStore(await freshPgDatabase(), { now: Date.now, countyWide: ['office'], follows })]] as [
        string,
        () => Promise<HubStore>,
      ][])
    : []),
];

describe('PostgreSQL errors tried again', () => {
  it('a lost connection or a restarting server is tried again; a message the protocol refused (08P01) is not', () => {
    expect(isTransient({ code: 'ECONNRESET' })).toBe(true);
    expect(isTransient({ code: '08006' })).toBe(true);
    expect(isTransient({ code: '57P01' })).toBe(true);
    expect(isTransient({ code: '08P01', message: 'bind message has 14478 parameter formats but 0 parameters' })).toBe(false);
    expect(isTransient({ code: '23505' })).toBe(false);
  });
});

describe('hub SQLite store', () => {
  it('is encrypted with its key: no plaintext in the file, refused without the key or with another, and a plaintext store is encrypted keeping its rows', async () => {
    const dir = tempDir('bd-hub-');
    const file = path.join(dir, 'hub.sqlite');
    // The hub's default: a key file made in its data folder on first start, owner-only.
    const key = hubKey(file, {});
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, HUB_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(hubKey(file, {})).toBe(key);
    const store = createSqliteStore(file, { now: Date.now, countyWide: ['office'], key });
    const code = await store.createEnrolment('st-1', 'station', 86_400_000);
    await store.batch((tx) => {
      tx.writeCell('business', 'b1', 'name', { value: '温州市瓯海区娄桥鑫达五金店', hlc: '000001764300000000-000001-dev-a', device: 'dev-a' });
      tx.touchRow('business', 'b1', 'st-1');
    });
    await store.close();
    const bytes = Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    for (const known of ['温州市瓯海区', 'hub_row', 'CREATE TABLE']) expect(bytes.includes(Buffer.from(known))).toBe(false);
    expect(code).toBeTruthy();
    const before = fs.readFileSync(file);
    expect(() => createSqliteStore(file, { now: Date.now, countyWide: ['office'] })).toThrow(expect.objectContaining({ code: 'DB_KEY_MISSING' }));
    expect(() => createSqliteStore(file, { now: Date.now, countyWide: ['office'], key: newDbKey() })).toThrow(
      expect.objectContaining({ code: 'DB_KEY_WRONG' }),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const again = createSqliteStore(file, { now: Date.now, countyWide: ['office'], key });
    expect((await again.pull(scope, 0, 10, none)).rows.map((r) => JSON.parse(r.cellsJson).name.value)).toEqual(['温州市瓯海区娄桥鑫达五金店']);
    await again.close();

    // A store from before encryption: encrypted at its first start with the key, nothing lost.
    const oldFile = path.join(tempDir('bd-hub-'), 'hub.sqlite');
    const plain = createSqliteStore(oldFile, { now: Date.now, countyWide: ['office'] });
    await plain.batch((tx) => {
      tx.writeCell('business', 'b2', 'name', { value: '瓯海面馆', hlc: '000001764300000000-000002-dev-a', device: 'dev-a' });
      tx.touchRow('business', 'b2', 'st-1');
    });
    await plain.close();
    expect(fs.readFileSync(oldFile).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const migrated = createSqliteStore(oldFile, { now: Date.now, countyWide: ['office'], key });
    expect((await migrated.pull(scope, 0, 10, none)).rows.map((r) => JSON.parse(r.cellsJson).name.value)).toEqual(['瓯海面馆']);
    await migrated.close();
    expect(fs.readFileSync(oldFile).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(fs.readFileSync(oldFile).includes(Buffer.from('瓯海面馆'))).toBe(false);
  });

  it('folds a store from the cell-per-row layout into row documents, keeping values, clocks and writers', async () => {
    const file = path.join(tempDir('bd-hub-'), 'hub.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE cell (table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL, device_id TEXT NOT NULL, PRIMARY KEY (table_name, row_id, col)) WITHOUT ROWID;
      CREATE TABLE row_state (table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (table_name, row_id)) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('seq', '7');
      INSERT INTO row_state VALUES ('business', 'b1', 'st-1', 7);
      INSERT INTO cell VALUES ('business', 'b1', 'name', '"瓯海小吃店"', '000001764300000000-000001-dev-a', 'dev-a'), ('business', 'b1', 'food', 'true', '000001764300000000-000002-dev-b', 'dev-b'), ('business', 'b1', 'phone', NULL, '000001764300000000-000003-dev-a', 'dev-a');`);
    old.close();
    const store = createSqliteStore(file, { now: Date.now, countyWide: ['office'] });
    const page = await store.pull(scope, 0, 10, none);
    expect(page).toMatchObject({ total: 1, more: false, cursor: 7 });
    expect(JSON.parse(page.rows[0]!.cellsJson)).toEqual({
      name: { value: '瓯海小吃店', hlc: '000001764300000000-000001-dev-a' },
      food: { value: true, hlc: '000001764300000000-000002-dev-b' },
      phone: { value: null, hlc: '000001764300000000-000003-dev-a' },
    });
    // The writer of each cell survives: a later write by another device sees it.
    await store.batch((tx) => {
      expect(tx.cell('business', 'b1', 'food')).toEqual({ value: true, hlc: '000001764300000000-000002-dev-b', device: 'dev-b' });
      tx.writeCell('business', 'b1', 'name', { value: '瓯海面馆', hlc: '000001764300000001-000000-dev-c', device: 'dev-c' });
      tx.touchRow('business', 'b1', 'st-1');
    });
    const again = await store.pull(scope, 7, 10, none);
    expect(again.rows.map((r) => [r.seq, JSON.parse(r.cellsJson).name.value])).toEqual([[8, '瓯海面馆']]);
    await store.close();
    const db = new Database(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('cell', 'row_state')").all()).toEqual([]);
    db.close();
  });
});

describe.each(stores)('hub store on %s', (_name, open) => {
  it('pages a station scope in server_seq order across its own rows and county-wide tables, and hides personal cells', async () => {
    const store = await open();
    await store.batch((tx) => {
      for (let i = 0; i < 5; i++) {
        const table = i % 2 ? 'office' : 'cadre';
        const office = i === 4 ? 'st-2' : 'st-1';
        tx.writeCell(table, `r${i}`, 'name', { value: `行${i}`, hlc: `00000176430000000${i}-000000-d`, device: 'd' });
        if (table === 'cadre') tx.writeCell(table, `r${i}`, 'id_number', { value: '330304199001010011', hlc: `00000176430000000${i}-000000-d`, device: 'd' });
        tx.touchRow(table, `r${i}`, office);
      }
    });
    const hidden = new Set(['id_number']);
    const first = await store.pull(scope, 0, 2, (t) => (t === 'cadre' ? hidden : null));
    expect(first.rows.map((r) => r.rowId)).toEqual(['r0', 'r1']);
    expect(first.total).toBe(4); // r4 belongs to another station
    expect(JSON.parse(first.rows[0]!.cellsJson)).toEqual({ name: { value: '行0', hlc: '000001764300000000-000000-d' } });
    const rest = await store.pull(scope, first.cursor, 10, none);
    expect(rest.rows.map((r) => r.rowId)).toEqual(['r2', 'r3']);
    expect(rest.more).toBe(false);
    await store.close();
  });

  it('moves a row with an eviction for its old office, finds the rows that follow it, and keeps verdicts, pending ops and conflicts', async () => {
    const store = await open();
    const op = { opId: 'op-1', table: 'future_table', rowId: 'x', officeId: 'st-1', columns: { a: 1 }, hlc: '000001764300000000-000000-d', schemaVersion: 99 };
    await store.batch((tx) => {
      tx.writeCell('cadre', 'c1', 'name', { value: '张伟', hlc: '000001764300000001-000000-d', device: 'd' });
      tx.touchRow('cadre', 'c1', 'st-1');
      tx.writeCell('appraisal', 'a1', 'cadre_id', { value: 'c1', hlc: '000001764300000001-000000-d', device: 'd' });
      tx.touchRow('appraisal', 'a1', 'st-1');
      tx.recordOp({ ...op, opId: 'op-0', table: 'cadre' }, 'd', { verdict: 'rejected', reason: 'class' });
      tx.keepPending(op, 'd', 'unknown table future_table');
      tx.addConflict({
        table: 'cadre',
        rowId: 'c1',
        column: 'post',
        officeId: 'st-1',
        current: { value: 'a', hlc: 'h1', device: 'd' },
        incoming: { value: 'b', hlc: 'h2', device: 'e' },
      });
    });
    const seen = await store.batch((tx) => {
      // The row written by the batch before, found through the reference index.
      const ids = tx.rowsReferencing('appraisal', 'cadre_id', 'c1');
      tx.touchRow('cadre', 'c1', 'st-2');
      tx.writeCell('appraisal', 'a1', 'office_id', { value: 'st-2', hlc: '000001764300000002-000000-d', device: 'd' });
      tx.touchRow('appraisal', 'a1', 'st-2');
      return {
        ids,
        verdict: tx.verdictOf('op-0'),
        none: tx.verdictOf('op-9'),
        pending: tx.pendingBytes('d'),
        evicted: tx.evictedAfter('cadre', 'c1', 'st-1', 0),
      };
    });
    expect(seen).toMatchObject({ ids: ['a1'], verdict: { verdict: 'rejected', reason: 'class' }, none: null, evicted: true });
    expect(seen.pending).toBeGreaterThan(50);
    const st1 = await store.pull(scope, 2, 10, none);
    expect(st1.rows).toEqual([]);
    expect(st1.evictions.map((e) => e.rowId).sort()).toEqual(['a1', 'c1']);
    const st2 = await store.pull({ officeId: 'st-2', sensitivity: 'station' }, 0, 10, none);
    expect(st2.rows.map((r) => r.rowId).sort()).toEqual(['a1', 'c1']);
    expect(await store.maxSeq()).toBe(6);
    expect(await store.pendingOps()).toEqual([{ op, deviceId: 'd' }]);
    expect((await store.pendingSummary())[0]).toMatchObject({ deviceId: 'd', ops: 1, reasons: ['unknown table future_table'] });
    const [c] = await store.conflicts(scope);
    expect(c).toMatchObject({ table: 'cadre', column: 'post', current: { value: 'a' }, incoming: { value: 'b' } });
    expect(await store.resolveConflict(c!.id, { officeId: 'st-2', sensitivity: 'station' })).toBe(false);
    expect(await store.resolveConflict(c!.id, scope)).toBe(true);
    expect(await store.dropPending({ deviceId: 'd' })).toBe(1);
    expect(await store.writers('cadre', 'c1')).toEqual({ officeId: 'st-2', devices: { name: 'd' } });
    await store.close();
  });

  it('keeps every write of one batch at the size a push may reach: 2,000 ops and 10,000 conflicts', async () => {
    // A push may carry 2,000 ops (shared/sync/protocol.ts), each raising a conflict on each of a
    // cadre's five sensitive columns; PostgreSQL's protocol allows 65,535 parameters a statement.
    const store = await open();
    await store.batch((tx) => {
      tx.writeCell('cadre', 'c1', 'name', { value: '张伟', hlc: '000001764300000001-000000-d', device: 'd' });
      tx.touchRow('cadre', 'c1', 'st-1');
      for (let i = 0; i < 2_000; i++) {
        const op = {
          opId: `op-${i}`,
          table: 'cadre',
          rowId: 'c1',
          officeId: 'st-1',
          columns: { post: `岗${i}` },
          hlc: `000001764300000002-${String(i).padStart(6, '0')}-e`,
          schemaVersion: 1,
        };
        tx.recordOp(op, 'e', { verdict: 'accepted' });
        for (const column of ['post', 'status', 'rank', 'rank_start', 'leadership_post'])
          tx.addConflict({
            table: 'cadre',
            rowId: 'c1',
            column,
            officeId: 'st-1',
            current: { value: 'a', hlc: 'h1', device: 'd' },
            incoming: { value: `${i}`, hlc: 'h2', device: 'e' },
          });
      }
    });
    expect((await store.conflicts(scope)).length).toBe(10_000);
    expect(await store.batch((tx) => [tx.verdictOf('op-0'), tx.verdictOf('op-1999')])).toEqual([{ verdict: 'accepted' }, { verdict: 'accepted' }]);
    await store.close();
  });

  it('a failed batch leaves nothing behind and advances no server_seq', async () => {
    const store = await open();
    await expect(
      store.batch((tx) => {
        tx.writeCell('cadre', 'c1', 'name', { value: '张伟', hlc: 'h', device: 'd' });
        tx.touchRow('cadre', 'c1', 'st-1');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(store.batch((tx) => tx.writeCell('cadre', 'c2', 'name', { value: 'x', hlc: 'h', device: 'd' }))).rejects.toThrow(/no office/);
    expect(await store.maxSeq()).toBe(0);
    expect((await store.pull(scope, 0, 10, none)).rows).toEqual([]);
    await store.close();
  });

  it('enrols with a code kept only as a hash, gives a token kept only as a hash, and revokes', async () => {
    const store = await open();
    const code = await store.createEnrolment('st-1', 'station', 60_000);
    type Redeemed = { device: { id: string }; token: string };
    const first = (await store.redeemEnrolment(code.toLowerCase(), '景山所', 'claim-of-the-station-pc-0001')) as Redeemed;
    // Before the first sync is confirmed, another claimant changes nothing; the first one gets its registration back.
    expect(await store.redeemEnrolment(code, '别的电脑', 'claim-of-another-machine-01')).toBe('claimed');
    expect(await store.deviceByToken(first.token)).not.toBeNull();
    const again = (await store.redeemEnrolment(code, '景山所', 'claim-of-the-station-pc-0001')) as Redeemed;
    expect(again!.device.id).toBe(first!.device.id);
    expect(await store.deviceByToken(first!.token)).toBeNull();
    expect((await store.deviceByToken(again!.token))!.officeId).toBe('st-1');
    await store.confirmEnrolment(again!.device.id);
    expect(await store.redeemEnrolment(code, 'x', 'claim-of-the-station-pc-0001')).toBeNull();
    const dump = await store.exportAll();
    expect(JSON.stringify(dump)).not.toContain(again!.token);
    expect(JSON.stringify(dump)).not.toContain(code);
    expect(JSON.stringify(dump)).not.toContain('claim-of-the-station-pc-0001');
    expect(await store.revokeDevice(again!.device.id)).toBe(true);
    expect(await store.deviceByToken(again!.token)).toBeNull();
    expect(await store.health()).toMatchObject({ ok: true });
    await store.close();
  });
});

describe.each(stores)('the audit anchor on %s', (_name, open) => {
  const h = (seq: number, c: string) => ({ seq, hash: c.repeat(64) });
  /** Rows after `from` (seq, hash) through `to`, linked as the desk's chain links them: the links and the head they end on. */
  const rows = (from: { seq: number; hash: string }, to: number, tag = 'x') => {
    const links: AuditLinkInput[] = [];
    let prev = from.hash;
    for (let seq = from.seq + 1; seq <= to; seq++) {
      const l = {
        seq,
        at: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`,
        actorId: 'u1',
        actorName: tag,
        method: 'offices.create',
        entity: 'office',
        entityId: `o${seq}`,
        before: null,
        after: '{"name":"x"}',
      };
      prev = createHash('sha256')
        .update(JSON.stringify([prev, l.at, l.actorId, l.actorName, l.method, l.entity, l.entityId, l.before, l.after]))
        .digest('hex');
      links.push(l);
    }
    return { links, head: { seq: to, hash: prev } };
  };
  it('moves forward only over rows it recomputes from the anchor it holds', async () => {
    const store = await open();
    expect(await store.anchorAudit('dev-1', h(30, 'a'), null)).toEqual({ anchor: h(30, 'a'), moved: true });
    const next = rows(h(30, 'a'), 40);
    expect(await store.anchorAudit('dev-1', next.head, next.links)).toEqual({ anchor: next.head, moved: true });
    // A forged head, with the held hash merely repeated (the old `at`), no rows: refused.
    expect(await store.anchorAudit('dev-1', h(50, 'f'), null)).toEqual({ anchor: next.head, moved: false, unlinked: true });
    // Rows that link, but from another hash (a truncated log written over), or with one row edited, or a seq skipped: refused.
    const other = rows(h(40, 'c'), 45);
    expect(await store.anchorAudit('dev-1', other.head, other.links)).toEqual({ anchor: next.head, moved: false, unlinked: true });
    const good = rows(next.head, 45);
    const edited = good.links.map((l, k) => (k === 2 ? { ...l, after: '{"name":"y"}' } : l));
    expect(await store.anchorAudit('dev-1', good.head, edited)).toMatchObject({ moved: false, unlinked: true });
    expect(
      await store.anchorAudit(
        'dev-1',
        good.head,
        good.links.filter((l) => l.seq !== 43),
      ),
    ).toMatchObject({ moved: false, unlinked: true });
    // A head other than the rows' last: refused.
    expect(await store.anchorAudit('dev-1', { seq: 45, hash: 'e'.repeat(64) }, good.links)).toMatchObject({ moved: false, unlinked: true });
    // The same head again, no rows: nothing to prove.
    expect(await store.anchorAudit('dev-1', next.head, null)).toEqual({ anchor: next.head, moved: true });
    expect(await store.anchorAudit('dev-1', good.head, good.links)).toEqual({ anchor: good.head, moved: true });
    await store.close();
  });
  it('follows a restore the device reports, once, and still holds against a truncation without one', async () => {
    const store = await open();
    // The device synced up to 40 on its old chain.
    expect(await store.anchorAudit('dev-1', h(30, 'a'), null)).toEqual({ anchor: h(30, 'a'), moved: true });
    const to40 = rows(h(30, 'a'), 40);
    expect(await store.anchorAudit('dev-1', to40.head, to40.links)).toEqual({ anchor: to40.head, moved: true });
    // A shorter log without a restore: the anchor holds, the device reports a truncation.
    expect(await store.anchorAudit('dev-1', h(25, 'c'), null)).toEqual({ anchor: to40.head, moved: false });
    // A restore row past the head it names is no restore of this chain.
    expect(await store.anchorAudit('dev-1', h(25, 'c'), null, { replaced: h(44, 'b'), entry: h(26, 'd') })).toEqual({ anchor: to40.head, moved: false });
    expect(await store.auditRestores()).toEqual([]);
    // An older backup restored (rows 1–24), its restore entry at 25: the hub takes the restored chain and records it.
    const claim = { replaced: h(44, 'b'), entry: h(25, 'd') };
    const r = await store.anchorAudit('dev-1', h(27, 'e'), null, claim);
    expect(r).toEqual({ anchor: h(27, 'e'), moved: true, restored: true });
    expect(await store.auditRestores('dev-1')).toEqual([
      { deviceId: 'dev-1', entry: h(25, 'd'), replaced: h(44, 'b'), held: to40.head, head: h(27, 'e'), at: expect.any(Number) },
    ]);
    // Forward over the restored chain as usual.
    const to30 = rows(h(27, 'e'), 30);
    expect(await store.anchorAudit('dev-1', to30.head, to30.links, claim)).toEqual({ anchor: to30.head, moved: true });
    // Later cut short again: the same restore claim is spent, so the anchor holds.
    expect(await store.anchorAudit('dev-1', h(26, 'g'), null, claim)).toEqual({ anchor: to30.head, moved: false });
    expect(await store.anchorAudit('dev-1', h(26, 'g'), null)).toEqual({ anchor: to30.head, moved: false });
    // The spent claim does not carry a forged forward move either.
    expect(await store.anchorAudit('dev-1', h(60, 'g'), null, claim)).toEqual({ anchor: to30.head, moved: false, unlinked: true });
    expect(await store.auditRestores()).toHaveLength(1);
    // Another device is untouched; the restore record travels with a dump.
    expect(await store.anchorAudit('dev-2', h(5, 'a'), null, claim)).toEqual({ anchor: h(5, 'a'), moved: true });
    expect((await store.exportAll()).audit_restore).toMatchObject([{ device_id: 'dev-1', entry_seq: 25, replaced_seq: 44, held_seq: 40, head_seq: 27 }]);
    await store.close();
  });
});

describe.skipIf(!withPg)('hub store on PostgreSQL only', () => {
  it('applies its schema migrations once, in order, and refuses a database migrated by a newer hub', async () => {
    const url = await freshPgDatabase();
    const opts = { now: Date.now, countyWide: ['office'], follows };
    // Two processes starting at once.
    const [a, b] = await Promise.all([createPgStore(url, opts), createPgStore(url, opts)]);
    await a.close();
    await b.close();
    const rows = await pgQuery<{ version: number }>(url, 'SELECT version FROM hub_migration ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await pgQuery(url, "INSERT INTO hub_migration VALUES (999, 'from the future', 0)");
    await expect(createPgStore(url, opts)).rejects.toThrow(/schema version 999.*upgrade the hub/);
  });

  it('server_seq is gap-free as pulls see it while two stores on one database commit batches at once', async () => {
    const url = await freshPgDatabase();
    const opts = { now: Date.now, countyWide: [], follows };
    const [a, b, reader] = await Promise.all([createPgStore(url, opts), createPgStore(url, opts), createPgStore(url, opts)]);
    const N = 120;
    let done = false;
    const seen = new Set<string>();
    const pulling = (async () => {
      let cursor = 0;
      for (;;) {
        const finished = done;
        const page = await reader.pull({ officeId: null, sensitivity: 'county' }, cursor, 7, none);
        for (const r of page.rows) seen.add(r.rowId);
        cursor = page.cursor;
        if (finished && !page.more) return cursor;
      }
    })();
    // Batches of 1–3 new rows each from both stores, with a random pause inside the transaction.
    await Promise.all(
      [a, b].map(async (s, k) => {
        for (let i = 0; i < N / 2; i += 3) {
          await s.batch((tx) => {
            for (let j = i; j < Math.min(i + 3, N / 2); j++) {
              tx.writeCell('cadre', `r${k}-${j}`, 'name', { value: j, hlc: 'h', device: 'd' });
              tx.touchRow('cadre', `r${k}-${j}`, 'st-1');
            }
          });
        }
      }),
    );
    done = true;
    const last = await pulling;
    // Every row was seen by a puller that only ever moved its cursor forward.
    expect(seen.size).toBe(N);
    expect(last).toBe(N);
    const seqs = (await pgQuery<{ seq: number }>(url, 'SELECT seq FROM hub_row ORDER BY seq')).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    await Promise.all([a.close(), b.close(), reader.close()]);
  });

  it('cancels a statement past the timeout with a clear StoreUnavailable, and keeps to its pool size', async () => {
    const url = await freshPgDatabase();
    const store = await createPgStore(url, { now: Date.now, countyWide: [], follows, statementTimeoutMs: 300, poolSize: 2 });
    // Another session holds the batch lock: the batch waits on it until the statement timeout.
    const pg = await import('pg');
    const holder = new pg.default.Client({ connectionString: url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [0x424448_7562]);
    const t0 = performance.now();
    const err = await store.batch(() => 1).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreUnavailable);
    expect((err as Error).message).toMatch(/statement timeout/);
    expect(performance.now() - t0).toBeLessThan(5000);
    await holder.end();
    expect(await store.batch(() => 2)).toBe(2);
    // Ten pulls at once share two connections.
    await Promise.all(Array.from({ length: 10 }, () => store.pull({ officeId: null, sensitivity: 'county' }, 0, 10, none)));
    const n = await pgQuery<{ n: number }>(
      url,
      "SELECT count(*)::int n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'branch-desk-hub'",
    );
    expect(n[0]!.n).toBeLessThanOrEqual(2);
    await store.close();
  });
});
