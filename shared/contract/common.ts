import { z } from 'zod';
import { unstorable } from '../domain/text';
import { UUID_RE } from '../domain/uuid';
import type { Role } from './role-names';
import type { Scope } from '../domain/access';

export const IdSchema = z.string().regex(UUID_RE, 'invalid id');

/** The days any stored date may name; rules that depend on today (a cadre is 16 or older) stay in the services. */
export const DAY_MIN = '1900-01-01';
export const DAY_MAX = '2100-12-31';

/** A real calendar day within DAY_MIN..DAY_MAX, as YYYY-MM-DD. */
export function isDay(s: unknown): s is string {
  if (typeof s !== 'string' || s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s) || s < DAY_MIN || s > DAY_MAX) return false;
  const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'no such date')
  .refine((s) => s >= DAY_MIN && s <= DAY_MAX, `date must be between ${DAY_MIN} and ${DAY_MAX}`);

/** Trimmed, non-empty, bounded text: forms send whitespace more often than one thinks. */
/** The message of a text holding U+0000 or a broken character (shared/domain/text.ts). */
/** The message is a key the renderer words (errors.input.unstorable). */
export const UNSTORABLE_MESSAGE = 'unstorable';
export const Text = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !unstorable(v), UNSTORABLE_MESSAGE);
export const OptText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !unstorable(v), UNSTORABLE_MESSAGE)
    .nullish()
    .transform((v) => (v ? v : null));

export const Empty = z.object({}).strict();

/**
 * What the app keeps outside the synced tables, named like tables in `reads` and `changes`:
 * accounts, the sync worker's own lists, backup files, the update state.
 */
export const LOCAL_RESOURCES = ['app_user', 'sync_conflict', 'sync_rejected', 'sync_quarantine', 'sync_state', 'backup', 'update'] as const;

/**
 * A method's permission: a permission of some domain's grants, or `public` / `session`. Typed as a
 * string here so that a domain's contract does not depend on every other domain's grants;
 * shared/contract/index.ts holds every method's permission to the merged list at compile time.
 */
export type PermissionName = string;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, P extends PermissionName = PermissionName> {
  input: I;
  output: O;
  permission: P;
  /**
   * A query's tables (synced tables by their SQL name, or LOCAL_RESOURCES); `*`: all of them.
   * The renderer refreshes a query when a `data.changed` event names one of them.
   */
  reads?: readonly string[] | '*';
  /**
   * Local resources a command changes, announced by dispatch after it succeeds. Synced tables
   * need no entry: the synced writer reports every table it writes.
   */
  changes?: readonly string[];
  /**
   * The row scope dispatch applies before the handler (shared/domain/access.ts): `station` checks
   * the input's `officeId`, `person` its `cadreId` with `personRights`, `county` and `counsellor`
   * the role. Services keep their own finer checks (a 所员 edits only the zones they own).
   */
  scope?: Scope;
  /** For `person`: who reads such a record at their station (or the county), and who manages it anywhere. */
  personRights?: { read: PermissionName; manage: PermissionName };
}

/** One method of the contract. The permission keeps its literal type: a `public` method's handler gets no user. */
export function method<I extends z.ZodType, O extends z.ZodType, P extends PermissionName>(spec: MethodSpec<I, O, P>): MethodSpec<I, O, P> {
  return spec;
}

/** A domain's permissions, each with the roles that hold it. */
export type Grants = Readonly<Record<string, readonly Role[]>>;
export const grants = <const G extends Grants>(g: G): G => g;
