// Dossier records for the sample county: register fields and career records for every stage.
// Deterministic and pure, like the county itself.
import { idCheckChar } from '../../shared/domain/id-number';
import { addDays } from '../../shared/domain/time';
import { sampleCalendar } from './calendar';
import { pick, rng, type SampleCadre } from './county';

export interface SampleDossier {
  idNumber: string;
  workStart: string;
  joinDate: string;
  education: string;
  politics: string;
  rank: string;
  rankStart: string;
  /** The rank before the current one, held from the work start: the current one was a promotion. */
  previousRank: string | null;
  leadershipPost: string | null;
  leadershipStart: string | null;
  /** 实改非: older leaders moved to a non-leadership rank. */
  sgfDate: string | null;
  appraisals: { year: number; grade: '优秀' | '称职' | '基本称职' | '不称职' | '不定等次'; comment: string }[];
  plan: {
    periodStart: number;
    periodEnd: number;
    answers: number[];
    status: 'draft' | 'submitted' | 'reviewed';
    submittedOn: string | null;
    reviewedOn: string | null;
    goal1: string;
    goal3: string;
    goal5: string;
    trainingNeeds: string;
  } | null;
  commitments: { year: number; items: string[]; reviewed: boolean }[];
  internships: { post: string; place: string; startDate: string; endDate: string; supervisor: string; evaluation: string | null }[];
  declaration: { kind: 'post' | 'rotation'; target: string; reason: string; submittedOn: string } | null;
}

const RANKS = ['二级科员', '一级科员', '四级主任科员', '三级主任科员', '二级主任科员', '一级主任科员'];
const GOALS1 = ['熟练掌握登记注册业务流程', '独立办理一般程序行政处罚案件', '完成食品安全监管员培训并取得证书', '提高网格巡查记录的规范性'];
const GOALS3 = ['成为所里的登记业务骨干', '取得法律职业资格', '胜任执法办案岗位', '牵头一个责任区的综合监管'];
const GOALS5 = ['走上所级领导岗位', '成为全局知名的业务能手', '在专业领域带出一支队伍', '在区局业务科室承担牵头工作'];
const NEEDS = ['行政执法文书写作', '食品安全快检技术', '网络交易监管', '情绪管理与沟通'];
const COMMITS = ['全年辖区巡查不少于 24 次', '按时办结投诉举报，办结率 100%', '参加岗位练兵不少于 4 次', '完成责任区无照经营底数更新', '全年无有效投诉'];
/** A commitment lists each item once: a repeated pick takes the next item not yet listed (same random draws, so the rest of the sample stays as it was). */
const distinct = (items: string[]): string[] => {
  const out: string[] = [];
  for (const it of items) {
    let k = COMMITS.indexOf(it);
    while (out.includes(COMMITS[k]!)) k = (k + 1) % COMMITS.length;
    out.push(COMMITS[k]!);
  }
  return out;
};
const POSTS = ['登记注册岗', '综合监管岗', '食品安全监管岗', '执法办案岗'];

const pad = (n: number) => String(n).padStart(2, '0');

