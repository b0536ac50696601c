import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SENSITIVITY_CLASSES, type SensitivityClass } from '../shared/sync/protocol';
import zlib from 'node:zlib';
import { buildSnapshot, countyWideTables, createHub, DEFAULT_PENDING_QUOTA, DEFAULT_PENDING_TTL_MS, followingColumns } from './hub';
import { cliLang, cliWords } from './cli-words';
import { createPgStore, redactUrl } from './store/pg-store';
import { unstorableRows } from './store/dump-check';
import { createSqliteStore, hubKey } from './store/sqlite-store';
import type { HubStore } from './store/store';

// npm run hub -- [serve] [--port 8787] [--data ./hub-data] [--cert f --key f] [--host 0.0.0.0]
//   [--store postgres://user:pass@host/db]  PostgreSQL instead of the embedded SQLite (or HUB_DATABASE_URL)
//   [--db-key-file f]  the SQLite store's key (or HUB_DB_KEY); default hub.key in --data, made on first start
//   [--pg-pool 10] [--pg-statement-timeout-ms 10000] [--pg-retry-ms 15000]
// npm run hub -- migrate-store --from ./hub-data --to postgres://…   copies a SQLite hub into an empty PostgreSQL database
// npm run hub -- enroll --office <officeId> [--class station|county|hr] [--days 7]
// npm run hub -- snapshot <file> --office <officeId> [--class station]
// npm run hub -- devices
// npm run hub -- revoke <deviceId>
// npm run hub -- audit-restores                  restores devices reported: the audit head each replaced, the anchor the hub held
// npm run hub -- pending [--drop <deviceId>]      ops kept for tables or columns this hub does not know
//   [--lang zh|en]  the language it answers in (or HUB_LANG); the machine's locale otherwise
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: process.env.HUB_PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: process.env.HUB_DATA ?? './hub-data' },
    cert: { type: 'string' },
    key: { type: 'string' },
    office: { type: 'string' },
    class: { type: 'string', default: 'station' },
    days: { type: 'string', default: '7' },
    count: { type: 'string', default: '1' },
    'min-schema': { type: 'string', default: '1' },
    'max-schema': { type: 'string' },
    /** Test-only (NODE_ENV=test): run the hub's clock ahead (the 30-days-offline fault test, the end-to-end suite's clock). */
    'clock-offset-ms': { type: 'string' },
    'pending-quota-mb': { type: 'string', default: String(DEFAULT_PENDING_QUOTA / 1024 / 1024) },
    'pending-days': { type: 'string', default: String(DEFAULT_PENDING_TTL_MS / 86_400_000) },
    'enroll-failures': { type: 'string', default: '10' },
    drop: { type: 'string' },
    store: { type: 'string', default: process.env.HUB_DATABASE_URL },
    'pg-pool': { type: 'string', default: process.env.HUB_PG_POOL ?? '10' },
    'pg-statement-timeout-ms': { type: 'string', default: process.env.HUB_PG_STATEMENT_TIMEOUT_MS ?? '10000' },
    'pg-retry-ms': { type: 'string', default: process.env.HUB_PG_RETRY_MS ?? '15000' },
    from: { type: 'string' },
    to: { type: 'string' },
    'replace-unstorable': { type: 'boolean', default: false },
    /** The SQLite store's key file (64 hex digits); default hub.key in --data, made on first start. HUB_DB_KEY overrides. */
    'db-key-file': { type: 'string' },
    /** zh or en (or HUB_LANG); the machine's locale otherwise. */
    lang: { type: 'string' },
  },
});
const say = cliWords(cliLang(values.lang, process.env));

// An operator's mistake is a sentence that says what to fix, not a stack trace (and never a password).
function fail(e: unknown): never {
  console.error(`✗ ${redactUrl(e instanceof Error ? e.message : String(e))}`);
  process.exit(1);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

/** A numeric flag, refused at start when it is not a number in its range (NaN once turned a timeout off). */
function num(flag: keyof typeof values, min: number, max: number): number {
  const raw = values[flag];
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    fail(new Error(say('badNumber', { flag: String(flag), min, max, got: String(raw) })));
  }
  return n;
}

// A hub whose clock runs off the real one would stamp enrolments, pending ops and anchors wrongly:
// the offset is for the tests only, refused before anything is opened.
if (values['clock-offset-ms'] !== undefined && process.env.NODE_ENV !== 'test') {
  process.stderr.write(`${say('testOnlyClock')}\n`);
  process.exit(2);
}

