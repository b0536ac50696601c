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

/**
 * The row scope a method declares in the contract (MethodSpec.scope); dispatch applies it
 * before the handler runs, and the renderer asks the same predicates what to offer.
 * - `station`: a station role may name only its own station (`officeId` in the input).
 * - `county`: county roles only (the bureau's work: stations, accounts, plans).
 * - `person`: one cadre's record (`cadreId` in the input): the cadre, a manager anywhere, or a
 *   reader of the same station (a county reader anywhere).
 * - `counsellor`: the counsellor only — not HR, not the chief, not the administrator, whatever
 *   their permissions (psychological support).
 */
export const SCOPES = ['station', 'county', 'person', 'counsellor'] as const;
export type Scope = (typeof SCOPES)[number];

/** Why a scope refuses a viewer: the reason key the renderer words. */
export type ScopeRefusal = 'otherStation' | 'countyOnly' | 'notYourRecord' | 'counsellorOnly';

/** The office filter a viewer may use: station roles always get their own; null: refused. */
export function officeScope(v: Viewer, requested: string | undefined): { officeId: string | undefined } | null {
  if (!stationBound(v)) return { officeId: requested };
  if (requested && requested !== v.officeId) return null;
  return { officeId: v.officeId };
}

/** Whether a viewer may write rows of this office. */
export const mayWriteOffice = (v: Viewer, officeId: string) => !stationBound(v) || officeId === v.officeId;

/**
 * One person's record (dossier, training record, supervisor page): the person themself, a
 * manager of that record anywhere, or a reader of the same station (county readers anywhere).
 */
export function mayReadPerson(v: Viewer, person: { cadreId: string; officeId: string }, rights: { manage: boolean; read: boolean }): boolean {
  if (rights.manage || v.cadreId === person.cadreId) return true;
  return rights.read && (!stationBound(v) || person.officeId === v.officeId);
}

/** Only the counsellor: no other role reaches psychological records, whatever it may otherwise do. */
export const isCounsellor = (v: { role: Role }) => v.role === 'counsellor';

/**
 * A declared scope applied to a call: null when the viewer may go on. `person` needs the
 * cadre's office (`personOffice`, null when no such cadre: the handler answers NOT_FOUND).
 */
export function scopeRefusal(
  scope: Scope,
  v: Viewer,
  target: { officeId?: string | undefined; cadreId?: string | undefined; personOffice?: string | null },
  rights: { manage: boolean; read: boolean },
): ScopeRefusal | null {
  switch (scope) {
    case 'station':
      return officeScope(v, target.officeId) ? null : 'otherStation';
    case 'county':
      return stationBound(v) ? 'countyOnly' : null;
    case 'person':
      if (!target.cadreId || target.personOffice == null) return null;
      if (mayReadPerson(v, { cadreId: target.cadreId, officeId: target.personOffice }, rights)) return null;
      return stationBound(v) && target.personOffice !== v.officeId ? 'otherStation' : 'notYourRecord';
    case 'counsellor':
      return isCounsellor(v) ? null : 'counsellorOnly';
  }
}

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
