// Builds better-sqlite3 a second time, for Electron's ABI, into a folder of its own, so that one
// `npm install` serves Electron, browser mode and the tests (electron/core/db/native-binding.ts
// picks the build by runtime). `npm start` runs it before Electron launches; a failure (no
// compiler, no network for Electron's headers) is reported and browser mode is used instead.
// `better-sqlite3` is an npm alias of better-sqlite3-multiple-ciphers (encryption at rest): the
// folder is named after the installed package and version, so a build of another one is never used.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The installed driver's package name and version (driverTag in electron/core/db/native-binding.ts). */
export function driverTag() {
  const pkg = createRequire(import.meta.url)('better-sqlite3/package.json');
  return `${pkg.name}-${pkg.version}`;
}

/** The same path as electronBindingFile in electron/core/db/native-binding.ts. */
export function electronBindingFile(root, abi, platform, arch, driver = driverTag()) {
  return path.join(root, '.native', `${driver}-electron-v${abi}-${platform}-${arch}`, 'better_sqlite3.node');
}

/** Rebuild a copy of the installed better-sqlite3 for Electron with @electron/rebuild; returns the built file. */
async function rebuildCopy({ root, electronVersion, arch, staging }) {
  const { rebuild } = await import('@electron/rebuild');
  const src = path.join(root, 'node_modules', 'better-sqlite3');
  const dest = path.join(staging, 'node_modules', 'better-sqlite3');
  const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) fs.cpSync(path.join(src, entry), path.join(dest, entry), { recursive: true });
  // Named by its folder (the alias), as @electron/rebuild finds modules; the copied package.json is the cipher package's own.
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'bd-native-staging', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': pkg.version } }),
  );
  await rebuild({ buildPath: staging, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });
  return path.join(dest, 'build', 'Release', 'better_sqlite3.node');
}

/**
 * Make sure the Electron build for `abi` exists. Returns { ok: true, file, built } or
 * { ok: false, reason }; never throws. `rebuild` is replaceable for tests.
 */
export async function ensureElectronBinding({
  root,
  electronVersion,
  abi,
  platform = process.platform,
  arch = process.arch,
  rebuild = rebuildCopy,
  log = () => {},
}) {
  if (!/^\d+$/.test(String(abi ?? ''))) return { ok: false, reason: `Electron 的模块版本未知（${abi}）` };
  const file = electronBindingFile(root, String(abi), platform, arch);
  if (fs.existsSync(file)) return { ok: true, file, built: false };
  const staging = path.join(root, '.native', `.staging-${process.pid}`);
  try {
    log(`正在为 Electron ${electronVersion}（模块版本 ${abi}）编译 better-sqlite3，只在首次启动时进行…`);
    fs.rmSync(staging, { recursive: true, force: true });
    const built = await rebuild({ root, electronVersion, arch, staging });
    if (!built || !fs.existsSync(built)) return { ok: false, reason: '编译没有产生 better_sqlite3.node' };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Copy then rename: a half-written file never looks like a finished build.
    fs.copyFileSync(built, `${file}.tmp`);
    fs.renameSync(`${file}.tmp`, file);
    return { ok: true, file, built: true };
  } catch (e) {
    const msg =
      String(e?.message ?? e)
        .split('\n')
        .find((l) => l.trim()) ?? 'unknown error';
    return { ok: false, reason: `为 Electron 编译 better-sqlite3 失败：${msg.slice(0, 200)}` };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
