import type ExcelJS from 'exceljs';
import { loadExcel } from './excel';
import { AppError } from '../../../../shared/contract/errors';
import type { ImportIssue } from '../../../../shared/contract/zones';
import { checkCreditCode, checkRegNo, normalizeCode } from '../../../../shared/domain/credit-code';

// Reading a registry export: the header may sit below title rows (often a merged cell), use
// full-width characters or decorations like "*" and "(必填)", and be followed by blank lines.

export const IMPORT_COLUMNS = {
  creditCode: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码'],
  regNo: ['注册号', '原注册号', '工商注册号'],
  name: ['企业名称', '名称', '主体名称', '市场主体名称', '个体户名称', '字号名称'],
  type: ['类型', '主体类型', '企业类型', '市场主体类型'],
  address: ['住所', '地址', '经营场所', '住所经营场所', '经营地址'],
  legalRep: ['法定代表人', '负责人', '经营者', '法定代表人负责人', '法定代表人姓名'],
  phone: ['联系电话', '电话', '手机'],
  food: ['食品经营', '是否食品经营', '食品经营户', '是否食品'],
  riskLevel: ['风险等级', '风险'],
  status: ['登记状态', '状态', '经营状态'],
  zone: ['责任区', '责任区编号', '所属责任区'],
  grid: ['网格', '网格编号', '所属网格'],
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

/** Column headers of the template the app hands out, in order. */
export const TEMPLATE_HEADERS: [ImportField, string][] = [
  ['creditCode', '统一社会信用代码'],
  ['regNo', '注册号'],
  ['name', '企业名称*'],
  ['type', '主体类型'],
  ['address', '住所'],
  ['legalRep', '法定代表人'],
  ['phone', '联系电话'],
  ['food', '食品经营(是/否)'],
  ['riskLevel', '风险等级(低/中/高)'],
  ['status', '登记状态'],
  ['zone', '责任区编号'],
  ['grid', '网格编号'],
];

function normHeader(s: string): string[] {
  const half = normalizeCode(s).replace(/[*＊]/g, '');
  const stripped = half.replace(/\(.*?\)|（.*?）/g, '');
  const flat = half.replace(/[()（）]/g, '');
  return [...new Set([stripped, flat, half])];
}

function matchHeader(cell: string): ImportField | null {
  const variants = normHeader(cell);
  for (const [field, aliases] of Object.entries(IMPORT_COLUMNS) as [ImportField, readonly string[]][]) {
    if (variants.some((v) => aliases.includes(v))) return field;
  }
  return null;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    return '';
  }
  return String(v).trim();
}

export interface RawRow {
  /** 1-based row number in the sheet, as the user sees it in Excel. */
  row: number;
  values: Partial<Record<ImportField, string>>;
}

export async function readWorkbook(buf: Buffer): Promise<{ sheet: string; headerRow: number; mapped: Record<string, string>; rows: RawRow[] }> {
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) throw new AppError('BAD_INPUT', '文件不是 Excel（.xlsx）格式', { reason: 'not_xlsx' });
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError('BAD_INPUT', '无法读取该 Excel 文件，文件可能已损坏', { reason: 'corrupt' });
  }
  for (const ws of wb.worksheets) {
    const last = Math.min(ws.rowCount, 30);
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const cols = new Map<number, ImportField>();
      const mapped: Record<string, string> = {};
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        // A merged title repeats its text across the merge; only distinct headers count.
        if (cell.isMerged && cell.master !== cell) return;
        const text = cellText(cell.value);
        const f = text ? matchHeader(text) : null;
        if (f && ![...cols.values()].includes(f)) {
          cols.set(col, f);
          mapped[f] = text;
        }
      });
      if (cols.size >= 2 && [...cols.values()].includes('name')) {
        const rows: RawRow[] = [];
        for (let i = r + 1; i <= ws.rowCount; i++) {
          const values: Partial<Record<ImportField, string>> = {};
          let any = false;
          const wr = ws.getRow(i);
          for (const [col, f] of cols) {
            const t = cellText(wr.getCell(col).value);
            if (t) {
              values[f] = t;
              any = true;
            }
          }
          if (any) rows.push({ row: i, values });
        }
        if (rows.length === 0) throw new AppError('BAD_INPUT', '文件中没有数据行', { reason: 'empty' });
        return { sheet: ws.name, headerRow: r, mapped, rows };
      }
    }
  }
  if (wb.worksheets.every((ws) => ws.actualRowCount === 0)) throw new AppError('BAD_INPUT', '文件是空的', { reason: 'empty' });
  throw new AppError('BAD_INPUT', '未找到可识别的表头（至少需要“企业名称”和另一列，如“统一社会信用代码”）', { reason: 'no_header' });
}

