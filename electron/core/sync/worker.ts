import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { AppError, fail } from '../../../shared/contract/errors';
import { hlcParse, hlcToString } from '../../../shared/domain/hlc';
import { HubError, hubErrorOf } from '../../../shared/sync/http-error';
import { BASE_COLUMNS, SCHEMA_VERSION, tableSpec } from '../../../shared/sync/manifest';
import {
  EnrollResponseSchema,
  HelloSchema,
  MAX_FUTURE_MS,
  OriginResponseSchema,
  PulledRowSchema,
  PullResponseSchema,
  PushResponseSchema,
  AuditAnchorResponseSchema,
  type AuditLink,
  type Op,
  type PulledRow,
  type PullResponse,
  type SensitivityClass,
} from '../../../shared/sync/protocol';
import { rowProblem } from '../../../shared/sync/rows';
import { uuidv7 } from '../../../shared/domain/uuid';
import { isoAt, type Clock } from '../clock';
import type { Sqlite } from '../db/open';
import type { AuditService } from '../services/audit/audit.service';
import type { HlcSource } from './hlc-source';
import { linkMessage, linkReason, type LinkReason } from './link-failure';

/** Link failures that may pass by themselves; a certificate or a wrong address does not. */
const RETRYABLE_LINK = new Set<LinkReason>(['refused', 'timeout', 'unreachable', 'closed', 'network', 'dns']);

export type HubFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export type HubErrorView = { code: string; params: Record<string, string | number | boolean | null> };

/** An outcome of the worker's own, as a reason key (`errors.reasons.<key>`) and its parameters. */
export interface SyncNotice {
  key: string;
  params: Record<string, string | number>;
}

/** A hub's error answer as the renderer words it: its code and the plain values of its details. */
export function hubErrorView(e: HubError): HubErrorView {
  const d = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
  const params = Object.fromEntries(
    Object.entries(d).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v)),
  ) as HubErrorView['params'];
  return { code: e.code, params: { ...params, status: e.status } };
}

export interface SyncStatus {
  configured: boolean;
  hubUrl: string | null;
  deviceId: string | null;
  officeId: string | null;
  sensitivity: SensitivityClass | null;
  state: 'unconfigured' | 'idle' | 'syncing' | 'offline' | 'error' | 'readonly';
  lastSuccess: number | null;
  pending: number;
  conflicts: number;
  /** Edits the hub refused, waiting in 未能同步 for a person. */
  rejected: number;
  /** Pulled rows held back because they fail the row shapes, for an administrator. */
  quarantined: number;
  error: string | null;
  /** Why the hub could not be reached, for the renderer to word (link-failure.ts). */
  errorReason: LinkReason | null;
  errorHost: string | null;
  /** The hub's error answer of the last run (its code and parameters), for the renderer to word. */
  hubError: HubErrorView | null;
  /** What the worker itself has to say (clock skew, read-only, revoked credentials, a local failure), for the renderer to word. */
  notice: SyncNotice | null;
  skewMs: number | null;
  progress: { done: number; total: number } | null;
  maxTxMs: number;
  /** Which snapshot this is: a later status has a higher number (see SyncStatusSchema). */
  rev: number;
  /** When this worker started: numbers start again with a new one (a restart after a restore). */
  boot: number;
}

const SnapshotSchema = z.object({
  format: z.literal('branch-desk-snapshot-1'),
  officeId: z.string(),
  sensitivity: z.string(),
  cursor: z.number().int().min(1),
  createdAt: z.number(),
  rows: z.array(PulledRowSchema),
});

const PUSH_BATCH = 500;
const TX_BUDGET_MS = 50;
/**
 * The most rows one pull transaction applies. Steps well under the budget grew to 72 rows, and one
 * of them then took 50–61 ms under a busy core (the bench's trace): the fewer rows a transaction
 * holds, the less a stall of the thread inside it costs.
 */
const RUN_MAX = 40;

/** How long the pull waits for the import worker's checkpoint before making its own. */
const CHECKPOINT_WAIT_MS = 3_000;

/** Rows asked of the hub per pull request; applied in several short transactions. */
const PULL_PAGE = 500;

/**
 * Plain http only to this machine, or when the administrator confirmed it. The answer is a reason
 * key (`errors.reasons.<key>`, renderer/src/features/sync/i18n.ts), or null for a usable address.
 */
export function hubUrlProblem(raw: string, allowInsecure: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'hubUrlMalformed';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol !== 'http:') return 'hubUrlNotHttps';
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) || u.hostname.startsWith('127.');
  if (loopback || allowInsecure) return null;
  return 'hubUrlInsecure';
}

/**
 * The desktop side of sync: pushes the outbox, pulls pages after the cursor and applies each
 * page with its cursor in one short transaction. Runs inside the core.
 */
