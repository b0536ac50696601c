import { createCore } from '../electron/core/create-core';
import type { MethodName } from '../shared/contract';
import { BENCH_USERS, countyDb } from './screens.bench';

// The HR screens' opening calls on the first call after a write (the read cache emptied), and the
// cadre register, on the bench's county: `node --import tsx bench/hr-after-write.ts [runs] [size]`.
// Each run writes, then makes one call. BENCH_WRITE=course (the default) changes the hours of the
// course with the most enrolments (a new value each time; put back at the end), so every cadre
// enrolled in it is checked again; BENCH_WRITE=cadre rewrites a cadre's phone as it was, which
// moves read_version('hr') and changes no check. ONLY=name times the calls whose name starts so.
const runs = Number(process.argv[2] ?? 10);
const n = Number(process.argv[3] ?? 100_000);
const file = await countyDb(n);
const core = createCore({ dbPath: file, backupDir: null });
const login = async (username: string, password: string) => {
  const r = await core.dispatch('auth.login', { username, password });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { sessionToken: string }).sessionToken;
};
const hr = await login(BENCH_USERS.hr, 'Bench#Pass-2026');
const chief = await login(BENCH_USERS.chief, 'Bench#Pass-2026');
const admin = await login('admin', 'Qz#2026-Ouhai');
const cadre = (core.sqlite.prepare('SELECT id FROM cadre ORDER BY id LIMIT 1').get() as { id: string }).id;
const course = core.sqlite.prepare('SELECT course_id AS id FROM training_enrolment GROUP BY course_id ORDER BY count(*) DESC LIMIT 1').get() as { id: string };
const hours = (core.sqlite.prepare('SELECT hours FROM training_course WHERE id = ?').get(course.id) as { hours: number }).hours;
const setHours = core.sqlite.prepare('UPDATE training_course SET hours = ? WHERE id = ?');
const touchCadre = core.sqlite.prepare('UPDATE cadre SET phone = phone WHERE id = ?');
let writes = 0;
const write = process.env.BENCH_WRITE === 'cadre' ? () => touchCadre.run(cadre) : () => setHours.run(hours + ++writes / 64, course.id);
const calls: [string, MethodName, unknown, string, boolean][] = [
  ['warnings (hr)', 'training.warnings', {}, hr, true],
  ['eligibility (hr)', 'roster.eligibility', { months: 6 }, hr, true],
  ['compliance 2026 (hr)', 'training.compliance', { year: 2026 }, hr, true],
  ['compliance 2025 (hr)', 'training.compliance', { year: 2025 }, hr, true],
  ['suggestions (hr)', 'training.suggest', {}, hr, true],
  ['HR dashboard (hr)', 'hr.dashboard', {}, hr, true],
  ['HR dashboard (chief)', 'hr.dashboard', {}, chief, true],
  ['cadre register (admin)', 'cadres.list', {}, admin, false],
  ['cadre register (hr)', 'cadres.list', {}, hr, false],
];
const only = process.env.ONLY;
if (only) calls.splice(0, calls.length, ...calls.filter((c) => c[0].startsWith(only)));
const times = calls.map(() => [] as number[]);
for (let r = 0; r < runs + 1; r++) {
  for (const [k, [, method, input, token, afterWrite]] of calls.entries()) {
    if (afterWrite) write();
    const t0 = performance.now();
    const res = await core.dispatch(method, input, { sessionToken: token });
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
    if (r > 0) times[k]!.push(ms); // the first round warms the code
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [k, [name, , , , afterWrite]] of calls.entries()) {
  const xs = times[k]!;
  console.log(
    `${name.padEnd(26)} ${afterWrite ? 'after a write' : 'no cache     '}  median ${med(xs).toFixed(1).padStart(6)} ms  min ${Math.min(...xs)
      .toFixed(1)
      .padStart(6)}  max ${Math.max(...xs)
      .toFixed(1)
      .padStart(6)}`,
  );
}
setHours.run(hours, course.id);
await core.close({ backup: false });
