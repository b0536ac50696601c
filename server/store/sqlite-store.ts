import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { fileKind, openKeyed, type DbKey } from '../../electron/core/db/cipher';
import { fileKey } from '../../electron/core/db/db-key';
import { encryptPlainFile } from '../../electron/core/db/encrypt-file';
import type { Op, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';
import { anchorDecision, chainStep, heldChain, newEnrolmentCode, parseVerdict, sha, type AuditLinkInput } from './common';
import {
  toRestoreRecord,
  type AuditHead,
  type AuditRestore,
  type AuditRestoreRow,
  type BatchTx,
  type CellState,
  type Device,
  type HubStore,
  type PullPage,
  type Scope,
  type StoreDump,
  type StoredRow,
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS device (id TEXT PRIMARY KEY, name TEXT NOT NULL, office_id TEXT NOT NULL, sensitivity TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER, last_seen_at INTEGER);
CREATE TABLE IF NOT EXISTS enrolment (code_hash TEXT PRIMARY KEY, office_id TEXT NOT NULL, sensitivity TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
CREATE TABLE IF NOT EXISTS op (op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, table_name TEXT NOT NULL, row_id TEXT NOT NULL, hlc TEXT NOT NULL,
  outcome TEXT NOT NULL, received_at INTEGER NOT NULL) WITHOUT ROWID;
-- One row per synced row: its office, its latest server_seq, its cells as one JSON document in
-- the wire format { column: { value, hlc } } and the device that wrote each cell { column: id }.
-- A pull sends the documents as they are; a push rewrites each row it touches once. A rowid
-- table: its leaves hold a document of a few KB without overflow pages.
CREATE TABLE IF NOT EXISTS hub_row (rid INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL, seq INTEGER NOT NULL,
  doc TEXT NOT NULL, devs TEXT NOT NULL, UNIQUE (table_name, row_id));
CREATE INDEX IF NOT EXISTS hub_row_seq ON hub_row(seq);
CREATE INDEX IF NOT EXISTS hub_row_office_seq ON hub_row(office_id, seq);
CREATE INDEX IF NOT EXISTS hub_row_table_seq ON hub_row(table_name, seq);
CREATE TABLE IF NOT EXISTS eviction (seq INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS eviction_office ON eviction(office_id, seq);
CREATE INDEX IF NOT EXISTS eviction_row ON eviction(table_name, row_id);
CREATE TABLE IF NOT EXISTS pending_op (op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body TEXT NOT NULL, reason TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pending_op_device ON pending_op(device_id);
CREATE TABLE IF NOT EXISTS conflict (id TEXT PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, office_id TEXT NOT NULL,
  current TEXT NOT NULL, incoming TEXT NOT NULL, created_at INTEGER NOT NULL, resolved_at INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_anchor (device_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_restore (device_id TEXT NOT NULL, entry_seq INTEGER NOT NULL, entry_hash TEXT NOT NULL, replaced_seq INTEGER, replaced_hash TEXT,
  held_seq INTEGER NOT NULL, held_hash TEXT NOT NULL, head_seq INTEGER NOT NULL, head_hash TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (device_id, entry_seq, entry_hash));
-- Each device's push chain (common.ts, chainStep): the token it was last given, the one before, and the last push's op ids (JSON).
CREATE TABLE IF NOT EXISTS push_chain (device_id TEXT PRIMARY KEY, cur TEXT NOT NULL, prev TEXT, last_ops TEXT NOT NULL, at INTEGER NOT NULL, rebased TEXT);
`;

type Doc = Record<string, { value: CellState['value']; hlc: string }>;
type Devs = Record<string, string>;
interface CachedRow {
  office: string | null;
  seq: number;
  doc: Doc;
  devs: Devs;
  dirty: boolean;
}

type DeviceRow = {
  id: string;
  name: string;
  office_id: string;
  sensitivity: SensitivityClass;
  created_at: number;
  revoked_at: number | null;
  last_seen_at: number | null;
};
const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  name: r.name,
  officeId: r.office_id,
  sensitivity: r.sensitivity,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
});

/** Stores from before the row documents kept one row per cell: fold them into documents once. */
function migrateCells(db: Database.Database) {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cell'").get()) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    const ins = db.prepare('INSERT INTO hub_row (table_name, row_id, office_id, seq, doc, devs) VALUES (?, ?, ?, ?, ?, ?)');
    const cellsOf = db.prepare('SELECT col, value, hlc, device_id FROM cell WHERE table_name = ? AND row_id = ?');
    for (const r of db.prepare('SELECT table_name, row_id, office_id, seq FROM row_state').all() as {
      table_name: string;
      row_id: string;
      office_id: string;
      seq: number;
    }[]) {
      const doc: Doc = {};
      const devs: Devs = {};
      for (const c of cellsOf.all(r.table_name, r.row_id) as { col: string; value: string | null; hlc: string; device_id: string }[]) {
        doc[c.col] = { value: c.value === null ? null : (JSON.parse(c.value) as CellState['value']), hlc: c.hlc };
        devs[c.col] = c.device_id;
      }
      ins.run(r.table_name, r.row_id, r.office_id, r.seq, JSON.stringify(doc), JSON.stringify(devs));
    }
    db.exec('DROP TABLE cell; DROP TABLE row_state;');
  })();
}

/** Columns added after a store was first created. */
function addColumns(db: Database.Database) {
  const has = (table: string, col: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === col);
  // The device a code was redeemed for, until it confirms (used_at): the code can be redeemed again for it.
  if (!has('enrolment', 'device_id')) db.exec('ALTER TABLE enrolment ADD COLUMN device_id TEXT');
  // The hash of the claim the first redemption brought: only that device may redeem it again.
  if (!has('enrolment', 'claim_hash')) db.exec('ALTER TABLE enrolment ADD COLUMN claim_hash TEXT');
}

/** The hub's key (server/cli.ts): HUB_DB_KEY, else --db-key-file, else `hub.key` in the data folder, made owner-only on first start. */
export function hubKey(file: string, env: Record<string, string | undefined> = process.env, keyFile?: string): string {
  return fileKey(file, env, { env: HUB_KEY_ENV, file: keyFile ? path.resolve(keyFile) : HUB_KEY_FILE });
}
export const HUB_KEY_ENV = 'HUB_DB_KEY';
export const HUB_KEY_FILE = 'hub.key';

export function createSqliteStore(
  file: string,
  opts: {
    now: () => number;
    countyWide: string[];
    follows?: { table: string; column: string }[];
    /** The store's key (db/cipher.ts); absent or null: plaintext. */ key?: DbKey;
  },
): HubStore {
  const key = opts.key ?? null;
  // A store from before encryption is encrypted first, as the desk's database is (db/encrypt-file.ts).
  encryptPlainFile(file, key);
  if (fileKind(file) === 'plain' && key) throw new Error(`hub store ${file} is not encrypted`);
  // A wrong key, or none for an encrypted store: DB_KEY_WRONG / DB_KEY_MISSING, nothing written.
  const db = openKeyed(file, key);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrateCells(db);
  db.exec(SCHEMA);
  addColumns(db);
  const now = opts.now;
  // The rows that follow a parent (DESIGN.md, office moves) are found through a partial index on
  // their reference, one per (table, column): only those tables' documents are indexed.
  const ident = (s: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`bad identifier ${s}`);
    return s;
  };
  const referencing = new Map<string, Database.Statement>();
  for (const f of opts.follows ?? []) {
    const t = ident(f.table);
    const c = ident(f.column);
    db.exec(`CREATE INDEX IF NOT EXISTS hub_row_ref_${t}_${c} ON hub_row(json_extract(doc, '$.${c}.value')) WHERE table_name = '${t}'`);
    referencing.set(`${t}.${c}`, db.prepare(`SELECT row_id FROM hub_row WHERE table_name = '${t}' AND json_extract(doc, '$.${c}.value') = ?`));
  }

  const seq = (db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined)?.value;
  let nextSeq = Number(seq ?? 0);
  const saveSeq = db.prepare("INSERT INTO meta(key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

  const s = {
    verdict: db.prepare('SELECT outcome FROM op WHERE op_id = ?'),
    evictedAfter: db.prepare('SELECT 1 FROM eviction WHERE table_name = ? AND row_id = ? AND office_id = ? AND seq > ? LIMIT 1'),
    pendingBytes: db.prepare('SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) n FROM pending_op WHERE device_id = ?'),
    row: db.prepare('SELECT office_id, seq, doc, devs FROM hub_row WHERE table_name = ? AND row_id = ?'),
    upsertRow: db.prepare(
      'INSERT INTO hub_row (table_name, row_id, office_id, seq, doc, devs) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET office_id = excluded.office_id, seq = excluded.seq, doc = excluded.doc, devs = excluded.devs',
    ),
    evict: db.prepare('INSERT INTO eviction (seq, table_name, row_id, office_id) VALUES (?, ?, ?, ?)'),
    recordOp: db.prepare('INSERT OR IGNORE INTO op (op_id, device_id, table_name, row_id, hlc, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    pending: db.prepare('INSERT OR IGNORE INTO pending_op (op_id, device_id, body, reason, received_at) VALUES (?, ?, ?, ?, ?)'),
    conflict: db.prepare('INSERT INTO conflict (id, table_name, row_id, col, office_id, current, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  };

  // Rows touched by the running batch, read once and written once at its end.
  const cache = new Map<string, CachedRow & { table: string; rowId: string }>();
  function cached(table: string, rowId: string) {
    const key = `${table}\u0000${rowId}`;
    let c = cache.get(key);
    if (!c) {
      const r = s.row.get(table, rowId) as { office_id: string; seq: number; doc: string; devs: string } | undefined;
      c = {
        table,
        rowId,
        office: r?.office_id ?? null,
        seq: r?.seq ?? 0,
        doc: r ? (JSON.parse(r.doc) as Doc) : {},
        devs: r ? (JSON.parse(r.devs) as Devs) : {},
        dirty: false,
      };
      cache.set(key, c);
    }
    return c;
  }

  const tx: BatchTx = {
    verdictOf: (id) => {
      const r = s.verdict.get(id) as { outcome: string } | undefined;
      return r ? parseVerdict(r.outcome) : null;
    },
    rowCells: (t, r) => {
      const row = cached(t, r);
      return row.office === null ? null : row.doc;
    },
    evictedAfter: (t, r, office, seq) => !!s.evictedAfter.get(t, r, office, seq),
    rowsReferencing: (t, c, v) => {
      const st = referencing.get(`${t}.${c}`);
      if (!st) throw new Error(`no reference index for ${t}.${c}`);
      const ids = new Set((st.all(v) as { row_id: string }[]).map((x) => x.row_id));
      // Rows of this batch not yet written out.
      for (const row of cache.values()) if (row.table === t && row.doc[c]?.value === v) ids.add(row.rowId);
      return [...ids];
    },
    pendingBytes: (dev) => (s.pendingBytes.get(dev) as { n: number }).n,
    rowOffice: (t, r) => cached(t, r).office,
    cell: (t, r, c) => {
      const row = cached(t, r);
      const v = row.doc[c];
      return v ? { value: v.value, hlc: v.hlc, device: row.devs[c] ?? '' } : null;
    },
    writeCell: (t, r, c, v) => {
      const row = cached(t, r);
      row.doc[c] = { value: v.value, hlc: v.hlc };
      row.devs[c] = v.device;
      row.dirty = true;
    },
    touchRow: (t, r, office, evictFrom) => {
      const row = cached(t, r);
      if (row.office !== null && row.office !== office) s.evict.run(++nextSeq, t, r, row.office);
      else if (evictFrom && evictFrom !== office && row.office === null) s.evict.run(++nextSeq, t, r, evictFrom);
      row.office = office;
      row.seq = ++nextSeq;
      row.dirty = true;
    },
    recordOp: (op, dev, verdict) => void s.recordOp.run(op.opId, dev, op.table, op.rowId, op.hlc, JSON.stringify(verdict), now()),
    keepPending: (op, dev, reason) => void s.pending.run(op.opId, dev, JSON.stringify(op), reason, now()),
    addConflict: (c) => void s.conflict.run(randomUUID(), c.table, c.rowId, c.column, c.officeId, JSON.stringify(c.current), JSON.stringify(c.incoming), now()),
  };

  function batchSync<T>(fn: (t: BatchTx) => T): T {
    const before = nextSeq;
    cache.clear();
    try {
      return db.transaction(() => {
        const r = fn(tx);
        for (const row of cache.values()) {
          // A cell written without touching its row (never done by the protocol) would be lost: refuse.
          if (row.dirty && row.office === null) throw new Error(`row ${row.table}/${row.rowId} has no office`);
          if (row.dirty) s.upsertRow.run(row.table, row.rowId, row.office, row.seq, JSON.stringify(row.doc), JSON.stringify(row.devs));
        }
        saveSeq.run(String(nextSeq));
        return r;
      })();
    } catch (e) {
      nextSeq = before; // a failed batch advances nothing
      throw e;
    } finally {
      cache.clear();
    }
  }

  // A page in server_seq order. A station's page merges two index walks, each stopping at the
  // limit: its own office's rows and the county-wide tables. (One query with OR made SQLite
  // collect and sort every remaining row of the scope for each page.)
  const wide = opts.countyWide.length ? opts.countyWide : ['\u0000'];
  const marks = wide.map(() => '?').join(',');
  type PageRow = { table_name: string; row_id: string; office_id: string; seq: number; doc: string };
  const pageAll = db.prepare('SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE seq > ? ORDER BY seq LIMIT ?');
  const pageOwn = db.prepare('SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE office_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  const pageWide = db.prepare(
    `SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE table_name IN (${marks}) AND office_id <> ? AND seq > ? ORDER BY seq LIMIT ?`,
  );
  const countAll = db.prepare('SELECT count(*) n FROM hub_row');
  const countOwn = db.prepare('SELECT count(*) n FROM hub_row WHERE office_id = ?');
  const countWide = db.prepare(`SELECT count(*) n FROM hub_row WHERE table_name IN (${marks}) AND office_id <> ?`);
  function pageOf(scope: Scope, cursor: number, n: number): PageRow[] {
    if (scope.officeId === null) return pageAll.all(cursor, n) as PageRow[];
    const own = pageOwn.all(scope.officeId, cursor, n) as PageRow[];
    const county = pageWide.all(...wide, scope.officeId, cursor, n) as PageRow[];
    if (!county.length) return own;
    return [...own, ...county].sort((a, b) => a.seq - b.seq).slice(0, n);
  }
  const countOf = (scope: Scope) =>
    scope.officeId === null
      ? (countAll.get() as { n: number }).n
      : (countOwn.get(scope.officeId) as { n: number }).n + (countWide.get(...wide, scope.officeId) as { n: number }).n;

  function pull(scope: Scope, cursor: number, limit: number, hiddenOf: (table: string) => ReadonlySet<string> | null): PullPage {
    const rows = pageOf(scope, cursor, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const upTo = more ? page[page.length - 1]!.seq : nextSeq;
    const ev =
      scope.officeId === null
        ? []
        : (db
            .prepare('SELECT seq, table_name, row_id FROM eviction WHERE office_id = ? AND seq > ? AND seq <= ? ORDER BY seq')
            .all(scope.officeId, cursor, upTo) as { seq: number; table_name: string; row_id: string }[]);
    const out: StoredRow[] = page.map((r) => {
      const hidden = hiddenOf(r.table_name);
      let cellsJson = r.doc;
      // Only a row of a table with cells this device may not see (personal data) is taken apart.
      if (hidden && hidden.size) {
        const doc = JSON.parse(r.doc) as Doc;
        for (const c of hidden) delete doc[c];
        cellsJson = JSON.stringify(doc);
      }
      return { seq: r.seq, table: r.table_name, rowId: r.row_id, officeId: r.office_id, cellsJson };
    });
    const total = cursor === 0 ? countOf(scope) : 0;
    // An eviction of a row that later came back to this scope is superseded by the row itself.
    const evictions = ev
      .filter((e) => !out.some((o) => o.table === e.table_name && o.rowId === e.row_id && o.seq > e.seq))
      .map((e) => ({ seq: e.seq, table: e.table_name, rowId: e.row_id }));
    return { rows: out, evictions, cursor: upTo, more, total };
  }

  function conflicts(scope: Scope): SyncConflict[] {
    const rows = db
      .prepare(`SELECT * FROM conflict WHERE resolved_at IS NULL ${scope.officeId ? 'AND office_id = ?' : ''} ORDER BY created_at`)
      .all(...(scope.officeId ? [scope.officeId] : [])) as {
      id: string;
      table_name: string;
      row_id: string;
      col: string;
      office_id: string;
      current: string;
      incoming: string;
      created_at: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      table: r.table_name,
      rowId: r.row_id,
      column: r.col,
      officeId: r.office_id,
      current: JSON.parse(r.current),
      incoming: JSON.parse(r.incoming),
      createdAt: r.created_at,
    }));
  }

  const sync = {
    createEnrolment(officeId: string, sensitivity: SensitivityClass, ttlMs: number) {
      const code = newEnrolmentCode();
      db.prepare('INSERT INTO enrolment (code_hash, office_id, sensitivity, expires_at) VALUES (?, ?, ?, ?)').run(
        sha(code),
        officeId,
        sensitivity,
        now() + ttlMs,
      );
      return code;
    },
    redeemEnrolment(code: string, deviceName: string, claim: string) {
      return db.transaction(() => {
        const e = db.prepare('SELECT * FROM enrolment WHERE code_hash = ?').get(sha(code.trim().toUpperCase())) as
          | {
              code_hash: string;
              office_id: string;
              sensitivity: SensitivityClass;
              expires_at: number;
              used_at: number | null;
              device_id: string | null;
              claim_hash: string | null;
            }
          | undefined;
        if (!e || e.used_at || e.expires_at < now()) return null;
        // Redeemed before but not confirmed: only the device that brought the first claim may again
        // (a registration from before claims existed is bound to the next claim that comes).
        if (e.device_id && e.claim_hash && e.claim_hash !== sha(claim)) return 'claimed' as const;
        const token = randomBytes(32).toString('base64url');
        // The same device, a new token.
        const again = e.device_id
          ? (db.prepare('SELECT * FROM device WHERE id = ? AND revoked_at IS NULL').get(e.device_id) as DeviceRow | undefined)
          : undefined;
        const id = again?.id ?? randomUUID();
        if (again) db.prepare('UPDATE device SET token_hash = ?, name = ? WHERE id = ?').run(sha(token), deviceName, id);
        else
          db.prepare('INSERT INTO device (id, name, office_id, sensitivity, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
            id,
            deviceName,
            e.office_id,
            e.sensitivity,
            sha(token),
            now(),
          );
        db.prepare('UPDATE enrolment SET device_id = ?, claim_hash = ? WHERE code_hash = ?').run(id, sha(claim), e.code_hash);
        return { device: toDevice(db.prepare('SELECT * FROM device WHERE id = ?').get(id) as DeviceRow), token };
      })();
    },
    confirmEnrolment: (deviceId: string) => void db.prepare('UPDATE enrolment SET used_at = ? WHERE device_id = ? AND used_at IS NULL').run(now(), deviceId),
    deviceByToken(token: string) {
      const r = db.prepare('SELECT * FROM device WHERE token_hash = ? AND revoked_at IS NULL').get(sha(token)) as DeviceRow | undefined;
      return r ? toDevice(r) : null;
    },
    listDevices: () => (db.prepare('SELECT * FROM device ORDER BY created_at').all() as DeviceRow[]).map(toDevice),
    revokeDevice: (id: string) => db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0,
    touchDevice: (id: string) => void db.prepare('UPDATE device SET last_seen_at = ? WHERE id = ?').run(now(), id),
    anchorAudit: (deviceId: string, head: AuditHead | null, links: readonly AuditLinkInput[] | null, restore?: AuditRestore | null) =>
      db.transaction(() => {
        const held = db.prepare('SELECT seq, hash FROM audit_anchor WHERE device_id = ?').get(deviceId) as AuditHead | undefined;
        const seen =
          !!restore &&
          !!db
            .prepare('SELECT 1 FROM audit_restore WHERE device_id = ? AND entry_seq = ? AND entry_hash = ?')
            .get(deviceId, restore.entry.seq, restore.entry.hash);
        const d = anchorDecision(held ?? null, head, links, restore, seen);
        if (d === 'hold' || d === 'unlinked' || !head)
          return { anchor: held ? { seq: held.seq, hash: held.hash } : null, moved: false, ...(d === 'unlinked' ? { unlinked: true } : {}) };
        const t = now();
        if (d === 'restore') {
          db.prepare(
            'INSERT INTO audit_restore (device_id, entry_seq, entry_hash, replaced_seq, replaced_hash, held_seq, held_hash, head_seq, head_hash, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(
            deviceId,
            restore!.entry.seq,
            restore!.entry.hash,
            restore!.replaced?.seq ?? null,
            restore!.replaced?.hash ?? null,
            held!.seq,
            held!.hash,
            head.seq,
            head.hash,
            t,
          );
        }
        db.prepare(
          'INSERT INTO audit_anchor (device_id, seq, hash, at) VALUES (?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at',
        ).run(deviceId, head.seq, head.hash, t);
        return { anchor: { seq: head.seq, hash: head.hash }, moved: true, ...(d === 'restore' ? { restored: true } : {}) };
      })(),
    advanceChain: (deviceId: string, presented: string | null | undefined, opIds: readonly string[], rebase: boolean, rebaseFrom?: string | null) =>
      db.transaction(() => {
        const row = db.prepare('SELECT cur, prev, last_ops, rebased FROM push_chain WHERE device_id = ?').get(deviceId) as
          { cur: string; prev: string | null; last_ops: string; rebased: string | null } | undefined;
        const held = row ? heldChain(row) : null;
        const step = chainStep(deviceId, held, presented, opIds, rebase, rebaseFrom);
        if (!step.next) return { outcome: step.outcome, chain: null };
        db.prepare(
          'INSERT INTO push_chain (device_id, cur, prev, last_ops, at, rebased) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET cur = excluded.cur, prev = excluded.prev, last_ops = excluded.last_ops, at = excluded.at, rebased = excluded.rebased',
        ).run(deviceId, step.next.cur, step.next.prev, JSON.stringify(step.next.last), now(), step.next.rebased ? JSON.stringify(step.next.rebased) : null);
        return { outcome: step.outcome, chain: step.next.cur };
      })(),
    chainHeld: (deviceId: string) => {
      const row = db.prepare('SELECT cur, prev, last_ops, rebased FROM push_chain WHERE device_id = ?').get(deviceId) as
        { cur: string; prev: string | null; last_ops: string; rebased: string | null } | undefined;
      return row ? heldChain(row) : null;
    },
    auditRestores: (deviceId?: string) =>
      (deviceId
        ? (db.prepare('SELECT * FROM audit_restore WHERE device_id = ? ORDER BY at, entry_seq').all(deviceId) as AuditRestoreRow[])
        : (db.prepare('SELECT * FROM audit_restore ORDER BY at, device_id, entry_seq').all() as AuditRestoreRow[])
      ).map(toRestoreRecord),
    conflicts,
    resolveConflict: (id: string, scope: Scope) =>
      db
        .prepare(`UPDATE conflict SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL ${scope.officeId ? 'AND office_id = ?' : ''}`)
        .run(now(), id, ...(scope.officeId ? [scope.officeId] : [])).changes > 0,
    pendingOps: () =>
      (db.prepare('SELECT device_id, body FROM pending_op ORDER BY received_at').all() as { device_id: string; body: string }[]).map((r) => ({
        op: JSON.parse(r.body) as Op,
        deviceId: r.device_id,
      })),
    clearPending: (opId: string) => void db.prepare('DELETE FROM pending_op WHERE op_id = ?').run(opId),
    pendingSummary: () => {
      const reasons = db.prepare('SELECT DISTINCT reason FROM pending_op WHERE device_id = ? ORDER BY reason LIMIT 20');
      return (
        db
          .prepare(
            'SELECT device_id, count(*) ops, sum(length(CAST(body AS BLOB))) bytes, min(received_at) oldest FROM pending_op GROUP BY device_id ORDER BY device_id',
          )
          .all() as { device_id: string; ops: number; bytes: number; oldest: number }[]
      ).map((r) => ({
        deviceId: r.device_id,
        ops: r.ops,
        bytes: r.bytes,
        oldest: r.oldest,
        reasons: (reasons.all(r.device_id) as { reason: string }[]).map((x) => x.reason),
      }));
    },
    dropPending: ({ before, deviceId }: { before?: number; deviceId?: string }) =>
      db
        .prepare('DELETE FROM pending_op WHERE (? IS NULL OR received_at < ?) AND (? IS NULL OR device_id = ?)')
        .run(before ?? null, before ?? null, deviceId ?? null, deviceId ?? null).changes,
    writers: (table: string, rowId: string) => {
      const r = s.row.get(table, rowId) as { office_id: string; devs: string } | undefined;
      return r ? { officeId: r.office_id, devices: JSON.parse(r.devs) as Record<string, string> } : null;
    },
    stats: () => ({
      ops: (db.prepare('SELECT count(*) n FROM op').get() as { n: number }).n,
      rows: (db.prepare('SELECT count(*) n FROM hub_row').get() as { n: number }).n,
      devices: (db.prepare('SELECT count(*) n FROM device WHERE revoked_at IS NULL').get() as { n: number }).n,
    }),
    exportAll: (): StoreDump =>
      db.transaction(() => ({
        seq: nextSeq,
        device: db
          .prepare('SELECT id, name, office_id, sensitivity, token_hash, created_at, revoked_at, last_seen_at FROM device ORDER BY created_at, id')
          .all() as StoreDump['device'],
        enrolment: db
          .prepare('SELECT code_hash, office_id, sensitivity, expires_at, used_at, device_id, claim_hash FROM enrolment ORDER BY code_hash')
          .all() as StoreDump['enrolment'],
        op: db.prepare('SELECT op_id, device_id, table_name, row_id, hlc, outcome, received_at FROM op ORDER BY op_id').all() as StoreDump['op'],
        hub_row: db.prepare('SELECT table_name, row_id, office_id, seq, doc, devs FROM hub_row ORDER BY seq').all() as StoreDump['hub_row'],
        eviction: db.prepare('SELECT seq, table_name, row_id, office_id FROM eviction ORDER BY seq').all() as StoreDump['eviction'],
        pending_op: db
          .prepare('SELECT op_id, device_id, body, reason, received_at FROM pending_op ORDER BY received_at, op_id')
          .all() as StoreDump['pending_op'],
        conflict: db
          .prepare('SELECT id, table_name, row_id, col, office_id, current, incoming, created_at, resolved_at FROM conflict ORDER BY created_at, id')
          .all() as StoreDump['conflict'],
        audit_anchor: db.prepare('SELECT device_id, seq, hash, at FROM audit_anchor ORDER BY device_id').all() as StoreDump['audit_anchor'],
        audit_restore: db.prepare('SELECT * FROM audit_restore ORDER BY device_id, entry_seq, entry_hash').all() as AuditRestoreRow[],
        push_chain: db.prepare('SELECT device_id, cur, prev, last_ops, at, rebased FROM push_chain ORDER BY device_id').all() as NonNullable<
          StoreDump['push_chain']
        >,
      }))(),
    importAll: (d: StoreDump) => {
      db.transaction(() => {
        const n = (
          db
            .prepare('SELECT (SELECT count(*) FROM hub_row) + (SELECT count(*) FROM device) + (SELECT count(*) FROM op) + (SELECT count(*) FROM enrolment) n')
            .get() as { n: number }
        ).n;
        if (n) throw new Error('the target store is not empty');
        const ins = (table: string, rows: Record<string, unknown>[]) => {
          if (!rows.length) return;
          const cols = Object.keys(rows[0]!);
          const st = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
          for (const r of rows) st.run(...cols.map((c) => r[c]));
        };
        ins('device', d.device);
        ins('enrolment', d.enrolment);
        ins('op', d.op);
        ins('hub_row', d.hub_row);
        ins('eviction', d.eviction);
        ins('pending_op', d.pending_op);
        ins('conflict', d.conflict);
        ins('audit_anchor', d.audit_anchor ?? []);
        ins('audit_restore', d.audit_restore ?? []);
        ins('push_chain', d.push_chain ?? []);
        saveSeq.run(String(d.seq));
      })();
      nextSeq = d.seq;
    },
  };

  // The interface answers promises; the work is done synchronously, so a SQLite hub behaves as before.
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): Promise<R> => {
      try {
        return Promise.resolve(f(...a));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    };
  return {
    kind: 'sqlite',
    createEnrolment: wrap(sync.createEnrolment),
    redeemEnrolment: wrap(sync.redeemEnrolment),
    confirmEnrolment: wrap(sync.confirmEnrolment),
    deviceByToken: wrap(sync.deviceByToken),
    listDevices: wrap(sync.listDevices),
    revokeDevice: wrap(sync.revokeDevice),
    touchDevice: wrap(sync.touchDevice),
    anchorAudit: wrap(sync.anchorAudit),
    advanceChain: wrap(sync.advanceChain),
    chainHeld: wrap(sync.chainHeld),
    auditRestores: wrap(sync.auditRestores),
    batch: <T>(fn: (t: BatchTx) => T) => wrap(batchSync<T>)(fn),
    pull: wrap(pull),
    conflicts: wrap(sync.conflicts),
    resolveConflict: wrap(sync.resolveConflict),
    pendingOps: wrap(sync.pendingOps),
    clearPending: wrap(sync.clearPending),
    pendingSummary: wrap(sync.pendingSummary),
    dropPending: wrap(sync.dropPending),
    writers: wrap(sync.writers),
    maxSeq: wrap(() => nextSeq),
    stats: wrap(sync.stats),
    health: wrap(() => {
      const t = performance.now();
      db.prepare('SELECT 1').get();
      return { ok: true, store: 'sqlite' as const, ms: Math.round((performance.now() - t) * 100) / 100 };
    }),
    exportAll: wrap(sync.exportAll),
    importAll: wrap(sync.importAll),
    close: wrap(() => void db.close()),
  };
}
