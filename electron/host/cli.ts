import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../core/create-core';
import { startHost } from './server';

// Browser mode entry: `node out/main/host.js [--port N] [--data DIR]`.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BD_PORT ?? '0' },
    data: { type: 'string', default: process.env.BD_DATA_DIR ?? path.join(os.homedir(), '.branch-desk') },
    static: { type: 'string' },
    migrations: { type: 'string' },
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const staticDir = values.static ?? path.join(here, '..', 'renderer');
fs.mkdirSync(values.data!, { recursive: true });
const dbPath = path.join(values.data!, 'branch-desk.sqlite');

function log(level: string, msg: string, fields?: Record<string, unknown>) {
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
}

let core;
try {
  core = createCore({ dbPath, migrationsDir: values.migrations ?? path.join(here, '..', '..', 'drizzle'), log, autoSync: true });
} catch (e) {
  process.stderr.write(`无法启动：${(e as Error).message}\n`);
  process.exit(2);
}
const host = await startHost({ core, staticDir: fs.existsSync(staticDir) ? staticDir : null, port: Number(values.port) });
process.stdout.write(`Branch Desk 浏览器模式已启动：${host.url}\n数据目录：${values.data}\n`);

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
