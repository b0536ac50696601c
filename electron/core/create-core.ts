import { createRosterService } from './services/roster/roster.service';
import { createTrainingService } from './services/training/training.service';
import { createDossiersService } from './services/dossiers/dossiers.service';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventMap, EventName } from '../../shared/contract/events';
import { systemClock, localDay, type Clock } from './clock';
import { backupDatabase } from './db/backup';
import { createDrizzle } from './db/drizzle';
import { loadMigrations, migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { createDispatch } from './rpc/dispatch';
import { createHandlers } from './rpc/handlers';
import { createAuditService } from './services/audit/audit.service';
import { createAuthService } from './services/auth/auth.service';
import { createOfficesRepo } from './services/offices/offices.repo';
import { createOfficesService } from './services/offices/offices.service';
import { createSampleService } from './services/sample/sample.service';
import { createSettingsService } from './services/settings/settings.service';
import { createBusinessesService } from './services/zones/businesses.service';
import { createCensusService } from './services/zones/census.service';
import { createGridsService } from './services/zones/grids.service';
import { createZonesService } from './services/zones/zones.service';
import { createSyncService } from './services/sync/sync.service';
import { HlcSource } from './sync/hlc-source';
import { createSyncWorker, type HubFetch } from './sync/worker';
import { createSyncedWriter } from './sync/synced-write';

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
}

export function defaultMigrationsDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');
}

type Listener<E extends EventName> = (payload: EventMap[E]) => void;

export function createCore(opts: CoreOptions) {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const sqlite = openDatabase(opts.dbPath);
  try {
    migrate(sqlite, loadMigrations(opts.migrationsDir ?? defaultMigrationsDir()));
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

  const changed = new Set<string>();
  let dirty = false;
  const checkpointTimer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  }, 5_000);
  checkpointTimer.unref?.();
  const audit = createAuditService(sqlite, clock);
  const hlc = new HlcSource(sqlite, clock);
  let worker: ReturnType<typeof createSyncWorker> | null = null;
  const writer = createSyncedWriter({
    sqlite,
    clock,
    hlc,
    audit,
    onChange: (t) => {
      changed.add(t);
      dirty = true;
      worker?.localChange();
    },
    readOnly: () => worker?.readOnly() ?? null,
  });
  const officesRepo = createOfficesRepo(db);
  // Settings are read when a stage is computed, after everything is wired.
  const stageSettings = (day: string) => ({
    adaptYears: settings.at('stage.adaptYears', day).value,
    growthYears: settings.at('stage.growthYears', day).value,
    retreatYears: settings.at('stage.retreatYears', day).value,
  });
  const offices = createOfficesService({ repo: officesRepo, writer, stageSettings });
  const settings = createSettingsService({ sqlite, writer, bureauId: offices.bureauId });
  const auth = createAuthService({ sqlite, clock, audit, settings });
  const zones = createZonesService({ sqlite, writer, settings });
  const grids = createGridsService({ sqlite, writer });
  const businesses = createBusinessesService({ sqlite, writer, clock });
  const census = createCensusService({ sqlite, writer });
  const dossiers = createDossiersService({ sqlite, writer, offices, settings });
  const training = createTrainingService({ sqlite, writer, offices, settings });
  const roster = createRosterService({ sqlite, writer, offices, settings, training });
  const sample = createSampleService({ sqlite, offices, writer, zones });
  worker = createSyncWorker({
    sqlite,
    clock,
    hlc,
    audit,
    fetch: opts.hubFetch ?? ((url, init) => fetch(url, init as RequestInit)),
    emit: (s) => emit('sync.status', s),
    onApplied: (tables) => emit('data.changed', { tables }),
    log,
  });
  const sync = createSyncService({ sqlite, writer, worker });
  const handlers = createHandlers({ sqlite, clock, auth, offices, settings, audit, sample, zones, grids, businesses, census, worker, sync, dossiers, roster, training });
  if (opts.autoSync) worker.start();

  const dispatch = createDispatch({
    handlers,
    resolveSession: auth.resolve,
    // Errors are logged by type and method only: messages may carry personal data.
    onError: (method, err) => log('error', 'rpc handler failed', { method, error: (err as Error)?.name, stack: (err as Error)?.stack?.split('\n').slice(0, 4).join(' | ') }),
    afterCall: () => {
      if (changed.size === 0) return;
      const tables = [...changed];
      changed.clear();
      emit('data.changed', { tables });
    },
  });

  const backupDir = opts.backupDir === undefined ? (opts.dbPath === ':memory:' ? null : path.join(path.dirname(opts.dbPath), 'backups')) : opts.backupDir;
  const metaGet = sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const metaPut = sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  async function backupNow(): Promise<string | null> {
    if (!backupDir) return null;
    const day = localDay(clock.now());
    const file = await backupDatabase(sqlite, backupDir, day);
    metaPut.run('last_backup_day', day);
    log('info', 'backup written', { file });
    return file;
  }

  /** Once a day: called at start and then hourly. */
  async function dailyBackup(): Promise<void> {
    if (!backupDir) return;
    if (metaGet.get('last_backup_day')?.value === localDay(clock.now())) return;
    try {
      await backupNow();
    } catch (e) {
      log('warn', 'backup failed', { error: (e as Error).message });
    }
  }
  const timer = backupDir ? setInterval(() => void dailyBackup(), 3_600_000) : null;
  timer?.unref?.();
  void dailyBackup();

  let closed = false;
  async function close(opts2: { backup?: boolean } = {}): Promise<void> {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    clearInterval(checkpointTimer);
    worker?.stop();
    if (opts2.backup !== false && backupDir) {
      try {
        await backupNow();
      } catch (e) {
        log('warn', 'shutdown backup failed', { error: (e as Error).message });
      }
    }
    sqlite.close();
  }

  return { dispatch, on, close, backupNow, clock, sqlite, services: { auth, offices, settings, audit, writer, hlc, zones, grids, businesses, census, worker, sync } };
}

export type Core = ReturnType<typeof createCore>;
