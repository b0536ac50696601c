import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Op, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';
import { anchorDecision, chainStep, heldChain, newEnrolmentCode, parseVerdict, sha } from './common';
import {
  StoreUnavailable,
  toRestoreRecord,
  type AuditRestoreRow,
  type BatchHint,
  type BatchTx,
  type CellState,
  type Device,
  type HubStore,
  type OpVerdict,
  type PullPage,
  type Scope,
  type StoreDump,
  type StoredRow,
} from './store';

// The hub's store on PostgreSQL, for a city or a province: several hub processes on one database
// (DESIGN.md, Stores). The same tables and the same behaviour as the SQLite store.
//
// Ordering. Every write batch takes one transaction-scoped advisory lock before it reads
// anything, reads the last server_seq from hub_seq, numbers its rows after it and commits. The
// lock is held until the commit, so batches commit one at a time in server_seq order, whichever
// process runs them: a pull, which reads one snapshot, sees every seq up to the last committed
// one and none after, so a cursor never passes a seq that commits later (gap-free as clients see
// it). A crashed process's lock goes with its connection.
//
// The protocol (hub.ts applyBatch) is synchronous. A batch runs it against rows loaded before it
// starts (the hint: its ops' rows, the rows their references name, their earlier verdicts); a
// read that misses throws Miss, the store loads it and runs the batch again from the start, so
// nothing the batch wrote in memory survives into the next attempt. Writes go out at the end in
// one statement: a data-modifying CTE per table, each fed by arrays (unnest), so its number of
// parameters does not grow with the batch.

/** The advisory lock key of the write batches: 'BDhub' in ASCII. */
const BATCH_LOCK = 0x424448_7562;
/** Held while migrations run, so two processes starting at once migrate once. */
const MIGRATE_LOCK = 0x424448_6d67;

/** The hub schema, versioned; each step runs once, in order, in one transaction with its version. */
export const PG_MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'hub tables',
    sql: `
CREATE TABLE device (id text PRIMARY KEY, name text NOT NULL, office_id text NOT NULL, sensitivity text NOT NULL,
  token_hash text NOT NULL UNIQUE, created_at bigint NOT NULL, revoked_at bigint, last_seen_at bigint);
CREATE TABLE enrolment (code_hash text PRIMARY KEY, office_id text NOT NULL, sensitivity text NOT NULL, expires_at bigint NOT NULL, used_at bigint, device_id text);
CREATE INDEX enrolment_device ON enrolment(device_id);
CREATE TABLE op (op_id text PRIMARY KEY, device_id text NOT NULL, table_name text NOT NULL, row_id text NOT NULL, hlc text NOT NULL,
  outcome text NOT NULL, received_at bigint NOT NULL);
-- One row per synced row: its office, its latest server_seq, its cells as one JSON document in
-- the wire format { column: { value, hlc } } (text: a pull sends it as it is) and the device that
-- wrote each cell { column: id }.
CREATE TABLE hub_row (table_name text NOT NULL, row_id text NOT NULL, office_id text NOT NULL, seq bigint NOT NULL,
  doc text NOT NULL, devs text NOT NULL, PRIMARY KEY (table_name, row_id));
CREATE INDEX hub_row_seq ON hub_row(seq);
CREATE INDEX hub_row_office_seq ON hub_row(office_id, seq);
CREATE INDEX hub_row_table_seq ON hub_row(table_name, seq);
CREATE TABLE eviction (seq bigint PRIMARY KEY, table_name text NOT NULL, row_id text NOT NULL, office_id text NOT NULL);
CREATE INDEX eviction_office ON eviction(office_id, seq);
CREATE INDEX eviction_row ON eviction(table_name, row_id);
CREATE TABLE pending_op (op_id text PRIMARY KEY, device_id text NOT NULL, body text NOT NULL, reason text NOT NULL, received_at bigint NOT NULL);
CREATE INDEX pending_op_device ON pending_op(device_id);
CREATE TABLE conflict (id text PRIMARY KEY, table_name text NOT NULL, row_id text NOT NULL, col text NOT NULL, office_id text NOT NULL,
  current text NOT NULL, incoming text NOT NULL, created_at bigint NOT NULL, resolved_at bigint);
CREATE INDEX conflict_open ON conflict(office_id, created_at) WHERE resolved_at IS NULL;
-- The last server_seq handed out: one row, updated by each batch under the batch lock.
CREATE TABLE hub_seq (one boolean PRIMARY KEY DEFAULT true CHECK (one), seq bigint NOT NULL);
INSERT INTO hub_seq (seq) VALUES (0);
`,
  },
  {
    version: 2,
    name: 'enrolment claims',
    // The hash of the claim the first redemption brought: only that device may redeem the code again.
    sql: 'ALTER TABLE enrolment ADD COLUMN claim_hash text;',
  },
  {
    version: 3,
    name: 'audit anchors',
    // Each device's audit head as the hub last accepted it (issue 17: truncation shows).
    sql: 'CREATE TABLE audit_anchor (device_id text PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL, at bigint NOT NULL);',
  },
  {
    version: 4,
    name: 'audit restores',
    // A device that restored a backup says so once: the hub takes the restored chain's head and keeps what it replaced.
    sql: `CREATE TABLE audit_restore (device_id text NOT NULL, entry_seq bigint NOT NULL, entry_hash text NOT NULL, replaced_seq bigint, replaced_hash text,
      held_seq bigint NOT NULL, held_hash text NOT NULL, head_seq bigint NOT NULL, head_hash text NOT NULL, at bigint NOT NULL, PRIMARY KEY (device_id, entry_seq, entry_hash));`,
  },
  {
    version: 5,
    name: 'push chains',
    // Each device's push chain (common.ts, chainStep): two copies of one installation are told apart.
    sql: 'CREATE TABLE push_chain (device_id text PRIMARY KEY, cur text NOT NULL, prev text, last_ops text NOT NULL, at bigint NOT NULL, rebased text);',
  },
];

