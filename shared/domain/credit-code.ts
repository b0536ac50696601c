// 统一社会信用代码 (GB 32100-2015): 18 characters, the last one a mod-31 check character.

export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Full-width to half-width, trimmed, upper case: registry exports mix all three. */
export function normalizeCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeVerdict =
  | { ok: true; code: string; checkFailed: false }
  | { ok: true; code: string; checkFailed: true; expected: string }
  | { ok: false; code: string; problem: 'length' | 'alphabet' };

/** Blocks malformed input; a failed check character only warns (real registries have some). */
export function checkCreditCode(raw: string): CreditCodeVerdict {
  const code = normalizeCode(raw);
  if (code.length !== 18) return { ok: false, code, problem: 'length' };
  for (const c of code) if (!CREDIT_ALPHABET.includes(c)) return { ok: false, code, problem: 'alphabet' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, code, problem: 'alphabet' };
  const expected = creditCheckChar(code.slice(0, 17));
  return expected === code[17] ? { ok: true, code, checkFailed: false } : { ok: true, code, checkFailed: true, expected };
}

/** Legacy 15-digit registration number (注册号), kept as its own field. */
export function checkRegNo(raw: string): { ok: boolean; code: string } {
  const code = normalizeCode(raw);
  return { ok: /^\d{15}$/.test(code), code };
}

/** Bigrams of letters and digits: the search index's terms, so 2-character queries work. */
export function searchGrams(text: string | null | undefined): string {
  if (!text) return '';
  const chars = [...normalizeCode(text).replace(/[^\p{L}\p{N}]/gu, '')];
  if (chars.length === 1) return chars[0]!;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out.join(' ');
}

/** An FTS5 query for a substring: consecutive bigrams as a phrase. Null when too short. */
export function searchQuery(q: string): string | null {
  const chars = [...normalizeCode(q).replace(/[^\p{L}\p{N}]/gu, '')];
  if (chars.length < 2) return null;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return `"${grams.join(' ')}"`;
}
