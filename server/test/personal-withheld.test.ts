import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstDay } from '../../shared/domain/time';
import { HubProcess, account, converge, countyWithTwoStations, shutDown, type Desk } from './harness';

// Issue 13, item 9: a career plan's review comment and an appraisal's comment are personal
// columns (declared beside the identity number in the sync manifest). The hub keeps them for the
// county and HR devices and never sends them to a station device, even the cadre's own station's.
let hub: HubProcess;
let A: Desk;
let B: Desk;
let C: Desk;

beforeAll(async () => {
  hub = await new HubProcess().start();
  ({ A, B, C } = await countyWithTwoStations(hub));
}, 120_000);
afterAll(() => shutDown(hub, A, B, C));

const row = (d: Desk, table: string, id: string) => d.core.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;

describe('personal columns and station devices', () => {
  it('sends a reviewed plan and an appraisal to the station without their comments, and keeps them on the county device', async () => {
    const bureau = (await A.call('auth.me', {})).officeId;
    const hr = await account(A, 'hr', bureau);
    const cadre = (await A.call('cadres.list', {})).find((c) => c.name === '张伟')!;
    await hr.call('dossiers.saveAppraisal', { cadreId: cadre.id, year: 2025, grade: '称职', comment: '工作扎实，群众评价好' });
    const answers = Array.from({ length: 40 }, (_, k) => 1 + (k % 6));
    const plan = await hr.call('dossiers.savePlan', { cadreId: cadre.id, periodStart: 2026, periodEnd: 2028, anchorAnswers: answers, goal1: '熟悉督导工作' });
    await hr.call('dossiers.submitPlan', { id: plan.id });
    await hr.call('dossiers.reviewPlan', { id: plan.id, comment: '建议调整岗位，另行谈话', date: cstDay(Date.now()) });
    await converge(A, B, C);
    const appraisalId = (A.core.sqlite.prepare('SELECT id FROM appraisal WHERE cadre_id = ?').get(cadre.id) as { id: string }).id;
    // The county device keeps both comments.
    expect(row(A, 'career_plan', plan.id)).toMatchObject({ status: 'reviewed', review_comment: '建议调整岗位，另行谈话' });
    expect(row(A, 'appraisal', appraisalId)).toMatchObject({ grade: '称职', comment: '工作扎实，群众评价好' });
    // The cadre's station gets the plan and the grade, not the comments.
    expect(row(B, 'career_plan', plan.id)).toMatchObject({ status: 'reviewed', goal_1y: '熟悉督导工作', review_comment: null });
    expect(row(B, 'appraisal', appraisalId)).toMatchObject({ grade: '称职', comment: null });
    // Nowhere on the station's database: not in a held-back row, a conflict or the audit log.
    const dump = B.core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of dump) {
      const text = JSON.stringify(B.core.sqlite.prepare(`SELECT * FROM "${name}"`).all());
      expect(text, name).not.toContain('群众评价好');
      expect(text, name).not.toContain('另行谈话');
    }
    // The other station gets neither row.
    expect(row(C, 'career_plan', plan.id)).toBeUndefined();
  }, 120_000);
});
