import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCounty, generateTerritory, territoryBusinesses } from '../resources/sample/county';
import { checkCreditCode } from '../shared/domain/credit-code';
import { uuidv7 } from '../shared/domain/uuid';
import type { MethodName } from '../shared/contract';
import type { Role } from '../shared/contract/roles';
import { createCore, type Core } from '../electron/core/create-core';
import { todayOf } from '../electron/core/clock';
import { fmt, percentile, type Row } from './lib';

// What a user waits for when a screen opens: every screen's opening calls, made through
// `dispatch` as the role that opens it, on a county (100k businesses) and a city (1M) built
// from the synthetic county generator. The databases are built once and cached in
// $TMPDIR/branch-desk-bench (BENCH_REBUILD=1 builds them again). Opening the database is
// measured in a fresh process (bench/screens-open.ts), so its time and memory are its own.

export const BENCH_CACHE = path.join(os.tmpdir(), 'branch-desk-bench');
/** Bumped when the generated data changes, so an old cache is rebuilt. */
const GENERATION = 'screens-v1';
const PASSWORD = 'Bench#Pass-2026';
const ADMIN_PASSWORD = 'Qz#2026-Ouhai';
const STATIONS = 15;
/** 15 stations × 26 + 4 bureau cadres ≈ the county's 400. */
const CADRES_PER_STATION = 26;
export const BENCH_USERS: Record<Exclude<Role, 'admin'>, string> = {
  chief: 'bench_chief',
  staff: 'bench_staff',
  hr: 'bench_hr',
  counsellor: 'bench_counsellor',
};

export const screensDbPath = (n: number) => path.join(BENCH_CACHE, `screens-${n}.sqlite`);
const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
};

function generated(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  try {
    const core = createCore({ dbPath: file, backupDir: null });
    const row = core.sqlite.prepare("SELECT value FROM local_meta WHERE key = 'bench.generation'").get() as { value: string } | undefined;
    void core.close({ backup: false });
    return row?.value === GENERATION;
  } catch {
    return false;
  }
}

const call = async (core: Core, method: MethodName, input: unknown, token?: string) => {
  const r = await core.dispatch(method, input, { sessionToken: token });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as never;
};

/**
 * Build a county of `n` businesses: the sample county's offices, cadres, dossiers, training and
 * roster through the app's write path, 20 zones and 8 grids per station with owners, a census
 * in proportion (2 % of the businesses, two campaigns), the businesses loaded as a sync pull
 * loads them (an upsert per row, the search index filled by its triggers), and one audit row
 * per business as an import would leave.
 */
