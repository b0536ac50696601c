import { AppError } from '../../../../shared/contract/errors';
import type { Role } from '../../../../shared/contract/roles';

/** Who is asking. Station roles are bound to their own station's data. */
export interface Viewer {
  role: Role;
  officeId: string;
  cadreId: string | null;
}

export const stationBound = (v: Viewer) => v.role === 'chief' || v.role === 'staff';

/** The office filter a viewer may use: station roles always get their own. */
export function scopeOffice(v: Viewer, requested: string | undefined): string | undefined {
  if (!stationBound(v)) return requested;
  if (requested && requested !== v.officeId) throw new AppError('FORBIDDEN', '只能查看本所数据');
  return v.officeId;
}

export function assertOfficeWrite(v: Viewer, officeId: string) {
  if (stationBound(v) && officeId !== v.officeId) throw new AppError('FORBIDDEN', '只能修改本所数据');
}
