import { describe, expect, it } from 'vitest';
import { summarize } from './engine';

describe('the grouped summary', () => {
  it('gives each group its numbers: the same value once, numbers as a range, a common message', () => {
    const s = summarize([
      { row: 3, field: 'name', level: 'error', code: 'too_long', params: { max: 100, value: 'A' } },
      { row: 9, field: 'name', level: 'error', code: 'too_long', params: { max: 100, value: 'B' } },
      { row: 4, field: 'creditCode', level: 'warning', code: 'repeated', params: { first: 2 } },
      { row: 8, field: 'creditCode', level: 'warning', code: 'repeated', params: { first: 5 } },
      { row: 5, field: 'birthDate', level: 'error', code: 'rule', params: { message: '出生日期有误' } },
      { row: 6, field: 'birthDate', level: 'error', code: 'rule', params: { message: '出生日期有误' } },
    ]);
    expect(s.find((g) => g.code === 'too_long')?.params).toEqual({ max: 100, examples: 'A、B' });
    expect(s.find((g) => g.code === 'repeated')?.params).toMatchObject({ first: '2–5' });
    expect(s.find((g) => g.code === 'rule')?.params).toMatchObject({ message: '出生日期有误' });
  });
});
