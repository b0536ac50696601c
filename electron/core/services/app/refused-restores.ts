import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from '../../db/open';

/** The last refused restore an administrator acknowledged (an audit row's seq), kept on this desk. */
const ACK_KEY = 'backup.refusedRestoresAck';

export interface RefusedRestore {
  seq: number;
  at: string;
  reason: string;
  setAside: string | null;
  /** The set-aside file's size now; null once it is gone (removed here, or by hand). */
  size: number | null;
}

/** What start-up names a refused restore's file (db/restore.ts): the only files this list may remove. */
const SET_ASIDE_RE = /^[^/\\]+\.restore-refused-\d+$/;

/** The set-aside file in the data folder, for a name from the audit log; null for any other name. */
function setAsideFile(dataDir: string, name: string | null): string | null {
  if (!name || path.basename(name) !== name || !SET_ASIDE_RE.test(name)) return null;
  return path.join(dataDir, name);
}

function regularSize(file: string): number | null {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/**
 * Restores refused at a start (create-core.ts writes `backup.restoreRefused` to the audit log): a
 * file was staged as a restore without this desk's signed stamp. The audit log keeps them for an
 * auditor; this list puts the ones no administrator has acknowledged on the administrator's home.
 */
export function createRefusedRestores(sqlite: Sqlite, dataDir: () => string) {
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
  const at = (name: string | null) => {
    const file = setAsideFile(dataDir(), name);
    return file ? regularSize(file) : null;
  };
  return {
    list(): RefusedRestore[] {
      return rows.all(acked(), Number.MAX_SAFE_INTEGER).map((r) => {
        const a = parse(r.after);
        return { seq: r.seq, at: r.at, ...a, size: at(a.setAside) };
      });
    },
    /**
     * Acknowledges those up to `upTo`; a number past the last refused restore acknowledges only
     * those that exist. With `removeFiles`, the set-aside copies of every refusal up to `upTo`
     * (acknowledged before or now) are deleted, with their stamps: each is a whole database,
     * personal data included, that nobody will swap in. The audit log keeps the record.
     */
    acknowledge(upTo: number, removeFiles = false): { acknowledged: number; upTo: number; removed: { file: string; size: number }[] } {
      const removed: { file: string; size: number }[] = [];
      if (removeFiles) {
        for (const r of rows.all(0, upTo)) {
          const name = parse(r.after).setAside;
          const file = setAsideFile(dataDir(), name);
          const size = file ? regularSize(file) : null;
          if (!file || size === null) continue;
          fs.rmSync(file, { force: true });
          fs.rmSync(`${file}.stamp`, { force: true });
          removed.push({ file: name!, size });
        }
      }
      const seen = rows.all(acked(), upTo);
      if (!seen.length) return { acknowledged: 0, upTo: acked(), removed };
      const last = seen[seen.length - 1]!.seq;
      sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ACK_KEY, String(last));
      return { acknowledged: seen.length, upTo: last, removed };
    },
  };
}
