import { randomUUID } from 'node:crypto';
import { loadExcel } from './excel';
import { AppError } from '../../../../shared/contract/errors';
import type { Business, ImportPreview } from '../../../../shared/contract/zones';
import { checkCreditCode, checkRegNo, creditCheckChar, normalizeCode, searchQuery } from '../../../../shared/domain/credit-code';
import type { Clock } from '../../clock';
import type { Sqlite } from '../../db/open';
import { business } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import { readWorkbook, TEMPLATE_HEADERS, validateRows, type ParsedBusiness } from './business-import';
import { assertOfficeWrite, scopeOffice, stationBound, type Viewer } from './scope';

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

interface Row {
  id: string;
  office_id: string;
  credit_code: string | null;
  credit_check_failed: number;
  reg_no: string | null;
  name: string;
  type: string | null;
  address: string | null;
  legal_rep: string | null;
  phone: string | null;
  food: number;
  risk_level: Business['riskLevel'];
  status: Business['status'];
  zone_id: string | null;
  zone_name: string | null;
  grid_id: string | null;
  grid_name: string | null;
}

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
  zoneId: r.zone_id,
  zoneName: r.zone_name,
  gridId: r.grid_id,
  gridName: r.grid_name,
});

// A text search counts at most this many matches: a person narrows the query rather than
// scrolling past a thousand hits, and counting every match of a common bigram dominated p95.
const SEARCH_COUNT_CAP = 1_000;
const COUNT_CAP = 10_000;
const PREVIEW_TTL_MS = 30 * 60_000;

