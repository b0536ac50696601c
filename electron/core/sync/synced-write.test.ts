import { afterEach, describe, expect, it } from 'vitest';
import { hlcParse } from '../../../shared/domain/hlc';
import { cadre } from '../schema';
import { setupCore, type TestCore } from '../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

const count = (t: TestCore, table: string) => (t.core.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
const ctx = { actor: { id: null, name: 'test' }, method: 'test.write' };

describe('synced write path', () => {
  it('writes row, outbox and audit together, with changed columns only', async () => {
    t = await setupCore();
    const station = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
    const [rows, out, aud] = [count(t, 'cadre'), count(t, 'outbox'), count(t, 'audit_log')];
    const { writer } = t.core.services;
    const c = writer.create(cadre, { officeId: station.id, name: '张三', gender: 'M', birthDate: '1990-05-01' }, ctx);
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.status).toBe('active');
    writer.update(cadre, c.id, { post: '食品安全监管岗' }, ctx);
    writer.remove(cadre, c.id, ctx);
    expect([count(t, 'cadre'), count(t, 'outbox'), count(t, 'audit_log')]).toEqual([rows + 1, out + 3, aud + 3]);
    const ops = t.core.sqlite.prepare('SELECT columns, hlc FROM outbox WHERE row_id = ? ORDER BY seq').all(c.id) as { columns: string; hlc: string }[];
    expect(JSON.parse(ops[0]!.columns)).toMatchObject({ name: '张三', office_id: station.id, birth_date: '1990-05-01' });
    expect(Object.keys(JSON.parse(ops[1]!.columns)).sort()).toEqual(['post', 'updated_at']);
    expect(JSON.parse(ops[2]!.columns)).toHaveProperty('deleted_at');
    const hlcs = ops.map((o) => o.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(hlcParse(hlcs[0]!).wall).toBe(t.clock.now());
    expect(t.core.sqlite.prepare('SELECT deleted_at FROM cadre WHERE id = ?').get(c.id)).toEqual({ deleted_at: expect.any(String) });
  });

  it('writes none of them when a later step throws', async () => {
    t = await setupCore();
    const station = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
    const before = [count(t, 'cadre'), count(t, 'outbox'), count(t, 'audit_log')];
    // Break the audit step: the row and the outbox entry must roll back with it.
    t.core.sqlite.exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit disk full'); END");
    expect(() => t.core.services.writer.create(cadre, { officeId: station.id, name: '李四', gender: 'F', birthDate: '1992-03-04' }, ctx)).toThrow(
      /audit disk full/,
    );
    t.core.sqlite.exec('DROP TRIGGER fail_audit');
    t.core.sqlite.exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox broken'); END");
    expect(() => t.core.services.writer.update(cadre, '00000000-0000-7000-8000-000000000001', { name: 'x' }, ctx)).toThrow();
    const res = await t.core.dispatch('offices.update', { id: station.id, name: '改名', code: '330304' }, { sessionToken: t.adminToken });
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect([count(t, 'cadre'), count(t, 'outbox'), count(t, 'audit_log')]).toEqual(before);
    expect(t.core.sqlite.prepare('SELECT name FROM office WHERE id = ?').get(station.id)).toEqual({ name: '景山所' });
  });

  it('masks nothing it should not and never stores a password hash in the audit', async () => {
    t = await setupCore();
    const rows = t.core.sqlite.prepare("SELECT after FROM audit_log WHERE entity = 'app_user'").all() as { after: string | null }[];
    for (const r of rows) expect(r.after ?? '').not.toMatch(/scrypt/);
  });
});
