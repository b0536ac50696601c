// The roles, in a module of their own: the domains' grants name them, and shared/contract/index.ts
// (which reads every domain) derives each role's permissions from those grants.
export const ROLES = ['admin', 'chief', 'staff', 'hr', 'counsellor'] as const;
export type Role = (typeof ROLES)[number];
