import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import type { Role } from '../../../../shared/contract/roles';
import { setupCore, userSession, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const err = async (method: MethodName, input: unknown, token = t.adminToken) => {
  const r = await t.core.dispatch(method, input, { sessionToken: token });
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
};
const outbox = () => (t.core.sqlite.prepare('SELECT count(*) n FROM outbox').get() as { n: number }).n;

const user = (role: Role, officeId: string, cadreId: string | null = null) => userSession(t, role, officeId, cadreId);

// The test clock says 2026-11-28.
async function county() {
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  const other = await t.call('offices.create', { name: '新桥所', code: '330304' }, t.adminToken);
  const cadre = (officeId: string, name: string, workStart: string, extra: Record<string, unknown> = {}) =>
    t.call('cadres.create', { officeId, name, gender: 'M', birthDate: '1990-03-01', workStart, ...extra } as never, t.adminToken);
  const recruit = await cadre(s.id, '林晓', '2026-08-01', { joinDate: '2026-08-01', post: '综合监管岗' });
  const recruit2 = await cadre(s.id, '赵一鸣', '2025-09-01', { joinDate: '2025-09-01' });
  const senior = await cadre(s.id, '陈国平', '2005-07-01', { post: '食品安全岗' });
  const mover = await cadre(other.id, '周敏', '2012-07-01');
  const plan = await t.call(
    'training.savePlan',
    { year: 2026, title: '2026 年度多轨制培训计划', targetStages: ['adapt'], abilities: ['自我认知'], status: 'approved' },
    t.adminToken,
  );
  return { s, other, recruit, recruit2, senior, mover, plan };
}
const course = (planId: string, extra: Record<string, unknown> = {}) =>
  t.call(
    'training.saveCourse',
    {
      planId,
      kind: 'drill',
      subKind: '法律',
      title: '岗位练兵·法律知识',
      startDate: '2026-11-20',
      endDate: '2026-11-21',
      hours: 16,
      days: 2,
      capacity: 30,
      ...extra,
    } as never,
    t.adminToken,
  );

describe('courses', () => {
  it('refuses a course outside its plan year and absurd hours, changing nothing', async () => {
    t = await setupCore();
    const { plan } = await county();
    const before = outbox();
    expect(
      await err('training.saveCourse', {
        planId: plan.id,
        kind: 'expert',
        title: '走近专家',
        startDate: '2027-01-05',
        endDate: '2027-01-05',
        hours: 3,
        days: 0.5,
      }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'startDate', reason: 'courseOutsidePlanYear', year: 2026 } });
    expect(
      await err('training.saveCourse', {
        planId: plan.id,
        kind: 'expert',
        title: '走近专家',
        startDate: '2026-03-05',
        endDate: '2026-03-05',
        hours: -2,
        days: 0.5,
      }),
    ).toMatchObject({ code: 'BAD_INPUT' });
    expect(
      await err('training.saveCourse', {
        planId: plan.id,
        kind: 'expert',
        title: '走近专家',
        startDate: '2026-03-05',
        endDate: '2026-03-06',
        hours: 50,
        days: 2,
      }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'hours', reason: 'courseHoursOverSpan', hours: 50, span: 2 } });
    expect(
      await err('training.saveCourse', {
        planId: plan.id,
        kind: 'drill',
        title: '岗位练兵',
        startDate: '2026-03-05',
        endDate: '2026-03-05',
        hours: 4,
        days: 1,
      }),
    ).toMatchObject({ code: 'BAD_INPUT', details: { field: 'subKind', reason: 'drillKindMissing' } });
    expect(outbox()).toBe(before);
    expect(await t.call('training.courses', { planId: plan.id }, t.adminToken)).toEqual([]);
    // A plan's year cannot move away from its courses.
    await course(plan.id);
    expect(await err('training.savePlan', { id: plan.id, year: 2027, title: plan.title })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { field: 'year', reason: 'planYearOutside', year: 2027 },
    });
  });
});

