import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// RULES.md, dates: outside the two clock modules, nothing in the core, shared/ or the renderer
// reads the machine's clock or zone. `npm run lint` (part of `npm test`) enforces it on the tree;
// the rule itself is checked here on code that breaks it, so removing or weakening it fails too.
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const eslint = new ESLint({ cwd: root });
const problems = async (file: string, code: string) => {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
};

describe('the machine-clock guard', () => {
  it.each([
    ['electron/core/services/zones/new-thing.ts', 'export const today = () => new Date().toISOString().slice(0, 10);'],
    ['electron/core/services/zones/new-thing.ts', 'export const stamp = () => Date.now();'],
    ['shared/domain/new-rule.ts', 'export const year = (d: Date) => d.getFullYear();'],
    ['renderer/src/features/zones/NewTab.tsx', "import dayjs from 'dayjs';\nexport const d = dayjs().format('YYYY-MM-DD');"],
    ['renderer/src/features/zones/NewTab.tsx', 'export const when = (v: string) => new Date(v).toLocaleString();'],
    ['renderer/src/features/zones/NewTab.tsx', 'export const hour = () => new Date(Date.parse("2026-01-01")).getHours();'],
    // Ways around the obvious forms.
    ['shared/domain/new-rule.ts', 'export const s = () => Date();'],
    ['renderer/src/features/zones/NewTab.tsx', "import dayjs from 'dayjs';\nexport const d = dayjs(undefined);"],
    ['renderer/src/features/zones/NewTab.tsx', "import dayjs from 'dayjs';\nexport const d = dayjs(void 0);"],
    ['renderer/src/features/zones/NewTab.tsx', 'export const d = new globalThis.Date();'],
    ['renderer/src/features/zones/NewTab.tsx', "export const d = Date['now']();"],
    ['renderer/src/features/zones/NewTab.tsx', 'const D = Date;\nexport const d = D.now();'],
    ['renderer/src/features/zones/NewTab.tsx', 'export const d = Reflect.construct(Date, []);'],
    ['renderer/src/features/zones/NewTab.tsx', 'export const d = performance.timeOrigin + performance.now();'],
    ['renderer/src/features/zones/NewTab.tsx', 'export const d = Intl.DateTimeFormat().format();'],
    ['renderer/src/features/zones/NewTab.tsx', 'export const o = (d: Date) => d.getTimezoneOffset();'],
    ['renderer/src/features/zones/NewTab.tsx', "export const s = (d: Date) => d.toLocaleDateString('zh-CN', { year: 'numeric' });"],
    ['renderer/src/features/zones/NewTab.tsx', 'export const s = (d: Date) => d.toDateString();'],
    ['shared/domain/new-rule.ts', 'export const d = new Date(2026, 0, 1);'],
    ['shared/domain/new-rule.ts', "export const y = (d: Date) => d['getFullYear']();"],
    ['shared/domain/new-rule.ts', 'export const y = (d: Date) => Date.prototype.getFullYear.call(d);'],
    ['electron/core/services/zones/new-thing.ts', 'export const sql = "SELECT * FROM t WHERE day = date(\'now\')";'],
    // Found by the adversarial pass on the calendar day.
    ['renderer/src/features/zones/NewTab.tsx', 'let D;\nD = Date;\nexport const d = new D();'],
    ['renderer/src/features/zones/NewTab.tsx', "export const d = new Date('2027-01-01T00:00');"],
    ['shared/domain/new-rule.ts', "export const d = Date.parse('2027-01-01 08:30:00');"],
    ['renderer/src/features/zones/NewTab.tsx', "export const f = new Intl['DateTimeFormat']('zh-CN');"],
    ['shared/domain/new-rule.ts', 'export const y = (d: Date) => d.getYear();'],
  ])('refuses a machine-clock read in %s', async (file, code) => {
    expect(await problems(file, code)).not.toEqual([]);
  });

  it('lets the clock modules read the clock, and everyone parse or format a given instant in UTC', async () => {
    expect(await problems('electron/core/clock.ts', 'export const now = () => Date.now();')).toEqual([]);
    expect(await problems('renderer/src/lib/clock.ts', 'export const now = () => Date.now();')).toEqual([]);
    expect(await problems('shared/domain/new-rule.ts', 'export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);')).toEqual([]);
    expect(await problems('shared/domain/new-rule.ts', 'export const wd = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();')).toEqual([]);
  });
});
