import { AppError } from '../../../shared/contract/errors';
import { checkCreditCode, normalizeCode } from '../../../shared/domain/credit-code';
import { mapBusinessStatus, nameKey, parseDay, splitCodeCell } from '../../../shared/domain/import-values';
import { business } from '../schema';
import { createUnknownRefs, resolveRefs, stationRefs, type MadeRefs } from './refs';
import { assertOfficeWrite, stationBound } from '../services/zones/scope';
import type { KindImpl, Plan, PlannedOp } from './kinds';

// 市场主体: the registry's export (市场主体名录), the app's own export and its template.

const FIELDS = [
  {
    key: 'code',
    aliases: [
      '统一社会信用代码（注册号）',
      '统一社会信用代码/注册号',
      '统一社会信用代码或注册号',
      '信用代码/注册号',
      '注册号/统一社会信用代码',
      '统一代码/注册号',
      '代码',
    ],
  },
  { key: 'creditCode', aliases: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码', '统一社会信用代码号'] },
  { key: 'regNo', aliases: ['注册号', '原注册号', '工商注册号', '营业执照注册号'] },
  {
    key: 'name',
    aliases: ['企业名称', '名称', '主体名称', '市场主体名称', '个体户名称', '个体工商户名称', '字号名称', '企业（机构）名称', '单位名称', '商户名称'],
    required: true,
  },
  { key: 'type', aliases: ['类型', '主体类型', '企业类型', '市场主体类型', '企业类型名称', '组织形式'] },
  { key: 'address', aliases: ['住所', '地址', '经营场所', '住所（经营场所）', '住所经营场所', '经营地址', '注册地址', '登记地址', '住所/经营场所'] },
  {
    key: 'legalRep',
    aliases: [
      '法定代表人',
      '负责人',
      '经营者',
      '法定代表人（负责人）',
      '法定代表人负责人',
      '法定代表人/负责人',
      '法定代表人姓名',
      '投资人',
      '执行事务合伙人',
      '经营者姓名',
    ],
  },
  { key: 'phone', aliases: ['联系电话', '电话', '手机', '联系方式', '手机号码'] },
  { key: 'food', aliases: ['食品经营', '是否食品经营', '食品经营户', '是否食品', '食品经营(是/否)'] },
  { key: 'riskLevel', aliases: ['风险等级', '风险', '风险等级(低/中/高)'] },
  { key: 'status', aliases: ['登记状态', '状态', '经营状态', '企业状态', '主体状态'] },
  { key: 'foundedOn', aliases: ['成立日期', '成立时间', '注册日期', '开业日期', '设立日期', '登记日期'] },
  { key: 'zone', aliases: ['责任区', '责任区编号', '所属责任区', '责任区名称'] },
  { key: 'grid', aliases: ['网格', '网格编号', '所属网格', '网格名称'] },
  // The station: the county-wide export writes it; a file for one station may leave it out.
  { key: 'office', aliases: ['所属单位', '所属工商所', '工商所', '所属市场监管所', '市场监管所', '监管所', '所属所', '所属单位编码'] },
] as const;

const YES = ['是', 'Y', 'YES', '1', '√', 'TRUE', '食品'];
const NO = ['否', 'N', 'NO', '0', '×', 'FALSE', ''];
const RISK: Record<string, 'low' | 'medium' | 'high'> = {
  低: 'low',
  一般: 'low',
  中: 'medium',
  较高: 'medium',
  高: 'high',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
};

/** Columns written to the business row (JS keys of the drizzle table) and the file fields that feed them. */
const COLUMN_OF: Record<string, string[]> = {
  name: ['name'],
  type: ['type'],
  address: ['address'],
  legalRep: ['legalRep'],
  phone: ['phone'],
  food: ['food'],
  riskLevel: ['riskLevel'],
  status: ['status', 'statusText'],
  foundedOn: ['foundedOn'],
  zone: ['zoneId'],
  grid: ['gridId'],
};

export const businessesKind: KindImpl = {
  name: 'businesses',
  fields: FIELDS,
  anchors: ['name'],

  checkTarget(ctx) {
    const officeId = ctx.target.officeId;
    // No station chosen: each row's 所属单位 says (a station role's rows default to its own).
    if (!officeId) return;
    if (stationBound(ctx.viewer) && officeId !== ctx.viewer.officeId)
      throw new AppError('FORBIDDEN', 'imports go to the own station only', { reason: 'import_own_station' });
    const o = ctx.sqlite.prepare("SELECT 1 FROM office WHERE id = ? AND kind = 'station' AND deleted_at IS NULL").get(officeId);
    if (!o) throw new AppError('BAD_INPUT', 'no station chosen for the import', { field: 'officeId', reason: 'import_office_required' });
  },

  plan(rows, ctx, issue) {
    const fixed = ctx.target.officeId;
    const { sqlite, viewer } = ctx;
    // Stations by name, or by code where the code is one station's only.
    const stations = ctx.offices.list(false).filter((o) => o.kind === 'station');
    const stationIndex = new Map<string, string | null>();
    const index = (k: string, id: string) => k && stationIndex.set(k, stationIndex.has(k) && stationIndex.get(k) !== id ? null : id);
    for (const o of stations) index(`N:${nameKey(o.name)}`, o.id);
    for (const o of stations) if (o.code) index(`C:${o.code.trim().toUpperCase()}`, o.id);
    const stationOf = (text: string) => stationIndex.get(`N:${nameKey(text)}`) ?? stationIndex.get(`C:${text.trim().toUpperCase()}`) ?? null;
    const stationName = (id: string) => stations.find((o) => o.id === id)?.name ?? '';
    const refsCache = new Map<string, ReturnType<typeof stationRefs>>();
    const refsOf = (id: string) => {
      let r = refsCache.get(id);
      if (!r) refsCache.set(id, (r = stationRefs(sqlite, id)));
      return r;
    };
    const byCredit = sqlite.prepare('SELECT * FROM business WHERE credit_code = ? AND deleted_at IS NULL LIMIT 1');
    const zonesOfGrid = sqlite.prepare<[string], { id: string }>(
      "SELECT DISTINCT z.id FROM zone_grid zg JOIN zone z ON z.id = zg.zone_id AND z.status = 'active' AND z.deleted_at IS NULL WHERE zg.grid_id = ? AND zg.deleted_at IS NULL LIMIT 2",
    );
    const byRegNo = sqlite.prepare('SELECT * FROM business WHERE reg_no = ? AND deleted_at IS NULL ORDER BY credit_code IS NULL DESC LIMIT 1');

    const unknownZones = new Map<string, number>();
    const unknownGrids = new Map<string, number>();
    const byKey = new Map<string, PlannedOp>();
    const regNoRow = new Map<string, number>();
    const mapped = ctx.mappedFields;

    for (const { n: row, values } of rows) {
      let errors = 0;
      const err = (field: string, code: string, params: Record<string, string | number> = {}) => (
        errors++,
        issue({ row, field, level: 'error', code, params })
      );
      const warn = (field: string, code: string, params: Record<string, string | number> = {}) => issue({ row, field, level: 'warning', code, params });

      const name = (values.name ?? '').trim();
      if (!name) err('name', 'name_missing');
      else if (name.length > 120) err('name', 'name_too_long', { max: 120 });

      let creditCode: string | null = null;
      let creditCheckFailed = false;
      let regNo: string | null = null;
      for (const f of ['code', 'creditCode', 'regNo'] as const) {
        const raw = values[f];
        if (!raw) continue;
        const s = splitCodeCell(raw);
        if (s.kind === 'regNo') {
          if (!regNo) regNo = s.code;
        } else if (s.kind === 'credit' || f === 'creditCode') {
          const v = checkCreditCode(s.code);
          if (!v.ok) err(f, 'credit_malformed', { value: v.code, problem: v.problem });
          else {
            creditCode = v.code;
            if (v.checkFailed) {
              creditCheckFailed = true;
              warn(f, 'credit_check', { value: v.code, expected: v.expected });
            }
          }
        } else err(f, f === 'regNo' ? 'regno_malformed' : 'code_malformed', { value: s.code });
      }
      if (!creditCode && !regNo && !values.code && !values.creditCode && !values.regNo) err('creditCode', 'code_missing');

      const foodText = normalizeCode(values.food ?? '');
      const food = YES.includes(foodText) ? true : NO.includes(foodText) ? false : null;
      if (food === null) err('food', 'food_unknown', { value: values.food ?? '' });
      const riskText = normalizeCode(values.riskLevel ?? '').replace('风险', '');
      const riskLevel = riskText ? RISK[riskText] : 'low';
      if (!riskLevel) err('riskLevel', 'risk_unknown', { value: values.riskLevel ?? '' });
      const status = mapBusinessStatus(values.status);
      if (!status) err('status', 'status_unknown', { value: values.status ?? '' });
      const founded = parseDay(values.foundedOn, { date1904: ctx.date1904 });
      if (!founded.ok) err('foundedOn', 'date_bad', { value: values.foundedOn ?? '' });

      // The row's station: the chosen one, or the one its 所属单位 names.
      let officeId: string | undefined = fixed;
      const officeText = values.office?.trim() ?? '';
      if (officeText) {
        const named = stationOf(officeText);
        if (named && fixed && named !== fixed) err('office', 'station_other', { value: officeText, target: stationName(fixed) });
        else if (named && stationBound(viewer) && named !== viewer.officeId) err('office', 'station_forbidden', { value: officeText });
        else if (named) officeId = named;
        // Into a chosen station, a registry's own wording for it (南白象市场监管所) does not block the row.
        else if (fixed) warn('office', 'station_unknown_ignored', { value: officeText, target: stationName(fixed) });
        else err('office', 'station_unknown', { value: officeText });
      } else if (!fixed) {
        if (stationBound(viewer)) officeId = viewer.officeId;
        else err('office', 'station_missing');
      }
      const { zoneOf, gridOf } = officeId ? refsOf(officeId) : { zoneOf: () => null, gridOf: () => null };

      let zoneId: string | null | undefined = null;
      let zoneText: string | undefined;
      if (values.zone && officeId) {
        zoneId = zoneOf(values.zone);
        if (!zoneId) {
          zoneText = values.zone.trim();
          unknownZones.set(zoneText, (unknownZones.get(zoneText) ?? 0) + 1);
          warn('zone', 'zone_unknown', { value: zoneText });
        }
      }
      let gridId: string | null | undefined = null;
      let gridText: string | undefined;
      if (values.grid && officeId) {
        gridId = gridOf(values.grid);
        if (!gridId) {
          gridText = values.grid.trim();
          unknownGrids.set(gridText, (unknownGrids.get(gridText) ?? 0) + 1);
          warn('grid', 'grid_unknown', { value: gridText });
        }
      }
      // A row that names its grid but no zone (a township's grid list): the zone is the grid's, when
      // the grid lies in exactly one; otherwise the row stays without a zone, and says so.
      let zoneFromGrid = false;
      if (gridId && !values.zone?.trim()) {
        const zs = zonesOfGrid.all(gridId);
        if (zs.length === 1) {
          zoneId = zs[0]!.id;
          zoneFromGrid = true;
        } else warn('zone', zs.length ? 'grid_zones_many' : 'grid_no_zone', { value: values.grid!.trim() });
      }
      if (errors) continue;

      // A repeated 注册号 under different credit codes is worth a look, but both rows stand.
      if (regNo) {
        const first = regNoRow.get(regNo);
        if (first !== undefined && creditCode) warn('regNo', 'regno_repeated', { first, value: regNo });
        else regNoRow.set(regNo, row);
      }

      const values2: Record<string, unknown> = {
        creditCode,
        creditCheckFailed,
        regNo,
        name,
        type: values.type?.trim() || null,
        address: values.address?.trim() || null,
        legalRep: values.legalRep?.trim() || null,
        phone: values.phone?.trim() || null,
        food: !!food,
        riskLevel,
        status: status!.status,
        statusText: status!.text,
        foundedOn: founded.ok ? founded.day : null,
        zoneId: zoneId ?? null,
        gridId: gridId ?? null,
      };
      const key = creditCode ? `C:${creditCode}` : `R:${regNo}`;
      const prev = byKey.get(key);
      if (prev) {
        // A repeated code in one file is one business: the later row (a rename) wins.
        warn(creditCode ? 'creditCode' : 'regNo', 'code_repeated', { first: prev.row, value: creditCode ?? regNo ?? '' });
        byKey.delete(key);
      }
      byKey.set(key, { row, existingId: null, values: values2, zoneText, gridText, officeId: officeId!, ...(zoneFromGrid ? { zoneFromGrid } : {}) });
    }

    // Against the register: update by credit code (or by 注册号 for a business registered before codes).
    const ops: PlannedOp[] = [];
    let creates = 0;
    let updates = 0;
    let unchanged = 0;
    for (const op of byKey.values()) {
      const v = op.values;
      const existing = ((v.creditCode ? byCredit.get(v.creditCode) : undefined) ?? (v.regNo ? byRegNo.get(v.regNo) : undefined)) as
        Record<string, unknown> | undefined;
      if (!existing) {
        creates++;
        ops.push(op);
        continue;
      }
      if (existing.office_id !== op.officeId) {
        issue({
          row: op.row,
          field: v.creditCode ? 'creditCode' : 'regNo',
          level: 'error',
          code: 'other_office',
          params: { value: String(v.creditCode ?? v.regNo) },
        });
        continue;
      }
      // Only the columns the file has: a file without a zone column leaves zones as they are.
      const patch: Record<string, unknown> = {};
      const take = (k: string, col: string) => {
        if (v[k] !== (existing[col] ?? null)) patch[k] = v[k];
      };
      if (v.creditCode) {
        take('creditCode', 'credit_code');
        if (!!existing.credit_check_failed !== v.creditCheckFailed) patch.creditCheckFailed = v.creditCheckFailed;
      }
      if (v.regNo) take('regNo', 'reg_no');
      for (const [f, keys] of Object.entries(COLUMN_OF)) {
        if (!mapped.has(f)) continue;
        for (const k of keys) {
          const col = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
          let cur = existing[col] ?? null;
          if (k === 'food') cur = !!cur;
          if (k === 'zoneId' && op.zoneText) continue; // unknown zone: decided at commit, never cleared
          if (k === 'gridId' && op.gridText) continue;
          if (v[k] !== cur) patch[k] = v[k];
        }
      }
      if (op.zoneFromGrid && !existing.zone_id && !mapped.has('zone')) patch.zoneId = v.zoneId;
      if (Object.keys(patch).length === 0) {
        unchanged++;
        if (op.zoneText || op.gridText) ops.push({ ...op, existingId: existing.id as string, values: patch, refOnly: true });
        continue;
      }
      updates++;
      ops.push({ ...op, existingId: existing.id as string, values: patch });
    }
    return { ops, creates, updates, unchanged, unknownZones, unknownGrids, officeId: fixed ?? '' };
  },

  commit(plan: Plan, ops, c) {
    const { sqlite, writer, ctx } = c;
    // Per station: the right to write there, and the unknown zones and grids it gets.
    const officeOf = (op: PlannedOp) => op.officeId ?? plan.officeId;
    const madeBy = new Map<string, MadeRefs>();
    for (const office of new Set(ops.map(officeOf))) {
      assertOfficeWrite(c.viewer, office);
      madeBy.set(
        office,
        createUnknownRefs(
          c,
          office,
          ops.filter((o) => officeOf(o) === office),
        ),
      );
    }
    const byCredit = sqlite.prepare('SELECT id FROM business WHERE credit_code = ? AND deleted_at IS NULL LIMIT 1');
    let created = 0;
    let updated = 0;
    let unchanged = plan.unchanged;
    for (const op of ops) {
      const office = officeOf(op);
      const values = resolveRefs(c, office, op, madeBy.get(office)!);
      // An existing row whose only difference was an unknown zone or grid, left unassigned: no change
      // (the plan counted it unchanged already); with the zone or grid created, an update.
      if (op.existingId && Object.keys(values).length === 0) {
        if (!op.refOnly) unchanged++;
        c.tick();
        continue;
      }
      if (op.refOnly) unchanged--;
      // Someone may have registered the same code since the preview: it becomes an update.
      const existingId = op.existingId ?? (values.creditCode ? (byCredit.get(values.creditCode) as { id: string } | undefined)?.id : undefined);
      if (existingId) {
        writer.update(business, existingId, values, ctx);
        updated++;
      } else {
        writer.create(business, { ...(values as object), officeId: office } as Parameters<typeof writer.create<typeof business>>[1], ctx);
        created++;
      }
      c.tick();
    }
    const sum = (k: 'zones' | 'grids') => [...madeBy.values()].reduce((n, m) => n + m[k].size, 0);
    return { created, updated, unchanged, zonesCreated: sum('zones'), gridsCreated: sum('grids') };
  },
};
