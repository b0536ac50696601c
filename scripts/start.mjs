#!/usr/bin/env node
// `npm start`: build, then launch Electron. When Electron cannot start (binary missing, no
// download possible, no display), say so and serve browser mode instead, printing the URL.
// Before Electron launches, better-sqlite3 is built for Electron's ABI into .native/ (once);
// when that fails (no compiler, no network for Electron's headers) browser mode is used too.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinding } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browserOnly = process.argv.includes('--browser');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

console.log('正在构建 Branch Desk（主进程、预加载脚本和界面，约需半分钟）…');
const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) {
  console.error('构建失败，请检查上面的错误信息。');
  process.exit(build.status ?? 1);
}
console.log('构建完成。');

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
  // Resolving the electron package downloads its binary on first use (npm may not have run its
  // install script); do it in a child process so a failed download cannot take this script down,
  // and say what actually happened.
  console.log('正在查找 Electron（首次启动时会下载，可能需要几分钟）…');
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write('ELECTRON_PATH=' + require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const found = /ELECTRON_PATH=(.+)$/m.exec(probe.stdout ?? '');
  const electronPath = probe.status === 0 && found ? found[1].trim() : null;
  if (!electronPath) {
    const said = `${probe.stdout ?? ''}\n${probe.stderr ?? ''}`;
    const triedDownload = /Downloading Electron/i.test(said);
    const detail = said
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|failed|404|403/i.test(l));
    const reason =
      probe.error?.code === 'ETIMEDOUT'
        ? '下载 Electron 超时（10 分钟）'
        : triedDownload
          ? `下载 Electron 失败${detail ? `：${detail.slice(0, 160)}` : ''}`
          : `Electron 无法加载${detail ? `：${detail.slice(0, 160)}` : ''}`;
    browserMode(reason);
  } else {
    // better-sqlite3 as npm built it is for Node's ABI; Electron needs a build of its own
    // (scripts/electron-native.mjs), made once into .native/ and chosen by the core at run time.
    const native = await electronNative(electronPath);
    if (!native.ok) browserMode(native.reason);
    else launch(electronPath);
  }
}

/** Electron's version and ABI, asked of the binary itself, then its build of better-sqlite3. */
async function electronNative(electronPath) {
  const asked = spawnSync(electronPath, ['-p', 'JSON.stringify({ electron: process.versions.electron, modules: process.versions.modules })'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let v = null;
  try {
    v = JSON.parse(/\{.*\}/.exec(asked.stdout ?? '')?.[0] ?? 'null');
  } catch {
    v = null;
  }
  if (!v?.electron || !v?.modules) return { ok: false, reason: `无法读取 Electron 的版本${asked.error ? `：${asked.error.message}` : ''}` };
  const r = await ensureElectronBinding({ root, electronVersion: v.electron, abi: v.modules, log: (m) => console.log(m) });
  if (r.ok && r.built) console.log('已为 Electron 编译 better-sqlite3。');
  return r;
}

function launch(electronPath) {
  const started = Date.now();
  const child = spawn(electronPath, [root], { cwd: root, stdio: 'inherit' });
  child.on('error', (e) => browserMode(e.message));
  child.on('exit', (code, signal) => {
    // An immediate crash (missing libraries, no display) falls back; a normal quit ends here.
    if (code !== 0 && Date.now() - started < 8000) browserMode(`退出码 ${code ?? signal}`);
    else process.exit(code ?? 0);
  });
}
