import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { z } from 'zod';
import { hlcParse } from '../shared/domain/hlc';
import { BASE_COLUMNS, SCHEMA_VERSION, syncManifest, tableSpec } from '../shared/sync/manifest';
import {
  EnrollRequestSchema,
  MAX_FUTURE_MS,
  PullRequestSchema,
  PushRequestSchema,
  ResolveRequestSchema,
  type Op,
  type PulledRow,
  type PushResponse,
} from '../shared/sync/protocol';
import type { BatchTx, Device, HubStore, Scope } from './store/store';

export interface HubOptions {
  store: HubStore;
  now?: () => number;
  minSchemaVersion?: number;
  maxSchemaVersion?: number;
  log?: (fields: Record<string, unknown>) => void;
  /** Requests per device per 10 s window. */
  rateLimit?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

const MAX_BODY = 16 * 1024 * 1024;
const MAX_INFLATED = 64 * 1024 * 1024;

/** A body already serialized. */
class RawJson {
  constructor(readonly text: string) {}
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const countyWideTables = Object.entries(syncManifest)
  .filter(([, s]) => 'countyWide' in s && s.countyWide)
  .map(([t]) => t);

function scopeOf(d: Device): Scope {
  return { officeId: d.sensitivity === 'station' ? d.officeId : null, sensitivity: d.sensitivity };
}

/** Columns a device of this class may not receive: personal data stays with HR and the county. */
function hiddenColumns(d: Device) {
  const memo = new Map<string, ReadonlySet<string>>();
  return (table: string): ReadonlySet<string> => {
    let set = memo.get(table);
    if (!set) memo.set(table, (set = new Set(d.sensitivity === 'station' ? (tableSpec(table)?.personal ?? []) : [])));
    return set;
  };
}

/** Columns a device of this class may receive or write: the manifest's, less the hidden ones. */
function visibleColumns(d: Device) {
  const hidden = hiddenColumns(d);
  const memo = new Map<string, Set<string>>();
  return (table: string): Set<string> | null => {
    let set = memo.get(table);
    if (!set) {
      const spec = tableSpec(table);
      const h = hidden(table);
      memo.set(table, (set = new Set(spec ? [...BASE_COLUMNS, ...spec.columns].filter((c) => !h.has(c)) : [])));
    }
    return set;
  };
}

/** A pull page as JSON text: the stored cells go out as they are. */
function pageJson(page: ReturnType<HubStore['pull']>, extra: { conflicts: unknown; serverTime: number }): string {
  const rows = page.rows.map((r) => `{"seq":${r.seq},"table":${JSON.stringify(r.table)},"rowId":${JSON.stringify(r.rowId)},"officeId":${JSON.stringify(r.officeId)},"cells":${r.cellsJson}}`);
  return `{"rows":[${rows.join(',')}],"evictions":${JSON.stringify(page.evictions)},"cursor":${page.cursor},"more":${page.more},"total":${page.total},"conflicts":${JSON.stringify(extra.conflicts)},"serverTime":${extra.serverTime}}`;
}

/** Resolve one pushed batch inside the store's transaction. Pure protocol: no I/O of its own. */
export function applyBatch(tx: BatchTx, device: Device, ops: Op[], now: number, maxSchema: number): PushResponse {
  for (const op of ops) {
    const ahead = hlcParse(op.hlc).wall - now;
    if (ahead > MAX_FUTURE_MS) {
      throw new HttpError(409, 'CLOCK_AHEAD', `本机时钟比同步服务器快 ${Math.round(ahead / 60_000)} 分钟，请校准系统时间后再同步`, { skewMs: ahead });
    }
  }
  const res: PushResponse = { accepted: [], rejected: [], conflicted: [], pending: [], serverTime: now };
  const scope = scopeOf(device);
  const visible = visibleColumns(device);
  for (const op of ops) {
    if (tx.hasOp(op.opId)) {
      res.accepted.push(op.opId);
      continue;
    }
    const spec = tableSpec(op.table);
    const allowed = visible(op.table);
    const unknown = Object.keys(op.columns).filter((c) => !allowed?.has(c) && !(spec?.personal ?? []).includes(c));
    if (!spec || unknown.length || op.schemaVersion > maxSchema) {
      // Written by a newer client: kept, not dropped, until the hub learns the table or column.
      tx.keepPending(op, device.id, !spec ? `unknown table ${op.table}` : `unknown columns ${unknown.join(',')}`);
      res.pending.push(op.opId);
      continue;
    }
    const reject = (reason: string) => {
      res.rejected.push({ opId: op.opId, reason });
      tx.recordOp(op, device.id, `rejected:${reason}`);
    };
    if (Object.keys(op.columns).some((c) => !allowed!.has(c))) {
      reject('personal data is not writable from this device');
      continue;
    }
    const existing = tx.rowOffice(op.table, op.rowId);
    const target = (op.columns.office_id as string | undefined) ?? existing ?? op.officeId;
    if (typeof target !== 'string' || !target) {
      reject('row has no office');
      continue;
    }
    if (scope.officeId !== null) {
      if ('countyWide' in spec && spec.countyWide) {
        reject('county-wide reference data is edited by the county');
        continue;
      }
      if (op.officeId !== scope.officeId || target !== scope.officeId || (existing !== null && existing !== scope.officeId)) {
        reject('row is outside this device’s office');
        continue;
      }
    }
    let changed = false;
    for (const [col, value] of Object.entries(op.columns)) {
      const cur = tx.cell(op.table, op.rowId, col);
      const sensitive = (spec.sensitive ?? []).includes(col);
      const concurrent = cur !== null && cur.device !== device.id && (op.base?.[col] ?? null) !== cur.hlc;
      if (sensitive && concurrent && JSON.stringify(cur!.value) !== JSON.stringify(value)) {
        tx.addConflict({ table: op.table, rowId: op.rowId, column: col, officeId: target, current: cur!, incoming: { value, hlc: op.hlc, device: device.id } });
        res.conflicted.push({ opId: op.opId, column: col });
        continue;
      }
      if (!cur || op.hlc > cur.hlc) {
        tx.writeCell(op.table, op.rowId, col, { value, hlc: op.hlc, device: device.id });
        changed = true;
      }
    }
    if (changed || existing === null) tx.touchRow(op.table, op.rowId, target);
    tx.recordOp(op, device.id, 'accepted');
    res.accepted.push(op.opId);
  }
  return res;
}

export const SNAPSHOT_FORMAT = 'branch-desk-snapshot-1';

/** A scope's rows at the current server_seq, for a station whose link is too slow for the first pull. */
export function buildSnapshot(store: HubStore, officeId: string, sensitivity: Device['sensitivity'], now: number) {
  const device: Device = { id: 'snapshot', name: 'snapshot', officeId, sensitivity, createdAt: now, revokedAt: null, lastSeenAt: null };
  const scope = scopeOf(device);
  const rows = [];
  let cursor = 0;
  for (;;) {
    const page = store.pull(scope, cursor, 5000, hiddenColumns(device));
    rows.push(...page.rows.map(({ cellsJson, ...r }) => ({ ...r, cells: JSON.parse(cellsJson) as PulledRow['cells'] })));
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { format: SNAPSHOT_FORMAT, officeId, sensitivity, cursor, createdAt: now, rows };
}

export function createHub(opts: HubOptions) {
  const { store } = opts;
  const now = opts.now ?? Date.now;
  const minSchema = opts.minSchemaVersion ?? 1;
  const maxSchema = opts.maxSchemaVersion ?? SCHEMA_VERSION;
  const log = opts.log ?? ((f) => process.stderr.write(JSON.stringify({ t: new Date().toISOString(), ...f }) + '\n'));
  const limit = opts.rateLimit ?? 1000;
  const buckets = new Map<string, { start: number; n: number }>();

  function rate(deviceId: string) {
    const t = now();
    const b = buckets.get(deviceId);
    if (!b || t - b.start > 10_000) return void buckets.set(deviceId, { start: t, n: 1 });
    if (++b.n > limit) throw new HttpError(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试');
  }

  async function body<S extends z.ZodType>(req: http.IncomingMessage, schema: S): Promise<z.output<S>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      // Past the cap the rest is read and dropped, so the client hears the 413 instead of a reset.
      if (size > MAX_INFLATED) req.destroy();
      if (size <= MAX_BODY) chunks.push(c as Buffer);
    }
    if (size > MAX_BODY) throw new HttpError(413, 'TOO_LARGE', '请求过大');
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') {
      try {
        raw = zlib.gunzipSync(raw, { maxOutputLength: MAX_INFLATED });
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', '压缩数据无效或过大');
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', '请求不是有效的 JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', '请求格式不正确', { issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })) });
    return parsed.data;
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, value: unknown) {
    let buf = Buffer.from(value instanceof RawJson ? value.text : JSON.stringify(value));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
    if (buf.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      // The fastest level: most of the gain for a fraction of the CPU the hub shares with 100 devices.
      buf = zlib.gzipSync(buf, { level: 1 });
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(status, headers);
    res.end(buf);
  }

  function auth(req: http.IncomingMessage): Device {
    const h = String(req.headers.authorization ?? '');
    const token = h.startsWith('Bearer ') ? h.slice(7) : '';
    const d = token ? store.deviceByToken(token) : null;
    if (!d) throw new HttpError(401, 'UNAUTHORIZED', '设备未登记或已被吊销');
    rate(d.id);
    store.touchDevice(d.id);
    return d;
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ device?: string }> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const hello = { name: 'branch-desk-hub' as const, minSchemaVersion: minSchema, maxSchemaVersion: maxSchema, serverTime: now() };
    if (req.method === 'GET' && url.pathname === '/health') {
      send(req, res, 200, { ok: true, seq: store.maxSeq(), ...store.stats() });
      return {};
    }
    if (req.method === 'GET' && url.pathname === '/hello') {
      send(req, res, 200, hello);
      return {};
    }
    if (req.method !== 'POST') throw new HttpError(404, 'NOT_FOUND', '未知的地址');
    if (url.pathname === '/enroll') {
      const b = await body(req, EnrollRequestSchema);
      const r = store.redeemEnrolment(b.code, b.deviceName);
      if (!r) throw new HttpError(403, 'BAD_CODE', '登记码无效、已使用或已过期');
      send(req, res, 200, { deviceId: r.device.id, token: r.token, officeId: r.device.officeId, sensitivity: r.device.sensitivity });
      return { device: r.device.id };
    }
    const device = auth(req);
    if (url.pathname === '/push') {
      const b = await body(req, PushRequestSchema);
      if (b.schemaVersion < minSchema) throw new HttpError(426, 'CLIENT_TOO_OLD', '客户端版本过旧，请升级后再同步', hello);
      const r = store.batch((tx) => applyBatch(tx, device, b.ops, now(), maxSchema));
      send(req, res, 200, r);
      return { device: device.id };
    }
    if (url.pathname === '/pull') {
      const b = await body(req, PullRequestSchema);
      if (b.schemaVersion < minSchema) throw new HttpError(426, 'CLIENT_TOO_OLD', '客户端版本过旧，请升级后再同步', hello);
      const scope = scopeOf(device);
      const page = store.pull(scope, b.cursor, b.limit, hiddenColumns(device));
      send(req, res, 200, new RawJson(pageJson(page, { conflicts: store.conflicts(scope), serverTime: now() })));
      return { device: device.id };
    }
    if (url.pathname === '/conflicts/resolve') {
      const b = await body(req, ResolveRequestSchema);
      if (!store.resolveConflict(b.conflictId, scopeOf(device))) throw new HttpError(404, 'NOT_FOUND', '冲突不存在或已处理');
      send(req, res, 200, { ok: true });
      return { device: device.id };
    }
    throw new HttpError(404, 'NOT_FOUND', '未知的地址');
  }

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const t0 = performance.now();
    let device: string | undefined;
    let status = 200;
    try {
      ({ device } = await route(req, res));
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        send(req, res, e.status, { error: { code: e.code, message: e.message, details: e.details } });
      } else {
        status = 500;
        log({ level: 'error', msg: 'hub error', error: (e as Error).name, stack: (e as Error).stack?.split('\n').slice(0, 3).join(' | ') });
        if (!res.headersSent) send(req, res, 500, { error: { code: 'INTERNAL', message: '同步服务器内部错误' } });
      }
    }
    log({ level: status >= 500 ? 'error' : 'info', msg: 'request', method: req.method, path: req.url?.split('?')[0], status, device, ms: Math.round(performance.now() - t0) });
  };

  function listen(port: number, host = '127.0.0.1'): Promise<http.Server> {
    const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);
    server.keepAliveTimeout = 5_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  /** Ops kept pending for a table or column this hub did not know: try them again after an upgrade. */
  function retryPending() {
    for (const { op, deviceId } of store.pendingOps()) {
      const d = store.listDevices().find((x) => x.id === deviceId);
      if (!d || !tableSpec(op.table)) continue;
      const r = store.batch((tx) => applyBatch(tx, d, [op], now(), maxSchema));
      if (!r.pending.includes(op.opId)) store.clearPending(op.opId);
    }
  }

  return { handler, listen, retryPending };
}
