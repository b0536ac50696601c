import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, fail } from '../../../../shared/contract/errors';
import type { BackupEntry } from '../../../../shared/contract/app';
import { isoAt } from '../../clock';
import { BACKUP_NAME_RE, listBackups } from '../../db/backup';
import { couldBeEncryptedDb, fileKind, keyFor, openKeyed, type DbKey } from '../../db/cipher';
import { checkInBackground } from '../../db/integrity';
import type { Sqlite } from '../../db/open';
import { keepDamagedCopy, stageRestore, writeRestoreChain } from '../../db/restore';
import { BACKUP_ANCHOR_KEY } from '../audit/anchoring';

interface Sidecar {
  /** not_backup: a sound SQLite file that is no set-up Branch Desk database (restoring it would open the first-run wizard). */
  integrity: 'ok' | 'damaged' | 'not_backup';
  checkedAt: string;
  auditHead: number | null;
  /** The file the verdict is about: its size, time and a digest of its head and tail. A verdict of another file is no verdict. */
  of?: FileMark;
  /** HMAC with a key derived from this desk's database key: a verdict written by anyone else (by hand, another desk) is none. */
  mac?: string;
}

const sidecar = (file: string) => `${file}.check.json`;

interface FileMark {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the first and last 64 KiB: a file swapped in under the same name (a copy with its time kept) differs. */
  ends: string;
}

const ENDS = 64 * 1024;
function markOf(file: string): FileMark {
  const st = fs.statSync(file);
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(ENDS, st.size));
    fs.readSync(fd, buf, 0, buf.length, 0);
    h.update(buf);
    if (st.size > ENDS) {
      const tail = Buffer.alloc(Math.min(ENDS, st.size - ENDS));
      fs.readSync(fd, tail, 0, tail.length, st.size - tail.length);
      h.update(tail);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size: st.size, mtimeMs: Math.round(st.mtimeMs), ends: h.digest('hex') };
}
const sameMark = (a: FileMark | undefined, b: FileMark) => !!a && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ends === b.ends;

/**
 * 备份与恢复: the desk's own backups (backups/ beside the database) and backups in a chosen folder
 * (a USB disk). Each backup is checked once written (PRAGMA quick_check on the copy, off the main
 * thread); the result sits beside it. A restore checks the file again, backs the current database
 * up first, and is swapped in when the desk restarts (db/restore.ts).
 */
