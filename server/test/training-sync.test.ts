import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converge, countyWithTwoStations, HubProcess, shutDown, type Desk } from './harness';

// A county course's capacity is checked on the device that enrols, against the enrolments that
// device holds: a station device holds only its own station's. Two stations can therefore fill the
// same last places; the county device sees the over-fill after a sync and HR settles it.

let hub: HubProcess;
let A: Desk; // county device (HR)
let B: Desk; // station 1
let C: Desk; // station 2
let people: Record<string, string>;

const statusOn = (d: Desk, courseId: string) =>
  Object.fromEntries(
    (
      d.core.sqlite.prepare('SELECT cadre_id, status FROM training_enrolment WHERE course_id = ? AND deleted_at IS NULL').all(courseId) as {
        cadre_id: string;
        status: string;
      }[]
    ).map((r) => [r.cadre_id, r.status]),
  );

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C, cadres: people } = await countyWithTwoStations(hub));
}, 120_000);

afterAll(() => shutDown(hub, A, B, C));

describe('a county course filled from two stations', () => {
  it('shows the over-fill on the county device, and HR moves the latest enrolment to the waiting list everywhere', async () => {
    const plan = await A.call('training.savePlan', { year: 2026, title: '2026 年度培训计划', targetStages: [], abilities: [], status: 'approved' });
    const course = await A.call('training.saveCourse', {
      planId: plan.id,
      kind: 'specialist',
      title: '食品安全专题培训',
      startDate: '2026-12-15',
      endDate: '2026-12-16',
      hours: 12,
      days: 2,
      capacity: 2,
      fullTime: true,
      targetStages: [],
      targetPosts: [],
      abilities: [],
    });
    await converge(A, B, C);

    // Each station sees two free places and takes them.
    await B.call('training.enrol', { courseId: course.id, cadreIds: [people['张伟']!, people['李娜']!], waitlist: false });
    await C.call('training.enrol', { courseId: course.id, cadreIds: [people['王强']!], waitlist: false });
    await converge(B, C, A, B, C);

    const before = await A.call('training.course', { id: course.id });
    expect(before.course).toMatchObject({ capacity: 2, enrolled: 3, waiting: 0 });
    // Nothing to settle on a course within its capacity: refused, nothing written.
    const spare = await A.call('training.saveCourse', {
      planId: plan.id,
      kind: 'specialist',
      title: '消费维权专题',
      startDate: '2026-12-18',
      endDate: '2026-12-18',
      hours: 6,
      days: 1,
      capacity: 5,
      fullTime: true,
      targetStages: [],
      targetPosts: [],
      abilities: [],
    });
    const pending = A.core.sqlite.prepare('SELECT count(*) n FROM outbox').get();
    expect(await A.fail('training.settleOverfill', { courseId: spare.id })).toMatchObject({ code: 'RULE_VIOLATION', details: { reason: 'notOverfilled' } });
    expect(A.core.sqlite.prepare('SELECT count(*) n FROM outbox').get()).toEqual(pending);

    // 王强 enrolled last (on station 2's device): he goes to the waiting list (first place: nobody else waits).
    expect(await A.call('training.settleOverfill', { courseId: course.id })).toEqual({ moved: ['王强'], stillOver: 0 });
    const after = await A.call('training.course', { id: course.id });
    expect(after.course).toMatchObject({ enrolled: 2, waiting: 1 });
    expect(after.enrolments.find((e) => e.name === '王强')).toMatchObject({ status: 'waiting', waitingPlace: 1 });

    await converge(A, B, C);
    expect(statusOn(C, course.id)).toEqual({ [people['王强']!]: 'waiting' });
    expect(statusOn(B, course.id)).toEqual({ [people['张伟']!]: 'enrolled', [people['李娜']!]: 'enrolled' });
    expect(statusOn(A, course.id)).toEqual({ ...statusOn(B, course.id), ...statusOn(C, course.id) });

    // When a place frees, he moves up.
    const zhang = after.enrolments.find((e) => e.name === '张伟')!;
    expect(await A.call('training.unenrol', { id: zhang.id })).toEqual({ promoted: '王强' });
  });
});