describe('enrolment and attendance', () => {
  it('enforces capacity, keeps a waiting list and moves it up when a place frees', async () => {
    t = await setupCore();
    const { recruit, recruit2, senior, plan } = await county();
    const c = await course(plan.id, { capacity: 2 });
    const before = outbox();
    const full = await err('training.enrol', { courseId: c.id, cadreIds: [recruit.id, recruit2.id, senior.id] });
    expect(full).toMatchObject({ code: 'CONFLICT', details: { reason: 'enrolOverCapacity', free: 2, requested: 3 } });
    expect(outbox()).toBe(before);
    const r = await t.call('training.enrol', { courseId: c.id, cadreIds: [recruit.id, recruit2.id, senior.id], waitlist: true }, t.adminToken);
    expect(r).toEqual({ enrolled: ['林晓', '赵一鸣'], waiting: ['陈国平'], skipped: [] });
    // Enrolling again skips those already there.
    expect((await t.call('training.enrol', { courseId: c.id, cadreIds: [recruit.id], waitlist: true }, t.adminToken)).skipped).toEqual(['林晓']);
    let page = await t.call('training.course', { id: c.id }, t.adminToken);
    expect(page.course).toMatchObject({ enrolled: 2, waiting: 1 });
    expect(page.enrolments.find((e) => e.name === '陈国平')).toMatchObject({ status: 'waiting', waitingPlace: 1 });
    // Attendance for someone on the waiting list, or not enrolled at all, is refused whole.
    const before2 = outbox();
    const refused = await err('training.attend', {
      courseId: c.id,
      records: [
        { cadreId: recruit.id, attendance: 'attended' },
        { cadreId: senior.id, attendance: 'attended' },
      ],
    });
    expect(refused).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'attendanceRefused', n: 1, names: ['陈国平'], problems: [{ reason: 'waiting', name: '陈国平' }] },
    });
    expect(outbox()).toBe(before2);
    const gone = page.enrolments.find((e) => e.name === '赵一鸣')!;
    expect(await t.call('training.unenrol', { id: gone.id }, t.adminToken)).toEqual({ promoted: '陈国平' });
    page = await t.call('training.course', { id: c.id }, t.adminToken);
    expect(page.enrolments.map((e) => [e.name, e.status])).toEqual([
      ['林晓', 'enrolled'],
      ['陈国平', 'enrolled'],
    ]);
    expect(await err('training.attend', { courseId: c.id, records: [{ cadreId: recruit2.id, attendance: 'attended' }] })).toMatchObject({
      details: { reason: 'attendanceRefused', problems: [{ reason: 'notEnrolled', name: '赵一鸣' }] },
    });
    // A future course takes no attendance yet.
    const later = await course(plan.id, { startDate: '2026-12-10', endDate: '2026-12-10', hours: 4, days: 1 });
    await t.call('training.enrol', { courseId: later.id, cadreIds: [recruit.id] }, t.adminToken);
    expect(await err('training.attend', { courseId: later.id, records: [{ cadreId: recruit.id, attendance: 'attended' }] })).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { reason: 'attendNotStarted', startDate: '2026-12-10' },
    });
  });

  it('enrols a whole career stage of a station in bulk, and lets a chief enrol only their own station', async () => {
    t = await setupCore();
    const { s, other, mover, plan } = await county();
    const c = await course(plan.id);
    const r = await t.call('training.enrol', { courseId: c.id, filter: { officeId: s.id, stage: 'adapt' } }, t.adminToken);
    expect(r.enrolled.sort()).toEqual(['林晓', '赵一鸣'].sort());
    const chief = await user('chief', s.id);
    expect(await err('training.enrol', { courseId: c.id, cadreIds: [mover.id] }, chief)).toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'enrolOtherStationOf', name: '周敏', office: '新桥所' },
    });
    expect(await err('training.enrol', { courseId: c.id, filter: { officeId: other.id } }, chief)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.call('training.enrol', { courseId: c.id, filter: { post: '食品安全岗' } }, chief)).enrolled).toEqual(['陈国平']);
    // The chief sees only their own station's enrolments of a county course.
    await t.call('training.enrol', { courseId: c.id, cadreIds: [mover.id] }, t.adminToken);
    expect((await t.call('training.course', { id: c.id }, chief)).enrolments.map((e) => e.name)).not.toContain('周敏');
    expect(
      await err(
        'training.saveCourse',
        { planId: plan.id, kind: 'expert', title: 'x', startDate: '2026-03-05', endDate: '2026-03-05', hours: 3, days: 1 },
        chief,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('imports attendance from the sign-in sheet all or nothing, naming unknown cadres', async () => {
    t = await setupCore();
    const { s, recruit, senior, plan } = await county();
    const c = await course(plan.id);
    await t.call('training.enrol', { courseId: c.id, cadreIds: [recruit.id, senior.id] }, t.adminToken);
    const before = outbox();
    const bad = await t.call(
      'training.importAttendance',
      {
        courseId: c.id,
        commit: true,
        rows: [
          { name: '林晓', attendance: '出席', score: '92' },
          { name: '王不存在', attendance: '出席' },
          { name: '陈国平', attendance: '迟到' },
          { name: '赵一鸣', attendance: '出席' },
        ],
      },
      t.adminToken,
    );
    expect(bad.saved).toBe(0);
    expect(bad.errors).toEqual([
      { row: 3, reason: 'notInRegister', params: { name: '王不存在' } },
      { row: 4, reason: 'attendanceUnknown', params: { word: '迟到' } },
      { row: 5, reason: 'notEnrolled', params: { name: '赵一鸣' } },
    ]);
    expect(outbox()).toBe(before);
    const ok = await t.call(
      'training.importAttendance',
      {
        courseId: c.id,
        commit: true,
        rows: [
          { name: '林晓', office: s.name, attendance: '出席', score: '92' },
          { name: '陈国平', attendance: '请假' },
        ],
      },
      t.adminToken,
    );
    expect(ok).toMatchObject({ saved: 2, errors: [] });
    const page = await t.call('training.course', { id: c.id }, t.adminToken);
    expect(page.enrolments.map((e) => [e.name, e.attendance, e.score, e.creditedHours])).toEqual([
      ['林晓', 'attended', 92, 16],
      ['陈国平', 'excused', null, 0],
    ]);
  });
});

