import type { AuditLinkInput, ChainHeld, ChainOutcome } from './common';
import type { Op, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';

// The hub's storage, behind an interface so a PostgreSQL store can replace the embedded
// SQLite one for city-scale deployments without touching the protocol code (hub.ts).
// Every method answers a promise: the SQLite store answers at once, the PostgreSQL one after
// its round trips. The protocol itself (applyBatch) stays synchronous and pure, run by `batch`.

export interface Device {
  id: string;
  name: string;
  officeId: string;
  sensitivity: SensitivityClass;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
}

export interface Scope {
  /** null: every office of the county. */
  officeId: string | null;
  sensitivity: SensitivityClass;
}

export interface CellState {
  value: string | number | boolean | null;
  hlc: string;
  device: string;
}

export interface ApplyDecision {
  opId: string;
  outcome: 'accepted' | 'duplicate' | 'pending' | 'rejected';
  reason?: string;
  conflicts: string[];
}

/** The verdict an op got the first time, given again when it is redelivered. */
export interface OpVerdict {
  verdict: 'accepted' | 'rejected';
  reason?: string;
  detail?: string;
  /** Columns of an accepted op that went to conflict review. */
  conflicted?: string[];
}

/**
 * The engine resolving one batch; runs inside the store's transaction. Its reads are synchronous:
 * a store that cannot answer one from memory (PostgreSQL) throws a miss, loads what was asked and
 * runs the batch again from the start, so the function given to `batch` must have no effect
 * outside this object.
 */
export interface BatchTx {
  verdictOf(opId: string): OpVerdict | null;
  rowOffice(table: string, rowId: string): string | null;
  cell(table: string, rowId: string, column: string): CellState | null;
  writeCell(table: string, rowId: string, column: string, c: CellState): void;
  /**
   * Marks the row changed: a new server_seq, and an eviction when its office moved. `evictFrom`
   * also evicts it from an office it never had on the hub (the writer's, when the hub put the
   * row elsewhere).
   */
  touchRow(table: string, rowId: string, officeId: string, evictFrom?: string): void;
  /** The row's cells as stored (wire format), or null. */
  rowCells(table: string, rowId: string): Record<string, { value: CellState['value']; hlc: string }> | null;
  /** Was the row evicted from this office after this server_seq (a move the device had not yet pulled)? */
  evictedAfter(table: string, rowId: string, officeId: string, seq: number): boolean;
  /** Ids of the rows of `table` whose `column` holds `value` (the rows that follow a parent). */
  rowsReferencing(table: string, column: string, value: string): string[];
  recordOp(op: Op, deviceId: string, verdict: OpVerdict): void;
  /** Bytes of pending ops this device already has on the hub. */
  pendingBytes(deviceId: string): number;
  keepPending(op: Op, deviceId: string, reason: string): void;
  addConflict(c: Omit<SyncConflict, 'id' | 'createdAt'>): void;
}

export interface PendingSummary {
  deviceId: string;
  ops: number;
  bytes: number;
  oldest: number;
  reasons: string[];
}

/** A pulled row whose cells are already serialized (`{"col":{"value":…,"hlc":"…"}}`), so a page goes out without re-encoding. */
export interface StoredRow {
  seq: number;
  table: string;
  rowId: string;
  officeId: string;
  cellsJson: string;
}

/** What a batch will read, loaded before it runs (a store may ignore it). */
export interface BatchHint {
  opIds: string[];
  rows: { table: string; rowId: string }[];
}

/** The database cannot be reached (PostgreSQL restarting, a network cut): the hub answers 503. */
export class StoreUnavailable extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailable';
  }
}

export interface StoreHealth {
  ok: boolean;
  store: 'sqlite' | 'postgres';
  /** Round trip of a trivial query, in ms. */
  ms?: number;
  error?: string;
}