export function createBackups(deps: {
  dbPath: string;
  backupDir: string | null;
  backupNow: (folder?: string, o?: { preRestore?: boolean }) => Promise<string | null>;
  openReadOnly: (file: string) => Sqlite;
  nativeBinding?: string;
  /** The desk's database key: its backups are encrypted with it; older plaintext ones open without. */
  key?: DbKey;
  now: () => number;
  /** The database failed its integrity check (read-only): the pre-restore copy is a plain file copy, kept aside. */
  damaged?: () => boolean;
  /** Signs the restore stamp (db/restore.ts): only a restore staged here is swapped in at the next start. */
  restoreSecret?: (() => Buffer) | null;
  /** The core closes and the shell starts it again (Electron relaunches; browser mode's host restarts). */
  requestRestart: () => void;
  /** The push chain token this desk holds now, carried to the restored database (db/restore.ts, RESTORE_CHAIN_SUFFIX). */
  chainToken?: () => string | null;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}) {
  // The verdict beside a backup is sealed with this desk's key, so one written by hand (claiming
  // 完好 for a swapped file, with its mark computed) reads as no verdict, and the file is checked.
  let verdictKey: Buffer | null | undefined;
  const keyOfVerdicts = () =>
    verdictKey === undefined
      ? (verdictKey = deps.restoreSecret ? createHmac('sha256', deps.restoreSecret()).update('branch-desk backup verdict').digest() : null)
      : verdictKey;
  const macOf = (s: Sidecar, k: Buffer) =>
    createHmac('sha256', k)
      .update(JSON.stringify([s.integrity, s.checkedAt, s.auditHead, s.of ?? null]))
      .digest('hex');
  function writeVerdict(file: string, s: Sidecar) {
    const k = keyOfVerdicts();
    // What stands at the sidecar's name and is no regular file (a pipe, a folder) is left alone: writing would block or fail.
    const there = fs.lstatSync(sidecar(file), { throwIfNoEntry: false });
    if (there && !there.isFile()) return;
    fs.writeFileSync(sidecar(file), JSON.stringify(k ? { ...s, mac: macOf(s, k) } : s));
  }
  function readVerdict(file: string): Sidecar | null {
    let s: Sidecar;
    try {
      // Only a small regular file is read: a pipe or a device would block the core, a huge file fill its memory.
      const st = fs.lstatSync(sidecar(file));
      if (!st.isFile() || st.size > 4096) return null;
      s = JSON.parse(fs.readFileSync(sidecar(file), 'utf8')) as Sidecar;
    } catch {
      return null;
    }
    if (!s || typeof s !== 'object' || !['ok', 'damaged', 'not_backup'].includes(s.integrity)) return null;
    const k = keyOfVerdicts();
    if (k) {
      const want = Buffer.from(macOf(s, k), 'hex');
      const got = typeof s.mac === 'string' && /^[0-9a-f]{64}$/.test(s.mac) ? Buffer.from(s.mac, 'hex') : null;
      if (!got || !timingSafeEqual(want, got)) return null;
    }
    // A verdict about another file (the backup replaced or changed since, a sidecar copied
    // beside it, or one of an older version without the mark) is none: the file is checked again.
    try {
      return sameMark(s.of, markOf(file)) ? s : null;
    } catch {
      return null;
    }
  }

  function folderOf(folder: string | null | undefined): string {
    if (!folder) {
      if (!deps.backupDir) throw fail('RULE_VIOLATION', 'no_backup_dir');
      return deps.backupDir;
    }
    const f = path.resolve(folder);
    if (!fs.existsSync(f) || !fs.statSync(f).isDirectory()) throw fail('NOT_FOUND', 'no_folder');
    return f;
  }

  const notBackup = (file: string): Sidecar => {
    const s: Sidecar = { integrity: 'not_backup', checkedAt: isoAt(deps.now()), auditHead: null, of: markOf(file) };
    try {
      writeVerdict(file, s);
    } catch {
      // A read-only folder: the result is still returned.
    }
    return s;
  };
  /** An empty file, or one that is neither plaintext SQLite nor can be an encrypted database (cipher.ts says what stays ambiguous). */
  const cannotBeDb = (file: string): boolean => {
    const kind = fileKind(file);
    return kind === 'empty' || (kind === 'encrypted' && !couldBeEncryptedDb(file));
  };

  async function check(file: string): Promise<Sidecar> {
    // A text file, a zip, an empty or truncated file is no backup: said so, without asking for a key.
    if (cannotBeDb(file)) return notBackup(file);
    // The file as it was when the check began: a change during the check leaves a verdict that no longer matches.
    const before = markOf(file);
    const run = (key: DbKey): Promise<{ ok: boolean; report?: string[] }> =>
      checkInBackground(file, 'quick', deps.nativeBinding, key).result.catch(() => ({ ok: false }));
    const key = keyFor(file, deps.key ?? null);
    let r = await run(key);
    // An older plaintext backup encrypted in place meanwhile (the core does so after its first start): checked again with the key.
    if (!r.ok && keyFor(file, deps.key ?? null) !== key) r = await run(keyFor(file, deps.key ?? null));
    // An encrypted file this desk's key does not open: another installation's backup (or a
    // damaged one). Said as such, and no verdict is written beside it (its own desk reads it fine).
    if (!r.ok && fileKind(file) === 'encrypted' && (r.report ?? []).some((l) => l.startsWith('SQLITE_NOTADB'))) {
      throw fail('DB_KEY_WRONG', 'backup_key_mismatch');
    }
    let auditHead: number | null = null;
    let desk = false;
    if (r.ok) {
      let db: Sqlite | null = null;
      try {
        db = deps.openReadOnly(file);
        // A Branch Desk database that was set up: migrated (user_version, which every version
        // keeps; the schema_migration record is newer and backfilled on open), and an account.
        const has = (t: string) => !!db!.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
        const version = db.pragma('user_version', { simple: true }) as number;
        desk = version >= 1 && has('app_user') && has('audit_log') && has('local_meta') && !!db.prepare('SELECT 1 FROM app_user LIMIT 1').get();
        const v = (db.prepare('SELECT value FROM local_meta WHERE key = ?').get(BACKUP_ANCHOR_KEY) as { value: string } | undefined)?.value;
        auditHead = v ? (JSON.parse(v) as { seq: number }).seq : null;
      } catch {
        auditHead = null;
      } finally {
        db?.close();
      }
    }
    const s: Sidecar = { integrity: !r.ok ? 'damaged' : desk ? 'ok' : 'not_backup', checkedAt: isoAt(deps.now()), auditHead, of: before };
    try {
      writeVerdict(file, s);
    } catch {
      // A read-only folder: the result is still returned.
    }
    return s;
  }

  // Backups written without a check (at shutdown, before a restore, copied in by hand) are
  // checked when the list is opened: one at a time, in the background (quick_check on a worker
  // thread), and listed as 检查中 meanwhile. Another installation's backup leaves no verdict
  // beside it (its own desk reads it fine); it is remembered here for the session.
  const checking = new Map<string, Promise<Sidecar | null>>();
  const foreign = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  function checkLater(file: string): Promise<Sidecar | null> {
    const running = checking.get(file);
    if (running) return running;
    const p = (queue = queue
      .then(() => (stopped ? null : check(file)))
      .then(
        (s) => s,
        (e: unknown) => {
          if (e instanceof AppError && e.code === 'DB_KEY_WRONG') foreign.add(file);
          else deps.log('warn', 'backup not checked', { name: path.basename(file), error: (e as Error).message });
          return null;
        },
      )).finally(() => checking.delete(file));
    checking.set(file, p);
    return p;
  }

  function entry(folder: string, name: string, background = false): BackupEntry {
    const file = path.join(folder, name);
    const st = fs.statSync(file);
    const s = readVerdict(file);
    let integrity: BackupEntry['integrity'] = s?.integrity ?? 'unchecked';
    if (!s && foreign.has(file)) integrity = 'foreign';
    else if (!s && (checking.has(file) || background)) {
      if (background) void checkLater(file);
      integrity = 'checking';
    }
    return {
      name,
      folder,
      file,
      size: st.size,
      createdAt: isoAt(st.mtimeMs),
      day: BACKUP_NAME_RE.exec(name)?.[1] ?? null,
      integrity,
      checkedAt: s?.checkedAt ?? null,
      auditHead: s?.auditHead ?? null,
    };
  }

  return {
    list(folder?: string | null): BackupEntry[] {
      const f = folderOf(folder);
      return listBackups(f)
        .reverse()
        .map((n) => entry(f, n, true));
    },
    async create(folder?: string | null): Promise<BackupEntry> {
      const target = folder ? folderOf(folder) : undefined;
      if (target) assertWritable(target);
      const file = await deps.backupNow(target).catch((e: unknown) => {
        throw writeProblem(e, target ?? deps.backupDir ?? '') ?? e;
      });
      if (!file) throw fail('RULE_VIOLATION', 'no_backup_dir');
      await check(file);
      return entry(path.dirname(file), path.basename(file));
    },
    async verify(file: string): Promise<BackupEntry> {
      const f = path.resolve(file);
      if (!BACKUP_NAME_RE.test(path.basename(f)) || !fs.existsSync(f)) throw fail('NOT_FOUND', 'no_backup');
      await checking.get(f);
      foreign.delete(f);
      await check(f);
      return entry(path.dirname(f), path.basename(f));
    },
    /** The background checks the list started have finished (for tests). */
    async settled(): Promise<void> {
      while (checking.size) await Promise.all(checking.values());
    },
    /** At close: no further background check starts; the one under way finishes. */
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all(checking.values());
    },
    /** This installation's key, grouped for writing down (null: a plaintext desk, nothing to keep). */
    recoveryKey(): string | null {
      return deps.key ? (deps.key.toUpperCase().match(/.{8}/g) ?? []).join('-') : null;
    },
    /**
     * Check the backup, back the current database up, stage the restore, restart. A backup of
     * another installation (a PC replaced, a lost key store) opens with that installation's
     * recovery key: it is copied, the copy re-keyed to this desk's key and checked, and staged.
     */
    async restore(
      file: string,
      recoveryKey?: string,
      user: { id: string | null; name: string } = { id: null, name: 'system' },
    ): Promise<{ preRestoreBackup: string | null; restart: true }> {
      const f = path.resolve(file);
      if (!BACKUP_NAME_RE.test(path.basename(f)) || !fs.existsSync(f)) throw fail('NOT_FOUND', 'no_backup');
      // Before any recovery key is tried: a file that cannot be a database is refused as such.
      if (cannotBeDb(f)) throw fail('RULE_VIOLATION', 'not_backup');
      const foreignKey = recoveryKey ? recoveryKey.replace(/[^0-9a-fA-F]/g, '').toLowerCase() : null;
      let source = f;
      let temp: string | null = null;
      if (foreignKey && foreignKey !== deps.key && fileKind(f) === 'encrypted') {
        temp = `${deps.dbPath}.recovered-${deps.now()}.sqlite`;
        rekeyCopy(f, foreignKey, temp, deps.key ?? null, deps.nativeBinding);
        source = temp;
      }
      try {
        const s = await check(source);
        if (s.integrity === 'not_backup') throw fail('RULE_VIOLATION', 'not_backup');
        if (s.integrity !== 'ok') throw fail('RULE_VIOLATION', 'backup_damaged');
        // A damaged database is read-only: kept aside as it is, not backed up (which writes to it).
        const before = deps.damaged?.() ? keepDamagedCopy(deps.dbPath) : await deps.backupNow(undefined, { preRestore: true });
        // The chain this desk holds, for its first push after the swap: the holder may take it over.
        writeRestoreChain(deps.dbPath, deps.chainToken?.() ?? null);
        stageRestore(source, deps.dbPath, deps.restoreSecret ? { secret: deps.restoreSecret(), at: isoAt(deps.now()), user } : undefined);
        if (temp) deps.log('info', "restore staged from another installation's backup, re-keyed", { from: path.basename(f) });
        deps.log('info', 'restore staged', { from: path.basename(f) });
        setTimeout(deps.requestRestart, 50).unref?.();
        return { preRestoreBackup: before, restart: true };
      } finally {
        if (temp) for (const x of [temp, sidecar(temp), `${temp}-journal`]) fs.rmSync(x, { force: true });
      }
    },
  };
}

