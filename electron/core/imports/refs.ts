import { AppError } from '../../../shared/contract/errors';
import { normalizeCode } from '../../../shared/domain/credit-code';
import { nameKey } from '../../../shared/domain/import-values';
import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../db/open';
import { grid, zone } from '../schema';
import type { CommitCtx, PlannedOp } from './kinds';

// Zones and grids named in a file, matched by code or by name, and the unknown ones created
// or left unassigned at commit.

interface Ref {
  id: string;
  keys: string[];
}

function refIndex(refs: Ref[]) {
  const exact = new Map<string, string | null>();
  for (const r of refs) for (const k of r.keys) if (k) exact.set(k, exact.has(k) && exact.get(k) !== r.id ? null : r.id);
  return (text: string): string | null => {
    const k = nameKey(text);
    const hit = exact.get(k) ?? exact.get(normalizeCode(text));
    if (hit) return hit;
    // A longer name that ends with one known name: the county and township written in front
    // (瓯海-南白象-08网格 finds 南白象08网格 or 08网格).
    const ends = refs.filter((r) => r.keys.some((key) => key.length >= 3 && k.endsWith(key)));
    return ends.length === 1 ? ends[0]!.id : null;
  };
}

export function stationRefs(sqlite: Sqlite, officeId: string) {
  const zones = sqlite.prepare("SELECT id, code, name FROM zone WHERE office_id = ? AND status = 'active' AND deleted_at IS NULL").all(officeId) as {
    id: string;
    code: string;
    name: string;
  }[];
  const grids = sqlite.prepare('SELECT id, code, name, township FROM grid WHERE office_id = ? AND deleted_at IS NULL').all(officeId) as {
    id: string;
    code: string;
    name: string;
    township: string;
  }[];
  return {
    zoneOf: refIndex(zones.map((z) => ({ id: z.id, keys: [normalizeCode(z.code), nameKey(z.name)] }))),
    gridOf: refIndex(grids.map((g) => ({ id: g.id, keys: [normalizeCode(g.code), nameKey(g.name), nameKey(g.township + g.name)] }))),
  };
}

export type MadeRefs = { zones: Map<string, string>; grids: Map<string, string> };

/** With "create", each unknown zone and grid becomes one new row of the station. */
export function createUnknownRefs(c: CommitCtx, officeId: string, ops: PlannedOp[]): MadeRefs {
  const made: MadeRefs = { zones: new Map(), grids: new Map() };
  if (c.unknownRefs !== 'create') return made;
  let n = (c.sqlite.prepare("SELECT count(*) n FROM zone WHERE office_id = ? AND code LIKE 'IMP-%'").get(officeId) as { n: number }).n;
  for (const text of new Set(ops.map((o) => o.zoneText).filter((t): t is string => !!t))) {
    const code = text.length <= 20 ? text : `IMP-${String(++n).padStart(3, '0')}`;
    made.zones.set(text, c.writer.create(zone, { officeId, code, name: text.slice(0, 60), riskLevel: 'medium', status: 'active' }, c.ctx).id);
  }
  for (const text of new Set(ops.map((o) => o.gridText).filter((t): t is string => !!t))) {
    const parts = text.split(/[-—_·/]/).filter(Boolean);
    const township = (parts.length >= 2 ? parts[parts.length - 2]! : (parts[0] ?? text)).slice(0, 40);
    made.grids.set(text, c.writer.create(grid, { officeId, township, code: text.slice(0, 30), name: text.slice(0, 60) }, c.ctx).id);
  }
  return made;
}

const checkCache = new WeakMap<Sqlite, { zoneOk: Statement; gridOk: Statement }>();
function checks(sqlite: Sqlite) {
  let c = checkCache.get(sqlite);
  if (!c) {
    c = {
      zoneOk: sqlite.prepare("SELECT 1 FROM zone WHERE id = ? AND office_id = ? AND status = 'active' AND deleted_at IS NULL"),
      gridOk: sqlite.prepare('SELECT 1 FROM grid WHERE id = ? AND office_id = ? AND deleted_at IS NULL'),
    };
    checkCache.set(sqlite, c);
  }
  return c;
}

/** The op's values with its zone and grid ids decided; an unknown one on an existing row is left as it is. */
export function resolveRefs(c: CommitCtx, officeId: string, op: PlannedOp, made: MadeRefs): Record<string, unknown> {
  const values = { ...op.values };
  if (op.zoneText) {
    const id = made.zones.get(op.zoneText);
    if (id) values.zoneId = id;
    else if (!op.existingId) values.zoneId = null;
  }
  if (op.gridText) {
    const id = made.grids.get(op.gridText);
    if (id) values.gridId = id;
    else if (!op.existingId) values.gridId = null;
  }
  const { zoneOk, gridOk } = checks(c.sqlite);
  for (const [k, stmt] of [
    ['zoneId', zoneOk],
    ['gridId', gridOk],
  ] as const) {
    const id = values[k] as string | null | undefined;
    if (id && !stmt.get(id, officeId)) throw new AppError('RULE_VIOLATION', `row ${op.row}: its zone or grid changed`, { row: op.row, reason: 'ref_changed' });
  }
  return values;
}
