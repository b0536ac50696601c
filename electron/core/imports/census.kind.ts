import { AppError } from '../../../shared/contract/errors';
import { nameKey } from '../../../shared/domain/import-values';
import { unlicensed } from '../schema';
import { assertOfficeWrite, scopeOffice } from '../services/zones/scope';
import type { KindImpl, PlannedOp } from './kinds';
import { createUnknownRefs, resolveRefs, stationRefs } from './refs';

// 无照底数: the entries of one census. An entry is the same entry when its name and address
// are (after full-width, spaces and separators are set aside), so the list's own export
// imports back with no change.

const FIELDS = [
  { key: 'name', aliases: ['名称', '商户名称', '店名', '经营户名称', '字号', '字号名称', '无照经营户名称', '经营户'], required: true },
  { key: 'address', aliases: ['地址', '经营地址', '经营场所', '住所'] },
  { key: 'operator', aliases: ['经营者', '负责人', '业主', '经营者姓名'] },
  { key: 'category', aliases: ['类别', '行业', '经营类别', '业态', '经营项目'] },
  { key: 'zone', aliases: ['责任区', '责任区编号', '所属责任区', '责任区名称'] },
  { key: 'grid', aliases: ['网格', '网格编号', '所属网格', '网格名称'] },
  { key: 'status', aliases: ['状态', '现状', '处置状态', '办照情况'] },
  { key: 'exemptReason', aliases: ['豁免依据', '豁免理由', '豁免原因'] },
  { key: 'note', aliases: ['备注', '说明'] },
] as const;

const STATUS: Record<string, 'unlicensed' | 'licensed' | 'banned' | 'exempt'> = {
  无照: 'unlicensed',
  无照经营: 'unlicensed',
  未办照: 'unlicensed',
  已办照: 'licensed',
  办照: 'licensed',
  已领照: 'licensed',
  已办证照: 'licensed',
  已取缔: 'banned',
  取缔: 'banned',
  已关停: 'banned',
  豁免: 'exempt',
  免于办照: 'exempt',
  UNLICENSED: 'unlicensed',
  LICENSED: 'licensed',
  BANNED: 'banned',
  EXEMPT: 'exempt',
};

const COLUMNS = ['name', 'address', 'operator', 'category', 'status', 'exemptReason', 'note', 'zoneId', 'gridId'] as const;
const SQL_COL: Record<(typeof COLUMNS)[number], string> = {
  name: 'name',
  address: 'address',
  operator: 'operator',
  category: 'category',
  status: 'status',
  exemptReason: 'exempt_reason',
  note: 'note',
  zoneId: 'zone_id',
  gridId: 'grid_id',
};
const FIELD_OF: Record<(typeof COLUMNS)[number], string> = {
  name: 'name',
  address: 'address',
  operator: 'operator',
  category: 'category',
  status: 'status',
  exemptReason: 'exemptReason',
  note: 'note',
  zoneId: 'zone',
  gridId: 'grid',
};

function censusOf(ctx: { sqlite: import('../db/open').Sqlite; target: { censusId?: string } }) {
  const c = ctx.target.censusId
    ? (ctx.sqlite.prepare('SELECT id, office_id FROM census WHERE id = ? AND deleted_at IS NULL').get(ctx.target.censusId) as
        { id: string; office_id: string } | undefined)
    : undefined;
  if (!c) throw new AppError('NOT_FOUND', 'no such census', { reason: 'census_gone' });
  return c;
}

