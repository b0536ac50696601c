import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../shared/contract';
import { LOCAL_RESOURCES } from '../../../shared/contract/common';
import { syncManifest } from '../../../shared/sync/manifest';
import { readsAny } from './hooks';

// The one data path (api/hooks.ts): a query refreshes when data.changed names a table it reads.
// A query without `reads` would never refresh, and a misspelt table would never match.
const SRC = path.resolve(__dirname, '..');
const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes('.test.') ? [path.join(dir, e.name)] : []));
const KNOWN = new Set<string>([...Object.keys(syncManifest), ...LOCAL_RESOURCES]);

describe('what queries read and commands change', () => {
  it('is declared for every method the screens query', () => {
    const queried = new Set<string>();
    for (const f of files(SRC))
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:useRpc\(\s*|queryKey: \[)'([a-zA-Z]+\.[a-zA-Z]+)'/g)) queried.add(m[1]!);
    expect(queried.size).toBeGreaterThan(30);
    const undeclared = [...queried].filter((m) => m !== 'auth.status' && contract[m as MethodName]?.reads === undefined);
    expect(undeclared).toEqual([]);
  });

  it('names only tables and local resources that exist', () => {
    for (const [name, spec] of Object.entries(contract) as [string, { reads?: readonly string[] | '*'; changes?: readonly string[] }][]) {
      for (const t of [...(spec.reads === '*' ? [] : (spec.reads ?? [])), ...(spec.changes ?? [])]) expect(KNOWN.has(t), `${name}: ${t}`).toBe(true);
    }
  });

  it('refreshes the queries that read a changed table, and only those', () => {
    expect(readsAny('zones.list', new Set(['business']))).toBe(true);
    expect(readsAny('users.list', new Set(['app_user']))).toBe(true);
    expect(readsAny('users.list', new Set(['business']))).toBe(false);
    expect(readsAny('training.plans', new Set(['business']))).toBe(false);
    expect(readsAny('audit.list', new Set(['anything']))).toBe(true);
    expect(readsAny('no.such', new Set(['business']))).toBe(false);
  });
});
