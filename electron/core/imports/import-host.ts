import type { BusinessExportRequest } from '../services/zones/business-export';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import type { ImportJob, ImportKind, ImportPreview } from '../../../shared/contract/imports';
import type { Clock } from '../clock';
import type { Sqlite } from '../db/open';
import type { DbKey } from '../db/cipher';
import type { OfficesService } from '../services/offices/offices.service';
import type { Viewer } from '../services/zones/scope';
import type { HlcSource } from '../sync/hlc-source';
import type { SyncedWriter, WriteCtx } from '../sync/synced-write';
import { Cancelled, createImportEngine, newPreviewId, type CommitRequest } from './engine';
import type { ReadLimits } from './read-table';

// The core's side of imports. Files are read and checked, and commits written, on the import
// worker thread with its own connection, so the thread that answers every call never waits on
// a 100k-row transaction. While a commit holds the write lock, calls that write wait here (the
// write gate) instead of blocking the thread on SQLite's busy timeout or being refused; reads go
// on, since WAL readers see the last committed state.

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Job extends ImportJob {
  userId: string;
  seq: number;
  previewId: string;
}

export interface ImportHostDeps {
  dbPath: string;
  nativeBinding?: string;
  /** The database key (db/cipher.ts), for the worker's own connection. */
  key?: DbKey;
  sqlite: Sqlite;
  clock: Clock;
  hlc: HlcSource;
  /** The core's own write path, used only when the database is in memory (no worker can open it). */
  writer: SyncedWriter;
  offices: OfficesService;
  limits: () => ReadLimits;
  /** Sync pauses while a commit holds the write lock. */
  sync: { busy: () => boolean; settle: () => Promise<unknown>; pause: () => void; resume: () => void; localChange: () => void };
  emitProgress: (job: ImportJob) => void;
  emitChanged: (tables: string[]) => void;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

function workerEntry(): { file: string; workerData: Record<string, unknown> } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return {
      file: path.join(path.dirname(here), 'worker-boot.mjs'),
      workerData: { entry: pathToFileURL(path.join(path.dirname(here), 'import-worker.ts')).href },
    };
  }
  for (const dir of [path.dirname(here), path.join(path.dirname(here), '..')]) {
    const f = path.join(dir, 'import-worker.js');
    if (fs.existsSync(f)) return { file: f, workerData: {} };
  }
  throw new Error('import worker not found beside the core');
}

