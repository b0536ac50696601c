import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { createCore } from '../create-core';
import { tempDir } from '../test/helpers';
import { chooseNativeBinding, currentRuntime, driverTag, electronBindingFile } from './native-binding';
import { fileKind } from './cipher';
import { newDbKey } from './db-key';
import { openDatabase } from './open';
// @ts-expect-error -- a plain ES module script without type declarations
import { driverTag as scriptDriverTag, electronBindingFile as scriptBindingFile, ensureElectronBinding } from '../../../scripts/electron-native.mjs';

const require = createRequire(import.meta.url);
const nodeBuild = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');

describe('choosing better-sqlite3’s build by runtime', () => {
  const root = '/opt/desk';
  const node = { versions: { modules: '115' }, platform: 'win32', arch: 'x64' };
  const electron = { versions: { electron: '45.5.0', modules: '150' }, platform: 'win32', arch: 'x64' };
  const built = electronBindingFile(root, '150', 'win32', 'x64');

  it.each([
    ['Node (browser mode, tests, hub): the package’s own build', node, [built], undefined],
    ['Electron from a clone with its build in .native/', electron, [built], built],
    ['Electron in the package (electron-builder rebuilt the package’s own build)', electron, [], undefined],
    ['Electron whose ABI has no build yet (another Electron version)', { ...electron, versions: { electron: '46.0.0', modules: '151' } }, [built], undefined],
    ['Electron on another architecture', { ...electron, arch: 'arm64' }, [built], undefined],
  ] as const)('%s', (_name, runtime, files, expected) => {
    expect(chooseNativeBinding(root, runtime, (f) => (files as readonly string[]).includes(f))).toBe(expected);
  });

  it('names the folder after the driver (the cipher build), the ABI, platform and architecture, as the build script does', () => {
    expect(driverTag()).toBe('better-sqlite3-multiple-ciphers-12.9.0');
    expect(scriptDriverTag()).toBe(driverTag());
    expect(built).toBe(path.join(root, '.native', 'better-sqlite3-multiple-ciphers-12.9.0-electron-v150-win32-x64', 'better_sqlite3.node'));
    // An older clone's build of plain better-sqlite3 (it would ignore the key) is not picked up.
    const plainBuild = path.join(root, '.native', 'better-sqlite3-electron-v150-win32-x64', 'better_sqlite3.node');
    expect(chooseNativeBinding(root, electron, (f) => f === plainBuild)).toBeUndefined();
    for (const [abi, platform, arch] of [
      ['150', 'win32', 'x64'],
      ['140', 'linux', 'arm64'],
      ['151', 'darwin', 'x64'],
    ]) {
      expect(scriptBindingFile(root, abi, platform, arch)).toBe(electronBindingFile(root, abi!, platform!, arch!));
    }
  });

  describe('under a simulated Electron runtime (process.versions.electron set)', () => {
    afterEach(() => {
      delete (process.versions as { electron?: string }).electron;
    });

    it('opens the database, encrypted, with the Electron build found for this ABI', () => {
      const appRoot = tempDir('bd-native-');
      Object.defineProperty(process.versions, 'electron', { value: '45.5.0', configurable: true, enumerable: true });
      const runtime = currentRuntime();
      expect(runtime.versions.electron).toBe('45.5.0');
      expect(chooseNativeBinding(appRoot, runtime)).toBeUndefined();
      // Stand-in for the Electron build: a copy of this runtime's own build, in the Electron folder.
      const file = electronBindingFile(appRoot, process.versions.modules, process.platform, process.arch);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync(nodeBuild, file);
      const chosen = chooseNativeBinding(appRoot, runtime);
      expect(chosen).toBe(file);
      const dbPath = path.join(appRoot, 'desk.sqlite');
      const key = newDbKey();
      const db = openDatabase(dbPath, { nativeBinding: chosen, key });
      try {
        expect(db.prepare('SELECT 41 + 1 AS n').get()).toEqual({ n: 42 });
        db.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('温州市瓯海区娄桥鑫达五金店')");
        db.pragma('wal_checkpoint(TRUNCATE)');
        // The chosen build is the cipher build: the file is encrypted with the key.
        expect(fileKind(dbPath)).toBe('encrypted');
        expect(db.prepare('SELECT sqlite3mc_version() AS v').get()).toMatchObject({ v: expect.stringContaining('Multiple Ciphers') });
        // better-sqlite3 loaded the addon from the chosen file, not from its own build folder.
        expect(Object.keys(require.cache)).toContain(file);
      } finally {
        db.close();
      }
    });
  });

  it('refuses a build that is not a loadable addon with a clear error, writing nothing', () => {
    const dir = tempDir('bd-native-');
    const bogus = path.join(dir, 'better_sqlite3.node');
    fs.writeFileSync(bogus, 'not an addon');
    const dbPath = path.join(dir, 'desk.sqlite');
    let err: unknown;
    try {
      createCore({ dbPath, backupDir: null, nativeBinding: bogus });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toMatchObject({ reason: 'open_failed' });
    expect(fs.existsSync(dbPath)).toBe(false);
  });
});

describe('building it for Electron (scripts/electron-native.mjs)', () => {
  const args = (root: string) => ({ root, electronVersion: '45.5.0', abi: '150', platform: 'win32', arch: 'x64' });

  it('fails gracefully when the rebuild fails (no network for Electron’s headers), leaving no half build', async () => {
    const root = tempDir('bd-native-');
    const r = await ensureElectronBinding({
      ...args(root),
      rebuild: async () => {
        throw new Error('gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org\nmore');
      },
    });
    expect(r).toMatchObject({ ok: false });
    expect(r.reason).toContain('ENOTFOUND');
    expect(fs.existsSync(electronBindingFile(root, '150', 'win32', 'x64'))).toBe(false);
    expect(fs.existsSync(path.join(root, '.native')) ? fs.readdirSync(path.join(root, '.native')) : []).toEqual([]);
  });

  it('puts a successful build in its folder once, and reuses it after', async () => {
    const root = tempDir('bd-native-');
    let calls = 0;
    const rebuild = async ({ staging }: { staging: string }) => {
      calls++;
      const out = path.join(staging, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(nodeBuild, out);
      return out;
    };
    const first = await ensureElectronBinding({ ...args(root), rebuild });
    expect(first).toEqual({ ok: true, file: electronBindingFile(root, '150', 'win32', 'x64'), built: true });
    expect(fs.readFileSync(first.file).equals(fs.readFileSync(nodeBuild))).toBe(true);
    const second = await ensureElectronBinding({ ...args(root), rebuild });
    expect(second).toMatchObject({ ok: true, built: false });
    expect(calls).toBe(1);
    // The staging copy is gone; only the build's folder remains.
    expect(fs.readdirSync(path.join(root, '.native'))).toEqual(['better-sqlite3-multiple-ciphers-12.9.0-electron-v150-win32-x64']);
  });

  it('refuses an unknown ABI without building', async () => {
    const root = tempDir('bd-native-');
    const r = await ensureElectronBinding({
      ...args(root),
      abi: undefined,
      rebuild: async () => {
        throw new Error('must not run');
      },
    });
    expect(r).toMatchObject({ ok: false });
  });
});
