// Roles and what each may do. Each domain declares its permissions and the roles that hold them
// (its `grants`, in its contract file); shared/contract/index.ts merges them. dispatch is the only
// place they are checked.
export { ROLES, type Role } from './role-names';
export { PERMISSIONS, ROLE_PERMISSIONS, roleHas, type Access, type Permission } from './index';
