import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../shared/contract';
import { method } from '../../shared/contract/common';
import { ROLE_PERMISSIONS } from '../../shared/contract/roles';
import { syncedTables } from './schema';
import { MODULES } from './modules';
import { defineModule, type DomainModule } from './module';
import { collectHandlers } from './create-core';
import { setupCore, userSession, type TestCore } from './test/helpers';

describe('the module list', () => {
  it('serves exactly the shared contract, each method from one module', () => {
    const served = MODULES.flatMap((m) => Object.keys(m.contract));
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual(Object.keys(contract).sort());
  });

  it('gives every probe an input its method parses', () => {
    for (const m of MODULES) {
      for (const [name, input] of Object.entries(m.probes ?? {})) {
        const spec = (m.contract as Record<string, { input: z.ZodType }>)[name];
        expect(spec, `${m.name}: probe for ${name}, which it does not serve`).toBeDefined();
        expect(spec!.input.safeParse(input).success, `${m.name}: probe for ${name}`).toBe(true);
      }
    }
  });

  it('gives every synced table to one module', () => {
    const owners = new Map<unknown, string[]>();
    for (const m of MODULES) for (const t of Object.values(m.tables ?? {})) owners.set(t, [...(owners.get(t) ?? []), m.name]);
    for (const [name, table] of Object.entries(syncedTables)) expect(owners.get(table), name).toHaveLength(1);
  });

  it('declares a row scope for every method a station role may call with an office, and for every county duty', () => {
    // A station role (所长, 所员) naming another station's office must be refused by dispatch, not by
    // each service remembering to: a new domain's method with an officeId input gets a scope or fails here.
    const stationPerms = new Set<string>([...ROLE_PERMISSIONS.chief, ...ROLE_PERMISSIONS.staff, 'session', 'public']);
    const inputKeys = (s: z.ZodType): string[] => {
      const shape = (s as unknown as { shape?: Record<string, unknown> }).shape;
      if (shape) return Object.keys(shape);
      const def = (s as unknown as { def?: { in?: z.ZodType; innerType?: z.ZodType } }).def;
      return def?.in ? inputKeys(def.in) : def?.innerType ? inputKeys(def.innerType) : [];
    };
    const missing: string[] = [];
    for (const [name, spec] of Object.entries(contract) as [string, { input: z.ZodType; permission: string; scope?: string }][]) {
      const stationCallable = stationPerms.has(spec.permission);
      if (stationCallable && inputKeys(spec.input).includes('officeId') && spec.scope !== 'station') missing.push(`${name}: station`);
      if (!stationCallable && !spec.scope) missing.push(`${name}: county`);
    }
    expect(missing).toEqual([]);
  });

  it('refuses a method served twice or a method without a handler', () => {
    const a = defineModule({
      name: 'a',
      contract: { 'x.get': method({ input: z.object({}), output: z.null(), permission: 'session' }) },
      handlers: () => ({ 'x.get': () => null }),
    });
    const b = { ...a, name: 'b' };
    const none = { ...a, name: 'c', handlers: () => ({}) } as unknown as DomainModule;
    const p = {} as never;
    expect(() => collectHandlers([a, b], p, p)).toThrow(/two modules/);
    expect(() => collectHandlers([none], p, p)).toThrow(/no handler/);
  });
});

// A domain added in a test: its contract, its service and its handlers, and nothing else edited.
// The core serves it with the same envelope, role check and call context as every other domain.
const notesContract = {
  'notes.add': method({
    input: z.object({ text: z.string().trim().min(1).max(50) }).strict(),
    output: z.object({ id: z.number(), day: z.string(), officeId: z.string() }),
    permission: 'zones.manage',
  }),
  'notes.list': method({ input: z.object({}).strict(), output: z.array(z.object({ text: z.string(), author: z.string() })), permission: 'session' }),
  // The psychological-support shape: any signed-in account passes the role check, the scope
  // lets the counsellor alone through.
  'notes.private': method({ input: z.object({}).strict(), output: z.object({ seen: z.boolean() }), permission: 'session', scope: 'counsellor' }),
  'notes.station': method({
    input: z.object({ officeId: z.string().optional() }).strict(),
    output: z.object({ officeId: z.string().nullable() }),
    permission: 'session',
    scope: 'station',
  }),
};

