import { fail } from '../../../../shared/contract/errors';
import { contract } from '../../../../shared/contract';
import { roleHas, type Permission } from '../../../../shared/contract/roles';
import type { ConflictView, QuarantineView, RejectedView } from '../../../../shared/contract/sync';
import { hlcParse } from '../../../../shared/domain/hlc';
import { MASK, maskIdNumber } from '../../../../shared/domain/mask';
import { classMayWrite, editPermission, tableSpec } from '../../../../shared/sync/manifest';
import { rowProblem } from '../../../../shared/sync/rows';
import type { Sqlite } from '../../db/open';
import { syncedTables } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { SyncStatus, SyncWorker } from '../../sync/worker';
import type { OfficesService } from '../offices/offices.service';
import { stationBound, type Viewer } from '../zones/scope';

const at = (hlc: string) => {
  try {
    return new Date(hlcParse(hlc).wall).toISOString();
  } catch {
    return '';
  }
};

/**
 * The permission an edit of each table takes through its own screen, as its domain declares it
 * (`editedWith` in shared/contract/<domain>.ts): conflict review and the 未能同步 list ask the same
 * of whoever resolves or resubmits a change there.
 */
const writePermission = (table: string): Permission => (editPermission(table) ?? 'dossiers.manage') as Permission;

const camel = (c: string) => c.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());

/**
 * What a person sees and does about sync: the review list of sensitive-cell conflicts, edits
 * the hub refused (未能同步), and pulled rows held back for an administrator (quarantine). Every
 * list is cut to the viewer's office and the tables their role and this device may write.
 */
