import { stationBound, type Viewer as FullViewer } from '../../../../shared/domain/access';
import { roleHas } from '../../../../shared/contract/roles';
import { addMonths, retirement, stageOn, type StageSettings } from '../../../../shared/domain/career';
import { checkIdNumber } from '../../../../shared/domain/id-number';
import { maskIdNumber } from '../../../../shared/domain/mask';
import { fail } from '../../../../shared/contract/errors';
import type { Cadre, Office } from '../../../../shared/contract/offices';
import { checkAreaCode } from '../../../../shared/domain/area-code';
import { cadre, office, rankRecord } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { CadreRow, OfficesRepo } from './offices.repo';

export function validAreaCode(code: string): string {
  const p = checkAreaCode(code);
  if (p) throw fail('BAD_INPUT', 'areaCode', { field: 'code', problem: p });
  return code;
}

/** Who is asking: station roles see and manage only their own station's people (shared/domain/access.ts). */
export type Viewer = Pick<FullViewer, 'role' | 'officeId'>;

type OfficeInput = { name: string; code: string; address: string | null; phone: string | null };
export type CadreInput = Omit<Cadre, 'id' | 'officeName' | 'idNumber' | 'idMasked' | 'effectiveStatus' | 'stage' | 'retirementDate' | 'pastRetirement'> & {
  idNumber?: string | null;
};

const ID_REASONS = { format: 'idNumberFormat', birth_date: 'idNumberBirthDate', check: 'idNumberCheck' } as const;

/** An identity number that passes GB 11643 and agrees with the birth date and gender given. */
export function validIdNumber(raw: string, birthDate: string, gender: 'M' | 'F'): string {
  const v = checkIdNumber(raw);
  if (!v.ok) throw fail('BAD_INPUT', ID_REASONS[v.problem], { field: 'idNumber', problem: v.problem });
  if (v.birthDate !== birthDate) throw fail('BAD_INPUT', 'idNumberBirthMismatch', { field: 'birthDate', birthDate, idBirthDate: v.birthDate });
  if (v.gender !== gender) throw fail('BAD_INPUT', v.gender === 'M' ? 'idNumberSaysMale' : 'idNumberSaysFemale', { field: 'gender', idGender: v.gender });
  return v.id;
}

/** Dates that must be in order, with the field to blame. */
function cadreDateProblems(i: CadreInput, today: string | undefined) {
  // A cadre is at least 16 (the minimum working age) on the core's today.
  if (today && i.birthDate > addMonths(today, -16 * 12)) throw fail('BAD_INPUT', 'tooYoung', { field: 'birthDate' });
  if (today && i.workStart && i.workStart > addMonths(today, 12)) throw fail('BAD_INPUT', 'workStartFuture', { field: 'workStart' });
  if (i.workStart && i.workStart < i.birthDate) throw fail('BAD_INPUT', 'workStartBeforeBirth', { field: 'workStart' });
  if (i.joinDate && i.workStart && i.joinDate < i.workStart) throw fail('BAD_INPUT', 'joinBeforeWork', { field: 'joinDate' });
  if (i.rank && !i.rankStart) throw fail('BAD_INPUT', 'rankStartRequired', { field: 'rankStart' });
  if (i.sgf && !i.sgfDate) throw fail('BAD_INPUT', 'sgfDateRequired', { field: 'sgfDate' });
}

