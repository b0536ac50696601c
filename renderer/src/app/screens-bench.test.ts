import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The screens bench (bench/screens.bench.ts) times every call a screen makes when it opens. A new
// screen, or a new call on one, has to join it: this lists the renderer's queries and looks for each.
const root = path.resolve(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the screens bench', () => {
  it('times every query a screen of the renderer makes', () => {
    const queried = new Set<string>();
    for (const file of sources(path.join(root, 'renderer', 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/useRpc\(\s*'([\w.]+)'/g)) queried.add(m[1]!);
      for (const m of text.matchAll(/queryFn: \(\) => rpc\('([\w.]+)'/g)) queried.add(m[1]!);
    }
    const bench = fs.readFileSync(path.join(root, 'bench', 'screens.bench.ts'), 'utf8');
    const timed = new Set([...bench.matchAll(/\['([\w.]+)', \{/g)].map((m) => m[1]!));
    expect(queried.size).toBeGreaterThan(30);
    expect([...queried].filter((m) => !timed.has(m)).sort()).toEqual([]);
  });
});
