import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Op, PulledRow, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';
import type { BatchTx, CellState, Device, HubStore, Scope } from './store';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS device (id TEXT PRIMARY KEY, name TEXT NOT NULL, office_id TEXT NOT NULL, sensitivity TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER, last_seen_at INTEGER);
CREATE TABLE IF NOT EXISTS enrolment (code_hash TEXT PRIMARY KEY, office_id TEXT NOT NULL, sensitivity TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
CREATE TABLE IF NOT EXISTS op (op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, table_name TEXT NOT NULL, row_id TEXT NOT NULL, hlc TEXT NOT NULL,
  outcome TEXT NOT NULL, received_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cell (table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL, device_id TEXT NOT NULL,
  PRIMARY KEY (table_name, row_id, col)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS row_state (table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (table_name, row_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS row_state_seq ON row_state(seq);
CREATE INDEX IF NOT EXISTS row_state_office_seq ON row_state(office_id, seq);
CREATE TABLE IF NOT EXISTS eviction (seq INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS eviction_office ON eviction(office_id, seq);
CREATE TABLE IF NOT EXISTS pending_op (op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body TEXT NOT NULL, reason TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conflict (id TEXT PRIMARY KEY, table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, office_id TEXT NOT NULL,
  current TEXT NOT NULL, incoming TEXT NOT NULL, created_at INTEGER NOT NULL, resolved_at INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type DeviceRow = { id: string; name: string; office_id: string; sensitivity: SensitivityClass; created_at: number; revoked_at: number | null; last_seen_at: number | null };
const toDevice = (r: DeviceRow): Device => ({ id: r.id, name: r.name, officeId: r.office_id, sensitivity: r.sensitivity, createdAt: r.created_at, revokedAt: r.revoked_at, lastSeenAt: r.last_seen_at });

/** Rows a scope sees: its own office's rows and county-wide reference data; a county device sees all. */
function scopeSql(scope: Scope, alias: string, countyWide: string[]): { sql: string; args: unknown[] } {
  if (scope.officeId === null) return { sql: '1', args: [] };
  const wide = countyWide.map(() => '?').join(',') || "''";
  return { sql: `(${alias}.office_id = ? OR ${alias}.table_name IN (${wide}))`, args: [scope.officeId, ...countyWide] };
}

export function createSqliteStore(file: string, opts: { now: () => number; countyWide: string[] }): HubStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const now = opts.now;

  const seq = (db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined)?.value;
  let nextSeq = Number(seq ?? 0);
  const saveSeq = db.prepare("INSERT INTO meta(key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

  const s = {
    hasOp: db.prepare('SELECT 1 FROM op WHERE op_id = ?'),
    rowOffice: db.prepare('SELECT office_id FROM row_state WHERE table_name = ? AND row_id = ?'),
    cell: db.prepare('SELECT value, hlc, device_id FROM cell WHERE table_name = ? AND row_id = ? AND col = ?'),
    writeCell: db.prepare('INSERT INTO cell (table_name, row_id, col, value, hlc, device_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, hlc = excluded.hlc, device_id = excluded.device_id'),
    upsertRow: db.prepare('INSERT INTO row_state (table_name, row_id, office_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET office_id = excluded.office_id, seq = excluded.seq'),
    evict: db.prepare('INSERT INTO eviction (seq, table_name, row_id, office_id) VALUES (?, ?, ?, ?)'),
    recordOp: db.prepare('INSERT OR IGNORE INTO op (op_id, device_id, table_name, row_id, hlc, outcome, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    pending: db.prepare('INSERT OR IGNORE INTO pending_op (op_id, device_id, body, reason, received_at) VALUES (?, ?, ?, ?, ?)'),
    conflict: db.prepare('INSERT INTO conflict (id, table_name, row_id, col, office_id, current, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    cellsOf: db.prepare('SELECT col, value, hlc FROM cell WHERE table_name = ? AND row_id = ?'),
  };

  const tx: BatchTx = {
    hasOp: (id) => !!s.hasOp.get(id),
    rowOffice: (t, r) => (s.rowOffice.get(t, r) as { office_id: string } | undefined)?.office_id ?? null,
    cell: (t, r, c) => {
      const row = s.cell.get(t, r, c) as { value: string | null; hlc: string; device_id: string } | undefined;
      return row ? { value: row.value === null ? null : (JSON.parse(row.value) as CellState['value']), hlc: row.hlc, device: row.device_id } : null;
    },
    writeCell: (t, r, c, v) => void s.writeCell.run(t, r, c, JSON.stringify(v.value), v.hlc, v.device),
    touchRow: (t, r, office) => {
      const old = tx.rowOffice(t, r);
      if (old !== null && old !== office) s.evict.run(++nextSeq, t, r, old);
      s.upsertRow.run(t, r, office, ++nextSeq);
    },
    recordOp: (op, dev, outcome) => void s.recordOp.run(op.opId, dev, op.table, op.rowId, op.hlc, outcome, now()),
    keepPending: (op, dev, reason) => void s.pending.run(op.opId, dev, JSON.stringify(op), reason, now()),
    addConflict: (c) => void s.conflict.run(randomUUID(), c.table, c.rowId, c.column, c.officeId, JSON.stringify(c.current), JSON.stringify(c.incoming), now()),
  };

  function batch<T>(fn: (t: BatchTx) => T): T {
    const before = nextSeq;
    try {
      return db.transaction(() => {
        const r = fn(tx);
        saveSeq.run(String(nextSeq));
        return r;
      })();
    } catch (e) {
      nextSeq = before; // a failed batch advances nothing
      throw e;
    }
  }

  function pull(scope: Scope, cursor: number, limit: number, visible: (table: string) => Set<string> | null) {
    const sc = scopeSql(scope, 'r', opts.countyWide);
    const rows = db.prepare(`SELECT r.table_name, r.row_id, r.office_id, r.seq FROM row_state r WHERE r.seq > ? AND ${sc.sql} ORDER BY r.seq LIMIT ?`).all(cursor, ...sc.args, limit + 1) as {
      table_name: string;
      row_id: string;
      office_id: string;
      seq: number;
    }[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const upTo = more ? page[page.length - 1]!.seq : nextSeq;
    const ev = scope.officeId === null
      ? []
      : (db.prepare('SELECT seq, table_name, row_id FROM eviction WHERE office_id = ? AND seq > ? AND seq <= ? ORDER BY seq').all(scope.officeId, cursor, upTo) as { seq: number; table_name: string; row_id: string }[]);
    const out: PulledRow[] = page.map((r) => {
      const cols = visible(r.table_name);
      const cells: PulledRow['cells'] = {};
      for (const c of s.cellsOf.all(r.table_name, r.row_id) as { col: string; value: string | null; hlc: string }[]) {
        if (cols && !cols.has(c.col)) continue;
        cells[c.col] = { value: c.value === null ? null : (JSON.parse(c.value) as CellState['value']), hlc: c.hlc };
      }
      return { seq: r.seq, table: r.table_name, rowId: r.row_id, officeId: r.office_id, cells };
    });
    const total = cursor === 0 ? (db.prepare(`SELECT count(*) n FROM row_state r WHERE ${sc.sql}`).get(...sc.args) as { n: number }).n : 0;
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
      rows: (db.prepare('SELECT count(*) n FROM row_state').get() as { n: number }).n,
      devices: (db.prepare('SELECT count(*) n FROM device WHERE revoked_at IS NULL').get() as { n: number }).n,
    }),
    close: () => db.close(),
  };
}

