import { loadExcel } from './excel';
import { writeBusinessExport, type BusinessExportRequest, type BusinessRow } from './business-export';
import { AppError } from '../../../../shared/contract/errors';
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

/** Column headers of the template the app hands out, in order. */
const TEMPLATE_HEADERS = ['统一社会信用代码', '注册号', '企业名称*', '主体类型', '住所', '法定代表人', '联系电话', '食品经营(是/否)', '风险等级(低/中/高)', '登记状态', '成立日期', '责任区编号', '网格编号'];

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
        add("(b.name LIKE @like ESCAPE '\\' OR b.address LIKE @like ESCAPE '\\' OR b.legal_rep LIKE @like ESCAPE '\\' OR b.credit_code LIKE @like ESCAPE '\\')", 'like', like);
      }
    }
    const filter = `WHERE ${clauses.join(' AND ')}`;
    return {
      sql: `FROM ${from} LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id ${filter}`,
      /** The same rows without the joins that only name their zone and grid: for counting. */
      countSql: `FROM ${from} ${filter}`,
      args,
      /** Filters the read models hold: every one but text and type, and a zone and a grid together. */
      tally: q || f.type || (f.zoneId && f.gridId) ? null : { office, zone: f.zoneId, grid: f.gridId, status: f.status, food: f.food === undefined ? undefined : f.food ? 1 : 0 },
    };
  }

  /** Live businesses matching the filter, added up from the zone or grid read model (drizzle/0009, 0010). */
  function tallied(t: NonNullable<ReturnType<typeof where>['tally']>): number {
    const clauses: string[] = [];
    const args: Record<string, unknown> = {};
    for (const [col, v] of [['office_id', t.office], ['zone_id', t.zone], ['grid_id', t.grid], ['status', t.status], ['food', t.food]] as const) {
      if (v === undefined) continue;
      clauses.push(`${col} = @${col}`);
      args[col] = v;
    }
    const model = t.grid ? 'grid_business_count' : 'zone_business_count';
    return (sqlite.prepare(`SELECT coalesce(sum(n), 0) AS n FROM ${model} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}`).get(args) as { n: number }).n;
  }

  const cols = 'b.id, b.office_id, b.credit_code, b.credit_check_failed, b.reg_no, b.name, b.type, b.address, b.legal_rep, b.phone, b.food, b.risk_level, b.status, b.status_text, b.founded_on, b.zone_id, z.name AS zone_name, b.grid_id, g.name AS grid_name';

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
    const r = sqlite.prepare(`SELECT ${cols} FROM business b LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id WHERE b.id = ? AND b.deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', '市场主体不存在');
    return toBusiness(r);
  }

  /** Staff edit only businesses in zones they own today (the rule in shared/domain/access.ts). */
  function assertMayEdit(v: Viewer, officeId: string, zoneIds: (string | null)[], day: string) {
    const owned = new Set(
      v.cadreId
        ? (sqlite
            .prepare("SELECT zone_id FROM zone_assignment WHERE cadre_id = @c AND role = 'owner' AND deleted_at IS NULL AND start_date <= @d AND (end_date IS NULL OR end_date > @d)")
            .all({ c: v.cadreId, d: day }) as { zone_id: string }[]).map((r) => r.zone_id)
        : [],
    );
    const refusal = businessEditRefusal(v, { officeId, zoneIds }, owned);
    if (refusal === 'otherStation') throw new AppError('FORBIDDEN', '只能修改本所数据', { reason: refusal });
    if (refusal === 'noCadre') throw new AppError('FORBIDDEN', '您的账户未关联干部，不能编辑市场主体', { reason: refusal });
    if (refusal === 'notOwner') throw new AppError('FORBIDDEN', '只能编辑本人负责的责任区内的市场主体', { reason: refusal });
  }

  function checkRefs(officeId: string, zoneId: string | null, gridId: string | null) {
    if (zoneId) {
      const z = sqlite.prepare('SELECT office_id, status, name FROM zone WHERE id = ? AND deleted_at IS NULL').get(zoneId) as { office_id: string; status: string; name: string } | undefined;
      if (!z || z.office_id !== officeId) throw new AppError('BAD_INPUT', '责任区不存在或不属于该工商所', { field: 'zoneId' });
      if (z.status !== 'active') throw new AppError('RULE_VIOLATION', `责任区“${z.name}”已撤销，不能再作为操作对象`, { field: 'zoneId' });
    }
    if (gridId) {
      const g = sqlite.prepare('SELECT office_id FROM grid WHERE id = ? AND deleted_at IS NULL').get(gridId) as { office_id: string } | undefined;
      if (!g || g.office_id !== officeId) throw new AppError('BAD_INPUT', '网格不存在或不属于该工商所', { field: 'gridId' });
    }
  }

  function codes(input: { creditCode: string | null; regNo: string | null }, exceptId?: string) {
    const warnings: string[] = [];
    let creditCode: string | null = null;
    let creditCheckFailed = false;
    if (input.creditCode) {
      const v = checkCreditCode(input.creditCode);
      if (!v.ok) throw new AppError('BAD_INPUT', `统一社会信用代码格式错误（${v.problem === 'length' ? '应为 18 位' : '含有不允许的字符'}）`, { field: 'creditCode', problem: v.problem });
      creditCode = v.code;
      if (v.checkFailed) {
        creditCheckFailed = true;
        warnings.push(`统一社会信用代码校验位不符（应为 ${v.expected}），已保存并标记`);
      }
      const dup = sqlite.prepare('SELECT id, name FROM business WHERE credit_code = ? AND deleted_at IS NULL').get(creditCode) as { id: string; name: string } | undefined;
      if (dup && dup.id !== exceptId) throw new AppError('CONFLICT', `统一社会信用代码已登记为“${dup.name}”`, { field: 'creditCode' });
    }
    let regNo: string | null = null;
    if (input.regNo) {
      const r = checkRegNo(input.regNo);
      if (!r.ok) throw new AppError('BAD_INPUT', '注册号应为 15 位数字', { field: 'regNo' });
      regNo = r.code;
    }
    if (!creditCode && !regNo) throw new AppError('BAD_INPUT', '统一社会信用代码和注册号至少填写一项', { field: 'creditCode' });
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
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(TEMPLATE_HEADERS).font = { bold: true };
    const sample = '91330304MA2H8XY01';
    ws.addRow([sample + creditCheckChar(sample), '', '温州市瓯海区示例食品店', '个体工商户', '温州市瓯海区娄桥街道古岸头路 1 号', '张三', '13800000000', '是', '中', '存续', '2024-04-16', '', '']);
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
