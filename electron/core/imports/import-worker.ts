import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract/errors';
import { searchGrams } from '../../../shared/domain/credit-code';
import type { Clock } from '../clock';
import { applyKey, type DbKey } from '../db/cipher';
import { Cancelled, createImportEngine, type CommitRequest, type PreviewRequest } from './engine';
import { workerWritePath } from './worker-services';
import { writeBusinessExport, type BusinessExportRequest } from '../services/zones/business-export';

// The import worker: its own better-sqlite3 connection to the same WAL database. It reads and
// checks files, keeps the previews, and writes a commit in one transaction while the core's
// thread keeps answering. Messages: { id, type, payload } in, { id, ok, value | error } out,
// and { type: 'progress', jobId, done, total } while a commit runs.

export interface WorkerInit {
  dbPath: string;
  /** better-sqlite3's build for this runtime, as the core opened it with (db/native-binding.ts). */
  nativeBinding?: string;
  /** The database key, as the core opened it with (db/cipher.ts). */
  key?: DbKey;
  /** [0]: the sequence number of the job to cancel. */
  cancel: SharedArrayBuffer;
}

const init = workerData as WorkerInit;
// On Linux a nice value is per thread: the import yields the CPU to the thread that answers
// calls whenever both want it. (Elsewhere it would lower the whole process, so it is left.)
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    /* not permitted: run at normal priority */
  }
}
const port = parentPort!;
const sqlite = new Database(init.dbPath, init.nativeBinding ? { nativeBinding: init.nativeBinding } : {});
applyKey(sqlite, init.key ?? null, init.nativeBinding);
sqlite.function('bd_grams', { deterministic: true }, (text: unknown) => searchGrams(typeof text === 'string' ? text : null));
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('synchronous = NORMAL');
// A large commit touches many pages: a bigger cache keeps them in memory until the commit.
sqlite.pragma('cache_size = -262144');
// The commit's WAL pages are copied back here, on the 'checkpoint' message the core sends after
// the commit's reply: left in the WAL, the core's next small write would checkpoint hundreds of
// megabytes on the thread that answers calls.
sqlite.pragma('wal_autocheckpoint = 0');
const cancelFlag = new Int32Array(init.cancel);

// Every message carries the core's instant (its injected clock); the worker runs on from it.
let base = { ms: 0, perf: performance.now() };
const clock: Clock = { now: () => Math.floor(base.ms + (performance.now() - base.perf)) };
const setNow = (ms: number) => (base = { ms, perf: performance.now() });

let readPath = workerWritePath(sqlite, clock);
const engine = createImportEngine({ sqlite, offices: () => readPath.offices });

function errorOf(e: unknown) {
  if (e instanceof AppError) return { code: e.code, message: e.message, details: e.details };
  if (e instanceof Cancelled) return { code: 'CANCELLED', message: 'import cancelled' };
  return { code: 'INTERNAL', message: 'internal error', stack: (e as Error)?.stack?.split('\n').slice(0, 4).join(' | ') };
}

port.on('message', async (m: { id: number; type: string; payload: Record<string, unknown> }) => {
  try {
    let value: unknown;
    setNow(m.payload.now as number);
    if (m.type === 'preview') {
      readPath = workerWritePath(sqlite, clock);
      value = await engine.preview(m.payload as unknown as PreviewRequest);
    } else if (m.type === 'commit') {
      const { seq, request } = m.payload as { seq: number; request: CommitRequest };
      const path = workerWritePath(sqlite, clock);
      readPath = path;
      const result = engine.commit(
        request,
        path.writer,
        (done, total) => port.postMessage({ type: 'progress', seq, done, total }),
        () => Atomics.load(cancelFlag, 0) === seq,
        () => path.hlc.hold(),
      );
      value = {
        ...result,
        tables: [...path.tables],
        hlc: (sqlite.prepare("SELECT value FROM local_meta WHERE key = 'hlc'").get() as { value: string } | undefined)?.value ?? null,
      };
    } else if (m.type === 'report') {
      const p = m.payload as { previewId: string; userId: string; words: Record<string, string>; problemHeader: string };
      value = await engine.report(p.previewId, p.userId, p.words, p.problemHeader);
    } else if (m.type === 'export-businesses') {
      // A list's Excel export: its own query on this connection, the workbook written here.
      value = await writeBusinessExport(sqlite, m.payload as unknown as BusinessExportRequest);
    } else if (m.type === 'checkpoint-passive') {
      // Between the sync's transactions: whatever the WAL holds that no reader needs.
      sqlite.pragma('wal_checkpoint(PASSIVE)');
      value = null;
    } else if (m.type === 'checkpoint') {
      // After the commit's reply, so the job is done for the user while its pages are copied
      // back; the core keeps edits waiting until this returns (import-host.ts).
      sqlite.pragma('wal_checkpoint(RESTART)');
      value = null;
    } else if (m.type === 'drop') {
      engine.drop(m.payload.previewId as string);
      value = null;
    } else throw new Error(`unknown message ${m.type}`);
    if (m.type === 'commit') port.postMessage({ type: 'progress', seq: (m.payload as { seq: number }).seq, phase: 'committing' });
    port.postMessage({ id: m.id, ok: true, value });
  } catch (e) {
    // A rolled-back commit leaves its spilled pages in the WAL file (~300 MB for 100k rows): truncated here.
    if (m.type === 'commit') {
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* busy: the next checkpoint reclaims it */
      }
    }
    port.postMessage({ id: m.id, ok: false, error: errorOf(e) });
  }
});