export interface PgStoreOptions {
  now: () => number;
  countyWide: string[];
  follows?: { table: string; column: string }[];
  /** Connections per hub process (HUB_PG_POOL, default 10). */
  poolSize?: number;
  /** Longest statement before PostgreSQL cancels it, in ms (HUB_PG_STATEMENT_TIMEOUT_MS, default 10 s). */
  statementTimeoutMs?: number;
  /** How long a request waits for PostgreSQL to come back (a restart, a failover) before the hub answers 503, in ms. */
  retryForMs?: number;
  log?: (fields: Record<string, unknown>) => void;
}

type Doc = Record<string, { value: CellState['value']; hlc: string }>;
type Devs = Record<string, string>;
interface Loaded {
  office: string | null;
  seq: number;
  doc: Doc;
  devs: Devs;
}
interface AttemptRow extends Loaded {
  table: string;
  rowId: string;
  dirty: boolean;
}

/** A read the batch's memory could not answer: loaded, then the batch runs again. */
class Miss {
  constructor(
    readonly what:
      | { kind: 'row'; table: string; rowId: string }
      | { kind: 'verdict'; opId: string }
      | { kind: 'evicted'; key: string; table: string; rowId: string; office: string; seq: number }
      | { kind: 'refs'; key: string; table: string; column: string; value: string }
      | { kind: 'pendingBytes'; deviceId: string },
  ) {}
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

const rowKey = (table: string, rowId: string) => `${table}\u0000${rowId}`;

/** Errors that mean the server went away or is starting: the statement can be tried again on a new connection. */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  // 08: connection exceptions; 57P01–57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections; 40001/40P01: serialization failure, deadlock.
  // 08P01 is the protocol refusing a message this client sent: sending it again cannot help.
  if ((/^08/.test(code) && code !== '08P01') || ['57P01', '57P02', '57P03', '53300', '40001', '40P01'].includes(code)) return true;
  const m = err?.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i.test(
    m,
  );
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  // user:password@ and ?password=… (node-postgres takes both), and any other secret-looking parameter.
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@').replace(/([?&](?:password|passwd|pwd|sslpassword|sslkey)=)[^&#]*/gi, '$1***');
}

