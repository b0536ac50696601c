import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, roleHas } from './roles';

// Who may do what, as the bureau decided it: each domain grants its own permissions
// (shared/contract/<domain>.ts), and this table is the policy they must add up to.
const POLICY: Record<string, string[]> = {
  admin: PERMISSIONS.filter((p) => p !== 'personal.read'),
  chief: [
    'offices.read',
    'cadres.read',
    'cadres.manage',
    'settings.read',
    'zones.read',
    'zones.manage',
    'businesses.edit',
    'businesses.import',
    'sync.resolve',
    'dossiers.read',
    'roster.read',
    'training.read',
    'training.enrol',
  ],
  staff: ['offices.read', 'cadres.read', 'zones.read', 'businesses.edit'],
  hr: [
    'offices.read',
    'cadres.read',
    'cadres.manage',
    'settings.read',
    'sync.resolve',
    'personal.read',
    'dossiers.read',
    'dossiers.manage',
    'roster.read',
    'roster.manage',
    'training.read',
    'training.manage',
    'training.enrol',
  ],
  counsellor: ['offices.read'],
};

describe('the permissions merged from the domains', () => {
  it('give each role exactly its duties', () => {
    for (const [role, perms] of Object.entries(POLICY))
      expect([...ROLE_PERMISSIONS[role as keyof typeof ROLE_PERMISSIONS]].sort(), role).toEqual([...perms].sort());
  });

  it('keep personal data from the administrator and every role but HR', () => {
    expect(
      Object.entries(ROLE_PERMISSIONS)
        .filter(([, p]) => p.includes('personal.read'))
        .map(([r]) => r),
    ).toEqual(['hr']);
    expect(roleHas('admin', 'personal.read')).toBe(false);
    expect(roleHas('counsellor', 'session')).toBe(true);
  });

  it('name every permission once', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    expect(PERMISSIONS.length).toBeGreaterThan(20);
  });
});