export const censusKind: KindImpl = {
  name: 'census',
  fields: FIELDS,
  anchors: ['name'],

  checkTarget(ctx) {
    const c = censusOf(ctx);
    scopeOffice(ctx.viewer, c.office_id);
    assertOfficeWrite(ctx.viewer, c.office_id);
  },

  plan(rows, ctx, issue) {
    const c = censusOf(ctx);
    const { zoneOf, gridOf } = stationRefs(ctx.sqlite, c.office_id);
    const existing = new Map<string, Record<string, unknown>>();
    for (const e of ctx.sqlite.prepare('SELECT * FROM unlicensed WHERE census_id = ? AND deleted_at IS NULL').all(c.id) as Record<string, unknown>[]) {
      existing.set(`${nameKey(String(e.name))}|${nameKey(String(e.address ?? ''))}`, e);
    }
    const unknownZones = new Map<string, number>();
    const unknownGrids = new Map<string, number>();
    const byKey = new Map<string, PlannedOp>();
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
      const statusText = (values.status ?? '').trim();
      const status = statusText ? (STATUS[statusText.replace(/\s/g, '')] ?? STATUS[statusText.toUpperCase()]) : 'unlicensed';
      if (!status) err('status', 'census_status_unknown', { value: statusText });
      const exemptReason = values.exemptReason?.trim() || null;
      if (status === 'exempt' && !exemptReason) err('exemptReason', 'exempt_reason_missing');
      const lengths: [string, number][] = [
        ['address', 200],
        ['operator', 40],
        ['category', 40],
        ['exemptReason', 200],
        ['note', 200],
      ];
      for (const [f, max] of lengths) if ((values[f] ?? '').length > max) err(f, 'too_long', { max });
      let zoneId: string | null = null;
      let zoneText: string | undefined;
      if (values.zone) {
        zoneId = zoneOf(values.zone);
        if (!zoneId) {
          zoneText = values.zone.trim();
          unknownZones.set(zoneText, (unknownZones.get(zoneText) ?? 0) + 1);
          warn('zone', 'zone_unknown', { value: zoneText });
        }
      }
      let gridId: string | null = null;
      let gridText: string | undefined;
      if (values.grid) {
        gridId = gridOf(values.grid);
        if (!gridId) {
          gridText = values.grid.trim();
          unknownGrids.set(gridText, (unknownGrids.get(gridText) ?? 0) + 1);
          warn('grid', 'grid_unknown', { value: gridText });
        }
      }
      if (errors) continue;
      const v: Record<string, unknown> = {
        name,
        address: values.address?.trim() || null,
        operator: values.operator?.trim() || null,
        category: values.category?.trim() || null,
        status,
        exemptReason: status === 'exempt' ? exemptReason : null,
        note: values.note?.trim() || null,
        zoneId,
        gridId,
      };
      const key = `${nameKey(name)}|${nameKey(String(v.address ?? ''))}`;
      const prev = byKey.get(key);
      if (prev) {
        warn('name', 'entry_repeated', { first: prev.row, value: name });
        byKey.delete(key);
      }
      byKey.set(key, { row, existingId: null, values: v, zoneText, gridText });
    }
    const ops: PlannedOp[] = [];
    let creates = 0;
    let updates = 0;
    let unchanged = 0;
    for (const [key, op] of byKey) {
      const e = existing.get(key);
      if (!e) {
        creates++;
        ops.push(op);
        continue;
      }
      const patch: Record<string, unknown> = {};
      for (const k of COLUMNS) {
        if (!ctx.mappedFields.has(FIELD_OF[k]) && k !== 'exemptReason') continue;
        if ((k === 'zoneId' && op.zoneText) || (k === 'gridId' && op.gridText)) continue;
        if ((op.values[k] ?? null) !== (e[SQL_COL[k]] ?? null)) patch[k] = op.values[k];
      }
      if (!Object.keys(patch).length && !op.zoneText && !op.gridText) {
        unchanged++;
        continue;
      }
      updates++;
      ops.push({ ...op, existingId: e.id as string, values: patch });
    }
    return { ops, creates, updates, unchanged, unknownZones, unknownGrids, officeId: c.office_id, censusId: c.id };
  },

  commit(plan, ops, c) {
    assertOfficeWrite(c.viewer, plan.officeId);
    const census = censusOf({ sqlite: c.sqlite, target: { censusId: plan.censusId } });
    const made = createUnknownRefs(c, plan.officeId, ops);
    let created = 0;
    let updated = 0;
    for (const op of ops) {
      const values = resolveRefs(c, plan.officeId, op, made);
      if (op.existingId) {
        c.writer.update(unlicensed, op.existingId, values, c.ctx);
        updated++;
      } else {
        c.writer.create(unlicensed, { ...(values as { name: string }), officeId: plan.officeId, censusId: census.id }, c.ctx);
        created++;
      }
      c.tick();
    }
    return { created, updated, unchanged: plan.unchanged, zonesCreated: made.zones.size, gridsCreated: made.grids.size };
  },
};
