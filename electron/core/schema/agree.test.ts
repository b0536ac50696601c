import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { BASE_COLUMNS, SCHEMA_VERSION, syncManifest, type SyncedTableSpec } from '../../../shared/sync/manifest';
import { defaultMigrationsDir } from '../create-core';
import { loadMigrations, migrate } from '../db/migrate';
import { openDatabase } from '../db/open';
import { tempDir } from '../test/helpers';
import * as schema from './index';

// Lists that must agree (issue 15, item 6): the drizzle tables, the sync manifest, the SQL the
// migrations run and the schema version the sync speaks. Each is kept by hand in its own file;
// these tests fail when one moves without the others. (The row shapes of shared/sync/rows.ts are
// held to the tables by electron/core/sync/rows.test.ts.)

const tables = Object.values(schema as Record<string, unknown>).filter((x): x is SQLiteTable => is(x, SQLiteTable));
const byName = new Map(tables.map((t) => [getTableName(t), t]));
const manifest = syncManifest as Record<string, SyncedTableSpec>;
const dir = defaultMigrationsDir();
const migrations = loadMigrations(dir);

/** Tables the migrations create that no drizzle table declares, with why. */
const SQL_ONLY: Record<string, string> = {
  schema_migration: 'the migrations applied, kept by db/migrate.ts: it describes the schema',
  business_fts: 'FTS5 index over business (0002), kept by triggers and read in raw SQL',
  business_search: "business_fts's stable integer rowid per business (0002), kept by triggers",
};

describe('the sync manifest and the drizzle tables', () => {
  it('name the same synced tables: every table with the synced base columns is in the manifest, and every manifest table is a drizzle table', () => {
    const withBase = tables.filter((t) => BASE_COLUMNS.every((c) => getTableConfig(t).columns.some((col) => col.name === c))).map((t) => getTableName(t));
    expect(withBase.sort()).toEqual(Object.keys(manifest).sort());
    expect(Object.keys(schema.syncedTables).sort()).toEqual(Object.keys(manifest).sort());
    for (const [name, t] of Object.entries(schema.syncedTables)) expect(getTableName(t), `syncedTables.${name}`).toBe(name);
  });

  for (const [name, spec] of Object.entries(manifest)) {
    it(`${name}: the manifest's columns are the table's, and every column it names is one of them`, () => {
      const t = byName.get(name);
      expect(t, `no drizzle table ${name}`).toBeDefined();
      const cols = getTableConfig(t!).columns.map((c) => c.name);
      expect([...BASE_COLUMNS, ...spec.columns].sort()).toEqual([...cols].sort());
      expect(new Set(spec.columns).size).toBe(spec.columns.length);
      const own = new Set(spec.columns);
      for (const c of [...(spec.sensitive ?? []), ...(spec.personal ?? []), ...Object.keys(spec.refs ?? {})]) expect(own.has(c), `${name}.${c}`).toBe(true);
      for (const target of Object.values(spec.refs ?? {})) expect(Object.hasOwn(manifest, target), `${name} refers to ${target}`).toBe(true);
      if (spec.follows) expect(spec.refs?.[spec.follows], `${name} follows ${spec.follows}`).toBeDefined();
    });
  }
});

describe('the migrations and the drizzle tables', () => {
  const db = openDatabase(path.join(tempDir(), 'agree.sqlite'));
  migrate(db, migrations);
  const sqlTables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'business_fts_%'").pluck().all() as string[]
  ).sort();

  it('create exactly the drizzle tables (and the named SQL-only ones)', () => {
    expect(sqlTables).toEqual([...byName.keys(), ...Object.keys(SQL_ONLY)].sort());
  });

  for (const t of tables) {
    const name = getTableName(t);
    it(`${name}: the columns, NOT NULLs, primary key and indexes the table declares`, () => {
      const cfg = getTableConfig(t);
      const info = db.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(name) as { name: string; nn: number; pk: number }[];
      const declared = cfg.columns.map((c) => `${c.name}${c.notNull ? ' NOT NULL' : ''}`).sort();
      // SQLite reports a primary-key column as nullable unless declared NOT NULL; drizzle's primary keys are always NOT NULL.
      const actual = info.map((c) => `${c.name}${c.nn || c.pk ? ' NOT NULL' : ''}`).sort();
      expect(actual).toEqual(declared);
      const pk = [...cfg.columns.filter((c) => c.primary).map((c) => c.name), ...cfg.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))];
      expect(
        info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
      ).toEqual(pk.length > 1 ? cfg.primaryKeys[0]!.columns.map((c) => c.name) : pk);
      const sqlIndexes = new Map(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(name) as string[]).map((ix) => [
          ix,
          (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(ix) as string[]).join(','),
        ]),
      );
      for (const ix of cfg.indexes) {
        const cols = ix.config.columns.map((c) => (c as { name: string }).name).join(',');
        expect(`${ix.config.name}(${sqlIndexes.get(ix.config.name) ?? 'missing'})`).toBe(`${ix.config.name}(${cols})`);
        const unique = db.prepare('SELECT "unique" FROM pragma_index_list(?) WHERE name = ?').pluck().get(name, ix.config.name);
        expect(`${ix.config.name} unique=${unique}`).toBe(`${ix.config.name} unique=${ix.config.unique ? 1 : 0}`);
      }
    });
  }
});

describe('the schema version and the migration journal', () => {
  it('the schema version the sync speaks is the number of migrations in the journal, and each has its SQL and snapshot', () => {
    const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    expect(SCHEMA_VERSION).toBe(journal.entries.length);
    expect(migrations.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
    const sql = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(sql).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
    for (const e of journal.entries) expect(fs.existsSync(path.join(dir, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`)), e.tag).toBe(true);
  });
});
