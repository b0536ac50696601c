import { afterEach, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../../test/helpers';

let t: TestCore;
afterEach(() => t?.core.close({ backup: false }));

describe('audit chain', () => {
  it('verifies intact and reports the first edited row', async () => {
    t = await setupCore({ sample: true });
    const v = await t.call('audit.verify', {}, t.adminToken);
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(50);
    t.core.sqlite.prepare(`UPDATE audit_log SET after = '{"name":"篡改"}' WHERE seq = 20`).run();
    expect(await t.call('audit.verify', {}, t.adminToken)).toMatchObject({ ok: false, checked: 20, firstBadSeq: 20, problem: 'edited' });
  });

  it('detects a deleted row by the broken link of the next one', async () => {
    t = await setupCore({ sample: true });
    t.core.sqlite.prepare('DELETE FROM audit_log WHERE seq = 7').run();
    expect(await t.call('audit.verify', {}, t.adminToken)).toMatchObject({ ok: false, firstBadSeq: 8 });
  });

  it('records actor, method, entity and before/after', async () => {
    t = await setupCore();
    const s = await t.call('offices.create', { name: '景山所', code: '330304' }, t.adminToken);
    await t.call('offices.update', { id: s.id, name: '景山市场监管所', code: '330304', address: null, phone: null }, t.adminToken);
    const { rows } = await t.call('audit.list', { entity: 'office' }, t.adminToken);
    expect(rows[0]).toMatchObject({
      actorName: 'admin',
      method: 'offices.update',
      entityId: s.id,
      before: { name: '景山所' },
      after: { name: '景山市场监管所' },
    });
  });
});
