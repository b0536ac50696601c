import { and, asc, count, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { Cadre, Office } from '../../../../shared/contract/offices';
import type { Db } from '../../db/drizzle';
import { cadre, office } from '../../schema';

export function createOfficesRepo(db: Db) {
  const cadreCounts = db
    .select({ officeId: cadre.officeId, n: count().as('n') })
    .from(cadre)
    .where(isNull(cadre.deletedAt))
    .groupBy(cadre.officeId)
    .as('cc');

  function listOffices(includeInactive: boolean): Office[] {
    const rows = db
      .select({
        id: office.id,
        code: office.code,
        name: office.name,
        kind: office.kind,
        parentId: office.parentId,
        address: office.address,
        phone: office.phone,
        active: office.active,
        cadreCount: sql<number>`coalesce(${cadreCounts.n}, 0)`,
      })
      .from(office)
      .leftJoin(cadreCounts, eq(cadreCounts.officeId, office.id))
      .where(and(isNull(office.deletedAt), includeInactive ? undefined : eq(office.active, true)))
      .orderBy(sql`${office.kind} = 'station'`, asc(office.code))
      .all();
    return rows;
  }

  function getOffice(id: string): Office | undefined {
    return listOffices(true).find((o) => o.id === id);
  }

  function bureau() {
    return db.select().from(office).where(and(eq(office.kind, 'bureau'), isNull(office.deletedAt))).get();
  }

  function officeByCode(code: string) {
    return db.select().from(office).where(and(eq(office.code, code), isNull(office.deletedAt))).get();
  }

  function listCadres(filter: { officeId?: string; search?: string }): Cadre[] {
    return db
      .select({
        id: cadre.id,
        officeId: cadre.officeId,
        officeName: office.name,
        name: cadre.name,
        gender: cadre.gender,
        birthDate: cadre.birthDate,
        post: cadre.post,
        status: cadre.status,
        phone: cadre.phone,
      })
      .from(cadre)
      .innerJoin(office, eq(office.id, cadre.officeId))
      .where(
        and(
          isNull(cadre.deletedAt),
          filter.officeId ? eq(cadre.officeId, filter.officeId) : undefined,
          filter.search ? or(like(cadre.name, `%${filter.search}%`), like(cadre.post, `%${filter.search}%`)) : undefined,
        ),
      )
      .orderBy(asc(office.code), asc(cadre.name))
      .all();
  }

  function getCadre(id: string) {
    return db.select().from(cadre).where(and(eq(cadre.id, id), isNull(cadre.deletedAt))).get();
  }

  return { listOffices, getOffice, bureau, officeByCode, listCadres, getCadre };
}

export type OfficesRepo = ReturnType<typeof createOfficesRepo>;