export function createSyncWorker(deps: {
  sqlite: Sqlite;
  clock: Clock;
  hlc: HlcSource;
  audit: AuditService;
  fetch: HubFetch;
  emit: (s: SyncStatus) => void;
  onApplied: (tables: string[]) => void;
  /** The audit chain's head, anchored on the hub at each sync (services/audit/anchoring.ts). */
  auditAnchor?: {
    /** withRestore false: without the restore claim (a hub from before it refuses the field). */
    request(opts?: { withRestore?: boolean }): {
      head: { seq: number; hash: string } | null;
      at: { seq: number; hash: string } | null;
      links?: AuditLink[];
      restore?: { replaced: { seq: number; hash: string } | null; entry: { seq: number; hash: string } };
    };
    record(a: { seq: number; hash: string } | null, moved: boolean): void;
  };
  log: (level: 'info' | 'warn' | 'error', msg: string, f?: Record<string, unknown>) => void;
  /** A passive WAL checkpoint on another thread (the import worker's connection), when there is one. */
  checkpoint?: () => (() => Promise<void>) | null;
}) {
  const { sqlite, clock } = deps;
  const meta = {
    get: (k: string) => (sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').get(`sync.${k}`) as { value: string } | undefined)?.value ?? null,
    set: (k: string, v: string | null) =>
      v === null
        ? sqlite.prepare('DELETE FROM local_meta WHERE key = ?').run(`sync.${k}`)
        : sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`sync.${k}`, v),
  };
  let state: SyncStatus['state'] = meta.get('token') ? 'idle' : 'unconfigured';
  let error: string | null = null;
  /** Why the hub could not be reached (link-failure.ts), for the renderer to word; null otherwise. */
  let errorReason: LinkReason | null = null;
  let errorHost: string | null = null;
  let hubError: HubErrorView | null = null;
  let skewMs: number | null = null;
  let progress: SyncStatus['progress'] = null;
  /** Why this desk is read-only (a newer hub wants a newer program): a notice the renderer words. */
  let readOnlyReason: SyncNotice | null = null;
  /** What the last run has to say, as a reason key with parameters, for the renderer to word. */
  let notice: SyncNotice | null = null;
  let maxTxMs = 0;
  /** Rows applied per transaction, adapted to the transaction budget. */
  let runSize = 50;
  let running: Promise<void> | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  let rev = 0;
  const boot = clock.now();
  function status(): SyncStatus {
    return {
      configured: !!meta.get('token'),
      hubUrl: meta.get('hubUrl'),
      deviceId: meta.get('deviceId'),
      officeId: meta.get('officeId'),
      sensitivity: meta.get('sensitivity') as SensitivityClass | null,
      state: readOnlyReason ? 'readonly' : state,
      lastSuccess: meta.get('lastSuccess') ? Number(meta.get('lastSuccess')) : null,
      pending: count('SELECT count(*) n FROM outbox'),
      conflicts: count('SELECT count(*) n FROM sync_conflict WHERE resolved_at IS NULL'),
      rejected: count('SELECT count(*) n FROM sync_rejected'),
      quarantined: count("SELECT count(*) n FROM sync_pending_in WHERE reason = 'invalid'"),
      error: readOnlyReason?.key ?? error,
      notice: readOnlyReason ?? notice,
      errorReason: readOnlyReason ? null : errorReason,
      errorHost: readOnlyReason ? null : errorHost,
      hubError: readOnlyReason ? null : hubError,
      skewMs,
      progress,
      maxTxMs: Math.round(maxTxMs * 10) / 10,
      rev: ++rev,
      boot,
    };
  }
  const emit = () => deps.emit(status());

  async function call(path: string, body?: unknown, auth = true, retry = path !== '/enroll'): Promise<unknown> {
    const hub = meta.get('hubUrl');
    if (!hub) throw new HubError(0, 'UNCONFIGURED', 'no hub configured');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) headers.authorization = `Bearer ${meta.get('token') ?? ''}`;
    let res;
    const ctl = new AbortController();
    let timedOut = false;
    const t = setTimeout(() => ((timedOut = true), ctl.abort()), 60_000);
    try {
      let payload: string | Uint8Array | undefined = body === undefined ? undefined : JSON.stringify(body);
      // Batches travel compressed: station links are slow.
      if (typeof payload === 'string' && payload.length > 8192) {
        payload = zlib.gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      res = await deps.fetch(new URL(path, hub).toString(), { method: body === undefined ? 'GET' : 'POST', headers, body: payload, signal: ctl.signal });
    } catch (e) {
      clearTimeout(t);
      // A pooled connection the hub dropped fails once; every request but enrolment is safe to repeat.
      if (retry) return call(path, body, auth, false);
      const reason = linkReason(e, timedOut);
      const host = new URL(hub).host;
      throw new HubError(0, 'OFFLINE', linkMessage(reason, host), { reason, host });
    } finally {
      clearTimeout(t);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      const host = new URL(hub).host;
      throw new HubError(res.status, 'BAD_RESPONSE', linkMessage('not_hub', host), { reason: 'not_hub', host });
    }
    if (res.status >= 400) throw hubErrorOf(res.status, json);
    return json;
  }

  /**
   * Trades a one-time code for this device's token. The code stays good until the first sync
   * completes (the worker then confirms it), so a lost reply or a lost first pull is retried
   * with the same code and the hub keeps one registration; the claim this machine keeps makes
   * sure that registration is only ever given back to it.
   */
  async function enroll(input: { hubUrl: string; code: string; deviceName: string; allowInsecure: boolean }) {
    const p = hubUrlProblem(input.hubUrl, input.allowInsecure);
    if (p) throw fail('BAD_INPUT', p, { field: 'hubUrl' });
    const prevHub = meta.get('hubUrl');
    meta.set('hubUrl', new URL(input.hubUrl).toString());
    try {
      const hello = HelloSchema.parse(await call('/hello', undefined, false));
      // This machine's claim on the registration, kept before the first attempt so every retry
      // brings the same one: the hub gives the registration back only to it until it is confirmed.
      let claim = meta.get('enrolClaim');
      if (!claim) meta.set('enrolClaim', (claim = randomBytes(32).toString('base64url')));
      const r = EnrollResponseSchema.parse(await call('/enroll', { code: input.code, deviceName: input.deviceName, claim }, false));
      const again = meta.get('deviceId') === r.deviceId;
      sqlite.transaction(() => {
        meta.set('deviceId', r.deviceId);
        meta.set('token', r.token);
        meta.set('officeId', r.officeId);
        meta.set('sensitivity', r.sensitivity);
        cls = r.sensitivity;
        meta.set('confirmed', null);
        // The same device again (a retried join): what it already pulled stays.
        if (!again) {
          meta.set('cursor', '0');
          meta.set('lastSuccess', null);
          // A device of its own: its push chain starts again, and its stamps get a node of their own
          // (a copy of another installation, enrolled anew, would otherwise stamp as the original does).
          meta.set('chain', null);
          meta.set('chainRebase', null);
          meta.set('chainRebaseFrom', null);
          renode();
        }
        meta.set('pushedSince', String(hello.serverTime));
      })();
      measure(hello.serverTime, clock.now(), clock.now());
      // Enrolled, not yet synced: the first run starts at once (schedule(0) below).
      state = 'syncing';
      error = null;
      errorReason = errorHost = hubError = notice = null;
      deps.audit.append({
        actor: { id: null, name: 'sync' },
        method: 'sync.enroll',
        entity: 'device',
        entityId: r.deviceId,
        after: { hub: meta.get('hubUrl'), office: r.officeId, sensitivity: r.sensitivity },
      });
      emit();
      schedule(0);
      return status();
    } catch (e) {
      if (!meta.get('token')) meta.set('hubUrl', prevHub);
      if (e instanceof HubError) {
        const link = e.details as { reason: LinkReason; host: string } | undefined;
        if (e.code === 'OFFLINE')
          throw new AppError('HUB_UNREACHABLE', e.message, { hub: e.code, ...link, codeStillValid: true, retryable: !link || RETRYABLE_LINK.has(link.reason) });
        if (e.code === 'BAD_RESPONSE') throw new AppError('HUB_UNREACHABLE', e.message, { hub: e.code, ...link, retryable: false });
        // The hub's answer by its code, for the renderer to word (errors.reasons.hub.<code>).
        throw new AppError('BAD_INPUT', e.message, {
          ...hubErrorView(e).params,
          hub: e.code,
          reason: `hub.${e.code}`,
          retryable: e.status === 429 || e.status >= 500,
        });
      }
      throw e;
    }
  }

  /** The hub's time minus this machine's, from a reply that left the hub between t0 and t1. */
  function measure(serverTime: number, t0: number, t1: number) {
    skewMs = Math.round(serverTime - (t0 + t1) / 2);
    deps.hlc.setOffset(skewMs);
  }

  const columnCache = new Map<string, Set<string>>();
  const cols = (t: string) => columnCache.get(t) ?? (columnCache.set(t, localColumnsOf(t)), columnCache.get(t)!);

  type OutboxRow = {
    seq: number;
    op_id: string;
    table_name: string;
    row_id: string;
    office_id: string;
    columns: string;
    hlc: string;
    schema_version: number;
    base: string | null;
  };

  /**
   * Stamps written while this machine's clock ran ahead of the hub (before the clock was fixed,
   * or before the offset was known) are given the hub's time of the last hello after which every
   * op was pushed: each such edit was made after that moment, so it keeps its place after the
   * device's earlier edits and before every edit made since by anyone. Nothing is refused and
   * nothing is lost; the local clock drops back to real time.
   */
  function restampFuture(hubNow: number) {
    // A few seconds of slack: the offset is measured to within a round trip.
    const limit = String(hubNow + 5_000).padStart(15, '0');
    const future = (
      sqlite
        .prepare("SELECT seq, op_id, table_name, row_id, hlc FROM outbox WHERE substr(hlc, 1, 15) > ? AND substr(hlc, 1, 15) GLOB '[0-9]*' ORDER BY seq")
        .all(limit) as { seq: number; op_id: string; table_name: string; row_id: string; hlc: string }[]
    ).filter((r) => {
      try {
        return !!hlcParse(r.hlc);
      } catch {
        return false; // a malformed stamp is the hub's to refuse, not ours to mend
      }
    });
    const since = Math.min(hubNow, Number(meta.get('pushedSince') ?? hubNow) || hubNow);
    if (!future.length) {
      if (deps.hlc.lastWall > hubNow + 5_000) deps.hlc.rebase(hubNow);
      return;
    }
    sqlite.transaction(() => {
      const setOp = sqlite.prepare('UPDATE outbox SET hlc = ? WHERE seq = ?');
      const setVersion = sqlite.prepare('UPDATE sync_cell_version SET hlc = ? WHERE table_name = ? AND row_id = ? AND hlc = ?');
      future.forEach((r, i) => {
        const h = hlcToString({ wall: since, counter: i + 1, node: hlcParse(r.hlc).node });
        setOp.run(h, r.seq);
        setVersion.run(h, r.table_name, r.row_id, r.hlc);
      });
      deps.hlc.rebase(since, future.length + 1);
    })();
    deps.log('warn', 'restamped edits written with a clock ahead of the hub', { count: future.length });
  }

  /** Gives this desk's stamps a node of its own, and its waiting edits with them (enrolment as a new device). */
  function renode() {
    const old = deps.hlc.renewNode();
    const node = deps.hlc.nodeId;
    const rows = sqlite.prepare('SELECT seq, table_name, row_id, hlc FROM outbox ORDER BY seq').all() as {
      seq: number;
      table_name: string;
      row_id: string;
      hlc: string;
    }[];
    const setOp = sqlite.prepare('UPDATE outbox SET hlc = ? WHERE seq = ?');
    const setVersion = sqlite.prepare('UPDATE sync_cell_version SET hlc = ? WHERE table_name = ? AND row_id = ? AND hlc = ?');
    for (const r of rows) {
      let h;
      try {
        h = hlcParse(r.hlc);
      } catch {
        continue; // a malformed stamp is the hub's to refuse
      }
      if (h.node !== old) continue;
      const next = hlcToString({ ...h, node });
      setOp.run(next, r.seq);
      setVersion.run(next, r.table_name, r.row_id, r.hlc);
    }
  }

  /** Does the hub of this run keep push chains (hello.features)? And check them at a pull? */
  let hubChains = false;
  let hubPullChains = false;
  let hubRebaseFrom = false;
  /** The chain this copy holds, for a pull (a copy that only reads is told apart there). */
  /** The chain fields of a push (with rebaseFrom where the hub takes it) or of a pull, for a hub that checks them. */
  function chainFields(on: boolean, withFrom: boolean) {
    if (!on) return {};
    const rebase = meta.get('chainRebase') ? { rebase: true as const, ...(withFrom ? { rebaseFrom: meta.get('chainRebaseFrom') } : {}) } : {};
    return { chain: meta.get('chain'), ...rebase };
  }

  async function push() {
    for (;;) {
      const rows = sqlite.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(PUSH_BATCH) as OutboxRow[];
      if (rows.length === 0) return;
      const ops: Op[] = rows.map((r) => ({
        opId: r.op_id,
        table: r.table_name,
        rowId: r.row_id,
        officeId: r.office_id,
        columns: JSON.parse(r.columns),
        hlc: r.hlc,
        schemaVersion: r.schema_version,
        ...(r.base ? { base: JSON.parse(r.base) } : {}),
      }));
      // The chain token tells this copy of the installation apart from another copy of it (DEVICE_CLONED).
      const chain = chainFields(hubChains, hubRebaseFrom);
      const res = PushResponseSchema.parse(await call('/push', { schemaVersion: SCHEMA_VERSION, ops, cursor: Number(meta.get('cursor') ?? 0), ...chain }));
      // Only acknowledged ops leave the outbox.
      const t0 = performance.now();
      const touched = sqlite.transaction(() => {
        if (res.chain) {
          meta.set('chain', res.chain);
          meta.set('chainRebase', null);
          meta.set('chainRebaseFrom', null);
        }
        const del = sqlite.prepare('DELETE FROM outbox WHERE op_id = ?');
        for (const id of [...res.accepted, ...res.pending]) del.run(id);
        if (deviceClass() === 'station') dropPersonal(ops.filter((o) => res.accepted.includes(o.opId)));
        const keep = sqlite.prepare(
          'INSERT OR REPLACE INTO sync_rejected (op_id, table_name, row_id, reason, at, columns, office_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        );
        const tables = new Set<string>();
        for (const r of res.rejected) {
          const op = ops.find((o) => o.opId === r.opId);
          if (!op) continue;
          // A station device keeps no personal cell (they are write-only there): nor in 未能同步.
          const personal = deviceClass() === 'station' ? new Set(tableSpec(op.table)?.personal ?? []) : null;
          const columns = personal ? Object.fromEntries(Object.entries(op.columns).filter(([c]) => !personal.has(c))) : op.columns;
          keep.run(r.opId, op.table, op.rowId, r.reason, clock.now(), JSON.stringify(columns), op.officeId, r.detail ?? null);
          del.run(r.opId);
          // The local copy goes back to the hub's version (or away, when the hub holds none in this scope).
          if (revert(op.table, op.rowId, r.current ?? null)) tables.add(op.table);
        }
        // The hub's version as a station sees it holds no personal cells: a refused one goes too.
        if (deviceClass() === 'station') dropPersonal(ops.filter((o) => res.rejected.some((r) => r.opId === o.opId)));
        return [...tables];
      })();
      maxTxMs = Math.max(maxTxMs, performance.now() - t0);
      if (touched.length) deps.onApplied(touched);
      if (res.rejected.length) deps.log('warn', 'hub rejected ops', { count: res.rejected.length, reasons: [...new Set(res.rejected.map((r) => r.reason))] });
      if (rows.length < PUSH_BATCH) return;
    }
  }

  /**
   * Personal cells a station device wrote are write-only: once the hub has them (or has refused
   * them), the local copy is cleared (unless a later edit of the same cell still waits to be pushed).
   */
  function dropPersonal(accepted: Op[]) {
    for (const op of accepted) {
      const personal = (tableSpec(op.table)?.personal ?? []).filter((c) => op.columns[c] !== undefined && op.columns[c] !== null);
      if (!personal.length) continue;
      const still = pendingColumns(op.table, op.rowId);
      const clear = personal.filter((c) => !still.has(c));
      if (clear.length) sqlite.prepare(`UPDATE "${op.table}" SET ${clear.map((c) => `"${c}" = NULL`).join(', ')} WHERE id = ?`).run(op.rowId);
    }
  }

  function revert(table: string, rowId: string, current: { officeId: string; cells: PulledRow['cells'] } | null): boolean {
    if (!tableSpec(table)) return false;
    if (current) return applyRow({ seq: 0, table, rowId, officeId: current.officeId, cells: current.cells }) !== null;
    // Nothing of this row is in the device's scope on the hub: its local copy goes, unless more edits of it wait.
    if (pendingColumns(table, rowId).size) return false;
    sqlite.prepare(`DELETE FROM "${table}" WHERE id = ?`).run(rowId);
    sqlite.prepare('DELETE FROM sync_cell_version WHERE table_name = ? AND row_id = ?').run(table, rowId);
    return true;
  }

  function localColumnsOf(table: string): Set<string> {
    return new Set((sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  }

  // One compiled upsert per table and column set: compiling per row dominated the apply time.
  const upserts = new Map<string, Statement<unknown[]>>();
  function upsert(table: string, names: string[], only: string[] | null) {
    // Keyed by both column lists: the same inserted columns may update fewer (pending local edits).
    const key = only ? `${table}:${names.join(',')}:${only.join(',')}` : `${table}:${names.join(',')}`;
    let st = upserts.get(key);
    if (!st) {
      const updates = only ?? names.filter((n) => n !== 'id');
      st = sqlite.prepare(
        `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(',')}) VALUES (${names.map(() => '?').join(',')})
         ON CONFLICT(id) DO ${updates.length ? `UPDATE SET ${updates.map((n) => `"${n}" = excluded."${n}"`).join(', ')}` : 'NOTHING'}`,
      );
      upserts.set(key, st);
    }
    return st;
  }

  const stmts = {
    pendingCols: sqlite.prepare('SELECT columns FROM outbox WHERE table_name = ? AND row_id = ?'),
    anyOutbox: sqlite.prepare('SELECT 1 FROM outbox LIMIT 1'),
    setVersion: sqlite.prepare('INSERT INTO sync_cell_version (table_name, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc'),
    heldOf: sqlite.prepare('SELECT seq, reason FROM sync_pending_in WHERE table_name = ? AND row_id = ?'),
    dropHeld: sqlite.prepare('DELETE FROM sync_pending_in WHERE table_name = ? AND row_id = ?'),
    hold: sqlite.prepare('INSERT INTO sync_pending_in (table_name, row_id, body, reason, detail, at) VALUES (?, ?, ?, ?, ?, ?)'),
    exists: new Map<string, Statement>(),
  };
  let held = sqlite.prepare('SELECT 1 FROM sync_pending_in LIMIT 1').get() !== undefined;
  const manifestColumns = new Map<string, Set<string>>();
  const synced = (table: string, c: string) => {
    let set = manifestColumns.get(table);
    if (!set) manifestColumns.set(table, (set = new Set([...BASE_COLUMNS, ...(tableSpec(table)?.columns ?? [])])));
    return set.has(c);
  };

  function pendingColumns(table: string, rowId: string): Set<string> {
    const mine = new Set<string>();
    for (const r of stmts.pendingCols.all(table, rowId) as { columns: string }[]) for (const c of Object.keys(JSON.parse(r.columns))) mine.add(c);
    return mine;
  }
  function localRowExists(table: string, rowId: string): boolean {
    let st = stmts.exists.get(table);
    if (!st) stmts.exists.set(table, (st = sqlite.prepare(`SELECT 1 FROM "${table}" WHERE id = ?`)));
    return st.get(rowId) !== undefined;
  }
  /** One entry per row: a newer version of the row replaces the one held. */
  function hold(row: PulledRow, reason: 'unknown_table' | 'unknown_columns' | 'invalid', detail: string | null) {
    stmts.dropHeld.run(row.table, row.rowId);
    stmts.hold.run(row.table, row.rowId, JSON.stringify(row), reason, detail, clock.now());
    held = true;
  }

  /**
   * Applies one pulled row unless it fails the row shapes (shared/sync/rows.ts), the same checks
   * every local write passes: then it is held back (quarantined) and nothing of it is written.
   * Cells with a local edit still waiting to be pushed are skipped: the hub decides between the
   * two, and sends the row again when the local edit loses. Returns the highest stamp applied, or
   * null when nothing was applied.
   */
  type Plan =
    | { row: PulledRow; action: 'apply'; values: Record<string, unknown>; unknown: string[]; maxHlc: string | null }
    | { row: PulledRow; action: 'tombstone'; deletedAt: string; maxHlc: string | null }
    | { row: PulledRow; action: 'hold'; reason: 'unknown_table' | 'invalid'; detail: string | null };

  /** What to do with a pulled row, decided from the row alone (outside the transaction). */
  function plan(row: PulledRow): Plan {
    const spec = tableSpec(row.table);
    if (!spec) return { row, action: 'hold', reason: 'unknown_table', detail: null };
    const known = cols(row.table);
    const values: Record<string, unknown> = {};
    const unknown: string[] = [];
    let maxHlc: string | null = null;
    for (const [c, cell] of Object.entries(row.cells)) {
      if (maxHlc === null || cell.hlc > maxHlc) maxHlc = cell.hlc;
      if (!known.has(c) || !synced(row.table, c)) unknown.push(c);
      else values[c] = cell.value;
    }
    values.id = row.rowId;
    values.office_id = row.officeId;
    const problem = rowProblem(row.table, values, true);
    if (problem) {
      // A bad row that is deleted needs nobody's attention: only its tombstone is applied.
      if (typeof values.deleted_at === 'string' && values.deleted_at) return { row, action: 'tombstone', deletedAt: values.deleted_at, maxHlc };
      return { row, action: 'hold', reason: 'invalid', detail: problem.column };
    }
    return { row, action: 'apply', values, unknown, maxHlc };
  }

  /**
   * Applies one planned row. Cells with a local edit still waiting to be pushed are skipped: the
   * hub decides between the two, and sends the row again when the local edit loses. Returns the
   * highest stamp applied, or null when nothing was applied.
   */
  function commitRow(p: Plan, hasOutbox: boolean): string | null {
    const { row } = p;
    if (p.action === 'hold') {
      hold(row, p.reason, p.detail);
      return null;
    }
    if (p.action === 'tombstone') {
      if (localRowExists(row.table, row.rowId)) sqlite.prepare(`UPDATE "${row.table}" SET deleted_at = ? WHERE id = ?`).run(p.deletedAt, row.rowId);
      if (held) stmts.dropHeld.run(row.table, row.rowId);
      return p.maxHlc;
    }
    const { values } = p;
    const mine = hasOutbox ? pendingColumns(row.table, row.rowId) : null;
    if (p.unknown.length) hold(row, 'unknown_columns', p.unknown.join(','));
    else if (held && stmts.heldOf.get(row.table, row.rowId)) stmts.dropHeld.run(row.table, row.rowId);
    for (const c of tableSpec(row.table)!.sensitive ?? []) if (!mine?.has(c) && row.cells[c]) stmts.setVersion.run(row.table, row.rowId, c, row.cells[c]!.hlc);
    // A cell with a local edit waiting keeps its local value: it is left out of the update. (It
    // stays in the insert, which only a row this device does not hold uses: leaving it out there
    // made SQLite refuse the whole row for a NOT NULL column such as updated_at.)
    const names = Object.keys(values);
    const updates = mine?.size ? names.filter((n) => n !== 'id' && !mine.has(n)) : null;
    try {
      upsert(row.table, names, updates).run(...names.map((n) => values[n] as string | number | null));
    } catch (e) {
      // A row this version cannot hold (a constraint the shapes do not know): held back, not half-written.
      hold(row, 'invalid', (e as Error).message.slice(0, 200));
      return null;
    }
    return p.maxHlc;
  }

  /**
   * Applies one pulled row unless it fails the row shapes (shared/sync/rows.ts), the same checks
   * every local write passes: then it is held back (quarantined) and nothing of it is written.
   */
  function applyRow(row: PulledRow, hasOutbox = true): string | null {
    return commitRow(plan(row), hasOutbox);
  }

  /** Apply one pulled page and its cursor in one transaction (its rows planned beforehand, or here). */
  function applyPage(page: PullResponse, replaceConflicts = true, plans: Plan[] = page.rows.map(plan)): string[] {
    const touched = new Set<string>();
    const hasOutbox = stmts.anyOutbox.get() !== undefined;
    let maxHlc: string | null = null;
    for (const p of plans) {
      const row = p.row;
      const h = commitRow(p, hasOutbox);
      if (h !== null) {
        touched.add(row.table);
        if (maxHlc === null || h > maxHlc) maxHlc = h;
      }
    }
    for (const ev of page.evictions) {
      if (!tableSpec(ev.table)) continue;
      sqlite.prepare(`DELETE FROM "${ev.table}" WHERE id = ?`).run(ev.rowId);
      if (held) stmts.dropHeld.run(ev.table, ev.rowId);
      touched.add(ev.table);
    }
    if (replaceConflicts) sqlite.prepare('DELETE FROM sync_conflict WHERE resolved_at IS NULL').run();
    const ins = sqlite.prepare(
      'INSERT OR IGNORE INTO sync_conflict (id, table_name, row_id, col, office_id, current, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of page.conflicts) ins.run(c.id, c.table, c.rowId, c.column, c.officeId, JSON.stringify(c.current), JSON.stringify(c.incoming), c.createdAt);
    if (maxHlc) {
      try {
        hlcParse(maxHlc);
        deps.hlc.receive(maxHlc);
      } catch {
        /* a malformed remote stamp is ignored for the clock */
      }
    }
    meta.set('cursor', String(page.cursor));
    return [...touched];
  }

  /** Rows held back by an older version are tried again: after an upgrade they may fit. */
  function replayHeld() {
    const rows = sqlite.prepare('SELECT table_name, row_id, body FROM sync_pending_in ORDER BY seq').all() as {
      table_name: string;
      row_id: string;
      body: string;
    }[];
    if (!rows.length) return;
    const tables = sqlite.transaction(() => {
      const t = new Set<string>();
      for (const r of rows) {
        let row: PulledRow;
        try {
          row = PulledRowSchema.parse(JSON.parse(r.body));
        } catch {
          continue;
        }
        if (applyRow(row) !== null) t.add(row.table);
      }
      return [...t];
    })();
    if (tables.length) deps.onApplied(tables);
  }

  /** Asks the hub who wrote each quarantined row, for the administrator's view. */
  async function fillOrigins() {
    const rows = sqlite.prepare("SELECT seq, table_name, row_id FROM sync_pending_in WHERE reason = 'invalid' AND origin IS NULL LIMIT 50").all() as {
      seq: number;
      table_name: string;
      row_id: string;
    }[];
    for (const r of rows) {
      try {
        const o = OriginResponseSchema.parse(await call('/origin', { table: r.table_name, rowId: r.row_id }));
        sqlite.prepare('UPDATE sync_pending_in SET origin = ? WHERE seq = ?').run(JSON.stringify(o.writers), r.seq);
      } catch (e) {
        if (!(e instanceof HubError) || e.status !== 404) return;
        sqlite.prepare("UPDATE sync_pending_in SET origin = '[]' WHERE seq = ?").run(r.seq);
      }
    }
  }

  const fetchPage = async (cursor: number, limit: number) =>
    PullResponseSchema.parse(await call('/pull', { cursor, limit, schemaVersion: SCHEMA_VERSION, ...chainFields(hubPullChains, false) }));

  /**
   * Splits a pulled page into runs of rows, each with the cursor it reaches (the last row's
   * server_seq) and the evictions up to it; the last run carries the page's own cursor and the
   * conflict list. Every run is itself a page in protocol terms, applied with its cursor in one
   * transaction, so the hub can send large pages while each transaction stays short.
   */
  function* runsOf(page: PullResponse, size: () => number): Generator<{ page: PullResponse; last: boolean }> {
    let from = 0;
    let ev = [...page.evictions].sort((a, b) => a.seq - b.seq);
    do {
      const rows = page.rows.slice(from, from + size());
      from += rows.length;
      const last = from >= page.rows.length;
      const cursor = last ? page.cursor : rows[rows.length - 1]!.seq;
      const mine = last ? ev : ev.filter((e) => e.seq <= cursor);
      ev = last ? [] : ev.filter((e) => e.seq > cursor);
      yield { page: { ...page, rows, evictions: mine, cursor, more: last ? page.more : true, conflicts: last ? page.conflicts : [] }, last };
    } while (from < page.rows.length);
  }

  // Full-text indexes (the business search) merge their segments inside whichever commit
  // crosses a threshold, which can stall one short transaction for tens of ms. While a pull
  // writes many rows the merges wait, and run afterwards in small steps of their own.
  const ftsTables = () =>
    (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'").all() as { name: string }[]).map(
      (r) => r.name,
    );
  // The value must bind as an integer: FTS5 refuses a double.
  const ftsConfig = (t: string, key: string, value: number) => sqlite.prepare(`INSERT INTO "${t}"("${t}", rank) VALUES (?, ?)`).run(key, BigInt(value));
  function holdMerges() {
    for (const t of ftsTables()) {
      ftsConfig(t, 'automerge', 0);
      ftsConfig(t, 'crisismerge', 1000);
    }
  }
  /** FTS5's defaults; also restores them after a pull the app did not live to finish. */
  function defaultMerges() {
    for (const t of ftsTables()) {
      ftsConfig(t, 'automerge', 4);
      ftsConfig(t, 'crisismerge', 16);
    }
  }
  async function resumeMerges() {
    const total = sqlite.prepare('SELECT total_changes() AS n');
    defaultMerges();
    // Each step merges a number of pages sized to stay within a quarter of the budget. It starts
    // small: a first step of 32 pages took 99–125 ms on an encrypted database (the bench's trace).
    let pages = 4;
    let sinceCheckpoint = 0;
    for (const t of ftsTables()) {
      for (;;) {
        const before = (total.get() as { n: number }).n;
        const t0 = performance.now();
        ftsConfig(t, 'merge', pages);
        const ms = performance.now() - t0;
        // The merges write the WAL too: copied back elsewhere every few hundred pages, or the
        // commit that crosses the auto-checkpoint threshold does it (100–140 ms in the trace).
        sinceCheckpoint += pages;
        if (sinceCheckpoint >= 256) {
          await checkpointBetween();
          sinceCheckpoint = 0;
        }
        maxTxMs = Math.max(maxTxMs, ms);
        if (ms > TX_BUDGET_MS) deps.log('warn', 'sync step over the transaction budget', { step: 'fts-merge', pages, ms: Math.round(ms) });
        if ((total.get() as { n: number }).n - before < 2) break;
        if (ms > TX_BUDGET_MS * 0.25) pages = Math.max(1, pages >> 1);
        else if (ms < TX_BUDGET_MS * 0.1) pages = Math.min(64, pages << 1);
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** A passive checkpoint between transactions: on the import worker's connection when there is one. */
  async function checkpointBetween() {
    const elsewhere = deps.checkpoint?.();
    const c0 = performance.now();
    if (elsewhere) {
      // The worker may be busy with an import's commit, or gone: the pull does not wait on it for long.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answered = await Promise.race([
        elsewhere().then(
          () => true,
          () => false,
        ),
        new Promise<false>((r) => (timer = setTimeout(() => r(false), CHECKPOINT_WAIT_MS))),
      ]);
      clearTimeout(timer);
      if (!answered) sqlite.pragma('wal_checkpoint(PASSIVE)');
    } else sqlite.pragma('wal_checkpoint(PASSIVE)');
    const cms = performance.now() - c0;
    if (!elsewhere && cms > TX_BUDGET_MS) deps.log('warn', 'sync step over the transaction budget', { step: 'checkpoint', ms: Math.round(cms) });
  }

  async function pull() {
    const initial = Number(meta.get('cursor') ?? 0) === 0;
    // While the pull and its merges write, no commit on this thread checkpoints by itself: the
    // checkpoints run between transactions, elsewhere when they can (checkpointBetween).
    const auto = deps.checkpoint?.() ? (sqlite.pragma('wal_autocheckpoint', { simple: true }) as number) : null;
    if (auto !== null) sqlite.pragma('wal_autocheckpoint = 0');
    let next: Promise<PullResponse> | null = fetchPage(Number(meta.get('cursor') ?? 0), PULL_PAGE);
    let held = false;
    let sinceCheckpoint = 0;
    try {
      while (next) {
        const page: PullResponse = await next;
        if (initial && !progress && page.total > 0) progress = { done: 0, total: page.total };
        // Ask for the next page before applying this one, so the hub prepares it meanwhile.
        // The cursor is saved only with the rows applied; a page fetched ahead and never
        // applied is simply fetched again next time.
        next = page.more ? fetchPage(page.cursor, PULL_PAGE) : null;
        next?.catch(() => undefined);
        if (!held && page.rows.length > 200) {
          holdMerges();
          held = true;
        }
        for (const run of runsOf(page, () => runSize)) {
          // Let the request go out, and the UI's calls run, between transactions.
          await new Promise((r) => setImmediate(r));
          // The rows are checked before the transaction opens: it holds only the writes.
          const s0 = performance.now();
          const plans = run.page.rows.map(plan);
          const t0 = performance.now();
          const tables = sqlite.transaction(() => applyPage(run.page, run.last, plans))();
          const t1 = performance.now();
          maxTxMs = Math.max(maxTxMs, t1 - t0);
          if (t1 - t0 > TX_BUDGET_MS)
            deps.log('warn', 'sync step over the transaction budget', { step: 'apply', rows: run.page.rows.length, ms: Math.round(t1 - t0) });
          const ms = t1 - s0;
          // Keep each step far inside the UI's budget: aim at a quarter of it. On a machine whose
          // other cores are busy, a garbage collection or the scheduler can stretch one step
          // several times over, and a short one is less likely to be caught by either.
          if (ms > TX_BUDGET_MS * 0.25 && runSize > 10) runSize = Math.max(10, Math.floor(runSize * 0.6));
          else if (ms < TX_BUDGET_MS * 0.1 && runSize < RUN_MAX) runSize = Math.min(RUN_MAX, Math.ceil(runSize * 1.2));
          // Copy the log into the database every thousand rows, between transactions: left to grow,
          // one checkpoint inside a later commit copies tens of MB at once.
          sinceCheckpoint += run.page.rows.length;
          if (sinceCheckpoint >= 1000) {
            // On the import worker's connection when there is one: a checkpoint copies pages and
            // syncs the file, 59–81 ms on this thread in the bench's trace, with writes still allowed.
            await checkpointBetween();
            sinceCheckpoint = 0;
          }
          if (progress) progress = { done: Math.min(progress.total, progress.done + run.page.rows.length), total: progress.total };
          if (tables.length) deps.onApplied(tables);
          emit();
        }
      }
    } finally {
      try {
        if (held) await resumeMerges();
      } finally {
        if (auto !== null) sqlite.pragma(`wal_autocheckpoint = ${auto}`);
        progress = null;
      }
    }
  }

  async function sendResolutions() {
    const rows = sqlite.prepare('SELECT id FROM sync_conflict WHERE resolved_at IS NOT NULL').all() as { id: string }[];
    for (const r of rows) {
      try {
        await call('/conflicts/resolve', { conflictId: r.id });
      } catch (e) {
        if (!(e instanceof HubError) || e.status !== 404) throw e;
      }
      sqlite.prepare('DELETE FROM sync_conflict WHERE id = ?').run(r.id);
    }
  }

  async function runOnce(): Promise<void> {
    if (!meta.get('token')) {
      state = 'unconfigured';
      return emit();
    }
    state = 'syncing';
    emit();
    try {
      const t0 = clock.now();
      const hello = HelloSchema.parse(await call('/hello', undefined, false));
      measure(hello.serverTime, t0, clock.now());
      if (SCHEMA_VERSION < hello.minSchemaVersion) {
        readOnlyReason = { key: 'syncSchemaTooOld', params: { mine: SCHEMA_VERSION, min: hello.minSchemaVersion } };
        state = 'readonly';
        return emit();
      }
      readOnlyReason = null;
      hubChains = !!hello.features?.includes('push-chain');
      hubPullChains = hubChains && !!hello.features?.includes('pull-chain');
      hubRebaseFrom = hubChains && !!hello.features?.includes('rebase-from');
      restampFuture(hello.serverTime);
      // A refused push (or resolution) does not keep the hub's changes from this device: the pull
      // runs anyway, and the refusal is reported after it. Only a lost link ends the run early.
      let refused: unknown = null;
      try {
        await push();
        meta.set('pushedSince', String(hello.serverTime));
        await sendResolutions();
      } catch (e) {
        // A copy of another installation stops here: what it would pull or anchor belongs to the other copy's registration.
        if (!(e instanceof HubError) || e.code === 'OFFLINE' || e.status === 401 || e.code === 'CLIENT_TOO_OLD' || e.code === 'DEVICE_CLONED') throw e;
        refused = e;
      }
      await pull();
      await fillOrigins();
      await anchorAudit();
      if (!meta.get('confirmed')) {
        await call('/enroll/confirm', {});
        meta.set('confirmed', '1');
        meta.set('enrolClaim', null);
      }
      if (refused) throw refused;
      meta.set('lastSuccess', String(clock.now()));
      state = 'idle';
      errorReason = errorHost = hubError = null;
      notice = Math.abs(skewMs ?? 0) > MAX_FUTURE_MS ? { key: 'syncClockSkew', params: { minutes: Math.round(Math.abs(skewMs!) / 60_000) } } : null;
      error = notice?.key ?? null;
      failures = 0;
    } catch (e) {
      failures++;
      state = e instanceof HubError && e.code === 'OFFLINE' ? 'offline' : 'error';
      error = e instanceof HubError ? e.message : `local: ${((e as Error).message || 'unknown').slice(0, 120)}`;
      // A failure on this machine (not the hub's answer, not the link): worded with its detail.
      notice =
        e instanceof HubError
          ? e.code === 'UNCONFIGURED'
            ? { key: 'syncUnconfigured', params: {} }
            : null
          : { key: 'syncFailed', params: { detail: ((e as Error).message || '').slice(0, 120) } };
      errorReason =
        e instanceof HubError && (e.code === 'OFFLINE' || e.code === 'BAD_RESPONSE') ? ((e.details as { reason: LinkReason }).reason ?? null) : null;
      errorHost = errorReason ? ((e as HubError).details as { host: string }).host : null;
      hubError = e instanceof HubError && e.status > 0 && e.code !== 'BAD_RESPONSE' ? hubErrorView(e) : null;
      if (e instanceof HubError && e.code === 'CLIENT_TOO_OLD') {
        readOnlyReason = { key: 'syncClientTooOld', params: {} };
      }
      if (e instanceof HubError && e.status === 401) notice = { key: 'syncCredentialsRevoked', params: {} };
      deps.log(state === 'offline' ? 'info' : 'warn', 'sync failed', {
        code: e instanceof HubError ? e.code : 'local',
        status: e instanceof HubError ? e.status : undefined,
      });
    } finally {
      progress = null;
      emit();
    }
  }

  /** The hub keeps this device's audit head; an older hub without the endpoint is left alone. */
  async function anchorAudit() {
    if (!deps.auditAnchor) return;
    try {
      // A desk far ahead of the hub's anchor proves its rows a page at a time.
      let retried = false;
      for (let page = 0; page < 40; page++) {
        const req = deps.auditAnchor.request();
        let answer: unknown;
        try {
          answer = await call('/audit/anchor', req);
        } catch (e) {
          // The hub refused a head that does not extend its anchor: it answers with the anchor it holds, kept as evidence.
          if (e instanceof HubError && e.code === 'AUDIT_UNLINKED') {
            const held = AuditAnchorResponseSchema.shape.anchor.safeParse((e.details as { anchor?: unknown } | undefined)?.anchor);
            if (held.success) deps.auditAnchor.record(held.data, false);
            // This desk had an older word of the hub's anchor (a reply lost): its chain holds the
            // anchor the hub named, so it proves from there, once.
            if (!retried && held.success && held.data && deps.audit.hashAt(held.data.seq) === held.data.hash) {
              retried = true;
              continue;
            }
            deps.log('warn', 'audit head refused by the hub: it does not extend the anchor held', { heldSeq: held.success ? (held.data?.seq ?? null) : null });
            return;
          }
          // A hub from before restore claims refuses the field: asked again without it (its anchor then stays).
          if (!(req.restore && e instanceof HubError && e.status === 400)) throw e;
          answer = await call('/audit/anchor', deps.auditAnchor.request({ withRestore: false }));
        }
        const r = AuditAnchorResponseSchema.parse(answer);
        deps.auditAnchor.record(r.anchor, r.moved);
        const head = deps.audit.head();
        if (!r.moved || !r.anchor || !head || r.anchor.seq >= head.seq) return;
      }
    } catch (e) {
      if (e instanceof HubError && (e.code === 'OFFLINE' || e.status === 401)) throw e;
      deps.log('warn', 'audit anchor not kept by the hub', { code: e instanceof HubError ? e.code : 'local' });
    }
  }

  /** Run now, or join the run in progress. */
  function syncNow(): Promise<SyncStatus> {
    if (!running) running = runOnce().finally(() => (running = null));
    return running.then(() => {
      schedule(nextDelay());
      return status();
    });
  }

  function nextDelay(): number {
    if (failures === 0) return 60_000;
    const base = Math.min(300_000, 1000 * 2 ** Math.min(failures, 9));
    return Math.round(base * (0.5 + Math.random()));
  }

  function schedule(ms: number) {
    if (stopped || !meta.get('token')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void syncNow(), ms);
    timer.unref?.();
  }

  /** Soon after a local edit, but not on every keystroke. */
  function localChange() {
    if (failures === 0) schedule(2_000);
  }

  /** Load a snapshot file handed out by the hub, then catch up by ops from its cursor. */
  async function importSnapshot(gz: Buffer) {
    if (!meta.get('token')) throw fail('RULE_VIOLATION', 'snapshotNotEnrolled');
    let snap: z.infer<typeof SnapshotSchema>;
    try {
      snap = SnapshotSchema.parse(JSON.parse(zlib.gunzipSync(gz, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8')));
    } catch {
      throw fail('BAD_INPUT', 'snapshotInvalid', { field: 'file' });
    }
    if (meta.get('sensitivity') === 'station' && snap.officeId !== meta.get('officeId')) throw fail('BAD_INPUT', 'snapshotOtherOffice', { field: 'file' });
    if (snap.cursor <= Number(meta.get('cursor') ?? 0)) throw fail('RULE_VIOLATION', 'snapshotOlder');
    // Applied in short transactions; the cursor moves only with the last one, so a crash just repeats.
    for (let i = 0; i < snap.rows.length; i += 500) {
      const last = i + 500 >= snap.rows.length;
      const cursor = last ? snap.cursor : Number(meta.get('cursor') ?? 0);
      const t0 = performance.now();
      const tables = sqlite.transaction(() =>
        applyPage(
          { rows: snap.rows.slice(i, i + 500), evictions: [], cursor, more: !last, conflicts: [], serverTime: snap.createdAt, total: snap.rows.length },
          false,
        ),
      )();
      maxTxMs = Math.max(maxTxMs, performance.now() - t0);
      if (tables.length) deps.onApplied(tables);
    }
    emit();
    schedule(0);
    return { rows: snap.rows.length };
  }

  function conflicts() {
    return (
      sqlite.prepare('SELECT * FROM sync_conflict WHERE resolved_at IS NULL ORDER BY created_at').all() as {
        id: string;
        table_name: string;
        row_id: string;
        col: string;
        office_id: string;
        current: string;
        incoming: string;
        created_at: number;
      }[]
    ).map((c) => ({
      id: c.id,
      table: c.table_name,
      rowId: c.row_id,
      column: c.col,
      officeId: c.office_id,
      current: JSON.parse(c.current),
      incoming: JSON.parse(c.incoming),
      createdAt: c.created_at,
    }));
  }

  type RejectedRow = {
    op_id: string;
    table_name: string;
    row_id: string;
    reason: string;
    at: number;
    columns: string | null;
    office_id: string | null;
    detail: string | null;
  };
  /** The 未能同步 list: edits the hub refused, newest first. */
  function rejected() {
    return (sqlite.prepare('SELECT * FROM sync_rejected ORDER BY at DESC, op_id').all() as RejectedRow[]).map((r) => ({
      opId: r.op_id,
      table: r.table_name,
      rowId: r.row_id,
      reason: r.reason,
      detail: r.detail,
      officeId: r.office_id,
      columns: (r.columns ? JSON.parse(r.columns) : {}) as Record<string, string | number | boolean | null>,
      at: r.at,
    }));
  }
  function dropRejected(opId: string): boolean {
    const n = sqlite.prepare('DELETE FROM sync_rejected WHERE op_id = ?').run(opId).changes > 0;
    if (n) emit();
    return n;
  }

  type HeldRow = {
    seq: number;
    table_name: string;
    row_id: string;
    body: string;
    reason: string;
    detail: string | null;
    origin: string | null;
    at: number | null;
  };
  /** Pulled rows held back because they fail the row shapes, with who wrote them. */
  function quarantine() {
    return (sqlite.prepare("SELECT * FROM sync_pending_in WHERE reason = 'invalid' ORDER BY seq").all() as HeldRow[]).map((r) => {
      const row = JSON.parse(r.body) as PulledRow;
      return {
        seq: r.seq,
        table: r.table_name,
        rowId: r.row_id,
        officeId: row.officeId,
        detail: r.detail,
        reason: r.reason,
        cells: Object.fromEntries(Object.entries(row.cells).map(([c, v]) => [c, v.value])),
        origin: (r.origin ? JSON.parse(r.origin) : []) as { column: string; deviceId: string; deviceName: string }[],
        at: r.at ?? 0,
      };
    });
  }

  /**
   * Deletes a quarantined row county-wide: a tombstone goes to the hub like any edit (the row is
   * not held locally, so this is the one op written outside the synced writer), and the entry
   * clears when the deleted row comes back.
   */
  function dropQuarantined(seq: number, actor: { id: string | null; name: string }) {
    const r = sqlite.prepare("SELECT * FROM sync_pending_in WHERE seq = ? AND reason = 'invalid'").get(seq) as HeldRow | undefined;
    if (!r) throw fail('NOT_FOUND', 'quarantineGone');
    const row = JSON.parse(r.body) as PulledRow;
    const at = isoAt(clock.now());
    sqlite.transaction(() => {
      const columns = { deleted_at: at, updated_at: at };
      sqlite
        .prepare('INSERT INTO outbox (op_id, table_name, row_id, office_id, columns, hlc, schema_version, base) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)')
        .run(uuidv7(clock.now()), r.table_name, r.row_id, row.officeId, JSON.stringify(columns), deps.hlc.tick(), SCHEMA_VERSION);
      deps.audit.append({ actor, method: 'sync.dropQuarantined', entity: r.table_name, entityId: r.row_id, before: null, after: columns });
    })();
    schedule(0);
  }

  function markResolved(id: string, by: string) {
    sqlite.prepare('UPDATE sync_conflict SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(clock.now(), by, id);
  }

  function start() {
    stopped = false;
    schedule(1_000);
  }
  function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
  }

  // A pull cut short by a crash leaves the merges held: restore them.
  if (ftsTables().some((t) => (sqlite.prepare(`SELECT v FROM "${t}_config" WHERE k = 'automerge'`).get() as { v: number } | undefined)?.v === 0))
    defaultMerges();

  let cls: SensitivityClass | null | undefined;
  /** The class this device is enrolled as, read once (enrolment sets it). */
  const deviceClass = () => (cls === undefined ? (cls = meta.get('sensitivity') as SensitivityClass | null) : cls);

  replayHeld();

  return {
    enroll,
    syncNow,
    status,
    localChange,
    conflicts,
    importSnapshot,
    markResolved,
    rejected,
    dropRejected,
    quarantine,
    dropQuarantined,
    start,
    stop,
    deviceClass,
    readOnly: () => readOnlyReason,
  };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
