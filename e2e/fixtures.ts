import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { writeClockFile } from '../electron/host/test-clock';
import { cstDay, cstYear } from '../shared/domain/time';

export const ADMIN = { username: 'admin', password: 'Qz#2026-Ouhai', displayName: '周建国' };
export const SHOTS = path.join(process.cwd(), 'e2e', 'screenshots');

export interface Desk {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** The host's instant now (ms): what the page's clock is set to. */
  now(): number;
  /** Move the host's clock (and later pages' clocks) to an instant. */
  setClock(instant: string | number): void;
  stop(): Promise<void>;
}

/**
 * The instant the suite runs at, on both sides: the host's clock (a test-only clock file) and the
 * page's (Playwright's page.clock). `E2E_NOW=2026-12-01T23:30:00+08:00` pins it, for example near
 * midnight in China Standard Time; by default it is the real time.
 */
const loadedAt = Date.now();
const pinned = process.env.E2E_NOW ? Date.parse(process.env.E2E_NOW) : null;
if (pinned !== null && Number.isNaN(pinned)) throw new Error(`E2E_NOW is not an instant: ${process.env.E2E_NOW}`);

/** The suite's instant now: the pinned one when the worker started, run on at real speed. */
export function suiteInstant(): number {
  return pinned === null ? Date.now() : pinned + (Date.now() - loadedAt);
}

/** The URL a host process prints when it is listening (browser-mode host, or any server printing one). */
export function printedUrl(proc: ChildProcess, timeoutMs = 20_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}`)), timeoutMs);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => reject(new Error(`host exited ${code}: ${out}`)));
  });
}

/** SIGTERM, and SIGKILL if the process has not exited after `graceMs`. */
export function stopProcess(proc: ChildProcess, graceMs = 30_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => (clearTimeout(kill), resolve()));
    proc.kill('SIGTERM');
  });
}

/** The suite's calendar day and year in China Standard Time: what the app calls today. */
export const suiteToday = () => cstDay(suiteInstant());
export const suiteYear = () => cstYear(suiteInstant());

/**
 * A browser-mode desktop on a fresh database: the built host process on 127.0.0.1, on the suite's
 * clock (or `opts.now`), in the machine's zone unless `opts.tz` says otherwise.
 */
export async function startDesk(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-')), opts: { now?: number | string; tz?: string } = {}): Promise<Desk> {
  const clockFile = path.join(dataDir, 'test-clock.json');
  writeClockFile(clockFile, opts.now ?? suiteInstant());
  const env = { ...process.env, NODE_ENV: 'test', ...(opts.tz ? { TZ: opts.tz } : {}) };
  const proc = spawn(process.execPath, ['out/main/host.js', '--port', '0', '--data', dataDir, '--clock-file', clockFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  // E2E_HOST_LOG=1 keeps each host's log (its stderr: warnings, sync steps) in its data folder.
  if (process.env.E2E_HOST_LOG) proc.stderr!.pipe(fs.createWriteStream(path.join(dataDir, 'host.log')));
  const url = await printedUrl(proc);
  const now = () => {
    const v = JSON.parse(fs.readFileSync(clockFile, 'utf8')) as { instant: string; writtenAt: number };
    return Date.parse(v.instant) + (Date.now() - v.writtenAt);
  };
  return { url, dataDir, proc, now, setClock: (instant) => writeClockFile(clockFile, instant), stop: () => stopProcess(proc) };
}

/** A page whose clock is the desk's: Playwright's page.clock set to the host's instant. */
export async function pageAt(browser: Browser, desk: Desk, opts: { timezoneId?: string } = {}): Promise<Page> {
  const page = await browser.newPage(opts.timezoneId ? { timezoneId: opts.timezoneId } : {});
  await page.clock.install({ time: desk.now() });
  return page;
}

export const test = base.extend<{ desk: Desk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  desk: async ({}, use) => {
    const desk = await startDesk();
    await use(desk);
    await desk.stop();
  },
  // The page runs on the host's clock: one instant for both sides.
  page: async ({ page, desk }, use) => {
    await page.clock.install({ time: desk.now() });
    await use(page);
  },
});
export { expect };

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
