import type { Sqlite } from './open';

// Answers of the county-wide HR reads (training compliance and warnings, suggestions, rank
// eligibility, the HR dashboard), kept until a table they depend on changes. They evaluate the
// rules for every cadre and read every enrolment, rank and appraisal, yet their tables change a few
// times a day, while businesses, the census, the audit log and logins change all day long.
//
// The version is read_version('hr'), a counter that triggers move in the transaction of every
// change to the HR, office, territory and settings tables (drizzle/0012), on whichever connection
// makes it: the core's services, the sync's apply, the import worker. A login, a synced business
// or an audit row leaves it alone. Inside a transaction nothing is cached or served: what it reads
// may still roll back.

const MAX_ENTRIES = 64;

// A kept answer is frozen, so no caller can change what the next one is served, and marked, so
// dispatch may reuse its parsed output for the same object (rpc/dispatch.ts).
const kept = new WeakSet<object>();
export const isKept = (v: unknown): v is object => typeof v === 'object' && v !== null && kept.has(v);

export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  // Arrays (a county's rows) are walked by index, without a copy of their values.
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) deepFreeze(v[i]);
    return v;
  }
  const items = v instanceof Map ? [...v.keys(), ...v.values()] : Object.values(v);
  for (const x of items) deepFreeze(x);
  return v;
}

export interface ReadCache {
  /** `compute()`'s answer for `key`, computed again after any write to the database. */
  memo<T>(key: string, compute: () => T): T;
  /** Off: every call computes (tests compare both ways). */
  enabled: boolean;
}

export function createReadCache(sqlite: Sqlite): ReadCache {
  const counter = sqlite.prepare<[], number>("SELECT v FROM read_version WHERE domain = 'hr'").pluck();
  const entries = new Map<string, unknown>();
  let version: number | undefined;

  function current(): number | null {
    if (sqlite.inTransaction) return null;
    // A database without the counter row (never expected after migration 0012) is never cached.
    return counter.get() ?? null;
  }

  const cache: ReadCache = {
    enabled: true,
    memo<T>(key: string, compute: () => T): T {
      const v = cache.enabled ? current() : null;
      if (v === null) return compute();
      if (v !== version) {
        entries.clear();
        version = v;
      }
      if (entries.has(key)) return entries.get(key) as T;
      const value = compute();
      // The computation only reads; should it have written, its answer is not kept.
      if (current() !== v) return value;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      deepFreeze(value);
      if (typeof value === 'object' && value !== null) kept.add(value);
      entries.set(key, value);
      return value;
    },
  };
  return cache;
}

/**
 * A value computed from a few tables, kept until one of them changes: their counters in
 * read_version (drizzle/0013) move in the transaction of every write, on any connection. Nothing
 * is kept or served inside a transaction, or when `enabled()` says no (tests compare both ways).
 * The value is frozen: callers share it.
 */
export function tableMemo<T>(sqlite: Sqlite, domains: readonly string[], compute: () => T, enabled: () => boolean = () => true): () => T {
  const counters = sqlite
    .prepare<[string], string | null>(
      "SELECT group_concat(domain || ':' || v, ',') FROM (SELECT domain, v FROM read_version WHERE domain IN (SELECT value FROM json_each(?)) ORDER BY domain)",
    )
    .pluck();
  const arg = JSON.stringify(domains);
  let version: string | null = null;
  let value: T | undefined;
  return () => {
    if (sqlite.inTransaction || !enabled()) return compute();
    const v = counters.get(arg) ?? null;
    // A database without the counters (never expected after migration 0013) is never cached.
    if (v === null || v.split(',').length !== domains.length) return compute();
    if (v === version) return value as T;
    const next = deepFreeze(compute());
    if (counters.get(arg) !== v) return next;
    version = v;
    value = next;
    return next;
  };
}
