import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Office } from '../../../../shared/contract/offices';
import type { Db } from '../../db/drizzle';
import { cadre, office, rankRecord, syncedTables } from '../../schema';
import type { SyncedTable } from '../../sync/synced-write';

/** Dossier tables: every row carries its cadre's office. */
const DOSSIER_TABLES = [
  'rank_record',
  'career_plan',
  'post_commitment',
  'declaration',
  'internship',
  'secondment',
  'mentoring',
  'appraisal',
  'merit',
  'training_enrolment',
  'education_record',
] as const;

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
    return db
      .select()
      .from(office)
      .where(and(eq(office.kind, 'bureau'), isNull(office.deletedAt)))
      .get();
  }

  function officeByCode(code: string) {
    return db
      .select()
      .from(office)
      .where(and(eq(office.code, code), isNull(office.deletedAt)))
      .get();
  }

  // The register is read by every HR list (394 cadres in the bench's county): one prepared
  // statement per filter shape, rows read as arrays and built here, without the query builder.
  const registerStatements = new Map<string, ReturnType<Db['$client']['prepare']>>();
  function registerStatement(f: { id?: string; officeId?: string; search?: string; status?: string }) {
    const key = `${f.id ? 'i' : ''}${f.officeId ? 'o' : ''}${f.status ? 's' : ''}${f.search ? 'q' : ''}`;
    let st = registerStatements.get(key);
    if (!st) {
      const where = ['c.deleted_at IS NULL'];
      if (f.id) where.push('c.id = @id');
      if (f.officeId) where.push('c.office_id = @officeId');
      if (f.status) where.push('c.status = @status');
      if (f.search) where.push('(c.name LIKE @search OR c.post LIKE @search OR c.rank LIKE @search)');
      st = db.$client
        .prepare(
          `SELECT c.id, c.office_id, o.name, c.name, c.gender, c.birth_date, c.post, c.status, c.phone, c.id_number, c.work_start, c.join_date,
             c.education, c.politics, c.leadership_post, c.leadership_start, c.rank, c.rank_start, c.sgf, c.sgf_date,
             exists (SELECT 1 FROM secondment s WHERE s.cadre_id = c.id AND s.deleted_at IS NULL AND s.start_date <= @today AND (s.end_date IS NULL OR s.end_date >= @today))
           FROM cadre c JOIN office o ON o.id = c.office_id WHERE ${where.join(' AND ')} ORDER BY o.code, c.name`,
        )
        .raw(true);
      registerStatements.set(key, st);
    }
    return st;
  }

  /** Register rows with the raw identity number: the service masks it per viewer. */
  function listCadres(filter: { officeId?: string; search?: string; id?: string; status?: string }, today = '9999-12-31'): CadreRow[] {
    const params: Record<string, string> = { today };
    if (filter.id) params.id = filter.id;
    if (filter.officeId) params.officeId = filter.officeId;
    if (filter.status) params.status = filter.status;
    if (filter.search) params.search = `%${filter.search}%`;
    const rows = registerStatement(filter).all(params) as unknown[][];
    const out: CadreRow[] = new Array<CadreRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      out[i] = {
        id: r[0] as string,
        officeId: r[1] as string,
        officeName: r[2] as string,
        name: r[3] as string,
        gender: r[4] as CadreRow['gender'],
        birthDate: r[5] as string,
        post: r[6] as string | null,
        status: r[7] as CadreRow['status'],
        phone: r[8] as string | null,
        idNumber: r[9] as string | null,
        workStart: r[10] as string | null,
        joinDate: r[11] as string | null,
        education: r[12] as string | null,
        politics: r[13] as string | null,
        leadershipPost: r[14] as string | null,
        leadershipStart: r[15] as string | null,
        rank: r[16] as string | null,
        rankStart: r[17] as string | null,
        sgf: !!r[18],
        sgfDate: r[19] as string | null,
        onSecondment: !!r[20],
      };
    }
    return out;
  }

  function getCadre(id: string) {
    return db
      .select()
      .from(cadre)
      .where(and(eq(cadre.id, id), isNull(cadre.deletedAt)))
      .get();
  }

  function cadreByIdNumber(idNumber: string) {
    return db
      .select({ id: cadre.id, name: cadre.name })
      .from(cadre)
      .where(and(eq(cadre.idNumber, idNumber), isNull(cadre.deletedAt)))
      .get();
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
      for (const r of db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.cadreId, cadreId), isNull(t.deletedAt)))
        .all())
        out.push([t, r.id]);
    }
    return out;
  }

  return { listOffices, getOffice, bureau, officeByCode, listCadres, getCadre, cadreByIdNumber, lastRank, dossierRows };
}

export type CadreRow = Omit<typeof cadre.$inferSelect, 'createdAt' | 'updatedAt' | 'deletedAt'> & { officeName: string; onSecondment: boolean };
export type OfficesRepo = ReturnType<typeof createOfficesRepo>;
