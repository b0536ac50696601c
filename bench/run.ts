import { printTable, type Row } from './lib';
import { benchWritePath } from './write-path.bench';

// `npm run bench`: every figure is measured in this run beside its baseline.
const rows: Row[] = [];
console.log('running write-path benchmark …');
rows.push(...(await benchWritePath(Number(process.env.BENCH_N ?? 10_000))));
printTable(rows);
