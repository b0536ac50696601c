// The core's side of the one access policy (shared/domain/access.ts): the same predicates the
// renderer uses, with a refusal thrown as a reason key.
import { fail } from '../../../../shared/contract/errors';
import { mayWriteOffice, officeScope, type Viewer } from '../../../../shared/domain/access';

export { stationBound, type Viewer } from '../../../../shared/domain/access';

/** The office filter a viewer may use: station roles always get their own. */
export function scopeOffice(v: Viewer, requested: string | undefined): string | undefined {
  const s = officeScope(v, requested);
  if (!s) throw fail('FORBIDDEN', 'otherStation');
  return s.officeId;
}

export function assertOfficeWrite(v: Viewer, officeId: string) {
  if (!mayWriteOffice(v, officeId)) throw fail('FORBIDDEN', 'otherStationWrite');
}
