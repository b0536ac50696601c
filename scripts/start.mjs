#!/usr/bin/env node
// `npm start`: build, then launch Electron. When Electron cannot start (binary missing, no
// download possible, no display), say so and serve browser mode instead, printing the URL.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browserOnly = process.argv.includes('--browser');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

console.log('正在构建 Branch Desk …');
const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
if (build.status !== 0) {
  console.error('构建失败，请检查上面的错误信息。');
  process.exit(build.status ?? 1);
}

function browserMode(reason) {
  if (reason) console.log(`无法启动 Electron（${reason}），改用浏览器模式。`);
  const args = [path.join(root, 'out', 'main', 'host.js'), '--port', process.env.BD_PORT ?? '5183'];
  const host = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const stop = () => host.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 0));
}

if (browserOnly) {
  browserMode(null);
} else {
  // Resolving the electron package downloads its binary on first use; do it in a child
  // process so a failed download cannot take this script down.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const electronPath = probe.status === 0 ? probe.stdout.trim() : null;
  if (!electronPath) {
    browserMode('Electron 可执行文件不存在且无法下载');
  } else {
    const started = Date.now();
    const child = spawn(electronPath, [root], { cwd: root, stdio: 'inherit' });
    child.on('error', (e) => browserMode(e.message));
    child.on('exit', (code, signal) => {
      // An immediate crash (missing libraries, no display) falls back; a normal quit ends here.
      if (code !== 0 && Date.now() - started < 8000) browserMode(`退出码 ${code ?? signal}`);
      else process.exit(code ?? 0);
    });
  }
}
