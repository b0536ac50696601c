import { z } from 'zod';
import { SETTING_KEYS } from '../domain/settings';
import { DateSchema, Empty, grants, method, OptText } from './common';
import { Day, fieldsOf, HR_CLASSES, Int, optText, req, table, Txt } from '../sync/columns';
import { authContract } from './auth';

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
    scope: 'county',
    permission: 'settings.manage',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const settingsGrants = grants({
  'settings.read': ['admin', 'chief', 'hr'],
  'settings.manage': ['admin'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const Setting = fieldsOf(settingsContract['settings.set']);
const DisplayName = fieldsOf(authContract['users.create']).displayName!;

export const settingsTables = {
  // key: a later version may add settings (not a schema change), so any key travels; value: the
  // setting's JSON, checked by the settings service against the key's own schema.
  setting_version: table({
    countyWide: true,
    writers: HR_CLASSES,
    editedWith: 'settings.manage',
    shape: { key: req(Txt), version: req(Int), value: req(Txt), effective_from: req(Day), note: optText(Setting.note!), author: optText(DisplayName) },
  }),
};
