import type { AuditRow } from '../../../../shared/contract/audit';
import type { Sqlite } from '../../db/open';

export interface AuditFilter {
  entity?: string;
  method?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

// How an entity reads in the log: its name, not its id.
const NAME_SQL: Record<string, string> = {
  office: 'name',
  cadre: 'name',
  zone: "code || ' ' || name",
  grid: 'name',
  business: 'name',
  census: 'name',
  app_user: "display_name || ' (' || username || ')'",
  training_plan: 'title',
  training_course: 'title',
  setting_version: "key || ' v' || version",
};
// Tables whose rows belong to a cadre read as that cadre's name.
const BY_CADRE = [
  'career_plan',
  'post_commitment',
  'declaration',
  'internship',
  'secondment',
  'mentoring',
  'appraisal',
  'merit',
  'rank_record',
  'supervisor',
  'second_line_event',
  'training_enrolment',
  'education_record',
  'zone_assignment',
];
/** A column holding an id, and the table it points into. */
const REF_TABLE: Record<string, string> = {
  office_id: 'office',
  parent_id: 'office',
  cadre_id: 'cadre',
  mentor_id: 'cadre',
  zone_id: 'zone',
  grid_id: 'grid',
  business_id: 'business',
  census_id: 'census',
  plan_id: 'training_plan',
  course_id: 'training_course',
  user_id: 'app_user',
  actor_id: 'app_user',
  officeId: 'office',
  cadreId: 'cadre',
};

function nameOf(sqlite: Sqlite, table: string, id: string): string | null {
  try {
    if (NAME_SQL[table]) return (sqlite.prepare(`SELECT ${NAME_SQL[table]} AS n FROM "${table}" WHERE id = ?`).get(id) as { n: string } | undefined)?.n ?? null;
    if (BY_CADRE.includes(table))
      return (
        (sqlite.prepare(`SELECT c.name AS n FROM "${table}" x JOIN cadre c ON c.id = x.cadre_id WHERE x.id = ?`).get(id) as { n: string } | undefined)?.n ??
        null
      );
  } catch {
    // A table this version does not know (an op from a newer desktop): no name.
  }
  return null;
}

/**
 * The log's pages. The log is append-only, so a filter's total is counted once and afterwards
 * only over the rows appended since (a range of seq): no page counts the whole log again.
 */
export function createAuditList(sqlite: Sqlite) {
  const totals = new Map<string, { total: number; seq: number }>();
  const lastSeq = sqlite.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_log');
  const TOTALS_KEPT = 32;

  function total(w: string, args: Record<string, unknown>): number {
    const key = JSON.stringify([w, args]);
    const seq = lastSeq.get()?.seq ?? 0;
    const hit = totals.get(key);
    let n: number;
    if (hit && hit.seq <= seq) {
      n =
        hit.total +
        (sqlite.prepare(`SELECT count(*) AS n FROM audit_log ${w ? `${w} AND` : 'WHERE'} seq > @__seq`).get({ ...args, __seq: hit.seq }) as { n: number }).n;
    } else {
      n = (sqlite.prepare(`SELECT count(*) AS n FROM audit_log ${w}`).get(args) as { n: number }).n;
    }
    totals.delete(key);
    if (totals.size >= TOTALS_KEPT) totals.delete(totals.keys().next().value!);
    totals.set(key, { total: n, seq });
    return n;
  }

  return function listAudit(f: AuditFilter): { rows: AuditRow[]; total: number; names: Record<string, string> } {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    const add = (clause: string, key: string, value: unknown) => {
      where.push(clause);
      args[key] = value;
    };
    if (f.entity) add('entity = @entity', 'entity', f.entity);
    if (f.method) add('method LIKE @method', 'method', `%${f.method}%`);
    if (f.actor) add('actor_name LIKE @actor', 'actor', `%${f.actor}%`);
    if (f.from) add('at >= @from', 'from', f.from);
    if (f.to) add('at < @to', 'to', `${f.to}T99`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = sqlite
      .prepare(`SELECT seq, at, actor_name, method, entity, entity_id, before, after FROM audit_log ${w} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...args, limit: f.limit, offset: f.offset }) as {
      seq: number;
      at: string;
      actor_name: string | null;
      method: string;
      entity: string;
      entity_id: string | null;
      before: string | null;
      after: string | null;
    }[];
    const names: Record<string, string> = {};
    const name = (table: string, id: unknown) => {
      if (typeof id !== 'string' || id in names) return;
      const n = nameOf(sqlite, table, id);
      if (n !== null) names[id] = n;
    };
    const out = rows.map((r) => {
      const before = r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null;
      const after = r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null;
      for (const values of [before, after]) for (const [k, v] of Object.entries(values ?? {})) if (REF_TABLE[k]) name(REF_TABLE[k], v);
      if (r.entity_id) name(r.entity, r.entity_id);
      return {
        seq: r.seq,
        at: r.at,
        actorName: r.actor_name,
        method: r.method,
        entity: r.entity,
        entityId: r.entity_id,
        entityName: r.entity_id ? (names[r.entity_id] ?? null) : null,
        before,
        after,
      };
    });
    return { total: total(w, args), rows: out, names };
  };
}
