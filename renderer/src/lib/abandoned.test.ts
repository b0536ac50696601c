import { describe, expect, it } from 'vitest';
import { RpcFailure } from '../api/client';
import { isAbandonedSubmit, markShown } from './abandoned';

describe('an abandoned dialog submit', () => {
  it('is a form validation failure, or a core refusal already shown to the user; nothing else', () => {
    expect(isAbandonedSubmit({ errorFields: [{ name: ['name'], errors: ['必填'] }], values: {} })).toBe(true);
    const refused = new RpcFailure('BAD_INPUT', '输入数据不符合要求');
    expect(isAbandonedSubmit(refused)).toBe(false);
    expect(isAbandonedSubmit(markShown(refused))).toBe(true);
    expect(isAbandonedSubmit(new Error('a real bug'))).toBe(false);
    expect(isAbandonedSubmit(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isAbandonedSubmit(undefined)).toBe(false);
  });
});
