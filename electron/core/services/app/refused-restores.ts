import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from '../../db/open';
import { RESTORE_SUFFIX } from '../../db/restore';

/** The last refused restore an administrator acknowledged (an audit row's seq), kept on this desk. */
const ACK_KEY = 'backup.refusedRestoresAck';

export interface RefusedRestore {
  seq: number;
  at: string;
  reason: string;
  setAside: string | null;
  /** The set-aside file's size now; null once it is gone (removed here, or by hand). */
  size: number | null;
  /** Acknowledged before: listed only while its copy is still in the data folder. */
  acknowledged: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
 * auditor; this list puts the ones no administrator has acknowledged on the administrator's home,
 * and the copies still in the data folder until they are removed.
 */
export function createRefusedRestores(sqlite: Sqlite) {
  const dbFile = path.resolve(sqlite.name);
  const dataDir = path.dirname(dbFile);
  // Only the name start-up gives a set-aside copy of this database (db/restore.ts) may be removed.
  const setAsideRe = new RegExp(`^${escapeRe(path.basename(dbFile) + RESTORE_SUFFIX)}-refused-\\d+$`);
  const setAsideFile = (name: string | null) => (name && setAsideRe.test(name) ? path.join(dataDir, name) : null);
  const sizeOf = (name: string | null) => {
    const file = setAsideFile(name);
    return file ? regularSize(file) : null;
  };

  /** Which refusal's file each set-aside name is: the latest row naming it. */
  const owners = (recorded: { seq: number; setAside: string | null }[]) => new Map(recorded.filter((r) => r.setAside).map((r) => [r.setAside!, r.seq]));
  /** Set-aside copies in the data folder that no audit row names. */
  function unrecorded(owner: Map<string, number>): RefusedRestore[] {
    let names: string[];
    try {
      names = fs.readdirSync(dataDir);
    } catch {
      return [];
    }
    return names
      .filter((name) => setAsideRe.test(name) && !owner.has(name))
      .flatMap((name) => {
        const size = sizeOf(name);
        if (size === null) return [];
        const at = new Date(fs.lstatSync(path.join(dataDir, name)).mtimeMs).toISOString();
        return [{ seq: 0, at, reason: 'unrecorded', setAside: name, size, acknowledged: true }];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
  }
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
    /**
     * Those not acknowledged, and those acknowledged whose copy is still there; one entry per file.
     * A copy in the data folder that no audit row of this database names (an earlier backup was
     * restored since, or the row was archived) is listed too, as `unrecorded` (seq 0).
     */
    list(): RefusedRestore[] {
      const upTo = acked();
      const recorded = rows.all(0, Number.MAX_SAFE_INTEGER).map((r) => ({ seq: r.seq, at: r.at, ...parse(r.after), acknowledged: r.seq <= upTo }));
      const owner = owners(recorded);
      const listed = recorded
        .map((r) => ({ ...r, size: owner.get(r.setAside!) === r.seq ? sizeOf(r.setAside) : null }))
        .filter((r) => !r.acknowledged || r.size !== null);
      return [...unrecorded(owner), ...listed];
    },
    /**
     * Acknowledges those up to `upTo`; a number past the last refused restore acknowledges only
     * those that exist. With `removeFiles`, the set-aside copies of every refusal up to `upTo`
     * (acknowledged before or now) are deleted, with their stamps: each is a whole database,
     * personal data included, that nobody will swap in. A file that cannot be deleted (in use,
     * read-only) is counted, not thrown: what was deleted is still recorded.
     */
    acknowledge(
      upTo: number,
      removeFiles = false,
    ): { acknowledged: number; upTo: number; removed: { file: string; size: number }[]; failed: string[]; linked: string[] } {
      const removed: { file: string; size: number }[] = [];
      const failed: string[] = [];
      const linked: string[] = [];
      if (removeFiles) {
        // A name two refusals gave is the later one's file: removed only when that one is acknowledged here.
        const recorded = rows.all(0, Number.MAX_SAFE_INTEGER).map((r) => ({ seq: r.seq, setAside: parse(r.after).setAside }));
        const owner = owners(recorded);
        const names = [...[...owner].filter(([, seq]) => seq <= upTo).map(([name]) => name), ...unrecorded(owner).map((r) => r.setAside)];
        for (const name of names) {
          const file = setAsideFile(name);
          const size = file ? regularSize(file) : null;
          if (!file || size === null) continue;
          // Another name for the same file (a hard link) keeps its data after this one goes: said so.
          let links = 1;
          try {
            links = fs.lstatSync(file).nlink;
          } catch {
            links = 1;
          }
          if (links > 1) linked.push(name!);
          try {
            fs.rmSync(file, { force: true });
          } catch {
            failed.push(name!);
            continue;
          }
          removed.push({ file: name!, size });
          try {
            if (regularSize(`${file}.stamp`) !== null) fs.rmSync(`${file}.stamp`, { force: true });
          } catch {
            // The stamp is a few hundred bytes of JSON: left, it holds no data.
          }
        }
      }
      const seen = rows.all(acked(), upTo);
      if (!seen.length) return { acknowledged: 0, upTo: acked(), removed, failed, linked };
      const last = seen[seen.length - 1]!.seq;
      sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ACK_KEY, String(last));
      return { acknowledged: seen.length, upTo: last, removed, failed, linked };
    },
  };
}
