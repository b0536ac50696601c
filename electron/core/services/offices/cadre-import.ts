import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors';
import { CADRE_STATUSES, CadreFields, type CadreImportKey } from '../../../../shared/contract/offices';
import type { WriteCtx } from '../../sync/synced-write';
import type { OfficesService, Viewer } from './offices.service';

const STATUS_LABELS: Record<string, (typeof CADRE_STATUSES)[number]> = { 在岗: 'active', 挂职: 'secondment', '挂职/借调': 'secondment', 借调: 'secondment', 休假: 'leave', 退二线: 'second_line', 退休: 'retired', 调出: 'transferred' };
const RowSchema = z.object(CadreFields).strict();

/** Dates as 2026-01-05, 2026/1/5, 2026.1.5 or 20260105. */
function normDate(v: string | undefined): string | null {
  const s = (v ?? '').trim();
  if (!s) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s;
}

/**
 * All-or-nothing import of the register: every row is checked with the same rules as the form;
 * one bad row and nothing is written, with a report naming each bad row.
 */
export function importCadres(offices: OfficesService, v: Viewer, rows: Partial<Record<CadreImportKey, string>>[], commit: boolean, ctx: WriteCtx, today: string) {
  const officeByName = new Map(offices.list(false).map((o) => [o.name, o.id]));
  const errors: { row: number; message: string }[] = [];
  const seenIds = new Map<string, number>();
  const parsed: { row: number; input: z.output<typeof RowSchema> }[] = [];
  rows.forEach((r, k) => {
    const row = k + 2; // header is row 1
    const g = (r.gender ?? '').trim();
    const status = (r.status ?? '').trim();
    const officeId = officeByName.get((r.office ?? '').trim());
    if (!officeId) return errors.push({ row, message: `所属单位“${r.office ?? ''}”不存在或已停用` });
    const sgfDate = normDate(r.sgfDate);
    const candidate = {
      officeId,
      name: r.name ?? '',
      gender: g === '男' ? 'M' : g === '女' ? 'F' : g,
      birthDate: normDate(r.birthDate) ?? '',
      post: r.post,
      status: status ? (STATUS_LABELS[status] ?? status) : 'active',
      phone: r.phone,
      idNumber: r.idNumber?.trim() ? r.idNumber : undefined,
      workStart: normDate(r.workStart),
      joinDate: normDate(r.joinDate),
      education: r.education?.trim() || null,
      politics: r.politics?.trim() || null,
      leadershipPost: r.leadershipPost,
      leadershipStart: normDate(r.leadershipStart),
      rank: r.rank,
      rankStart: normDate(r.rankStart),
      sgf: !!sgfDate,
      sgfDate,
    };
    const p = RowSchema.safeParse(candidate);
    if (!p.success) {
      const labels: Record<string, string> = { name: '姓名', gender: '性别（男/女）', birthDate: '出生日期', status: '状态', education: '学历', politics: '政治面貌', workStart: '参加工作时间', joinDate: '进入本系统时间', rankStart: '任现职级时间', sgfDate: '实改非时间' };
      return errors.push({ row, message: `${[...new Set(p.error.issues.map((i) => labels[String(i.path[0])] ?? String(i.path[0])))].join('、')}填写不正确` });
    }
    try {
      const values = offices.cadreValues(v, p.data);
      if (values.idNumber) {
        const first = seenIds.get(values.idNumber);
        if (first) return errors.push({ row, message: `身份证号与第 ${first} 行重复` });
        seenIds.set(values.idNumber, row);
      }
      parsed.push({ row, input: p.data });
    } catch (e) {
      errors.push({ row, message: e instanceof AppError ? e.message : '无法识别的数据' });
    }
  });
  if (errors.length || !commit) return { rows: rows.length, created: 0, errors };
  offices.importAll(v, parsed.map((p) => p.input), ctx, today);
  return { rows: rows.length, created: parsed.length, errors };
}
