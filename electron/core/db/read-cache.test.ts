import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../shared/contract';
import type { Role } from '../../../shared/contract/roles';
import { todayOf } from '../clock';
import { keyFor } from './cipher';
import { fileKey } from './db-key';
import { openDatabase } from './open';
import { openDeskFile, setupCore, userSession, type TestCore } from '../test/helpers';

// The county-wide HR answers (HR dashboard, training warnings, compliance, suggestions, rank
// eligibility) kept by the read cache (db/read-cache.ts) are the answers computed
// afresh: on the sample county and on a synthetic county of 15 stations, for every role that
// opens them, and again after a write on the core's own connection and on another one.

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const CALLS: [MethodName, unknown][] = [
  ['hr.dashboard', {}],
  ['training.warnings', {}],
  ['training.compliance', { year: 2026 }],
  ['training.compliance', { year: 2025 }],
  ['training.suggest', {}],
  ['roster.eligibility', { months: 6 }],
  ['roster.eligibility', { months: 24 }],
];

async function answers(tokens: string[]) {
  const out: unknown[] = [];
  for (const token of tokens) {
    for (const [m, i] of CALLS) {
      const r = await t.core.dispatch(m, i, { sessionToken: token });
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      out.push(r.value);
    }
  }
  return out;
}

/** Kept answers (asked twice, the second served from the cache), then the same computed with the cache off. */
async function keptAndFresh(tokens: string[]) {
  await answers(tokens);
  const kept = await answers(tokens);
  t.core.services.readCache.enabled = false;
  const fresh = await answers(tokens);
  t.core.services.readCache.enabled = true;
  return { kept, fresh };
}

async function sessions(): Promise<string[]> {
  const station = (t.core.sqlite.prepare("SELECT id FROM office WHERE kind = 'station' ORDER BY code, name LIMIT 1").get() as { id: string }).id;
  const bureau = t.core.services.offices.bureauId();
  const roles: [Role, string][] = [
    ['hr', bureau],
    ['chief', station],
  ];
  return [t.adminToken, ...(await Promise.all(roles.map(([role, office]) => userSession(t, role, office))))];
}

