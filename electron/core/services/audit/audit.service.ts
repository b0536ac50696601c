import { createHash } from 'node:crypto';
import { MASK, maskIdNumber } from '../../../../shared/domain/mask';
import { tableSpec } from '../../../../shared/sync/manifest';
import type { Clock } from '../../clock';
import { isoAt } from '../../clock';
import type { Sqlite } from '../../db/open';

export interface Actor {
  id: string | null;
  name: string;
}

export interface AuditEntry {
  actor: Actor;
  method: string;
  entity: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

const GENESIS = '0'.repeat(64);

interface StoredRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  method: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

function rowHash(prev: string, r: Omit<StoredRow, 'seq' | 'prev_hash' | 'hash'>): string {
  const content = JSON.stringify([prev, r.at, r.actor_id, r.actor_name, r.method, r.entity, r.entity_id, r.before, r.after]);
  return createHash('sha256').update(content).digest('hex');
}

/** Personal fields never reach the audit log in clear (PIPL). */
export function maskPersonal(entity: string, values: Record<string, unknown> | null | undefined) {
  if (!values) return null;
  const personal = new Set<string>([...(tableSpec(entity)?.personal ?? []), 'password_hash', 'passwordHash']);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!personal.has(k)) out[k] = v;
    else out[k] = typeof v === 'string' && /id_number|idNumber/.test(k) ? maskIdNumber(v) : v == null ? v : MASK;
  }
  return out;
}

export function createAuditService(sqlite: Sqlite, clock: Clock) {
  const lastHash = sqlite.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_name, method, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @actor_id, @actor_name, @method, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
  );

  /** Append one entry. Call inside the transaction of the change it records. */
  function append(e: AuditEntry): void {
    const prev = lastHash.get()?.hash ?? GENESIS;
    const r = {
      at: isoAt(clock.now()),
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      method: e.method,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before ? JSON.stringify(maskPersonal(e.entity, e.before)) : null,
      after: e.after ? JSON.stringify(maskPersonal(e.entity, e.after)) : null,
    };
    insert.run({ ...r, prev_hash: prev, hash: rowHash(prev, r) });
  }

  /** Walk the chain; report the first row whose hash or link does not match. */
  function verify(): { ok: boolean; checked: number; firstBadSeq: number | null } {
    let prev = GENESIS;
    let checked = 0;
    for (const row of sqlite.prepare<[], StoredRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      checked++;
      if (row.prev_hash !== prev || rowHash(prev, row) !== row.hash) {
        return { ok: false, checked, firstBadSeq: row.seq };
      }
      prev = row.hash;
    }
    return { ok: true, checked, firstBadSeq: null };
  }

  return { append, verify };
}

export type AuditService = ReturnType<typeof createAuditService>;
