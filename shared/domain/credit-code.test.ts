import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkRegNo, CREDIT_ALPHABET, creditCheckChar, normalizeCode, searchGrams, searchQuery } from './credit-code';

describe('unified social credit code', () => {
  it.each([
    // A published code, and one worked by hand: Σ value×weight = 717, 717 mod 31 = 4, 31 − 4 = 27 → 'U'.
    ['91110000100017643K', true],
    ['91330000142926213U', true],
  ])('%s passes the check', (code, ok) => {
    const v = checkCreditCode(code);
    expect(v.ok).toBe(true);
    expect(v.ok && !v.checkFailed).toBe(ok);
  });

  it('warns, but accepts, a code whose check character fails', () => {
    const v = checkCreditCode('91330000142926213C');
    expect(v).toMatchObject({ ok: true, checkFailed: true, expected: 'U' });
  });

  it.each([
    ['9133000014292621', 'length'],
    ['91330000142926213BX', 'length'],
    ['91330000142926213I', 'alphabet'],
    ['9133000014292621OB', 'alphabet'],
    ['91ABCDEF142926213B', 'alphabet'],
  ])('blocks malformed %s (%s)', (code, problem) => expect(checkCreditCode(code)).toMatchObject({ ok: false, problem }));

  it('normalises full-width characters, spaces and lower case first', () => {
    expect(normalizeCode('９１３３００００１４２９２６２１３ｕ')).toBe('91330000142926213U');
    expect(checkCreditCode(' 91330000142926213u ')).toMatchObject({ ok: true, checkFailed: false, code: '91330000142926213U' });
  });

  it('every generated body gets a check character that verifies', () => {
    const body = fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));
    fc.assert(
      fc.property(body, fc.stringMatching(/^\d{6}$/), (b, area) => {
        const first = b.slice(0, 2) + area + b.slice(8);
        expect(checkCreditCode(first + creditCheckChar(first))).toMatchObject({ ok: true, checkFailed: false });
      }),
    );
  });

  it('accepts 15-digit legacy registration numbers as their own field', () => {
    expect(checkRegNo('330304000123456')).toMatchObject({ ok: true });
    expect(checkRegNo('33030400012345')).toMatchObject({ ok: false });
  });
});

describe('search terms', () => {
  it('indexes bigrams so 2-character and longer substrings match as phrases', () => {
    expect(searchGrams('瓯海区（娄桥）')).toBe('瓯海 海区 区娄 娄桥');
    expect(searchQuery('瓯海')).toBe('"瓯海"');
    expect(searchQuery('瓯海区娄')).toBe('"瓯海 海区 区娄"');
    expect(searchQuery('瓯')).toBeNull();
    expect(searchQuery('"); DROP TABLE')).toBe('"DR RO OP PT TA AB BL LE"');
  });
});
