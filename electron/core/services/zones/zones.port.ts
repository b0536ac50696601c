// What other domains may read of zones (task routing, the supervisor roster): a small port, so
// they never read the zone tables themselves. Typed through drizzle (`$inferSelect`).
import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/drizzle';
import { cadre, office, zone, zoneAssignment } from '../../schema';

export interface ZoneRef {
  id: string;
  code: string;
  name: string;
  officeId: string;
  officeName: string;
  active: boolean;
}

export interface ZoneOwner {
  cadreId: string;
  name: string;
  /** The assignment that makes them the owner that day. */
  assignmentId: string;
  since: string;
}

export function createZonesPort(db: Db) {
  const refs = () =>
    db
      .select({ id: zone.id, code: zone.code, name: zone.name, officeId: zone.officeId, officeName: office.name, status: zone.status })
      .from(zone)
      .innerJoin(office, eq(office.id, zone.officeId));
  const toRef = (r: {
    id: string;
    code: string;
    name: string;
    officeId: string;
    officeName: string;
    status: (typeof zone.$inferSelect)['status'];
  }): ZoneRef => ({
    id: r.id,
    code: r.code,
    name: r.name,
    officeId: r.officeId,
    officeName: r.officeName,
    active: r.status === 'active',
  });

  return {
    /** One zone, retired or not; null when there is none (or it was deleted). */
    get(zoneId: string): ZoneRef | null {
      const r = refs()
        .where(and(isNull(zone.deletedAt), eq(zone.id, zoneId)))
        .get();
      return r ? toRef(r) : null;
    },
    /** The zones in use, by station and code. */
    active(): ZoneRef[] {
      return refs()
        .where(and(isNull(zone.deletedAt), eq(zone.status, 'active')))
        .orderBy(asc(office.name), asc(zone.code))
        .all()
        .map(toRef);
    },
    /**
     * Who owns the zone on a CST calendar day: the owner assignment in force that day (it starts
     * on or before the day and ends after it; a corrected, zero-length period holds no day).
     * Null when nobody does.
     */
    ownerOn(zoneId: string, day: string): ZoneOwner | null {
      const r = db
        .select({ cadreId: zoneAssignment.cadreId, name: cadre.name, assignmentId: zoneAssignment.id, since: zoneAssignment.startDate })
        .from(zoneAssignment)
        .innerJoin(cadre, eq(cadre.id, zoneAssignment.cadreId))
        .where(
          and(
            eq(zoneAssignment.zoneId, zoneId),
            eq(zoneAssignment.role, 'owner'),
            isNull(zoneAssignment.deletedAt),
            lte(zoneAssignment.startDate, day),
            or(isNull(zoneAssignment.endDate), gt(zoneAssignment.endDate, day)),
          ),
        )
        .orderBy(asc(zoneAssignment.startDate))
        .get();
      return r ?? null;
    },
  };
}
export type ZonesPort = ReturnType<typeof createZonesPort>;