async function build(n: number, file: string) {
  removeDb(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const t0 = performance.now();
  const core = createCore({ dbPath: file, backupDir: null });
  await call(core, 'auth.setup', {
    bureauName: '温州市瓯海区市场监督管理局',
    bureauCode: '330304',
    username: 'admin',
    displayName: '管理员',
    password: ADMIN_PASSWORD,
  });
  const { sessionToken: admin } = await call(core, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  const bureauId = core.services.offices.bureauId();
  const ctx = { actor: { id: null, name: 'bench' }, method: 'bench.build' };
  const territory = { zonesPerStation: 20, gridsPerStation: 8, businesses: 0, unlicensedScale: n / 12_500 };
  const today = todayOf(core.clock);
  core.sqlite.transaction(() => core.services.sample.load(bureauId, ctx, today, { stations: STATIONS, cadresPerStation: CADRES_PER_STATION, territory }))();

  const county = generateCounty({ today, stations: STATIONS, cadresPerStation: CADRES_PER_STATION });
  const t = generateTerritory(county, territory);
  const ids = (sql: string) => new Map((core.sqlite.prepare(sql).all() as { k: string; id: string }[]).map((r) => [r.k, r.id]));
  const zoneIds = ids('SELECT code AS k, id FROM zone');
  const gridIds = ids('SELECT code AS k, id FROM grid');
  const stationIds = ids("SELECT name AS k, id FROM office WHERE kind = 'station'");
  const stationOf = new Map(county.stations.map((s) => [s.key, stationIds.get(s.name)!]));
  const ins = core.sqlite.prepare(
    `INSERT INTO business (id, office_id, created_at, updated_at, credit_code, credit_check_failed, name, type, address, legal_rep, phone, food, risk_level, status, zone_id, grid_id)
     VALUES (@id, @office_id, @created_at, @updated_at, @credit_code, @credit_check_failed, @name, @type, @address, @legal_rep, @phone, @food, @risk_level, @status, @zone_id, @grid_id)
     ON CONFLICT(id) DO NOTHING`,
  );
  const seen = new Set<string>();
  const at = new Date('2026-06-01T02:00:00Z').getTime();
  let batch: Record<string, unknown>[] = [];
  const flush = core.sqlite.transaction((rows: Record<string, unknown>[]) => {
    for (const row of rows) {
      ins.run(row);
      core.services.audit.append({
        actor: { id: null, name: 'admin' },
        method: 'businesses.importCommit',
        entity: 'business',
        entityId: row.id as string,
        before: null,
        after: row,
      });
    }
  });
  let i = 0;
  for (const b of territoryBusinesses(county, t, { businesses: n, invalidCodes: Math.round(n / 1000) })) {
    // The random credit codes of a million businesses collide now and then; the register keeps one each.
    if (seen.has(b.creditCode)) continue;
    seen.add(b.creditCode);
    const v = checkCreditCode(b.creditCode);
    const stamp = new Date(at + i++ * 1000).toISOString();
    batch.push({
      id: uuidv7(at + i * 1000),
      office_id: stationOf.get(b.stationKey)!,
      created_at: stamp,
      updated_at: stamp,
      credit_code: b.creditCode,
      credit_check_failed: v.ok && v.checkFailed ? 1 : 0,
      name: b.name,
      type: b.type,
      address: b.address,
      legal_rep: b.legalRep,
      phone: b.phone,
      food: b.food ? 1 : 0,
      risk_level: b.riskLevel,
      status: b.status,
      zone_id: zoneIds.get(b.zoneCode)!,
      grid_id: gridIds.get(b.gridCode)!,
    });
    if (batch.length === 10_000) {
      flush(batch);
      batch = [];
      if (i % 100_000 === 0) process.stdout.write(`  … ${i.toLocaleString('en')} businesses\n`);
    }
  }
  flush(batch);

  // One account per role; the staff account is the cadre who owns the first station's first zone.
  const station1 = stationOf.get(county.stations[0]!.key)!;
  const owner = core.sqlite
    .prepare("SELECT a.cadre_id FROM zone_assignment a JOIN zone z ON z.id = a.zone_id WHERE z.office_id = ? AND a.role = 'owner' ORDER BY z.code LIMIT 1")
    .get(station1) as { cadre_id: string };
  for (const [role, username] of Object.entries(BENCH_USERS) as [Exclude<Role, 'admin'>, string][]) {
    const officeId = role === 'chief' || role === 'staff' ? station1 : bureauId;
    await call(
      core,
      'users.create',
      { username, displayName: username, role, officeId, cadreId: role === 'staff' ? owner.cadre_id : null, password: 'Start#Pass-2026' },
      admin,
    );
    const { sessionToken } = await call(core, 'auth.login', { username, password: 'Start#Pass-2026' });
    await call(core, 'auth.changePassword', { oldPassword: 'Start#Pass-2026', newPassword: PASSWORD }, sessionToken);
  }
  core.sqlite.prepare("INSERT INTO local_meta (key, value) VALUES ('bench.generation', ?)").run(GENERATION);
  core.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await core.close({ backup: false });
  process.stdout.write(`  built ${n.toLocaleString('en')} in ${fmt((performance.now() - t0) / 1000, 0)} s\n`);
}

/** The cached database of `n` businesses, built when missing (or when BENCH_REBUILD is set). */
export async function countyDb(n: number): Promise<string> {
  const file = screensDbPath(n);
  if (process.env.BENCH_REBUILD || !generated(file)) {
    if (n >= 1_000_000) {
      const df = spawnSync('df', ['-h', BENCH_CACHE.replace(/branch-desk-bench$/, '')], { encoding: 'utf8' }).stdout;
      process.stdout.write(`  building a ${n.toLocaleString('en')}-business database (about 2.5 GB); disk:\n${df}`);
    }
    await build(n, file);
  }
  return file;
}

interface Screen {
  screen: string;
  role: Role;
  calls: [MethodName, Record<string, unknown>][];
  /** Not part of a screen's opening (a scroll, a dialog): reported, not held to the target. */
  extra?: boolean;
  /** Each run opens the screen just after an HR write (afterWrite below), so nothing it asks for is kept by the read cache. */
  afterWrite?: boolean;
}

/**
 * Every screen of the app and the calls it makes when it opens (renderer/src/features/*). A test
 * (renderer/src/app/screens-bench.test.ts) fails when a screen calls a method this list lacks.
 */
function screens(
  ids: { station: string; zone: string; cadre: string; census: string; course: string; supervisor: string; businesses: number },
  year: number,
): Screen[] {
  const S = ids.station;
  const shell: Screen['calls'] = [
    ['auth.me', {}],
    ['sync.status', {}],
    ['update.status', {}],
  ];
  return [
    { screen: 'login', role: 'admin', calls: [['auth.status', {}]] },
    { screen: 'home', role: 'admin', calls: [...shell, ['offices.list', { includeInactive: true }], ['users.list', {}], ['backup.refusedRestores', {}]] },
    { screen: 'home', role: 'counsellor', calls: [...shell, ['offices.list', { includeInactive: true }]] },
    {
      screen: 'zones overview, county',
      role: 'admin',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['zones.overview', {}],
        ['zones.list', {}],
      ],
    },
    {
      screen: 'zones overview, station',
      role: 'chief',
      calls: [
        ['roster.mine', {}],
        ['offices.list', { includeInactive: false }],
        ['zones.overview', { officeId: S }],
        ['zones.list', { officeId: S }],
      ],
    },
    { screen: 'zones list, county', role: 'admin', calls: [['zones.list', { includeRetired: false }]] },
    { screen: 'zones list, station', role: 'chief', calls: [['zones.list', { officeId: S, includeRetired: false }]] },
    { screen: 'zone history', role: 'chief', calls: [['zones.history', { zoneId: ids.zone }]] },
    { screen: "zone's businesses (split dialog)", role: 'chief', calls: [['businesses.search', { zoneId: ids.zone, limit: 500, offset: 0 }]] },
    { screen: 'zones load, station', role: 'chief', calls: [['zones.load', { officeId: S }]] },
    { screen: 'zones load, a station of the county', role: 'admin', calls: [['zones.load', { officeId: S }]] },
    {
      screen: 'reassign dialog',
      role: 'chief',
      calls: [
        ['zones.list', { officeId: S }],
        ['cadres.list', { officeId: S }],
      ],
    },
    {
      screen: 'grids, county',
      role: 'admin',
      calls: [
        ['grids.list', {}],
        ['zones.list', {}],
      ],
    },
    {
      screen: 'grids, station',
      role: 'chief',
      calls: [
        ['grids.list', { officeId: S }],
        ['zones.list', { officeId: S }],
      ],
    },
    { screen: 'dual-track roster, station', role: 'chief', calls: [['grids.dualTrack', { officeId: S }]] },
    { screen: 'dual-track roster, county', role: 'admin', calls: [['grids.dualTrack', {}]] },
    {
      screen: 'business list, county',
      role: 'admin',
      calls: [
        ['zones.list', {}],
        ['grids.list', {}],
        ['businesses.search', { offset: 0, limit: 100 }],
      ],
    },
    {
      screen: 'business list, station',
      role: 'chief',
      calls: [
        ['zones.list', { officeId: S }],
        ['grids.list', { officeId: S }],
        ['businesses.search', { officeId: S, offset: 0, limit: 100 }],
      ],
    },
    { screen: 'business list, county, food', role: 'admin', calls: [['businesses.search', { food: true, offset: 0, limit: 100 }]] },
    { screen: 'business list, station, food', role: 'chief', calls: [['businesses.search', { officeId: S, food: true, offset: 0, limit: 100 }]] },
    { screen: 'business list, county, suspended', role: 'admin', calls: [['businesses.search', { status: 'suspended', offset: 0, limit: 100 }]] },
    { screen: 'business search 2 chars, county', role: 'admin', calls: [['businesses.search', { q: '华兴', offset: 0, limit: 100 }]] },
    { screen: 'business list scrolled to row 5,000', role: 'admin', calls: [['businesses.search', { offset: 5_000, limit: 100 }]], extra: true },
    {
      screen: 'business list scrolled to the middle',
      role: 'admin',
      calls: [['businesses.search', { offset: Math.floor(ids.businesses / 2), limit: 100 }]],
      extra: true,
    },
    {
      screen: 'census, station',
      role: 'chief',
      calls: [
        ['census.list', { officeId: S }],
        ['census.entries', { censusId: ids.census }],
        ['census.counts', { censusId: ids.census }],
        ['zones.list', { officeId: S }],
        ['grids.list', { officeId: S }],
      ],
    },
    { screen: 'offices', role: 'admin', calls: [['offices.list', { includeInactive: true }]] },
    {
      screen: 'cadre register',
      role: 'admin',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['cadres.list', {}],
      ],
    },
    {
      screen: 'cadre register',
      role: 'hr',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['cadres.list', {}],
      ],
    },
    {
      screen: 'users',
      role: 'admin',
      calls: [
        ['users.list', {}],
        ['offices.list', { includeInactive: true }],
      ],
    },
    { screen: 'settings', role: 'admin', calls: [['settings.list', {}]] },
    { screen: 'about', role: 'staff', calls: [['app.about', {}]] },
    {
      screen: 'maintenance',
      role: 'admin',
      calls: [
        ['backup.list', { folder: null }],
        ['update.status', {}],
      ],
    },
    { screen: 'audit log, first page', role: 'admin', calls: [['audit.list', { limit: 50, offset: 0 }]] },
    { screen: 'audit log, second page', role: 'admin', calls: [['audit.list', { limit: 50, offset: 50 }]] },
    { screen: 'audit log, filtered to businesses', role: 'admin', calls: [['audit.list', { entity: 'business', limit: 50, offset: 0 }]] },
    {
      screen: 'sync',
      role: 'admin',
      calls: [
        ['sync.status', {}],
        ['sync.conflicts', {}],
        ['sync.rejected', {}],
        ['sync.quarantine', {}],
      ],
    },
    {
      screen: 'HR dashboard',
      role: 'hr',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['hr.dashboard', {}],
        ['training.warnings', {}],
      ],
    },
    {
      screen: 'HR dashboard, station',
      role: 'chief',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['hr.dashboard', {}],
        ['training.warnings', {}],
      ],
    },
    { screen: 'dossier', role: 'hr', calls: [['dossiers.get', { cadreId: ids.cadre }]] },
    { screen: 'dossier, training tab', role: 'hr', calls: [['training.cadre', { cadreId: ids.cadre }]] },
    {
      screen: 'my dossier',
      role: 'staff',
      calls: [
        ['roster.mine', {}],
        ['dossiers.mine', {}],
        ['dossiers.get', { cadreId: ids.cadre }],
      ],
    },
    { screen: 'supervisor roster', role: 'hr', calls: [['roster.supervisors', {}]] },
    { screen: 'second line', role: 'hr', calls: [['roster.secondLine', { all: false }]] },
    {
      screen: 'rank eligibility',
      role: 'hr',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['roster.eligibility', { months: 6 }],
      ],
    },
    {
      screen: 'appoint a supervisor (dialog)',
      role: 'hr',
      calls: [
        ['roster.candidates', {}],
        ['roster.targets', {}],
      ],
    },
    {
      screen: 'supervisor page',
      role: 'hr',
      calls: [
        ['roster.supervisor', { id: ids.supervisor }],
        ['roster.targets', {}],
      ],
    },
    { screen: 'training plans', role: 'hr', calls: [['training.plans', { year }]] },
    { screen: 'training courses', role: 'hr', calls: [['training.courses', { year }]] },
    { screen: 'training month calendar', role: 'hr', calls: [['training.courses', { from: `${year}-10-25`, to: `${year}-12-07` }]] },
    {
      screen: 'training compliance',
      role: 'hr',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['training.compliance', { year }],
      ],
    },
    {
      screen: 'training suggestions',
      role: 'hr',
      calls: [
        ['offices.list', { includeInactive: false }],
        ['training.suggest', {}],
      ],
    },
    { screen: 'in-service degrees', role: 'hr', calls: [['training.education', {}]] },
    { screen: 'course page / sign-in sheet', role: 'hr', calls: [['training.course', { id: ids.course }]] },
    // The HR screens' answers are kept until an HR table changes: opened again they cost nothing,
    // so the figure that matters is the first opening after a write.
    {
      screen: 'HR dashboard, first opening after a write',
      role: 'hr',
      calls: [
        ['hr.dashboard', {}],
        ['training.warnings', {}],
      ],
      afterWrite: true,
    },
    {
      screen: 'HR dashboard, station, first opening after a write',
      role: 'chief',
      calls: [
        ['hr.dashboard', {}],
        ['training.warnings', {}],
      ],
      afterWrite: true,
    },
    { screen: 'rank eligibility, first opening after a write', role: 'hr', calls: [['roster.eligibility', { months: 6 }]], afterWrite: true },
    { screen: 'training compliance, first opening after a write', role: 'hr', calls: [['training.compliance', { year }]], afterWrite: true },
    {
      screen: 'training compliance last year, first opening after a write',
      role: 'hr',
      calls: [['training.compliance', { year: year - 1 }]],
      afterWrite: true,
    },
    { screen: 'training suggestions, first opening after a write', role: 'hr', calls: [['training.suggest', {}]], afterWrite: true },
  ];
}

