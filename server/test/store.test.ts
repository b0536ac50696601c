import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../electron/core/test/helpers';
import { createSqliteStore } from '../store/sqlite-store';

const scope = { officeId: 'st-1', sensitivity: 'station' as const };
const none = () => null;

describe('hub SQLite store', () => {
  it('folds a store from the cell-per-row layout into row documents, keeping values, clocks and writers', () => {
    const file = path.join(tempDir('bd-hub-'), 'hub.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE cell (table_name TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL, device_id TEXT NOT NULL, PRIMARY KEY (table_name, row_id, col)) WITHOUT ROWID;
      CREATE TABLE row_state (table_name TEXT NOT NULL, row_id TEXT NOT NULL, office_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (table_name, row_id)) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('seq', '7');
      INSERT INTO row_state VALUES ('business', 'b1', 'st-1', 7);
      INSERT INTO cell VALUES ('business', 'b1', 'name', '"瓯海小吃店"', '000001764300000000-000001-dev-a', 'dev-a'), ('business', 'b1', 'food', 'true', '000001764300000000-000002-dev-b', 'dev-b'), ('business', 'b1', 'phone', NULL, '000001764300000000-000003-dev-a', 'dev-a');`);
    old.close();
    const store = createSqliteStore(file, { now: Date.now, countyWide: ['office'] });
    const page = store.pull(scope, 0, 10, none);
    expect(page).toMatchObject({ total: 1, more: false, cursor: 7 });
    expect(JSON.parse(page.rows[0]!.cellsJson)).toEqual({
      name: { value: '瓯海小吃店', hlc: '000001764300000000-000001-dev-a' },
      food: { value: true, hlc: '000001764300000000-000002-dev-b' },
      phone: { value: null, hlc: '000001764300000000-000003-dev-a' },
    });
    // The writer of each cell survives: a later write by another device sees it.
    store.batch((tx) => {
      expect(tx.cell('business', 'b1', 'food')).toEqual({ value: true, hlc: '000001764300000000-000002-dev-b', device: 'dev-b' });
      tx.writeCell('business', 'b1', 'name', { value: '瓯海面馆', hlc: '000001764300000001-000000-dev-c', device: 'dev-c' });
      tx.touchRow('business', 'b1', 'st-1');
    });
    const again = store.pull(scope, 7, 10, none);
    expect(again.rows.map((r) => [r.seq, JSON.parse(r.cellsJson).name.value])).toEqual([[8, '瓯海面馆']]);
    store.close();
    const db = new Database(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('cell', 'row_state')").all()).toEqual([]);
    db.close();
  });

  it('pages a station scope in server_seq order across its own rows and county-wide tables, and hides personal cells', () => {
    const store = createSqliteStore(path.join(tempDir('bd-hub-'), 'hub.sqlite'), { now: Date.now, countyWide: ['office'] });
    store.batch((tx) => {
      for (let i = 0; i < 5; i++) {
        const table = i % 2 ? 'office' : 'cadre';
        const office = i === 4 ? 'st-2' : 'st-1';
        tx.writeCell(table, `r${i}`, 'name', { value: `行${i}`, hlc: `00000176430000000${i}-000000-d`, device: 'd' });
        if (table === 'cadre') tx.writeCell(table, `r${i}`, 'id_number', { value: '330304199001010011', hlc: `00000176430000000${i}-000000-d`, device: 'd' });
        tx.touchRow(table, `r${i}`, office);
      }
    });
    const hidden = new Set(['id_number']);
    const first = store.pull(scope, 0, 2, (t) => (t === 'cadre' ? hidden : null));
    expect(first.rows.map((r) => r.rowId)).toEqual(['r0', 'r1']);
    expect(first.total).toBe(4); // r4 belongs to another station
    expect(JSON.parse(first.rows[0]!.cellsJson)).toEqual({ name: { value: '行0', hlc: '000001764300000000-000000-d' } });
    const rest = store.pull(scope, first.cursor, 10, none);
    expect(rest.rows.map((r) => r.rowId)).toEqual(['r2', 'r3']);
    expect(rest.more).toBe(false);
    store.close();
  });
});