export async function createPgStore(url: string, opts: PgStoreOptions): Promise<HubStore> {
  const now = opts.now;
  const log = opts.log ?? ((f) => process.stderr.write(JSON.stringify(f) + '\n'));
  const retryForMs = opts.retryForMs ?? 15_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    statement_timeout: opts.statementTimeoutMs ?? 10_000,
    // A process that stalls inside a transaction does not hold the batch lock for ever.
    idle_in_transaction_session_timeout: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'branch-desk-hub',
    // bigint columns (seq, times) as numbers: they stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by a restarting server: the next query takes a new one.
  pool.on('error', (e) => log({ level: 'warn', msg: 'postgres connection lost', error: e.message }));

  /** Runs fn, again on a new connection while the server is away, for at most retryForMs; then StoreUnavailable. */
  async function retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        // A statement PostgreSQL cancelled at the timeout: the database is overloaded or a lock is stuck.
        if ((e as { code?: string }).code === '57014') throw new StoreUnavailable(`PostgreSQL statement timeout (${what})`, e);
        // 28P01/28000: the password or the role was refused. Not transient, but not the device's fault either:
        // the hub is unavailable until its operator fixes the setting.
        if (['28P01', '28000', '3D000'].includes((e as { code?: string }).code ?? ''))
          throw new StoreUnavailable(`PostgreSQL refused the hub's login (${what}): ${(e as Error).message}`, e);
        if (!isTransient(e)) throw e;
        const waited = performance.now() - start;
        if (waited >= retryForMs) throw new StoreUnavailable(`PostgreSQL unreachable for ${Math.round(waited)} ms (${what}): ${(e as Error).message}`, e);
        if (attempt === 0)
          log({ level: 'warn', msg: 'postgres unavailable, retrying', what, error: (e as Error).message, code: (e as { code?: string }).code });
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 1000)));
      }
    }
  }

  async function q<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return retrying(sql.slice(0, 40), async () => (await pool.query<R>(sql, params)).rows);
  }

  /**
   * One transaction on one connection; the whole of it is tried again after a lost connection.
   * `opening`: statements without parameters sent with the BEGIN, in the same round trip; fn gets
   * the last one's rows.
   */
  async function transaction<T>(what: string, fn: (c: pg.PoolClient, opened: pg.QueryResultRow[]) => Promise<T>, isolation = '', opening = ''): Promise<T> {
    return retrying(what, async () => {
      const c = await pool.connect();
      let broken = false;
      try {
        const began = await c.query(`BEGIN${isolation ? ` ISOLATION LEVEL ${isolation}` : ''}${opening ? `; ${opening}` : ''}`);
        const r = await fn(c, opening ? ([] as pg.QueryResult[]).concat(began as unknown as pg.QueryResult[]).at(-1)!.rows : []);
        await c.query('COMMIT');
        return r;
      } catch (e) {
        broken = isTransient(e);
        if (!broken) await c.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        c.release(broken);
      }
    });
  }

  // Migrations, under a lock so that two processes starting together apply each once.
  await migrate().catch(async (e: unknown) => {
    await pool.end().catch(() => undefined);
    throw e;
  });
  async function migrate() {
    await transaction('migrate', async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS hub_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM hub_migration')).rows.map((r) => r.version));
      const newest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
      const ahead = [...done].filter((v) => v > newest);
      if (ahead.length) throw new Error(`the hub database is at schema version ${Math.max(...ahead)}, newer than this hub (${newest}): upgrade the hub`);
      for (const m of PG_MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO hub_migration (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now()]);
        log({ level: 'info', msg: 'hub schema migrated', version: m.version, name: m.name });
      }
      // The rows that follow a parent (DESIGN.md, office moves) are found through a partial index
      // on their reference, one per (table, column), from the manifest of the running hub.
      for (const f of opts.follows ?? []) {
        const t = ident(f.table);
        const col = ident(f.column);
        await c.query(`CREATE INDEX IF NOT EXISTS hub_row_ref_${t}_${col} ON hub_row (((doc::jsonb) -> '${col}' ->> 'value')) WHERE table_name = '${t}'`);
      }
    });
  }

  const follows = new Set((opts.follows ?? []).map((f) => `${f.table}.${f.column}`));

  async function loadRows(c: pg.PoolClient, keys: { table: string; rowId: string }[], into: Map<string, Loaded>) {
    const want = keys.filter((k) => !into.has(rowKey(k.table, k.rowId)));
    if (!want.length) return;
    const r = await c.query<{ table_name: string; row_id: string; office_id: string; seq: number; doc: string; devs: string }>(
      'SELECT h.table_name, h.row_id, h.office_id, h.seq, h.doc, h.devs FROM unnest($1::text[], $2::text[]) k(t, r) JOIN hub_row h ON h.table_name = k.t AND h.row_id = k.r',
      [want.map((k) => k.table), want.map((k) => k.rowId)],
    );
    for (const k of want) into.set(rowKey(k.table, k.rowId), { office: null, seq: 0, doc: {}, devs: {} });
    for (const x of r.rows)
      into.set(rowKey(x.table_name, x.row_id), { office: x.office_id, seq: x.seq, doc: JSON.parse(x.doc) as Doc, devs: JSON.parse(x.devs) as Devs });
  }

  async function loadVerdicts(c: pg.PoolClient, ids: string[], into: Map<string, OpVerdict | null>) {
    const want = ids.filter((id) => !into.has(id));
    if (!want.length) return;
    const r = await c.query<{ op_id: string; outcome: string }>('SELECT op_id, outcome FROM op WHERE op_id = ANY($1::text[])', [want]);
    for (const id of want) into.set(id, null);
    for (const x of r.rows) into.set(x.op_id, parseVerdict(x.outcome));
  }

  /** A batch's first reads in one round trip: the verdicts of its ops and the rows they touch. */
  async function loadHinted(c: pg.PoolClient, hint: BatchHint, verdicts: Map<string, OpVerdict | null>, rows: Map<string, Loaded>) {
    const ids = hint.opIds.filter((id) => !verdicts.has(id));
    const keys = hint.rows.filter((k) => !rows.has(rowKey(k.table, k.rowId)));
    if (!ids.length || !keys.length) {
      await loadVerdicts(c, ids, verdicts);
      await loadRows(c, keys, rows);
      return;
    }
    const r = await c.query<{ k: string; a: string; b: string; c: string | null; d: number | null; e: string | null; f: string | null }>(
      `SELECT 'v' k, op_id a, outcome b, NULL::text c, NULL::bigint d, NULL::text e, NULL::text f FROM op WHERE op_id = ANY($1::text[])
       UNION ALL
       SELECT 'r', h.table_name, h.row_id, h.office_id, h.seq, h.doc, h.devs FROM unnest($2::text[], $3::text[]) k(t, r) JOIN hub_row h ON h.table_name = k.t AND h.row_id = k.r`,
      [ids, keys.map((k) => k.table), keys.map((k) => k.rowId)],
    );
    for (const id of ids) verdicts.set(id, null);
    for (const k of keys) rows.set(rowKey(k.table, k.rowId), { office: null, seq: 0, doc: {}, devs: {} });
    for (const x of r.rows) {
      if (x.k === 'v') verdicts.set(x.a, parseVerdict(x.b));
      else rows.set(rowKey(x.a, x.b), { office: x.c, seq: x.d!, doc: JSON.parse(x.e!) as Doc, devs: JSON.parse(x.f!) as Devs });
    }
  }

  async function batch<T>(fn: (tx: BatchTx) => T, hint?: BatchHint): Promise<T> {
    // The batch lock and the sequence's value come with the BEGIN (one round trip). In READ
    // COMMITTED each statement reads a new snapshot, so the read after the lock sees every batch
    // committed before it.
    return transaction(
      'batch',
      async (c, opened) => {
        const seq0 = (opened[0] as { seq: number }).seq;
        // What the database holds, loaded once per transaction.
        const rows = new Map<string, Loaded>();
        const verdicts = new Map<string, OpVerdict | null>();
        const evicted = new Map<string, boolean>();
        const refs = new Map<string, string[]>();
        const pendingBytes = new Map<string, number>();
        if (hint) await loadHinted(c, hint, verdicts, rows);
        for (let attempt = 0; ; attempt++) {
          if (attempt > 10_000) throw new Error('batch did not settle');
          // This attempt's writes, dropped if a read misses.
          let seq = seq0;
          const mine = new Map<string, AttemptRow>();
          const recorded = new Map<string, { op: Op; deviceId: string; verdict: OpVerdict }>();
          const evictions: { seq: number; table: string; rowId: string; office: string }[] = [];
          const pending: { op: Op; deviceId: string; reason: string }[] = [];
          const conflicts: Omit<SyncConflict, 'id' | 'createdAt'>[] = [];
          const row = (table: string, rowId: string): AttemptRow => {
            const key = rowKey(table, rowId);
            let r = mine.get(key);
            if (!r) {
              const l = rows.get(key);
              if (!l) throw new Miss({ kind: 'row', table, rowId });
              r = { table, rowId, office: l.office, seq: l.seq, doc: { ...l.doc }, devs: { ...l.devs }, dirty: false };
              mine.set(key, r);
            }
            return r;
          };
          const tx: BatchTx = {
            verdictOf: (id) => {
              const r = recorded.get(id);
              if (r) return r.verdict;
              if (!verdicts.has(id)) throw new Miss({ kind: 'verdict', opId: id });
              return verdicts.get(id)!;
            },
            rowOffice: (t, r) => row(t, r).office,
            rowCells: (t, r) => {
              const x = row(t, r);
              return x.office === null ? null : x.doc;
            },
            cell: (t, r, col) => {
              const x = row(t, r);
              const v = x.doc[col];
              return v ? { value: v.value, hlc: v.hlc, device: x.devs[col] ?? '' } : null;
            },
            writeCell: (t, r, col, v) => {
              const x = row(t, r);
              x.doc[col] = { value: v.value, hlc: v.hlc };
              x.devs[col] = v.device;
              x.dirty = true;
            },
            touchRow: (t, r, office, evictFrom) => {
              const x = row(t, r);
              if (x.office !== null && x.office !== office) evictions.push({ seq: ++seq, table: t, rowId: r, office: x.office });
              else if (evictFrom && evictFrom !== office && x.office === null) evictions.push({ seq: ++seq, table: t, rowId: r, office: evictFrom });
              x.office = office;
              x.seq = ++seq;
              x.dirty = true;
            },
            evictedAfter: (t, r, office, after) => {
              const key = `${rowKey(t, r)}\u0000${office}\u0000${after}`;
              const own = evictions.some((e) => e.table === t && e.rowId === r && e.office === office && e.seq > after);
              if (own) return true;
              if (!evicted.has(key)) throw new Miss({ kind: 'evicted', key, table: t, rowId: r, office, seq: after });
              return evicted.get(key)!;
            },
            rowsReferencing: (t, col, v) => {
              if (!follows.has(`${t}.${col}`)) throw new Error(`no reference index for ${t}.${col}`);
              const key = `${t}\u0000${col}\u0000${v}`;
              if (!refs.has(key)) throw new Miss({ kind: 'refs', key, table: t, column: col, value: v });
              const ids = new Set(refs.get(key));
              // Rows of this batch not yet written out.
              for (const x of mine.values()) if (x.table === t && x.doc[col]?.value === v) ids.add(x.rowId);
              return [...ids];
            },
            recordOp: (op, dev, verdict) => {
              if (!recorded.has(op.opId)) recorded.set(op.opId, { op, deviceId: dev, verdict });
            },
            pendingBytes: (dev) => {
              if (!pendingBytes.has(dev)) throw new Miss({ kind: 'pendingBytes', deviceId: dev });
              return pendingBytes.get(dev)! + pending.filter((p) => p.deviceId === dev).reduce((n, p) => n + Buffer.byteLength(JSON.stringify(p.op)), 0);
            },
            keepPending: (op, dev, reason) => void pending.push({ op, deviceId: dev, reason }),
            addConflict: (x) => void conflicts.push(x),
          };
          let result: T;
          try {
            result = fn(tx);
          } catch (e) {
            if (!(e instanceof Miss)) throw e;
            const w = e.what;
            if (w.kind === 'row') await loadRows(c, [w], rows);
            else if (w.kind === 'verdict') await loadVerdicts(c, [w.opId], verdicts);
            else if (w.kind === 'evicted') {
              const r = await c.query('SELECT 1 FROM eviction WHERE table_name = $1 AND row_id = $2 AND office_id = $3 AND seq > $4 LIMIT 1', [
                w.table,
                w.rowId,
                w.office,
                w.seq,
              ]);
              evicted.set(w.key, r.rowCount! > 0);
            } else if (w.kind === 'refs') {
              // The referencing rows come whole: the move reads and rewrites each of them next.
              const r = await c.query<{ row_id: string; office_id: string; seq: number; doc: string; devs: string }>(
                `SELECT row_id, office_id, seq, doc, devs FROM hub_row WHERE table_name = $1 AND ((doc::jsonb) -> '${ident(w.column)}' ->> 'value') = $2`,
                [w.table, w.value],
              );
              refs.set(
                w.key,
                r.rows.map((x) => x.row_id),
              );
              for (const x of r.rows)
                if (!rows.has(rowKey(w.table, x.row_id)))
                  rows.set(rowKey(w.table, x.row_id), { office: x.office_id, seq: x.seq, doc: JSON.parse(x.doc) as Doc, devs: JSON.parse(x.devs) as Devs });
            } else {
              const r = await c.query<{ n: number }>('SELECT coalesce(sum(octet_length(body)), 0)::float8 n FROM pending_op WHERE device_id = $1', [
                w.deviceId,
              ]);
              pendingBytes.set(w.deviceId, r.rows[0]!.n);
            }
            continue;
          }
          // The attempt settled: write it out.
          const dirty = [...mine.values()].filter((x) => x.dirty);
          for (const x of dirty) if (x.office === null) throw new Error(`row ${x.table}/${x.rowId} has no office`);
          // Every write of the attempt in one statement (data-modifying CTEs: one round trip).
          const parts: string[] = [];
          const params: unknown[] = [];
          /** The statement's parameters for one part, as `$n` in the order given. */
          const ps = (...vs: unknown[]) =>
            vs.map((v) => {
              params.push(v);
              return `$${params.length}`;
            });
          if (dirty.length) {
            const [t, r, o, s, d, v] = ps(
              dirty.map((x) => x.table),
              dirty.map((x) => x.rowId),
              dirty.map((x) => x.office),
              dirty.map((x) => x.seq),
              dirty.map((x) => JSON.stringify(x.doc)),
              dirty.map((x) => JSON.stringify(x.devs)),
            );
            parts.push(
              `INSERT INTO hub_row (table_name, row_id, office_id, seq, doc, devs) SELECT * FROM unnest(${t}::text[], ${r}::text[], ${o}::text[], ${s}::bigint[], ${d}::text[], ${v}::text[])
             ON CONFLICT (table_name, row_id) DO UPDATE SET office_id = excluded.office_id, seq = excluded.seq, doc = excluded.doc, devs = excluded.devs`,
            );
          }
          if (evictions.length) {
            const [s, t, r, o] = ps(
              evictions.map((e) => e.seq),
              evictions.map((e) => e.table),
              evictions.map((e) => e.rowId),
              evictions.map((e) => e.office),
            );
            parts.push(
              `INSERT INTO eviction (seq, table_name, row_id, office_id) SELECT * FROM unnest(${s}::bigint[], ${t}::text[], ${r}::text[], ${o}::text[])`,
            );
          }
          if (recorded.size) {
            const ops = [...recorded.values()];
            const [a, b, cc, d, e, f, t] = ps(
              ops.map((o) => o.op.opId),
              ops.map((o) => o.deviceId),
              ops.map((o) => o.op.table),
              ops.map((o) => o.op.rowId),
              ops.map((o) => o.op.hlc),
              ops.map((o) => JSON.stringify(o.verdict)),
              now(),
            );
            parts.push(
              `INSERT INTO op (op_id, device_id, table_name, row_id, hlc, outcome, received_at) SELECT a, b, c, d, e, f, ${t}::bigint FROM unnest(${a}::text[], ${b}::text[], ${cc}::text[], ${d}::text[], ${e}::text[], ${f}::text[]) x(a, b, c, d, e, f) ON CONFLICT (op_id) DO NOTHING`,
            );
          }
          if (pending.length) {
            const [a, b, cc, d, t] = ps(
              pending.map((p) => p.op.opId),
              pending.map((p) => p.deviceId),
              pending.map((p) => JSON.stringify(p.op)),
              pending.map((p) => p.reason),
              now(),
            );
            parts.push(
              `INSERT INTO pending_op (op_id, device_id, body, reason, received_at) SELECT a, b, c, d, ${t}::bigint FROM unnest(${a}::text[], ${b}::text[], ${cc}::text[], ${d}::text[]) x(a, b, c, d) ON CONFLICT (op_id) DO NOTHING`,
            );
          }
          // All of them as one part (a push may bring thousands: one part each would pass the
          // protocol's 65,535 parameters).
          if (conflicts.length) {
            const [id, t, r, col, o, cur, inc, at] = ps(
              conflicts.map(() => randomUUID()),
              conflicts.map((x) => x.table),
              conflicts.map((x) => x.rowId),
              conflicts.map((x) => x.column),
              conflicts.map((x) => x.officeId),
              conflicts.map((x) => JSON.stringify(x.current)),
              conflicts.map((x) => JSON.stringify(x.incoming)),
              now(),
            );
            parts.push(
              `INSERT INTO conflict (id, table_name, row_id, col, office_id, current, incoming, created_at) SELECT a, b, c, d, e, f, g, ${at}::bigint FROM unnest(${id}::text[], ${t}::text[], ${r}::text[], ${col}::text[], ${o}::text[], ${cur}::text[], ${inc}::text[]) x(a, b, c, d, e, f, g)`,
            );
          }
          if (seq !== seq0) parts.push(`UPDATE hub_seq SET seq = ${ps(seq)[0]}::bigint`);
          if (parts.length === 1) await c.query(parts[0]!, params);
          else if (parts.length > 1)
            await c.query(
              `WITH ${parts
                .slice(0, -1)
                .map((x, i) => `w${i} AS (${x})`)
                .join(', ')} ${parts.at(-1)}`,
              params,
            );
          return result;
        }
      },
      // Named, not left to the database's default: under REPEATABLE READ the snapshot would be
      // taken before the lock is granted.
      'READ COMMITTED',
      `SELECT pg_advisory_xact_lock(${BATCH_LOCK}); SELECT seq FROM hub_seq`,
    );
  }

  // A page in server_seq order; a station's page merges its own office's rows with the county-wide tables'.
  const wide = opts.countyWide.length ? opts.countyWide : ['\u0000'];
  type PageRow = { table_name: string; row_id: string; office_id: string; seq: number; doc: string };
  async function pull(scope: Scope, cursor: number, limit: number, hiddenOf: (table: string) => ReadonlySet<string> | null): Promise<PullPage> {
    // One snapshot for the page, its evictions and the last seq: a batch committing meanwhile is
    // either wholly in it or wholly after its cursor.
    return transaction(
      'pull',
      async (c) => {
        const n = limit + 1;
        const page =
          scope.officeId === null
            ? (await c.query<PageRow>('SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor, n])).rows
            : (
                await c.query<PageRow>(
                  `SELECT * FROM ((SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE office_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
                   UNION ALL (SELECT table_name, row_id, office_id, seq, doc FROM hub_row WHERE table_name = ANY($4::text[]) AND office_id <> $1 AND seq > $2 ORDER BY seq LIMIT $3)) p ORDER BY seq LIMIT $3`,
                  [scope.officeId, cursor, n, wide],
                )
              ).rows;
        const more = page.length > limit;
        const rowsOut = page.slice(0, limit);
        const upTo = more ? rowsOut[rowsOut.length - 1]!.seq : (await c.query<{ seq: number }>('SELECT seq FROM hub_seq')).rows[0]!.seq;
        const ev =
          scope.officeId === null
            ? []
            : (
                await c.query<{ seq: number; table_name: string; row_id: string }>(
                  'SELECT seq, table_name, row_id FROM eviction WHERE office_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
                  [scope.officeId, cursor, upTo],
                )
              ).rows;
        let total = 0;
        if (cursor === 0) {
          total =
            scope.officeId === null
              ? (await c.query<{ n: number }>('SELECT count(*)::float8 n FROM hub_row')).rows[0]!.n
              : (
                  await c.query<{ n: number }>(
                    'SELECT ((SELECT count(*) FROM hub_row WHERE office_id = $1) + (SELECT count(*) FROM hub_row WHERE table_name = ANY($2::text[]) AND office_id <> $1))::float8 n',
                    [scope.officeId, wide],
                  )
                ).rows[0]!.n;
        }
        const out: StoredRow[] = rowsOut.map((r) => {
          const hidden = hiddenOf(r.table_name);
          let cellsJson = r.doc;
          if (hidden && hidden.size) {
            const doc = JSON.parse(r.doc) as Doc;
            for (const col of hidden) delete doc[col];
            cellsJson = JSON.stringify(doc);
          }
          return { seq: r.seq, table: r.table_name, rowId: r.row_id, officeId: r.office_id, cellsJson };
        });
        const evictions = ev
          .filter((e) => !out.some((o) => o.table === e.table_name && o.rowId === e.row_id && o.seq > e.seq))
          .map((e) => ({ seq: e.seq, table: e.table_name, rowId: e.row_id }));
        return { rows: out, evictions, cursor: upTo, more, total };
      },
      'REPEATABLE READ READ ONLY',
    );
  }

  type ConflictRow = { id: string; table_name: string; row_id: string; col: string; office_id: string; current: string; incoming: string; created_at: number };
  async function conflicts(scope: Scope): Promise<SyncConflict[]> {
    const rows = scope.officeId
      ? await q<ConflictRow>('SELECT * FROM conflict WHERE resolved_at IS NULL AND office_id = $1 ORDER BY created_at', [scope.officeId])
      : await q<ConflictRow>('SELECT * FROM conflict WHERE resolved_at IS NULL ORDER BY created_at');
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

  // last_seen_at is written at most every few seconds per device and process: a request does not
  // pay a write for it.
  const touched = new Map<string, number>();

  const DUMP_TABLES = ['device', 'enrolment', 'op', 'hub_row', 'eviction', 'pending_op', 'conflict', 'audit_anchor', 'audit_restore', 'push_chain'] as const;
  const ORDER: Record<(typeof DUMP_TABLES)[number], string> = {
    device: 'created_at, id',
    enrolment: 'code_hash',
    op: 'op_id',
    hub_row: 'seq',
    eviction: 'seq',
    pending_op: 'received_at, op_id',
    conflict: 'created_at, id',
    audit_anchor: 'device_id',
    audit_restore: 'device_id, entry_seq, entry_hash',
    push_chain: 'device_id',
  };

  return {
    kind: 'postgres',
    async createEnrolment(officeId, sensitivity, ttlMs) {
      const code = newEnrolmentCode();
      await q('INSERT INTO enrolment (code_hash, office_id, sensitivity, expires_at) VALUES ($1, $2, $3, $4)', [
        sha(code),
        officeId,
        sensitivity,
        now() + ttlMs,
      ]);
      return code;
    },
    redeemEnrolment: (code, deviceName, claim) =>
      transaction('enrol', async (c) => {
        const e = (
          await c.query<{
            code_hash: string;
            office_id: string;
            sensitivity: SensitivityClass;
            expires_at: number;
            used_at: number | null;
            device_id: string | null;
            claim_hash: string | null;
          }>('SELECT * FROM enrolment WHERE code_hash = $1 FOR UPDATE', [sha(code.trim().toUpperCase())])
        ).rows[0];
        if (!e || e.used_at || e.expires_at < now()) return null;
        // Redeemed before but not confirmed: only the device that brought the first claim may again
        // (a registration from before claims existed is bound to the next claim that comes).
        if (e.device_id && e.claim_hash && e.claim_hash !== sha(claim)) return 'claimed' as const;
        const token = randomBytes(32).toString('base64url');
        // The same device, a new token.
        const again = e.device_id ? (await c.query<DeviceRow>('SELECT * FROM device WHERE id = $1 AND revoked_at IS NULL', [e.device_id])).rows[0] : undefined;
        const id = again?.id ?? randomUUID();
        if (again) await c.query('UPDATE device SET token_hash = $1, name = $2 WHERE id = $3', [sha(token), deviceName, id]);
        else
          await c.query('INSERT INTO device (id, name, office_id, sensitivity, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
            id,
            deviceName,
            e.office_id,
            e.sensitivity,
            sha(token),
            now(),
          ]);
        await c.query('UPDATE enrolment SET device_id = $1, claim_hash = $2 WHERE code_hash = $3', [id, sha(claim), e.code_hash]);
        return { device: toDevice((await c.query<DeviceRow>('SELECT * FROM device WHERE id = $1', [id])).rows[0]!), token };
      }),
    anchorAudit: (deviceId, head, links, restore) =>
      transaction('anchor', async (c) => {
        const row = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_anchor WHERE device_id = $1 FOR UPDATE', [deviceId])).rows[0];
        const held = row ? { seq: Number(row.seq), hash: row.hash } : null;
        const seen =
          !!restore &&
          (
            await c.query('SELECT 1 FROM audit_restore WHERE device_id = $1 AND entry_seq = $2 AND entry_hash = $3', [
              deviceId,
              restore.entry.seq,
              restore.entry.hash,
            ])
          ).rowCount! > 0;
        const d = anchorDecision(held, head, links, restore, seen);
        if (d === 'hold' || d === 'unlinked' || !head) return { anchor: held, moved: false, ...(d === 'unlinked' ? { unlinked: true } : {}) };
        const t = now();
        if (d === 'restore') {
          await c.query(
            'INSERT INTO audit_restore (device_id, entry_seq, entry_hash, replaced_seq, replaced_hash, held_seq, held_hash, head_seq, head_hash, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
            [
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
            ],
          );
        }
        await c.query(
          'INSERT INTO audit_anchor (device_id, seq, hash, at) VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at',
          [deviceId, head.seq, head.hash, t],
        );
        return { anchor: { seq: head.seq, hash: head.hash }, moved: true, ...(d === 'restore' ? { restored: true } : {}) };
      }),
    // Without a transaction: a read, then a compare-and-set on the token read (two round trips; a
    // push racing another of the same device, on any hub process, reads again).
    async chainHeld(deviceId) {
      const row = (
        await q<{ cur: string; prev: string | null; last_ops: string; rebased: string | null }>(
          'SELECT cur, prev, last_ops, rebased FROM push_chain WHERE device_id = $1',
          [deviceId],
        )
      )[0];
      return row ? heldChain(row) : null;
    },
    async advanceChain(deviceId, presented, opIds, rebase, rebaseFrom) {
      for (let attempt = 0; ; attempt++) {
        const row = (
          await q<{ cur: string; prev: string | null; last_ops: string; rebased: string | null }>(
            'SELECT cur, prev, last_ops, rebased FROM push_chain WHERE device_id = $1',
            [deviceId],
          )
        )[0];
        const held = row ? heldChain(row) : null;
        const step = chainStep(deviceId, held, presented, opIds, rebase, rebaseFrom);
        if (!step.next) return { outcome: step.outcome, chain: null };
        const args = [
          deviceId,
          step.next.cur,
          step.next.prev,
          JSON.stringify(step.next.last),
          now(),
          step.next.rebased ? JSON.stringify(step.next.rebased) : null,
        ];
        const set = row
          ? await retrying('chain', () =>
              pool.query(
                'UPDATE push_chain SET cur = $2, prev = $3, last_ops = $4, at = $5, rebased = $6 WHERE device_id = $1 AND cur = $7 AND last_ops = $8',
                [...args, row.cur, row.last_ops],
              ),
            )
          : await retrying('chain', () =>
              pool.query(
                'INSERT INTO push_chain (device_id, cur, prev, last_ops, at, rebased) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id) DO NOTHING',
                args,
              ),
            );
        if (set.rowCount) return { outcome: step.outcome, chain: step.next.cur };
        if (attempt >= 5) throw new StoreUnavailable('push chain contended');
      }
    },
    auditRestores: async (deviceId) =>
      (deviceId
        ? await q<AuditRestoreRow>('SELECT * FROM audit_restore WHERE device_id = $1 ORDER BY at, entry_seq', [deviceId])
        : await q<AuditRestoreRow>('SELECT * FROM audit_restore ORDER BY at, device_id, entry_seq')
      ).map(toRestoreRecord),
    confirmEnrolment: async (deviceId) => void (await q('UPDATE enrolment SET used_at = $1 WHERE device_id = $2 AND used_at IS NULL', [now(), deviceId])),
    async deviceByToken(token) {
      const r = (await q<DeviceRow>('SELECT * FROM device WHERE token_hash = $1 AND revoked_at IS NULL', [sha(token)]))[0];
      return r ? toDevice(r) : null;
    },
    listDevices: async () => (await q<DeviceRow>('SELECT * FROM device ORDER BY created_at')).map(toDevice),
    revokeDevice: async (id) =>
      (await retrying('revoke', () => pool.query('UPDATE device SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now(), id]))).rowCount! > 0,
    async touchDevice(id) {
      const t = now();
      if (t - (touched.get(id) ?? 0) < 5_000) return;
      touched.set(id, t);
      if (touched.size > 50_000) touched.clear();
      await q('UPDATE device SET last_seen_at = $1 WHERE id = $2', [t, id]);
    },
    batch,
    pull,
    conflicts,
    resolveConflict: async (id, scope) =>
      (
        await retrying('resolve', () =>
          scope.officeId
            ? pool.query('UPDATE conflict SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL AND office_id = $3', [now(), id, scope.officeId])
            : pool.query('UPDATE conflict SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL', [now(), id]),
        )
      ).rowCount! > 0,
    pendingOps: async () =>
      (await q<{ device_id: string; body: string }>('SELECT device_id, body FROM pending_op ORDER BY received_at')).map((r) => ({
        op: JSON.parse(r.body) as Op,
        deviceId: r.device_id,
      })),
    clearPending: async (opId) => void (await q('DELETE FROM pending_op WHERE op_id = $1', [opId])),
    async pendingSummary() {
      const rows = await q<{ device_id: string; ops: number; bytes: number; oldest: number; reasons: string[] }>(
        `SELECT device_id, count(*)::float8 ops, sum(octet_length(body))::float8 bytes, min(received_at) oldest,
           (SELECT array_agg(reason ORDER BY reason) FROM (SELECT DISTINCT reason FROM pending_op r WHERE r.device_id = p.device_id ORDER BY reason LIMIT 20) x) reasons
         FROM pending_op p GROUP BY device_id ORDER BY device_id`,
      );
      return rows.map((r) => ({ deviceId: r.device_id, ops: r.ops, bytes: r.bytes, oldest: r.oldest, reasons: r.reasons ?? [] }));
    },
    dropPending: async ({ before, deviceId }) =>
      (
        await retrying('dropPending', () =>
          pool.query('DELETE FROM pending_op WHERE ($1::bigint IS NULL OR received_at < $1) AND ($2::text IS NULL OR device_id = $2)', [
            before ?? null,
            deviceId ?? null,
          ]),
        )
      ).rowCount ?? 0,
    async writers(table, rowId) {
      const r = (await q<{ office_id: string; devs: string }>('SELECT office_id, devs FROM hub_row WHERE table_name = $1 AND row_id = $2', [table, rowId]))[0];
      return r ? { officeId: r.office_id, devices: JSON.parse(r.devs) as Record<string, string> } : null;
    },
    maxSeq: async () => (await q<{ seq: number }>('SELECT seq FROM hub_seq'))[0]!.seq,
    async stats() {
      const r = (
        await q<{ ops: number; rows: number; devices: number }>(
          'SELECT (SELECT count(*) FROM op)::float8 ops, (SELECT count(*) FROM hub_row)::float8 rows, (SELECT count(*) FROM device WHERE revoked_at IS NULL)::float8 devices',
        )
      )[0]!;
      return r;
    },
    async health() {
      // No retry: the answer is about now.
      const t = performance.now();
      try {
        await pool.query('SELECT 1');
        return { ok: true, store: 'postgres', ms: Math.round((performance.now() - t) * 100) / 100 };
      } catch (e) {
        return { ok: false, store: 'postgres', error: (e as Error).message };
      }
    },
    exportAll: () =>
      transaction(
        'export',
        async (c) => {
          const d: Record<string, unknown> = { seq: (await c.query<{ seq: number }>('SELECT seq FROM hub_seq')).rows[0]!.seq };
          for (const t of DUMP_TABLES) d[t] = (await c.query(`SELECT * FROM ${t} ORDER BY ${ORDER[t]}`)).rows;
          return d as unknown as StoreDump;
        },
        'REPEATABLE READ READ ONLY',
      ),
    importAll: (d) =>
      transaction('import', async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [BATCH_LOCK]);
        const n = (
          await c.query<{ n: number }>(
            'SELECT ((SELECT count(*) FROM hub_row) + (SELECT count(*) FROM device) + (SELECT count(*) FROM op) + (SELECT count(*) FROM enrolment))::float8 n',
          )
        ).rows[0]!.n;
        if (n) throw new Error('the target database already holds a hub (rows, devices, ops or enrolment codes): migrate-store only fills an empty one');
        for (const t of DUMP_TABLES) {
          const rows = (d[t] ?? []) as unknown as Record<string, unknown>[];
          if (!rows.length) continue;
          const cols = Object.keys(rows[0]!);
          // In chunks: one statement per few thousand rows.
          for (let i = 0; i < rows.length; i += 2000) {
            const chunk = rows.slice(i, i + 2000);
            const types = await columnTypes(c, t, cols);
            await c.query(
              `INSERT INTO ${t} (${cols.join(', ')}) SELECT * FROM unnest(${cols.map((col, j) => `$${j + 1}::${types[col]}[]`).join(', ')})`,
              cols.map((col) => chunk.map((r) => r[col] ?? null)),
            );
          }
        }
        await c.query('UPDATE hub_seq SET seq = $1', [d.seq]);
      }),
    close: () => pool.end(),
  };
}

const typeCache = new Map<string, Record<string, string>>();
async function columnTypes(c: pg.PoolClient, table: string, cols: string[]) {
  let t = typeCache.get(table);
  if (!t) {
    const r = await c.query<{ column_name: string; data_type: string }>(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()',
      [table],
    );
    t = Object.fromEntries(
      r.rows.map((x) => [
        x.column_name,
        x.data_type === 'bigint' ? 'bigint' : x.data_type === 'integer' ? 'integer' : x.data_type === 'boolean' ? 'boolean' : 'text',
      ]),
    );
    typeCache.set(table, t);
  }
  for (const col of cols) if (!t[col]) throw new Error(`${table} has no column ${col}`);
  return t;
}

function ident(s: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`bad identifier ${s}`);
  return s;
}
