import { z } from 'zod';
import { Empty, grants, IdSchema, method, Text } from './common';
import { ROLES } from './role-names';

/** A username: letters of any script (a clerk may sign in as 张伟), digits and _ . -, 2 to 32 of them. */
export const USERNAME_RE = /^[\p{L}\p{N}_.-]{2,32}$/u;

export const RoleSchema = z.enum(ROLES);
export const UsernameSchema = z.string().trim().regex(USERNAME_RE, 'username: 2–32 letters (Chinese too), digits, _ . -');
const Password = z.string().min(1).max(200);

export const MeSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  officeId: IdSchema,
  officeName: z.string(),
  cadreId: IdSchema.nullable(),
  mustChangePassword: z.boolean(),
  /** Why the password must change: a new account's first sign-in, or a reset by the administrator. */
  passwordChangeReason: z.enum(['new', 'reset']).nullable(),
  // Every domain's permissions are merged in shared/contract/index.ts, which reads this file.
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof MeSchema>;

export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  officeId: IdSchema,
  cadreId: IdSchema.nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const authContract = {
  'auth.status': method({
    input: Empty,
    output: z.object({ setUp: z.boolean(), bureauName: z.string().nullable() }),
    reads: ['office', 'app_user'],
    permission: 'public',
  }),
  'auth.setup': method({
    input: z
      .object({
        bureauName: Text(60).optional(),
        bureauCode: z.string().trim().optional(),
        /** Join an existing county through its sync hub instead of creating a bureau. */
        join: z
          .object({ hubUrl: z.string().trim().min(8).max(300), code: Text(64), deviceName: Text(80), allowInsecure: z.boolean().default(false) })
          .strict()
          .optional(),
        username: UsernameSchema,
        displayName: Text(40),
        password: Password,
        loadSample: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ sampleLoaded: z.boolean() }),
    changes: ['app_user'],
    permission: 'public',
  }),
  'auth.login': method({
    input: z.object({ username: z.string().trim().min(1).max(64), password: Password }).strict(),
    output: z.object({ sessionToken: z.string(), me: MeSchema }),
    changes: ['app_user'],
    permission: 'public',
  }),
  'auth.logout': method({ input: Empty, output: z.null(), permission: 'session' }),
  'auth.me': method({ input: Empty, output: MeSchema, reads: ['office', 'app_user', 'cadre'], permission: 'session' }),
  'auth.changePassword': method({
    input: z.object({ oldPassword: Password, newPassword: Password }).strict(),
    output: z.null(),
    changes: ['app_user'],
    permission: 'session',
  }),
  'users.list': method({ input: Empty, output: z.array(UserSchema), reads: ['app_user', 'office', 'cadre'], scope: 'county', permission: 'users.manage' }),
  'users.create': method({
    input: z
      .object({
        username: UsernameSchema,
        displayName: Text(40),
        role: RoleSchema,
        officeId: IdSchema,
        cadreId: IdSchema.nullable().default(null),
        password: Password,
      })
      .strict(),
    output: UserSchema,
    changes: ['app_user'],
    scope: 'county',
    permission: 'users.manage',
  }),
  'users.update': method({
    input: z
      .object({
        id: IdSchema,
        displayName: Text(40).optional(),
        role: RoleSchema.optional(),
        officeId: IdSchema.optional(),
        cadreId: IdSchema.nullable().optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    output: UserSchema,
    changes: ['app_user'],
    scope: 'county',
    permission: 'users.manage',
  }),
  'users.resetPassword': method({
    input: z.object({ id: IdSchema, newPassword: Password }).strict(),
    output: z.null(),
    changes: ['app_user'],
    scope: 'county',
    permission: 'users.manage',
  }),
  'users.unlock': method({
    input: z.object({ id: IdSchema }).strict(),
    output: UserSchema,
    changes: ['app_user'],
    scope: 'county',
    permission: 'users.manage',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const authGrants = grants({
  'users.manage': ['admin'],
});