describe('who reads a training record', () => {
  it('lets a 所员 read their own record for the home page, and no one else’s', async () => {
    t = await setupCore();
    const { s, recruit, senior } = await county();
    const staff = await user('staff', s.id, recruit.id);
    const mine = await t.call('training.cadre', { cadreId: recruit.id }, staff);
    expect(mine.years[0]).toMatchObject({ year: 2026 });
    expect(await err('training.cadre', { cadreId: senior.id }, staff)).toMatchObject({ code: 'FORBIDDEN' });
    // A staff account without a cadre reads no record at all.
    expect(await err('training.cadre', { cadreId: recruit.id }, await user('staff', s.id))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the sign-in sheet as a file, read by the core', () => {
  it('reads .xlsx and GBK .csv with the rows numbered as in the file, and refuses a bomb and garbage with a clear reason', async () => {
    t = await setupCore();
    const { s, recruit, senior, plan } = await county();
    const c = await course(plan.id);
    await t.call('training.enrol', { courseId: c.id, cadreIds: [recruit.id, senior.id] }, t.adminToken);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('签到表');
    ws.addRow(['2026 年培训签到表']);
    ws.addRow([]);
    ws.addRow(['序号', '姓名', '单位', '出勤', '成绩']);
    ws.addRow([1, '林晓', s.name, '出席', 92]);
    ws.addRow([2, '王不存在', s.name, '出席', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const bad = await t.call('training.importAttendance', { courseId: c.id, fileBase64: xlsx, commit: false }, t.adminToken);
    // The row numbers are the file's own (a title and a blank line above the header).
    expect(bad).toEqual({ rows: 2, saved: 0, errors: [{ row: 5, reason: 'notInRegister', params: { name: '王不存在' } }] });
    const csv = iconv.encode('姓名,出勤,成绩\r\n林晓,出席,92\r\n陈国平,请假,\r\n', 'gbk').toString('base64');
    expect(await t.call('training.importAttendance', { courseId: c.id, fileBase64: csv, commit: true }, t.adminToken)).toMatchObject({ saved: 2, errors: [] });
    const page = await t.call('training.course', { id: c.id }, t.adminToken);
    expect(page.enrolments.map((e) => [e.name, e.attendance, e.score])).toEqual([
      ['林晓', 'attended', 92],
      ['陈国平', 'excused', null],
    ]);

    // A sheet declaring a million rows: refused by the import limits before a row is read.
    const big = new ExcelJS.Workbook();
    const bs = big.addWorksheet('签到表');
    bs.addRow(['姓名', '出勤']);
    bs.getCell('A1000000').value = '林晓';
    const bomb = Buffer.from(await big.xlsx.writeBuffer()).toString('base64');
    expect(await err('training.importAttendance', { courseId: c.id, fileBase64: bomb, commit: false })).toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'limit', limit: 'rows', max: 2000 },
    });
    // Garbage and a sheet without the columns: a reason, not silence.
    expect(
      await err('training.importAttendance', { courseId: c.id, fileBase64: Buffer.from('%PDF-1.7\u0000\u0001').toString('base64'), commit: false }),
    ).toMatchObject({ details: { reason: 'format' } });
    expect(
      await err('training.importAttendance', { courseId: c.id, fileBase64: Buffer.from('PK\u0003\u0004garbage').toString('base64'), commit: false }),
    ).toMatchObject({ details: { reason: 'corrupt' } });
    expect(
      await err('training.importAttendance', { courseId: c.id, fileBase64: Buffer.from('名字,到场\n林晓,是\n').toString('base64'), commit: false }),
    ).toMatchObject({ details: { reason: 'attendance_headers' } });
  });
});

describe('hours against the requirement', () => {
  it('moves a cadre from behind to compliant, keeps hours through a mid-year transfer, and checks 初任培训', async () => {
    t = await setupCore();
    const { s, other, recruit, mover, plan } = await county();
    const big = await course(plan.id, {
      kind: 'specialist',
      subKind: null,
      title: '市场监管执法业务',
      startDate: '2026-03-02',
      endDate: '2026-03-13',
      hours: 90,
      days: 12,
    });
    await t.call('training.enrol', { courseId: big.id, cadreIds: [mover.id, recruit.id] }, t.adminToken);
    let rows = (await t.call('training.compliance', { year: 2026 }, t.adminToken)).rows;
    expect(rows.find((r) => r.name === '周敏')).toMatchObject({
      compliant: false,
      hours: 0,
      shortfall: [
        { rule: 'hoursShort', pass: false, params: { hours: 90, days: 12 } },
        { rule: 'fullTimeShort', pass: false, params: { days: 6 } },
      ],
      officeName: '新桥所',
    });
    await t.call(
      'training.attend',
      {
        courseId: big.id,
        records: [
          { cadreId: mover.id, attendance: 'attended', score: 88 },
          { cadreId: recruit.id, attendance: 'attended' },
        ],
      },
      t.adminToken,
    );
    rows = (await t.call('training.compliance', { year: 2026 }, t.adminToken)).rows;
    expect(rows.find((r) => r.name === '周敏')).toMatchObject({ compliant: true, hours: 90, days: 12, fullTimeDays: 12 });
    // The recruit met the hours but not 初任培训: still due until the probation year ends.
    const lin = rows.find((r) => r.name === '林晓')!;
    expect(lin).toMatchObject({ annualMet: true, compliant: true, initial: { status: 'due', deadline: '2027-07-31' } });
    const warnings = await t.call('training.warnings', {}, t.adminToken);
    expect(warnings.find((w) => w.name === '林晓')?.outcomes).toEqual([
      expect.objectContaining({
        rule: 'initialDue',
        pass: false,
        params: { joinDate: '2026-08-01', deadline: '2027-07-31', done: 0, required: 12, missing: 12 },
      }),
    ]);

    // 周敏 moves to 景山所: the hours follow, and so does the enrolment's office (sync scope).
    await t.call(
      'cadres.update',
      { id: mover.id, officeId: s.id, name: '周敏', gender: 'M', birthDate: '1990-03-01', workStart: '2012-07-01' } as never,
      t.adminToken,
    );
    const c2 = await t.call('training.compliance', { year: 2026, officeId: s.id }, t.adminToken);
    expect(c2.rows.find((r) => r.name === '周敏')).toMatchObject({ compliant: true, hours: 90, officeName: '景山所' });
    expect(c2.stations).toEqual([expect.objectContaining({ name: '景山所', total: 4 })]);
    expect((await t.call('training.compliance', { year: 2026, officeId: other.id }, t.adminToken)).rows).toEqual([]);
    expect((t.core.sqlite.prepare('SELECT office_id FROM training_enrolment WHERE cadre_id = ?').get(mover.id) as { office_id: string }).office_id).toBe(s.id);
  });

  it('asks for 任职培训 after a promotion from the rank history', async () => {
    t = await setupCore();
    const { senior, plan } = await county();
    // Set a rank, then a promotion: the second record starts the 12-month window.
    t.core.sqlite
      .prepare(
        "INSERT INTO rank_record (id, office_id, created_at, updated_at, cadre_id, rank, start_date) VALUES ('00000000-0000-7000-8000-0000000000a1', ?, '', '', ?, '一级科员', '2020-01-01'), ('00000000-0000-7000-8000-0000000000a2', ?, '', '', ?, '四级主任科员', '2026-02-01')",
      )
      .run(senior.officeId, senior.id, senior.officeId, senior.id);
    let rec = await t.call('training.cadre', { cadreId: senior.id }, t.adminToken);
    expect(rec.years[0]!.postTraining).toEqual([expect.objectContaining({ status: 'due', deadline: '2027-01-31' })]);
    const post = await course(plan.id, {
      kind: 'post',
      subKind: null,
      title: '新任职务培训',
      startDate: '2026-11-23',
      endDate: '2026-11-27',
      hours: 40,
      days: 5,
    });
    await t.call('training.enrol', { courseId: post.id, cadreIds: [senior.id] }, t.adminToken);
    await t.call('training.attend', { courseId: post.id, records: [{ cadreId: senior.id, attendance: 'attended' }] }, t.adminToken);
    rec = await t.call('training.cadre', { cadreId: senior.id }, t.adminToken);
    expect(rec.years[0]!.postTraining[0]?.status).toBe('done');
    expect(rec.history[0]).toMatchObject({ title: '新任职务培训', creditedHours: 40 });
  });
});

describe('checks kept by their inputs', () => {
  it('follows every change a check reads: a course, an attendance, a removal, a join date, a promotion, a setting', async () => {
    t = await setupCore();
    const { recruit, senior, mover, plan } = await county();
    const c = await course(plan.id, {
      kind: 'specialist',
      subKind: null,
      title: '市场监管执法业务',
      startDate: '2026-03-02',
      endDate: '2026-03-06',
      hours: 40,
      days: 5,
    });
    await t.call('training.enrol', { courseId: c.id, cadreIds: [senior.id, mover.id] }, t.adminToken);
    await t.call(
      'training.attend',
      {
        courseId: c.id,
        records: [
          { cadreId: senior.id, attendance: 'attended' },
          { cadreId: mover.id, attendance: 'attended' },
        ],
      },
      t.adminToken,
    );
    const row = async (name: string) => (await t.call('training.compliance', { year: 2026 }, t.adminToken)).rows.find((r) => r.name === name)!;
    expect(await row('陈国平')).toMatchObject({ hours: 40, days: 5 });
    // The course's hours change: every cadre who took it is checked again, the others are not affected.
    await course(plan.id, {
      id: c.id,
      kind: 'specialist',
      subKind: null,
      title: '市场监管执法业务',
      startDate: '2026-03-02',
      endDate: '2026-03-06',
      hours: 30,
      days: 5,
    });
    expect(await row('陈国平')).toMatchObject({ hours: 30, days: 5 });
    expect(await row('周敏')).toMatchObject({ hours: 30 });
    // One attendance changes: only that cadre's check changes.
    await t.call('training.attend', { courseId: c.id, records: [{ cadreId: senior.id, attendance: 'excused' }] }, t.adminToken);
    expect(await row('陈国平')).toMatchObject({ hours: 0, excused: 1 });
    expect(await row('周敏')).toMatchObject({ hours: 30 });
    // A removed enrolment no longer counts.
    t.core.sqlite.prepare("UPDATE training_enrolment SET deleted_at = '2026-11-28T00:00:00Z' WHERE cadre_id = ?").run(mover.id);
    expect(await row('周敏')).toMatchObject({ hours: 0 });
    // A join date that starts the probation year: 初任培训 is asked for.
    expect((await row('林晓')).initial).toMatchObject({ status: 'due' });
    await t.call(
      'cadres.update',
      {
        id: recruit.id,
        officeId: recruit.officeId,
        name: '林晓',
        gender: 'M',
        birthDate: '1990-03-01',
        workStart: '2024-08-01',
        joinDate: '2024-08-01',
      } as never,
      t.adminToken,
    );
    expect((await row('林晓')).initial).toBeNull();
    // A promotion opens a 任职培训 window.
    expect((await row('陈国平')).postTraining).toEqual([]);
    t.core.sqlite
      .prepare(
        "INSERT INTO rank_record (id, office_id, created_at, updated_at, cadre_id, rank, start_date) VALUES ('00000000-0000-7000-8000-0000000000b1', ?, '', '', ?, '一级科员', '2020-01-01'), ('00000000-0000-7000-8000-0000000000b2', ?, '', '', ?, '四级主任科员', '2026-02-01')",
      )
      .run(senior.officeId, senior.id, senior.officeId, senior.id);
    expect((await row('陈国平')).postTraining).toEqual([expect.objectContaining({ status: 'due' })]);
    // A new minimum applies to everyone.
    await t.call('settings.set', { key: 'training.minHours', value: 20, effectiveFrom: '2026-11-28' }, t.adminToken);
    const rules = (await t.call('training.compliance', { year: 2026 }, t.adminToken)).rules;
    expect(rules.minHours).toBe(20);
    expect((await row('周敏')).shortfall).toEqual([
      expect.objectContaining({ rule: 'hoursShort', params: expect.objectContaining({ hours: 20 }) }),
      expect.objectContaining({ rule: 'fullTimeShort' }),
    ]);
  });
});

describe('suggestions', () => {
  it('say why: the stage, the career plan training needs, and the missing 初任培训', async () => {
    t = await setupCore();
    const { recruit, senior, plan } = await county();
    await t.call('dossiers.savePlan', { cadreId: senior.id, periodStart: 2026, periodEnd: 2028, trainingNeeds: '法律知识、心理调适' } as never, t.adminToken);
    const law = await course(plan.id, { startDate: '2026-12-07', endDate: '2026-12-07', hours: 4, days: 1, targetStages: [] });
    const initial = await course(plan.id, {
      kind: 'initial',
      subKind: null,
      title: '新录用公务员初任培训',
      startDate: '2026-12-14',
      endDate: '2026-12-25',
      hours: 90,
      days: 12,
    });
    // A past course and a draft plan's course are not suggested.
    await course(plan.id, { title: '已结束的练兵', startDate: '2026-05-07', endDate: '2026-05-07', hours: 4, days: 1 });
    const draft = await t.call('training.savePlan', { year: 2026, title: '草稿计划', targetStages: ['adapt', 'mature'] }, t.adminToken);
    await course(draft.id, { title: '草稿中的课程', startDate: '2026-12-20', endDate: '2026-12-20', hours: 4, days: 1 });

    const forSenior = (await t.call('training.cadre', { cadreId: senior.id }, t.adminToken)).suggestions;
    expect(forSenior.map((s) => s.title)).toEqual(['岗位练兵·法律知识']);
    expect(forSenior[0]!.cadres[0]!.reasons).toEqual([{ rule: 'needs', pass: true, params: { words: ['法律知识'] } }]);
    const forRecruit = (await t.call('training.cadre', { cadreId: recruit.id }, t.adminToken)).suggestions;
    const why = Object.fromEntries(forRecruit.map((s) => [s.title, s.cadres[0]!.reasons.map((r) => r.rule)]));
    expect(forRecruit.find((s) => s.title === '新录用公务员初任培训')!.cadres[0]!.reasons).toEqual([
      { rule: 'forStage', pass: true, params: { stage: 'adapt' } },
      { rule: 'initialOutstanding', pass: true, params: expect.objectContaining({ done: 0, required: 12, deadline: '2027-07-31' }) },
    ]);
    // The drill names no stages of its own, so the plan's target stage (职业适应) applies.
    expect(why['岗位练兵·法律知识']).toEqual(['forStage']);
    expect(forRecruit.map((s) => s.courseId).sort()).toEqual([law.id, initial.id].sort());
  });
});

describe('in-service education', () => {
  it('records degrees and refuses a reward without completion or without an amount or decision', async () => {
    t = await setupCore();
    const { recruit } = await county();
    const base = { cadreId: recruit.id, institution: '浙江工商大学', degree: '法律硕士', startDate: '2024-09-01' };
    expect(await err('training.saveEducation', { ...base, reward: true, rewardAmount: 3000 })).toMatchObject({ code: 'RULE_VIOLATION' });
    expect(await err('training.saveEducation', { ...base, completed: true, completedOn: '2026-06-30', reward: true })).toMatchObject({
      details: { field: 'rewardRef' },
    });
    expect(await err('training.saveEducation', { ...base, completed: true })).toMatchObject({ details: { field: 'completedOn' } });
    const e = await t.call(
      'training.saveEducation',
      { ...base, endDate: '2026-06-30', completed: true, completedOn: '2026-06-30', reward: true, rewardRef: '温市监人〔2026〕12 号' },
      t.adminToken,
    );
    expect(e).toMatchObject({ name: '林晓', reward: true, rewardAmount: null, rewardRef: '温市监人〔2026〕12 号' });
    expect((await t.call('training.cadre', { cadreId: recruit.id }, t.adminToken)).education).toHaveLength(1);
  });
});

describe('sample county', () => {
  it('has a year plan with a course of every kind, enrolments, and some cadres behind on hours', async () => {
    t = await setupCore({ sample: true });
    const [plan] = await t.call('training.plans', { year: 2026 }, t.adminToken);
    expect(plan).toMatchObject({ status: 'approved' });
    const courses = await t.call('training.courses', { planId: plan!.id }, t.adminToken);
    expect(new Set(courses.map((c) => c.kind))).toEqual(
      new Set(['drill', 'expert', 'chief_forum', 'elite_forum', 'initial', 'post', 'specialist', 'wellbeing', 'education', 'external']),
    );
    expect(new Set(courses.filter((c) => c.kind === 'drill').map((c) => c.subKind))).toEqual(new Set(['思想', '作风', '法律', '业务', '技能']));
    const c = await t.call('training.compliance', { year: 2026 }, t.adminToken);
    const behind = c.rows.filter((r) => !r.compliant);
    expect(behind.length).toBeGreaterThan(3);
    expect(behind.length).toBeLessThan(c.rows.length / 2);
    expect(behind[0]!.shortfall[0]).toMatchObject({ rule: 'hoursShort', pass: false, params: { hours: expect.any(Number) } });
    // Suggestions for recruits name the missing 初任培训.
    const s = await t.call('training.suggest', { stage: 'adapt' }, t.adminToken);
    expect(s.flatMap((x) => x.cadres.flatMap((p) => p.reasons)).some((r) => r.rule === 'initialOutstanding')).toBe(true);
  });
});
