import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from './index';

// Every literal key the renderer asks for exists in the dictionaries (each feature's en-US is
// typed against its zh-CN, so one check covers both): a missing key would show its raw name on screen.
const SRC = path.resolve(__dirname, '..');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') && e.name !== 'i18n.ts' ? [p] : [];
  });
}
const lookup = (key: string) =>
  key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), DICTIONARIES['zh-CN']);

describe('i18n keys', () => {
  it('resolves every literal t() key used by the renderer', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(SRC)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        seen++;
        if (lookup(m[1]!) === undefined) missing.push(`${path.relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect(missing).toEqual([]);
  });
});

describe('the dictionaries', () => {
  // Both languages have the same keys: en-US is typed against zh-CN per feature, and this
  // catches a feature that gives one language a key the other lacks through the merge.
  it('have the same keys in both languages', () => {
    const keys = (o: object, at = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${at}${k}.`) : [`${at}${k}`]));
    expect(keys(DICTIONARIES['en-US']).sort()).toEqual(keys(DICTIONARIES['zh-CN']).sort());
  });
});
