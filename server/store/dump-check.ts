import { unstorable } from '../../shared/domain/text';
import type { StoreDump } from './store';

// A SQLite hub may hold text PostgreSQL cannot: U+0000 or a lone surrogate, written before the hub
// refused them. migrate-store names those rows instead of failing inside the copy, or replaces the
// characters with U+FFFD when the operator asks (--replace-unstorable).

const JSON_FIELDS = new Set(['doc', 'devs', 'body', 'current', 'incoming']);
// eslint-disable-next-line no-control-regex -- U+0000 is what the check is for
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface Unstorable {
  table: string;
  /** The row's key: its row id, op id or device id. */
  key: string;
  field: string;
}

const keyOf = (r: Record<string, unknown>) => String(r.row_id ?? r.op_id ?? r.id ?? r.device_id ?? r.code_hash ?? '?');

function clean(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(BAD, '\uFFFD');
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k) as string, clean(x)]));
  return v;
}

function has(v: unknown): boolean {
  if (typeof v === 'string') return unstorable(v);
  if (Array.isArray(v)) return v.some(has);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => unstorable(k) || has(x));
  return false;
}

/** The rows holding such text; with `replace`, the dump is changed in place to hold U+FFFD instead. */
export function unstorableRows(d: StoreDump, replace: boolean): Unstorable[] {
  const found: Unstorable[] = [];
  for (const [table, rows] of Object.entries(d)) {
    if (!Array.isArray(rows)) continue;
    for (const r of rows as Record<string, unknown>[]) {
      for (const [field, v] of Object.entries(r)) {
        if (typeof v !== 'string') continue;
        let parsed: unknown = v;
        if (JSON_FIELDS.has(field)) {
          try {
            parsed = JSON.parse(v);
          } catch {
            parsed = v;
          }
        }
        if (!has(parsed)) continue;
        found.push({ table, key: keyOf(r), field });
        if (replace) r[field] = JSON_FIELDS.has(field) && parsed !== v ? JSON.stringify(clean(parsed)) : clean(v);
      }
    }
  }
  return found;
}
