import { fail } from '../../../../shared/contract/errors';
import type { Census, CensusCount, Unlicensed } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { census, unlicensed } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import { assertOfficeWrite, scopeOffice, type Viewer } from './scope';

type EntryInput = Omit<Unlicensed, 'id' | 'zoneName' | 'gridName'>;

// 无照底数: dated census campaigns of unlicensed businesses, counted per zone and grid.
export function createCensusService(deps: { sqlite: Sqlite; writer: SyncedWriter }) {
  const { sqlite, writer } = deps;

  function list(v: Viewer, officeId?: string): Census[] {
    const office = scopeOffice(v, officeId);
    const rows = sqlite
      .prepare(
        `SELECT c.id, c.office_id, c.name, c.census_date, c.notes,
           (SELECT count(*) FROM unlicensed u WHERE u.census_id = c.id AND u.deleted_at IS NULL) AS total
         FROM census c WHERE c.deleted_at IS NULL ${office ? 'AND c.office_id = @office' : ''} ORDER BY c.census_date DESC`,
      )
      .all(office ? { office } : {}) as { id: string; office_id: string; name: string; census_date: string; notes: string | null; total: number }[];
    return rows.map((r) => ({ id: r.id, officeId: r.office_id, name: r.name, censusDate: r.census_date, notes: r.notes, total: r.total }));
  }

  function getCensus(id: string) {
    const c = sqlite.prepare('SELECT id, office_id, census_date FROM census WHERE id = ? AND deleted_at IS NULL').get(id) as
      { id: string; office_id: string; census_date: string } | undefined;
    if (!c) throw fail('NOT_FOUND', 'censusNotFound');
    return c;
  }

  /** A new census may start from the previous one's list, so each entry's status can be updated. */
  function create(v: Viewer, input: { officeId: string; name: string; censusDate: string; notes: string | null; copyFrom?: string }, ctx: WriteCtx): Census {
    assertOfficeWrite(v, input.officeId);
    return sqlite.transaction(() => {
      const dup = sqlite.prepare('SELECT 1 FROM census WHERE office_id = ? AND census_date = ? AND deleted_at IS NULL').get(input.officeId, input.censusDate);
      if (dup) throw fail('CONFLICT', 'censusDateTaken', { field: 'censusDate', date: input.censusDate });
      const c = writer.create(census, { officeId: input.officeId, name: input.name, censusDate: input.censusDate, notes: input.notes }, ctx);
      if (input.copyFrom) {
        const from = getCensus(input.copyFrom);
        if (from.office_id !== input.officeId) throw fail('BAD_INPUT', 'censusCopyOtherStation');
        for (const e of entries(v, from.id)) {
          writer.create(
            unlicensed,
            {
              officeId: input.officeId,
              censusId: c.id,
              zoneId: e.zoneId,
              gridId: e.gridId,
              name: e.name,
              address: e.address,
              operator: e.operator,
              category: e.category,
              status: e.status,
              exemptReason: e.exemptReason,
              note: e.note,
            },
            ctx,
          );
        }
      }
      return list(v, input.officeId).find((x) => x.id === c.id)!;
    })();
  }

  const entrySelect = `SELECT u.*, z.name AS zone_name, g.name AS grid_name FROM unlicensed u
    LEFT JOIN zone z ON z.id = u.zone_id LEFT JOIN grid g ON g.id = u.grid_id WHERE u.deleted_at IS NULL`;
  type EntryRow = {
    id: string;
    census_id: string;
    zone_id: string | null;
    zone_name: string | null;
    grid_id: string | null;
    grid_name: string | null;
    name: string;
    address: string | null;
    operator: string | null;
    category: string | null;
    status: Unlicensed['status'];
    exempt_reason: string | null;
    note: string | null;
  };
  const toEntry = (r: EntryRow): Unlicensed => ({
    id: r.id,
    censusId: r.census_id,
    zoneId: r.zone_id,
    zoneName: r.zone_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
    name: r.name,
    address: r.address,
    operator: r.operator,
    category: r.category,
    status: r.status,
    exemptReason: r.exempt_reason,
    note: r.note,
  });

  function entries(v: Viewer, censusId: string): Unlicensed[] {
    const c = getCensus(censusId);
    scopeOffice(v, c.office_id);
    return (sqlite.prepare(`${entrySelect} AND u.census_id = ? ORDER BY z.code, u.name`).all(censusId) as EntryRow[]).map(toEntry);
  }

  function validate(officeId: string, e: EntryInput) {
    if (e.status === 'exempt' && !e.exemptReason) throw fail('BAD_INPUT', 'exemptReasonRequired', { field: 'exemptReason' });
    if (e.zoneId) {
      const z = sqlite.prepare('SELECT office_id FROM zone WHERE id = ? AND deleted_at IS NULL').get(e.zoneId) as { office_id: string } | undefined;
      if (!z || z.office_id !== officeId) throw fail('BAD_INPUT', 'zoneNotInStation', { field: 'zoneId' });
    }
    if (e.gridId) {
      const g = sqlite.prepare('SELECT office_id FROM grid WHERE id = ? AND deleted_at IS NULL').get(e.gridId) as { office_id: string } | undefined;
      if (!g || g.office_id !== officeId) throw fail('BAD_INPUT', 'gridNotInStation', { field: 'gridId' });
    }
  }

  function addEntry(v: Viewer, e: EntryInput, ctx: WriteCtx): Unlicensed {
    const c = getCensus(e.censusId);
    assertOfficeWrite(v, c.office_id);
    validate(c.office_id, e);
    const row = writer.create(unlicensed, { ...e, officeId: c.office_id, exemptReason: e.status === 'exempt' ? e.exemptReason : null }, ctx);
    return toEntry(sqlite.prepare(`${entrySelect} AND u.id = ?`).get(row.id) as EntryRow);
  }

  function updateEntry(v: Viewer, id: string, e: EntryInput, ctx: WriteCtx): Unlicensed {
    const existing = sqlite.prepare('SELECT census_id FROM unlicensed WHERE id = ? AND deleted_at IS NULL').get(id) as { census_id: string } | undefined;
    if (!existing) throw fail('NOT_FOUND', 'censusEntryNotFound');
    if (existing.census_id !== e.censusId) throw fail('BAD_INPUT', 'censusEntryMoved');
    const c = getCensus(e.censusId);
    assertOfficeWrite(v, c.office_id);
    validate(c.office_id, e);
    writer.update(unlicensed, id, { ...e, exemptReason: e.status === 'exempt' ? e.exemptReason : null }, ctx);
    return toEntry(sqlite.prepare(`${entrySelect} AND u.id = ?`).get(id) as EntryRow);
  }

  /** Unlicensed counts per zone and grid in every census of the office, with the change since the previous one. */
  function counts(v: Viewer, censusId: string): { censusDates: { id: string; name: string; date: string }[]; rows: CensusCount[] } {
    const c = getCensus(censusId);
    scopeOffice(v, c.office_id);
    const all = list(v, c.office_id).sort((a, b) => a.censusDate.localeCompare(b.censusDate));
    const idx = all.findIndex((x) => x.id === censusId);
    const prev = idx > 0 ? all[idx - 1]! : null;
    const rows: CensusCount[] = [];
    for (const kind of ['zone', 'grid'] as const) {
      const q = sqlite.prepare(
        `SELECT u.${kind}_id AS key, x.name AS label, u.census_id, count(*) AS n FROM unlicensed u JOIN ${kind} x ON x.id = u.${kind}_id
         WHERE u.office_id = ? AND u.deleted_at IS NULL AND u.status = 'unlicensed' GROUP BY u.${kind}_id, u.census_id`,
      );
      const byKey = new Map<string, CensusCount>();
      for (const r of q.all(c.office_id) as { key: string; label: string; census_id: string; n: number }[]) {
        const row = byKey.get(r.key) ?? { key: r.key, label: r.label, kind, counts: {}, current: 0, previous: prev ? 0 : null, change: null };
        row.counts[r.census_id] = r.n;
        byKey.set(r.key, row);
      }
      for (const row of byKey.values()) {
        row.current = row.counts[censusId] ?? 0;
        if (prev) {
          row.previous = row.counts[prev.id] ?? 0;
          row.change = row.current - row.previous;
        }
        rows.push(row);
      }
    }
    return {
      censusDates: all.map((x) => ({ id: x.id, name: x.name, date: x.censusDate })),
      rows: rows.sort((a, b) => a.kind.localeCompare(b.kind) || b.current - a.current),
    };
  }

  return { list, create, entries, addEntry, updateEntry, counts };
}

export type CensusService = ReturnType<typeof createCensusService>;
