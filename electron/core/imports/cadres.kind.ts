import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import { CadreFields, CADRE_STATUSES, type Cadre } from '../../../shared/contract/offices';
import { roleHas } from '../../../shared/contract/roles';
import { checkIdNumber } from '../../../shared/domain/id-number';
import { nameKey, parseDay } from '../../../shared/domain/import-values';
import { maskIdNumber } from '../../../shared/domain/mask';
import { stationBound } from '../services/zones/scope';
import type { KindImpl, PlannedOp } from './kinds';

// 干部名册: the register's own export and the HR system's (.xls, with its own column names).
// A masked identity number (3303**********1234, what a non-HR export carries) means "keep the
// stored one": the row matches its cadre by name and birth date, and the mask must agree.

const FIELDS = [
  { key: 'name', aliases: ['姓名'], required: true },
  { key: 'gender', aliases: ['性别'] },
  { key: 'birthDate', aliases: ['出生日期', '出生年月', '出生年月日', '出生时间'] },
  { key: 'idNumber', aliases: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码'] },
  { key: 'office', aliases: ['所属单位', '单位', '工作单位', '单位名称', '所在单位', '所在部门'] },
  { key: 'post', aliases: ['岗位', '职务', '现任职务', '现岗位', '工作岗位', '现工作岗位'] },
  { key: 'workStart', aliases: ['参加工作时间', '参加工作日期', '参工时间'] },
  { key: 'joinDate', aliases: ['进入本系统时间', '进入本系统日期', '进本系统时间', '进入系统时间'] },
  { key: 'education', aliases: ['学历', '最高学历', '全日制学历'] },
  { key: 'politics', aliases: ['政治面貌'] },
  { key: 'leadershipPost', aliases: ['领导职务', '职务层次'] },
  { key: 'leadershipStart', aliases: ['任领导职务时间', '任职务时间'] },
  { key: 'rank', aliases: ['职级', '现职级'] },
  { key: 'rankStart', aliases: ['任现职级时间', '任职级时间', '现职级时间'] },
  { key: 'sgf', aliases: ['实改非', '实改非时间', '实职改非领导职务时间'] },
  { key: 'status', aliases: ['状态', '人员状态', '在岗状态'] },
  { key: 'phone', aliases: ['电话', '联系电话', '手机', '手机号码'] },
] as const;

const STATUS_WORDS: Record<string, (typeof CADRE_STATUSES)[number]> = {
  在岗: 'active',
  在职: 'active',
  挂职: 'secondment',
  '挂职/借调': 'secondment',
  挂职借调: 'secondment',
  借调: 'secondment',
  轮岗: 'secondment',
  休假: 'leave',
  病休: 'leave',
  退二线: 'second_line',
  退休: 'retired',
  调出: 'transferred',
  调离: 'transferred',
};
const EDUCATION: [RegExp, string][] = [
  [/研究生|硕士|博士/, '研究生'],
  [/本科|大学$/, '大学本科'],
  [/专科|大专/, '大学专科'],
  [/中专|中技|职高/, '中专'],
  [/高中|初中|小学/, '高中及以下'],
];
const POLITICS: [RegExp, string][] = [
  [/预备/, '中共预备党员'],
  [/中共党员|^党员$|共产党员/, '中共党员'],
  [/团员/, '共青团员'],
  [/群众|无党派/, '群众'],
  [/民革|民盟|民建|民进|农工|致公|九三|台盟|民主党派/, '民主党派'],
];

const RowSchema = z.object(CadreFields).strict();
const COMPARED = [
  'officeId',
  'name',
  'gender',
  'birthDate',
  'post',
  'status',
  'phone',
  'workStart',
  'joinDate',
  'education',
  'politics',
  'leadershipPost',
  'leadershipStart',
  'rank',
  'rankStart',
  'sgf',
  'sgfDate',
] as const;
const FIELD_OF: Record<(typeof COMPARED)[number], string> = {
  officeId: 'office',
  name: 'name',
  gender: 'gender',
  birthDate: 'birthDate',
  post: 'post',
  status: 'status',
  phone: 'phone',
  workStart: 'workStart',
  joinDate: 'joinDate',
  education: 'education',
  politics: 'politics',
  leadershipPost: 'leadershipPost',
  leadershipStart: 'leadershipStart',
  rank: 'rank',
  rankStart: 'rankStart',
  sgf: 'sgf',
  sgfDate: 'sgf',
};

export const cadresKind: KindImpl = {
  name: 'cadres',
  fields: FIELDS,
  anchors: ['name'],

  checkTarget() {},

  plan(rows, ctx, issue) {
    const { sqlite, viewer } = ctx;
    const personal = roleHas(viewer.role, 'personal.read');
    const offices = ctx.offices.list(false);
    const officeOf = new Map<string, string>();
    for (const o of offices) for (const k of [nameKey(o.name), o.code]) officeOf.set(k, o.id);
    type Existing = Cadre;
    const all = ctx.offices.listCadres({ ...viewer, role: 'hr' }, {}, ctx.today) as Existing[];
    // The register as stored: identity numbers in clear (compared here, never sent back).
    const raw = new Map(
      (
        sqlite.prepare('SELECT id, id_number, status FROM cadre WHERE deleted_at IS NULL').all() as { id: string; id_number: string | null; status: string }[]
      ).map((r) => [r.id, r]),
    );
    const byId = new Map<string, Existing>();
    const byNameBirth = new Map<string, Existing[]>();
    for (const c of all) {
      const idn = raw.get(c.id)?.id_number;
      if (idn) byId.set(idn, c);
      const k = `${nameKey(c.name)}|${c.birthDate}`;
      byNameBirth.set(k, [...(byNameBirth.get(k) ?? []), c]);
    }
    const ops: PlannedOp[] = [];
    const seen = new Map<string, number>();
    let creates = 0;
    let updates = 0;
    let unchanged = 0;
    for (const { n: row, values } of rows) {
      let errors = 0;
      const err = (field: string, code: string, params: Record<string, string | number> = {}) => (
        errors++,
        issue({ row, field, level: 'error', code, params })
      );
      const warn = (field: string, code: string, params: Record<string, string | number> = {}) => issue({ row, field, level: 'warning', code, params });
      const day = (f: string) => {
        const d = parseDay(values[f], { date1904: ctx.date1904, yearMonth: true });
        if (!d.ok) {
          err(f, 'date_bad', { value: values[f] ?? '' });
          return null;
        }
        return d.day;
      };
      const name = (values.name ?? '').trim();
      if (!name) err('name', 'name_missing');
      // The identity number: clear, masked (keep the stored one) or absent.
      const idText = (values.idNumber ?? '').trim().toUpperCase();
      const masked = idText.includes('*');
      const idv = idText && !masked ? checkIdNumber(idText) : null;
      if (idv && !idv.ok) err('idNumber', 'id_bad', { problem: idv.problem });
      // 出生年月 (1991.03) names no day: the identity number has it.
      // A year and month alone is the 1st of the month, unless the identity number names the day.
      const bd = parseDay(values.birthDate, { date1904: ctx.date1904, yearMonth: true });
      let birthDate = bd.ok ? bd.day : null;
      if (idv?.ok && (!birthDate || (bd.ok && bd.monthOnly && idv.birthDate.slice(0, 7) === birthDate.slice(0, 7)))) birthDate = idv.birthDate;
      if (!birthDate) err('birthDate', bd.ok ? 'birth_missing' : 'date_bad', { value: values.birthDate ?? '' });
      const g = (values.gender ?? '').trim();
      let gender = g === '男' || g.toUpperCase() === 'M' ? 'M' : g === '女' || g.toUpperCase() === 'F' ? 'F' : null;
      if (!gender && idv?.ok) gender = idv.gender;
      if (!gender) err('gender', g ? 'gender_bad' : 'gender_missing', { value: g });
      const officeText = (values.office ?? '').trim();
      const officeId = officeText ? (officeOf.get(nameKey(officeText)) ?? officeOf.get(officeText)) : stationBound(viewer) ? viewer.officeId : undefined;
      if (!officeId) err('office', officeText ? 'office_unknown' : 'office_missing', { value: officeText });
      if (officeId && stationBound(viewer) && officeId !== viewer.officeId) err('office', 'office_other', { value: officeText });
      const statusText = (values.status ?? '').trim();
      let status = statusText ? STATUS_WORDS[statusText.replace(/\s/g, '')] : 'active';
      if (!status) err('status', 'cadre_status_unknown', { value: statusText });
      const eduText = (values.education ?? '').trim();
      const education = eduText ? (EDUCATION.find(([re]) => re.test(eduText))?.[1] ?? null) : null;
      if (eduText && !education) err('education', 'education_unknown', { value: eduText });
      const polText = (values.politics ?? '').trim();
      const politics = polText ? (POLITICS.find(([re]) => re.test(polText))?.[1] ?? null) : null;
      if (polText && !politics) err('politics', 'politics_unknown', { value: polText });
      const sgfText = (values.sgf ?? '').trim();
      const sgfDay = sgfText && !/^(是|Y|YES|TRUE|√)$/i.test(sgfText) && !/^(否|N|NO|FALSE)$/i.test(sgfText) ? day('sgf') : null;
      const sgf = !!sgfText && !/^(否|N|NO|FALSE)$/i.test(sgfText);
      const dates = { workStart: day('workStart'), joinDate: day('joinDate'), leadershipStart: day('leadershipStart'), rankStart: day('rankStart') };
      if (errors) continue;

      // Which cadre this row is.
      let existing: Existing | undefined;
      if (idv?.ok) existing = byId.get(idv.id);
      if (!existing) {
        const cands = (byNameBirth.get(`${nameKey(name)}|${birthDate}`) ?? []).filter((c) => !idv?.ok || !raw.get(c.id)?.id_number);
        existing = cands.length === 1 ? cands[0] : cands.find((c) => c.officeId === officeId);
      }
      if (masked) {
        const stored = existing ? raw.get(existing.id)?.id_number : null;
        if (existing && (!stored || maskIdNumber(stored) !== idText)) {
          err('idNumber', 'id_mask_mismatch');
          continue;
        }
        if (!existing) warn('idNumber', 'id_masked_dropped');
      }
      if (idv?.ok && !personal && (!existing || raw.get(existing.id)?.id_number !== idv.id)) {
        err('idNumber', 'id_forbidden');
        continue;
      }
      if (existing && stationBound(viewer) && existing.officeId !== viewer.officeId) {
        err('office', 'office_other', { value: officeText });
        continue;
      }
      // The export shows 挂职 while a secondment lasts; the stored status stays 在岗.
      if (existing && status === 'secondment' && raw.get(existing.id)?.status === 'active' && existing.effectiveStatus === 'secondment') status = 'active';
      const key = existing?.id ?? (idv?.ok ? idv.id : `${nameKey(name)}|${birthDate}`);
      const first = seen.get(key);
      if (first !== undefined) {
        err('name', 'cadre_repeated', { first, value: name });
        continue;
      }
      seen.set(key, row);

      const file: Record<string, unknown> = {
        officeId,
        name,
        gender,
        birthDate,
        post: values.post?.trim() || null,
        status,
        phone: values.phone?.trim() || null,
        ...dates,
        education,
        politics,
        leadershipPost: values.leadershipPost?.trim() || null,
        rank: values.rank?.trim() || null,
        sgf,
        sgfDate: sgf ? sgfDay : null,
      };
      // Fields the file does not have keep their stored values.
      const base: Record<string, unknown> = existing
        ? { ...existing }
        : {
            post: null,
            phone: null,
            workStart: null,
            joinDate: null,
            education: null,
            politics: null,
            leadershipPost: null,
            leadershipStart: null,
            rank: null,
            rankStart: null,
            sgf: false,
            sgfDate: null,
            status: 'active',
          };
      const input: Record<string, unknown> = {};
      for (const k of COMPARED) input[k] = ctx.mappedFields.has(FIELD_OF[k]) || !existing ? (file[k] ?? base[k] ?? null) : base[k];
      if (existing && sgf && !sgfDay && existing.sgfDate) input.sgfDate = existing.sgfDate;
      if (idv?.ok && idv.id !== (existing ? raw.get(existing.id)?.id_number : undefined)) input.idNumber = idv.id;
      const parsed = RowSchema.safeParse(input);
      if (!parsed.success) {
        err(String(parsed.error.issues[0]?.path[0] ?? 'name'), 'bad_value', { value: String(parsed.error.issues[0]?.path[0] ?? '') });
        continue;
      }
      try {
        ctx.offices.cadreValues(
          viewer,
          parsed.data as never,
          existing ? ({ idNumber: raw.get(existing.id)?.id_number ?? null, id: existing.id } as never) : undefined,
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // The service's refusal is a reason key with parameters (fail): the renderer words it (errors.reasons).
        const d = (e.details ?? {}) as Record<string, unknown>;
        const params = Object.fromEntries(
          Object.entries(d).filter((kv): kv is [string, string | number] => typeof kv[1] === 'string' || typeof kv[1] === 'number'),
        );
        err(String(d.field ?? 'name'), 'rule', { ...params, message: e.message });
        continue;
      }
      if (!existing) {
        creates++;
        ops.push({ row, existingId: null, values: parsed.data });
        continue;
      }
      const changed =
        COMPARED.some((k) => (parsed.data[k] ?? null) !== ((existing as Record<string, unknown>)[k] ?? null)) || parsed.data.idNumber !== undefined;
      if (!changed) {
        unchanged++;
        continue;
      }
      updates++;
      ops.push({ row, existingId: existing.id, values: parsed.data });
    }
    return { ops, creates, updates, unchanged, unknownZones: new Map(), unknownGrids: new Map(), officeId: viewer.officeId };
  },

  commit(_plan, ops, c) {
    let created = 0;
    let updated = 0;
    for (const op of ops) {
      const input = op.values as never;
      if (op.existingId) {
        c.offices.updateCadre(c.viewer, op.existingId, input, c.ctx, c.today);
        updated++;
      } else {
        c.offices.createCadre(c.viewer, input, c.ctx, c.today);
        created++;
      }
      c.tick();
    }
    return { created, updated, unchanged: _plan.unchanged, zonesCreated: 0, gridsCreated: 0 };
  },
};
