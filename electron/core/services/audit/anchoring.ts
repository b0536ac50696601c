import fs from 'node:fs';
import { keyFor, openKeyed, type DbKey } from '../../db/cipher';
import { cstDay } from '../../../../shared/domain/time';
import { isoAt, type Clock } from '../../clock';
import { listBackups } from '../../db/backup';
import type { Sqlite } from '../../db/open';
import type { AuditAnchor, KeyStore } from '../../keystore';
import type { Anchor, AuditService, AuditVerdict } from './audit.service';
import path from 'node:path';
import { MAX_AUDIT_LINKS, type AuditLink } from '../../../../shared/sync/protocol';

export const BACKUP_ANCHOR_KEY = 'audit.anchor';
/** About this much row text per anchoring request (the hub reads bodies up to 16 MB). */
const MAX_LINK_BYTES = 2 * 1024 * 1024;
const HUB_ANCHOR_KEY = 'audit.hub_anchor';

/**
 * Keeps the audit chain's head outside the audit table: in the key store (soon after each change
 * and at close), in each backup (written into the copy's local_meta), and on the hub at each sync.
 * Verification then compares the table against every anchor; the retention setting moves old
 * rows into the archive database instead of deleting them.
 */
export function createAuditAnchoring(deps: {
  sqlite: Sqlite;
  clock: Clock;
  audit: AuditService;
  keystore: KeyStore;
  backupDir: string | null;
  /** The archive database (same key as the desk's); null for an in-memory desk. */
  archiveFile: string | null;
  retentionMonths: () => number;
  /** Open a backup read-only, as the desk opens its database (binding, key). */
  openReadOnly: (file: string) => Sqlite;
  /** Attach the archive database as `archive` (with the key, when there is one). */
  attachArchive: (file: string) => void;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}) {
  const { sqlite, audit, keystore } = deps;
  const metaGet = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const metaPut = sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  let timer: ReturnType<typeof setTimeout> | null = null;

  function anchorNow(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const head = audit.head();
    if (!head) return;
    const held = keystore.read().audit;
    const cur = held?.head;
    if (cur && cur.seq === head.seq && cur.hash === head.hash) return;
    // The anchor moves on only over a chain that still holds it: after a truncation or an edit
    // the old anchor stays, as evidence, until someone looks (audit.verify reports it).
    if (cur && cur.seq > (held?.archived?.throughSeq ?? 0) && audit.hashAt(cur.seq) !== cur.hash) return;
    try {
      keystore.update((d) => ({ ...d, audit: { ...d.audit, head: { ...head, at: isoAt(deps.clock.now()) } } }));
    } catch (e) {
      deps.log('warn', 'audit anchor not written to the key store', { error: (e as Error).message });
    }
  }

  /** After a change: anchor within a second (one file write per burst of edits, not per edit). */
  function schedule(): void {
    if (timer) return;
    timer = setTimeout(anchorNow, 1000);
    timer.unref?.();
  }

  function backupAnchors(): Anchor[] {
    if (!deps.backupDir) return [];
    const out: Anchor[] = [];
    const restoredAt = keystore.read().audit?.restoredAt ?? 0;
    for (const f of listBackups(deps.backupDir)) {
      // Written before a restore: the anchor of the chain the restore replaced.
      try {
        if (fs.statSync(path.join(deps.backupDir, f)).mtimeMs < restoredAt) continue;
      } catch {
        continue;
      }
      let db: Sqlite | null = null;
      try {
        db = deps.openReadOnly(path.join(deps.backupDir, f));
        const v = (db.prepare('SELECT value FROM local_meta WHERE key = ?').get(BACKUP_ANCHOR_KEY) as { value: string } | undefined)?.value;
        if (v) out.push({ source: 'backup', ...(JSON.parse(v) as AuditAnchor) });
      } catch {
        // A backup this desk cannot read anchors nothing; the backups screen reports it.
      } finally {
        db?.close();
      }
    }
    return out;
  }

  function anchors(): Anchor[] {
    const a = keystore.read().audit;
    const hubMeta = metaGet.get(HUB_ANCHOR_KEY)?.value;
    const list: Anchor[] = [];
    if (a?.head) list.push({ source: 'keystore', seq: a.head.seq, hash: a.head.hash });
    if (a?.hub) list.push({ source: 'hub', seq: a.hub.seq, hash: a.hub.hash });
    if (hubMeta) list.push({ source: 'hub', ...(JSON.parse(hubMeta) as AuditAnchor) });
    return [...list, ...backupAnchors()];
  }

  function verify(): AuditVerdict {
    const held = keystore.read().audit?.archived ?? null;
    const v = audit.verify(anchors(), held);
    // The archived rows are part of the chain: a deleted archive file, or a marker written
    // without the rows moved into it (rows cut from the front, dressed up as archiving), shows.
    const marker = audit.archived() ?? held;
    if (!v.ok || !marker) return v;
    const absent = keystore.read().audit?.archiveAbsent ?? null;
    if (absent && absent.throughSeq === marker.throughSeq && absent.hash === marker.hash) return v;
    const bad = archiveProblem(marker, absent && absent.throughSeq < marker.throughSeq ? absent : null);
    return bad ? { ...v, ok: false, problem: bad.problem, firstBadSeq: bad.firstBadSeq } : v;
  }

  /** The archive walked up to the marker; a missing or unreadable archive holds none of it. */
  function archiveProblem(
    marker: { throughSeq: number; hash: string },
    floor: { throughSeq: number; hash: string } | null = null,
  ): ReturnType<AuditService['verifyArchive']> {
    const missing = { problem: 'deleted' as const, firstBadSeq: (floor?.throughSeq ?? 0) + 1 };
    if (!deps.archiveFile || !fs.existsSync(deps.archiveFile)) return missing;
    deps.attachArchive(deps.archiveFile);
    try {
      return audit.verifyArchive(marker, floor);
    } catch {
      return missing;
    } finally {
      sqlite.exec('DETACH DATABASE archive');
    }
  }

  /** Retention: rows older than the setting move to the archive database, then the chain starts after them. */
  function archiveExpired(): { moved: number } {
    if (!deps.archiveFile) return { moved: 0 };
    const months = deps.retentionMonths();
    const [y, m, d] = cstDay(deps.clock.now()).split('-').map(Number) as [number, number, number];
    // Midnight China Standard Time, `months` calendar months ago.
    const cutoff = isoAt(Date.UTC(y, m - 1 - months, d) - 8 * 3600_000);
    deps.attachArchive(deps.archiveFile);
    try {
      const r = audit.archiveBefore(cutoff);
      if (r.throughSeq !== null) {
        keystore.update((k) => ({ ...k, audit: { ...k.audit, archived: { throughSeq: r.throughSeq!, hash: r.hash! } } }));
        deps.log('info', 'audit rows archived', { moved: r.moved, throughSeq: r.throughSeq });
      }
      return { moved: r.moved };
    } finally {
      sqlite.exec('DETACH DATABASE archive');
    }
  }

  /**
   * A backup was restored (at start-up, before anything is written): the anchors move to the
   * restored chain's head, which an authorised restore may take backwards; the head it replaced
   * is returned for the restore's audit entry and kept in the key store. `fileTime` is the
   * restored file's modification time: backups are told apart by theirs, on the same clock.
   */
  function restored(fileTime: number): AuditAnchor | null {
    const before = keystore.read().audit?.head ?? null;
    const head = audit.head();
    const archived = audit.archived();
    // Another installation's backup brings its archive marker, not its archive: noted, so verify
    // does not read the rows kept on that PC as deleted here.
    const archiveAbsent = archived && archiveProblem(archived) ? archived : null;
    // This desk's own archive belongs to the chain the restore replaced: kept aside, never deleted,
    // so the restored chain archives into a file of its own.
    if (archiveAbsent && deps.archiveFile && fs.existsSync(deps.archiveFile)) {
      let n = 1;
      while (fs.existsSync(`${deps.archiveFile}.replaced-${n}`)) n++;
      fs.renameSync(deps.archiveFile, `${deps.archiveFile}.replaced-${n}`);
    }
    try {
      keystore.update((k) => ({
        ...k,
        audit: {
          ...(head ? { head: { ...head, at: isoAt(deps.clock.now()) } } : {}),
          ...(archived ? { archived } : {}),
          restoredAt: fileTime,
          ...(before ? { replaced: { seq: before.seq, hash: before.hash } } : {}),
          ...(archiveAbsent ? { archiveAbsent } : {}),
        },
      }));
    } catch (e) {
      deps.log('warn', 'audit anchor not written to the key store', { error: (e as Error).message });
    }
    return before ? { seq: before.seq, hash: before.hash } : null;
  }

  /**
   * The restore's audit entry is written (the chain's head now): the hub is told at the next
   * sync, with the head the restore replaced, so its anchor follows the restore.
   */
  function restoreAudited(replaced: AuditAnchor | null): void {
    const entry = audit.head();
    if (!entry) return;
    try {
      keystore.update((k) => ({ ...k, audit: { ...k.audit, hubRestore: { replaced, entry: { seq: entry.seq, hash: entry.hash } } } }));
    } catch (e) {
      deps.log('warn', 'audit anchor not written to the key store', { error: (e as Error).message });
    }
  }

  /** The hub's anchor is in the archived prefix (a desk that did not sync for the retention period): the rows after it, from the archive. */
  function archivedLinks(held: AuditAnchor): ReturnType<AuditService['linksAfter']> {
    deps.attachArchive(deps.archiveFile!);
    try {
      const at = sqlite.prepare<[number], { hash: string }>('SELECT hash FROM archive.audit_log WHERE seq = ?').get(held.seq)?.hash;
      return at === held.hash ? audit.linksAfter(held.seq, MAX_AUDIT_LINKS, MAX_LINK_BYTES, 'archive') : [];
    } catch {
      return [];
    } finally {
      sqlite.exec('DETACH DATABASE archive');
    }
  }

  return {
    schedule,
    anchorNow,
    restored,
    restoreAudited,
    anchors,
    verify,
    archiveExpired,
    /** Before a backup: the head goes into the database, so the copy carries its own anchor. */
    markForBackup(): void {
      const head = audit.head();
      if (head) metaPut.run(BACKUP_ANCHOR_KEY, JSON.stringify(head));
      anchorNow();
    },
    /**
     * What the device tells the hub: a head, and the rows from the anchor the hub holds
     * (exclusive) to that head, which the hub recomputes from its own hash. A desk far ahead sends
     * a page (the head is the page's last row); the worker asks again while the hub moves on. A
     * desk whose log no longer holds the hub's anchor sends no rows: the hub then holds its anchor
     * (or takes a restore, once).
     */
    hubRequest(opts: { withRestore?: boolean } = {}): {
      head: AuditAnchor | null;
      at: AuditAnchor | null;
      links?: AuditLink[];
      restore?: { replaced: AuditAnchor | null; entry: AuditAnchor };
    } {
      const raw = metaGet.get(HUB_ANCHOR_KEY)?.value ?? (keystore.read().audit?.hub ? JSON.stringify(keystore.read().audit!.hub) : null);
      const held = raw ? (JSON.parse(raw) as AuditAnchor) : null;
      const restore = opts.withRestore === false ? undefined : keystore.read().audit?.hubRestore;
      const head = audit.head();
      const hash = held ? audit.hashAt(held.seq) : null;
      let page: ReturnType<AuditService['linksAfter']> = [];
      if (held && head && head.seq > held.seq) {
        if (hash === held.hash) page = audit.linksAfter(held.seq, MAX_AUDIT_LINKS, MAX_LINK_BYTES);
        else if (hash === null && deps.archiveFile && fs.existsSync(deps.archiveFile) && (audit.archived()?.throughSeq ?? 0) >= held.seq)
          page = archivedLinks(held);
      }
      // A restore to report: the claim needs the chain's real head (its own row is the last), not a page's end.
      if (restore && page.length && page.at(-1)!.seq !== head?.seq) page = [];
      const last = page.at(-1);
      const links = page.map(({ hash: _h, ...l }) => l);
      return {
        head: last ? { seq: last.seq, hash: last.hash } : head,
        at: held && hash ? { seq: held.seq, hash } : null,
        ...(links.length ? { links } : {}),
        ...(restore ? { restore } : {}),
      };
    },
    /**
     * The hub's answer: the head it holds for this device, kept in the table's meta and the key
     * store. Once it moved (to the restored chain, or forward over it), the restore is told.
     */
    recordHub(anchor: AuditAnchor | null, moved = false): void {
      if (!anchor) return;
      metaPut.run(HUB_ANCHOR_KEY, JSON.stringify(anchor));
      keystore.update((k) => {
        const { hubRestore, ...rest } = k.audit ?? {};
        return { ...k, audit: { ...rest, hub: anchor, ...(hubRestore && !moved ? { hubRestore } : {}) } };
      });
    },
    close(): void {
      anchorNow();
    },
  };
}

export type AuditAnchoring = ReturnType<typeof createAuditAnchoring>;

/**
 * Open a database file read-only with the given build and the desk's key (an anchor reader for
 * backups); an older plaintext backup opens without the key.
 */
export function openReadOnlyWith(nativeBinding?: string, key: DbKey = null) {
  return (file: string): Sqlite => {
    if (!fs.existsSync(file)) throw new Error('no such file');
    return openKeyed(file, keyFor(file, key), { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  };
}
