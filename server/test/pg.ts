import { randomBytes } from 'node:crypto';
import pg from 'pg';

// PostgreSQL for the hub's tests. HUB_TEST_PG_URL names a server and a role that may create
// databases (default postgres://branchdesk:branchdesk@127.0.0.1:5432/postgres, what .ci/run sets
// up); each store or hub under test gets a database of its own, dropped when the run ends.
// Without a reachable server the PostgreSQL tests are skipped and say so, except in CI (CI=1),
// where they fail.

export const PG_TEST_URL = process.env.HUB_TEST_PG_URL ?? 'postgres://branchdesk:branchdesk@127.0.0.1:5432/postgres';
export const IN_CI = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';

let reachable: Promise<string | null> | null = null;

/** null when the server answers, else why not. */
export function pgProblem(): Promise<string | null> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return null;
    } catch (e) {
      return (e as Error).message || String(e);
    } finally {
      await c.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/**
 * For a test file's top level: true when the PostgreSQL tests can run. Without a server it
 * prints how to run them and answers false, or throws in CI.
 */
export async function pgAvailable(what: string): Promise<boolean> {
  const problem = await pgProblem();
  if (!problem) return true;
  const how = `start PostgreSQL (apt-get install -y postgresql; pg_ctlcluster --skip-systemctl-redirect 15 main start) and set HUB_TEST_PG_URL, or run .ci/run`;
  if (IN_CI) throw new Error(`${what}: PostgreSQL is required in CI but ${PG_TEST_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable (${problem}); ${how}`);
  console.warn(`\n⚠ SKIPPED ${what}: no PostgreSQL at ${PG_TEST_URL.replace(/:[^:@/]*@/, ':***@')} (${problem}). To run them: ${how}.\n`);
  return false;
}

const created: string[] = [];

/** A new empty database; its URL. */
export async function freshPgDatabase(): Promise<string> {
  const name = `bd_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG_TEST_URL });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  created.push(name);
  const u = new URL(PG_TEST_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops the databases this process created (afterAll). */
export async function dropPgDatabases() {
  if (!created.length) return;
  const c = new pg.Client({ connectionString: PG_TEST_URL });
  await c.connect();
  try {
    for (const name of created.splice(0)) {
      // Not WITH (FORCE): that also terminates an autovacuum worker on the database, a superuser's
      // process our role may not signal (CI failed so under load). Our own leftover connections are
      // ended first; a plain DROP cancels autovacuum itself. A connection still closing is waited for.
      for (let attempt = 0; ; attempt++) {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()', [
          name,
        ]);
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (e) {
          if (attempt >= 20 || (e as { code?: string }).code !== '55006') throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }
  } finally {
    await c.end();
  }
}

/** Runs one query on a database (tests that read or damage the hub's tables). */
export async function pgQuery<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({
    connectionString: url,
    types: { getTypeParser: ((oid: number, f?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, f as 'text'))) as typeof pg.types.getTypeParser },
  });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
