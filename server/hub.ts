import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { z } from 'zod';
import { hlcParse, hlcToString } from '../shared/domain/hlc';
import { HubError, hubErrorBody } from '../shared/sync/http-error';
import { BASE_COLUMNS, classMayWrite, dependentsOf, SCHEMA_VERSION, syncManifest, tableSpec } from '../shared/sync/manifest';
import {
  EnrollRequestSchema,
  MAX_ENROLL_BODY,
  MAX_FUTURE_MS,
  OriginRequestSchema,
  PullRequestSchema,
  PushRequestSchema,
  AuditAnchorRequestSchema,
  ResolveRequestSchema,
  type Op,
  type PulledRow,
  type PushResponse,
  type RejectReason,
} from '../shared/sync/protocol';
import { rowProblem } from '../shared/sync/rows';
import { StoreUnavailable, type BatchHint, type BatchTx, type Device, type HubStore, type OpVerdict, type PullPage, type Scope } from './store/store';
import { pullChainRefused } from './store/common';

export interface HubOptions {
  store: HubStore;
  now?: () => number;
  minSchemaVersion?: number;
  maxSchemaVersion?: number;
  log?: (fields: Record<string, unknown>) => void;
  /** Requests per device per 10 s window. */
  rateLimit?: number;
  /** Failed enrolment attempts per address per minute before it is refused for the rest of the minute. */
  enrollFailures?: number;
  /** Bytes of ops for unknown tables or columns a device may keep pending on the hub. */
  pendingQuota?: number;
  /** How long pending ops are kept before they are dropped. */
  pendingTtlMs?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

const MAX_BODY = 16 * 1024 * 1024;
const MAX_INFLATED = 64 * 1024 * 1024;
export const DEFAULT_PENDING_QUOTA = 4 * 1024 * 1024;
export const DEFAULT_PENDING_TTL_MS = 90 * 86_400_000;
const gunzip = promisify(zlib.gunzip);

/** A body already serialized. */
class RawJson {
  constructor(readonly text: string) {}
}

export const countyWideTables = Object.entries(syncManifest)
  .filter(([, s]) => 'countyWide' in s && s.countyWide)
  .map(([t]) => t);

const countyWide = new Set(countyWideTables);

/** Every (table, column) whose rows follow a parent row, for the store's reference indexes. */
export const followingColumns = Object.entries(syncManifest).flatMap(([table, s]) => ('follows' in s && s.follows ? [{ table, column: s.follows }] : []));

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

/** A pull page as JSON text: the stored cells go out as they are. */
function pageJson(page: PullPage, extra: { conflicts: unknown; serverTime: number }): string {
  const rows = page.rows.map(
    (r) =>
      `{"seq":${r.seq},"table":${JSON.stringify(r.table)},"rowId":${JSON.stringify(r.rowId)},"officeId":${JSON.stringify(r.officeId)},"cells":${r.cellsJson}}`,
  );
  return `{"rows":[${rows.join(',')}],"evictions":${JSON.stringify(page.evictions)},"cursor":${page.cursor},"more":${page.more},"total":${page.total},"conflicts":${JSON.stringify(extra.conflicts)},"serverTime":${extra.serverTime}}`;
}

export interface BatchContext {
  now: number;
  maxSchema: number;
  /** The pull cursor the device had applied when it wrote the batch (0 when an older client does not say). */
  cursor: number;
  pendingQuota: number;
  /** Gives a stamp ahead of the hub's clock the hub's time, keeping the order of the batch. */
  clamp: (hlc: string) => string;
}

/** The hub's last clamped stamp: one source per hub process, so clamped stamps never go backwards. */
export function createClamp(now: () => number) {
  let last = { wall: 0, counter: 0 };
  return (hlc: string): string => {
    const h = hlcParse(hlc);
    const t = now();
    if (h.wall <= t) return hlc;
    last = last.wall >= t ? { wall: last.wall, counter: last.counter + 1 } : { wall: t, counter: 0 };
    return hlcToString({ wall: last.wall, counter: last.counter, node: h.node });
  };
}

/**
 * Resolve one pushed batch inside the store's transaction. Pure protocol: no I/O of its own.
 *
 * Each op is judged once; a redelivered op gets the verdict it got the first time. In order:
 * the table and columns must be known (else kept pending, within the device's quota); the
 * device's class must be allowed to write the table; the row must be in the device's office
 * and every reference column must name a row in its scope (a row that moved out of the office
 * after the device's cursor still counts: the device had not heard of the move); the cells
 * must pass the row shapes, and a row new to the hub must arrive whole. A row that follows a
 * parent always takes the parent's office, and moving a parent moves its dependents.
 */
export function applyBatch(tx: BatchTx, device: Device, ops: Op[], ctx: BatchContext): PushResponse {
  for (const op of ops) {
    const ahead = hlcParse(op.hlc).wall - ctx.now;
    if (ahead > MAX_FUTURE_MS) {
      throw new HubError(409, 'CLOCK_AHEAD', 'the device clock is ahead of the hub', { skewMs: ahead, minutes: Math.round(ahead / 60_000) });
    }
  }
  const res: PushResponse = { accepted: [], rejected: [], conflicted: [], pending: [], serverTime: ctx.now };
  const scope = scopeOf(device);
  const hidden = hiddenColumns(device);
  let pendingBytes: number | null = null;

  /** The row as this device may see it, to put its local copy back after a refusal. */
  const current = (table: string, rowId: string) => {
    const cells = tx.rowCells(table, rowId);
    const office = tx.rowOffice(table, rowId);
    if (!cells || office === null || !inScope(table, rowId, office)) return null;
    const h = hidden(table);
    return { officeId: office, cells: h.size ? Object.fromEntries(Object.entries(cells).filter(([c]) => !h.has(c))) : cells };
  };
  /** Is a row of this office within the device's scope (or one it still held when it wrote)? */
  function inScope(table: string, rowId: string, office: string) {
    if (scope.officeId === null || office === scope.officeId || countyWide.has(table)) return true;
    return tx.evictedAfter(table, rowId, scope.officeId, ctx.cursor);
  }
  const give = (op: Op, v: OpVerdict) => {
    if (v.verdict === 'accepted') {
      res.accepted.push(op.opId);
      for (const column of v.conflicted ?? []) res.conflicted.push({ opId: op.opId, column });
    } else res.rejected.push({ opId: op.opId, reason: v.reason ?? 'invalid', ...(v.detail ? { detail: v.detail } : {}), current: current(op.table, op.rowId) });
  };

  for (const op of ops) {
    const prior = tx.verdictOf(op.opId);
    if (prior) {
      give(op, prior);
      continue;
    }
    const reject = (reason: RejectReason, detail?: string) => {
      const v: OpVerdict = { verdict: 'rejected', reason, ...(detail ? { detail } : {}) };
      tx.recordOp(op, device.id, v);
      give(op, v);
    };
    const spec = tableSpec(op.table);
    const known = spec ? new Set<string>([...BASE_COLUMNS, ...spec.columns]) : null;
    const unknown = Object.keys(op.columns).filter((c) => !known?.has(c));
    if (!spec || unknown.length || op.schemaVersion > ctx.maxSchema) {
      // Written by a newer client: kept, not dropped, until the hub learns the table or column,
      // within the device's quota (expired after a while: DEFAULT_PENDING_TTL_MS).
      const size = Buffer.byteLength(JSON.stringify(op));
      pendingBytes ??= tx.pendingBytes(device.id);
      if (pendingBytes + size > ctx.pendingQuota) {
        reject('pending_quota');
        continue;
      }
      pendingBytes += size;
      tx.keepPending(
        op,
        device.id,
        !spec ? `unknown table ${op.table}` : unknown.length ? `unknown columns ${unknown.join(',')}` : `schema version ${op.schemaVersion}`,
      );
      res.pending.push(op.opId);
      continue;
    }
    if (!classMayWrite(op.table, device.sensitivity)) {
      reject('class');
      continue;
    }
    const existing = tx.rowOffice(op.table, op.rowId);
    if (op.columns.id !== undefined && op.columns.id !== op.rowId) {
      reject('invalid', 'id');
      continue;
    }
    // The cells must pass the row shapes; a row the hub never had must arrive whole.
    const problem = rowProblem(op.table, existing === null ? { id: op.rowId, office_id: op.officeId, ...op.columns } : op.columns, existing === null);
    if (problem) {
      reject(existing === null && problem.message === 'missing' ? 'unknown_row' : 'invalid', problem.column);
      continue;
    }
    const claimed = (op.columns.office_id as string | undefined) ?? existing ?? op.officeId;
    if (typeof claimed !== 'string' || !claimed) {
      reject('no_office');
      continue;
    }
    let target = claimed;
    if (scope.officeId !== null) {
      // A row that left the device's office after its cursor: the device still held it when it
      // wrote, so the edit lands and the row stays where it went.
      const movedAway = existing !== null && existing !== scope.officeId && op.officeId === scope.officeId && inScope(op.table, op.rowId, existing);
      if (movedAway) target = existing;
      else if (op.officeId !== scope.officeId || claimed !== scope.officeId || (existing !== null && existing !== scope.officeId)) {
        reject('out_of_scope');
        continue;
      }
    }
    let badRef: string | null = null;
    for (const [col, refTable] of Object.entries(spec.refs ?? {})) {
      const v = op.columns[col];
      if (v === undefined || v === null) continue;
      const office = typeof v === 'string' ? tx.rowOffice(refTable, v) : null;
      if (office === null || !inScope(refTable, v as string, office)) {
        badRef = col;
        break;
      }
    }
    if (badRef) {
      reject('ref_out_of_scope', badRef);
      continue;
    }
    // A personal cell a device may not read, it may submit only while the hub holds none for it
    // (write-only first submission): changing or clearing a value it cannot see is refused, and
    // the refusal says only that there is one, whatever the value submitted.
    const withheld = hidden(op.table);
    const locked = withheld.size ? Object.keys(op.columns).find((c) => withheld.has(c) && (tx.cell(op.table, op.rowId, c)?.value ?? null) !== null) : undefined;
    if (locked) {
      reject('personal_set', locked);
      continue;
    }
    // A row that follows a parent lives in the parent's office, whatever the writer said.
    if (spec.follows) {
      const parentId = (op.columns[spec.follows] ?? tx.cell(op.table, op.rowId, spec.follows)?.value) as string | undefined;
      const parentOffice = parentId ? tx.rowOffice(spec.refs![spec.follows]!, parentId) : null;
      if (parentOffice) target = parentOffice;
    }
    const stamp = ctx.clamp(op.hlc);
    const cells: Record<string, unknown> = { ...op.columns };
    if (target !== claimed || 'office_id' in cells) cells.office_id = target;
    let changed = false;
    let lost = false;
    const conflicted: string[] = [];
    for (const [col, value] of Object.entries(cells) as [string, Op['columns'][string]][]) {
      const cur = tx.cell(op.table, op.rowId, col);
      const sensitive = (spec.sensitive ?? []).includes(col);
      const concurrent = cur !== null && cur.device !== device.id && (op.base?.[col] ?? null) !== cur.hlc;
      if (sensitive && concurrent && JSON.stringify(cur!.value) !== JSON.stringify(value)) {
        tx.addConflict({ table: op.table, rowId: op.rowId, column: col, officeId: target, current: cur!, incoming: { value, hlc: stamp, device: device.id } });
        conflicted.push(col);
        lost = true;
        continue;
      }
      if (!cur || stamp > cur.hlc) {
        tx.writeCell(op.table, op.rowId, col, { value, hlc: stamp, device: device.id });
        changed = true;
      } else if (JSON.stringify(cur.value) !== JSON.stringify(value)) lost = true;
    }
    const moved = existing !== null && existing !== target;
    // A cell that lost (to a newer value or to review) goes out again, so the writer, which skipped
    // the hub's value while its own edit was pending, gets it back.
    if (changed || lost || existing === null) tx.touchRow(op.table, op.rowId, target, claimed !== target ? claimed : undefined);
    if (moved) moveDependents(tx, op.table, op.rowId, target, stamp, device.id);
    const v: OpVerdict = { verdict: 'accepted', ...(conflicted.length ? { conflicted } : {}) };
    // The op is recorded with the stamp its cells carry on the hub (clamped when it was ahead).
    tx.recordOp(stamp === op.hlc ? op : { ...op, hlc: stamp }, device.id, v);
    give(op, v);
  }
  return res;
}

/** The rows that follow a moved row take its office (and their own dependents theirs). */
function moveDependents(tx: BatchTx, table: string, rowId: string, office: string, stamp: string, device: string) {
  for (const dep of dependentsOf(table)) {
    for (const id of tx.rowsReferencing(dep.table, dep.column, rowId)) {
      if (tx.rowOffice(dep.table, id) === office) continue;
      const cur = tx.cell(dep.table, id, 'office_id');
      tx.writeCell(dep.table, id, 'office_id', { value: office, hlc: cur && cur.hlc > stamp ? cur.hlc : stamp, device });
      tx.touchRow(dep.table, id, office);
      moveDependents(tx, dep.table, id, office, stamp, device);
    }
  }
}

/** The verdicts and rows a batch will read: its ops' rows and the rows their references name. */
export function batchHint(ops: Op[]): BatchHint {
  const rows: BatchHint['rows'] = [];
  for (const op of ops) {
    rows.push({ table: op.table, rowId: op.rowId });
    const spec = tableSpec(op.table);
    for (const [col, refTable] of Object.entries(spec?.refs ?? {})) {
      const v = op.columns[col];
      if (typeof v === 'string') rows.push({ table: refTable, rowId: v });
    }
  }
  return { opIds: ops.map((o) => o.opId), rows };
}

export const SNAPSHOT_FORMAT = 'branch-desk-snapshot-1';

/** A scope's rows at the current server_seq, for a station whose link is too slow for the first pull. */
export async function buildSnapshot(store: HubStore, officeId: string, sensitivity: Device['sensitivity'], now: number) {
  const device: Device = { id: 'snapshot', name: 'snapshot', officeId, sensitivity, createdAt: now, revokedAt: null, lastSeenAt: null };
  const scope = scopeOf(device);
  const rows = [];
  let cursor = 0;
  for (;;) {
    const page = await store.pull(scope, cursor, 5000, hiddenColumns(device));
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
  const log = opts.log ?? ((f) => process.stderr.write(JSON.stringify({ t: new Date(now()).toISOString(), ...f }) + '\n'));
  const limit = opts.rateLimit ?? 1000;
  const enrollFailures = opts.enrollFailures ?? 10;
  const pendingQuota = opts.pendingQuota ?? DEFAULT_PENDING_QUOTA;
  const pendingTtl = opts.pendingTtlMs ?? DEFAULT_PENDING_TTL_MS;
  const clamp = createClamp(now);
  const buckets = new Map<string, { start: number; n: number }>();
  const failures = new Map<string, { start: number; n: number }>();

  function rate(deviceId: string) {
    const t = now();
    const b = buckets.get(deviceId);
    if (!b || t - b.start > 10_000) return void buckets.set(deviceId, { start: t, n: 1 });
    if (++b.n > limit) throw new HubError(429, 'RATE_LIMITED', 'too many requests');
  }

  /** Guessing codes: after a few failed enrolments an address waits out the minute. */
  const addressOf = (req: http.IncomingMessage) => req.socket.remoteAddress ?? '?';
  function enrollAllowed(addr: string) {
    const f = failures.get(addr);
    if (f && now() - f.start <= 60_000 && f.n >= enrollFailures) throw new HubError(429, 'RATE_LIMITED', 'too many enrolment attempts', { scope: 'enroll' });
  }
  function enrollFailed(addr: string) {
    const t = now();
    const f = failures.get(addr);
    if (!f || t - f.start > 60_000) failures.set(addr, { start: t, n: 1 });
    else f.n++;
    if (failures.size > 10_000) failures.clear();
  }

  async function readBody(req: http.IncomingMessage, cap: number): Promise<Buffer> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > cap) {
      req.resume();
      throw new HubError(413, 'TOO_LARGE', 'request too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      // Past the cap the rest is read and dropped, so the client hears the 413 instead of a reset.
      if (size > MAX_INFLATED) req.destroy();
      if (size <= cap) chunks.push(c as Buffer);
    }
    if (size > cap) throw new HubError(413, 'TOO_LARGE', 'request too large');
    return Buffer.concat(chunks);
  }

  function parse<S extends z.ZodType>(raw: Buffer, schema: S): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      throw new HubError(400, 'BAD_REQUEST', 'request body is not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new HubError(400, 'BAD_REQUEST', 'request does not match the protocol', {
        issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    return parsed.data;
  }

  /** A device's body: gunzipped off the event loop (zlib's thread pool), capped before and after. */
  async function body<S extends z.ZodType>(req: http.IncomingMessage, schema: S): Promise<z.output<S>> {
    let raw = await readBody(req, MAX_BODY);
    if (req.headers['content-encoding'] === 'gzip') {
      try {
        raw = await gunzip(raw, { maxOutputLength: MAX_INFLATED });
      } catch {
        throw new HubError(400, 'BAD_REQUEST', 'compressed body is invalid or too large');
      }
    }
    return parse(raw, schema);
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

  async function deviceOf(req: http.IncomingMessage): Promise<Device | null> {
    const h = String(req.headers.authorization ?? '');
    const token = h.startsWith('Bearer ') ? h.slice(7) : '';
    return token ? store.deviceByToken(token) : null;
  }

  async function auth(req: http.IncomingMessage): Promise<Device> {
    const d = await deviceOf(req);
    if (!d) throw new HubError(401, 'UNAUTHORIZED', 'device not enrolled or revoked');
    rate(d.id);
    await store.touchDevice(d.id);
    return d;
  }

  /** Conflicts a device may see and resolve: its scope, and tables its class may write. */
  const conflictsFor = async (d: Device) => (await store.conflicts(scopeOf(d))).filter((c) => classMayWrite(c.table, d.sensitivity));

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ device?: string }> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const hello = {
      name: 'branch-desk-hub' as const,
      minSchemaVersion: minSchema,
      maxSchemaVersion: maxSchema,
      serverTime: now(),
      features: ['push-chain', 'pull-chain', 'rebase-from'],
    };
    if (req.method === 'GET' && url.pathname === '/health') {
      // Counts describe the whole county: only a device that holds the whole county sees them.
      // The database's reachability is public (a load balancer asks); 503 when it cannot be reached.
      const health = await store.health();
      const d = health.ok ? await deviceOf(req) : null;
      // The database's own error names its host, port and role: for the county's devices and the log only.
      if (!health.ok && health.error) log({ level: 'warn', msg: 'health: database unreachable', error: health.error });
      const body = { ok: health.ok, store: health.store, database: health.ok ? 'reachable' : 'unreachable' };
      const county = health.ok ? d && d.sensitivity !== 'station' : (await deviceOf(req).catch(() => null))?.sensitivity === 'county';
      send(
        req,
        res,
        health.ok ? 200 : 503,
        health.ok && county
          ? { ...body, seq: await store.maxSeq(), ...(await store.stats()), dbMs: health.ms }
          : county && health.error
            ? { ...body, error: health.error }
            : body,
      );
      return {};
    }
    if (req.method === 'GET' && url.pathname === '/hello') {
      send(req, res, 200, hello);
      return {};
    }
    if (req.method !== 'POST') throw new HubError(404, 'NOT_FOUND', 'unknown path');
    if (url.pathname === '/enroll') {
      // Before a device exists: a few KB, never compressed, and a limit on failed attempts.
      const addr = addressOf(req);
      enrollAllowed(addr);
      if (req.headers['content-encoding'] && req.headers['content-encoding'] !== 'identity') {
        req.resume();
        throw new HubError(415, 'UNSUPPORTED', 'enrolment does not accept a compressed body');
      }
      let b;
      try {
        b = parse(await readBody(req, MAX_ENROLL_BODY), EnrollRequestSchema);
      } catch (e) {
        enrollFailed(addr);
        throw e;
      }
      const r = await store.redeemEnrolment(b.code, b.deviceName, b.claim);
      if (!r) {
        enrollFailed(addr);
        throw new HubError(403, 'BAD_CODE', 'enrolment code invalid, used or expired');
      }
      if (r === 'claimed') {
        // Another machine is joining with a good code: nothing changes. Logged without the code or claim.
        log({ level: 'warn', msg: 'enrolment code reused by another device before the first sync', addr });
        throw new HubError(409, 'CLAIMED', 'enrolment code claimed by another device');
      }
      send(req, res, 200, { deviceId: r.device.id, token: r.token, officeId: r.device.officeId, sensitivity: r.device.sensitivity });
      return { device: r.device.id };
    }
    const device = await auth(req);
    if (url.pathname === '/enroll/confirm') {
      await readBody(req, MAX_ENROLL_BODY);
      await store.confirmEnrolment(device.id);
      send(req, res, 200, { ok: true });
      return { device: device.id };
    }
    if (url.pathname === '/push') {
      const b = await body(req, PushRequestSchema);
      if (b.schemaVersion < minSchema) throw new HubError(426, 'CLIENT_TOO_OLD', 'client too old', hello);
      // A desk that sends its chain token is told apart from a copy of itself (common.ts, chainStep).
      // The chain moves before the batch: a batch that then fails is retried with the same token and ops.
      let chain: string | null = null;
      // An empty push writes nothing and moves nothing (a desk never sends one).
      if (b.ops.length) {
        const step = await store.advanceChain(
          device.id,
          b.chain,
          b.ops.map((o) => o.opId),
          !!b.rebase,
          b.rebaseFrom,
        );
        if (step.outcome === 'cloned') {
          log({ level: 'warn', msg: 'push refused: a copy of an installation the chain has moved past', device: device.id, ops: b.ops.length });
          throw new HubError(409, 'DEVICE_CLONED', 'this installation is a copy of another one enrolled as the same device: enrol it as a device of its own');
        }
        if (step.outcome === 'rebase') log({ level: 'warn', msg: 'push chain taken over by a restored desk', device: device.id });
        chain = step.chain;
      }
      const r = await store.batch(
        (tx) => applyBatch(tx, device, b.ops, { now: now(), maxSchema, cursor: b.cursor ?? 0, pendingQuota, clamp }),
        batchHint(b.ops),
      );
      send(req, res, 200, chain ? { ...r, chain } : r);
      return { device: device.id };
    }
    if (url.pathname === '/audit/anchor') {
      const b = await body(req, AuditAnchorRequestSchema);
      const r = await store.anchorAudit(device.id, b.head, b.links ?? null, b.restore ?? null);
      if (r.unlinked) {
        // The device claims a head its rows do not link to the anchor held: forged, or a truncated log written over.
        log({
          level: 'warn',
          msg: 'audit anchor refused: the head does not extend the anchor held',
          device: device.id,
          heldSeq: r.anchor?.seq ?? null,
          headSeq: b.head?.seq ?? null,
          links: b.links?.length ?? 0,
        });
        throw new HubError(409, 'AUDIT_UNLINKED', 'audit head does not extend the anchor held', { anchor: r.anchor });
      }
      // A device's audit chain replaced by a restored backup: worth a line in the hub's log.
      if (r.restored)
        log({
          level: 'warn',
          msg: 'audit anchor moved to a restored chain',
          device: device.id,
          replacedSeq: b.restore?.replaced?.seq ?? null,
          headSeq: b.head?.seq ?? null,
        });
      send(req, res, 200, r);
      return { device: device.id };
    }
    if (url.pathname === '/pull') {
      const b = await body(req, PullRequestSchema);
      if (b.schemaVersion < minSchema) throw new HubError(426, 'CLIENT_TOO_OLD', 'client too old', hello);
      // A copy that only reads never pushes: its pull is where it is told apart (common.ts, pullChainRefused).
      if (b.chain !== undefined && pullChainRefused(await store.chainHeld(device.id), b.chain, !!b.rebase)) {
        log({ level: 'warn', msg: 'pull refused: a copy of an installation the chain has moved past', device: device.id });
        throw new HubError(409, 'DEVICE_CLONED', 'this installation is a copy of another one enrolled as the same device: enrol it as a device of its own');
      }
      const scope = scopeOf(device);
      const page = await store.pull(scope, b.cursor, b.limit, hiddenColumns(device));
      send(req, res, 200, new RawJson(pageJson(page, { conflicts: await conflictsFor(device), serverTime: now() })));
      return { device: device.id };
    }
    if (url.pathname === '/conflicts/resolve') {
      const b = await body(req, ResolveRequestSchema);
      const c = (await conflictsFor(device)).find((x) => x.id === b.conflictId);
      if (!c || !(await store.resolveConflict(b.conflictId, scopeOf(device)))) throw new HubError(404, 'NOT_FOUND', 'no such open conflict');
      send(req, res, 200, { ok: true });
      return { device: device.id };
    }
    if (url.pathname === '/origin') {
      const b = await body(req, OriginRequestSchema);
      const w = await store.writers(b.table, b.rowId);
      const scope = scopeOf(device);
      if (!w || (scope.officeId !== null && w.officeId !== scope.officeId && !countyWide.has(b.table))) throw new HubError(404, 'NOT_FOUND', 'no such record');
      const names = new Map((await store.listDevices()).map((d) => [d.id, d.name]));
      const h = hiddenColumns(device)(b.table);
      const writers = Object.entries(w.devices)
        .filter(([c]) => !h.has(c))
        .map(([column, deviceId]) => ({ column, deviceId, deviceName: names.get(deviceId) ?? '' }));
      send(req, res, 200, { writers });
      return { device: device.id };
    }
    throw new HubError(404, 'NOT_FOUND', 'unknown path');
  }

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const t0 = performance.now();
    let device: string | undefined;
    let status = 200;
    try {
      ({ device } = await route(req, res));
    } catch (e) {
      if (e instanceof HubError) {
        status = e.status;
        send(req, res, e.status, hubErrorBody(e));
      } else if (e instanceof StoreUnavailable) {
        // PostgreSQL restarting or out of reach: the device keeps its outbox and tries again later.
        status = 503;
        log({ level: 'error', msg: 'store unavailable', error: e.message });
        if (!res.headersSent) send(req, res, 503, hubErrorBody(new HubError(503, 'HUB_STORE_UNAVAILABLE', 'hub store unavailable')));
      } else {
        status = 500;
        log({ level: 'error', msg: 'hub error', error: (e as Error).name, stack: (e as Error).stack?.split('\n').slice(0, 3).join(' | ') });
        if (!res.headersSent) send(req, res, 500, hubErrorBody(new HubError(500, 'INTERNAL', 'internal error')));
      }
    }
    log({
      level: status >= 500 ? 'error' : 'info',
      msg: 'request',
      method: req.method,
      path: req.url?.split('?')[0],
      status,
      device,
      ms: Math.round(performance.now() - t0),
    });
  };

  function listen(port: number, host = '127.0.0.1'): Promise<http.Server> {
    const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);
    server.keepAliveTimeout = 5_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  /** Pending ops older than the expiry are dropped (and logged): a hub never upgraded does not keep them for ever. */
  async function expirePending() {
    const n = await store.dropPending({ before: now() - pendingTtl });
    if (n) log({ level: 'warn', msg: 'pending ops expired', count: n, days: Math.round(pendingTtl / 86_400_000) });
    return n;
  }

  /** Ops kept pending for a table or column this hub did not know: try them again after an upgrade. */
  async function retryPending() {
    await expirePending();
    const devices = new Map((await store.listDevices()).map((d) => [d.id, d]));
    for (const { op, deviceId } of await store.pendingOps()) {
      const d = devices.get(deviceId);
      const spec = tableSpec(op.table);
      const known =
        spec &&
        op.schemaVersion <= maxSchema &&
        Object.keys(op.columns).every((c) => (BASE_COLUMNS as readonly string[]).includes(c) || spec.columns.includes(c));
      if (!d || !known) continue;
      let r: PushResponse;
      try {
        r = await store.batch(
          (tx) => applyBatch(tx, d, [op], { now: now(), maxSchema, cursor: 0, pendingQuota: Number.POSITIVE_INFINITY, clamp }),
          batchHint([op]),
        );
      } catch (e) {
        // Kept pending: tried again at the next start.
        log({ level: 'warn', msg: 'pending op not applied', device: deviceId, error: (e as Error).name });
        continue;
      }
      await store.clearPending(op.opId);
      if (r.rejected.length) log({ level: 'warn', msg: 'pending op refused after upgrade', device: deviceId, reason: r.rejected[0]!.reason });
    }
  }

  return { handler, listen, retryPending, expirePending };
}
