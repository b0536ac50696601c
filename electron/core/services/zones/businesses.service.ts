import { loadExcel } from './excel';
import { BUSINESS_TEMPLATE, writeBusinessExport, type BusinessExportRequest, type BusinessRow } from './business-export';
import { fail, type RuleOutcome } from '../../../../shared/contract/errors';
import type { Business } from '../../../../shared/contract/zones';
import { checkCreditCode, checkRegNo, creditCheckChar, normalizeCode, searchQuery } from '../../../../shared/domain/credit-code';
import type { Clock } from '../../clock';
import type { Sqlite } from '../../db/open';
import { business } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import { assertOfficeWrite, scopeOffice, type Viewer } from './scope';
import { businessEditRefusal } from '../../../../shared/domain/access';

export interface BusinessFilter {
  officeId?: string;
  q?: string;
  zoneId?: string;
  gridId?: string;
  type?: string;
  status?: Business['status'];
  food?: boolean;
}

type BusinessInput = Omit<Business, 'id' | 'creditCheckFailed' | 'zoneName' | 'gridName'>;

type Row = BusinessRow;

/** A refusal of shared/domain/access.ts `businessEditRefusal`, as the reason the renderer words. */
const REFUSALS = { otherStation: 'otherStationWrite', noCadre: 'businessNoCadre', notOwner: 'businessNotOwner' } as const;

const toBusiness = (r: Row): Business => ({
  id: r.id,
  officeId: r.office_id,
  creditCode: r.credit_code,
  creditCheckFailed: !!r.credit_check_failed,
  regNo: r.reg_no,
  name: r.name,
  type: r.type,
  address: r.address,
  legalRep: r.legal_rep,
  phone: r.phone,
  food: !!r.food,
  riskLevel: r.risk_level,
  status: r.status,
  statusText: r.status_text,
  foundedOn: r.founded_on,
  zoneId: r.zone_id,
  zoneName: r.zone_name,
  gridId: r.grid_id,
  gridName: r.grid_name,
});

// A text search counts at most this many matches: a person narrows the query rather than
// scrolling past a thousand hits, and counting every match of a common bigram dominated p95.
const SEARCH_COUNT_CAP = 1_000;
const COUNT_CAP = 10_000;

