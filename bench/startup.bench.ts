import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { printedUrl, stopProcess } from '../e2e/fixtures';
import { fmt, tempDir, type Row } from './lib';

// Browser-mode cold start and the renderer's initial JS, from the built app in `out/`.
// Cold start = spawn the host on a database, open the page in a new Chromium context, and wait
// for the first screen (the setup wizard on a new database, the login on an existing one).
// Baseline = the same spawn + page load for a bare Node server returning one static page.

const OUT = path.resolve('out');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const RUNS = 5;

const BARE_SERVER = `
const http = require('node:http');
const page = '<!doctype html><html lang="zh-CN"><body><h1>首次使用向导</h1></body></html>';
const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(page); });
s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/'));
process.on('SIGTERM', () => s.close(() => process.exit(0)));
`;

/** Milliseconds from spawning `args` until `screen` is visible in a fresh browser context. */
async function coldStart(browser: Browser, args: string[], screen: (page: Page) => Locator): Promise<number> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await printedUrl(proc, 60_000);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(url);
    await screen(page).waitFor({ state: 'visible', timeout: 60_000 });
    const ms = performance.now() - t0;
    await context.close();
    return ms;
  } finally {
    await stopProcess(proc, 20_000);
  }
}

const wizard = (page: Page) => page.getByText('首次使用向导');
const login = (page: Page) => page.getByRole('button', { name: /登\s*录/ });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The scripts the renderer's index.html loads before the first screen, gzipped. */
export function initialJsGzip(): { files: number; bytes: number; gzip: number } {
  const dir = path.join(OUT, 'renderer');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const body = fs.readFileSync(path.join(dir, f));
    bytes += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, bytes, gzip };
}

export async function benchStartup(): Promise<Row[]> {
  if (!fs.existsSync(path.join(OUT, 'main', 'host.js'))) throw new Error('out/ is missing: run `npm run build` before the startup bench');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const bare = path.join(tempDir(), 'bare.cjs');
    fs.writeFileSync(bare, BARE_SERVER);
    // An existing database with the sample county, for the returning user's start.
    const existing = tempDir();
    const seed = spawn(process.execPath, ['out/main/host.js', '--port', '0', '--data', existing], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await printedUrl(seed, 60_000);
      const page = await browser.newPage();
      await page.goto(url);
      const r = await page.evaluate(async () => {
        const token = document.querySelector<HTMLMetaElement>('meta[name="bd-token"]')!.content;
        const res = await fetch('/rpc/auth.setup', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bd-token': token },
          body: JSON.stringify({
            bureauName: '基准测试区市场监督管理局',
            bureauCode: '330304',
            username: 'admin',
            displayName: '管理员',
            password: 'Bench#2026-start',
            loadSample: true,
          }),
        });
        return (await res.json()) as { ok: boolean };
      });
      if (!r.ok) throw new Error('could not set up the sample county');
      await page.close();
    } finally {
      await stopProcess(seed, 20_000);
    }

    const base: number[] = [];
    const fresh: number[] = [];
    const returning: number[] = [];
    // Interleaved, so a busy moment hits all three alike; the first round warms the disk cache.
    for (let k = 0; k <= RUNS; k++) {
      const b = await coldStart(browser, [bare], wizard);
      const f = await coldStart(browser, ['out/main/host.js', '--port', '0', '--data', tempDir()], wizard);
      const e = await coldStart(browser, ['out/main/host.js', '--port', '0', '--data', existing], login);
      if (k === 0) continue;
      base.push(b);
      fresh.push(f);
      returning.push(e);
    }
    const js = initialJsGzip();
    const baseMs = median(base);
    return [
      {
        bench: 'browser-mode cold start',
        measure: `new database → setup wizard, median of ${RUNS}`,
        value: `${fmt(median(fresh), 0)} ms`,
        baseline: `bare Node page ${fmt(baseMs, 0)} ms`,
        ratio: fmt(median(fresh) / baseMs),
        target: '≤ 1,500 ms',
      },
      {
        bench: 'browser-mode cold start',
        measure: `sample county → login, median of ${RUNS}`,
        value: `${fmt(median(returning), 0)} ms`,
        baseline: `bare Node page ${fmt(baseMs, 0)} ms`,
        ratio: fmt(median(returning) / baseMs),
        target: '≤ 1,500 ms',
      },
      {
        bench: 'renderer initial JS',
        measure: `${js.files} files loaded by index.html`,
        value: `${fmt(js.gzip / 1024, 0)} KiB gzip`,
        baseline: `${fmt(js.bytes / 1024, 0)} KiB raw`,
        ratio: '—',
        target: '≤ 1.5 MB gzip',
      },
    ];
  } finally {
    await browser.close();
  }
}