// Every number is checked before anything starts or connects.
const N = {
  offset: values['clock-offset-ms'] === undefined ? 0 : num('clock-offset-ms', -10 * 365 * 86_400_000, 10 * 365 * 86_400_000),
  port: num('port', 0, 65_535),
  pgPool: num('pg-pool', 1, 1000),
  pgStatementTimeoutMs: num('pg-statement-timeout-ms', 100, 3_600_000),
  pgRetryMs: num('pg-retry-ms', 0, 3_600_000),
  pendingDays: num('pending-days', 1, 3650),
  pendingQuotaMb: num('pending-quota-mb', 1, 100_000),
  enrollFailures: num('enroll-failures', 1, 1_000_000),
  minSchema: num('min-schema', 1, 10_000),
  maxSchema: values['max-schema'] ? num('max-schema', 1, 10_000) : undefined,
  days: num('days', 1, 365),
  count: num('count', 1, 10_000),
};
const offset = N.offset;
const now = () => Date.now() + offset;
const isPg = (s: string | undefined) => !!s && /^postgres(ql)?:\/\//.test(s);

/** A store named by a PostgreSQL URL, or a SQLite hub's data folder. */
async function openStore(where: string | undefined): Promise<HubStore> {
  if (isPg(where)) {
    return createPgStore(where!, {
      now,
      countyWide: countyWideTables,
      follows: followingColumns,
      poolSize: N.pgPool,
      statementTimeoutMs: N.pgStatementTimeoutMs,
      retryForMs: N.pgRetryMs,
    });
  }
  const dir = where ?? values.data!;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hub.sqlite');
  // Encrypted at rest, with HUB_DB_KEY, --db-key-file, or hub.key made in the data folder (README).
  return createSqliteStore(file, { now, countyWide: countyWideTables, follows: followingColumns, key: hubKey(file, process.env, values['db-key-file']) });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

const [cmd = 'serve', arg] = positionals;
if (values.store && !isPg(values.store)) throw new Error(say('storeNotPg'));
if (cmd === 'migrate-store') {
  // Moving a county to PostgreSQL: every op, row document, eviction, device (token hashes
  // included, so devices carry on without enrolling again), enrolment, pending op and conflict,
  // with the last server_seq, so every device's pull cursor stays valid.
  const fromArg = values.from ?? values.data!;
  const toArg = values.to ?? values.store;
  if (!toArg) throw new Error(say('migrateNeedsTo'));
  if (!isPg(fromArg) && !fs.existsSync(path.join(fromArg, 'hub.sqlite'))) throw new Error(say('noHubStore', { dir: fromArg }));
  const pidFile = isPg(fromArg) ? null : path.join(fromArg, 'hub.pid');
  const running = pidFile && fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : null;
  if (running && running !== process.pid && alive(running)) {
    throw new Error(say('stillRunning', { dir: fromArg, pid: running }));
  }
  const from = await openStore(fromArg);
  const to = await openStore(toArg);
  const t0 = performance.now();
  const dump = await from.exportAll();
  const bad = unstorableRows(dump, !!values['replace-unstorable']);
  if (bad.length && !values['replace-unstorable']) {
    await from.close();
    await to.close();
    const list = bad
      .slice(0, 10)
      .map((b) => `${b.table} ${b.key} (${b.field})`)
      .join('; ');
    throw new Error(say('unstorable', { n: bad.length, list: `${list}${bad.length > 10 ? ' …' : ''}` }));
  }
  if (bad.length)
    console.log(
      say('replaced', {
        n: bad.length,
        list: bad
          .slice(0, 10)
          .map((b) => `${b.table} ${b.key}`)
          .join('; '),
      }),
    );
  await to.importAll(dump);
  const check = await to.stats();
  const seq = await to.maxSeq();
  await from.close();
  await to.close();
  if (check.rows !== dump.hub_row.length || check.ops !== dump.op.length || seq !== dump.seq) throw new Error(say('copyMismatch'));
  console.log(
    say('migrated', {
      from: isPg(fromArg) ? redactUrl(fromArg) : fromArg,
      to: isPg(toArg) ? redactUrl(toArg) : toArg,
      rows: dump.hub_row.length,
      ops: dump.op.length,
      devices: dump.device.length,
      evictions: dump.eviction.length,
      pending: dump.pending_op.length,
      conflicts: dump.conflict.length,
      anchors: dump.audit_anchor.length,
      seq: dump.seq,
      ms: Math.round(performance.now() - t0),
    }),
  );
  console.log(say('migratedNext'));
  process.exit(0);
}
const store = await openStore(values.store);
const pendingTtlMs = N.pendingDays * 86_400_000;

if (cmd === 'enroll') {
  if (!values.office) throw new Error(say('officeRequired'));
  if (!SENSITIVITY_CLASSES.includes(values.class as SensitivityClass)) throw new Error(say('badClass', { list: SENSITIVITY_CLASSES.join(', ') }));
  for (let i = 0; i < N.count; i++) {
    const code = await store.createEnrolment(values.office, values.class as SensitivityClass, N.days * 86_400_000);
    console.log(say('enrolCode', { days: N.days, code }));
  }
  await store.close();
} else if (cmd === 'snapshot') {
  if (!values.office) throw new Error(say('officeRequired'));
  const out = arg ?? `snapshot-${values.office}.json.gz`;
  const snap = await buildSnapshot(store, values.office, values.class as SensitivityClass, now());
  fs.writeFileSync(out, zlib.gzipSync(JSON.stringify(snap)));
  console.log(say('snapshotWritten', { file: out, rows: snap.rows.length, seq: snap.cursor }));
  await store.close();
} else if (cmd === 'devices') {
  for (const d of await store.listDevices())
    console.log(
      [d.id, d.name, d.officeId, d.sensitivity, d.revokedAt ? 'revoked' : 'active', d.lastSeenAt ? new Date(d.lastSeenAt).toISOString() : '-'].join('\t'),
    );
  await store.close();
} else if (cmd === 'pending') {
  // Expired ones first, as the running hub would.
  await store.dropPending({ before: now() - pendingTtlMs });
  if (values.drop) console.log(say('pendingDropped', { n: await store.dropPending({ deviceId: values.drop }) }));
  const names = new Map((await store.listDevices()).map((d) => [d.id, d.name]));
  const rows = await store.pendingSummary();
  if (!rows.length) console.log(say('noPending'));
  for (const r of rows)
    console.log(
      [
        r.deviceId,
        names.get(r.deviceId) ?? '-',
        `${r.ops} ops`,
        `${(r.bytes / 1024).toFixed(1)} KB`,
        new Date(r.oldest).toISOString(),
        r.reasons.join('; '),
      ].join('\t'),
    );
  await store.close();
} else if (cmd === 'audit-restores') {
  const names = new Map((await store.listDevices()).map((d) => [d.id, d.name]));
  const rows = await store.auditRestores();
  if (!rows.length) console.log(say('noRestores'));
  for (const r of rows)
    console.log(
      [
        r.deviceId,
        names.get(r.deviceId) ?? '-',
        new Date(r.at).toISOString(),
        `replaced ${r.replaced ? `${r.replaced.seq}:${r.replaced.hash.slice(0, 12)}` : '-'}`,
        `held ${r.held.seq}:${r.held.hash.slice(0, 12)}`,
        `restored head ${r.head.seq}`,
        `restore row ${r.entry.seq}`,
      ].join('\t'),
    );
  await store.close();
} else if (cmd === 'revoke') {
  console.log(arg && (await store.revokeDevice(arg)) ? say('revoked', { id: arg }) : say('noSuchDevice'));
  await store.close();
} else {
  const tls = values.cert && values.key ? { cert: fs.readFileSync(values.cert), key: fs.readFileSync(values.key) } : undefined;
  const hub = createHub({
    store,
    tls,
    now,
    minSchemaVersion: N.minSchema,
    maxSchemaVersion: N.maxSchema,
    pendingQuota: N.pendingQuotaMb * 1024 * 1024,
    pendingTtlMs,
    enrollFailures: N.enrollFailures,
  });
  await hub.retryPending().catch((e: Error) => console.error(`pending ops not retried: ${e.message}`));
  setInterval(() => void hub.expirePending().catch(() => undefined), 3_600_000).unref();
  const server = await hub.listen(N.port, values.host);
  // A SQLite hub says it is running, so that migrate-store refuses to copy it while it serves.
  const pidFile = store.kind === 'postgres' ? null : path.join(values.data!, 'hub.pid');
  if (pidFile) {
    fs.writeFileSync(pidFile, String(process.pid));
    process.on('exit', () => fs.rmSync(pidFile, { force: true }));
  }
  const addr = server.address() as { port: number };
  console.log(
    `Branch Desk sync hub listening on ${tls ? 'https' : 'http'}://${values.host}:${addr.port}/ (${store.kind === 'postgres' ? `store: ${redactUrl(values.store!)}` : `data: ${values.data}`})`,
  );
  const stop = () => server.close(() => void store.close().finally(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