export function createBusinessesService(deps: { sqlite: Sqlite; writer: SyncedWriter; clock: Clock }) {
  const { sqlite, writer } = deps;
  const previews = new Map<string, { officeId: string; userId: string; rows: ParsedBusiness[]; at: number }>();

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
    return { sql: `FROM ${from} LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id WHERE ${clauses.join(' AND ')}`, args };
  }

  const cols = 'b.id, b.office_id, b.credit_code, b.credit_check_failed, b.reg_no, b.name, b.type, b.address, b.legal_rep, b.phone, b.food, b.risk_level, b.status, b.zone_id, z.name AS zone_name, b.grid_id, g.name AS grid_name';

  function search(v: Viewer, f: BusinessFilter & { offset: number; limit: number }) {
    const w = where(v, f);
    const rows = sqlite.prepare(`SELECT ${cols} ${w.sql} LIMIT @limit OFFSET @offset`).all({ ...w.args, limit: f.limit, offset: f.offset }) as Row[];
    const cap = f.q ? SEARCH_COUNT_CAP : COUNT_CAP;
    const counted = (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${w.sql} LIMIT ${cap + 1})`).get(w.args) as { n: number }).n;
    const capped = f.q ? counted > cap : false;
    const total = capped ? cap : f.q || counted <= cap ? counted : (sqlite.prepare(`SELECT count(*) AS n ${w.sql}`).get(w.args) as { n: number }).n;
    return { rows: rows.map(toBusiness), total, capped };
  }

  function get(id: string): Business {
    const r = sqlite.prepare(`SELECT ${cols} FROM business b LEFT JOIN zone z ON z.id = b.zone_id LEFT JOIN grid g ON g.id = b.grid_id WHERE b.id = ? AND b.deleted_at IS NULL`).get(id) as Row | undefined;
    if (!r) throw new AppError('NOT_FOUND', '市场主体不存在');
    return toBusiness(r);
  }

  /** Staff edit only businesses in zones they own today. */
  function assertMayEdit(v: Viewer, officeId: string, zoneIds: (string | null)[], day: string) {
    assertOfficeWrite(v, officeId);
    if (v.role !== 'staff') return;
    if (!v.cadreId) throw new AppError('FORBIDDEN', '您的账户未关联干部，不能编辑市场主体');
    for (const z of zoneIds) {
      const owns = z
        ? sqlite
            .prepare("SELECT 1 FROM zone_assignment WHERE zone_id = @z AND cadre_id = @c AND role = 'owner' AND deleted_at IS NULL AND start_date <= @d AND (end_date IS NULL OR end_date > @d)")
            .get({ z, c: v.cadreId, d: day })
        : undefined;
      if (!owns) throw new AppError('FORBIDDEN', '只能编辑本人负责的责任区内的市场主体');
    }
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

  function refMaps(officeId: string) {
    const zones = sqlite.prepare("SELECT id, code FROM zone WHERE office_id = ? AND status = 'active' AND deleted_at IS NULL").all(officeId) as { id: string; code: string }[];
    const grids = sqlite.prepare('SELECT id, code FROM grid WHERE office_id = ? AND deleted_at IS NULL').all(officeId) as { id: string; code: string }[];
    return { zones: new Map(zones.map((z) => [normalizeCode(z.code), z.id])), grids: new Map(grids.map((g) => [normalizeCode(g.code), g.id])) };
  }

  async function importPreview(v: Viewer, input: { officeId: string; fileBase64: string }, userId: string): Promise<ImportPreview> {
    if (stationBound(v) && input.officeId !== v.officeId) throw new AppError('FORBIDDEN', '只能导入本所数据');
    const o = sqlite.prepare("SELECT 1 FROM office WHERE id = ? AND kind = 'station' AND deleted_at IS NULL").get(input.officeId);
    if (!o) throw new AppError('BAD_INPUT', '请选择导入到哪个工商所', { field: 'officeId' });
    const book = await readWorkbook(Buffer.from(input.fileBase64, 'base64'));
    const refs = refMaps(input.officeId);
    const { parsed, issues } = validateRows(book.rows, { zoneCodes: new Set(refs.zones.keys()), gridCodes: new Set(refs.grids.keys()) });
    const existing = sqlite.prepare('SELECT office_id FROM business WHERE credit_code = ? AND deleted_at IS NULL');
    let updates = 0;
    for (const p of parsed) {
      if (!p.creditCode) continue;
      const e = existing.get(p.creditCode) as { office_id: string } | undefined;
      if (!e) continue;
      if (e.office_id !== input.officeId) issues.push({ row: p.row, field: 'creditCode', level: 'error', message: '该统一社会信用代码已登记在其他工商所' });
      else updates++;
    }
    issues.sort((a, b) => a.row - b.row);
    const errorCount = issues.filter((i) => i.level === 'error').length;
    const now = deps.clock.now();
    for (const [k, p] of previews) if (now - p.at > PREVIEW_TTL_MS) previews.delete(k);
    const previewId = randomUUID();
    if (errorCount === 0) previews.set(previewId, { officeId: input.officeId, userId, rows: parsed, at: now });
    return {
      previewId,
      sheet: book.sheet,
      headerRow: book.headerRow,
      mapped: book.mapped,
      rows: book.rows.length,
      creates: parsed.length - updates,
      updates,
      issues: issues.slice(0, 2000),
      errorCount,
      warningCount: issues.length - errorCount,
    };
  }

  /** The accepted import is one transaction: every row lands, or none. */
  function importCommit(v: Viewer, previewId: string, userId: string, ctx: WriteCtx) {
    const p = previews.get(previewId);
    if (!p || p.userId !== userId) throw new AppError('NOT_FOUND', '导入预览已失效或存在错误，请重新选择文件');
    assertOfficeWrite(v, p.officeId);
    const result = sqlite.transaction(() => {
      const refs = refMaps(p.officeId);
      const byCode = sqlite.prepare('SELECT id FROM business WHERE credit_code = ? AND deleted_at IS NULL');
      let created = 0;
      let updated = 0;
      for (const r of p.rows) {
        const zoneId = r.zoneCode ? refs.zones.get(r.zoneCode) : null;
        const gridId = r.gridCode ? refs.grids.get(r.gridCode) : null;
        if (zoneId === undefined || gridId === undefined) throw new AppError('RULE_VIOLATION', `第 ${r.row} 行的责任区或网格已变更，请重新导入`);
        const values = { officeId: p.officeId, creditCode: r.creditCode, creditCheckFailed: r.creditCheckFailed, regNo: r.regNo, name: r.name, type: r.type, address: r.address, legalRep: r.legalRep, phone: r.phone, food: r.food, riskLevel: r.riskLevel, status: r.status, zoneId, gridId };
        const existing = r.creditCode ? (byCode.get(r.creditCode) as { id: string } | undefined) : undefined;
        if (existing) {
          writer.update(business, existing.id, values, ctx);
          updated++;
        } else {
          writer.create(business, values, ctx);
          created++;
        }
      }
      return { created, updated };
    })();
    previews.delete(previewId);
    return result;
  }

  async function template(): Promise<string> {
    const wb = new (await loadExcel()).Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(TEMPLATE_HEADERS.map(([, h]) => h)).font = { bold: true };
    const sample = '91330304MA2H8XY01';
    ws.addRow([sample + creditCheckChar(sample), '', '温州市瓯海区示例食品店', '个体工商户', '温州市瓯海区娄桥街道古岸头路 1 号', '张三', '13800000000', '是', '中', '存续', '', '']);
    ws.columns.forEach((c) => (c.width = 20));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  async function exportXlsx(v: Viewer, f: BusinessFilter): Promise<{ fileBase64: string; rows: number }> {
    const w = where(v, f);
    const wb = new (await loadExcel()).Workbook();
    const ws = wb.addWorksheet('市场主体');
    ws.addRow(['统一社会信用代码', '校验位', '注册号', '企业名称', '主体类型', '住所', '法定代表人', '联系电话', '食品经营', '风险等级', '登记状态', '责任区', '网格']).font = { bold: true };
    const risk = { low: '低', medium: '中', high: '高' };
    const status = { active: '存续', suspended: '停业', revoked: '吊销', cancelled: '注销' };
    let n = 0;
    for (const r of sqlite.prepare(`SELECT ${cols} ${w.sql}`).iterate(w.args) as Iterable<Row>) {
      ws.addRow([r.credit_code, r.credit_check_failed ? '不符' : '', r.reg_no, r.name, r.type, r.address, r.legal_rep, r.phone, r.food ? '是' : '否', risk[r.risk_level], status[r.status], r.zone_name, r.grid_name]);
      n++;
    }
    ws.columns.forEach((c) => (c.width = 18));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return { fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), rows: n };
  }

  return { search, get, create, update, importPreview, importCommit, template, exportXlsx };
}

export type BusinessesService = ReturnType<typeof createBusinessesService>;