export interface ScreenTiming {
  screen: string;
  role: Role;
  extra: boolean;
  /** The call with the largest median: the one the screen waits for. */
  slowest: string;
  median: number;
  max: number;
  /** Median of the screen's calls one after another. */
  total: number;
}

/** Time every screen's opening calls on one database: `runs` times each, the first one cold. */
export async function timeScreens(file: string, runs: number): Promise<{ timings: ScreenTiming[]; scanMs: number }> {
  // The maintenance screen lists the backups of this device's backup folder.
  const core = createCore({ dbPath: file, backupDir: path.join(BENCH_CACHE, 'backups') });
  // BENCH_CACHE_MB=n tries another page cache than the app's (electron/core/db/open.ts).
  if (process.env.BENCH_CACHE_MB) core.sqlite.pragma(`cache_size = -${Number(process.env.BENCH_CACHE_MB) * 1024}`);
  try {
    const token: Record<Role, string> = { admin: '', chief: '', staff: '', hr: '', counsellor: '' };
    token.admin = ((await call(core, 'auth.login', { username: 'admin', password: ADMIN_PASSWORD })) as { sessionToken: string }).sessionToken;
    for (const [role, username] of Object.entries(BENCH_USERS) as [Exclude<Role, 'admin'>, string][]) {
      token[role] = ((await call(core, 'auth.login', { username, password: PASSWORD })) as { sessionToken: string }).sessionToken;
    }
    const one = <T>(sql: string, ...args: unknown[]) => core.sqlite.prepare(sql).get(...args) as T;
    const station = one<{ id: string }>("SELECT id FROM office WHERE kind = 'station' ORDER BY created_at LIMIT 1").id;
    const zone = one<{ id: string }>("SELECT id FROM zone WHERE office_id = ? AND status = 'active' ORDER BY code LIMIT 1", station).id;
    const cadre = one<{ cadre_id: string }>('SELECT cadre_id FROM app_user WHERE username = ?', BENCH_USERS.staff).cadre_id;
    const census = one<{ id: string }>('SELECT id FROM census WHERE office_id = ? ORDER BY census_date DESC LIMIT 1', station).id;
    const course = one<{ id: string }>('SELECT course_id AS id FROM training_enrolment GROUP BY course_id ORDER BY count(*) DESC LIMIT 1').id;
    const supervisor = one<{ id: string }>('SELECT id FROM supervisor ORDER BY created_at LIMIT 1').id;
    const businesses = one<{ n: number }>('SELECT count(*) AS n FROM business').n;
    const year = 2026;
    // The write before an after-write screen: the hours of the course with the most enrolments
    // change (a new value each time, so every enrolled cadre's check is evaluated again), as when
    // HR corrects a course. The hours are put back at the end.
    const busiest = one<{ id: string; hours: number }>('SELECT id, hours FROM training_course WHERE id = ?', course);
    const setHours = core.sqlite.prepare('UPDATE training_course SET hours = ? WHERE id = ?');
    let writes = 0;
    const timings: ScreenTiming[] = [];
    try {
      for (const s of screens({ station, zone, cadre, census, course, supervisor, businesses }, year)) {
        const per = s.calls.map(() => [] as number[]);
        const totals: number[] = [];
        for (let r = 0; r < runs; r++) {
          if (s.afterWrite) setHours.run(busiest.hours + ++writes / 64, busiest.id);
          let total = 0;
          for (const [k, [method, input]] of s.calls.entries()) {
            const t0 = performance.now();
            await call(core, method, input, token[s.role]);
            const ms = performance.now() - t0;
            per[k]!.push(ms);
            total += ms;
          }
          totals.push(total);
        }
        const med = per.map((xs) =>
          percentile(
            [...xs].sort((a, b) => a - b),
            50,
          ),
        );
        const k = med.indexOf(Math.max(...med));
        totals.sort((a, b) => a - b);
        timings.push({
          screen: s.screen,
          role: s.role,
          extra: !!s.extra,
          slowest: s.calls[k]![0],
          median: med[k]!,
          max: Math.max(...per[k]!),
          total: percentile(totals, 50),
        });
      }
    } finally {
      setHours.run(busiest.hours, busiest.id);
    }
    // The same run's reference: one full scan of the business table.
    const scans: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      core.sqlite.prepare('SELECT count(*) FROM business WHERE address IS NOT NULL').get();
      scans.push(performance.now() - t0);
    }
    return { timings, scanMs: Math.min(...scans) };
  } finally {
    await core.close({ backup: false });
  }
}

