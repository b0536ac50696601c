import { getTableColumns } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DateSchema } from '../../../shared/contract/common';
import { checkIdNumber, idCheckChar } from '../../../shared/domain/id-number';
import { syncManifest, BASE_COLUMNS } from '../../../shared/sync/manifest';
import { rowProblem, rowShape } from '../../../shared/sync/rows';
import { syncedTables } from '../schema';

// The shared row shapes (what the hub and the pull check) must say what the drizzle tables say.
describe('sync row shapes', () => {
  for (const [name, table] of Object.entries(syncedTables)) {
    it(`${name}: same columns, nullability and enums as the table`, () => {
      const shape = rowShape(name)!;
      expect(shape).toBeDefined();
      const cols = Object.values(getTableColumns(table));
      expect(Object.keys(shape).sort()).toEqual(cols.map((c) => c.name).sort());
      expect(Object.keys(shape).sort()).toEqual([...BASE_COLUMNS, ...syncManifest[name as keyof typeof syncManifest].columns].sort());
      for (const c of cols) {
        const presence = !c.notNull ? 'optional' : c.hasDefault ? 'defaulted' : 'required';
        expect(`${c.name}:${shape[c.name]!.presence}`).toBe(`${c.name}:${presence}`);
        const enumValues = (c as { enumValues?: string[] }).enumValues;
        if (enumValues?.length) {
          // Every value the table allows passes, and a value outside it does not.
          for (const v of enumValues) expect(rowProblem(name, { [c.name]: v }, false)).toBeNull();
          expect(rowProblem(name, { [c.name]: 'not-a-value' }, false)?.column).toBe(c.name);
        }
        if (c.columnType === 'SQLiteBoolean' || (c as { mode?: string }).mode === 'boolean') {
          expect(rowProblem(name, { [c.name]: 1 }, false)).toBeNull();
          expect(rowProblem(name, { [c.name]: 'yes' }, false)?.column).toBe(c.name);
        }
      }
    });
  }

  it('a new row must hold every required column; ids, days and enums are checked', () => {
    const id = '0190a0b0-0000-7000-8000-000000000001';
    const base = { id, office_id: id, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', deleted_at: null };
    expect(rowProblem('cadre', { ...base, name: '张伟', gender: 'M', birth_date: '1985-01-01' }, true)).toBeNull();
    expect(rowProblem('cadre', { ...base, name: '张伟', gender: 'M' }, true)).toEqual({ column: 'birth_date', message: 'missing' });
    expect(rowProblem('cadre', { updated_at: base.updated_at, phone: '1' }, false)).toBeNull();
    expect(rowProblem('cadre', { status: 'on_mars' }, false)?.column).toBe('status');
    expect(rowProblem('cadre', { birth_date: '1985-02-30' }, false)?.column).toBe('birth_date');
    expect(rowProblem('cadre', { name: null }, false)).toEqual({ column: 'name', message: 'must not be empty' });
    expect(rowProblem('appraisal', { cadre_id: 'x1' }, false)?.column).toBe('cadre_id');
    expect(rowProblem('nope', {}, false)).toEqual({ column: '', message: 'unknown table' });
  });

  it('refuses the values the write path refuses (the attack of issue 12, defect 6)', () => {
    const refused: [string, Record<string, unknown>][] = [
      ['cadre', { name: '' }],
      ['cadre', { name: '   ' }],
      ['cadre', { name: 'x'.repeat(99_999) }],
      ['cadre', { id_number: 'ABC' }],
      ['cadre', { id_number: '330304198503010010' }],
      ['cadre', { birth_date: '2999-01-01' }],
      ['cadre', { birth_date: '1899-12-31' }],
      ['cadre', { leadership_post: 'y'.repeat(5000) }],
      ['cadre', { rank: '宇'.repeat(21) }],
      ['merit', { title: '' }],
    ];
    for (const [t, cells] of refused) expect(rowProblem(t, cells, false), JSON.stringify(cells).slice(0, 60)).not.toBeNull();
    const f = '33030419850301001';
    expect(rowProblem('cadre', { id_number: f + idCheckChar(f), birth_date: '2100-12-31', rank: '四级主任科员', name: '张' }, false)).toBeNull();
  });

  // Text that forms send: empty, spaces, CJK, around every limit.
  const texts = fc.oneof(
    fc.constantFrom('', ' ', '\t \n', '张伟'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.tuple(fc.nat({ max: 4100 }), fc.constantFrom('a', '字', ' ')).map(([n, c]) => c.repeat(n)),
    fc
      .tuple(fc.constantFrom(20, 30, 40, 60, 80, 100, 120, 200, 300, 500, 1000, 2000, 4000), fc.integer({ min: -2, max: 2 }), fc.constantFrom('a', '字'))
      .map(([n, d, c]) => c.repeat(Math.max(0, n + d))),
  );

  for (const [name] of Object.entries(syncedTables)) {
    it(`${name}: every text column written by a form refuses what the form refuses, and keeps what it stores`, () => {
      const shape = rowShape(name)!;
      const columns = Object.entries(shape).filter(([, c]) => c.field);
      for (const [column, c] of columns) {
        const field = c.field!;
        const required = c.presence !== 'optional';
        fc.assert(
          fc.property(texts, (v) => {
            const r = field.safeParse(v);
            const stored = r.success && r.data === v;
            const rowOk = rowProblem(name, { [column]: v }, false) === null;
            // What the form would store is kept, exactly: the limits are the form's, not smaller.
            if (stored) expect(rowOk, `${name}.${column} keeps ${v.length} chars`).toBe(true);
            // What the form refuses is refused, except an empty optional cell (the form stores null)
            // and a service's own room around the field.
            const empty = v.trim() === '';
            const inExtra = c.extra !== undefined && v.length <= maxOf(field) + c.extra;
            if (!r.success && !(empty && !required) && !inExtra)
              expect(rowOk, `${name}.${column} refuses ${JSON.stringify(v).slice(0, 30)} (${v.length})`).toBe(false);
          }),
          { numRuns: 150 },
        );
      }
    });
  }

  it('every text column either follows a contract field or is service-written JSON or codes, named here', () => {
    const serviceWritten = new Set([
      'office.code',
      'zone.origin',
      'career_plan.anchor_answers',
      'post_commitment.items',
      'supervisor.scope',
      'training_plan.target_stages',
      'training_plan.abilities',
      'training_course.target_stages',
      'training_course.target_posts',
      'training_course.abilities',
      'training_enrolment.note',
      'setting_version.key',
      'setting_version.value',
    ]);
    for (const [name, table] of Object.entries(syncedTables)) {
      for (const c of Object.values(getTableColumns(table))) {
        if (
          c.columnType !== 'SQLiteText' ||
          (c as { enumValues?: string[] }).enumValues?.length ||
          ['id', 'office_id', 'created_at', 'updated_at', 'deleted_at'].includes(c.name)
        )
          continue;
        const s = rowShape(name)![c.name]!;
        // Ids, days and identity numbers have their own checks; a value of the wrong kind is refused.
        if (rowProblem(name, { [c.name]: 'x' }, false) !== null) continue;
        expect(s.field !== undefined || serviceWritten.has(`${name}.${c.name}`), `${name}.${c.name}`).toBe(true);
      }
    }
  });

  it('dates: a day the contract accepts, and only those, between 1900-01-01 and 2100-12-31', () => {
    const dayColumns = Object.entries(syncedTables).flatMap(([name]) =>
      Object.keys(rowShape(name)!)
        .filter((c) => rowProblem(name, { [c]: '2024-02-29' }, false) === null && rowProblem(name, { [c]: '2024-02-30' }, false) !== null)
        .map((c) => [name, c] as const),
    );
    expect(dayColumns.length).toBeGreaterThan(30);
    const day = fc.oneof(
      fc.date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2300-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc
        .tuple(fc.integer({ min: 1890, max: 3000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
        .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(day, fc.constantFrom(...dayColumns), (v, [name, column]) => {
        const contract = DateSchema.safeParse(v).success;
        expect(contract).toBe(
          v >= '1900-01-01' &&
            v <= '2100-12-31' &&
            !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) &&
            new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
        );
        expect(rowProblem(name, { [column]: v }, false) === null).toBe(contract);
      }),
      { numRuns: 2000 },
    );
  });

  it('identity numbers: exactly those the register stores (GB 11643, normalised)', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => d.join(''));
    const id = fc.oneof(
      digits.map((f) => f + idCheckChar(f)),
      fc
        .tuple(
          fc.constantFrom('11010519', '33030419', '44030620'),
          fc.date({ min: new Date('1890-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
          fc.integer({ min: 0, max: 999 }),
        )
        .map(([a, d, n]) => {
          const f = a.slice(0, 6) + d.toISOString().slice(0, 10).replace(/-/g, '') + String(n).padStart(3, '0');
          return f + idCheckChar(f);
        }),
      fc.tuple(digits, fc.constantFrom('0', 'X', 'x', '5')).map(([f, c]) => f + c),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(id, (v) => {
        const r = checkIdNumber(v);
        expect(rowProblem('cadre', { id_number: v }, false) === null).toBe(r.ok && r.id === v);
      }),
      { numRuns: 2000 },
    );
  });
});

/** The length limit of a contract text field. */
function maxOf(field: z.ZodType): number {
  let s: z.ZodType | undefined = field;
  while (s) {
    const d = s._zod.def as { type: string; in?: z.ZodType; innerType?: z.ZodType };
    if (d.type === 'string') return (s as z.ZodString).maxLength ?? Infinity;
    s = d.in ?? d.innerType;
  }
  return Infinity;
}
