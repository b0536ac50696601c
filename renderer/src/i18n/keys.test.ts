import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';

// Every literal key the renderer asks for exists in the dictionaries (en-US is typed against
// zh-CN, so one check covers both): a missing key would show its raw name on screen.
const SRC = path.resolve(__dirname, '..');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}
const lookup = (key: string) => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), zhCN);

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
