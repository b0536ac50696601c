import type { AuditRow } from '../../../../shared/contract/admin';
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

export function listAudit(sqlite: Sqlite, f: AuditFilter): { rows: AuditRow[]; total: number } {
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
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM audit_log ${w}`).get(args) as { n: number }).n;
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
  return {
    total,
    rows: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      method: r.method,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
    })),
  };
}
