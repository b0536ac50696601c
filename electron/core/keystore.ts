import fs from 'node:fs';
import path from 'node:path';

/**
 * The key store: a small file beside the database, outside it, so what it holds survives an edit
 * of the database. It anchors the audit chain's head (and, with encryption at rest, holds the
 * database key, wrapped). Written atomically (temp file, fsync, rename), owner-only.
 */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export interface KeyStoreData {
  version: 1;
  audit?: {
    /** The chain's head as last anchored by this desk. */
    head?: AuditAnchor & { at: string };
    /** The head the hub holds for this device, as it last answered. */
    hub?: AuditAnchor;
    /** The archived prefix of the chain: rows up to throughSeq, the last one's hash. */
    archived?: { throughSeq: number; hash: string };
    /**
     * A backup was restored, staged at this instant (ms, the file system's clock): the chain is the backup's from then on, and
     * anchors kept before it (backups written earlier) describe the chain it replaced.
     */
    restoredAt?: number;
    /** The head the restore replaced, kept as evidence (it is in the restore's audit entry too). */
    replaced?: AuditAnchor;
    /**
     * A restore the hub has not yet taken: the head it replaced and the restore's own audit row.
     * Sent with the next anchoring, so the hub moves its anchor to the restored chain instead of
     * holding the replaced chain's head against it; dropped once the hub has moved.
     */
    hubRestore?: { replaced: AuditAnchor | null; entry: AuditAnchor };
    /** A restored backup (another installation's) whose archived rows are in that installation's archive, not here. */
    archiveAbsent?: { throughSeq: number; hash: string };
  };
  [k: string]: unknown;
}

export function keyStorePath(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : path.join(path.dirname(path.resolve(dbPath)), 'keystore.json');
}

export function createKeyStore(file: string | null) {
  let cache: KeyStoreData | null = null;
  function read(): KeyStoreData {
    if (cache) return cache;
    if (!file || !fs.existsSync(file)) return (cache = { version: 1 });
    try {
      const v = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyStoreData;
      cache = v && typeof v === 'object' && v.version === 1 ? v : { version: 1 };
    } catch {
      cache = { version: 1 };
    }
    return cache;
  }
  function write(next: KeyStoreData): void {
    cache = next;
    if (!file) return;
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(next, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    if (process.platform !== 'win32') fs.chmodSync(file, 0o600);
  }
  return {
    file,
    read,
    update(fn: (d: KeyStoreData) => KeyStoreData): KeyStoreData {
      const next = fn(structuredClone(read()));
      write(next);
      return next;
    },
    /** Forget the cache: the file changed under us (a restore). */
    reload() {
      cache = null;
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
