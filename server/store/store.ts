import type { Op, SensitivityClass, SyncConflict } from '../../shared/sync/protocol';

// The hub's storage, behind an interface so a PostgreSQL store can replace the embedded
// SQLite one for city-scale deployments without touching the protocol code (hub.ts).

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

/** The engine resolving one batch; runs inside the store's transaction. */
export interface BatchTx {
  hasOp(opId: string): boolean;
  rowOffice(table: string, rowId: string): string | null;
  cell(table: string, rowId: string, column: string): CellState | null;
  writeCell(table: string, rowId: string, column: string, c: CellState): void;
  /** Marks the row changed: a new server_seq, and an eviction when its office moved. */
  touchRow(table: string, rowId: string, officeId: string): void;
  recordOp(op: Op, deviceId: string, outcome: string): void;
  keepPending(op: Op, deviceId: string, reason: string): void;
  addConflict(c: Omit<SyncConflict, 'id' | 'createdAt'>): void;
}

/** A pulled row whose cells are already serialized (`{"col":{"value":…,"hlc":"…"}}`), so a page goes out without re-encoding. */
export interface StoredRow {
  seq: number;
  table: string;
  rowId: string;
  officeId: string;
  cellsJson: string;
}

export interface HubStore {
  createEnrolment(officeId: string, sensitivity: SensitivityClass, ttlMs: number): string;
  redeemEnrolment(code: string, deviceName: string): { device: Device; token: string } | null;
  deviceByToken(token: string): Device | null;
  listDevices(): Device[];
  revokeDevice(id: string): boolean;
  touchDevice(id: string): void;
  /** Runs fn in one transaction: all of the batch lands, or none of it. */
  batch<T>(fn: (tx: BatchTx) => T): T;
  /** Rows after the cursor in server_seq order, without the cells this device may not see. */
  pull(scope: Scope, cursor: number, limit: number, hiddenColumns: (table: string) => ReadonlySet<string> | null): { rows: StoredRow[]; evictions: { seq: number; table: string; rowId: string }[]; cursor: number; more: boolean; total: number };
  conflicts(scope: Scope): SyncConflict[];
  resolveConflict(id: string, scope: Scope): boolean;
  pendingOps(): { op: Op; deviceId: string }[];
  clearPending(opId: string): void;
  maxSeq(): number;
  stats(): { ops: number; rows: number; devices: number };
  close(): void;
}
