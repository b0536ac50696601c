import { AppError } from '../../../shared/contract/errors';
import { hlcParse } from '../../../shared/domain/hlc';
import { BASE_COLUMNS, SCHEMA_VERSION, tableSpec } from '../../../shared/sync/manifest';
import {
  EnrollResponseSchema,
  HelloSchema,
  PullResponseSchema,
  PushResponseSchema,
  type Op,
  type PullResponse,
  type SensitivityClass,
} from '../../../shared/sync/protocol';
import zlib from 'node:zlib';
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { PulledRowSchema } from '../../../shared/sync/protocol';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';
import type { AuditService } from '../services/audit/audit.service';
import type { HlcSource } from './hlc-source';

export type HubFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<{ status: number; json(): Promise<unknown> }>;

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
  error: string | null;
  skewMs: number | null;
  progress: { done: number; total: number } | null;
  maxTxMs: number;
}

const SnapshotSchema = z.object({ format: z.literal('branch-desk-snapshot-1'), officeId: z.string(), sensitivity: z.string(), cursor: z.number().int().min(1), createdAt: z.number(), rows: z.array(PulledRowSchema) });

const PUSH_BATCH = 500;
const TX_BUDGET_MS = 50;
/** Rows asked of the hub per pull request; applied in several short transactions. */
const PULL_PAGE = 500;

/** Plain http only to this machine, or when the administrator confirmed it. */
export function hubUrlProblem(raw: string, allowInsecure: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return '同步服务器地址格式不正确';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol !== 'http:') return '同步服务器地址必须以 https:// 开头';
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) || u.hostname.startsWith('127.');
  if (loopback || allowInsecure) return null;
  return '未加密的 http:// 仅允许本机地址；如确需使用，请勾选“允许未加密连接”并确认风险';
}

