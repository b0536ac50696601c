import { z } from 'zod';
import { UUID_RE } from '../domain/uuid';
import type { Access } from './roles';

export const IdSchema = z.string().regex(UUID_RE, 'invalid id');

export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'no such date');

/** Trimmed, non-empty, bounded text: forms send whitespace more often than one thinks. */
export const Text = (max = 200) => z.string().trim().min(1).max(max);
export const OptText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const Empty = z.object({}).strict();

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  permission: Access;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}
