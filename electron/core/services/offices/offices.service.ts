import type { Role } from '../../../../shared/contract/roles';
import { AppError } from '../../../../shared/contract/errors';
import type { Cadre, Office } from '../../../../shared/contract/offices';
import { checkAreaCode } from '../../../../shared/domain/area-code';
import { uuidv7 } from '../../../../shared/domain/uuid';
import { cadre, office } from '../../schema';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesRepo } from './offices.repo';

const AREA_MESSAGES = {
  format: '行政区划代码应为 6 位数字',
  province: '行政区划代码的省级部分（前两位）不存在',
  county: '行政区划代码应细化到县级（后两位不能为 00）',
} as const;

export function validAreaCode(code: string): string {
  const p = checkAreaCode(code);
  if (p) throw new AppError('BAD_INPUT', AREA_MESSAGES[p], { field: 'code', problem: p });
  return code;
}

/** Who is asking: station roles see and manage only their own station's people. */
export interface Viewer {
  role: Role;
  officeId: string;
}
const stationBound = (v: Viewer) => v.role === 'chief' || v.role === 'staff';

type OfficeInput = { name: string; code: string; address: string | null; phone: string | null };
type CadreInput = Omit<Cadre, 'id' | 'officeName'>;

export function createOfficesService(deps: { repo: OfficesRepo; writer: SyncedWriter }) {
  const { repo, writer } = deps;

  function bureauId(): string {
    const b = repo.bureau();
    if (!b) throw new AppError('RULE_VIOLATION', '尚未完成初始化');
    return b.id;
  }

  function createBureau(input: { name: string; code: string }, ctx: WriteCtx): Office {
    validAreaCode(input.code);
    // The bureau owns itself: its id is its scope.
    const id = uuidv7();
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
    if (!repo.getOffice(id)) throw new AppError('NOT_FOUND', '单位不存在');
    writer.update(office, id, input, ctx);
    return repo.getOffice(id)!;
  }

  function setActive(id: string, active: boolean, ctx: WriteCtx): Office {
    const o = repo.getOffice(id);
    if (!o) throw new AppError('NOT_FOUND', '单位不存在');
    if (o.kind === 'bureau' && !active) throw new AppError('RULE_VIOLATION', '县局不能停用');
    writer.update(office, id, { active }, ctx);
    return repo.getOffice(id)!;
  }

  function listCadres(v: Viewer, filter: { officeId?: string; search?: string }): Cadre[] {
    if (stationBound(v)) {
      if (filter.officeId && filter.officeId !== v.officeId) throw new AppError('FORBIDDEN', '只能查看本所人员');
      return repo.listCadres({ ...filter, officeId: v.officeId });
    }
    return repo.listCadres(filter);
  }

  function assertCadreOffice(v: Viewer, officeId: string) {
    const o = repo.getOffice(officeId);
    if (!o || !o.active) throw new AppError('BAD_INPUT', '所属单位不存在或已停用', { field: 'officeId' });
    if (stationBound(v) && officeId !== v.officeId) throw new AppError('FORBIDDEN', '只能管理本所人员');
  }

  function cadreOut(id: string): Cadre {
    return repo.listCadres({}).find((c) => c.id === id) ?? (() => { throw new AppError('NOT_FOUND', '人员不存在'); })();
  }

  function createCadre(v: Viewer, input: CadreInput, ctx: WriteCtx): Cadre {
    assertCadreOffice(v, input.officeId);
    const row = writer.create(cadre, input, ctx);
    return cadreOut(row.id);
  }

  function updateCadre(v: Viewer, id: string, input: CadreInput, ctx: WriteCtx): Cadre {
    const existing = repo.getCadre(id);
    if (!existing) throw new AppError('NOT_FOUND', '人员不存在');
    assertCadreOffice(v, existing.officeId);
    assertCadreOffice(v, input.officeId);
    writer.update(cadre, id, input, ctx);
    return cadreOut(id);
  }

  function removeCadre(v: Viewer, id: string, ctx: WriteCtx) {
    const existing = repo.getCadre(id);
    if (!existing) throw new AppError('NOT_FOUND', '人员不存在');
    assertCadreOffice(v, existing.officeId);
    writer.remove(cadre, id, ctx);
  }

  return { bureauId, createBureau, createStation, update, setActive, listCadres, createCadre, updateCadre, removeCadre, list: repo.listOffices };
}

export type OfficesService = ReturnType<typeof createOfficesService>;