class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
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
  log: (level: 'info' | 'warn' | 'error', msg: string, f?: Record<string, unknown>) => void;
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
  let skewMs: number | null = null;
  let progress: SyncStatus['progress'] = null;
  let readOnlyReason: string | null = null;
  let maxTxMs = 0;
  /** Rows applied per transaction, adapted to the transaction budget. */
  let runSize = 50;
  let running: Promise<void> | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
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
      error: readOnlyReason ?? error,
      skewMs,
      progress,
      maxTxMs: Math.round(maxTxMs * 10) / 10,
    };
  }
  const emit = () => deps.emit(status());

  async function call(path: string, body?: unknown, auth = true, retry = path !== '/enroll'): Promise<unknown> {
    const hub = meta.get('hubUrl');
    if (!hub) throw new HubError(0, 'UNCONFIGURED', '尚未设置同步服务器');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth) headers.authorization = `Bearer ${meta.get('token') ?? ''}`;
    let res;
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), 60_000);
    try {
      let payload: string | Uint8Array | undefined = body === undefined ? undefined : JSON.stringify(body);
      // Batches travel compressed: station links are slow.
      if (typeof payload === 'string' && payload.length > 8192) {
        payload = zlib.gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      res = await deps.fetch(new URL(path, hub).toString(), { method: body === undefined ? 'GET' : 'POST', headers, body: payload, signal: ctl.signal });
    } catch {
      clearTimeout(t);
      // A pooled connection the hub dropped fails once; every request but enrolment is safe to repeat.
      if (retry) return call(path, body, auth, false);
      throw new HubError(0, 'OFFLINE', '无法连接同步服务器，将自动重试');
    } finally {
      clearTimeout(t);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new HubError(res.status, 'BAD_RESPONSE', '同步服务器返回了无法识别的数据');
    }
    if (res.status >= 400) {
      const e = (json as { error?: { code?: string; message?: string; details?: unknown } }).error ?? {};
      throw new HubError(res.status, e.code ?? 'HTTP', e.message ?? `同步服务器错误 ${res.status}`, e.details);
    }
    return json;
  }

  async function enroll(input: { hubUrl: string; code: string; deviceName: string; allowInsecure: boolean }) {
    const p = hubUrlProblem(input.hubUrl, input.allowInsecure);
    if (p) throw new AppError('BAD_INPUT', p, { field: 'hubUrl' });
    const prevHub = meta.get('hubUrl');
    meta.set('hubUrl', new URL(input.hubUrl).toString());
    try {
      const hello = HelloSchema.parse(await call('/hello', undefined, false));
      const r = EnrollResponseSchema.parse(await call('/enroll', { code: input.code, deviceName: input.deviceName }, false));
      sqlite.transaction(() => {
        meta.set('deviceId', r.deviceId);
        meta.set('token', r.token);
        meta.set('officeId', r.officeId);
        meta.set('sensitivity', r.sensitivity);
        meta.set('cursor', '0');
        meta.set('lastSuccess', null);
      })();
      skewMs = hello.serverTime - clock.now();
      state = 'idle';
      error = null;
      deps.audit.append({ actor: { id: null, name: 'sync' }, method: 'sync.enroll', entity: 'device', entityId: r.deviceId, after: { hub: meta.get('hubUrl'), office: r.officeId, sensitivity: r.sensitivity } });
      emit();
      schedule(0);
      return status();
    } catch (e) {
      meta.set('hubUrl', prevHub);
      if (e instanceof HubError) throw new AppError(e.code === 'OFFLINE' ? 'INTERNAL' : 'BAD_INPUT', e.message, { hub: e.code });
      throw e;
    }
  }

  function localColumns(table: string): Set<string> {
    return new Set((sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  }
  const columnCache = new Map<string, Set<string>>();
  const cols = (t: string) => columnCache.get(t) ?? (columnCache.set(t, localColumns(t)), columnCache.get(t)!);

  async function push() {
    for (;;) {
      const rows = sqlite.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?').all(PUSH_BATCH) as {
        seq: number;
        op_id: string;
        table_name: string;
        row_id: string;
        office_id: string;
        columns: string;
        hlc: string;
        schema_version: number;
        base: string | null;
      }[];
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
      const res = PushResponseSchema.parse(await call('/push', { schemaVersion: SCHEMA_VERSION, ops }));
      skewMs = res.serverTime - clock.now();
      // Only acknowledged ops leave the outbox.
      const t0 = performance.now();
      sqlite.transaction(() => {
        const del = sqlite.prepare('DELETE FROM outbox WHERE op_id = ?');
        for (const id of [...res.accepted, ...res.pending]) del.run(id);
        const keep = sqlite.prepare('INSERT OR REPLACE INTO sync_rejected (op_id, table_name, row_id, reason, at) VALUES (?, ?, ?, ?, ?)');
        for (const r of res.rejected) {
          const op = ops.find((o) => o.opId === r.opId)!;
          keep.run(r.opId, op.table, op.rowId, r.reason, clock.now());
          del.run(r.opId);
        }
      })();
      maxTxMs = Math.max(maxTxMs, performance.now() - t0);
      if (res.rejected.length) deps.log('warn', 'hub rejected ops', { count: res.rejected.length, reasons: [...new Set(res.rejected.map((r) => r.reason))] });
      if (rows.length < PUSH_BATCH) return;
    }
  }

  // One compiled upsert per table and column set: compiling per row dominated the apply time.
  const upserts = new Map<string, Statement<unknown[]>>();
  function upsert(table: string, names: string[], updates: string[]) {
    const key = `${table}:${names.join(',')}`;
    let st = upserts.get(key);
    if (!st) {
      st = sqlite.prepare(
        `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(',')}) VALUES (${names.map(() => '?').join(',')})
         ON CONFLICT(id) DO ${updates.length ? `UPDATE SET ${updates.map((n) => `"${n}" = excluded."${n}"`).join(', ')}` : 'NOTHING'}`,
      );
      upserts.set(key, st);
    }
    return st;
  }

  /** Apply one pulled page and its cursor in one transaction. */
  function applyPage(page: PullResponse, replaceConflicts = true): string[] {
    const touched = new Set<string>();
    const pendingCols = sqlite.prepare('SELECT columns FROM outbox WHERE table_name = ? AND row_id = ?');
    const setVersion = sqlite.prepare('INSERT INTO sync_cell_version (table_name, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc');
    const keepUnknown = sqlite.prepare('INSERT INTO sync_pending_in (table_name, row_id, body) VALUES (?, ?, ?)');
    const hasOutbox = (sqlite.prepare('SELECT 1 FROM outbox LIMIT 1').get() as unknown) !== undefined;
    let maxHlc: string | null = null;
    for (const row of page.rows) {
      const spec = tableSpec(row.table);
      if (!spec) {
        keepUnknown.run(row.table, row.rowId, JSON.stringify(row));
        continue;
      }
      const known = cols(row.table);
      const mine = new Set<string>();
      if (hasOutbox) for (const r of pendingCols.all(row.table, row.rowId) as { columns: string }[]) for (const c of Object.keys(JSON.parse(r.columns))) mine.add(c);
      const values: Record<string, unknown> = {};
      const unknown: Record<string, unknown> = {};
      for (const [c, cell] of Object.entries(row.cells)) {
        if (maxHlc === null || cell.hlc > maxHlc) maxHlc = cell.hlc;
        if (!known.has(c)) unknown[c] = cell;
        else if (!mine.has(c)) values[c] = cell.value;
        if ((spec.sensitive ?? []).includes(c) && !mine.has(c)) setVersion.run(row.table, row.rowId, c, cell.hlc);
      }
      if (Object.keys(unknown).length) keepUnknown.run(row.table, row.rowId, JSON.stringify(unknown));
      values.id = row.rowId;
      if (!mine.has('office_id')) values.office_id = row.officeId;
      const names = Object.keys(values).filter((c) => known.has(c) && [...BASE_COLUMNS, ...spec.columns].includes(c));
      const updates = names.filter((n) => n !== 'id');
      try {
        upsert(row.table, names, updates).run(...names.map((n) => values[n] as string | number | null));
      } catch (e) {
        // A row this version cannot hold (a newer schema's required column): keep it for later.
        keepUnknown.run(row.table, row.rowId, JSON.stringify({ row, error: (e as Error).message }));
      }
      touched.add(row.table);
    }
    for (const ev of page.evictions) {
      if (!tableSpec(ev.table)) continue;
      sqlite.prepare(`DELETE FROM "${ev.table}" WHERE id = ?`).run(ev.rowId);
      touched.add(ev.table);
    }
    if (replaceConflicts) sqlite.prepare('DELETE FROM sync_conflict WHERE resolved_at IS NULL').run();
    const ins = sqlite.prepare('INSERT OR IGNORE INTO sync_conflict (id, table_name, row_id, col, office_id, current, incoming, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
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

  const fetchPage = async (cursor: number, limit: number) => PullResponseSchema.parse(await call('/pull', { cursor, limit, schemaVersion: SCHEMA_VERSION }));

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
  const ftsTables = () => (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'").all() as { name: string }[]).map((r) => r.name);
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
    for (const t of ftsTables()) {
      for (;;) {
        const before = (total.get() as { n: number }).n;
        const t0 = performance.now();
        ftsConfig(t, 'merge', 64);
        maxTxMs = Math.max(maxTxMs, performance.now() - t0);
        if ((total.get() as { n: number }).n - before < 2) break;
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  async function pull() {
    const initial = Number(meta.get('cursor') ?? 0) === 0;
    let next: Promise<PullResponse> | null = fetchPage(Number(meta.get('cursor') ?? 0), PULL_PAGE);
    let held = false;
    let sinceCheckpoint = 0;
    try {
      while (next) {
        const page: PullResponse = await next;
        skewMs = page.serverTime - clock.now();
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
          const t0 = performance.now();
          const tables = sqlite.transaction(() => applyPage(run.page, run.last))();
          const ms = performance.now() - t0;
          maxTxMs = Math.max(maxTxMs, ms);
          // Keep each transaction inside the UI's budget: aim at under half of it, since a
          // garbage collection or a busy machine can double one now and then.
          if (ms > TX_BUDGET_MS * 0.4 && runSize > 20) runSize = Math.max(20, Math.floor(runSize * 0.6));
          else if (ms < TX_BUDGET_MS * 0.16 && runSize < PULL_PAGE) runSize = Math.min(PULL_PAGE, Math.ceil(runSize * 1.2));
          // Copy the log into the database every thousand rows or so, between transactions:
          // left to grow, one checkpoint inside a later commit copies tens of MB at once.
          sinceCheckpoint += run.page.rows.length;
          if (sinceCheckpoint >= 1000) {
            sqlite.pragma('wal_checkpoint(PASSIVE)');
            sinceCheckpoint = 0;
          }
          if (progress) progress = { done: Math.min(progress.total, progress.done + run.page.rows.length), total: progress.total };
          if (tables.length) deps.onApplied(tables);
          emit();
        }
      }
    } finally {
      if (held) await resumeMerges();
      progress = null;
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
      const hello = HelloSchema.parse(await call('/hello', undefined, false));
      skewMs = hello.serverTime - clock.now();
      if (SCHEMA_VERSION < hello.minSchemaVersion) {
        readOnlyReason = `本程序的数据版本（${SCHEMA_VERSION}）低于同步服务器要求的最低版本（${hello.minSchemaVersion}），已切换为只读，请升级后再编辑`;
        state = 'readonly';
        return emit();
      }
      readOnlyReason = null;
      await push();
      await sendResolutions();
      await pull();
      meta.set('lastSuccess', String(clock.now()));
      state = 'idle';
      error = null;
      failures = 0;
    } catch (e) {
      failures++;
      state = e instanceof HubError && e.code === 'OFFLINE' ? 'offline' : 'error';
      error = e instanceof HubError ? e.message : '同步失败：' + ((e as Error).message || '未知错误').slice(0, 120);
      if (e instanceof HubError && e.code === 'CLIENT_TOO_OLD') {
        readOnlyReason = e.message;
      }
      if (e instanceof HubError && e.status === 401) error = '本设备的同步凭据无效或已被吊销，请重新登记';
      deps.log(state === 'offline' ? 'info' : 'warn', 'sync failed', { code: e instanceof HubError ? e.code : 'local', status: e instanceof HubError ? e.status : undefined });
    } finally {
      progress = null;
      emit();
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
    if (!meta.get('token')) throw new AppError('RULE_VIOLATION', '请先登记到同步服务器，再导入快照');
    let snap: z.infer<typeof SnapshotSchema>;
    try {
      snap = SnapshotSchema.parse(JSON.parse(zlib.gunzipSync(gz, { maxOutputLength: 512 * 1024 * 1024 }).toString('utf8')));
    } catch {
      throw new AppError('BAD_INPUT', '快照文件无效或已损坏', { field: 'file' });
    }
    if (meta.get('sensitivity') === 'station' && snap.officeId !== meta.get('officeId')) throw new AppError('BAD_INPUT', '快照不属于本机登记的单位', { field: 'file' });
    if (snap.cursor <= Number(meta.get('cursor') ?? 0)) throw new AppError('RULE_VIOLATION', '本机数据已比该快照更新，无需导入');
    // Applied in short transactions; the cursor moves only with the last one, so a crash just repeats.
    for (let i = 0; i < snap.rows.length; i += 500) {
      const last = i + 500 >= snap.rows.length;
      const cursor = last ? snap.cursor : Number(meta.get('cursor') ?? 0);
      const t0 = performance.now();
      const tables = sqlite.transaction(() => applyPage({ rows: snap.rows.slice(i, i + 500), evictions: [], cursor, more: !last, conflicts: [], serverTime: snap.createdAt, total: snap.rows.length }, false))();
      maxTxMs = Math.max(maxTxMs, performance.now() - t0);
      if (tables.length) deps.onApplied(tables);
    }
    emit();
    schedule(0);
    return { rows: snap.rows.length };
  }

  function conflicts() {
    return (sqlite.prepare('SELECT * FROM sync_conflict WHERE resolved_at IS NULL ORDER BY created_at').all() as {
      id: string;
      table_name: string;
      row_id: string;
      col: string;
      office_id: string;
      current: string;
      incoming: string;
      created_at: number;
    }[]).map((c) => ({ id: c.id, table: c.table_name, rowId: c.row_id, column: c.col, officeId: c.office_id, current: JSON.parse(c.current), incoming: JSON.parse(c.incoming), createdAt: c.created_at }));
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
  if (ftsTables().some((t) => (sqlite.prepare(`SELECT v FROM "${t}_config" WHERE k = 'automerge'`).get() as { v: number } | undefined)?.v === 0)) defaultMerges();

  return { enroll, syncNow, status, localChange, conflicts, importSnapshot, markResolved, start, stop, readOnly: () => readOnlyReason };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
