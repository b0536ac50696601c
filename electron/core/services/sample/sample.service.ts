import { generateCounty, generateTerritory, type TerritoryShape } from '../../../../resources/sample/county';
import type { Sqlite } from '../../db/open';
import { supervisionAssignment, supervisionLog, supervisor } from '../../schema/roster';
import { educationRecord, trainingCourse, trainingEnrolment, trainingPlan } from '../../schema/training';
import {
  courseOn,
  SAMPLE_COURSES,
  SAMPLE_PAST_COURSES,
  SAMPLE_PAST_PLAN,
  SAMPLE_PLAN,
  sampleAttendance,
  type SampleCourse,
} from '../../../../resources/sample/training';
import { sampleCalendar, type SampleCalendar } from '../../../../resources/sample/calendar';
import { retirement } from '../../../../shared/domain/career';
import {
  appraisal,
  business,
  cadre,
  careerPlan,
  census,
  declaration,
  grid,
  internship,
  postCommitment,
  unlicensed,
  zone,
  zoneAssignment,
  zoneGrid,
} from '../../schema';
import { generateDossiers } from '../../../../resources/sample/dossiers';
import { anchorScores } from '../../../../shared/domain/career';
import type { SyncedWriter, WriteCtx } from '../../sync/synced-write';
import type { OfficesService } from '../offices/offices.service';
import type { ZonesService } from '../zones/zones.service';
import { checkCreditCode } from '../../../../shared/domain/credit-code';

