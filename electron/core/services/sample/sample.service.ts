import { generateCounty, generateTerritory } from '../../../../resources/sample/county';
import type { Sqlite } from '../../db/open';
import { appraisal, business, cadre, careerPlan, census, declaration, grid, internship, postCommitment, unlicensed, zone, zoneAssignment, zoneGrid } from '../../schema';
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
    deps.offices.recordRank(cadreId, officeId, d.rank, d.rankStart, ctx);
    for (const a of d.appraisals) writer.create(appraisal, { officeId, cadreId, ...a }, ctx);
    if (d.plan) {
      const p = d.plan;
      const scored = anchorScores(p.answers);
      writer.create(
        careerPlan,
        {
          officeId, cadreId, periodStart: p.periodStart, periodEnd: p.periodEnd, selfAssessment: '性格踏实，沟通能力较好，法律知识需要加强。',
          anchorAnswers: JSON.stringify(p.answers), anchorTop: 'top' in scored ? scored.top : null, goal1: p.goal1, goal3: p.goal3, goal5: p.goal5,
          trainingNeeds: p.trainingNeeds, status: p.status, submittedOn: p.status === 'draft' ? null : `${p.periodStart}-03-15`,
          reviewComment: p.status === 'reviewed' ? '目标切合实际，同意。' : null, reviewer: p.status === 'reviewed' ? '人事科' : null, reviewedOn: p.status === 'reviewed' ? `${p.periodStart}-04-10` : null,
        },
        ctx,
      );
    }
    for (const c of d.commitments) {
      const items = c.items.map((text, k) => ({ text, result: c.reviewed ? (k === 1 ? 'partly' : 'met') : null, note: null }));
      writer.create(postCommitment, { officeId, cadreId, year: c.year, items: JSON.stringify(items), reviewedOn: c.reviewed ? `${c.year}-12-26` : null, reviewer: c.reviewed ? '人事科' : null }, ctx);
    }
    for (const i of d.internships) writer.create(internship, { officeId, cadreId, ...i }, ctx);
    if (d.declaration) writer.create(declaration, { officeId, cadreId, ...d.declaration, submittedOn: '2026-10-12', decision: 'pending' }, ctx);
  }

  function load(bureauId: string, ctx: WriteCtx) {
    const county = generateCounty();
    const stationIds = new Map<string, string>();
    for (const s of county.stations) {
      const o = deps.offices.createStation({ name: s.name, code: s.code, address: s.address, phone: s.phone }, ctx);
      stationIds.set(s.key, o.id);
    }
    const cadresOf = new Map<string, string[]>();
    const dossiers = generateDossiers(county.cadres);
    county.cadres.forEach((c, i) => {
      const officeId = c.stationKey ? stationIds.get(c.stationKey)! : bureauId;
      const d = dossiers[i]!;
      const row = writer.create(
        cadre,
        {
          officeId, name: c.name, gender: c.gender, birthDate: c.birthDate, post: c.post, status: 'active', phone: c.phone,
          idNumber: d.idNumber, workStart: d.workStart, joinDate: d.joinDate, education: d.education, politics: d.politics,
          leadershipPost: d.leadershipPost, rank: d.rank, rankStart: d.rankStart, sgf: false, sgfDate: null,
        },
        ctx,
      );
      if (c.stationKey) cadresOf.set(c.stationKey, [...(cadresOf.get(c.stationKey) ?? []), row.id]);
      loadDossier(row.id, officeId, d, ctx);
    });

    const t = generateTerritory(county);
    const zoneIds = new Map<string, string>();
    for (const z of t.zones) {
      const officeId = stationIds.get(z.stationKey)!;
      const row = writer.create(zone, { officeId, code: z.code, name: z.name, boundary: z.boundary, riskLevel: z.riskLevel, notes: null, status: 'active' }, ctx);
      zoneIds.set(z.code, row.id);
      const people = cadresOf.get(z.stationKey)!;
      if (z.ownerIndex !== null) {
        writer.create(zoneAssignment, { officeId, zoneId: row.id, cadreId: people[z.ownerIndex % people.length]!, role: 'owner', startDate: '2025-01-01', endDate: null, note: null }, ctx);
      }
    }
    const gridIds = new Map<string, string>();
    for (const g of t.grids) {
      const officeId = stationIds.get(g.stationKey)!;
      const row = writer.create(grid, { officeId, township: g.township, code: g.code, name: g.name, workerName: g.workerName, workerPhone: g.workerPhone, area: g.area }, ctx);
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
