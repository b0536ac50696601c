import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// better-sqlite3 is a native module, built for one NODE_MODULE_VERSION. `npm install` builds it for
// Node (browser mode, the tests, the hub); Electron has an ABI of its own. So a clone builds it a
// second time for Electron, into a folder of its own (scripts/electron-native.mjs, run by
// `npm start` before Electron launches), and the core picks the build that matches the runtime.
// The packaged app needs neither: electron-builder rebuilds the package's own build for Electron.

export interface Runtime {
  /** process.versions: `electron` is set inside Electron, `modules` is the runtime's ABI. */
  versions: { electron?: string; modules: string };
  platform: string;
  arch: string;
}

/**
 * The installed driver, by its own package name and version: `better-sqlite3` is an npm alias of
 * better-sqlite3-multiple-ciphers (encryption at rest), so a build made for another package (the
 * plain better-sqlite3 of an older clone, which would ignore the key) is never picked up.
 */
export function driverTag(): string {
  const pkg = createRequire(import.meta.url)('better-sqlite3/package.json') as { name: string; version: string };
  return `${pkg.name}-${pkg.version}`;
}

/** Where the clone's Electron build of better-sqlite3 lives (the same as scripts/electron-native.mjs). */
export function electronBindingFile(root: string, abi: string, platform: string, arch: string, driver = driverTag()): string {
  return path.join(root, '.native', `${driver}-electron-v${abi}-${platform}-${arch}`, 'better_sqlite3.node');
}

/**
 * The `nativeBinding` to open better-sqlite3 with: undefined (the package's own build) under
 * Node, and in Electron when there is no separate build (the packaged app); otherwise the
 * Electron build for this runtime's ABI.
 */
export function chooseNativeBinding(root: string, runtime: Runtime, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  if (!runtime.versions.electron) return undefined;
  const file = electronBindingFile(root, runtime.versions.modules, runtime.platform, runtime.arch);
  return exists(file) ? file : undefined;
}

export function currentRuntime(): Runtime {
  return { versions: process.versions, platform: process.platform, arch: process.arch };
}
