import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../../shared/contract';
import { syncManifest } from '../../../../shared/sync/manifest';
import { auditLabelsEn, auditLabelsZh } from './labels';

// Every entry the core can write to the audit log reads in words: a write method (a synced write
// is audited under the method that made it), a method the core names itself, and every table.
const root = path.resolve(__dirname, '../../../..');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}
const core = sources(path.join(root, 'electron/core')).map((f) => fs.readFileSync(f, 'utf8'));
const readVerbs = new Set([...fs.readFileSync(path.join(root, 'electron/core/rpc/read-methods.ts'), 'utf8').matchAll(/'([a-zA-Z]+)'/g)].map((m) => m[1]!));
const named = new Set(core.flatMap((s) => [...s.matchAll(/method: '([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1]!)));
const writes = Object.keys(contract).filter((m) => !readVerbs.has(m.slice(m.indexOf('.') + 1)) && !m.startsWith('imports.') && !m.startsWith('update.'));
const entities = new Set([...Object.keys(syncManifest), ...core.flatMap((s) => [...s.matchAll(/entity: '([a-z_]+)'/g)].map((m) => m[1]!))]);

describe('audit labels', () => {
  const key = (m: string) => m.replace('.', '_');
  it('name every method the log can hold, in both languages', () => {
    const methods = [...new Set([...writes, ...named, 'imports.commit'])].filter((m) => m !== 'sync.status');
    expect(methods.length).toBeGreaterThan(60);
    expect(methods.filter((m) => !(key(m) in auditLabelsZh.methods))).toEqual([]);
    expect(methods.filter((m) => !(key(m) in auditLabelsEn.methods))).toEqual([]);
  });
  it('still name rows written under the dossier methods’ old names (dossier.* before dossiers.*)', () => {
    expect((auditLabelsZh.methods as Record<string, string>).dossier_savePlan).toBe(auditLabelsZh.methods.dossiers_savePlan);
    expect((auditLabelsEn.methods as Record<string, string>).dossier_saveAppraisal).toBe(auditLabelsEn.methods.dossiers_saveAppraisal);
    expect(Object.keys(contract).filter((m) => m.startsWith('dossier.'))).toEqual([]);
  });
  it('name every entity the log can hold, in both languages', () => {
    expect(entities.has('database')).toBe(true);
    expect([...entities].filter((e) => !(e in auditLabelsZh.entities))).toEqual([]);
    expect([...entities].filter((e) => !(e in auditLabelsEn.entities))).toEqual([]);
  });
});
