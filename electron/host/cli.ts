import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core/create-core';
import { systemClock } from '../core/clock';
import { fileKey } from '../core/db/db-key';
import { restoreOffline } from '../core/restore-offline';
import { shellPath, startupFailureText } from '../core/startup-failure';
import { startHost } from './server';
import { fileClock } from './test-clock';

// Browser mode entry: `node out/main/host.js [--port N] [--data DIR]`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BD_PORT ?? '0' },
    data: { type: 'string', default: process.env.BD_DATA_DIR ?? path.join(os.homedir(), '.branch-desk') },
    static: { type: 'string' },
    migrations: { type: 'string' },
    /** A damaged database that no longer starts: restore this backup first (README, Restoring a damaged database). */
    restore: { type: 'string' },
    /** Test-only (NODE_ENV=test): the host's clock, set by the end-to-end fixture. */
    'clock-file': { type: 'string' },
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const staticDir = values.static ?? path.join(here, '..', 'renderer');
fs.mkdirSync(values.data!, { recursive: true });
const dbPath = path.join(values.data!, 'branch-desk.sqlite');

function log(level: string, msg: string, fields?: Record<string, unknown>) {
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
}

if (values['clock-file'] && process.env.NODE_ENV !== 'test') {
  process.stderr.write('--clock-file 仅用于测试（需要 NODE_ENV=test）\n');
  process.exit(2);
}
const clock = values['clock-file'] ? fileClock(values['clock-file']) : undefined;

if (values.restore) {
  try {
    const r = restoreOffline({
      dbPath,
      file: values.restore,
      key: fileKey(dbPath),
      user: `${os.userInfo().username} (--restore)`,
      now: () => (clock ?? systemClock).now(),
    });
    process.stdout.write(`Restore staged from ${values.restore}${r.damagedCopy ? `; the damaged database is kept as ${r.damagedCopy}` : ''}\n`);
  } catch (e) {
    const reason = (e as { details?: { reason?: string } }).details?.reason ?? (e as Error).message;
    process.stderr.write(`--restore refused: ${reason}\n`);
    process.exit(2);
  }
}

const open = () =>
  createCore({
    dbPath,
    clock,
    migrationsDir: values.migrations ?? path.join(here, '..', '..', 'drizzle'),
    log,
    autoSync: true,
    onRestart: () => void restart(),
  });
let core;
try {
  core = open();
} catch (e) {
  process.stderr.write(
    `无法启动：${startupFailureText(e, { dbPath, command: `node ${path.relative(process.cwd(), process.argv[1] ?? 'out/main/host.js') || 'out/main/host.js'} --data ${shellPath(values.data!)}` })}\n`,
  );
  process.exit(2);
}
let host = await startHost({ core, staticDir: fs.existsSync(staticDir) ? staticDir : null, port: Number(values.port) });
process.stdout.write(`Branch Desk 浏览器模式已启动：${host.url}\n数据目录：${values.data}\n`);
// Browser mode's key comes from BD_DB_KEY or the key file in the data folder: not protected (README).
process.stdout.write(
  `数据库已加密；密钥${process.env.BD_DB_KEY ? '来自环境变量 BD_DB_KEY' : `在 ${path.join(values.data!, 'db.key')}`}（浏览器模式下密钥不受保护，复制数据目录即可读取）\n`,
);

/** A restore was staged: close, and start again on the same port (the core swaps the file in). */
async function restart() {
  const port = Number(new URL(host.url).port);
  await host.close();
  await core!.close({ backup: false });
  try {
    core = open();
  } catch (e) {
    process.stderr.write(
      `无法启动：${startupFailureText(e, { dbPath, command: `node ${path.relative(process.cwd(), process.argv[1] ?? 'out/main/host.js') || 'out/main/host.js'} --data ${shellPath(values.data!)}` })}\n`,
    );
    process.exit(2);
  }
  host = await startHost({ core, staticDir: fs.existsSync(staticDir) ? staticDir : null, port });
  process.stdout.write(`Branch Desk 已重新启动：${host.url}\n`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Never hang on shutdown: the backup is short, anything longer is a stuck connection.
  setTimeout(() => process.exit(1), 20_000).unref();
  await host.close();
  await core!.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
