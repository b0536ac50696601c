import { z } from 'zod';
import { DateSchema, IdSchema, method, OptText, Text } from './common';

// 工商所: a station of the county bureau (县局).
export const OfficeSchema = z.object({
  id: IdSchema,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['bureau', 'station']),
  parentId: IdSchema.nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  cadreCount: z.number().int(),
});
export type Office = z.infer<typeof OfficeSchema>;

const OfficeFields = {
  name: Text(60),
  code: z.string().trim(),
  address: OptText(200),
  phone: OptText(40),
};

export const GENDERS = ['M', 'F'] as const;
export const CADRE_STATUSES = ['active', 'secondment', 'leave', 'second_line', 'retired', 'transferred'] as const;

// 干部: a cadre of the bureau or a station. The full register comes with the dossiers.
export const CadreSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  officeName: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  post: z.string().nullable(),
  status: z.enum(CADRE_STATUSES),
  phone: z.string().nullable(),
});
export type Cadre = z.infer<typeof CadreSchema>;

const CadreFields = {
  officeId: IdSchema,
  name: Text(40),
  gender: z.enum(GENDERS),
  birthDate: DateSchema,
  post: OptText(60),
  status: z.enum(CADRE_STATUSES).default('active'),
  phone: OptText(40),
};

export const officesContract = {
  'offices.list': method({
    input: z.object({ includeInactive: z.boolean().default(true) }).strict(),
    output: z.array(OfficeSchema),
    permission: 'offices.read',
  }),
  'offices.create': method({
    input: z.object(OfficeFields).strict(),
    output: OfficeSchema,
    permission: 'offices.manage',
  }),
  'offices.update': method({
    input: z.object({ id: IdSchema, ...OfficeFields }).strict(),
    output: OfficeSchema,
    permission: 'offices.manage',
  }),
  'offices.setActive': method({
    input: z.object({ id: IdSchema, active: z.boolean() }).strict(),
    output: OfficeSchema,
    permission: 'offices.manage',
  }),
  'cadres.list': method({
    input: z
      .object({ officeId: IdSchema.optional(), search: z.string().trim().max(40).optional() })
      .strict(),
    output: z.array(CadreSchema),
    permission: 'cadres.read',
  }),
  'cadres.create': method({
    input: z.object(CadreFields).strict(),
    output: CadreSchema,
    permission: 'cadres.manage',
  }),
  'cadres.update': method({
    input: z.object({ id: IdSchema, ...CadreFields }).strict(),
    output: CadreSchema,
    permission: 'cadres.manage',
  }),
  'cadres.remove': method({
    input: z.object({ id: IdSchema }).strict(),
    output: z.null(),
    permission: 'cadres.manage',
  }),
};
