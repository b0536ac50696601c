// The sample county's training plan, written for 2026 and moved to today's year by the sample
// calendar: a course of every kind, and who took part.
// Deterministic and pure, like the county itself. Some cadres end the year behind on hours.
import type { CourseKind } from '../../shared/domain/training';
import type { SampleCalendar } from './calendar';

export interface SampleCourse {
  key: string;
  kind: CourseKind;
  subKind: string | null;
  title: string;
  startDate: string;
  endDate: string;
  hours: number;
  days: number;
  fullTime: boolean;
  place: string;
  instructor: string;
  capacity: number | null;
  targetStages: string[];
  abilities: string[];
}

const c = (
  key: string,
  kind: CourseKind,
  subKind: string | null,
  title: string,
  startDate: string,
  endDate: string,
  hours: number,
  days: number,
  fullTime: boolean,
  extra: Partial<SampleCourse> = {},
): SampleCourse => ({
  key,
  kind,
  subKind,
  title,
  startDate,
  endDate,
  hours,
  days,
  fullTime,
  place: '区局三楼培训室',
  instructor: '区局人事科',
  capacity: null,
  targetStages: [],
  abilities: [],
  ...extra,
});

export const SAMPLE_PLAN = {
  year: 2026,
  title: '2026 年度多轨制培训计划',
  goals: '岗位练兵全覆盖；新录用人员全部完成初任培训；每人全年不少于 90 学时或 12 天，其中脱产不少于 6 天。',
  targetStages: ['adapt', 'growth', 'mature', 'retreat'],
  abilities: ['自我认知', '职业规划', '情绪管理/人际沟通/心理调适'],
};

export const SAMPLE_COURSES: SampleCourse[] = [
  c('d1', 'drill', '思想', '岗位练兵·思想：学习贯彻新修订公务员法', '2026-03-10', '2026-03-10', 4, 0.5, false),
  c('d2', 'drill', '作风', '岗位练兵·作风：窗口服务规范', '2026-04-14', '2026-04-14', 4, 0.5, false),
  c('d3', 'drill', '法律', '岗位练兵·法律：行政处罚法适用', '2026-05-12', '2026-05-12', 8, 1, true),
  c('d4', 'drill', '业务', '岗位练兵·业务：企业登记注册实务', '2026-06-16', '2026-06-16', 8, 1, true),
  c('d5', 'drill', '技能', '岗位练兵·技能：食品快检设备操作', '2026-09-15', '2026-09-15', 8, 1, true),
  c('ex', 'expert', null, '走近专家：网络交易监管新规解读', '2026-04-22', '2026-04-22', 3, 0.5, false, {
    instructor: '省市场监管局法规处',
    abilities: ['职业规划'],
  }),
  c('cf', 'chief_forum', null, '科(所)长讲坛：责任区精细化管理', '2026-06-05', '2026-06-05', 3, 0.5, false, { instructor: '景山所所长' }),
  c('ef', 'elite_forum', null, '精英能手讲坛：执法办案经验谈', '2026-09-25', '2026-09-25', 3, 0.5, false, { instructor: '区局办案能手' }),
  c('in', 'initial', null, '新录用公务员初任培训', '2026-10-12', '2026-10-23', 90, 12, true, {
    capacity: 40,
    targetStages: ['adapt'],
    place: '市委党校',
    instructor: '市委党校',
    abilities: ['自我认知', '职业规划'],
  }),
  c('po0', 'post', null, '新任职务任职培训班（春季）', '2026-03-16', '2026-03-20', 40, 5, true, { capacity: 30, place: '市委党校', instructor: '市委党校' }),
  c('po', 'post', null, '新任职务任职培训班（秋季）', '2026-09-07', '2026-09-11', 40, 5, true, { capacity: 30, place: '市委党校', instructor: '市委党校' }),
  c('sp', 'specialist', null, '市场监管综合执法业务培训', '2026-05-18', '2026-05-29', 80, 10, true, { capacity: 120 }),
  c('wb', 'wellbeing', null, '心理健康讲座：压力管理与情绪调适', '2026-08-20', '2026-08-20', 3, 0.5, false, {
    instructor: '市心理咨询中心',
    abilities: ['情绪管理/人际沟通/心理调适'],
  }),
  c('ed', 'education', null, '在职研究生课程班（周末）', '2026-09-05', '2026-11-21', 60, 8, false, { capacity: 15, place: '浙江工商大学' }),
  c('xt', 'external', null, '省局食品安全监管骨干培训班', '2026-11-02', '2026-11-06', 40, 5, true, { capacity: 10, place: '杭州', instructor: '省局培训中心' }),
  // Still to come: what the suggestions offer.
  c('u1', 'drill', '法律', '岗位练兵·法律：行政执法文书写作', '2026-12-08', '2026-12-08', 8, 1, true, { capacity: 60, targetStages: ['adapt', 'growth'] }),
  c('u2', 'initial', null, '新录用公务员初任培训（第二期）', '2026-12-14', '2026-12-25', 90, 12, true, {
    capacity: 30,
    targetStages: ['adapt'],
    place: '市委党校',
    instructor: '市委党校',
  }),
  c('u3', 'wellbeing', null, '情绪管理与沟通工作坊', '2026-12-18', '2026-12-18', 4, 0.5, false, {
    capacity: 40,
    targetStages: ['mature', 'retreat'],
    abilities: ['情绪管理/人际沟通/心理调适'],
  }),
  c('u4', 'drill', '技能', '食品安全快检技术实操', '2026-12-22', '2026-12-22', 8, 1, true, { capacity: 40, targetStages: ['growth'] }),
];

