import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess, account, converge, countyWithTwoStations, shutDown, type Desk } from './harness';

// Defect 8's dependent rows, seen from the new station: a mentee moves to 新桥 while their mentor
// stays at 景山. The pair follows the mentee; 新桥's device holds no row for the mentor, and the
// pair must still be listed and editable there (found by the adversarial pass on issue 12).
let hub: HubProcess;
let A: Desk;
let B: Desk;
let C: Desk;
let S1: string;
let S2: string;
let cadres: Record<string, string>;

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C, S1, S2, cadres } = await countyWithTwoStations(hub));
}, 120_000);
afterAll(() => shutDown(hub, A, B, C));

describe('a mentoring pair after the mentee moves', () => {
  it('stays listed on the new station with the mentor shown as at another office, and can be edited there', async () => {
    const zhang = cadres['张伟']!;
    const li = cadres['李娜']!;
    const hrB = await account(B, 'hr', S1);
    const pair = await hrB.call('dossiers.saveMentoring', {
      cadreId: li,
      mentorId: zhang,
      startDate: '2026-01-01',
      endDate: null,
      goals: '带教',
      review: null,
    });
    await converge(B, A, C);
    const r = A.core.sqlite.prepare('SELECT * FROM cadre WHERE id = ?').get(li) as { name: string; gender: 'M' | 'F'; birth_date: string; post: string };
    await A.call('cadres.update', { id: li, officeId: S2, name: r.name, gender: r.gender, birthDate: r.birth_date, post: r.post });
    await converge(A, B, C);
    const hrC = await account(C, 'hr', S2);
    const listed = (await hrC.call('dossiers.get', { cadreId: li })).mentoring;
    expect(listed).toEqual([expect.objectContaining({ id: pair.id, mentorId: zhang, mentorName: null, menteeName: '李娜', goals: '带教' })]);
    // Kept with the same mentor, the pair is edited on the new station and the edit reaches the county.
    await hrC.call('dossiers.saveMentoring', {
      id: pair.id,
      cadreId: li,
      mentorId: zhang,
      startDate: '2026-01-01',
      endDate: null,
      goals: '带教',
      review: '进步明显',
    });
    expect((await C.sync()).rejected).toBe(0);
    await A.sync();
    expect((await A.call('dossiers.get', { cadreId: li })).mentoring).toEqual([
      expect.objectContaining({ id: pair.id, mentorName: '张伟', review: '进步明显' }),
    ]);
    // Naming another station's cadre as a new mentor is still refused.
    expect(
      await hrC.fail('dossiers.saveMentoring', { cadreId: li, mentorId: zhang, startDate: '2026-06-01', endDate: null, goals: '新带教', review: null }),
    ).toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);
});