/** Loads the sample county through the same write path as every user edit. */
export function createSampleService(deps: { sqlite: Sqlite; offices: OfficesService; writer: SyncedWriter; zones: ZonesService }) {
  const { writer } = deps;
  function loadDossier(cadreId: string, officeId: string, d: ReturnType<typeof generateDossiers>[number], ctx: WriteCtx) {
    if (d.previousRank && d.rankStart > d.workStart) deps.offices.recordRank(cadreId, officeId, d.previousRank, d.workStart, ctx);
    deps.offices.recordRank(cadreId, officeId, d.rank, d.rankStart, ctx);
    for (const a of d.appraisals) writer.create(appraisal, { officeId, cadreId, ...a }, ctx);
    if (d.plan) {
      const p = d.plan;
      const scored = anchorScores(p.answers);
      writer.create(
        careerPlan,
        {
          officeId,
          cadreId,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          selfAssessment: '性格踏实，沟通能力较好，法律知识需要加强。',
          anchorAnswers: JSON.stringify(p.answers),
          anchorTop: 'top' in scored ? scored.top : null,
          goal1: p.goal1,
          goal3: p.goal3,
          goal5: p.goal5,
          trainingNeeds: p.trainingNeeds,
          status: p.status,
          submittedOn: p.submittedOn,
          reviewComment: p.status === 'reviewed' ? '目标切合实际，同意。' : null,
          reviewer: p.status === 'reviewed' ? '人事科' : null,
          reviewedOn: p.reviewedOn,
        },
        ctx,
      );
    }
    for (const c of d.commitments) {
      const items = c.items.map((text, k) => ({ text, result: c.reviewed ? (k === 1 ? 'partly' : 'met') : null, note: null }));
      writer.create(
        postCommitment,
        {
          officeId,
          cadreId,
          year: c.year,
          items: JSON.stringify(items),
          reviewedOn: c.reviewed ? `${c.year}-12-26` : null,
          reviewer: c.reviewed ? '人事科' : null,
        },
        ctx,
      );
    }
    for (const i of d.internships) writer.create(internship, { officeId, cadreId, ...i }, ctx);
    if (d.declaration) writer.create(declaration, { officeId, cadreId, ...d.declaration, decision: 'pending' }, ctx);
  }

  function loadTraining(
    bureauId: string,
    people: { id: string; officeId: string; joinDate: string; promotedOn: string | null }[],
    cal: SampleCalendar,
    ctx: WriteCtx,
  ) {
    const courses = new Map<string, string>();
    const dated = new Map<string, SampleCourse>();
    for (const [def, list, status] of [
      [SAMPLE_PAST_PLAN, SAMPLE_PAST_COURSES, 'closed'],
      [SAMPLE_PLAN, SAMPLE_COURSES, 'approved'],
    ] as const) {
      const { targetStages, abilities, ...plan } = def;
      const p = writer.create(
        trainingPlan,
        {
          officeId: bureauId,
          ...plan,
          year: cal.yearOf(plan.year),
          title: cal.text(plan.title),
          targetStages: JSON.stringify(targetStages),
          abilities: JSON.stringify(abilities),
          status,
        },
        ctx,
      );
      for (const story of list) {
        const { key, targetStages: st, abilities: ab, ...c } = courseOn(story, cal);
        dated.set(key, { key, targetStages: st, abilities: ab, ...c });
        courses.set(
          key,
          writer.create(
            trainingCourse,
            { officeId: bureauId, planId: p.id, ...c, targetStages: JSON.stringify(st), targetPosts: '[]', abilities: JSON.stringify(ab), note: null },
            ctx,
          ).id,
        );
      }
    }
    people.forEach((c, i) => {
      for (const a of sampleAttendance(i, c, cal, dated)) {
        writer.create(
          trainingEnrolment,
          {
            officeId: c.officeId,
            courseId: courses.get(a.key)!,
            cadreId: c.id,
            status: 'enrolled',
            attendance: a.attendance,
            score: a.attendance === 'attended' && a.key === 'sp' ? 70 + ((i * 7) % 30) : null,
            note: null,
          },
          ctx,
        );
      }
    });
    // Three cadres study for a degree in service; one finished and was rewarded.
    [people[3], people[8], people[15]].forEach((c, k) => {
      if (!c) return;
      const startDate = cal.max(cal.at(`${2023 + k}-09-01`), c.joinDate);
      const end = cal.at('2026-06-30');
      const done = k === 0 && cal.past(end) && end > startDate;
      writer.create(
        educationRecord,
        {
          officeId: c.officeId,
          cadreId: c.id,
          institution: k === 2 ? '中央广播电视大学' : '浙江工商大学',
          degree: k === 2 ? '本科（法学）' : '法律硕士',
          major: k === 2 ? '法学' : '法律（非法学）',
          startDate,
          endDate: done ? end : null,
          completed: done,
          completedOn: done ? end : null,
          reward: done,
          rewardAmount: done ? 3000 : null,
          rewardRef: done ? `区市监人〔${cal.yearOf(2026)}〕18 号` : null,
        },
        ctx,
      );
    });
  }

  /** Loads the sample relative to `today` (the core's): see resources/sample/calendar.ts. The screens bench asks for a bigger shape. */
  function load(bureauId: string, ctx: WriteCtx, today: string, shape: { stations?: number; cadresPerStation?: number; territory?: TerritoryShape } = {}) {
    const cal = sampleCalendar(today);
    const county = generateCounty({ today, stations: shape.stations, cadresPerStation: shape.cadresPerStation });
    const stationIds = new Map<string, string>();
    for (const s of county.stations) {
      const o = deps.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx);
      stationIds.set(s.key, o.id);
    }
    const cadresOf = new Map<string, string[]>();
    const dossiers = generateDossiers(county.cadres, { today });
    const joined = new Map<string, string>();
    const retires = new Map<string, string>();
    const veterans: { id: string; officeId: string }[] = [];
    const trainees: { id: string; officeId: string; joinDate: string; promotedOn: string | null }[] = [];
    county.cadres.forEach((c, i) => {
      const officeId = c.stationKey ? stationIds.get(c.stationKey)! : bureauId;
      const d = dossiers[i]!;
      const row = writer.create(
        cadre,
        {
          officeId,
          name: c.name,
          gender: c.gender,
          birthDate: c.birthDate,
          post: c.post,
          status: 'active',
          phone: c.phone,
          idNumber: d.idNumber,
          workStart: d.workStart,
          joinDate: d.joinDate,
          education: d.education,
          politics: d.politics,
          leadershipPost: d.leadershipPost,
          leadershipStart: d.leadershipStart,
          rank: d.rank,
          rankStart: d.rankStart,
          sgf: !!d.sgfDate,
          sgfDate: d.sgfDate,
        },
        ctx,
      );
      if (c.stationKey) cadresOf.set(c.stationKey, [...(cadresOf.get(c.stationKey) ?? []), row.id]);
      joined.set(row.id, d.joinDate);
      retires.set(row.id, retirement(c.birthDate, c.gender).date);
      if (d.sgfDate) veterans.push({ id: row.id, officeId });
      loadDossier(row.id, officeId, d, ctx);
      trainees.push({
        id: row.id,
        officeId,
        joinDate: d.joinDate,
        promotedOn:
          d.previousRank && d.rankStart > d.workStart && d.rankStart >= cal.at('2024-05-12') && d.rankStart < cal.at('2026-09-07') ? d.rankStart : null,
      });
    });
    loadTraining(bureauId, trainees, cal, ctx);

    const t = generateTerritory(county, shape.territory);
    const zoneIds = new Map<string, string>();
    for (const z of t.zones) {
      const officeId = stationIds.get(z.stationKey)!;
      const row = writer.create(
        zone,
        { officeId, code: z.code, name: z.name, boundary: z.boundary, riskLevel: z.riskLevel, notes: null, status: 'active' },
        ctx,
      );
      zoneIds.set(z.code, row.id);
      const people = cadresOf.get(z.stationKey)!;
      if (z.ownerIndex !== null) {
        // Owners since the start of last year, or since they joined.
        const owner = people[z.ownerIndex % people.length]!;
        writer.create(
          zoneAssignment,
          { officeId, zoneId: row.id, cadreId: owner, role: 'owner', startDate: cal.max(cal.at('2025-01-01'), joined.get(owner)!), endDate: null, note: null },
          ctx,
        );
      }
    }
    const gridIds = new Map<string, string>();
    for (const g of t.grids) {
      const officeId = stationIds.get(g.stationKey)!;
      const row = writer.create(
        grid,
        { officeId, township: g.township, code: g.code, name: g.name, workerName: g.workerName, workerPhone: g.workerPhone, area: g.area },
        ctx,
      );
      gridIds.set(g.code, row.id);
      for (const zc of g.zoneCodes) writer.create(zoneGrid, { officeId, zoneId: zoneIds.get(zc)!, gridId: row.id }, ctx);
    }
    for (const b of t.businesses) {
      const v = checkCreditCode(b.creditCode);
      writer.create(
        business,
        {
          officeId: stationIds.get(b.stationKey)!,
          creditCode: b.creditCode,
          creditCheckFailed: v.ok && v.checkFailed,
          regNo: null,
          name: b.name,
          type: b.type,
          address: b.address,
          legalRep: b.legalRep,
          phone: b.phone,
          food: b.food,
          riskLevel: b.riskLevel,
          status: b.status,
          zoneId: zoneIds.get(b.zoneCode)!,
          gridId: gridIds.get(b.gridCode)!,
        },
        ctx,
      );
    }
    // Two 实改非 veterans supervise zones of two stations, with a visit logged each.
    const stationList = [...stationIds.values()];
    veterans.slice(0, 2).forEach((v, k) => {
      const st = stationList[k % stationList.length]!;
      const zs = t.zones
        .filter((z) => stationIds.get(z.stationKey) === st)
        .slice(0, 2)
        .map((z) => zoneIds.get(z.code)!);
      // A term of two years that never outlives the supervisor's statutory retirement.
      const term = { startDate: cal.at('2026-01-01'), endDate: cal.min(cal.at('2027-12-31'), retires.get(v.id)!) };
      const sup = writer.create(
        supervisor,
        {
          officeId: v.officeId,
          cadreId: v.id,
          ...term,
          duties: '督导责任区巡查和食品安全日常监管',
          scope: JSON.stringify({ stations: [st], zones: zs, themes: ['食品安全'] }),
          note: null,
        },
        ctx,
      );
      zs.forEach((zid, j) => {
        const period = { startDate: cal.at('2026-03-01'), endDate: cal.min(cal.at('2026-12-31'), term.endDate) };
        const a = writer.create(
          supervisionAssignment,
          {
            officeId: v.officeId,
            supervisorId: sup.id,
            targetKind: 'zone',
            targetId: zid,
            theme: null,
            ...period,
            goals: '每月随机抽查 2 户食品经营者',
            hoursPerMonth: 6,
          },
          ctx,
        );
        const visitDate = cal.at(`2026-0${6 + j}-15`);
        if (!cal.past(visitDate) || visitDate > period.endDate) return;
        writer.create(
          supervisionLog,
          {
            officeId: v.officeId,
            supervisorId: sup.id,
            assignmentId: a.id,
            visitDate,
            findings: j === 0 ? '一家小餐馆从业人员健康证过期' : '未发现问题',
            feedback: '已向所长反馈',
            followUp: j === 0 ? '督促办理健康证，下月复查' : null,
            followStatus: j === 0 ? 'open' : 'none',
            hours: 3,
          },
          ctx,
        );
      });
    });
    const censusIds = new Map<string, string>();
    for (const s of county.stations) {
      t.censuses.forEach((c, i) => {
        const row = writer.create(census, { officeId: stationIds.get(s.key)!, name: c.name, censusDate: c.date, notes: null }, ctx);
        censusIds.set(`${s.key}:${i}`, row.id);
      });
    }
    for (const u of t.unlicensed) {
      writer.create(
        unlicensed,
        {
          officeId: stationIds.get(u.stationKey)!,
          censusId: censusIds.get(`${u.stationKey}:${u.census}`)!,
          zoneId: zoneIds.get(u.zoneCode)!,
          gridId: gridIds.get(u.gridCode)!,
          name: u.name,
          address: u.address,
          operator: u.operator,
          category: u.category,
          status: u.status,
          exemptReason: u.exemptReason,
          note: null,
        },
        ctx,
      );
    }
  }
  return { load };
}

export type SampleService = ReturnType<typeof createSampleService>;
