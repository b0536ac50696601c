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
const USAGE = `用法：node out/main/host.js [选项]
  --port <端口>        监听端口（默认 0：任选一个空闲端口；环境变量 BD_PORT）
  --data <目录>        数据目录（默认 ~/.branch-desk；环境变量 BD_DATA_DIR）
  --restore <备份文件>  启动前先从该备份恢复（数据库损坏无法启动时使用）
  --static <目录>      界面文件目录（默认随程序提供）
  --migrations <目录>  数据库迁移目录（默认随程序提供）
  -h, --help           显示本说明
`;
const OPTIONS = {
  port: { type: 'string', default: process.env.BD_PORT ?? '0' },
  data: { type: 'string', default: process.env.BD_DATA_DIR ?? path.join(os.homedir(), '.branch-desk') },
  static: { type: 'string' },
  migrations: { type: 'string' },
  /** A damaged database that no longer starts: restore this backup first (README, Restoring a damaged database). */
  restore: { type: 'string' },
  /** Test-only (NODE_ENV=test): the host's clock, set by the end-to-end fixture. */
  'clock-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
let parsed;
try {
  parsed = parseArgs({ options: OPTIONS });
} catch (e) {
  // An unknown option or one without its value: said plainly, with the usage, not a stack trace.
  process.stderr.write(`参数有误：${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

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
    process.stdout.write(`已准备从 ${values.restore} 恢复，启动时换入${r.damagedCopy ? `；损坏的数据库另存为 ${r.damagedCopy}` : ''}\n`);
  } catch (e) {
    const reason = (e as { details?: { reason?: string } }).details?.reason ?? 'failed';
    const why: Record<string, string> = {
      no_backup: '找不到该文件',
      not_backup: '该文件不是本系统的备份',
      backup_key_mismatch: '该备份由另一安装加密，本机密钥打不开（需要那台电脑的密钥或恢复密钥）',
      backup_damaged: '该备份已损坏，请换一份较早的备份',
    };
    process.stderr.write(`--restore 被拒绝（${reason}）：${why[reason] ?? (e as Error).message}。数据库未改动。\n`);
    process.exit(2);
  }
}

/** The command line that started this host, for the restore command a refusal prints (the same port and folder). */
const restoreCommand = [
  `node ${path.relative(process.cwd(), process.argv[1] ?? 'out/main/host.js') || 'out/main/host.js'}`,
  values.port && values.port !== '0' ? `--port ${values.port}` : null,
  `--data ${shellPath(values.data!)}`,
]
  .filter(Boolean)
  .join(' ');
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
  process.stderr.write(`无法启动：${startupFailureText(e, { dbPath, command: restoreCommand })}\n`);
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
    process.stderr.write(`无法启动：${startupFailureText(e, { dbPath, command: restoreCommand })}\n`);
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
