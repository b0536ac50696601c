import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { APPLY_KEY_JS, type DbKey } from './cipher';

export type IntegrityMode = 'quick' | 'full';

export interface IntegrityResult {
  ok: boolean;
  mode: IntegrityMode;
  /** The first problems SQLite reports (page numbers, index names), never row content. */
  report: string[];
  ms: number;
}

// Runs in a worker thread on a read-only connection of its own, so a check of a 2 GB file never
// stalls the thread that serves calls. Plain CommonJS: it is evaluated, not bundled.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
${APPLY_KEY_JS}
const Database = require(workerData.driver);
const t0 = performance.now();
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  applyKey(db, workerData.key);
  db.pragma('busy_timeout = 10000');
  // The check reads every page once: a small cache of its own is enough.
  db.pragma('cache_size = -2048');
  const rows = db.pragma(workerData.mode === 'full' ? 'integrity_check(20)' : 'quick_check(20)').map((r) => String(Object.values(r)[0]));
  parentPort.postMessage({ ok: rows.length === 1 && rows[0] === 'ok', report: rows.slice(0, 5), ms: performance.now() - t0 });
} catch (e) {
  parentPort.postMessage({ ok: false, report: [String(e && e.code ? e.code + ': ' + e.message : e)], ms: performance.now() - t0 });
} finally {
  if (db) db.close();
}
`;

const driver = () => createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Check the database file in the background: `quick` (PRAGMA quick_check: every page and
 * b-tree, not index contents) or `full` (PRAGMA integrity_check, also every index against its
 * table). `cancel` ends the thread, closing its connection; the promise then never settles.
 */
export function checkInBackground(
  file: string,
  mode: IntegrityMode,
  nativeBinding?: string,
  key: DbKey = null,
): { result: Promise<IntegrityResult>; cancel: () => Promise<void> } {
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, mode, driver: driver(), nativeBinding, key } });
  let settled = false;
  const result = new Promise<IntegrityResult>((resolve, reject) => {
    worker.once('message', (m: Omit<IntegrityResult, 'mode'>) => {
      settled = true;
      resolve({ ...m, mode });
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`integrity check thread exited with ${code}`));
    });
  });
  // A cancelled check is not a failure: nobody waits for it any more.
  result.catch(() => {});
  return {
    result,
    cancel: async () => {
      settled = true;
      await worker.terminate();
    },
  };
}

/** The same check on the calling thread: for files small enough to check within the stall budget. */
export function checkNow(db: { pragma(sql: string): unknown }, mode: IntegrityMode): IntegrityResult {
  const t0 = performance.now();
  const rows = (db.pragma(mode === 'full' ? 'integrity_check(20)' : 'quick_check(20)') as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
  return { ok: rows.length === 1 && rows[0] === 'ok', mode, report: rows.slice(0, 5), ms: performance.now() - t0 };
}

export type IntegrityState = 'pending' | 'checking' | 'ok' | 'failed';

/**
 * The integrity check of one open database. A check left for the background starts when the
 * shell says the window is up (`start`), or after `fallbackMs` if nobody does. If no worker
 * thread can run it, it runs on the calling thread instead (`inline`), as it did at open.
 * `done` resolves with the outcome; `onResult` hears it once.
 */
export function createIntegrityGuard(deps: {
  dbPath: string;
  mode: IntegrityMode;
  /** Set when the check already ran at open; otherwise it runs in the background. */
  result: IntegrityResult | null;
  fallbackMs: number;
  inline: () => IntegrityResult;
  onResult: (r: IntegrityResult) => void;
  onThreadError: (e: Error) => void;
  nativeBinding?: string;
  key?: DbKey;
}) {
  let state: IntegrityState = deps.result ? (deps.result.ok ? 'ok' : 'failed') : 'pending';
  let last: IntegrityResult | null = deps.result;
  let running: ReturnType<typeof checkInBackground> | null = null;
  let closed = false;
  let resolveDone!: (s: IntegrityState) => void;
  const done = new Promise<IntegrityState>((resolve) => (resolveDone = resolve));
  if (deps.result) resolveDone(state);
  const fallback = deps.result ? null : setTimeout(() => start(), deps.fallbackMs);
  fallback?.unref?.();

  function finish(r: IntegrityResult) {
    running = null;
    if (closed) return;
    last = r;
    state = r.ok ? 'ok' : 'failed';
    deps.onResult(r);
    resolveDone(state);
  }

  function start(): Promise<IntegrityState> {
    if (state !== 'pending' || closed) return done;
    if (fallback) clearTimeout(fallback);
    state = 'checking';
    try {
      running = checkInBackground(deps.dbPath, deps.mode, deps.nativeBinding, deps.key ?? null);
      running.result.then(finish, (e: Error) => {
        if (closed) return;
        deps.onThreadError(e);
        finish(deps.inline());
      });
    } catch (e) {
      deps.onThreadError(e as Error);
      finish(deps.inline());
    }
    return done;
  }

  return {
    start,
    state: () => state,
    result: () => last,
    done: () => done,
    async close() {
      closed = true;
      if (fallback) clearTimeout(fallback);
      await running?.cancel();
    },
  };
}
