import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

// The host's clock can be set from a file only under NODE_ENV=test (the end-to-end fixture): a
// packaged or hand-started host refuses the option and writes nothing.
it('refuses --clock-file outside NODE_ENV=test, before it opens a database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-host-cli-'));
  const clockFile = path.join(dir, 'clock.json');
  fs.writeFileSync(clockFile, JSON.stringify({ instant: Date.UTC(2030, 0, 1) }));
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--port', '0', '--data', dir, '--clock-file', clockFile], { env, encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--clock-file');
  expect(fs.existsSync(path.join(dir, 'branch-desk.sqlite'))).toBe(false);
}, 90_000);
