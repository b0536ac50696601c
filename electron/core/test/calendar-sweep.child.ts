// Child process of calendar-sweep.test.ts: evaluates the app's date rules through dispatch at
// instants around day, month, quarter and year boundaries, and prints the verdicts as JSON. The
// parent runs it under several TZ settings; the output must not depend on the machine's zone.
import { addDays, cstMidnight } from '../../../shared/domain/time';
import { setupCore, userSession } from './helpers';

const H = 3_600_000;
const at = (day: string, hh: number, mm: number) => cstMidnight(day) + hh * H + mm * 60_000;
export const SWEEP = [
  ['2026-12-31', 23, 59],
  ['2027-01-01', 0, 0],
  ['2027-03-31', 23, 59],
  ['2027-04-01', 0, 0],
  ['2027-06-30', 23, 59],
  ['2027-07-01', 0, 0],
  ['2027-09-30', 23, 59],
  ['2027-10-01', 0, 0],
  ['2028-02-28', 23, 59],
  ['2028-02-29', 0, 0],
  ['2028-02-29', 23, 59],
  ['2028-03-01', 0, 0],
] as const;

async function main() {
  const t = await setupCore({ now: at('2026-12-31', 12, 0) });
  const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
  await userSession(t, 'hr', (await t.call('auth.me', {}, t.adminToken)).officeId, null, 'sweep_hr');
  const login = async () => (await t.call('auth.login', { username: 'sweep_hr', password: 'Next#Pass-2026' })).sessionToken;
  let hr = await login();
  const base = { officeId: s.id, post: '综合监管岗' };
  const people = {
    // Born on 29 February: 55 (the second-line age) on 28 February in a common year, and on the day itself in a leap year.
    leap: await t.call(
      'cadres.create',
      {
        ...base,
        name: '闰日生',
        gender: 'M',
        birthDate: '1972-02-29',
        workStart: '1994-07-01',
        leadershipPost: '乡科级正职',
        leadershipStart: '2015-01-01',
        rank: '一级主任科员',
        rankStart: '2025-01-01',
      },
      hr,
    ),
    // Work started on 1 January 2024: 3 years of service (职业成长) from 1 January 2027.
    recruit: await t.call(
      'cadres.create',
      { ...base, name: '新入职', gender: 'F', birthDate: '2000-04-01', workStart: '2024-01-01', rank: '二级科员', rankStart: '2024-01-01' },
      hr,
    ),
    // A woman cadre born 1971-10-01: 55 years and 6 months, retiring on 2027-04-01.
    retiring: await t.call(
      'cadres.create',
      {
        ...base,
        name: '将退休',
        gender: 'F',
        birthDate: '1971-10-01',
        workStart: '1992-07-01',
        leadershipPost: '乡科级副职',
        leadershipStart: '2016-04-01',
        rank: '四级主任科员',
        rankStart: '2022-04-01',
        sgf: true,
        sgfDate: '2024-04-01',
      },
      hr,
    ),
    // Eligible for 四级主任科员 three years after 2024-04-01, with appraisals on file.
    climber: await t.call(
      'cadres.create',
      { ...base, name: '待晋升', gender: 'M', birthDate: '1990-06-15', workStart: '2012-07-01', rank: '一级科员', rankStart: '2024-04-01' },
      hr,
    ),
    // 55 on 2028-01-01: inside the 12-month second-line window from the first minute of 2027.
    window: await t.call(
      'cadres.create',
      {
        ...base,
        name: '入窗口',
        gender: 'M',
        birthDate: '1973-01-01',
        workStart: '1995-07-01',
        leadershipPost: '乡科级正职',
        leadershipStart: '2015-01-01',
        rank: '一级主任科员',
        rankStart: '2025-01-01',
      },
      hr,
    ),
  };
  for (const y of [2024, 2025, 2026]) await t.call('dossiers.saveAppraisal', { cadreId: people.climber.id, year: y, grade: '称职' }, hr);
  const sup = await t.call('roster.appoint', { cadreId: people.retiring.id, startDate: '2026-01-01', duties: '督导', scope: { themes: ['食品安全'] } }, hr);

  const out: Record<string, unknown> = {};
  for (const [day, hh, mm] of SWEEP) {
    t.clock.set(at(day, hh, mm));
    hr = await login();
    const row: Record<string, unknown> = { today: (await t.core.dispatch('auth.status', {})).now };
    for (const [key, c] of Object.entries(people)) {
      const d = await t.call('dossiers.get', { cadreId: c.id }, hr);
      const tr = await t.call('training.cadre', { cadreId: c.id }, hr);
      row[key] = { stage: d.stage, retirement: d.retirement, warnings: d.warnings.map((w) => w.rule), trainingYears: tr.years.map((y) => y.year) };
    }
    row.eligibility = (await t.call('roster.eligibility', { months: 6 }, hr)).rows.map((e) => ({
      name: e.name,
      nextRank: e.nextRank,
      eligibleOn: e.eligibleOn,
      eligibleToday: e.eligibleToday,
      withinMonths: e.withinMonths,
      criteria: e.criteria,
    }));
    row.secondLine = (await t.call('roster.secondLine', { all: true }, hr)).map((e) => ({
      name: e.name,
      ageMonths: e.ageMonths,
      date: e.date,
      monthsLeft: e.monthsLeft,
    }));
    // The supervisor's term ends at her retirement (2027-04-01): an assignment within it, and one
    // of a month from the day the instant falls on.
    const assign = await t.core.dispatch(
      'roster.assign',
      {
        supervisorId: sup.id,
        targetKind: 'theme',
        theme: `主题 ${day} ${hh}`,
        startDate: '2027-01-01',
        endDate: '2027-03-31',
        goals: '巡查',
        hoursPerMonth: 1,
      },
      { sessionToken: hr },
    );
    const monthFromDay = await t.core.dispatch(
      'roster.assign',
      { supervisorId: sup.id, targetKind: 'theme', theme: `当日 ${day} ${hh}`, startDate: day, endDate: addDays(day, 30), goals: '巡查', hoursPerMonth: 1 },
      { sessionToken: hr },
    );
    row.assign = [assign.ok ? 'ok' : assign.error.code, monthFromDay.ok ? 'ok' : monthFromDay.error.code];
    // The window as the screen asks for it, and whether the assignment that starts on this day is running.
    row.secondLineWindow = (await t.call('roster.secondLine', {}, hr)).map((e) => e.name);
    const held = (await t.call('roster.supervisor', { id: sup.id }, hr)).assignments;
    row.startsToday = held.filter((a) => a.theme === `当日 ${day} ${hh}`).map((a) => a.active);
    row.compliance = (await t.call('training.compliance', { year: Number(day.slice(0, 4)) }, hr)).rows.map((r) => ({
      name: r.name,
      compliant: r.compliant,
      hours: r.hours,
    }));
    out[`${day} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`] = row;
  }
  await t.core.close({ backup: false });
  process.stdout.write(JSON.stringify(out));
}

void main();
