// Roles and the permission map. dispatch is the only place permissions are checked.
export const ROLES = ['admin', 'chief', 'staff', 'hr', 'counsellor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'offices.read',
  'offices.manage',
  'cadres.read',
  'cadres.manage',
  'users.manage',
  'settings.read',
  'settings.manage',
  'audit.read',
  'zones.read',
  'zones.manage',
  'businesses.edit',
  'businesses.import',
  'sync.manage',
  'sync.resolve',
  /** Unmasked identity numbers and appraisal comments. */
  'personal.read',
  /** Read dossiers: HR and the county everywhere, a station chief in their own station. */
  'dossiers.read',
  'dossiers.manage',
  'roster.read',
  'roster.manage',
  'training.read',
  /** Plans and courses. */
  'training.manage',
  /** Enrol and record attendance: HR anywhere, a station chief for their own station. */
  'training.enrol',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** `public` needs no session; `session` needs any signed-in user. */
export type Access = Permission | 'public' | 'session';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Account administration and personal data are separate duties: the administrator does not read
  // identity numbers, appraisal or review comments (HR does).
  admin: PERMISSIONS.filter((p) => p !== 'personal.read'),
  chief: ['offices.read', 'cadres.read', 'cadres.manage', 'settings.read', 'zones.read', 'zones.manage', 'businesses.edit', 'businesses.import', 'sync.resolve', 'dossiers.read', 'roster.read', 'training.read', 'training.enrol'],
  staff: ['offices.read', 'cadres.read', 'zones.read', 'businesses.edit'],
  hr: ['offices.read', 'cadres.read', 'cadres.manage', 'settings.read', 'sync.resolve', 'personal.read', 'dossiers.read', 'dossiers.manage', 'roster.read', 'roster.manage', 'training.read', 'training.manage', 'training.enrol'],
  counsellor: ['offices.read'],
};

export function roleHas(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'session') return true;
  return ROLE_PERMISSIONS[role].includes(access);
}
