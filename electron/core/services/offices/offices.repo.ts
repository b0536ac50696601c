import { and, asc, count, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { Office } from '../../../../shared/contract/offices';
import type { Db } from '../../db/drizzle';
import { cadre, office, rankRecord, syncedTables } from '../../schema';
import type { SyncedTable } from '../../sync/synced-write';

/** Dossier tables: every row carries its cadre's office. */
const DOSSIER_TABLES = ['rank_record', 'career_plan', 'post_commitment', 'declaration', 'internship', 'secondment', 'mentoring', 'appraisal', 'merit', 'training_enrolment', 'education_record'] as const;

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

  /** Register rows with the raw identity number: the service masks it per viewer. */
  function listCadres(filter: { officeId?: string; search?: string; id?: string; status?: string }, today = '9999-12-31'): CadreRow[] {
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
        idNumber: cadre.idNumber,
        workStart: cadre.workStart,
        joinDate: cadre.joinDate,
        education: cadre.education,
        politics: cadre.politics,
        leadershipPost: cadre.leadershipPost,
        leadershipStart: cadre.leadershipStart,
        rank: cadre.rank,
        rankStart: cadre.rankStart,
        sgf: cadre.sgf,
        sgfDate: cadre.sgfDate,
        onSecondment: sql<number>`exists (select 1 from secondment s where s.cadre_id = ${cadre.id} and s.deleted_at is null
          and s.start_date <= ${today} and (s.end_date is null or s.end_date >= ${today}))`,
      })
      .from(cadre)
      .innerJoin(office, eq(office.id, cadre.officeId))
      .where(
        and(
          isNull(cadre.deletedAt),
          filter.id ? eq(cadre.id, filter.id) : undefined,
          filter.officeId ? eq(cadre.officeId, filter.officeId) : undefined,
          filter.status ? eq(cadre.status, filter.status as CadreRow['status']) : undefined,
          filter.search ? or(like(cadre.name, `%${filter.search}%`), like(cadre.post, `%${filter.search}%`), like(cadre.rank, `%${filter.search}%`)) : undefined,
        ),
      )
      .orderBy(asc(office.code), asc(cadre.name))
      .all()
      .map((r) => ({ ...r, onSecondment: !!r.onSecondment }));
  }

  function getCadre(id: string) {
    return db.select().from(cadre).where(and(eq(cadre.id, id), isNull(cadre.deletedAt))).get();
  }

  function cadreByIdNumber(idNumber: string) {
    return db.select({ id: cadre.id, name: cadre.name }).from(cadre).where(and(eq(cadre.idNumber, idNumber), isNull(cadre.deletedAt))).get();
  }

  function lastRank(cadreId: string) {
    return db
      .select()
      .from(rankRecord)
      .where(and(eq(rankRecord.cadreId, cadreId), isNull(rankRecord.deletedAt)))
      .orderBy(sql`${rankRecord.startDate} desc`)
      .get();
  }

  function dossierRows(cadreId: string): [SyncedTable, string][] {
    const out: [SyncedTable, string][] = [];
    for (const name of DOSSIER_TABLES) {
      const t = syncedTables[name];
      for (const r of db.select({ id: t.id }).from(t).where(and(eq(t.cadreId, cadreId), isNull(t.deletedAt))).all()) out.push([t, r.id]);
    }
    return out;
  }

  return { listOffices, getOffice, bureau, officeByCode, listCadres, getCadre, cadreByIdNumber, lastRank, dossierRows };
}

export type CadreRow = Omit<typeof cadre.$inferSelect, 'createdAt' | 'updatedAt' | 'deletedAt'> & { officeName: string; onSecondment: boolean };
export type OfficesRepo = ReturnType<typeof createOfficesRepo>;