export function createSyncService(deps: { sqlite: Sqlite; writer: SyncedWriter; worker: SyncWorker; offices: OfficesService }) {
  const { sqlite } = deps;

  function label(table: string, rowId: string): string {
    if (!(table in syncedTables)) return rowId;
    try {
      const r = sqlite.prepare(`SELECT * FROM "${table}" WHERE id = ?`).get(rowId) as { name?: string; title?: string; cadre_id?: string } | undefined;
      if (r?.name ?? r?.title) return (r.name ?? r.title)!;
      if (r?.cadre_id) return (sqlite.prepare('SELECT name FROM cadre WHERE id = ?').get(r.cadre_id) as { name?: string } | undefined)?.name ?? rowId;
      return rowId;
    } catch {
      return rowId;
    }
  }

  /** May this viewer, on this device, change rows of this table in this office? */
  function mayChange(v: Viewer, table: string, officeId: string | null): boolean {
    if (!roleHas(v.role, writePermission(table))) return false;
    if (!classMayWrite(table, deps.worker.deviceClass())) return false;
    return !stationBound(v) || officeId === v.officeId;
  }

  function visibleConflicts(v: Viewer) {
    return deps.worker.conflicts().filter((c) => mayChange(v, c.table, c.officeId));
  }

  function conflicts(v: Viewer): ConflictView[] {
    return visibleConflicts(v).map((c) => ({
      id: c.id,
      table: c.table,
      rowId: c.rowId,
      column: c.column,
      rowLabel: label(c.table, c.rowId),
      current: { ...c.current, at: at(c.current.hlc) },
      incoming: { ...c.incoming, at: at(c.incoming.hlc) },
    }));
  }

  /**
   * A cadre's conflict is settled through cadres.update itself (its input schema, the office
   * rules, the rank history); any other table's value must pass the row checks every write passes.
   */
  function resolve(
    v: Viewer,
    input: { conflictId: string; choice: 'current' | 'incoming' | 'merged'; merged?: string | number | boolean | null },
    ctx: WriteCtx,
    today: string,
  ) {
    const c = visibleConflicts(v).find((x) => x.id === input.conflictId);
    if (!c) throw fail('NOT_FOUND', 'conflictGone');
    const table = syncedTables[c.table as keyof typeof syncedTables];
    if (!table) throw fail('RULE_VIOLATION', 'conflictTableUnknown', { table: c.table });
    if (input.choice === 'merged' && input.merged === undefined) throw fail('BAD_INPUT', 'mergedRequired', { field: 'merged' });
    const value = input.choice === 'current' ? c.current.value : input.choice === 'incoming' ? c.incoming.value : input.merged!;
    sqlite.transaction(() => {
      const row = sqlite.prepare(`SELECT * FROM "${c.table}" WHERE id = ?`).get(c.rowId) as Record<string, unknown> | undefined;
      if (!row) throw fail('NOT_FOUND', 'conflictRowGone');
      // Writing the chosen value, based on the hub's current version, makes it the new winner everywhere.
      sqlite
        .prepare('INSERT INTO sync_cell_version (table_name, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET hlc = excluded.hlc')
        .run(c.table, c.rowId, c.column, c.current.hlc);
      if (c.table === 'cadre') {
        const fields = Object.fromEntries(Object.entries({ ...row, [c.column]: value }).map(([k, x]) => [camel(k), x]));
        const parsed = contract['cadres.update'].input.safeParse({
          id: c.rowId,
          officeId: fields.officeId,
          name: fields.name,
          gender: fields.gender,
          birthDate: fields.birthDate,
          post: fields.post,
          status: fields.status,
          phone: fields.phone,
          workStart: fields.workStart,
          joinDate: fields.joinDate,
          education: fields.education,
          politics: fields.politics,
          leadershipPost: fields.leadershipPost,
          leadershipStart: fields.leadershipStart,
          rank: fields.rank,
          rankStart: fields.rankStart,
          sgf: !!fields.sgf,
          sgfDate: fields.sgfDate,
        });
        if (!parsed.success)
          throw fail('BAD_INPUT', 'mergedInvalid', { field: camel(c.column), issues: parsed.error.issues.slice(0, 3).map((i) => i.message) });
        deps.offices.updateCadre(v, c.rowId, parsed.data, ctx, today);
      } else {
        const problem = rowProblem(c.table, { [c.column]: value }, false);
        if (problem) throw fail('BAD_INPUT', 'mergedInvalid', { field: c.column, problem: problem.message });
        if (input.choice !== 'current' || row[c.column] !== value) deps.writer.setCells(table, c.rowId, { [c.column]: value }, ctx);
      }
      deps.worker.markResolved(c.id, ctx.actor.name);
    })();
    deps.worker.localChange();
  }

  /** A refused edit is shown to whoever may edit such records (or manages sync), in their office. */
  function visibleRejected(v: Viewer) {
    return deps.worker
      .rejected()
      .filter((r) => (roleHas(v.role, writePermission(r.table)) || roleHas(v.role, 'sync.manage')) && (!stationBound(v) || r.officeId === v.officeId));
  }

  function rejected(v: Viewer): RejectedView[] {
    const personal = (t: string) => (roleHas(v.role, 'personal.read') ? [] : (tableSpec(t)?.personal ?? []));
    return visibleRejected(v).map((r) => {
      const hide = personal(r.table);
      const columns = Object.fromEntries(
        Object.entries(r.columns).map(([c, x]) => [c, hide.includes(c) && typeof x === 'string' ? (c === 'id_number' ? maskIdNumber(x) : MASK) : x]),
      );
      return { ...r, columns, rowLabel: typeof r.columns.name === 'string' ? r.columns.name : label(r.table, r.rowId) };
    });
  }

  /** Submits a refused edit again, as a new edit through the write path (after its cause was fixed). */
  function retryRejected(v: Viewer, opId: string, ctx: WriteCtx) {
    const r = visibleRejected(v).find((x) => x.opId === opId);
    if (!r) throw fail('NOT_FOUND', 'rejectedGone');
    const table = syncedTables[r.table as keyof typeof syncedTables];
    if (!table || !mayChange(v, r.table, r.officeId)) throw fail('FORBIDDEN', 'rejectedNotYours');
    sqlite.transaction(() => {
      deps.writer.writeCells(table, r.rowId, r.columns, ctx);
      deps.worker.dropRejected(opId);
    })();
    deps.worker.localChange();
  }

  function discardRejected(v: Viewer, opId: string) {
    if (!visibleRejected(v).some((x) => x.opId === opId) || !deps.worker.dropRejected(opId)) throw fail('NOT_FOUND', 'rejectedGone');
  }

  function quarantine(): QuarantineView[] {
    return deps.worker.quarantine().map((q) => {
      const personal = tableSpec(q.table)?.personal ?? [];
      const cells = Object.fromEntries(
        Object.entries(q.cells)
          .filter(([c, x]) => !personal.includes(c) && !['id', 'created_at', 'updated_at', 'deleted_at', 'office_id'].includes(c) && x !== null && x !== '')
          .slice(0, 6)
          .map(([c, x]) => [c, typeof x === 'string' ? x.slice(0, 40) : x]),
      );
      return { seq: q.seq, table: q.table, rowId: q.rowId, officeId: q.officeId, reason: q.reason, detail: q.detail, cells, origin: q.origin, at: q.at };
    });
  }

  function dropQuarantined(seq: number, ctx: WriteCtx) {
    const q = deps.worker.quarantine().find((x) => x.seq === seq);
    if (!q) throw fail('NOT_FOUND', 'quarantineGone');
    if (!classMayWrite(q.table, deps.worker.deviceClass())) throw fail('FORBIDDEN', 'quarantineCountyOnly');
    deps.worker.dropQuarantined(seq, ctx.actor);
  }

  /**
   * The worker's status with the counts this viewer can act on: the badge on every screen must not
   * announce conflicts or refused edits that the signed-in user can neither see nor fix.
   */
  function status(v: Viewer): SyncStatus {
    const s = deps.worker.status();
    return {
      ...s,
      conflicts: roleHas(v.role, 'sync.resolve') ? (s.conflicts ? visibleConflicts(v).length : 0) : 0,
      rejected: s.rejected ? visibleRejected(v).length : 0,
      quarantined: roleHas(v.role, 'sync.manage') ? s.quarantined : 0,
    };
  }

  return { status, conflicts, resolve, rejected, retryRejected, discardRejected, quarantine, dropQuarantined };
}

export type SyncService = ReturnType<typeof createSyncService>;
