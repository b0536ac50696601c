import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Op, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';
import type { BatchTx, CellState, Device, HubStore, Scope, StoredRow } from './store';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

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
CREATE TABLE IF NOT EXISTS pending_op (op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body TEXT NOT NULL, reason TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conflict (id TEXT PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, office_id TEXT NOT NULL,
  current TEXT NOT NULL, incoming TEXT NOT NULL, created_at INTEGER NOT NULL, resolved_at INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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

type DeviceRow = { id: string; name: string; office_id: string; sensitivity: SensitivityClass; created_at: number; revoked_at: number | null; last_seen_at: number | null };
const toDevice = (r: DeviceRow): Device => ({ id: r.id, name: r.name, officeId: r.office_id, sensitivity: r.sensitivity, createdAt: r.created_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at });

/** Stores from before the row documents kept one row per cell: fold them into documents once. */
function migrateCells(db: Database.Database) {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cell'").get()) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    const ins = db.prepare('INSERT INTO hub_row (table_name, row_id, office_id, seq, doc, devs) VALUES (?, ?, ?, ?, ?, ?)');
    const cellsOf = db.prepare('SELECT col, value, hlc, device_id FROM cell WHERE table_name = ? AND row_id = ?');
    for (const r of db.prepare('SELECT table_name, row_id, office_id, seq FROM row_state').all() as { table_name: string; row_id: string; office_id: string; seq: number }[]) {
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

export function createSqliteStore(file: string, opts: { now: () => number; countyWide: string[] }): HubStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrateCells(db);
  db.exec(SCHEMA);
  const now = opts.now;

  const seq = (db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined)?.value;
  let nextSeq = Number(seq ?? 0);
  const saveSeq = db.prepare("INSERT INTO meta(key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

  const s = {
    hasOp: db.prepare('SELECT 1 FROM op WHERE op_id = ?'),
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
      c = { table, rowId, office: r?.office_id ?? null, seq: r?.seq ?? 0, doc: r ? (JSON.parse(r.doc) as Doc) : {}, devs: r ? (JSON.parse(r.devs) as Devs) : {}, dirty: false };
      cache.set(key, c);
    }
    return c;
  }

  const tx: BatchTx = {
    hasOp: (id) => !!s.hasOp.get(id),
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
    touchRow: (t, r, office) => {
      const row = cached(t, r);
      if (row.office !== null && row.office !== office) s.evict.run(++nextSeq, t, r, row.office);
      row.office = office;
      row.seq = ++nextSeq;
      row.dirty = true;
    },
    recordOp: (op, dev, outcome) => void s.recordOp.run(op.opId, dev, op.table, op.rowId, op.hlc, outcome, now()),
    keepPending: (op, dev, reason) => void s.pending.run(op.opId, dev, JSON.stringify(op), reason, now()),
    addConflict: (c) => void s.conflict.run(randomUUID(), c.table, c.rowId, c.column, c.officeId, JSON.stringify(c.current), JSON.stringify(c.incoming), now()),
  };

  function batch<T>(fn: (t: BatchTx) => T): T {
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
  const pageWide = db.prepare(`SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE table_name IN (${marks}) AND office_id <> ? AND seq > ? ORDER BY seq LIMIT ?`);
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

  function pull(scope: Scope, cursor: number, limit: number, hiddenOf: (table: string) => ReadonlySet<string> | null) {
    const rows = pageOf(scope, cursor, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const upTo = more ? page[page.length - 1]!.seq : nextSeq;
    const ev = scope.officeId === null
      ? []
      : (db.prepare('SELECT seq, table_name, row_id FROM eviction WHERE office_id = ? AND seq > ? AND seq <= ? ORDER BY seq').all(scope.officeId, cursor, upTo) as { seq: number; table_name: string; row_id: string }[]);
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
    const evictions = ev.filter((e) => !out.some((o) => o.table === e.table_name && o.rowId === e.row_id && o.seq > e.seq)).map((e) => ({ seq: e.seq, table: e.table_name, rowId: e.row_id }));
    return { rows: out, evictions, cursor: upTo, more, total };
  }

  function conflicts(scope: Scope): SyncConflict[] {
    const rows = db
      .prepare(`SELECT * FROM conflict WHERE resolved_at IS NULL ${scope.officeId ? 'AND office_id = ?' : ''} ORDER BY created_at`)
      .all(...(scope.officeId ? [scope.officeId] : [])) as { id: string; table_name: string; row_id: string; col: string; office_id: string; current: string; incoming: string; created_at: number }[];
    return rows.map((r) => ({ id: r.id, table: r.table_name, rowId: r.row_id, column: r.col, officeId: r.office_id, current: JSON.parse(r.current), incoming: JSON.parse(r.incoming), createdAt: r.created_at }));
  }

  return {
    createEnrolment(officeId, sensitivity, ttlMs) {
      // Grouped for reading aloud over the phone: XXXX-XXXX-XXXX.
      const raw = randomBytes(9).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, '7').slice(0, 12);
      const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
      db.prepare('INSERT INTO enrolment (code_hash, office_id, sensitivity, expires_at) VALUES (?, ?, ?, ?)').run(sha(code), officeId, sensitivity, now() + ttlMs);
      return code;
    },
    redeemEnrolment(code, deviceName) {
      return db.transaction(() => {
        const e = db.prepare('SELECT * FROM enrolment WHERE code_hash = ?').get(sha(code.trim().toUpperCase())) as { code_hash: string; office_id: string; sensitivity: SensitivityClass; expires_at: number; used_at: number | null } | undefined;
        if (!e || e.used_at || e.expires_at < now()) return null;
        db.prepare('UPDATE enrolment SET used_at = ? WHERE code_hash = ?').run(now(), e.code_hash);
        const token = randomBytes(32).toString('base64url');
        const id = randomUUID();
        db.prepare('INSERT INTO device (id, name, office_id, sensitivity, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, deviceName, e.office_id, e.sensitivity, sha(token), now());
        return { device: toDevice(db.prepare('SELECT * FROM device WHERE id = ?').get(id) as DeviceRow), token };
      })();
    },
    deviceByToken(token) {
      const r = db.prepare('SELECT * FROM device WHERE token_hash = ? AND revoked_at IS NULL').get(sha(token)) as DeviceRow | undefined;
      return r ? toDevice(r) : null;
    },
    listDevices: () => (db.prepare('SELECT * FROM device ORDER BY created_at').all() as DeviceRow[]).map(toDevice),
    revokeDevice: (id) => db.prepare('UPDATE device SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0,
    touchDevice: (id) => void db.prepare('UPDATE device SET last_seen_at = ? WHERE id = ?').run(now(), id),
    batch,
    pull,
    conflicts,
    resolveConflict: (id, scope) =>
      db.prepare(`UPDATE conflict SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL ${scope.officeId ? 'AND office_id = ?' : ''}`).run(now(), id, ...(scope.officeId ? [scope.officeId] : [])).changes > 0,
    pendingOps: () => (db.prepare('SELECT device_id, body FROM pending_op ORDER BY received_at').all() as { device_id: string; body: string }[]).map((r) => ({ op: JSON.parse(r.body) as Op, deviceId: r.device_id })),
    clearPending: (opId) => void db.prepare('DELETE FROM pending_op WHERE op_id = ?').run(opId),
    maxSeq: () => nextSeq,
    stats: () => ({
      ops: (db.prepare('SELECT count(*) n FROM op').get() as { n: number }).n,
      rows: (db.prepare('SELECT count(*) n FROM hub_row').get() as { n: number }).n,
      devices: (db.prepare('SELECT count(*) n FROM device WHERE revoked_at IS NULL').get() as { n: number }).n,
    }),
    close: () => db.close(),
  };
}

