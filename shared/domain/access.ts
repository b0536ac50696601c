// Access rules both sides apply: the core enforces them, the renderer uses the same predicates
// to decide what to offer (a form opens read-only rather than failing on save).
import type { Role } from '../contract/roles';

export interface Viewer {
  role: Role;
  officeId: string;
  cadreId: string | null;
}

/** Station roles (所长, 所员) are bound to their own station's data. */
export const stationBound = (v: { role: Role }) => v.role === 'chief' || v.role === 'staff';

export type EditRefusal = 'otherStation' | 'noCadre' | 'notOwner';

/**
 * Who may edit a business, given the zones whose owner the viewer's cadre is today: anyone with
 * businesses.edit in its office, but a 所员 only inside the zones they own.
 */
export function businessEditRefusal(v: Viewer, b: { officeId: string; zoneIds: (string | null)[] }, ownedZoneIds: ReadonlySet<string>): EditRefusal | null {
  if (stationBound(v) && b.officeId !== v.officeId) return 'otherStation';
  if (v.role !== 'staff') return null;
  if (!v.cadreId) return 'noCadre';
  return b.zoneIds.every((z) => z !== null && ownedZoneIds.has(z)) ? null : 'notOwner';
}
