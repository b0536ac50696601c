import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../electron/core/create-core';
import { timeScreens } from './screens.bench';

// One start-up of the app on a database, in a process of its own: `node --import tsx
// bench/screens-open.ts FILE`. Prints one JSON line of figures (bench/screens.bench.ts).
// It also runs against a core from before the background check (the README's baseline).
const file = process.argv[2]!;
const ok = (r: { ok: boolean }) => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r as { ok: true; value: never }).value;
};
const t0 = performance.now();
const core = createCore({ dbPath: file, backupDir: null });
const t1 = performance.now();
ok(await core.dispatch('auth.status', {}));
const t2 = performance.now();
const { sessionToken } = ok(await core.dispatch('auth.login', { username: 'admin', password: 'Qz#2026-Ouhai' })) as { sessionToken: string };
const t3 = performance.now();
for (const [m, i] of [
  ['auth.me', {}],
  ['sync.status', {}],
  ['offices.list', { includeInactive: true }],
] as const)
  ok(await core.dispatch(m, i, { sessionToken }));
const homeMs = performance.now() - t3;
const rssMB = process.memoryUsage().rss / 2 ** 20;

// The window is up: the background check starts. The main thread only waits meanwhile, so the
// event loop's longest delay is what the check costs it.
// The baseline of the same run: the longest delay of an idle event loop over 2 s, no check running
// (on a shared machine the scheduler alone accounts for some).
const loop = monitorEventLoopDelay({ resolution: 5 });
const background = core.integrity?.().state === 'pending';
loop.enable();
await new Promise((r) => setTimeout(r, 2000));
const idleStallMs = loop.max / 1e6;
loop.reset();
const c0 = performance.now();
const state = background ? await core.checkIntegrity() : 'ok';
const check = background ? { ms: performance.now() - c0, ok: state === 'ok', maxStallMs: loop.max / 1e6, idleStallMs } : null;
loop.disable();
const cache = core.sqlite.pragma('cache_size', { simple: true }) as number;
const cacheMB = process.env.BENCH_CACHE_MB
  ? Number(process.env.BENCH_CACHE_MB)
  : cache < 0
    ? -cache / 1024
    : (cache * (core.sqlite.pragma('page_size', { simple: true }) as number)) / 2 ** 20;
await core.close({ backup: false });
// Then every screen once, as a user going through the app: the page cache fills.
await timeScreens(file, 1);
const rssAfterScreensMB = process.memoryUsage().rss / 2 ** 20;
console.log(JSON.stringify({ createMs: t1 - t0, firstScreenMs: t2 - t1, homeMs, rssMB, rssAfterScreensMB, cacheMB, check }));
