import { printTable, type Row } from './lib';
import { benchWritePath } from './write-path.bench';
import { benchImport, benchSearch } from './zones.bench';
import { benchSync } from './sync.bench';
import { benchStartup } from './startup.bench';
import { benchScreens } from './screens.bench';
import { benchHubStores } from './hub-stores.bench';
import { benchEncryption } from './encryption.bench';

// `npm run bench`: every figure is measured in this run beside its baseline.
// BENCH_QUICK=1 skips the city-scale (1M) search and uses smaller imports and syncs.
// BENCH_ONLY=name runs one step (write, encryption, search, import, sync, hub stores, startup, screens). The startup step needs `npm run build`.
// The screens step caches its databases in $TMPDIR/branch-desk-bench; BENCH_REBUILD=1 builds them again.
const quick = !!process.env.BENCH_QUICK;
const rows: Row[] = [];
const only = process.env.BENCH_ONLY;
const step = async (name: string, f: () => Promise<Row[]>) => {
  if (only && !name.includes(only)) return;
  console.log(`running ${name} …`);
  const got = await f();
  printTable(got);
  rows.push(...got);
};
await step('write path', () => benchWritePath(Number(process.env.BENCH_N ?? 10_000)));
await step('encryption', () => benchEncryption({ writes: quick ? 5_000 : Number(process.env.BENCH_N ?? 10_000), businesses: 100_000 }));
await step('business search', () => benchSearch(quick ? [100_000] : [100_000, 1_000_000]));
await step('xlsx import', () => benchImport(quick ? 20_000 : 100_000));
await step('sync', () => benchSync(quick ? 10_000 : 50_000));
await step('hub stores', () => benchHubStores({ devices: [100, 1000], rounds: quick ? 4 : 10, scope: quick ? 10_000 : 50_000 }));
await step('startup', () => benchStartup());
// BENCH_SIZES=20000,200000 times the screens on other sizes (the first is the base of the growth).
const sizes = process.env.BENCH_SIZES?.split(',').map(Number);
await step('screens', () => benchScreens(sizes ?? (quick ? [100_000] : [100_000, 1_000_000])));
console.log('\nall results:');
printTable(rows);