export interface OpenFigures {
  createMs: number;
  firstScreenMs: number;
  homeMs: number;
  rssMB: number;
  rssAfterScreensMB: number;
  cacheMB: number;
  check: { ms: number; maxStallMs: number; idleStallMs: number; ok: boolean } | null;
}

/** Open the database in a fresh process, as the app does at start-up (bench/screens-open.ts). */
export function openInChild(file: string): OpenFigures {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'screens-open.ts'), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`screens-open failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as OpenFigures;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fileMB = (file: string) => fs.statSync(file).size / 2 ** 20;

export async function benchScreens(sizes: number[]): Promise<Row[]> {
  const results = new Map<number, { timings: ScreenTiming[]; scanMs: number; open: OpenFigures; sizeMB: number }>();
  for (const n of sizes) {
    const file = await countyDb(n);
    // The first open after an upgrade migrates; the figures are for an ordinary start-up.
    await createCore({ dbPath: file, backupDir: null }).close({ backup: false });
    const opens = [openInChild(file), openInChild(file), openInChild(file)];
    const open = {
      ...opens[0]!,
      createMs: median(opens.map((o) => o.createMs)),
      firstScreenMs: median(opens.map((o) => o.firstScreenMs)),
      homeMs: median(opens.map((o) => o.homeMs)),
      rssMB: median(opens.map((o) => o.rssMB)),
      rssAfterScreensMB: median(opens.map((o) => o.rssAfterScreensMB)),
    };
    const { timings, scanMs } = await timeScreens(file, n >= 1_000_000 ? 7 : 15);
    results.set(n, { timings, scanMs, open, sizeMB: fileMB(file) });
  }
  const [small, big] = [results.get(sizes[0]!)!, sizes[1] ? results.get(sizes[1])! : null];
  const ms = (x: number) => (x < 10 ? fmt(x, 1) : fmt(x, 0));
  const lines = [
    `| screen (role) | call it waits for | ${sizes.map((n) => `${(n / 1000).toLocaleString('en')}k median / max ms`).join(' | ')} | growth | target |`,
    `|---|---|${sizes.map(() => '---|').join('')}---|---|`,
  ];
  const rows: Row[] = [];
  for (const [i, a] of small.timings.entries()) {
    const b = big?.timings[i];
    const growth = b ? b.median / Math.max(a.median, 0.05) : NaN;
    const okSmall = a.extra || a.median <= 20;
    const okBig = !b || b.extra || b.median <= 100;
    const target = a.extra ? '—' : `≤ 20 / ≤ 100 ms ${okSmall && okBig ? '✓' : '✗'}`;
    lines.push(
      `| ${a.screen} (${a.role}) | \`${a.slowest}\` | ${[a, b]
        .filter(Boolean)
        .map((t) => `${ms(t!.median)} / ${ms(t!.max)}`)
        .join(' | ')} | ${b ? `×${fmt(growth, 1)}` : '—'} | ${target} |`,
    );
    rows.push({
      bench: `screen: ${a.screen} (${a.role})`,
      measure: `${a.slowest} median / max ms`,
      value: [a, b]
        .filter(Boolean)
        .map((t) => `${ms(t!.median)} / ${ms(t!.max)}`)
        .join(' → '),
      baseline: '—',
      ratio: b ? `×${fmt(growth, 1)} for ×${sizes[1]! / sizes[0]!} data` : '—',
      target: a.extra ? '—' : '≤ 20 ms at 100k, ≤ 100 ms at 1M',
    });
  }
  for (const [n, r] of results) {
    const o = r.open;
    lines.push(
      `| open the database, ${(n / 1000).toLocaleString('en')}k (${fmt(r.sizeMB / 1024, 2)} GB): create + first screen / + sign-in and home | — | ${ms(o.createMs + o.firstScreenMs)} / ${ms(o.createMs + o.firstScreenMs + o.homeMs)} ms | | | ≤ 1,000 ms ${o.createMs + o.firstScreenMs <= 1000 ? '✓' : '✗'} |`,
      `| memory after opening, ${(n / 1000).toLocaleString('en')}k: RSS / after every screen once (page cache ${fmt(o.cacheMB, 0)} MB) | — | ${fmt(o.rssMB, 0)} / ${fmt(o.rssAfterScreensMB, 0)} MB | | | ≤ 300 MB ${o.rssMB <= 300 ? '✓' : '✗'} |`,
    );
    if (o.check)
      lines.push(
        `| integrity check in the background, ${(n / 1000).toLocaleString('en')}k: duration / longest event-loop delay meanwhile (idle loop, same run) | — | ${ms(o.check.ms)} / ${ms(o.check.maxStallMs)} ms (${ms(o.check.idleStallMs)} ms) | | | stall ≤ 50 ms ${o.check.maxStallMs <= 50 ? '✓' : '✗'} |`,
      );
    lines.push(`| reference, same run, ${(n / 1000).toLocaleString('en')}k: one full scan of the business table | — | ${ms(r.scanMs)} ms | | | — |`);
    rows.push(
      {
        bench: `open ${n.toLocaleString('en')} (${fmt(r.sizeMB / 1024, 2)} GB)`,
        measure: 'create + first screen / + home ms',
        value: `${ms(o.createMs + o.firstScreenMs)} / ${ms(o.createMs + o.firstScreenMs + o.homeMs)}`,
        baseline: `full scan of business ${ms(r.scanMs)} ms`,
        ratio: '—',
        target: '≤ 1,000 ms',
      },
      {
        bench: `memory after opening ${n.toLocaleString('en')}`,
        measure: 'RSS / after screens MB',
        value: `${fmt(o.rssMB, 0)} / ${fmt(o.rssAfterScreensMB, 0)}`,
        baseline: '—',
        ratio: '—',
        target: '≤ 300 MB',
      },
    );
  }
  console.log(lines.join('\n'));
  return rows;
}
