import { z } from 'zod';
import { SETTING_KEYS } from '../domain/settings';
import { DateSchema, Empty, grants, method, OptText } from './common';

export const SettingVersionSchema = z.object({
  version: z.number().int(),
  value: z.unknown(),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  author: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type SettingVersion = z.infer<typeof SettingVersionSchema>;

export const SettingRowSchema = z.object({
  key: z.enum(SETTING_KEYS as [string, ...string[]]),
  group: z.string(),
  current: SettingVersionSchema,
  history: z.array(SettingVersionSchema),
});
export type SettingRow = z.infer<typeof SettingRowSchema>;

export const settingsContract = {
  'settings.list': method({ input: Empty, output: z.array(SettingRowSchema), reads: ['setting_version'], permission: 'settings.read' }),
  'settings.set': method({
    input: z
      .object({
        key: z.enum(SETTING_KEYS as [string, ...string[]]),
        value: z.unknown(),
        effectiveFrom: DateSchema,
        note: OptText(200),
      })
      .strict(),
    output: SettingRowSchema,
    scope: 'county', permission: 'settings.manage',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const settingsGrants = grants({
  'settings.read': ['admin', 'chief', 'hr'],
  'settings.manage': ['admin'],
});
