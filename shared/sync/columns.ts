import { z } from 'zod';
import { DateSchema, IdSchema, isDay } from '../contract/common';
import { checkIdNumber } from '../domain/id-number';
import { UUID_RE } from '../domain/uuid';
import type { SensitivityClass } from './protocol';

// What a domain declares of each table it syncs (in its contract file, `<domain>Tables`): the
// row's shape as it is stored and travels, and the manifest's rules for it. shared/sync/manifest.ts
// and shared/sync/rows.ts merge every domain's; nothing else lists tables.

export interface SyncedTableSpec {
  /** Columns a device may receive and write, besides the base columns. */
  readonly columns: readonly string[];
  /** County-wide reference data goes to every device of the county. */
  readonly countyWide?: boolean;
  readonly sensitive?: readonly string[];
  /**
   * Columns holding personal or HR-confidential data, declared once here: withheld from station
   * devices by the hub, shown only to roles with personal.read, and stored in the audit log only
   * as a keyed hash. A station device may still write them (write-only): the hub keeps the value
   * and the device drops its own copy once the hub has it.
   */
  readonly personal?: readonly string[];
  /** Reference columns and the table each names. The hub checks every one against the writer's scope. */
  readonly refs?: Readonly<Record<string, string>>;
  /** The reference whose row owns this one: on the hub its office is always its parent's, and it moves with it. */
  readonly follows?: string;
  /** Device classes that may write the table at all; every class when absent. */
  readonly writers?: readonly SensitivityClass[];
}

/** Devices that hold the whole county, personal data included: the bureau's and HR's. */
export const HR_CLASSES = ['county', 'hr'] as const satisfies readonly SensitivityClass[];

/** A row that belongs to a cadre and moves with them. */
export const CADRE = { refs: { cadre_id: 'cadre' }, follows: 'cadre_id' } as const;

/** required: NOT NULL without a default; defaulted: NOT NULL with one (may be absent from a new row); optional: nullable. */
export type Presence = 'required' | 'defaulted' | 'optional';
/** field: the contract field that writes a text column (with `extra` room a service adds around it). */
export type Col = { schema: z.ZodType; presence: Presence; pass?: (v: unknown) => boolean; field?: z.ZodType; extra?: number };

/**
 * A zod schema with a quick test that accepts exactly what it accepts (most cells are plain
 * text), so a pull of 50,000 rows spends its time writing, not checking. It only ever passes
 * what the schema passes; anything else goes to zod, which decides and words the failure.
 */
export type Checked = z.ZodType & { pass?: (v: unknown) => boolean };
export const quick = <S extends z.ZodType>(schema: S, pass: (v: unknown) => boolean): S => Object.assign(schema, { pass });
/** Text no form writes (JSON the services serialise, codes they compose): bounded only. */
export const Txt = quick(z.string().max(100_000), (v) => typeof v === 'string' && v.length <= 100_000);
export const Int = quick(z.number().int(), (v) => Number.isSafeInteger(v));
export const Num = quick(z.number().finite(), (v) => typeof v === 'number' && Number.isFinite(v));
export const Bool = quick(z.union([z.literal(0), z.literal(1)]), (v) => v === 0 || v === 1);
export const Day = quick(DateSchema, isDay);
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const Instant = quick(z.string().regex(INSTANT_RE, 'not an ISO instant'), (v) => typeof v === 'string' && INSTANT_RE.test(v));
/** The contract's row id, with its quick test (the contract's own schema is left as it is). */
const idPass = (v: unknown) => typeof v === 'string' && UUID_RE.test(v);
/** 公民身份号码 as the register stores it: passes GB 11643 and is already normalised (upper-case X). */
export const IdNumber = quick(
  z.string().refine((v) => {
    const r = checkIdNumber(v);
    return r.ok && r.id === v;
  }, 'not a valid identity number (GB 11643)'),
  (v) => {
    if (typeof v !== 'string') return false;
    const r = checkIdNumber(v);
    return r.ok && r.id === v;
  },
);

/** The innermost string schema of a contract text field (Text, OptText, their transforms and defaults). */
export function stringOf(field: z.ZodType): z.ZodString {
  let s: z.ZodType | undefined = field;
  while (s) {
    const def = s._zod.def as { type: string; in?: z.ZodType; innerType?: z.ZodType };
    if (def.type === 'string') return s as z.ZodString;
    s = def.in ?? def.innerType;
  }
  throw new Error('rows.ts: not a text field');
}

/**
 * A stored cell of a text field of the contract: at most the field's length, and for a NOT NULL
 * column of a field that must not be empty, some text that is not only spaces. Stored text is
 * already trimmed by the contract, so the stored length is the length the field allowed. `extra`
 * is room a service adds to the text it composes around the field's (a correction note).
 */
export function text(field: z.ZodType, opts: { required?: boolean; extra?: number } = {}): Checked {
  const str = stringOf(field);
  const max = (str.maxLength ?? 100_000) + (opts.extra ?? 0);
  const min = opts.required ? (str.minLength ?? 0) : 0;
  const schema =
    min > 0
      ? z
          .string()
          .max(max)
          .refine((v) => v.trim().length >= min, 'must not be empty')
      : z.string().max(max);
  return quick(schema, (v) => typeof v === 'string' && v.length <= max && (min === 0 || v.trim().length >= min));
}

export const col = (schema: Checked, presence: Presence, field?: z.ZodType, extra?: number): Col => ({
  schema,
  presence,
  pass: schema.pass ?? (schema === IdSchema ? idPass : undefined),
  field,
  extra,
});
export const req = (schema: z.ZodType): Col => col(schema, 'required');
export const def = (schema: z.ZodType): Col => col(schema, 'defaulted');
export const opt = (schema: z.ZodType): Col => col(schema, 'optional');
/** NOT NULL text written by a contract field. */
export const reqText = (field: z.ZodType): Col => col(text(field, { required: true }), 'required', field);
/** Nullable text written by a contract field. */
export const optText = (field: z.ZodType, extra = 0): Col => col(text(field, { extra }), 'optional', field, extra || undefined);
export const oneOf = (values: readonly string[]) => {
  const set = new Set<unknown>(values);
  return quick(z.enum(values as [string, ...string[]]), (v) => set.has(v));
};

/** The base columns every synced row has. */
export const BASE: Record<string, Col> = {
  id: req(IdSchema),
  office_id: req(IdSchema),
  created_at: req(Instant),
  updated_at: req(Instant),
  deleted_at: opt(Instant),
};
/** A row's cadre. */
export const cadreRef = { cadre_id: req(IdSchema) };

/**
 * A synced table as its domain declares it: its shape (SQL column names, each with how it must
 * be present and the contract field that writes it) and the manifest's rules, and the permission
 * an edit of it takes through its own screen (conflict review and 未能同步 ask the same).
 */
export interface TableDef extends Omit<SyncedTableSpec, 'columns'> {
  readonly shape: Readonly<Record<string, Col>>;
  readonly editedWith: string;
}
export const table = <T extends TableDef>(t: T): T => t;

/** The fields of a contract method's input, by name. */
export const fieldsOf = (m: { input: z.ZodType }): Record<string, z.ZodType> => (m.input as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
