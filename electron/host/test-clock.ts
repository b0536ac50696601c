import fs from 'node:fs';
import type { Clock } from '../core/clock';

/**
 * Test-only: a clock the end-to-end fixture sets from outside. The file holds
 * `{ "instant": ISO, "writtenAt": ms }`, meaning "it was `instant` when the machine's clock read
 * `writtenAt`"; the clock runs on from there at real speed and follows every rewrite. The host
 * honours it only with NODE_ENV=test, which a packaged app never has.
 */
export function fileClock(file: string, real: () => number = () => Date.now()): Clock {
  let offset = 0;
  let mtime = -1;
  let checkedAt = -Infinity;
  const read = () => {
    const t = real();
    if (t - checkedAt < 50) return;
    checkedAt = t;
    const m = fs.statSync(file).mtimeMs;
    if (m === mtime) return;
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { instant: string; writtenAt: number };
    const instant = Date.parse(v.instant);
    if (Number.isNaN(instant) || typeof v.writtenAt !== 'number') throw new Error(`bad test clock file ${file}`);
    offset = instant - v.writtenAt;
    mtime = m;
  };
  read();
  return {
    now() {
      read();
      return real() + offset;
    },
  };
}

export function writeClockFile(file: string, instant: string | number, real: () => number = () => Date.now()): void {
  const iso = new Date(typeof instant === 'number' ? instant : Date.parse(instant)).toISOString();
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ instant: iso, writtenAt: real() }));
  fs.renameSync(tmp, file);
}
