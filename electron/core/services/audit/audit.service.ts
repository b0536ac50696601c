import { createHash, createHmac, randomBytes } from 'node:crypto';
import { tableSpec } from '../../../../shared/sync/manifest';
import type { Clock } from '../../clock';
import { isoAt } from '../../clock';
import type { Sqlite } from '../../db/open';
import type { AuditAnchor } from '../../keystore';
import { createAuditList } from './audit.repo';
import type { AuditLink } from '../../../../shared/sync/protocol';

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
  /** `JSON.stringify(after)` when the caller has it already (the write path has, for the outbox): used when nothing in `after` is personal. */
  afterJson?: string;
}

const GENESIS = '0'.repeat(64);
const ARCHIVED_KEY = 'audit.archived';

/** An earlier head of the chain, kept outside the table. */
export interface Anchor extends AuditAnchor {
  source: 'keystore' | 'backup' | 'hub';
}

export interface AuditVerdict {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  problem: 'edited' | 'deleted' | 'truncated' | null;
  lastAnchoredSeq: number | null;
  anchors: { source: Anchor['source']; seq: number }[];
  archivedThrough: number | null;
}

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

/**
 * Personal fields (the sync manifest's `personal` columns, and password hashes) never reach the
 * audit log in clear (PIPL): only a keyed hash of the value, so an auditor holding a value can
 * check it against the log, but the log alone tells nothing. The key is per installation.
 */
const personalSets = new Map<string, Set<string>>();
export function hashPersonal(entity: string, values: Record<string, unknown> | null | undefined, key: Buffer) {
  if (!values) return null;
  let personal = personalSets.get(entity);
  if (!personal) personalSets.set(entity, (personal = new Set<string>([...(tableSpec(entity)?.personal ?? []), 'password_hash'])));
  // Most entries hold nothing personal: the values go as they are (a bulk import writes 100k of them).
  if (!Object.keys(values).some((k) => personal.has(k))) return values;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = !personal.has(k) || v === null || v === undefined ? v : `hmac:${createHmac('sha256', key).update(JSON.stringify(v)).digest('hex').slice(0, 32)}`;
  }
  return out;
}

/**
 * `ownsChain`: this connection is the only writer for its lifetime (the import worker's, built
 * for one commit under the write lock), so the chain's head is kept in memory, not read per entry.
 */
