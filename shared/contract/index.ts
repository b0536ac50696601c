import type { z } from 'zod';
import { auditContract, auditGrants } from './audit';
import { settingsContract, settingsGrants, settingsTables } from './settings';
import { appContract } from './app';
import { authContract, authGrants } from './auth';
import { dossiersContract, dossiersGrants, dossiersTables } from './dossiers';
import { rosterContract, rosterGrants, rosterTables } from './roster';
import { trainingContract, trainingGrants, trainingTables } from './training';
import { officesContract, officesGrants, officesTables } from './offices';
import { syncContract, syncGrants } from './sync';
import { zonesContract, zonesGrants, zonesTables } from './zones';
import { importsContract } from './imports';
import { ROLES, type Role } from './role-names';

/**
 * The domains, each with what it shares with every side: its methods, its permissions (the
 * roles that hold each) and the tables it syncs (their row shapes and manifest rules). This is the one list of the shared side; the core's module list
 * (electron/core/modules.ts) and the renderer's feature list (renderer/src/app/features.ts) name
 * the same domains, and electron/core/modules.test.ts holds them equal.
 */
const DOMAINS = [
  { name: 'auth', contract: authContract, grants: authGrants, tables: {} },
  { name: 'app', contract: appContract, grants: {}, tables: {} },
  { name: 'offices', contract: officesContract, grants: officesGrants, tables: officesTables },
  { name: 'settings', contract: settingsContract, grants: settingsGrants, tables: settingsTables },
  { name: 'audit', contract: auditContract, grants: auditGrants, tables: {} },
  { name: 'zones', contract: zonesContract, grants: zonesGrants, tables: zonesTables },
  { name: 'sync', contract: syncContract, grants: syncGrants, tables: {} },
  { name: 'dossiers', contract: dossiersContract, grants: dossiersGrants, tables: dossiersTables },
  { name: 'roster', contract: rosterContract, grants: rosterGrants, tables: rosterTables },
  { name: 'training', contract: trainingContract, grants: trainingGrants, tables: trainingTables },
  { name: 'imports', contract: importsContract, grants: {}, tables: {} },
] as const;

type Domain = (typeof DOMAINS)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Merged, refusing a name two domains both claim: a method or a permission belongs to one domain. */
function merge<T extends object>(parts: readonly T[], what: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      if (Object.hasOwn(out, k)) throw new Error(`shared/contract: ${what} ${k} is declared by two domains`);
      out[k] = v;
    }
  }
  return out;
}

export const contract = merge(
  DOMAINS.map((d) => d.contract),
  'method',
) as UnionToIntersection<Domain['contract']>;

const GRANTS = merge(
  DOMAINS.map((d) => d.grants),
  'permission',
) as unknown as Readonly<Record<Permission, readonly Role[]>>;

/** Every synced table of every domain, in the domains' order (parents before the rows that name them). */
export const TABLES = merge(
  DOMAINS.map((d) => d.tables),
  'table',
) as UnionToIntersection<Domain['tables']>;

/** Every permission of every domain. */
export type Permission = keyof UnionToIntersection<Domain['grants']> & string;
/** `public` needs no session; `session` needs any signed-in user. */
export type Access = Permission | 'public' | 'session';

export const PERMISSIONS = Object.keys(GRANTS) as Permission[];

/** Each role's permissions, from the domains' grants. dispatch is the only place they are checked. */
export const ROLE_PERMISSIONS = Object.fromEntries(ROLES.map((r) => [r, PERMISSIONS.filter((p) => GRANTS[p].includes(r))])) as unknown as Record<
  Role,
  readonly Permission[]
>;

export function roleHas(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  return ROLE_PERMISSIONS[role].includes(access);
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

/** Every method's permission is one a domain grants (or public / session): a typo fails to compile, naming it. */
type UnknownAccess = Exclude<Contract[MethodName]['permission'], Access>;
export const everyPermissionIsGranted: [UnknownAccess] extends [never] ? true : { unknownPermission: UnknownAccess } = true;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './errors';
export * from './roles';
export * from './events';
