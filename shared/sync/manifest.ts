import journal from '../../drizzle/meta/_journal.json' with { type: 'json' };
import { TABLES } from '../contract/index';
import type { SyncedTableSpec, TableDef } from './columns';
import type { SensitivityClass } from './protocol';

// The sync manifest: which tables sync, their scope column and the columns that are
// HR-sensitive (a concurrent edit goes to review instead of last-writer-wins), the rows each
// row points to, and which device classes may write it. The hub knows tables only through
// this file; the desktop's write path reads the same rules. Each domain declares its own tables
// (`<domain>Tables` in its contract file); this file merges them, the columns from each row's shape.

export { HR_CLASSES, type SyncedTableSpec } from './columns';

export const BASE_COLUMNS = ['id', 'office_id', 'created_at', 'updated_at', 'deleted_at'] as const;

function specOf({ shape, editedWith: _editedWith, ...rules }: TableDef): SyncedTableSpec {
  return { columns: Object.keys(shape), ...rules };
}

export const syncManifest = Object.fromEntries(Object.entries(TABLES as Record<string, TableDef>).map(([name, t]) => [name, specOf(t)])) as {
  readonly [K in keyof typeof TABLES]: SyncedTableSpec;
};

/** The permission an edit of a table takes through its own screen (conflict review and 未能同步 ask the same). */
export function editPermission(table: string): string | undefined {
  return Object.hasOwn(TABLES, table) ? (TABLES as Record<string, TableDef>)[table]!.editedWith : undefined;
}

export type SyncedTableName = keyof typeof syncManifest;

/**
 * The desktop schema this build syncs with: the number of its migrations, read from drizzle-kit's
 * journal at build time (the journal is what db/migrate.ts applies, so the two cannot differ;
 * electron/core/schema/agree.test.ts holds them equal all the same). A migration that changes what
 * devices exchange therefore moves it.
 */
export const SCHEMA_VERSION: number = journal.entries.length;

export function tableSpec(name: string): SyncedTableSpec | undefined {
  return Object.hasOwn(syncManifest, name) ? (syncManifest as Record<string, SyncedTableSpec>)[name] : undefined;
}

/** May a device of this class write the table at all? An unenrolled device (null) writes anything locally. */
export function classMayWrite(table: string, cls: SensitivityClass | null): boolean {
  const w = tableSpec(table)?.writers;
  return !w || cls === null || w.includes(cls);
}

/** Tables whose rows follow a row of `parent` (by their `follows` column), for moving them with it. */
export function dependentsOf(parent: string): { table: string; column: string }[] {
  return Object.entries(syncManifest as Record<string, SyncedTableSpec>)
    .filter(([, s]) => s.follows && s.refs?.[s.follows] === parent)
    .map(([table, s]) => ({ table, column: s.follows! }));
}