export function generateDossiers(cadres: SampleCadre[], opts: { seed?: number; today?: string } = {}): SampleDossier[] {
  const r = rng(opts.seed ?? 4404);
  const cal = sampleCalendar(opts.today);
  const { today, year } = cal;
  // This year's recruits start on 1 August; before that, the latest intake is last year's.
  const intake = cal.past(`${year}-08-01`) ? year : year - 1;
  return cadres.map((c, i) => {
    const by = Number(c.birthDate.slice(0, 4));
    // Work starts after college, never after today; the youngest are this year's recruits.
    // Some of the young joined recently (after graduate school or another job): the 职业适应 stage.
    const recruit = by >= cal.yearOf(1994) && i % 3 !== 2;
    const wy = recruit ? intake - (i % 3) : Math.min(by + 21 + Math.floor(r() * 3), year - 1);
    const workStart = `${wy}-${pad(wy === intake ? 8 : 7 + Math.floor(r() * 2))}-01`;
    const served = year - wy;
    const rankIdx = Math.min(RANKS.length - 1, Math.floor(served / 3));
    const rankYear = Math.max(wy, year - 1 - Math.floor(r() * 3));
    const seq = `${pad(10 + (i % 80))}${c.gender === 'M' ? 1 + 2 * Math.floor(r() * 4) : 2 * Math.floor(r() * 5)}`;
    const first17 = `330304${c.birthDate.replaceAll('-', '')}${seq}`;
    const appraisals: SampleDossier['appraisals'] = [];
    // An annual appraisal for every year since the work start (the current year's is not due yet).
    for (let y = wy; y < year; y++) {
      const x = r();
      const grade = x < 0.16 ? '优秀' : x < 0.95 ? '称职' : '基本称职';
      // One cadre's last appraisal was never filed: the eligibility list shows 考核结果缺失 for it.
      if (i === 13 && y === year - 1) continue;
      appraisals.push({ year: y, grade, comment: grade === '优秀' ? '工作主动，业绩突出' : grade === '称职' ? '完成岗位职责，作风扎实' : '业务能力有待提高' });
    }
    // This year's recruits write their first plan with HR.
    const hasPlan = r() < 0.7 && wy < year;
    const status = pick(r, ['draft', 'submitted', 'reviewed', 'reviewed'] as const);
    const lean = Math.floor(r() * 8);
    const leader = c.post.includes('所长') || c.post.includes('局长') || c.post.includes('科长');
    // Older cadres who once led: moved to a rank under 实改非 (the supervisor pool).
    const sgf = !leader && by <= cal.yearOf(1969) && i % 2 === 0;
    return {
      idNumber: first17 + idCheckChar(first17),
      workStart,
      joinDate: workStart,
      education: pick(r, ['大学本科', '大学本科', '研究生', '大学专科']),
      politics: pick(r, ['中共党员', '中共党员', '群众', '共青团员']),
      rank: RANKS[rankIdx]!,
      previousRank: rankIdx > 0 ? RANKS[rankIdx - 1]! : null,
      // Every date lies between the work start and today.
      rankStart: cal.min(cal.max(`${rankYear}-${pad(1 + Math.floor(r() * 12))}-01`, workStart), today),
      leadershipPost: leader || sgf ? (c.post.startsWith('副') ? '乡科级副职' : '乡科级正职') : null,
      leadershipStart: leader || sgf ? cal.min(cal.max(`${wy + 10}-03-01`, workStart), sgf ? cal.at('2023-05-01') : today) : null,
      sgfDate: sgf ? cal.at('2023-06-01') : null,
      appraisals,
      plan: hasPlan
        ? {
            periodStart: year - 1,
            periodEnd: year + 1,
            answers: Array.from({ length: 40 }, (_, k) => (k % 8 === lean ? 5 + Math.floor(r() * 2) : 1 + Math.floor(r() * 5))),
            status,
            // Written in the spring of the plan's first year, or soon after joining; reviewed a few weeks later.
            submittedOn: status === 'draft' ? null : cal.min(cal.max(`${year - 1}-03-15`, addDays(workStart, 30)), today),
            reviewedOn: status === 'reviewed' ? cal.min(addDays(cal.max(`${year - 1}-03-15`, addDays(workStart, 30)), 26), today) : null,
            goal1: pick(r, GOALS1),
            goal3: pick(r, GOALS3),
            goal5: pick(r, GOALS5),
            trainingNeeds: pick(r, NEEDS),
          }
        : null,
      commitments:
        served >= 1
          ? [
              { year: year - 1, items: distinct([pick(r, COMMITS), pick(r, COMMITS)]), reviewed: r() < 0.85 },
              { year, items: distinct([pick(r, COMMITS), pick(r, COMMITS), pick(r, COMMITS)]), reviewed: false },
            ]
          : [],
      // Recent recruits rotate through posts; the latest intake has no schedule yet, so the warning shows.
      internships:
        served < 3 && wy < intake
          ? POSTS.slice(0, 3).map((post, k) => {
              const s = new Date(Date.UTC(wy, 8 + k * 3, 1));
              const e = new Date(Date.UTC(wy, 8 + k * 3 + 3, 0));
              return {
                post,
                place: k === 0 ? '区局注册许可科' : '本所',
                startDate: s.toISOString().slice(0, 10),
                endDate: e.toISOString().slice(0, 10),
                supervisor: `${pick(r, ['陈', '王', '李', '周'])}老师`,
                evaluation: k === 0 ? '学习认真，能独立受理一般登记业务' : null,
              };
            })
          : [],
      declaration:
        i % 9 === 3
          ? {
              kind: r() < 0.5 ? 'rotation' : 'post',
              target: pick(r, POSTS),
              reason: '希望拓宽业务面，积累基层执法经验',
              submittedOn: cal.min(cal.max(cal.at('2026-10-12'), workStart), today),
            }
          : null,
    };
  });
}
