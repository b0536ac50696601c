import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const ADMIN = { username: 'admin', password: 'Qz#2026-Ouhai', displayName: '周建国' };
export const SHOTS = path.join(process.cwd(), 'e2e', 'screenshots');

export interface Desk {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
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

/** A browser-mode desktop on a fresh database: the built host process on 127.0.0.1. */
export async function startDesk(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-'))): Promise<Desk> {
  const proc = spawn(process.execPath, ['out/main/host.js', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await printedUrl(proc);
  return { url, dataDir, proc, stop: () => stopProcess(proc) };
}

export const test = base.extend<{ desk: Desk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  desk: async ({}, use) => {
    const desk = await startDesk();
    await use(desk);
    await desk.stop();
  },
});
export { expect };

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
