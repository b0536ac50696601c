import { describe, expect, it } from 'vitest';
import { mayReadPerson, officeScope, scopeRefusal, type Viewer } from './access';

const A = 'office-a';
const B = 'office-b';
const v = (role: Viewer['role'], officeId = A, cadreId: string | null = null): Viewer => ({ role, officeId, cadreId });
const none = { manage: false, read: false };
const reader = { manage: false, read: true };

describe('the access policy', () => {
  it('holds station roles to their station and lets county roles choose', () => {
    expect(officeScope(v('chief'), undefined)).toEqual({ officeId: A });
    expect(officeScope(v('staff'), B)).toBeNull();
    expect(officeScope(v('hr'), B)).toEqual({ officeId: B });
    expect(officeScope(v('admin'), undefined)).toEqual({ officeId: undefined });
  });

  it('lets a person read their own record, a manager any, a reader their station’s', () => {
    const person = { cadreId: 'c1', officeId: B };
    expect(mayReadPerson(v('staff', A, 'c1'), person, none)).toBe(true);
    expect(mayReadPerson(v('hr'), person, { manage: true, read: true })).toBe(true);
    expect(mayReadPerson(v('chief', A), person, reader)).toBe(false);
    expect(mayReadPerson(v('chief', B), person, reader)).toBe(true);
    expect(mayReadPerson(v('admin'), person, reader)).toBe(true);
    expect(mayReadPerson(v('staff', B, 'c2'), person, none)).toBe(false);
  });

  it('lets the counsellor alone through the counsellor scope, whatever the others may do', () => {
    for (const role of ['admin', 'hr', 'chief', 'staff'] as const)
      expect(scopeRefusal('counsellor', v(role), {}, { manage: true, read: true })).toBe('counsellorOnly');
    expect(scopeRefusal('counsellor', v('counsellor'), {}, none)).toBeNull();
  });

  it('refuses the county scope to station roles and names why', () => {
    expect(scopeRefusal('county', v('chief'), {}, none)).toBe('countyOnly');
    expect(scopeRefusal('county', v('hr'), {}, none)).toBeNull();
    expect(scopeRefusal('station', v('staff'), { officeId: B }, none)).toBe('otherStation');
    expect(scopeRefusal('person', v('chief', A), { cadreId: 'c1', personOffice: B }, reader)).toBe('otherStation');
    expect(scopeRefusal('person', v('counsellor', A), { cadreId: 'c1', personOffice: B }, none)).toBe('notYourRecord');
    // A 所员 asking for a colleague's record at their own station: not theirs, not another station's.
    expect(scopeRefusal('person', v('staff', A), { cadreId: 'c1', personOffice: A }, none)).toBe('notYourRecord');
    // No such cadre: the handler answers NOT_FOUND, as it does for everyone.
    expect(scopeRefusal('person', v('chief', A), { cadreId: 'c9', personOffice: null }, reader)).toBeNull();
  });
});
