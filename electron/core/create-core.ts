import { createReadCache } from './db/read-cache';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from '../../shared/contract/errors';
import type { About } from '../../shared/contract/app';
import { createUpdates, type Updater } from './services/app/updates.service';
import type { EventMap, EventName } from '../../shared/contract/events';
import { isoAt, systemClock, todayOf, type Clock } from './clock';
import { backupDatabase, encryptPlainBackups } from './db/backup';
import { createDrizzle } from './db/drizzle';
import { loadMigrations, migrate, newerDatabase } from './db/migrate';
import { createIntegrityGuard, checkNow, type IntegrityMode, type IntegrityState } from './db/integrity';
import { chooseNativeBinding, currentRuntime } from './db/native-binding';
import { openDatabase } from './db/open';
import Database from 'better-sqlite3';
import { fileKind, type DbKey } from './db/cipher';
import { fileKey } from './db/db-key';
import { encryptPlainFile } from './db/encrypt-file';
import { applyPendingRestore, checkPendingRestore, restoreSecret, takeRestoreChain, takeRestoreStamp } from './db/restore';
import { createBackups } from './services/app/backups.service';
import { createDispatch, type HandlerTable } from './rpc/dispatch';
import type { ContractSlice, DomainModule, Infra, Platform, Ports } from './module';
import { MODULES } from './modules';
import { createAuditService } from './services/audit/audit.service';
import { createAuditAnchoring, openReadOnlyWith } from './services/audit/anchoring';
import { createKeyStore, keyStorePath } from './keystore';
import { HlcSource } from './sync/hlc-source';
import { createSyncWorker, type HubFetch, type SyncNotice, type SyncStatus, type SyncWorker } from './sync/worker';
import { createSyncedWriter } from './sync/synced-write';
import { createImportHost } from './imports/import-host';
import { DEFAULT_LIMITS } from './imports/read-table';
import { isReadMethod } from './rpc/read-methods';

export interface CoreOptions {
  dbPath: string;
  clock?: Clock;
  /** drizzle-kit's output folder; defaults to the repo's drizzle/. */
  migrationsDir?: string;
  /** Where daily backups go; defaults to backups/ beside the database. null disables. */
  backupDir?: string | null;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** How the sync worker reaches the hub; the global fetch by default. */
  hubFetch?: HubFetch;
  /** Start the sync timer (off in tests that drive sync by hand). */
  autoSync?: boolean;
  /**
   * Files up to this size are checked at open, before anything is written; larger ones in the
   * background once the window is up (`checkIntegrity`). 16 MiB by default: about 25 ms of check.
   */
  integrityInlineBytes?: number;
  /** When the shell does not start the background check, it starts this long after open. */
  integrityDelayMs?: number;
  /**
   * better-sqlite3's build to open the database with. By default the core chooses by runtime: the
   * package's own build under Node, the clone's Electron build inside Electron (db/native-binding.ts).
   */
  nativeBinding?: string;
  /** The app's version when the shell knows it better than package.json (Electron's app.getVersion()). */
  version?: string;
  /** After a restore is staged: the shell closes the core and starts it again. */
  onRestart?: () => void;
  /** The key store beside the database (keystore.ts); null: none (an in-memory desk). */
  keyStorePath?: string | null;
  /** electron-updater, in the desktop app only (electron/main/updater.ts). */
  updater?: Updater;
  /**
   * The database key (db/cipher.ts): 64 hex digits. The desktop app passes the one it unwraps with
   * safeStorage (electron/main/db-key.ts). Absent: BD_DB_KEY or the key file beside the database
   * (db/db-key.ts fileKey; browser mode and tests, not protected). null: a plaintext database.
   */
  dbKey?: DbKey;
  /** The domain modules (modules.ts); a test may add one of its own. */
  modules?: readonly DomainModule[];
}