export function createAuditService(sqlite: Sqlite, clock: Clock, opts: { ownsChain?: boolean } = {}) {
  const keyRow = sqlite.prepare<[], { value: string }>("SELECT value FROM local_meta WHERE key = 'audit_personal_key'");
  let key = keyRow.get()?.value;
  if (!key) {
    key = randomBytes(32).toString('hex');
    sqlite.prepare("INSERT INTO local_meta(key, value) VALUES ('audit_personal_key', ?)").run(key);
  }
  const personalKey = Buffer.from(key, 'hex');
  const lastHash = sqlite.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_name, method, entity, entity_id, before, after, prev_hash, hash)
     VALUES (@at, @actor_id, @actor_name, @method, @entity, @entity_id, @before, @after, @prev_hash, @hash)`,
  );

  /** Append one entry. Call inside the transaction of the change it records. */
  let head: string | null = null;
  const archivedHash = sqlite.prepare<[], { value: string }>(`SELECT value FROM local_meta WHERE key = '${ARCHIVED_KEY}'`);
  const jsonOf = (entity: string, values: Record<string, unknown>, given: string | undefined) => {
    const kept = hashPersonal(entity, values, personalKey);
    return given !== undefined && kept === values ? given : JSON.stringify(kept);
  };
  function append(e: AuditEntry): void {
    // With every row archived the chain goes on from the archive's last row, not from zeros.
    const prev =
      (opts.ownsChain ? head : null) ??
      lastHash.get()?.hash ??
      (archivedHash.get() ? (JSON.parse(archivedHash.get()!.value) as { hash: string }).hash : null) ??
      GENESIS;
    const r = {
      at: isoAt(clock.now()),
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      method: e.method,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before ? JSON.stringify(hashPersonal(e.entity, e.before, personalKey)) : null,
      after: e.after ? jsonOf(e.entity, e.after, e.afterJson) : null,
    };
    const hash = rowHash(prev, r);
    insert.run({ ...r, prev_hash: prev, hash });
    head = hash;
  }

  const headRow = sqlite.prepare<[], AuditAnchor>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const hashAtRow = sqlite.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?');
  const metaGet = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const metaPut = sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const archivedMarker = (): { throughSeq: number; hash: string } | null => {
    const v = metaGet.get(ARCHIVED_KEY)?.value;
    return v ? (JSON.parse(v) as { throughSeq: number; hash: string }) : null;
  };

  /**
   * Walk the chain against its anchors (the key store, the backups, the hub: each an earlier head
   * kept outside this table). An edited row breaks its hash; a deleted one the next row's link; a
   * truncation leaves the chain shorter than an anchor; a chain rewritten whole disagrees with the
   * anchor's hash. The report names the last anchored row.
   */
  function verify(anchors: readonly Anchor[] = [], archived: { throughSeq: number; hash: string } | null = null): AuditVerdict {
    const marker = archivedMarker();
    const through = marker ?? archived;
    const best = anchors.reduce<Anchor | null>((m, a) => (!m || a.seq > m.seq ? a : m), null);
    const bySeq = new Map<number, Anchor[]>();
    for (const a of anchors) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
    let prev = through?.hash ?? GENESIS;
    let expectSeq = (through?.throughSeq ?? 0) + 1;
    let checked = 0;
    const verdict = (problem: AuditVerdict['problem'], firstBadSeq: number | null): AuditVerdict => ({
      ok: problem === null,
      checked,
      firstBadSeq,
      problem,
      lastAnchoredSeq: best?.seq ?? null,
      anchors: anchors.map((a) => ({ source: a.source, seq: a.seq })),
      archivedThrough: through?.throughSeq ?? null,
    });
    // The key store's archive marker and the table's must agree: rows cut from the front are not archived rows.
    if (marker && archived && (marker.throughSeq !== archived.throughSeq || marker.hash !== archived.hash))
      return verdict('deleted', Math.min(marker.throughSeq, archived.throughSeq) + 1);
    for (const row of sqlite.prepare<[], StoredRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      checked++;
      if (rowHash(row.prev_hash, row) !== row.hash) return verdict('edited', row.seq);
      if (row.prev_hash !== prev) return verdict('deleted', row.seq);
      // A gap in the numbers over an intact link. An anchor inside the gap: the rows from it were
      // cut from the end, and new ones written after them (truncated). None there: rows were cut
      // from the middle and the ones after relinked (deleted).
      if (row.seq !== expectSeq) return verdict(anchors.some((a) => a.seq >= expectSeq && a.seq < row.seq) ? 'truncated' : 'deleted', expectSeq);
      for (const a of bySeq.get(row.seq) ?? []) if (a.hash !== row.hash) return verdict('edited', row.seq);
      prev = row.hash;
      expectSeq = row.seq + 1;
    }
    if (best && best.seq >= expectSeq) return verdict('truncated', expectSeq);
    return verdict(null, null);
  }

  /**
   * The archived prefix, walked in the archive database (attached by the caller as `archive`):
   * every row from the first through the marker's, each linked to the one before, the last one
   * the marker's. A missing or short archive, or an edited archived row, is reported like the
   * same damage in the table.
   */
  function verifyArchive(
    marker: { throughSeq: number; hash: string },
    floor: { throughSeq: number; hash: string } | null = null,
  ): { problem: 'edited' | 'deleted'; firstBadSeq: number } | null {
    // `floor`: rows up to it are archived on another installation (a restored backup's), not here.
    const from = floor?.throughSeq ?? 0;
    const has = sqlite.prepare("SELECT 1 FROM archive.sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!has) return { problem: 'deleted', firstBadSeq: from + 1 };
    let prev = floor?.hash ?? GENESIS;
    let expectSeq = from + 1;
    for (const row of sqlite
      .prepare<[number, number], StoredRow>('SELECT * FROM archive.audit_log WHERE seq > ? AND seq <= ? ORDER BY seq')
      .iterate(from, marker.throughSeq)) {
      if (row.seq !== expectSeq || row.prev_hash !== prev) return { problem: 'deleted', firstBadSeq: expectSeq };
      if (rowHash(row.prev_hash, row) !== row.hash) return { problem: 'edited', firstBadSeq: row.seq };
      prev = row.hash;
      expectSeq = row.seq + 1;
    }
    if (expectSeq <= marker.throughSeq) return { problem: 'deleted', firstBadSeq: expectSeq };
    if (prev !== marker.hash) return { problem: 'edited', firstBadSeq: marker.throughSeq };
    return null;
  }

  /**
   * Move the rows recorded before `beforeAt` into the archive database (attached by the caller as
   * `archive`), in one transaction, and mark where the chain now starts. Nothing is deleted that
   * is not in the archive.
   */
  function archiveBefore(beforeAt: string): { moved: number; throughSeq: number | null; hash: string | null } {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS archive.audit_log AS SELECT * FROM main.audit_log WHERE 0`);
    return sqlite.transaction(() => {
      const last = sqlite.prepare<[string], AuditAnchor>('SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1').get(beforeAt);
      if (!last) return { moved: 0, throughSeq: null, hash: null };
      const moved = sqlite
        .prepare('INSERT INTO archive.audit_log SELECT * FROM main.audit_log WHERE seq <= ? AND seq NOT IN (SELECT seq FROM archive.audit_log)')
        .run(last.seq).changes;
      const inArchive = (
        sqlite.prepare('SELECT COUNT(*) AS n FROM main.audit_log m JOIN archive.audit_log a USING (seq, hash) WHERE m.seq <= ?').get(last.seq) as { n: number }
      ).n;
      const inMain = (sqlite.prepare('SELECT COUNT(*) AS n FROM main.audit_log WHERE seq <= ?').get(last.seq) as { n: number }).n;
      if (inArchive !== inMain) throw new Error('archive copy incomplete');
      sqlite.prepare('DELETE FROM main.audit_log WHERE seq <= ?').run(last.seq);
      metaPut.run(ARCHIVED_KEY, JSON.stringify({ throughSeq: last.seq, hash: last.hash }));
      return { moved: moved + (inMain - moved), throughSeq: last.seq, hash: last.hash };
    })();
  }

  /**
   * The hash inputs of the rows after `seq`, in order, at most `limit` rows and about `maxBytes`
   * (at least one row): what the hub recomputes to move its anchor (anchoring.ts, hubRequest).
   * `archive`: read the archive database (attached by the caller), for an anchor in the archived prefix.
   */
  function linksAfter(seq: number, limit: number, maxBytes: number, from: 'main' | 'archive' = 'main'): (AuditLink & { hash: string })[] {
    const out: (AuditLink & { hash: string })[] = [];
    let bytes = 0;
    for (const r of sqlite.prepare<[number, number], StoredRow>(`SELECT * FROM ${from}.audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).iterate(seq, limit)) {
      const l = {
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        method: r.method,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        hash: r.hash,
      };
      bytes += JSON.stringify(l).length;
      if (out.length && bytes > maxBytes) break;
      out.push(l);
    }
    return out;
  }

  return {
    append,
    linksAfter,
    verify,
    verifyArchive,
    archiveBefore,
    archived: archivedMarker,
    /** The chain's head: the last row's seq and hash. */
    head: (): AuditAnchor | null => headRow.get() ?? null,
    hashAt: (seq: number): string | null => hashAtRow.get(seq)?.hash ?? null,
    list: createAuditList(sqlite),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
