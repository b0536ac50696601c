import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../../shared/contract';
import i18n from '../i18n';

/** Every field name an input of the contract may hold (objects inside arrays, unions and wrappers too). */
function inputKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (t: unknown, depth: number) => {
    const def = (t as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def || depth > 8) return;
    const type = def.type as string;
    if (type === 'object')
      for (const [k, v] of Object.entries((t as z.ZodObject).shape)) {
        keys.add(k);
        walk(v, depth + 1);
      }
    else if (['optional', 'nullable', 'default', 'readonly', 'nonoptional', 'catch', 'prefault'].includes(type)) walk(def.innerType, depth + 1);
    else if (type === 'array') walk(def.element, depth + 1);
    else if (type === 'pipe') walk(def.in, depth + 1);
    else if (type === 'union') for (const o of def.options as unknown[]) walk(o, depth + 1);
    else if (type === 'intersection') for (const side of [def.left, def.right]) walk(side, depth + 1);
    else if (type === 'record') walk(def.valueType, depth + 1);
  };
  for (const m of Object.values(contract)) walk(m.input, 0);
  return keys;
}

// Ids, paging and file bodies: a refusal of one of these is a program's fault, not a field a clerk fills in.
const TECHNICAL = new Set(['a', 'b', 'id', 'ids', 'jobId', 'previewId', 'opId', 'seq', 'offset', 'limit', 'q', 'fileBase64', 'key', 'commit', 'value']);

describe('the field names a refused input is worded with', () => {
  it('exist in both languages for every field of every contract input', async () => {
    const keys = [...inputKeys()].filter((k) => !TECHNICAL.has(k));
    expect(keys.length).toBeGreaterThan(150);
    for (const lng of ['zh-CN', 'en-US']) {
      await i18n.changeLanguage(lng);
      expect({ lng, missing: keys.filter((k) => !i18n.exists(`errors.fields.${k}`)) }).toEqual({ lng, missing: [] });
    }
  });
});
