import { BUSINESS_STATUS_LABELS } from '../../../../shared/domain/import-values';
import type { Business } from '../../../../shared/contract/zones';
import type { Sqlite } from '../../db/open';
import { loadExcel } from './excel';

// The business list's Excel export, written where it runs: the import worker (its own connection,
// off the thread that answers calls: 100k rows took that thread 10 s) or, without a worker, here.
// The columns are those the import reads back: the registry's status wording is kept as it came,
// and 所属单位 names the station, so a county-wide export goes back to each business's own.

export const BUSINESS_EXPORT_HEADER = [
  '统一社会信用代码',
  '校验位',
  '注册号',
  '企业名称',
  '主体类型',
  '住所',
  '法定代表人',
  '联系电话',
  '食品经营',
  '风险等级',
  '登记状态',
  '成立日期',
  '责任区',
  '网格',
  '所属单位',
];

/** The import template the app hands out: its sheet, the columns the import reads, and one sample row. */
export const BUSINESS_TEMPLATE = {
  sheet: '市场主体',
  header: [
    '统一社会信用代码',
    '注册号',
    '企业名称*',
    '主体类型',
    '住所',
    '法定代表人',
    '联系电话',
    '食品经营(是/否)',
    '风险等级(低/中/高)',
    '登记状态',
    '成立日期',
    '责任区编号',
    '网格编号',
  ],
  /** The sample row after its credit code (which the template completes with its check character). */
  sample: ['', '温州市瓯海区示例食品店', '个体工商户', '温州市瓯海区娄桥街道古岸头路 1 号', '张三', '13800000000', '是', '中', '存续', '2024-04-16', '', ''],
};

/** What the worker is asked: the list's query as the service built it for the viewer. */
export interface BusinessExportRequest {
  sql: string;
  /** Named parameters (@name). */
  args: Record<string, unknown>;
}

/** A business as the list's query reads it (businesses.service.ts `cols`). */
export interface BusinessRow {
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
  status_text: string | null;
  founded_on: string | null;
  zone_id: string | null;
  zone_name: string | null;
  grid_id: string | null;
  grid_name: string | null;
}

type ExportRow = BusinessRow & { office_name: string | null };

const RISK = { low: '低', medium: '中', high: '高' } as const;

export async function writeBusinessExport(sqlite: Sqlite, r: BusinessExportRequest): Promise<{ fileBase64: string; rows: number }> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('市场主体');
  ws.addRow(BUSINESS_EXPORT_HEADER).font = { bold: true };
  let n = 0;
  for (const b of sqlite.prepare(r.sql).iterate(r.args) as Iterable<ExportRow>) {
    ws.addRow([
      b.credit_code,
      b.credit_check_failed ? '不符' : '',
      b.reg_no,
      b.name,
      b.type,
      b.address,
      b.legal_rep,
      b.phone,
      b.food ? '是' : '否',
      RISK[b.risk_level],
      b.status_text ?? BUSINESS_STATUS_LABELS[b.status],
      b.founded_on,
      b.zone_name,
      b.grid_name,
      b.office_name,
    ]);
    n++;
  }
  ws.columns.forEach((c) => (c.width = 18));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return { fileBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), rows: n };
}
