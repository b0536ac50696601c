import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bd-bench-'));
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Row {
  bench: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
}

export function printTable(rows: Row[]): void {
  const cols: (keyof Row)[] = ['bench', 'measure', 'value', 'baseline', 'ratio', 'target'];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => [...r[c]].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(width[i]!)).join(' | ') + ' |';
  console.log(line(cols));
  console.log('|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

export const fmt = (n: number, d = 2) => n.toFixed(d);