export function createBusinessesService(deps: {
  sqlite: Sqlite;
  writer: SyncedWriter;
  clock: Clock;
  /** The import worker's export, once the core has one (create-core.ts). */
  exportInWorker?: () => ((r: BusinessExportRequest) => Promise<{ fileBase64: string; rows: number }>) | null;
}) {
  const { sqlite, writer } = deps;

  function where(v: Viewer, f: BusinessFilter) {
    const office = scopeOffice(v, f.officeId);
    const clauses = ['b.deleted_at IS NULL'];
    const args: Record<string, unknown> = {};
    const add = (c: string, k: string, val: unknown) => {
      clauses.push(c);
      args[k] = val;
    };
    if (office) add('b.office_id = @office', 'office', office);
    if (f.zoneId) add('b.zone_id = @zone', 'zone', f.zoneId);
    if (f.gridId) add('b.grid_id = @grid', 'grid', f.gridId);
    if (f.type) add('b.type = @type', 'type', f.type);
    if (f.status) add('b.status = @status', 'status', f.status);
    if (f.food !== undefined) add('b.food = @food', 'food', f.food ? 1 : 0);
    const q = f.q?.trim();
    let from = 'business b';
    if (q) {
      const match = searchQuery(q);
      if (match) {
        // Drive from the bigram index: a 2-character query is one term lookup.
        from = 'business_fts f JOIN business_search s ON s.rowid = f.rowid JOIN business b ON b.id = s.business_id';
        add('business_fts MATCH @match', 'match', match);
      } else {
        const like = `%${normalizeCode(q).replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        add(
          "(b.name LIKE @like ESCAPE '\\' OR b.address LIKE @like ESCAPE '\\' OR b.legal_rep LIKE @like ESCAPE '\\' OR b.credit_code LIKE @like ESCAPE '\\')",
          'like',
          like,
        );
      }
    }
    const filter = `WHERE ${clauses.join(' AND ')}`;
    return {
      sql: `FROM ${from} LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id ${filter}`,
      /** The same rows without the joins that only name their zone and grid: for counting. */
      countSql: `FROM ${from} ${filter}`,
      args,
      /** Filters the read models hold: every one but text and type, and a zone and a grid together. */
      tally:
        q || f.type || (f.zoneId && f.gridId)
          ? null
          : { office, zone: f.zoneId, grid: f.gridId, status: f.status, food: f.food === undefined ? undefined : f.food ? 1 : 0 },
    };
  }

  /** Live businesses matching the filter, added up from the zone or grid read model (drizzle/0009, 0010). */
  function tallied(t: NonNullable<ReturnType<typeof where>['tally']>): number {
    const clauses: string[] = [];
    const args: Record<string, unknown> = {};
    for (const [col, v] of [
      ['office_id', t.office],
      ['zone_id', t.zone],
      ['grid_id', t.grid],
      ['status', t.status],
      ['food', t.food],
    ] as const) {
      if (v === undefined) continue;
      clauses.push(`${col} = @${col}`);
      args[col] = v;
    }
    const model = t.grid ? 'grid_business_count' : 'zone_business_count';
    return (
      sqlite.prepare(`SELECT coalesce(sum(n), 0) AS n FROM ${model} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}`).get(args) as { n: number }
    ).n;
  }

  const cols =
    'b.id, b.office_id, b.credit_code, b.credit_check_failed, b.reg_no, b.name, b.type, b.address, b.legal_rep, b.phone, b.food, b.risk_level, b.status, b.status_text, b.founded_on, b.zone_id, z.name AS zone_name, b.grid_id, g.name AS grid_name';

  function search(v: Viewer, f: BusinessFilter & { offset: number; limit: number }) {
    const w = where(v, f);
    const rows = sqlite.prepare(`SELECT ${cols} ${w.sql} LIMIT @limit OFFSET @offset`).all({ ...w.args, limit: f.limit, offset: f.offset }) as Row[];
    if (w.tally) return { rows: rows.map(toBusiness), total: tallied(w.tally), capped: false };
    const cap = f.q ? SEARCH_COUNT_CAP : COUNT_CAP;
    const counted = (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${w.countSql} LIMIT ${cap + 1})`).get(w.args) as { n: number }).n;
    const capped = f.q ? counted > cap : false;
    const total = capped ? cap : f.q || counted <= cap ? counted : (sqlite.prepare(`SELECT count(*) AS n ${w.countSql}`).get(w.args) as { n: number }).n;
    return { rows: rows.map(toBusiness), total, capped };
  }

  function get(id: string): Business {
    const r = sqlite
      .prepare(
        `SELECT ${cols} FROM business b LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id WHERE b.id = ? AND b.deleted_at IS NULL`,
      )
      .get(id) as Row | undefined;
    if (!r) throw fail('NOT_FOUND', 'businessNotFound');
    return toBusiness(r);
  }

  /** Staff edit only businesses in zones they own today (the rule in shared/domain/access.ts). */
  function assertMayEdit(v: Viewer, officeId: string, zoneIds: (string | null)[], day: string) {
    const owned = new Set(
      v.cadreId
        ? (
            sqlite
              .prepare(
                "SELECT zone_id FROM zone_assignment WHERE cadre_id = @c AND role = 'owner' AND deleted_at IS NULL AND start_date <= @d AND (end_date IS NULL OR end_date > @d)",
              )
              .all({ c: v.cadreId, d: day }) as { zone_id: string }[]
          ).map((r) => r.zone_id)
        : [],
    );
    const refusal = businessEditRefusal(v, { officeId, zoneIds }, owned);
    if (refusal) throw fail('FORBIDDEN', REFUSALS[refusal], { refusal });
  }

  function checkRefs(officeId: string, zoneId: string | null, gridId: string | null) {
    if (zoneId) {
      const z = sqlite.prepare('SELECT office_id, status, name FROM zone WHERE id = ? AND deleted_at IS NULL').get(zoneId) as
        { office_id: string; status: string; name: string } | undefined;
      if (!z || z.office_id !== officeId) throw fail('BAD_INPUT', 'zoneNotInStation', { field: 'zoneId' });
      if (z.status !== 'active') throw fail('RULE_VIOLATION', 'zoneRetired', { field: 'zoneId', zoneId, name: z.name });
    }
    if (gridId) {
      const g = sqlite.prepare('SELECT office_id FROM grid WHERE id = ? AND deleted_at IS NULL').get(gridId) as { office_id: string } | undefined;
      if (!g || g.office_id !== officeId) throw fail('BAD_INPUT', 'gridNotInStation', { field: 'gridId' });
    }
  }

  function codes(input: { creditCode: string | null; regNo: string | null }, exceptId?: string) {
    const warnings: RuleOutcome[] = [];
    let creditCode: string | null = null;
    let creditCheckFailed = false;
    if (input.creditCode) {
      const v = checkCreditCode(input.creditCode);
      if (!v.ok) throw fail('BAD_INPUT', v.problem === 'length' ? 'creditCodeLength' : 'creditCodeChars', { field: 'creditCode', problem: v.problem });
      creditCode = v.code;
      if (v.checkFailed) {
        creditCheckFailed = true;
        warnings.push({ rule: 'creditCheck', pass: false, params: { expected: v.expected } });
      }
      const dup = sqlite.prepare('SELECT id, name FROM business WHERE credit_code = ? AND deleted_at IS NULL').get(creditCode) as
        { id: string; name: string } | undefined;
      if (dup && dup.id !== exceptId) throw fail('CONFLICT', 'creditCodeTaken', { field: 'creditCode', name: dup.name });
    }
    let regNo: string | null = null;
    if (input.regNo) {
      const r = checkRegNo(input.regNo);
      if (!r.ok) throw fail('BAD_INPUT', 'regNoFormat', { field: 'regNo' });
      regNo = r.code;
    }
    if (!creditCode && !regNo) throw fail('BAD_INPUT', 'codeRequired', { field: 'creditCode' });
    return { creditCode, creditCheckFailed, regNo, warnings };
  }

  function create(v: Viewer, input: BusinessInput, ctx: WriteCtx, day: string) {
    return sqlite.transaction(() => {
      assertMayEdit(v, input.officeId, [input.zoneId], day);
      checkRefs(input.officeId, input.zoneId, input.gridId);
      const { warnings, ...c } = codes(input);
      const row = writer.create(business, { ...input, ...c }, ctx);
      return { business: get(row.id), warnings };
    })();
  }

  function update(v: Viewer, id: string, input: BusinessInput, ctx: WriteCtx, day: string) {
    return sqlite.transaction(() => {
      const before = get(id);
      assertMayEdit(v, before.officeId, [before.zoneId, input.zoneId], day);
      assertOfficeWrite(v, input.officeId);
      checkRefs(input.officeId, input.zoneId, input.gridId);
      const { warnings, ...c } = codes(input, id);
      writer.update(business, id, { ...input, ...c }, ctx);
      return { business: get(id), warnings };
    })();
  }

  async function template(): Promise<string> {
    const wb = new (await loadExcel()).Workbook();
    const ws = wb.addWorksheet(BUSINESS_TEMPLATE.sheet);
    ws.addRow(BUSINESS_TEMPLATE.header).font = { bold: true };
    const sample = '91330304MA2H8XY01';
    ws.addRow([sample + creditCheckChar(sample), ...BUSINESS_TEMPLATE.sample]);
    ws.columns.forEach((c) => (c.width = 20));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  /** The list as Excel: written by the import worker when there is one (deps.exportInWorker), off this thread. */
  async function exportXlsx(v: Viewer, f: BusinessFilter): Promise<{ fileBase64: string; rows: number }> {
    const w = where(v, f);
    const req: BusinessExportRequest = { sql: `SELECT ${cols}, (SELECT name FROM office WHERE id = b.office_id) AS office_name ${w.sql}`, args: w.args };
    const elsewhere = deps.exportInWorker?.();
    return elsewhere ? elsewhere(req) : writeBusinessExport(sqlite, req);
  }

  return { search, get, create, update, template, exportXlsx };
}

export type BusinessesService = ReturnType<typeof createBusinessesService>;
