import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../create-core';
import { setupCore, type TestCore } from '../../test/helpers';

describe('app.about', () => {
  let t: TestCore;
  afterEach(async () => t && (await t.core.close()));

  it('names the product, its version from package.json and the data folder, to a signed-in account only', async () => {
    t = await setupCore();
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../package.json'), 'utf8')) as { productName: string; version: string };
    expect(await t.call('app.about', {}, t.adminToken)).toEqual({
      productName: pkg.productName,
      version: pkg.version,
      dataDir: path.dirname(t.dbPath),
      electron: null,
    });
    expect(await t.core.dispatch('app.about', {}, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('the app root the core finds from its bundle', () => {
  it('is the folder with package.json, from source, out/main/ and out/main/chunks/ alike', () => {
    const root = path.resolve(import.meta.dirname, '../../../..');
    for (const from of ['electron/core', 'out/main', 'out/main/chunks']) expect(appRoot(path.join(root, from))).toBe(root);
  });
});
