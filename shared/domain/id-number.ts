// 公民身份号码 (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberVerdict = { ok: true; id: string; birthDate: string; gender: 'M' | 'F' } | { ok: false; problem: 'format' | 'birth_date' | 'check' };

export function checkIdNumber(raw: string): IdNumberVerdict {
  const id = raw
    .trim()
    .toUpperCase()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace('Ｘ', 'X');
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const d = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birthDate || birthDate < '1900-01-01') return { ok: false, problem: 'birth_date' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  if (CHECK[sum % 11] !== id[17]) return { ok: false, problem: 'check' };
  return { ok: true, id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F' };
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}
