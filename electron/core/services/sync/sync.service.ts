import { AppError } from '../../../../shared/contract/errors';
import type { ConflictView } from '../../../../shared/contract/sync';
import { hlcParse } from '../../../../shared/domain/hlc';
import type { Sqlite } from '../../db/open';
import { syncedTables } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { SyncWorker } from '../../sync/worker';

const at = (hlc: string) => {
  try {
    return new Date(hlcParse(hlc).wall).toISOString();
  } catch {
    return '';
  }
};

/** The review list of sensitive-cell conflicts and their resolution, which syncs like any edit. */
export function createSyncService(deps: { sqlite: Sqlite; writer: SyncedWriter; worker: SyncWorker }) {
  const { sqlite } = deps;

  function label(table: string, rowId: string): string {
    if (!(table in syncedTables)) return rowId;
    try {
      const r = sqlite.prepare(`SELECT name FROM "${table}" WHERE id = ?`).get(rowId) as { name?: string } | undefined;
      return r?.name ?? rowId;
    } catch {
      return rowId;
    }
  }

  function conflicts(): ConflictView[] {
    return deps.worker.conflicts().map((c) => ({
      id: c.id,
      table: c.table,
      rowId: c.rowId,
      column: c.column,
      rowLabel: label(c.table, c.rowId),
      current: { ...c.current, at: at(c.current.hlc) },
      incoming: { ...c.incoming, at: at(c.incoming.hlc) },
    }));
  }

  function resolve(input: { conflictId: string; choice: 'current' | 'incoming' | 'merged'; merged?: string | number | boolean | null }, ctx: WriteCtx) {
    const c = deps.worker.conflicts().find((x) => x.id === input.conflictId);
    if (!c) throw new AppError('NOT_FOUND', '冲突不存在或已处理');
    const table = syncedTables[c.table as keyof typeof syncedTables];
    if (!table) throw new AppError('RULE_VIOLATION', '本程序版本无法处理该数据表的冲突');
    if (input.choice === 'merged' && input.merged === undefined) throw new AppError('BAD_INPUT', '请填写合并后的值', { field: 'merged' });
    sqlite.transaction(() => {
      const value = input.choice === 'current' ? c.current.value : input.choice === 'incoming' ? c.incoming.value : input.merged;
      const row = sqlite.prepare(`SELECT "${c.column}" AS v FROM "${c.table}" WHERE id = ?`).get(c.rowId) as { v: unknown } | undefined;
      if (!row) throw new AppError('NOT_FOUND', '冲突涉及的记录在本机不存在');
      // Writing the chosen value, based on the hub's current version, makes it the new winner everywhere.
      sqlite.prepare('INSERT INTO sync_cell_version (table_name, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc').run(c.table, c.rowId, c.column, c.current.hlc);
      if (input.choice !== 'current' || row.v !== value) deps.writer.setCells(table, c.rowId, { [c.column]: value }, ctx);
      deps.worker.markResolved(c.id, ctx.actor.name);
    })();
    deps.worker.localChange();
  }

  return { conflicts, resolve };
}

export type SyncService = ReturnType<typeof createSyncService>;
