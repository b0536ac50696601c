// Reading the values offices really export: registry status wording, dates in every common
// form, combined code columns and decorated headers. Pure functions, table-tested.
import { normalizeCode } from './credit-code';

/** A header as it is compared: half-width, no spaces, no "*", no "(必填)"-style notes. */
export function headerKeys(raw: string): string[] {
  const half = normalizeCode(raw).replace(/[*＊:：]/g, '');
  const stripped = half.replace(/\(.*?\)|（.*?）|\[.*?\]|【.*?】/g, '');
  const flat = half.replace(/[()（）[\]【】]/g, '');
  return [...new Set([half, stripped, flat].filter(Boolean))];
}

export type DateProblem = 'format' | 'range';

/**
 * A date as a plain day: 2024-04-16, 2024/4/16, 2024.4.16, 2024年4月16日, 20240416, or an
 * Excel serial (days since 1899-12-30, so 45398 is 2024-04-16). Null for an empty cell.
 */
export function parseDay(
  raw: string | null | undefined,
  opts: { date1904?: boolean; yearMonth?: boolean } = {},
): { ok: true; day: string | null; monthOnly?: boolean } | { ok: false; problem: DateProblem } {
  // Spaces go (normalizeCode), and so does a time of day: 2024-04-16 00:00:00, 2024-04-16T00:00:00Z.
  const s = normalizeCode(raw ?? '').replace(/T\d{2}:\d{2}.*$/, '');
  if (!s) return { ok: true, day: null };
  let y: number, m: number, d: number;
  let hit = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (hit) {
    [y, m, d] = [Number(hit[1]), Number(hit[2]), Number(hit[3])];
  } else if ((hit = /^((?:19|20)\d{2})[-/.年](\d{1,2})月?$/.exec(s) ?? (opts.yearMonth ? /^((?:19|20)\d{2})(0[1-9]|1[0-2])$/.exec(s) : null))) {
    // A year and month (出生年月 1991.03, 参加工作时间 2012年7月, 201207) names no day: where the
    // field allows it (opts.yearMonth, HR registers) it is stored as the 1st of that month.
    if (!opts.yearMonth) return { ok: false, problem: 'format' };
    const [ym, mm] = [Number(hit[1]), Number(hit[2])];
    if (mm < 1 || mm > 12) return { ok: false, problem: 'range' };
    return { ok: true, day: `${ym}-${String(mm).padStart(2, '0')}-01`, monthOnly: true };
  } else if ((hit = /^(\d{1,6})(?:\.\d+)?$/.exec(s))) {
    // An Excel serial; the fraction is the time of day.
    const serial = Number(hit[1]);
    if (serial < 1 || serial > 2958465) return { ok: false, problem: 'range' };
    const base = opts.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    const at = new Date(base + serial * 86_400_000);
    [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  } else return { ok: false, problem: 'format' };
  const at = new Date(Date.UTC(y, m - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return { ok: false, problem: 'range' };
  if (y < 1900 || y > 2200) return { ok: false, problem: 'range' };
  return { ok: true, day: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

export const BUSINESS_STATUS_VALUES = ['active', 'suspended', 'revoked', 'cancelled'] as const;
export type BusinessStatusValue = (typeof BUSINESS_STATUS_VALUES)[number];

/** The app's own word for each status: what the export writes when the registry's text is not kept. */
export const BUSINESS_STATUS_LABELS: Record<BusinessStatusValue, string> = { active: '存续', suspended: '停业', revoked: '吊销', cancelled: '注销' };

// The registry's wording (国家企业信用信息公示系统 and the provincial registers), after
// punctuation and spaces are removed. Order matters: 吊销，未注销 is revoked, 吊销，已注销 cancelled.
const STATUS_RULES: [RegExp, BusinessStatusValue][] = [
  [/^(存续|在营|开业|在册|在业|正常|登记成立|确立|设立|正常经营|营业|存续在营开业在册)+(企业|主体)?$/, 'active'],
  [/^吊销(未注销)?$/, 'revoked'],
  [/注销/, 'cancelled'],
  [/^吊销/, 'revoked'],
  [/^撤销/, 'cancelled'],
  [/^迁出|^已迁出|迁往/, 'cancelled'],
  [/^(停业|歇业|已歇业|停业整顿)/, 'suspended'],
];

/**
 * The app status for a registry status text. 迁出 (moved to another registry) and 撤销
 * (registration withdrawn) leave the district's register, so they count as cancelled; the
 * original text is kept beside the status. Null when the text is not recognised.
 */
export function mapBusinessStatus(raw: string | null | undefined): { status: BusinessStatusValue; text: string | null } | null {
  const text = (raw ?? '').trim();
  if (!text) return { status: 'active', text: null };
  const key = normalizeCode(text).replace(/[()（）、，,;；/\\·.。\-_]/g, '');
  for (const [re, status] of STATUS_RULES) {
    if (re.test(key)) return { status, text: text === BUSINESS_STATUS_LABELS[status] ? null : text };
  }
  const english: Record<string, BusinessStatusValue> = { ACTIVE: 'active', SUSPENDED: 'suspended', REVOKED: 'revoked', CANCELLED: 'cancelled' };
  return english[key] ? { status: english[key], text: null } : null;
}

/**
 * One cell of the combined column 统一社会信用代码（注册号）: an 18-character credit code or a
 * legacy 15-digit registration number, after full-width and lower case are normalised.
 */
export function splitCodeCell(raw: string): { kind: 'credit' | 'regNo' | 'unknown'; code: string } {
  const code = normalizeCode(raw).replace(/^'/, '');
  if (/^\d{15}$/.test(code)) return { kind: 'regNo', code };
  if (code.length === 18) return { kind: 'credit', code };
  return { kind: 'unknown', code };
}

/** A footer line of a registry export: 合计, 总计, 小计, 共 241 条, 制表人… */
export function isFooterCell(raw: string): boolean {
  const s = normalizeCode(raw);
  return /^(合计|总计|小计|共\d+(条|户|行|人|家)|制表|制表人|审核人|填报人|打印时间|导出时间|数据来源)/.test(s);
}

/** Text for comparison of names across files: half-width, no spaces or separators. */
export function nameKey(raw: string): string {
  return normalizeCode(raw).replace(/[-—_·•/\\|()（）[\]【】.。,，、]/g, '');
}

/** 300000 → "300,000": a count, grouped the same way whatever the machine's locale. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
