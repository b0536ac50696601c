import type { ImportIssue, ImportKind } from '../../../shared/contract/imports';
import type { Sqlite } from '../db/open';
import type { SyncedWriter, WriteCtx } from '../sync/synced-write';
import type { Viewer } from '../services/zones/scope';
import type { KindFields, MappedRow } from './mapping';
import type { OfficesService } from '../services/offices/offices.service';

export type IssueSink = (i: Omit<ImportIssue, 'params'> & { params?: ImportIssue['params'] }) => void;

export interface PlanCtx {
  sqlite: Sqlite;
  viewer: Viewer;
  target: { officeId?: string; censusId?: string };
  today: string;
  date1904: boolean;
  offices: OfficesService;
  /** Fields some column of the file feeds: an update touches only these. */
  mappedFields: Set<string>;
}

/** One row to write: a create (existingId null) or a patch of an existing row. */
export interface PlannedOp {
  row: number;
  existingId: string | null;
  values: Record<string, unknown>;
  /** The station the row goes to, when it is not the plan's (a county-wide business file). */
  officeId?: string;
  /** Texts of zones or grids the station does not have, resolved at commit. */
  zoneText?: string;
  gridText?: string;
  /** The row named no zone: its zone is its grid's only one (filled on an existing row only when it has none). */
  zoneFromGrid?: boolean;
  /**
   * An existing row whose only difference is a zone or grid the station lacks: counted unchanged,
   * as the commit leaves it by default; it becomes an update only if those are created.
   */
  refOnly?: boolean;
}

export interface Plan {
  ops: PlannedOp[];
  creates: number;
  updates: number;
  unchanged: number;
  unknownZones: Map<string, number>;
  unknownGrids: Map<string, number>;
  /** Whatever the kind needs again at commit (the target office …); '' when each op names its own. */
  officeId: string;
  censusId?: string;
}

export interface CommitCtx {
  sqlite: Sqlite;
  writer: SyncedWriter;
  ctx: WriteCtx;
  viewer: Viewer;
  today: string;
  offices: OfficesService;
  unknownRefs: 'unassigned' | 'create';
  /** Called after each row; throws when the user cancelled. */
  tick: () => void;
}

export interface CommitResult {
  created: number;
  updated: number;
  unchanged: number;
  zonesCreated: number;
  gridsCreated: number;
}

export interface KindImpl extends KindFields {
  name: ImportKind;
  /** Checks the target and the viewer's right to it before the file is read. */
  checkTarget(ctx: PlanCtx): void;
  plan(rows: MappedRow[], ctx: PlanCtx, issue: IssueSink): Plan;
  commit(plan: Plan, ops: PlannedOp[], c: CommitCtx): CommitResult;
}