const INTEGRITY_INLINE_BYTES = 16 * 2 ** 20;
const INTEGRITY_DELAY_MS = 5_000;
/** Present in local_meta while a core has the database open: left behind by an unclean shutdown. */
const OPEN_MARKER = 'core.open';
/** A failed integrity check, worded by the renderer (`errors.reasons.integrityFailed`): writing has stopped, restore from a backup. */
export const INTEGRITY_FAILED = { key: 'integrityFailed', params: {} } as const satisfies SyncNotice;

/**
 * The app's root folder: the repo in a clone, app.asar in the package. The nearest folder above
 * this module with a package.json, since the bundle puts the core in out/main/ or out/main/chunks/.
 */
export function appRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.join(from, '..', '..');
  }
}

export function defaultMigrationsDir(): string {
  return path.join(appRoot(), 'drizzle');
}

/** Name, version and data folder for the About dialog: package.json beside the app, the database's folder. */
function aboutOf(opts: CoreOptions): About {
  let pkg: { productName?: string; name?: string; version?: string } = {};
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    // A package without its package.json still opens; the dialog says what it can.
  }
  return {
    productName: pkg.productName ?? pkg.name ?? 'Branch Desk',
    version: opts.version ?? pkg.version ?? '0.0.0',
    dataDir: opts.dbPath === ':memory:' ? ':memory:' : path.dirname(path.resolve(opts.dbPath)),
    electron: process.versions.electron ?? null,
  };
}

type Listener<E extends EventName> = (payload: EventMap[E]) => void;

