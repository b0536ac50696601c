import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error -- js-yaml ships no type declarations
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
// @ts-expect-error -- a plain ES module script without type declarations
import { ICO_SIZES } from '../scripts/make-icons.mjs';

// Packaging cannot run on these machines (no Electron download, no Windows): this reads
// electron-builder.yml as electron-builder would, and checks what it must say.
const root = path.resolve(import.meta.dirname, '..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Config;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the YAML as read, checked field by field below
type Config = Record<string, any>;
const file = (p: string) => path.join(root, p);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets each Electron fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // ASAR integrity and "only from the ASAR" mean nothing without an ASAR.
    expect(config.asar).toBe(true);
  });

  it('builds an NSIS installer for Windows x64 that asks where to install, in Chinese', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN'],
      language: '2052',
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('publishes for electron-updater’s generic provider, with differential NSIS updates', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^http:\/\/updates\.invalid\//), channel: 'latest' }]);
    expect(config.nsis.differentialPackage).toBe(true);
  });

  it('gives the package its own icon and installer images, all present and of the sizes NSIS takes', () => {
    expect(config.directories.buildResources).toBe('resources/build');
    expect(config.win.icon).toBe('resources/build/icon.ico');
    for (const k of ['installerIcon', 'uninstallerIcon', 'installerHeaderIcon']) expect(config.nsis[k]).toBe('resources/build/icon.ico');
    const ico = fs.readFileSync(file(config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, k) => ico[6 + 16 * k] || 256);
    expect(sizes).toEqual(ICO_SIZES);
    expect(Math.max(...sizes)).toBe(256);
    const bmp = (p: string) => {
      const b = fs.readFileSync(file(p));
      return { magic: b.toString('ascii', 0, 2), width: b.readInt32LE(18), height: b.readInt32LE(22), bits: b.readUInt16LE(28) };
    };
    expect(bmp(config.nsis.installerHeader)).toEqual({ magic: 'BM', width: 150, height: 57, bits: 24 });
    expect(bmp(config.nsis.installerSidebar)).toEqual({ magic: 'BM', width: 164, height: 314, bits: 24 });
    expect(bmp(config.nsis.uninstallerSidebar)).toEqual({ magic: 'BM', width: 164, height: 314, bits: 24 });
    const png = fs.readFileSync(file('resources/build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
  });

  it('ships the migrations and the window icon as extra resources, and better-sqlite3 outside the ASAR', () => {
    expect(config.extraResources).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'drizzle', to: 'drizzle' }), { from: 'resources/build/icon.png', to: 'icon.png' }]),
    );
    for (const r of config.extraResources) expect(fs.existsSync(file(r.from))).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // electron-builder rebuilds the native module for Electron's ABI; a clone does it itself (.native/).
    expect(config.npmRebuild).toBe(true);
    expect(config.files).not.toContain('.native/**');
  });
});
