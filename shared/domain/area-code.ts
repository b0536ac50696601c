// 行政区划代码 (GB/T 2260): six digits, province (2) + prefecture (2) + county (2).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export type AreaCodeProblem = 'format' | 'province' | 'county';

export function checkAreaCode(code: string): AreaCodeProblem | null {
  if (!/^\d{6}$/.test(code)) return 'format';
  if (!PROVINCES.has(Number(code.slice(0, 2)))) return 'province';
  // A county-level office needs a county part; "00" names the prefecture itself.
  if (code.slice(4) === '00') return 'county';
  return null;
}