export function createCore(opts: CoreOptions) {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const migrations = loadMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  const nativeBinding = opts.nativeBinding ?? chooseNativeBinding(appRoot(), currentRuntime());
  // After an unclean shutdown the check is the full one; a small file, or one about to be
  // migrated, is checked at open as before; anything else in the background (DESIGN.md, Performance).
  let mode: IntegrityMode = 'quick';
  let checkedAtOpen = true;
  const key: DbKey = opts.dbPath === ':memory:' ? null : opts.dbKey === undefined ? fileKey(opts.dbPath) : opts.dbKey;
  // A restore staged before the last restart is swapped in before anything opens the file, if
  // an authenticated backup.restore staged it (a signed stamp over this file); else it is set aside.
  const pending = opts.dbPath === ':memory:' ? null : checkPendingRestore(opts.dbPath, () => restoreSecret(opts.dbPath, key), clock.now());
  if (pending && !pending.ok)
    log('error', 'staged restore refused: its stamp does not verify; the file is set aside', {
      reason: pending.reason,
      setAside: path.basename(pending.setAside),
    });
  const restored = opts.dbPath !== ':memory:' && (pending?.ok ?? false) && applyPendingRestore(opts.dbPath);
  if (!restored && opts.dbPath !== ':memory:') applyPendingRestore(opts.dbPath); // tidies a finished swap
  const restoreStamp = restored ? takeRestoreStamp(opts.dbPath) : null;
  const restoreChain = opts.dbPath === ':memory:' ? null : takeRestoreChain(opts.dbPath);
  const archiveFile = opts.dbPath === ':memory:' ? null : path.join(path.dirname(path.resolve(opts.dbPath)), 'audit-archive.sqlite');
  // A plaintext database (from before encryption, or a restored older backup) is encrypted first,
  // with the audit archive beside it (attached with the same key).
  if (key && fileKind(opts.dbPath) === 'plain') {
    // A newer app's database is refused untouched, before it would be encrypted.
    const peek = new Database(opts.dbPath, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const version = (() => {
      try {
        return peek.pragma('user_version', { simple: true }) as number;
      } catch {
        return 0; // a damaged file: the encryption's own check says so
      } finally {
        peek.close();
      }
    })();
    if (version > migrations.length) throw newerDatabase(version, migrations.length);
  }
  if (encryptPlainFile(opts.dbPath, key, { nativeBinding })) log('info', 'database encrypted at rest');
  if (archiveFile && encryptPlainFile(archiveFile, key, { nativeBinding })) log('info', 'audit archive encrypted at rest');
  const sqlite = openDatabase(opts.dbPath, {
    key,
    nativeBinding,
    check: (db) => {
      try {
        if (db.prepare('SELECT 1 FROM local_meta WHERE key = ?').get(OPEN_MARKER)) mode = 'full';
      } catch (e) {
        // A new database has no local_meta yet; anything else is a damaged file: check it now.
        if (!/no such table/.test((e as Error).message)) return 'full';
      }
      const pending = (db.pragma('user_version', { simple: true }) as number) < migrations.length;
      const size = opts.dbPath === ':memory:' || !fs.existsSync(opts.dbPath) ? 0 : fs.statSync(opts.dbPath).size;
      if (pending || size <= (opts.integrityInlineBytes ?? INTEGRITY_INLINE_BYTES)) return mode;
      checkedAtOpen = false;
      return null;
    },
  });
  try {
    migrate(sqlite, migrations, new Date(clock.now()).toISOString());
  } catch (e) {
    sqlite.close();
    throw e;
  }
  const db = createDrizzle(sqlite);

  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  function emit<E extends EventName>(event: E, payload: EventMap[E]) {
    for (const l of listeners.get(event) ?? []) l(payload);
  }
  function on<E extends EventName>(event: E, l: Listener<E>): () => void {
    const set = listeners.get(event) ?? new Set();
    set.add(l as Listener<EventName>);
    listeners.set(event, set);
    return () => set.delete(l as Listener<EventName>);
  }

  // The integrity check, at open or in the background; a failure turns the app read-only.
  let worker: ReturnType<typeof createSyncWorker> | null = null;
  const integrity = createIntegrityGuard({
    dbPath: opts.dbPath,
    mode,
    result: checkedAtOpen ? { ok: true, mode, report: ['ok'], ms: 0 } : null,
    fallbackMs: opts.integrityDelayMs ?? INTEGRITY_DELAY_MS,
    nativeBinding,
    key,
    inline: () => checkNow(sqlite, mode),
    onThreadError: (e) => log('warn', 'integrity check thread failed; checking on the main thread', { error: e.message }),
    onResult: (r) => {
      if (r.ok) return log('info', 'integrity check passed', { mode: r.mode, ms: Math.round(r.ms) });
      // Nothing more is written: SQLite refuses every write, the sync stops, no backup is made.
      sqlite.pragma('query_only = ON');
      worker?.stop();
      log('error', 'integrity check failed', { mode: r.mode, report: r.report });
      if (worker) emit('sync.status', withIntegrity(worker.status()));
    },
  });

  const changed = new Set<string>();
  let dirty = false;
  const checkpointTimer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  }, 5_000);
  checkpointTimer.unref?.();
  const audit = createAuditService(sqlite, clock);
  const keystore = createKeyStore(opts.keyStorePath === undefined ? keyStorePath(opts.dbPath) : opts.keyStorePath);
  const backupDir = opts.backupDir === undefined ? (opts.dbPath === ':memory:' ? null : path.join(path.dirname(opts.dbPath), 'backups')) : opts.backupDir;
  // Settings are wired below; the retention is read when the archive runs.
  let retentionMonths = () => 6;
  const anchoring = createAuditAnchoring({
    sqlite,
    clock,
    audit,
    keystore,
    backupDir,
    archiveFile,
    retentionMonths: () => retentionMonths(),
    openReadOnly: openReadOnlyWith(nativeBinding, key),
    attachArchive: (file) => sqlite.prepare('ATTACH DATABASE ? AS archive').run(file),
    log,
  });
  const hlc = new HlcSource(sqlite, clock);
  const writer = createSyncedWriter({
    sqlite,
    clock,
    hlc,
    audit,
    onChange: (t) => {
      changed.add(t);
      anchoring.schedule();
      dirty = true;
      worker?.localChange();
    },
    readOnly: () => (integrity.state() === 'failed' ? INTEGRITY_FAILED : null) ?? worker?.readOnly() ?? null,
    deviceClass: () => worker?.deviceClass() ?? null,
  });
  // The domain modules' services, in list order (modules.ts); the infrastructure joins the
  // platform below, before any call runs.
  const readCache = createReadCache(sqlite);
  const ports = {} as Ports;
  const platform = { sqlite, db, clock, writer, audit, cache: readCache, log, today: () => todayOf(clock), ports } as Platform;
  const modules = opts.modules ?? MODULES;
  for (const m of modules) Object.assign(ports, m.services?.(platform, ports));
  const { offices, settings, auth } = ports;
  retentionMonths = () => settings.at('audit.retentionMonths', todayOf(clock)).value;
  let workerCheckpoint: ReturnType<typeof createImportHost>['checkpointPassive'] = null;
  worker = createSyncWorker({
    sqlite,
    clock,
    hlc,
    audit,
    fetch: opts.hubFetch ?? ((url, init) => fetch(url, init as RequestInit)),
    emit: (s) => emit('sync.status', withIntegrity(s)),
    onApplied: (tables) => emit('data.changed', { tables }),
    auditAnchor: { request: (o) => anchoring.hubRequest(o), record: (a, moved) => anchoring.recordHub(a, moved) },
    log,
    checkpoint: () => workerCheckpoint,
  });

  // The sync status carries the integrity check's state; a failed check turns the app read-only.
  function withIntegrity(s: SyncStatus): SyncStatus & { integrity: IntegrityState } {
    const state = integrity.state();
    return state === 'failed'
      ? { ...s, state: 'readonly', error: INTEGRITY_FAILED.key, notice: INTEGRITY_FAILED, integrity: state }
      : { ...s, integrity: state };
  }
  const refuseIfFailed = () => {
    if (integrity.state() === 'failed') throw fail('RULE_VIOLATION', INTEGRITY_FAILED.key, { readOnly: true });
  };
  const baseWorker = worker;
  const syncFacade: SyncWorker = {
    ...baseWorker,
    status: () => withIntegrity(baseWorker.status()),
    syncNow: async () => (refuseIfFailed(), withIntegrity(await baseWorker.syncNow())),
    enroll: async (i) => (refuseIfFailed(), withIntegrity(await baseWorker.enroll(i))),
    importSnapshot: async (gz) => (refuseIfFailed(), baseWorker.importSnapshot(gz)),
  };
  metaMark(true);

  const syncWorker = worker;
  const imports = createImportHost({
    dbPath: opts.dbPath,
    nativeBinding,
    key,
    sqlite,
    clock,
    hlc,
    writer,
    offices,
    limits: () => ({
      ...DEFAULT_LIMITS,
      maxRows: settings.at('import.maxRows', todayOf(clock)).value,
      maxCells: Math.max(DEFAULT_LIMITS.maxCells, settings.at('import.maxRows', todayOf(clock)).value * 20),
    }),
    sync: {
      busy: () => syncWorker.status().state === 'syncing',
      settle: () => syncWorker.syncNow(),
      pause: () => syncWorker.stop(),
      resume: () => {
        if (opts.autoSync) syncWorker.start();
      },
      localChange: () => syncWorker.localChange(),
    },
    emitProgress: (j) => emit('import.progress', j),
    emitChanged: (tables) => (anchoring.schedule(), emit('data.changed', { tables })),
    log,
  });
  workerCheckpoint = imports.checkpointPassive;
  const about = aboutOf(opts);
  const backups = createBackups({
    dbPath: opts.dbPath,
    backupDir,
    backupNow: (folder, o) => backupNow(folder, o),
    openReadOnly: openReadOnlyWith(nativeBinding, key),
    nativeBinding,
    key,
    now: () => clock.now(),
    restoreSecret: opts.dbPath === ':memory:' ? null : () => restoreSecret(opts.dbPath, key),
    damaged: () => integrity.state() === 'failed',
    requestRestart: () => (opts.onRestart ? opts.onRestart() : log('warn', 'restore staged; restart the desk to finish it')),
    chainToken: () => {
      try {
        return (sqlite.prepare("SELECT value FROM local_meta WHERE key = 'sync.chain'").get() as { value: string } | undefined)?.value ?? null;
      } catch {
        return null; // a damaged database: the restore goes on, and the hub decides without it
      }
    },
    log,
  });
  if (pending && !pending.ok) {
    // In the log an auditor reads: a file was staged as a restore without this desk's say-so.
    audit.append({
      actor: auth.system,
      method: 'backup.restoreRefused',
      entity: 'database',
      entityId: null,
      after: { reason: pending.reason, setAside: path.basename(pending.setAside) },
    });
    anchoring.anchorNow();
  }
  if (restored) {
    // The restored database's push chain is the backup's, which the hub has moved past: its next
    // push takes the chain over, and a copy still on the old chain is refused (sync/worker.ts, push).
    sqlite.prepare("INSERT INTO local_meta(key, value) VALUES ('sync.chainRebase', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    // The token this desk held when the restore was asked for: the holder takes the chain over
    // whichever backup it restored, the same one twice included (server/store/common.ts, chainStep).
    const from = restoreChain;
    if (from)
      sqlite.prepare("INSERT INTO local_meta(key, value) VALUES ('sync.chainRebaseFrom', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(from);
    else sqlite.prepare("DELETE FROM local_meta WHERE key = 'sync.chainRebaseFrom'").run();
    // Staged after the pre-restore backup: the stamp's time divides the backups.
    const replaced = anchoring.restored(restoreStamp ?? fs.statSync(opts.dbPath).mtimeMs);
    // Named after the person who asked (carried in the signed stamp), not the system.
    const asked = pending && pending.ok ? pending.stamp : null;
    audit.append({
      actor: asked ? asked.user : auth.system,
      method: 'backup.restore',
      entity: 'database',
      entityId: null,
      after: {
        restoredAt: isoAt(clock.now()),
        ...(asked ? { requestedAt: asked.at, sha256: asked.sha256 } : {}),
        ...(replaced ? { replacedHead: replaced } : {}),
      },
    });
    anchoring.restoreAudited(replaced);
  }
  const updates = createUpdates({
    sqlite,
    clock,
    current: about.version,
    updater: opts.updater,
    // An update is never applied while an import commits or a sync runs.
    busy: () => ({ importing: imports.busy(), syncing: syncWorker.status().state === 'syncing' }),
    log,
  });
  Object.assign(platform, { worker: syncFacade, imports, backups, updates, anchoring, about } satisfies Infra);
  const { contract, handlers } = collectHandlers(modules, ports, platform);
  // An import commits on its own connection, whose writer knows neither the integrity check nor the
  // hub's verdict: after a failed check, or while the hub holds this program too old, it is refused here, like every edit.
  const commitImport = handlers['imports.commit'];
  const refuseImport = () => {
    refuseIfFailed();
    const ro = worker.readOnly();
    if (ro) throw fail('RULE_VIOLATION', ro.key, { ...ro.params, readOnly: true });
  };
  if (commitImport) handlers['imports.commit'] = (i, c) => (refuseImport(), commitImport(i, c));
  if (opts.autoSync) worker.start();
  updates.start();

  const cadreOfficeStmt = sqlite.prepare<[string], { office_id: string }>('SELECT office_id FROM cadre WHERE id = ? AND deleted_at IS NULL');
  const rawDispatch = createDispatch({
    contract,
    handlers,
    today: () => todayOf(clock),
    cadreOffice: (id) => cadreOfficeStmt.get(id)?.office_id ?? null,
    now: () => clock.now(),
    resolveSession: auth.resolve,
    // Errors are logged by type and method only: messages may carry personal data.
    onError: (method, err) =>
      log('error', 'rpc handler failed', { method, error: (err as Error)?.name, stack: (err as Error)?.stack?.split('\n').slice(0, 4).join(' | ') }),
    afterCall: (method, ok) => {
      // Local resources a command changed (accounts, the sync worker's lists, backups): declared
      // in the contract, since no synced write reports them.
      if (ok) for (const t of Object.prototype.hasOwnProperty.call(contract, method) ? (contract[method]!.changes ?? []) : []) changed.add(t);
      if (changed.size === 0) return;
      const tables = [...changed];
      changed.clear();
      emit('data.changed', { tables });
    },
  });

  // While an import commits on its worker, calls that write wait for it; reads go on.
  const gatedDispatch: typeof rawDispatch = (method, input, call) =>
    imports.busy() && !isReadMethod(method) ? imports.gated(() => rawDispatch(method, input, call)) : rawDispatch(method, input, call);
  // Every call that wrote an audit row (an edit, a sign-in, a recovery key shown, a refused
  // password) has its head anchored in the key store before the answer goes back: a kill
  // afterwards cannot take the row with it unnoticed. One head read per call; a write only when it moved.
  const dispatch: typeof rawDispatch = (method, input, call) =>
    gatedDispatch(method, input, call)
      .then((r) => {
        // The day's backup, skipped while the database was not set up, is taken once it is.
        if (method === 'auth.setup' && r.ok) void dailyBackup();
        return r;
      })
      .finally(() => {
        try {
          anchoring.anchorNow();
        } catch (e) {
          log('warn', 'audit anchor not written', { error: (e as Error).message });
        }
      });

  function metaMark(open: boolean) {
    try {
      if (open)
        sqlite
          .prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(OPEN_MARKER, String(clock.now()));
      else sqlite.prepare('DELETE FROM local_meta WHERE key = ?').run(OPEN_MARKER);
    } catch {
      /* read-only after a failed check: the marker stays, and the next start checks in full */
    }
  }

  const metaGet = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const metaPut = sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  // One backup at a time: two at once (the daily one at start, one asked for) would pick the same name.
  let backupQueue: Promise<unknown> = Promise.resolve();
  function backupNow(folder?: string, o: { preRestore?: boolean } = {}): Promise<string | null> {
    const once = () => backupOnce(folder, o);
    const run = backupQueue.then(once, once);
    backupQueue = run.catch(() => {});
    return run;
  }
  async function backupOnce(folder?: string, o: { preRestore?: boolean } = {}): Promise<string | null> {
    const dir = folder ?? backupDir;
    if (!dir) return null;
    const day = todayOf(clock);
    // The copy carries the chain's head as an anchor of its own.
    anchoring.markForBackup();
    // Pre-restore copies stay for the audit retention period (months of 31 days: never less).
    const keepPreRestoreSince = clock.now() - retentionMonths() * 31 * 86_400_000;
    const file = await backupDatabase(sqlite, dir, day, { prune: !folder, key, nativeBinding, preRestore: !folder && !!o.preRestore, keepPreRestoreSince });
    if (!folder) metaPut.run('last_backup_day', day);
    log('info', 'backup written', { file });
    return file;
  }

  /**
   * Once a day: called at start, then hourly, and once the database is set up; only of a file
   * that passed its check. Runs go one after another: the start-up one and the one after set-up
   * may be asked for together.
   */
  let dailyRun: Promise<void> = Promise.resolve();
  function dailyBackup(): Promise<void> {
    const once = () => dailyBackupOnce().catch((e: Error) => log('warn', 'daily backup not taken', { error: e.message }));
    dailyRun = dailyRun.then(once, once);
    return dailyRun;
  }
  async function dailyBackupOnce(): Promise<void> {
    // A run queued behind another may find the desk closed meanwhile.
    if (!backupDir || closed || integrity.state() !== 'ok') return;
    // Not yet set up (the first-run wizard still open): nothing to keep; the next hourly run backs it up.
    if (!auth.anyUser()) return;
    if (metaGet.get('last_backup_day')?.value === todayOf(clock)) return;
    try {
      const file = await backupNow();
      // The copy is checked too, off the main thread, for the backups screen.
      if (file) void backups.verify(file).catch(() => {});
    } catch (e) {
      log('warn', 'backup failed', { error: (e as Error).message });
    }
    try {
      if (integrity.state() === 'ok' && !imports.busy()) anchoring.archiveExpired();
    } catch (e) {
      log('warn', 'audit archive failed', { error: (e as Error).message });
    }
  }
  const timer = backupDir ? setInterval(() => void dailyBackup(), 3_600_000) : null;
  timer?.unref?.();
  void integrity
    .done()
    .then(() => dailyBackup())
    .then(() => encryptOldBackups());

  /** Backups from before encryption at rest are encrypted too, once, off the main thread. */
  let encrypting: ReturnType<typeof encryptPlainBackups> | null = null;
  async function encryptOldBackups(): Promise<void> {
    if (!backupDir || !key || closed) return;
    try {
      encrypting = encryptPlainBackups(backupDir, key, nativeBinding);
      const done = await encrypting.done;
      if (done.length) log('info', 'older plaintext backups encrypted', { count: done.length });
    } catch (e) {
      if (!closed) log('warn', 'encrypting older backups failed; they stay as they were', { error: (e as Error).message });
    } finally {
      encrypting = null;
    }
  }

  let closed = false;
  async function close(opts2: { backup?: boolean } = {}): Promise<void> {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    clearInterval(checkpointTimer);
    // A daily backup under way finishes first (its check and the audit archive need what closes next).
    await dailyRun;
    worker?.stop();
    updates.stop();
    anchoring.close();
    await encrypting?.cancel();
    await backups.stop();
    await imports.close();
    // A check under way finishes first: a backup is only ever a copy of a file that passed.
    if (integrity.state() === 'checking' && opts2.backup !== false && backupDir) await integrity.done();
    await integrity.close();
    // A database never set up holds nothing to keep: no backup (it would list as 不是本系统的备份).
    if (opts2.backup !== false && backupDir && integrity.state() === 'ok' && auth.anyUser()) {
      try {
        await backupNow();
      } catch (e) {
        log('warn', 'shutdown backup failed', { error: (e as Error).message });
      }
    }
    metaMark(false);
    sqlite.close();
  }

  /** Start the background integrity check now (the shell calls it once the window is up). */
  const checkIntegrity = () => integrity.start();

  return {
    dispatch,
    on,
    close,
    backupNow,
    checkIntegrity,
    integrity: () => ({ state: integrity.state(), result: integrity.result() }),
    clock,
    sqlite,
    services: { ...ports, anchoring, keystore, audit, writer, hlc, worker, imports, readCache },
  };
}

export type Core = ReturnType<typeof createCore>;

/**
 * Every module's contract and handlers, merged: a method is in one module only, and every method
 * of a module's contract has its handler.
 */
export function collectHandlers(modules: readonly DomainModule[], ports: Ports, platform: Platform): { contract: ContractSlice; handlers: HandlerTable } {
  const contract: ContractSlice = {};
  const handlers: HandlerTable = {};
  for (const m of modules) {
    const own = m.handlers(ports, platform) as unknown as HandlerTable;
    for (const name of Object.keys(m.contract)) {
      if (Object.prototype.hasOwnProperty.call(contract, name)) throw new Error(`method ${name} is in two modules`);
      if (typeof own[name] !== 'function') throw new Error(`module ${m.name}: method ${name} has no handler`);
      contract[name] = m.contract[name]!;
      handlers[name] = own[name];
    }
  }
  return { contract, handlers };
}