const WRITE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'SQLITE_CANTOPEN', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR']);

/** A backup the folder would not take (read-only, no permission, full): said with a reason, not INTERNAL. */
function writeProblem(e: unknown, folder: string): AppError | null {
  const code = (e as { code?: string }).code ?? '';
  if (!WRITE_CODES.has(code) && !/^SQLITE_(IOERR|CANTOPEN|READONLY)/.test(code)) return null;
  return fail('RULE_VIOLATION', code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' ? 'folderFull' : 'folderNotWritable', { folder, cause: code });
}

/** A chosen folder is tried with a small file first: a read-only USB disk is told before the copy starts. */
function assertWritable(folder: string): void {
  const probe = path.join(folder, `.branch-desk-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
  } catch (e) {
    throw writeProblem(e, folder) ?? fail('RULE_VIOLATION', 'folderNotWritable', { folder, cause: (e as { code?: string }).code ?? null });
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/**
 * A copy of another installation's backup, opened with its recovery key and re-keyed to `key`
 * (this desk's). The copy is made with VACUUM INTO (it keeps the source's key), then rekeyed in the
 * rollback journal mode, which PRAGMA rekey needs.
 */
function rekeyCopy(file: string, foreign: string, out: string, key: DbKey, nativeBinding?: string): void {
  let src: Sqlite;
  try {
    src = openKeyed(file, foreign, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    throw fail('DB_KEY_WRONG', 'recovery_key_wrong', { field: 'recoveryKey' });
  }
  try {
    fs.rmSync(out, { force: true });
    src.prepare('VACUUM INTO ?').run(out);
  } finally {
    src.close();
  }
  const c = openKeyed(out, foreign, nativeBinding ? { nativeBinding } : {});
  try {
    c.pragma('journal_mode = DELETE');
    c.pragma(key ? `rekey = "x'${key}'"` : "rekey = ''");
  } finally {
    c.close();
  }
}

export type BackupsService = ReturnType<typeof createBackups>;
