import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../store/pg-store';
import { tempDir } from '../../electron/core/test/helpers';
import { PG_TEST_URL, pgAvailable } from './pg';

// The hub's command line as an operator meets it: a mistake is one line that says what to fix,
// never a stack trace and never a password (adversarial pass on issue 16, F5, F6, F9).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hub = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const withPg = await pgAvailable('the hub CLI on PostgreSQL (server/test/cli.test.ts)');

describe('the hub CLI', () => {
  it('hides a password in the URL, as user:password@ or as a query parameter', () => {
    expect(redactUrl('postgres://hub:s3cret@db:5432/county')).toBe('postgres://hub:***@db:5432/county');
    expect(redactUrl('postgres://hub@db/county?password=s3cret&sslmode=require')).toBe('postgres://hub@db/county?password=***&sslmode=require');
    expect(redactUrl('postgresql://db/county?sslmode=verify-full&sslpassword=k3y')).toBe('postgresql://db/county?sslmode=verify-full&sslpassword=***');
  });

  it.each([
    ['--pg-pool', 'abc'],
    ['--pg-pool', '0'],
    ['--pg-statement-timeout-ms', '10s'],
    ['--pg-retry-ms', 'abc'],
    ['--port', 'http'],
  ])('refuses %s %s at start with one line naming the flag', (flag, value) => {
    const r = hub('serve', '--data', tempDir('bd-cli-'), '--store', 'postgres://nobody@127.0.0.1:1/none', flag, value);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('words an operator’s mistake in the language asked for (--lang, or HUB_LANG), with the flag and the value in both', () => {
    for (const [lang, cjk] of [
      ['zh', true],
      ['en', false],
    ] as const) {
      const r = hub('serve', '--data', tempDir('bd-cli-'), '--lang', lang, '--pg-pool', 'abc');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('--pg-pool');
      expect(r.stderr).toContain('"abc"');
      expect(/[\u4e00-\u9fff]/.test(r.stderr)).toBe(cjk);
    }
    const viaEnv = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli.ts'), 'enroll', '--data', tempDir('bd-cli-')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HUB_LANG: 'zh-CN' },
    });
    expect(viaEnv.status).toBe(1);
    expect(viaEnv.stderr).toContain('--office');
    expect(viaEnv.stderr).toMatch(/[\u4e00-\u9fff]/);
  }, 90_000);

  it.skipIf(!withPg)('says in one line, without the password, that PostgreSQL refused the login', () => {
    const u = new URL(PG_TEST_URL);
    u.password = 'not-the-password';
    const r = hub('serve', '--data', tempDir('bd-cli-'), '--port', '0', '--store', u.toString(), '--pg-retry-ms', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refused the hub's login|password authentication failed/);
    expect(r.stderr).not.toContain('not-the-password');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // The hub's clock can be moved only under NODE_ENV=test (the fault tests, the end-to-end suite):
  // a hub started by hand or by a service refuses the option and opens nothing.
  it('refuses --clock-offset-ms outside NODE_ENV=test, before it opens a store', () => {
    const dir = tempDir('bd-cli-');
    const args = [path.join(ROOT, 'server', 'cli.ts'), 'serve', '--data', dir, '--port', '0', '--clock-offset-ms', String(30 * 86_400_000)];
    for (const NODE_ENV of ['production', '']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_ENV } });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--clock-offset-ms');
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  }, 90_000);
});