declare module './module' {
  interface Ports {
    notes?: { add: (text: string, author: string) => number; list: () => { text: string; author: string }[] };
  }
}

const notes = defineModule({
  name: 'notes',
  contract: notesContract,
  services: (p) => {
    p.sqlite.exec('CREATE TABLE IF NOT EXISTS test_note (id INTEGER PRIMARY KEY, text TEXT NOT NULL, author TEXT NOT NULL)');
    return {
      notes: {
        add: (text, author) => Number(p.sqlite.prepare('INSERT INTO test_note(text, author) VALUES (?, ?)').run(text, author).lastInsertRowid),
        list: () => p.sqlite.prepare<[], { text: string; author: string }>('SELECT text, author FROM test_note ORDER BY id').all(),
      },
    };
  },
  handlers: (s) => ({
    'notes.add': (i, c) => ({ id: s.notes!.add(i.text, c.actor.name), day: c.today, officeId: c.viewer.officeId }),
    'notes.list': () => s.notes!.list(),
    'notes.private': () => ({ seen: true }),
    'notes.station': (i) => ({ officeId: i.officeId ?? null }),
  }),
});

describe('a domain added as a module', () => {
  let t: TestCore;
  let plain: TestCore;
  beforeAll(async () => {
    t = await setupCore({ modules: [...MODULES, notes], now: Date.parse('2026-12-01T16:30:00Z') });
    plain = await setupCore();
  });
  afterAll(async () => {
    await t.core.close({ backup: false });
    await plain.core.close({ backup: false });
  });

  it('is served through dispatch with the call context built once', async () => {
    const r = await t.core.dispatch('notes.add', { text: ' 巡查备忘 ' }, { sessionToken: t.adminToken });
    // 16:30 UTC is 00:30 the next day in China Standard Time.
    expect(r).toMatchObject({ ok: true, value: { id: 1, day: '2026-12-02' } });
    expect(await t.core.dispatch('notes.list', {}, { sessionToken: t.adminToken })).toMatchObject({ ok: true, value: [{ text: '巡查备忘', author: 'admin' }] });
  });

  it('gets the contract checks and the role check of every method', async () => {
    expect(await t.core.dispatch('notes.add', { text: '' }, { sessionToken: t.adminToken })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await t.core.dispatch('notes.add', { text: 'x' }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const bureau = (await t.call('offices.list', { includeInactive: false }, t.adminToken)).find((o) => o.kind === 'bureau')!;
    const hr = await userSession(t, 'hr', bureau.id);
    expect(await t.core.dispatch('notes.add', { text: 'x' }, { sessionToken: hr })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { permission: 'zones.manage' } },
    });
    expect(await t.core.dispatch('notes.list', {}, { sessionToken: hr })).toMatchObject({ ok: true });
  });

  it('gets its declared row scope applied by dispatch: counsellor only, own station only', async () => {
    const offices = await t.call('offices.list', { includeInactive: false }, t.adminToken);
    const bureau = offices.find((o) => o.kind === 'bureau')!;
    const [a, b] = await Promise.all(['甲所', '乙所'].map((name, n) => t.call('offices.create', { name, code: `33030${n + 1}` }, t.adminToken)));
    const who = {
      counsellor: await userSession(t, 'counsellor', bureau.id),
      hr: await userSession(t, 'hr', bureau.id),
      chief: await userSession(t, 'chief', a!.id),
    };
    expect(await t.core.dispatch('notes.private', {}, { sessionToken: who.counsellor })).toMatchObject({ ok: true, value: { seen: true } });
    for (const token of [t.adminToken, who.hr, who.chief]) {
      expect(await t.core.dispatch('notes.private', {}, { sessionToken: token })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { reason: 'counsellorOnly' } },
      });
    }
    expect(await t.core.dispatch('notes.station', { officeId: a!.id }, { sessionToken: who.chief })).toMatchObject({ ok: true });
    expect(await t.core.dispatch('notes.station', { officeId: b!.id }, { sessionToken: who.chief })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { reason: 'otherStation' } },
    });
    expect(await t.core.dispatch('notes.station', { officeId: b!.id }, { sessionToken: who.hr })).toMatchObject({ ok: true });
  });

  it('is gone when the module is not in the list', async () => {
    expect(await plain.core.dispatch('notes.list', {}, { sessionToken: plain.adminToken })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});