const YES = ['是', 'Y', 'YES', '1', '√', 'TRUE', '食品'];
const NO = ['否', 'N', 'NO', '0', '×', 'FALSE', ''];
const RISK: Record<string, 'low' | 'medium' | 'high'> = { 低: 'low', 一般: 'low', 中: 'medium', 较高: 'medium', 高: 'high', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' };
const STATUS: Record<string, 'active' | 'suspended' | 'revoked' | 'cancelled'> = {
  存续: 'active', 在业: 'active', 开业: 'active', 正常: 'active', 在营: 'active',
  停业: 'suspended', 歇业: 'suspended',
  吊销: 'revoked', 吊销未注销: 'revoked',
  注销: 'cancelled', 已注销: 'cancelled',
};

export interface ParsedBusiness {
  row: number;
  creditCode: string | null;
  creditCheckFailed: boolean;
  regNo: string | null;
  name: string;
  type: string | null;
  address: string | null;
  legalRep: string | null;
  phone: string | null;
  food: boolean;
  riskLevel: 'low' | 'medium' | 'high';
  status: 'active' | 'suspended' | 'revoked' | 'cancelled';
  zoneCode: string | null;
  gridCode: string | null;
}

/** Validate every row; nothing is written here. */
export function validateRows(rows: RawRow[], known: { zoneCodes: Set<string>; gridCodes: Set<string> }): { parsed: ParsedBusiness[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const parsed: ParsedBusiness[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of rows) {
    const err = (field: string, message: string) => issues.push({ row, field, level: 'error', message });
    const warn = (field: string, message: string) => issues.push({ row, field, level: 'warning', message });
    const before = issues.filter((i) => i.level === 'error').length;
    const name = values.name?.trim() ?? '';
    if (!name) err('name', '缺少企业名称');
    if (name.length > 120) err('name', '企业名称过长（最多 120 字）');
    let creditCode: string | null = null;
    let creditCheckFailed = false;
    if (values.creditCode) {
      const v = checkCreditCode(values.creditCode);
      if (!v.ok) err('creditCode', `统一社会信用代码格式错误（${v.problem === 'length' ? '应为 18 位' : '含有不允许的字符'}）：${v.code}`);
      else {
        creditCode = v.code;
        if (v.checkFailed) {
          creditCheckFailed = true;
          warn('creditCode', `统一社会信用代码校验位不符（应为 ${v.expected}），已导入并标记`);
        }
        const dup = seen.get(v.code);
        if (dup) err('creditCode', `与第 ${dup} 行的统一社会信用代码重复`);
        else seen.set(v.code, row);
      }
    }
    let regNo: string | null = null;
    if (values.regNo) {
      const r = checkRegNo(values.regNo);
      if (!r.ok) err('regNo', `注册号应为 15 位数字：${r.code}`);
      else regNo = r.code;
    }
    if (!values.creditCode && !values.regNo) err('creditCode', '统一社会信用代码和注册号至少填写一项');
    const foodText = normalizeCode(values.food ?? '');
    const food = YES.includes(foodText) ? true : NO.includes(foodText) ? false : null;
    if (food === null) err('food', `“食品经营”应填写 是 或 否：${values.food}`);
    const riskText = normalizeCode(values.riskLevel ?? '');
    const riskLevel = riskText ? RISK[riskText.replace('风险', '')] : 'low';
    if (!riskLevel) err('riskLevel', `风险等级应为 低、中 或 高：${values.riskLevel}`);
    const status = values.status ? STATUS[values.status.replace(/\s/g, '')] : 'active';
    if (!status) err('status', `无法识别的登记状态：${values.status}`);
    const zoneCode = values.zone ? normalizeCode(values.zone) : null;
    if (zoneCode && !known.zoneCodes.has(zoneCode)) err('zone', `责任区编号不存在或已撤销：${zoneCode}`);
    const gridCode = values.grid ? normalizeCode(values.grid) : null;
    if (gridCode && !known.gridCodes.has(gridCode)) err('grid', `网格编号不存在：${gridCode}`);
    if (issues.filter((i) => i.level === 'error').length === before) {
      parsed.push({
        row,
        creditCode,
        creditCheckFailed,
        regNo,
        name,
        type: values.type ?? null,
        address: values.address ?? null,
        legalRep: values.legalRep ?? null,
        phone: values.phone ?? null,
        food: !!food,
        riskLevel: riskLevel!,
        status: status!,
        zoneCode,
        gridCode,
      });
    }
  }
  return { parsed, issues };
}