export function createOfficesService(deps: { repo: OfficesRepo; writer: SyncedWriter; stageSettings: (day: string) => StageSettings }) {
  const { repo, writer } = deps;

  /** `settings` is today's stage settings, read once for a whole list. */
  function toCadre(v: Viewer, r: CadreRow, today: string, settings = deps.stageSettings(today), personal = roleHas(v.role, 'personal.read')): Cadre {
    const retirementDate = retirement(r.birthDate, r.gender).date;
    // Built field by field: a rest spread of the row costs more than the rules for the whole list.
    return {
      id: r.id,
      officeId: r.officeId,
      officeName: r.officeName,
      name: r.name,
      gender: r.gender,
      birthDate: r.birthDate,
      post: r.post,
      status: r.status,
      phone: r.phone,
      idNumber: personal ? r.idNumber : maskIdNumber(r.idNumber),
      workStart: r.workStart,
      joinDate: r.joinDate,
      education: r.education,
      politics: r.politics,
      leadershipPost: r.leadershipPost,
      leadershipStart: r.leadershipStart,
      rank: r.rank,
      rankStart: r.rankStart,
      sgf: r.sgf,
      sgfDate: r.sgfDate,
      idMasked: !personal && !!r.idNumber,
      effectiveStatus: r.status === 'active' && r.onSecondment ? 'secondment' : r.status,
      stage: r.workStart
        ? stageOn({ workStart: r.workStart, birthDate: r.birthDate, gender: r.gender, secondLine: r.status === 'second_line' }, today, settings)
        : null,
      retirementDate,
      pastRetirement: retirementDate <= today && r.status !== 'retired' && r.status !== 'transferred',
    };
  }

  function bureauId(): string {
    const b = repo.bureau();
    if (!b) throw fail('RULE_VIOLATION', 'notSetUp');
    return b.id;
  }

  function createBureau(input: { name: string; code: string }, ctx: WriteCtx): Office {
    validAreaCode(input.code);
    // The bureau owns itself: its id is its scope.
    const id = writer.newId();
    writer.create(office, { id, officeId: id, name: input.name, code: input.code, kind: 'bureau', parentId: null }, ctx);
    return repo.getOffice(id)!;
  }

  function createStation(input: OfficeInput, ctx: WriteCtx): Office {
    validAreaCode(input.code);
    const b = bureauId();
    const row = writer.create(office, { officeId: b, kind: 'station', parentId: b, active: true, ...input }, ctx);
    return repo.getOffice(row.id)!;
  }

  function update(id: string, input: OfficeInput, ctx: WriteCtx): Office {
    validAreaCode(input.code);
    if (!repo.getOffice(id)) throw fail('NOT_FOUND', 'officeNotFound');
    writer.update(office, id, input, ctx);
    return repo.getOffice(id)!;
  }

  function setActive(id: string, active: boolean, ctx: WriteCtx): Office {
    const o = repo.getOffice(id);
    if (!o) throw fail('NOT_FOUND', 'officeNotFound');
    if (o.kind === 'bureau' && !active) throw fail('RULE_VIOLATION', 'bureauAlwaysActive');
    writer.update(office, id, { active }, ctx);
    return repo.getOffice(id)!;
  }

  function listCadres(v: Viewer, filter: { officeId?: string; search?: string; status?: string; stage?: string }, today: string): Cadre[] {
    if (stationBound(v) && filter.officeId && filter.officeId !== v.officeId) throw fail('FORBIDDEN', 'otherStation');
    const settings = deps.stageSettings(today);
    const personal = roleHas(v.role, 'personal.read');
    const rows = repo
      .listCadres({ ...filter, officeId: stationBound(v) ? v.officeId : filter.officeId }, today)
      .map((r) => toCadre(v, r, today, settings, personal));
    return filter.stage ? rows.filter((c) => c.stage === filter.stage) : rows;
  }

  function assertCadreOffice(v: Viewer, officeId: string) {
    const o = repo.getOffice(officeId);
    if (!o || !o.active) throw fail('BAD_INPUT', 'officeInactive', { field: 'officeId' });
    if (stationBound(v) && officeId !== v.officeId) throw fail('FORBIDDEN', 'otherStationWrite');
  }

  function getCadre(v: Viewer, id: string, today: string): Cadre {
    const r = repo.listCadres({ id }, today)[0];
    if (!r) throw fail('NOT_FOUND', 'cadreNotFound');
    return toCadre(v, r, today);
  }

  /** Validates the register fields; returns the values to write. */
  function cadreValues(v: Viewer, input: CadreInput, existing?: { idNumber: string | null }, today?: string) {
    cadreDateProblems(input, today);
    const { idNumber, ...rest } = input;
    let id = existing?.idNumber ?? null;
    if (idNumber !== undefined) {
      if (!roleHas(v.role, 'personal.read')) throw fail('FORBIDDEN', 'idNumberHrOnly', { field: 'idNumber' });
      id = idNumber ? validIdNumber(idNumber, input.birthDate, input.gender) : null;
    } else if (id) {
      // The stored number must still agree with an edited birth date or gender.
      validIdNumber(id, input.birthDate, input.gender);
    }
    if (id) {
      const clash = repo.cadreByIdNumber(id);
      if (clash && clash.id !== (existing as { id?: string } | undefined)?.id) throw fail('CONFLICT', 'idNumberTaken', { field: 'idNumber', name: clash.name });
    }
    return { ...rest, idNumber: id };
  }

  /** A new rank or start date appends to the rank history (never overwritten). */
  function recordRank(
    cadreId: string,
    officeId: string,
    rank: string | null,
    start: string | null,
    ctx: WriteCtx,
    decision: { decisionRef: string; note: string | null } | null = null,
  ) {
    // The rank history is HR's (an HR-class write in the sync manifest): a station device leaves it to them.
    if (!rank || !start || !writer.mayWrite('rank_record')) return;
    const last = repo.lastRank(cadreId);
    if (last && last.rank === rank && last.startDate === start) return;
    writer.create(rankRecord, { officeId, cadreId, rank, startDate: start, decisionRef: decision?.decisionRef ?? null, note: decision?.note ?? null }, ctx);
  }

  function createCadre(v: Viewer, input: CadreInput, ctx: WriteCtx, today: string): Cadre {
    assertCadreOffice(v, input.officeId);
    return writer.transaction(() => {
      const row = writer.create(cadre, cadreValues(v, input, undefined, today), ctx);
      recordRank(row.id, input.officeId, input.rank, input.rankStart, ctx);
      return getCadre(v, row.id, today);
    });
  }

  function updateCadre(v: Viewer, id: string, input: CadreInput, ctx: WriteCtx, today: string): Cadre {
    const existing = repo.getCadre(id);
    if (!existing) throw fail('NOT_FOUND', 'cadreNotFound');
    assertCadreOffice(v, existing.officeId);
    assertCadreOffice(v, input.officeId);
    return writer.transaction(() => {
      writer.update(cadre, id, cadreValues(v, input, existing, today), ctx);
      recordRank(id, input.officeId, input.rank, input.rankStart, ctx);
      // The dossier follows its cadre to another office, so it syncs to the new scope.
      if (input.officeId !== existing.officeId) for (const [t, rowId] of repo.dossierRows(id)) writer.update(t, rowId, { officeId: input.officeId }, ctx);
      return getCadre(v, id, today);
    });
  }

  /** Many cadres in one transaction: all or none. */
  function importAll(v: Viewer, inputs: CadreInput[], ctx: WriteCtx, today: string) {
    writer.transaction(() => {
      for (const i of inputs) createCadre(v, i, ctx, today);
    });
  }

  function removeCadre(v: Viewer, id: string, ctx: WriteCtx) {
    const existing = repo.getCadre(id);
    if (!existing) throw fail('NOT_FOUND', 'cadreNotFound');
    assertCadreOffice(v, existing.officeId);
    writer.remove(cadre, id, ctx);
  }

  return {
    bureauId,
    createBureau,
    createStation,
    update,
    setActive,
    listCadres,
    getCadre,
    cadreValues,
    recordRank,
    createCadre,
    importAll,
    updateCadre,
    removeCadre,
    list: repo.listOffices,
  };
}

export type OfficesService = ReturnType<typeof createOfficesService>;