describe('the HR read cache', () => {
  it('serves the answers computed afresh on the sample county, and new ones after each kind of write', async () => {
    t = await setupCore({ sample: true });
    const tokens = await sessions();
    const first = await keptAndFresh(tokens);
    expect(first.kept).toEqual(first.fresh);

    // A write through the core: a higher annual minimum changes every shortfall.
    await t.call('settings.set', { key: 'training.minHours', value: 200, effectiveFrom: '2026-01-01' }, t.adminToken);
    const second = await keptAndFresh(tokens);
    expect(second.kept).toEqual(second.fresh);
    expect(second.kept).not.toEqual(first.kept);

    // A write on another connection (as the import worker writes): a cadre renamed.
    const other = openDeskFile(t.dbPath);
    const c = other.prepare("SELECT id, name FROM cadre WHERE deleted_at IS NULL AND status = 'active' ORDER BY name LIMIT 1").get() as {
      id: string;
      name: string;
    };
    other.prepare('UPDATE cadre SET name = ? WHERE id = ?').run(`${c.name}（改）`, c.id);
    other.close();
    const third = await keptAndFresh(tokens);
    expect(third.kept).toEqual(third.fresh);
    expect(JSON.stringify(third.kept)).toContain(`${c.name}（改）`);
  }, 60_000);

  it('serves the answers computed afresh on a synthetic county of 15 stations', async () => {
    t = await setupCore();
    const ctx = { actor: { id: null, name: 'test' }, method: 'test' };
    const bureau = t.core.services.offices.bureauId();
    t.core.sqlite.transaction(() => t.core.services.sample.load(bureau, ctx, todayOf(t.core.clock), { stations: 15, cadresPerStation: 26 }))();
    expect((t.core.sqlite.prepare('SELECT count(*) n FROM cadre').get() as { n: number }).n).toBeGreaterThan(390);
    const { kept, fresh } = await keptAndFresh(await sessions());
    expect(kept).toEqual(fresh);
  }, 120_000);

  it('keeps its answers through a login, a business written on another connection and an audit row, not through an appraisal', async () => {
    t = await setupCore({ sample: true });
    const ask = async () => (await t.core.dispatch('training.compliance', { year: 2026 }, { sessionToken: t.adminToken })) as { ok: true; value: unknown };
    const first = (await ask()).value;
    expect((await ask()).value).toBe(first);
    // A login writes the account and the audit log.
    await t.call('auth.login', { username: 'admin', password: 'wrong-password-1' }).catch(() => undefined);
    const other = openDatabase(t.dbPath, { key: keyFor(t.dbPath, fileKey(t.dbPath)) });
    const b = other.prepare('SELECT id, name FROM business WHERE deleted_at IS NULL LIMIT 1').get() as { id: string; name: string };
    other.prepare('UPDATE business SET name = ? WHERE id = ?').run(`${b.name}（改）`, b.id);
    expect((await ask()).value).toBe(first);
    // An appraisal recorded on another connection (the import worker, a second window).
    const c = other.prepare("SELECT id, office_id FROM cadre WHERE deleted_at IS NULL AND status = 'active' LIMIT 1").get() as {
      id: string;
      office_id: string;
    };
    other.prepare('UPDATE appraisal SET grade = grade WHERE cadre_id = ?').run(c.id);
    other.prepare('UPDATE cadre SET phone = phone WHERE id = ?').run(c.id);
    other.close();
    const after = (await ask()).value;
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
  });

  it('follows the records it keeps beside the answers (ranks, appraisals, enrolments) through writes on another connection', async () => {
    t = await setupCore({ sample: true });
    const tokens = await sessions();
    await answers(tokens);
    const other = openDatabase(t.dbPath, { key: keyFor(t.dbPath, fileKey(t.dbPath)) });
    const before = JSON.stringify(await answers(tokens));
    // Each write changes what the lists say: a latest appraisal made 不称职, a rank record moved a
    // year later, an attended course made absent; a cadre's phone (no record) comes first.
    const writes = [
      'UPDATE cadre SET phone = phone WHERE id = (SELECT id FROM cadre WHERE deleted_at IS NULL LIMIT 1)',
      "UPDATE appraisal SET grade = '不称职' WHERE rowid IN (SELECT rowid FROM appraisal WHERE deleted_at IS NULL ORDER BY year DESC LIMIT 5)",
      "UPDATE rank_record SET start_date = date(start_date, '+1 year') WHERE rowid IN (SELECT rowid FROM rank_record WHERE deleted_at IS NULL ORDER BY start_date DESC LIMIT 5)",
      "UPDATE training_enrolment SET attendance = 'absent' WHERE rowid IN (SELECT rowid FROM training_enrolment WHERE attendance = 'attended' AND deleted_at IS NULL LIMIT 20)",
      // Courses: the checks are kept per year, by the courses each year reads (a last-year course's
      // hours, a course moved across the new year, a course become 任职培训, read across years).
      "UPDATE training_course SET hours = hours + 7 WHERE rowid IN (SELECT rowid FROM training_course WHERE deleted_at IS NULL AND start_date < '2026-01-01' LIMIT 3)",
      "UPDATE training_course SET start_date = '2025-12-20' WHERE rowid IN (SELECT rowid FROM training_course WHERE deleted_at IS NULL AND start_date >= '2026-01-01' LIMIT 2)",
      "UPDATE training_course SET kind = 'post' WHERE rowid IN (SELECT rowid FROM training_course WHERE deleted_at IS NULL AND kind <> 'post' LIMIT 3)",
    ];
    for (const sql of writes) {
      expect(other.prepare(sql).run().changes).toBeGreaterThan(0);
      const { kept, fresh } = await keptAndFresh(tokens);
      expect(kept).toEqual(fresh);
    }
    other.close();
    expect(JSON.stringify(await answers(tokens))).not.toBe(before);
  });

  it('hands out frozen answers: a caller cannot change what the next caller is served', async () => {
    t = await setupCore({ sample: true });
    const ask = () => t.call('training.compliance', { year: 2026 }, t.adminToken);
    await ask();
    const a = await ask();
    expect(() => {
      (a.rows as unknown[]).length = 0;
    }).toThrow(TypeError);
    expect((await ask()).rows.length).toBeGreaterThan(0);
  });
});