/** Last year's plan, closed: the 初任 and 任职 sessions that earlier recruits and promotions took. */
export const SAMPLE_PAST_PLAN = {
  year: 2025,
  title: '2025 年度干部培训计划',
  goals: '新录用人员初任培训、新晋升人员任职培训全覆盖。',
  targetStages: ['adapt'],
  abilities: ['自我认知', '职业规划'],
};
export const SAMPLE_PAST_COURSES: SampleCourse[] = [
  c('in25', 'initial', null, '2025 年新录用公务员初任培训', '2025-10-13', '2025-10-24', 90, 12, true, {
    capacity: 40,
    targetStages: ['adapt'],
    place: '市委党校',
    instructor: '市委党校',
  }),
  c('po25', 'post', null, '2025 年新任职务任职培训班', '2025-05-12', '2025-05-16', 40, 5, true, { capacity: 30, place: '市委党校', instructor: '市委党校' }),
];

/**
 * Who took which course, by the cadre's index: most meet the minimum, every fifth is behind.
 * Story dates go through the calendar; a course counts only once it has started and only for
 * those who had joined by then.
 */
export function sampleAttendance(
  i: number,
  p: { joinDate: string; promotedOn: string | null },
  cal: SampleCalendar,
  courses: Map<string, { startDate: string }>,
): { key: string; attendance: 'attended' | 'absent' | 'excused' }[] {
  const out: { key: string; attendance: 'attended' | 'absent' | 'excused' }[] = [];
  for (const k of ['d1', 'd2', 'd3', 'd4', 'd5'])
    out.push({ key: k, attendance: i % 7 === 0 && k === 'd2' ? 'absent' : i % 11 === 0 && k === 'd4' ? 'excused' : 'attended' });
  const lecture = ['ex', 'cf', 'ef', 'wb'][i % 4]!;
  out.push({ key: lecture, attendance: 'attended' });
  if (i % 5 !== 0) out.push({ key: 'sp', attendance: 'attended' });
  // 初任培训 in the probation year: last autumn's session for last year's recruits, this year's for this year's.
  if (p.joinDate >= cal.at('2025-06-01') && p.joinDate < cal.at('2025-10-13') && i % 4 !== 0) out.push({ key: 'in25', attendance: 'attended' });
  if (p.joinDate >= cal.at('2026-01-01') && i % 2 === 0) out.push({ key: 'in', attendance: 'attended' });
  // 任职培训: the next session after the promotion, missed by every third.
  if (p.promotedOn && i % 3 !== 0)
    out.push({ key: p.promotedOn < cal.at('2025-05-12') ? 'po25' : p.promotedOn < cal.at('2026-03-16') ? 'po0' : 'po', attendance: 'attended' });
  if (i % 9 === 1) out.push({ key: 'xt', attendance: 'attended' });
  if (i % 13 === 2) out.push({ key: 'ed', attendance: 'attended' });
  return out.filter((a) => {
    const start = courses.get(a.key)?.startDate;
    return !!start && cal.past(start) && start >= p.joinDate;
  });
}

/** A story course moved to today's year. */
export function courseOn(c: SampleCourse, cal: SampleCalendar): SampleCourse {
  return { ...c, title: cal.text(c.title), startDate: cal.at(c.startDate), endDate: cal.at(c.endDate) };
}
