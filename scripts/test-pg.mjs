// npm run test:pg — the hub suite (server/test and the fault suite, server/fault) again, on a
// PostgreSQL store (HUB_TEST_STORE=postgres). Without a reachable server (HUB_TEST_PG_URL) it says
// plainly that these tests were skipped and how to run them; in CI (CI=1) it fails instead.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.HUB_TEST_PG_URL ?? 'postgres://branchdesk:branchdesk@127.0.0.1:5432/postgres';
const shown = url.replace(/:[^:@/]*@/, ':***@');
const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';
const how = 'apt-get install -y postgresql; pg_ctlcluster --skip-systemctl-redirect 15 main start; eval "$(.ci/postgres.sh)"; npm run test:pg';

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
let problem = null;
try {
  await client.connect();
  await client.query('SELECT 1');
} catch (e) {
  problem = e instanceof Error ? e.message || e.code : String(e);
} finally {
  await client.end().catch(() => undefined);
}
if (problem) {
  if (ci) {
    console.error(`\n✗ The hub's PostgreSQL tests must run in CI, but ${shown} is not reachable (${problem}).\n  ${how}\n`);
    process.exit(1);
  }
  console.warn(
    `\n⚠ SKIPPED: the hub suite on PostgreSQL (server/test and server/fault with HUB_TEST_STORE=postgres).\n  No PostgreSQL at ${shown} (${problem}).\n  To run it: ${how}\n`,
  );
  process.exit(0);
}
const env = { ...process.env, HUB_TEST_STORE: 'postgres', HUB_TEST_PG_URL: url };
const only = process.argv.slice(2);
const runs = only.length
  ? [['vitest', 'run', ...only]]
  : [
      ['vitest', 'run', 'server/'],
      ['vitest', 'run', '--config', 'server/fault/vitest.config.ts'],
    ];
console.log(`The hub suite on PostgreSQL (${shown})`);
for (const args of runs) {
  const r = spawnSync('npx', args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
