import type { Sqlite } from '../../db/open';

/** The last refused restore an administrator acknowledged (an audit row's seq), kept on this desk. */
const ACK_KEY = 'backup.refusedRestoresAck';

export interface RefusedRestore {
  seq: number;
  at: string;
  reason: string;
  setAside: string | null;
}

/**
 * Restores refused at a start (create-core.ts writes `backup.restoreRefused` to the audit log): a
 * file was staged as a restore without this desk's signed stamp. The audit log keeps them for an
 * auditor; this list puts the ones no administrator has acknowledged on the administrator's home.
 */
export function createRefusedRestores(sqlite: Sqlite) {
  const acked = () => Number((sqlite.prepare('SELECT value FROM local_meta WHERE key = ?').get(ACK_KEY) as { value: string } | undefined)?.value ?? 0);
  const rows = sqlite.prepare<[number, number], { seq: number; at: string; after: string | null }>(
    "SELECT seq, at, after FROM audit_log WHERE method = 'backup.restoreRefused' AND seq > ? AND seq <= ? ORDER BY seq",
  );
  function parse(after: string | null): { reason: string; setAside: string | null } {
    try {
      const a = JSON.parse(after ?? '{}') as { reason?: unknown; setAside?: unknown };
      return { reason: typeof a.reason === 'string' ? a.reason : 'unknown', setAside: typeof a.setAside === 'string' ? a.setAside : null };
    } catch {
      return { reason: 'unknown', setAside: null };
    }
  }
  return {
    list(): RefusedRestore[] {
      return rows.all(acked(), Number.MAX_SAFE_INTEGER).map((r) => ({ seq: r.seq, at: r.at, ...parse(r.after) }));
    },
    /** Acknowledges those up to `upTo`; a number past the last refused restore acknowledges only those that exist. */
    acknowledge(upTo: number): { acknowledged: number; upTo: number } {
      const seen = rows.all(acked(), upTo);
      if (!seen.length) return { acknowledged: 0, upTo: acked() };
      const last = seen[seen.length - 1]!.seq;
      sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ACK_KEY, String(last));
      return { acknowledged: seen.length, upTo: last };
    },
  };
}