export function createImportHost(deps: ImportHostDeps) {
  const inMemory = deps.dbPath === ':memory:';
  const cancel = new SharedArrayBuffer(4);
  const cancelFlag = new Int32Array(cancel);
  let worker: Worker | null = null;
  let nextId = 1;
  let seq = 0;
  const pending = new Map<number, Pending>();
  const jobs = new Map<string, Job>();
  const previewKinds = new Map<string, { kind: ImportKind; userId: string; errorRows: number }>();
  const bySeq = new Map<number, Job>();
  // In memory: the same engine on the core's own connection.
  const local = inMemory ? createImportEngine({ sqlite: deps.sqlite, offices: () => deps.offices }) : null;

  // ---- the write gate ------------------------------------------------------------------
  let writing: Promise<void> | null = null;
  let inflight = 0;
  let drained: (() => void) | null = null;

  /** Run a call that may write: it waits while a commit holds the database. */
  async function gated<R>(fn: () => Promise<R>): Promise<R> {
    while (writing) await writing;
    inflight++;
    try {
      return await fn();
    } finally {
      inflight--;
      if (inflight === 0) drained?.();
    }
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    const entry = workerEntry();
    const w = new Worker(entry.file, {
      workerData: { ...entry.workerData, dbPath: deps.dbPath, nativeBinding: deps.nativeBinding, key: deps.key ?? null, cancel },
    });
    w.unref();
    w.on(
      'message',
      (m: {
        id?: number;
        type?: string;
        phase?: string;
        ok?: boolean;
        value?: unknown;
        error?: { code: string; message: string; details?: unknown; stack?: string };
        seq?: number;
        done?: number;
        total?: number;
      }) => {
        if (m.type === 'progress') {
          const job = bySeq.get(m.seq!);
          if (job && job.state === 'running') {
            Object.assign(job, m.phase === 'committing' ? { phase: 'committing' } : { phase: 'writing', done: m.done, total: m.total });
            deps.emitProgress(view(job));
          }
          return;
        }
        const p = pending.get(m.id!);
        if (!p) return;
        pending.delete(m.id!);
        if (m.ok) p.resolve(m.value);
        else {
          if (m.error!.code === 'INTERNAL') deps.log('error', 'import worker failed', { stack: m.error!.stack });
          p.reject(m.error!.code === 'CANCELLED' ? new Cancelled() : new AppError(m.error!.code as never, m.error!.message, m.error!.details));
        }
      },
    );
    w.on('error', (e) => {
      deps.log('error', 'import worker crashed', { error: e.name, stack: e.stack?.split('\n').slice(0, 4).join(' | ') });
      for (const p of pending.values()) p.reject(new AppError('INTERNAL', 'the import worker stopped', { reason: 'import_crashed' }));
      pending.clear();
      worker = null;
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      // Whatever it was asked and never answered fails now instead of waiting for ever.
      for (const p of pending.values()) p.reject(new AppError('INTERNAL', 'the import worker stopped', { reason: 'import_crashed' }));
      pending.clear();
    });
    worker = w;
    return w;
  }

  function request<T>(type: string, payload: Record<string, unknown>): Promise<T> {
    const w = ensureWorker();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, type, payload: { ...payload, now: deps.clock.now() } });
    });
  }

  async function preview(
    kind: ImportKind,
    input: {
      fileBase64?: string;
      previewId?: string;
      mapping?: Record<string, string | null>;
      resetMapping?: boolean;
      target: { officeId?: string; censusId?: string };
    },
    user: { id: string; viewer: Viewer },
    today: string,
  ): Promise<ImportPreview> {
    const req = {
      previewId: newPreviewId(),
      kind,
      userId: user.id,
      viewer: user.viewer,
      target: input.target,
      today,
      now: deps.clock.now(),
      fileBase64: input.fileBase64,
      fromPreviewId: input.previewId,
      mapping: input.mapping,
      resetMapping: input.resetMapping,
      limits: deps.limits(),
    };
    const p = await (local ? local.preview(req) : request<ImportPreview>('preview', req));
    if (input.previewId) previewKinds.delete(input.previewId);
    previewKinds.set(p.previewId, { kind, userId: user.id, errorRows: p.errorRows });
    return p;
  }

  /** The list a preview belongs to: the commit is checked against that list's permission. */
  function kindOf(previewId: string, userId: string): ImportKind {
    const k = previewKinds.get(previewId);
    if (!k || k.userId !== userId) throw new AppError('NOT_FOUND', 'import preview gone', { reason: 'preview_gone' });
    return k.kind;
  }

  const view = ({ userId: _u, seq: _s, previewId: _p, ...j }: Job): ImportJob => ({ ...j });

  function ownJob(jobId: string, userId: string): Job {
    const j = jobs.get(jobId);
    if (!j || j.userId !== userId) throw new AppError('NOT_FOUND', 'no such import job', { reason: 'import_job_gone' });
    return j;
  }

  /** Starts the commit and returns at once; progress comes as import.progress events. */
  function commit(
    kind: ImportKind,
    r: { previewId: string; skipErrors: boolean; unknownRefs: 'unassigned' | 'create' },
    user: { id: string; viewer: Viewer },
    ctx: WriteCtx,
    today: string,
  ): ImportJob {
    const errorRows = previewKinds.get(r.previewId)?.errorRows ?? 0;
    // The default stays all-or-nothing: refused here, before anything waits or writes.
    if (errorRows && !r.skipErrors) throw new AppError('RULE_VIOLATION', `${errorRows} rows with errors`, { reason: 'has_errors', rows: errorRows });
    if ([...jobs.values()].some((j) => j.state === 'running')) throw new AppError('CONFLICT', 'another import is writing', { reason: 'import_busy' });
    const job: Job = {
      jobId: randomUUID(),
      kind,
      state: 'running',
      phase: 'waiting',
      done: 0,
      total: 0,
      result: null,
      error: null,
      userId: user.id,
      seq: ++seq,
      previewId: r.previewId,
    };
    jobs.set(job.jobId, job);
    bySeq.set(job.seq, job);
    const request_: CommitRequest = {
      previewId: r.previewId,
      userId: user.id,
      viewer: user.viewer,
      ctx,
      today,
      skipErrors: r.skipErrors,
      unknownRefs: r.unknownRefs,
    };
    // The gate closes now: calls that write from here on wait for the commit.
    let open!: () => void;
    writing = new Promise<void>((res) => (open = res));
    void run(job, request_).finally(() => {
      writing = null;
      open();
    });
    return view(job);
  }

  async function run(job: Job, r: CommitRequest) {
    let paused = false;
    try {
      if (local) {
        // Nothing else runs on this thread meanwhile: the plain in-process commit.
        const res = local.commit(
          r,
          deps.writer,
          () => {},
          () => Atomics.load(cancelFlag, 0) === job.seq,
        );
        finish(job, res, null);
        return;
      }
      // Writes already under way finish first; a sync pass in flight completes, then pauses.
      if (inflight > 0) await new Promise<void>((res) => (drained = res));
      drained = null;
      if (deps.sync.busy()) await deps.sync.settle();
      deps.sync.pause();
      paused = true;
      if (Atomics.load(cancelFlag, 0) === job.seq) throw new Cancelled();
      const res = await request<{
        created: number;
        updated: number;
        unchanged: number;
        skipped: number;
        zonesCreated: number;
        gridsCreated: number;
        tables: string[];
        hlc: string | null;
      }>('commit', { seq: job.seq, request: r });
      finish(job, res, res.tables);
      // The job is done for the user. Edits keep waiting while the worker copies the commit's
      // pages from the WAL into the database file: the first write on this thread with the WAL
      // that large would checkpoint it here, in one stall of hundreds of milliseconds.
      await request('checkpoint', {}).catch((e: unknown) => deps.log('warn', 'import checkpoint failed', { error: (e as Error)?.name }));
      // The core's clock moves past every stamp the worker gave, so later edits order after
      // them. Saving it is this thread's first write after the commit, hence after the checkpoint.
      // A commit that wrote nothing (a file read back unchanged) gave no stamps: the clock stays.
      if (res.hlc && res.tables.length) deps.hlc.receive(res.hlc);
    } catch (e) {
      if (e instanceof Cancelled) Object.assign(job, { state: 'cancelled', phase: 'done' });
      else
        Object.assign(job, {
          state: 'failed',
          phase: 'done',
          error: e instanceof AppError ? { code: e.code, message: e.message, details: e.details } : { code: 'INTERNAL', message: 'internal error' },
        });
      if (!(e instanceof AppError) && !(e instanceof Cancelled))
        deps.log('error', 'import commit failed', { error: (e as Error)?.name, stack: (e as Error)?.stack?.split('\n').slice(0, 4).join(' | ') });
      deps.emitProgress(view(job));
    } finally {
      if (paused) {
        deps.sync.resume();
        deps.sync.localChange();
      }
    }
  }

  function finish(
    job: Job,
    res: { created: number; updated: number; unchanged: number; skipped: number; zonesCreated: number; gridsCreated: number },
    tables: string[] | null,
  ) {
    Object.assign(job, {
      state: 'done',
      phase: 'done',
      done: job.total || res.created + res.updated,
      result: {
        created: res.created,
        updated: res.updated,
        unchanged: res.unchanged,
        skipped: res.skipped,
        zonesCreated: res.zonesCreated,
        gridsCreated: res.gridsCreated,
      },
    });
    previewKinds.delete(job.previewId);
    if (tables?.length) deps.emitChanged(tables);
    deps.emitProgress(view(job));
  }

  function job(jobId: string, userId: string): ImportJob {
    return view(ownJob(jobId, userId));
  }

  function cancelJob(jobId: string, userId: string): ImportJob {
    const j = ownJob(jobId, userId);
    if (j.state === 'running') Atomics.store(cancelFlag, 0, j.seq);
    return view(j);
  }

  async function report(previewId: string, userId: string, words: Record<string, string>, problemHeader: string): Promise<string> {
    return local ? local.report(previewId, userId, words, problemHeader) : request<string>('report', { previewId, userId, words, problemHeader });
  }

  async function close() {
    const w = worker;
    worker = null;
    if (w) await w.terminate();
  }

  /** A list's Excel export written on the worker (null for an in-memory database: the service writes it itself). */
  const exportBusinesses = local ? null : (r: BusinessExportRequest) => request<{ fileBase64: string; rows: number }>('export-businesses', { ...r });

  /** A passive WAL checkpoint on the worker's connection (the sync's pull asks for one between its transactions). */
  const checkpointPassive = local ? null : () => request<null>('checkpoint-passive', {}).then(() => undefined);

  return {
    preview,
    limits: deps.limits,
    kindOf,
    commit,
    job,
    cancel: cancelJob,
    report,
    exportBusinesses,
    checkpointPassive,
    gated,
    busy: () => writing !== null,
    idle: async () => void (await writing),
    close,
  };
}

export type ImportHost = ReturnType<typeof createImportHost>;