export interface HubStore {
  readonly kind: 'sqlite' | 'postgres';
  createEnrolment(officeId: string, sensitivity: SensitivityClass, ttlMs: number): Promise<string>;
  /**
   * Trades a code for a device and a token. The first redemption binds the registration to the
   * device's claim (a secret it keeps; only its hash is stored). Until the device confirms its
   * first complete sync, the same code may be redeemed again with the same claim: the same device
   * gets a new token (the old one stops working), so a lost reply or a lost first pull never burns
   * the code or registers twice. A different claim gets 'claimed' and changes nothing.
   * Null: no such code, spent or expired.
   */
  redeemEnrolment(code: string, deviceName: string, claim: string): Promise<{ device: Device; token: string } | 'claimed' | null>;
  /** The device finished its first sync: its code is spent. */
  confirmEnrolment(deviceId: string): Promise<void>;
  deviceByToken(token: string): Promise<Device | null>;
  listDevices(): Promise<Device[]>;
  revokeDevice(id: string): Promise<boolean>;
  touchDevice(id: string): Promise<void>;
  /**
   * The device's audit head, anchored here. The anchor moves forward to `head` only when `at` (the
   * device's own hash at the anchored seq) matches it; otherwise the held anchor is returned as
   * it is, and the device's verification reports what was lost or rewritten.
   *
   * `restore`: the device restored a backup, so its chain is the backup's, which does not hold
   * the anchor. The hub takes the restored chain's head and records the restore (audit_restore:
   * the replaced head the device names, the anchor it held, the restore's own row), once per
   * restore row: the same claim again, or a shorter log later without a new restore, is refused
   * and reported as before. What the hub cannot tell: that the restore row is genuine. Someone
   * who can write the desk's encrypted database could append one after cutting rows; the hub's
   * record of each restore (with the head it replaced) is then what an auditor compares.
   * A forward move needs `links`, the rows from the held anchor to `head`, recomputed here
   * (common.ts, linksExtend); a claim they do not prove is refused (`unlinked`) and the anchor held.
   */
  anchorAudit(
    deviceId: string,
    head: AuditHead | null,
    links: readonly AuditLinkInput[] | null,
    restore?: AuditRestore | null,
  ): Promise<{ anchor: AuditHead | null; moved: boolean; restored?: boolean; unlinked?: boolean }>;
  /**
   * Moves the device's push chain for a push of `opIds` presenting `presented` (common.ts,
   * chainStep), atomically against other pushes of the same device, on any hub process. Returns the
   * token to give the device, or null when the push comes from a copy the chain has moved past.
   */
  advanceChain(
    deviceId: string,
    presented: string | null | undefined,
    opIds: readonly string[],
    rebase: boolean,
    rebaseFrom?: string | null,
  ): Promise<{ outcome: ChainOutcome; chain: string | null }>;
  /** The device's push chain as held, for the pull's check (common.ts, pullChainRefused); null when it has none. */
  chainHeld(deviceId: string): Promise<ChainHeld | null>;
  /** The restores devices reported, oldest first (what replaced which head). */
  auditRestores(deviceId?: string): Promise<AuditRestoreRecord[]>;
  /** Runs fn in one transaction: all of the batch lands, or none of it. fn may run more than once (see BatchTx). */
  batch<T>(fn: (tx: BatchTx) => T, hint?: BatchHint): Promise<T>;
  /** Rows after the cursor in server_seq order, without the cells this device may not see. */
  pull(scope: Scope, cursor: number, limit: number, hiddenColumns: (table: string) => ReadonlySet<string> | null): Promise<PullPage>;
  conflicts(scope: Scope): Promise<SyncConflict[]>;
  resolveConflict(id: string, scope: Scope): Promise<boolean>;
  pendingOps(): Promise<{ op: Op; deviceId: string }[]>;
  clearPending(opId: string): Promise<void>;
  /** Pending ops per device, for the administrator. */
  pendingSummary(): Promise<PendingSummary[]>;
  /** Drops pending ops received before `before` (or all of one device's); returns how many. */
  dropPending(opts: { before?: number; deviceId?: string }): Promise<number>;
  /** Who wrote each cell of a row: { column: deviceId }. */
  writers(table: string, rowId: string): Promise<{ officeId: string; devices: Record<string, string> } | null>;
  maxSeq(): Promise<number>;
  stats(): Promise<{ ops: number; rows: number; devices: number }>;
  /** Can the database be reached? */
  health(): Promise<StoreHealth>;
  /** Everything the store holds, in one order, for moving a county to another store (migrate-store). */
  exportAll(): Promise<StoreDump>;
  /** Loads a dump into an empty store, in one transaction. */
  importAll(dump: StoreDump): Promise<void>;
  close(): Promise<void>;
}

export interface PullPage {
  rows: StoredRow[];
  evictions: { seq: number; table: string; rowId: string }[];
  cursor: number;
  more: boolean;
  total: number;
}

export interface AuditHead {
  seq: number;
  hash: string;
}
export interface AuditRestore {
  replaced: AuditHead | null;
  entry: AuditHead;
}
export interface AuditRestoreRecord {
  deviceId: string;
  entry: AuditHead;
  replaced: AuditHead | null;
  /** The anchor the hub held before (on the replaced chain). */
  held: AuditHead;
  /** The restored chain's head it took. */
  head: AuditHead;
  at: number;
}

/** The tables of a hub store as plain rows (column names as in the SQL schemas). */
export interface StoreDump {
  seq: number;
  device: {
    id: string;
    name: string;
    office_id: string;
    sensitivity: string;
    token_hash: string;
    created_at: number;
    revoked_at: number | null;
    last_seen_at: number | null;
  }[];
  enrolment: {
    code_hash: string;
    office_id: string;
    sensitivity: string;
    expires_at: number;
    used_at: number | null;
    device_id: string | null;
    claim_hash?: string | null;
  }[];
  op: { op_id: string; device_id: string; table_name: string; row_id: string; hlc: string; outcome: string; received_at: number }[];
  hub_row: { table_name: string; row_id: string; office_id: string; seq: number; doc: string; devs: string }[];
  eviction: { seq: number; table_name: string; row_id: string; office_id: string }[];
  pending_op: { op_id: string; device_id: string; body: string; reason: string; received_at: number }[];
  conflict: {
    id: string;
    table_name: string;
    row_id: string;
    col: string;
    office_id: string;
    current: string;
    incoming: string;
    created_at: number;
    resolved_at: number | null;
  }[];
  /** Each device's last anchored audit head: without it a moved hub would take a truncated log's head as new. */
  audit_anchor: { device_id: string; seq: number; hash: string; at: number }[];
  /** The restores devices reported (absent in dumps from before it). */
  audit_restore?: AuditRestoreRow[];
  /** Each device's push chain (absent in dumps from before it: the chains then start again). */
  push_chain?: { device_id: string; cur: string; prev: string | null; last_ops: string; at: number; rebased?: string | null }[];
}

export type AuditRestoreRow = {
  device_id: string;
  entry_seq: number;
  entry_hash: string;
  replaced_seq: number | null;
  replaced_hash: string | null;
  held_seq: number;
  held_hash: string;
  head_seq: number;
  head_hash: string;
  at: number;
};

export const toRestoreRecord = (r: AuditRestoreRow): AuditRestoreRecord => ({
  deviceId: r.device_id,
  entry: { seq: Number(r.entry_seq), hash: r.entry_hash },
  replaced: r.replaced_seq === null ? null : { seq: Number(r.replaced_seq), hash: r.replaced_hash! },
  held: { seq: Number(r.held_seq), hash: r.held_hash },
  head: { seq: Number(r.head_seq), hash: r.head_hash },
  at: Number(r.at),
});
