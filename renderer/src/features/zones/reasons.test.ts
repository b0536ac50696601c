import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../i18n';

// Every reason key the zones and offices services refuse with, and every rule they warn by, is
// worded in both languages: a missing one would show its raw key to the user.
const ROOT = path.resolve(__dirname, '../../../..');
const SERVICES = ['zones', 'offices'].flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, 'electron/core/services', dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => fs.readFileSync(path.join(ROOT, 'electron/core/services', dir, f), 'utf8')),
);
// The quoted keys of an expression, not the values it compares with (c.status === 'secondment' ? …).
const quoted = (s: string) => [...s.matchAll(/(?<!=== )'([a-zA-Z]+)'/g)].map((m) => m[1]!);
const at = (dict: object, key: string) =>
  key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), dict);

describe('the zones and offices outcomes', () => {
  const reasons = new Set<string>();
  const rules = new Set<string>();
  for (const src of SERVICES) {
    // fail('CODE', 'reason', …) and fail('CODE', cond ? 'a' : 'b', …); a map of reasons (REFUSALS, ID_REASONS).
    for (const m of src.matchAll(/fail\('[A-Z_]+', ([^,]+),/g)) for (const k of quoted(m[1]!)) reasons.add(k);
    for (const m of src.matchAll(/const [A-Z_]+ = (\{[^}]*\}) as const;/g)) for (const k of quoted(m[1]!.replace(/\w+:/g, ''))) reasons.add(k);
    for (const m of src.matchAll(/rule: ([^,]+),/g)) for (const k of quoted(m[1]!)) rules.add(k);
  }

  it.each(['zh-CN', 'en-US'] as const)('are worded in %s', (lang) => {
    expect(reasons.size).toBeGreaterThan(50);
    expect([...rules].sort()).toEqual(['cadreOnLeave', 'cadreOnSecondment', 'creditCheck', 'overThreshold', 'retiresSoon']);
    const missing = [...[...reasons].map((r) => `errors.reasons.${r}`), ...[...rules].map((r) => `zones.rules.${r}`)].filter(
      (k) => typeof at(DICTIONARIES[lang], k) !== 'string',
    );
    expect(missing).toEqual([]);
  });
});
