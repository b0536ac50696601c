import type { Cadre } from '../../../shared/contract/offices';
import type { Unlicensed } from '../../../shared/contract/zones';
import { STAGE_LABELS } from '../../../shared/domain/career';
import { loadExcel } from '../services/zones/excel';

// The register and census exports, written by the core with the columns its import reads
// back: every list's export imports into the same list with no errors and no changes.

const CADRE_STATUS: Record<Cadre['status'], string> = {
  active: '在岗',
  secondment: '挂职/借调',
  leave: '休假',
  second_line: '退二线',
  retired: '退休',
  transferred: '调出',
};
const UNLICENSED_STATUS: Record<Unlicensed['status'], string> = { unlicensed: '无照', licensed: '已办照', banned: '已取缔', exempt: '豁免' };

async function book(sheet: string, headers: string[], rows: (string | number | null)[][]): Promise<string> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Branch Desk';
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 16));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

/** 干部名册: what the viewer sees, so identity numbers stay masked for everyone but HR. */
export function cadreExport(cadres: Cadre[]): Promise<string> {
  return book(
    '干部名册',
    [
      '姓名',
      '性别',
      '出生日期',
      '身份证号',
      '所属单位',
      '岗位',
      '参加工作时间',
      '进入本系统时间',
      '学历',
      '政治面貌',
      '领导职务',
      '任领导职务时间',
      '职级',
      '任现职级时间',
      '实改非时间',
      '职业阶段',
      '状态',
      '电话',
    ],
    cadres.map((c) => [
      c.name,
      c.gender === 'M' ? '男' : '女',
      c.birthDate,
      c.idNumber,
      c.officeName,
      c.post,
      c.workStart,
      c.joinDate,
      c.education,
      c.politics,
      c.leadershipPost,
      c.leadershipStart,
      c.rank,
      c.rankStart,
      c.sgf ? (c.sgfDate ?? '是') : '',
      c.stage ? STAGE_LABELS[c.stage] : '',
      CADRE_STATUS[c.effectiveStatus],
      c.phone,
    ]),
  );
}

/** 无照底数: one census's entries. */
export function censusExport(entries: Unlicensed[]): Promise<string> {
  return book(
    '无照经营户',
    ['名称', '地址', '经营者', '类别', '责任区', '网格', '状态', '豁免依据', '备注'],
    entries.map((e) => [e.name, e.address, e.operator, e.category, e.zoneName, e.gridName, UNLICENSED_STATUS[e.status], e.exemptReason, e.note]),
  );
}
