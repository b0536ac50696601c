import { getTableColumns, getTableName, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { fail } from '../../../shared/contract/errors';
import { uuidv7 } from '../../../shared/domain/uuid';
import { classMayWrite, SCHEMA_VERSION, tableSpec } from '../../../shared/sync/manifest';
import type { SensitivityClass } from '../../../shared/sync/protocol';
import { rowProblem } from '../../../shared/sync/rows';
import { isoAt, type Clock } from '../clock';
import type { Sqlite } from '../db/open';
import type { Statement } from 'better-sqlite3';
import type { Actor, AuditService } from '../services/audit/audit.service';
import type { HlcSource } from './hlc-source';

/** Who is writing and through which RPC method; recorded in the audit log. */
export interface WriteCtx {
  actor: Actor;
  method: string;
}

type BaseKeys = 'id' | 'officeId' | 'createdAt' | 'updatedAt' | 'deletedAt';
export type SyncedTable = SQLiteTable & {
  id: SQLiteColumn;
  officeId: SQLiteColumn;
  createdAt: SQLiteColumn;
  updatedAt: SQLiteColumn;
  deletedAt: SQLiteColumn;
};
type Row<T extends SyncedTable> = InferSelectModel<T>;
export type CreateValues<T extends SyncedTable> = Omit<T['$inferInsert'], Exclude<BaseKeys, 'officeId'>> & {
  officeId: string;
  id?: string;
};
export type Patch<T extends SyncedTable> = Partial<Omit<T['$inferInsert'], BaseKeys>> & { officeId?: string };

interface TableMeta {
  name: string;
  /** JS key -> column */
  columns: [string, SQLiteColumn][];
  /** A whole row's insert, its values in `columns` order. */
  insertSql: string;
}

const metaCache = new WeakMap<SyncedTable, TableMeta>();
function metaOf(table: SyncedTable): TableMeta {
  let m = metaCache.get(table);
  if (!m) {
    const name = getTableName(table);
    if (!tableSpec(name)) throw new Error(`${name} is not in the sync manifest`);
    const columns = Object.entries(getTableColumns(table));
    const names = columns.map(([, c]) => `"${c.name}"`);
    m = { name, columns, insertSql: `INSERT INTO "${name}" (${names.join(',')}) VALUES (${names.map(() => '?').join(',')})` };
    metaCache.set(table, m);
  }
  return m;
}

function toDriver(col: SQLiteColumn, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return col.mapToDriverValue(v);
}
function fromDriver(col: SQLiteColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  return col.mapFromDriverValue(v);
}

/**
 * The one write path for synced tables. In one transaction it writes the row, stamps an
 * HLC timestamp, appends the changed columns to the outbox and appends to the audit log.
 * Nested calls (inside a service transaction) become savepoints of the outer one.
 */
export function createSyncedWriter(deps: {
  sqlite: Sqlite;
  clock: Clock;
  hlc: HlcSource;
  audit: AuditService;
  onChange?: (table: string) => void;
  /** Why the database takes no writes (a failed integrity check, a program too old for the hub), as a notice the renderer words. */
  readOnly?: () => { key: string; params: Record<string, string | number> } | null;
  /**
   * Inside an outer transaction, run each write in it directly instead of in a savepoint of
   * its own. For a bulk import, where any failure rolls the whole transaction back anyway.
   */
  inlineNested?: boolean;
  /** The class this device is enrolled as (null before enrolment): some tables are HR-class writes. */
  deviceClass?: () => SensitivityClass | null;
}) {
  const { sqlite, clock, hlc, audit } = deps;
  const tx = <R>(fn: () => R): R => (deps.inlineNested && sqlite.inTransaction ? fn() : sqlite.transaction(fn)());
  const outboxInsert = sqlite.prepare(
    `INSERT INTO outbox (op_id, table_name, row_id, office_id, columns, hlc, schema_version, base)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cellVersion = sqlite.prepare<[string, string, string], { hlc: string }>(
    'SELECT hlc FROM sync_cell_version WHERE table_name = ? AND row_id = ? AND col = ?',
  );
  const setCellVersion = sqlite.prepare(
    'INSERT INTO sync_cell_version (table_name, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc',
  );

  // Statements are compiled once per shape; compiling per edit dominated the p99.
  const stmts = new Map<string, Statement>();
  const stmt = (sql: string) => {
    let st = stmts.get(sql);
    if (!st) stmts.set(sql, (st = sqlite.prepare(sql)));
    return st;
  };

  function readRaw(meta: TableMeta, id: string): Record<string, unknown> | undefined {
    return stmt(`SELECT * FROM "${meta.name}" WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  }

  function toModel<T extends SyncedTable>(meta: TableMeta, raw: Record<string, unknown>): Row<T> {
    const out: Record<string, unknown> = {};
    for (const [key, col] of meta.columns) out[key] = fromDriver(col, raw[col.name]);
    return out as Row<T>;
  }

  /** Refused before the row is touched: a read-only database may also refuse the statement itself. */
  function assertWritable() {
    const ro = deps.readOnly?.();
    if (ro) throw fail('RULE_VIOLATION', ro.key, { ...ro.params, readOnly: true });
  }

  const mayWrite = (table: string) => classMayWrite(table, deps.deviceClass?.() ?? null);

  /** The same row shapes the hub and the pull check (shared/sync/rows.ts): nothing else is written. */
  function check(meta: TableMeta, cells: Record<string, unknown>, complete: boolean) {
    const p = rowProblem(meta.name, cells, complete);
    if (p) throw fail('BAD_INPUT', 'rowInvalid', { table: meta.name, field: p.column, problem: p.message });
  }

  function record(meta: TableMeta, rowId: string, officeId: string, changed: Record<string, unknown>, ctx: WriteCtx, before: Record<string, unknown> | null) {
    assertWritable();
    if (!mayWrite(meta.name)) throw fail('FORBIDDEN', 'deviceClassRefuses', { table: meta.name, deviceClass: deps.deviceClass?.() });
    const ts = hlc.tick();
    // A sensitive cell's edit names the version it was based on (DESIGN.md, Sync).
    let base: Record<string, string | null> | null = null;
    for (const col of tableSpec(meta.name)?.sensitive ?? []) {
      if (!(col in changed)) continue;
      (base ??= {})[col] = cellVersion.get(meta.name, rowId, col)?.hlc ?? null;
      setCellVersion.run(meta.name, rowId, col, ts);
    }
    const json = JSON.stringify(changed);
    outboxInsert.run(uuidv7(clock.now()), meta.name, rowId, officeId, json, ts, SCHEMA_VERSION, base ? JSON.stringify(base) : null);
    const beforeChanged = before ? Object.fromEntries(Object.keys(changed).map((k) => [k, before[k]])) : null;
    audit.append({ actor: ctx.actor, method: ctx.method, entity: meta.name, entityId: rowId, before: beforeChanged, after: changed, afterJson: json });
    deps.onChange?.(meta.name);
  }

  function create<T extends SyncedTable>(table: T, values: CreateValues<T>, ctx: WriteCtx): Row<T> {
    const meta = metaOf(table);
    assertWritable();
    return tx(() => {
      const now = isoAt(clock.now());
      const full: Record<string, unknown> = { ...values, id: values.id ?? uuidv7(clock.now()), createdAt: now, updatedAt: now, deletedAt: null };
      const raw: Record<string, unknown> = {};
      for (const [key, col] of meta.columns) {
        const v = full[key] === undefined ? (col.hasDefault ? col.default : null) : full[key];
        raw[col.name] = toDriver(col, v);
      }
      check(meta, raw, true);
      stmt(meta.insertSql).run(meta.columns.map(([, col]) => raw[col.name]));
      // An empty personal cell of a new row is not sent: station devices may not write personal columns at all.
      const personal = tableSpec(meta.name)?.personal ?? [];
      const sent = personal.some((c) => raw[c] === null)
        ? Object.fromEntries(Object.entries(raw).filter(([k, v]) => v !== null || !personal.includes(k)))
        : raw;
      record(meta, raw.id as string, raw.office_id as string, sent, ctx, null);
      return toModel<T>(meta, raw);
    });
  }

  function update<T extends SyncedTable>(table: T, id: string, patch: Patch<T>, ctx: WriteCtx): Row<T> {
    const meta = metaOf(table);
    assertWritable();
    return tx(() => {
      const before = readRaw(meta, id);
      if (!before || before.deleted_at) throw fail('NOT_FOUND', 'recordGone', { table: meta.name, id });
      const changed: Record<string, unknown> = {};
      for (const [key, col] of meta.columns) {
        if (!(key in patch) || ['id', 'createdAt', 'updatedAt', 'deletedAt'].includes(key)) continue;
        const v = toDriver(col, (patch as Record<string, unknown>)[key]);
        if (v !== before[col.name]) changed[col.name] = v;
      }
      if (Object.keys(changed).length === 0) return toModel<T>(meta, before);
      changed.updated_at = isoAt(clock.now());
      check(meta, changed, false);
      const sets = Object.keys(changed).map((n) => `"${n}" = @${n}`);
      stmt(`UPDATE "${meta.name}" SET ${sets.join(', ')} WHERE id = @__id`).run({ ...changed, __id: id });
      const officeId = (changed.office_id ?? before.office_id) as string;
      record(meta, id, officeId, changed, ctx, before);
      return toModel<T>(meta, { ...before, ...changed });
    });
  }

  /** Soft delete: a tombstone that syncs like any other edit. */
  function remove<T extends SyncedTable>(table: T, id: string, ctx: WriteCtx): void {
    const meta = metaOf(table);
    assertWritable();
    sqlite.transaction(() => {
      const before = readRaw(meta, id);
      if (!before || before.deleted_at) throw fail('NOT_FOUND', 'recordGone', { table: meta.name, id });
      const now = isoAt(clock.now());
      const changed = { deleted_at: now, updated_at: now };
      stmt(`UPDATE "${meta.name}" SET deleted_at = @deleted_at, updated_at = @updated_at WHERE id = @id`).run({ ...changed, id });
      record(meta, id, before.office_id as string, changed, ctx, before);
    })();
  }

  /** Update cells named by SQL column (conflict resolution works from the sync manifest). */
  function setCells<T extends SyncedTable>(table: T, id: string, cells: Record<string, unknown>, ctx: WriteCtx): Row<T> {
    const meta = metaOf(table);
    const patch: Record<string, unknown> = {};
    for (const [key, col] of meta.columns) if (col.name in cells) patch[key] = col.mapFromDriverValue(cells[col.name] as never);
    return update(table, id, patch as Patch<T>, ctx);
  }

  /**
   * Writes cells named by SQL column as a new edit: an update of the row when this device holds
   * it, else the row's creation (a refused edit submitted again from the 未能同步 list).
   */
  function writeCells<T extends SyncedTable>(table: T, id: string, cells: Record<string, unknown>, ctx: WriteCtx): void {
    const meta = metaOf(table);
    const { id: _id, created_at: _c, updated_at: _u, deleted_at: deleted, ...rest } = cells;
    transaction(() => {
      const before = readRaw(meta, id);
      if (before?.deleted_at) throw fail('NOT_FOUND', 'recordDeleted', { table: meta.name, id });
      if (before) {
        if (Object.keys(rest).length) setCells(table, id, rest, ctx);
      } else {
        const values: Record<string, unknown> = { id };
        for (const [key, col] of meta.columns) if (col.name in rest && rest[col.name] !== null) values[key] = col.mapFromDriverValue(rest[col.name] as never);
        create(table, values as CreateValues<T>, ctx);
      }
      if (deleted) remove(table, id, ctx);
    });
  }

  /** Several writes as one unit: all land or none do. */
  function transaction<R>(fn: () => R): R {
    return sqlite.transaction(fn)();
  }

  /** A new row id, time-ordered by the core's clock. */
  const newId = () => uuidv7(clock.now());

  return { create, update, remove, setCells, writeCells, transaction, newId, mayWrite };
}

export type SyncedWriter = ReturnType<typeof createSyncedWriter>;
