import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UPLOAD_LIMITS } from '../../shared/contract/imports';
import { startHost } from '../../electron/host/server';
import { desk, HubProcess, shutDown, type Desk } from './harness';

// Browser mode's body limit matches what the contract accepts: a snapshot of several megabytes
// (over the 5 MB that ordinary calls are held to) restores through the HTTP host.

let hub: HubProcess;
let A: Desk;
let D: Desk;
afterAll(() => shutDown(hub, A, D));

describe('snapshot restore through browser mode', () => {
  it('takes a snapshot larger than the ordinary body limit (of rows that came in by an import and synced to the hub), and refuses one over the contract’s limit before reading it', async () => {
    hub = await new HubProcess().start();
    A = await desk();
    const bureau = (await A.call('auth.me', {})).officeId;
    const S1 = (await A.call('offices.create', { name: '景山市场监管所', code: '330304' })).id;
    await A.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
    // The rows come in through an import (the worker's write path), so this also shows imported
    // rows reach the hub like any edit. Random text compresses poorly: about 13,000 rows make a
    // snapshot well over 5 MB of base64.
    const lines = ['企业名称,注册号,住所'];
    for (let i = 0; i < 13000; i++) lines.push(`快照商户${randomBytes(60).toString('base64')},${330304000000000 + i},${randomBytes(140).toString('base64')}`);
    const p = await A.call('businesses.importPreview', { officeId: S1, fileName: 'big.csv', fileBase64: Buffer.from(lines.join('\n')).toString('base64') });
    expect(p).toMatchObject({ rows: 13000, creates: 13000, errorCount: 0 });
    const job = await A.call('imports.commit', { previewId: p.previewId });
    for (let j = job; ;) {
      if (j.state !== 'running') {
        expect(j).toMatchObject({ state: 'done', result: { created: 13000 } });
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
      j = await A.call('imports.job', { jobId: job.jobId });
    }
    await A.sync();
    await A.sync();
    const file = path.join(hub.dataDir, 'snap.json.gz');
    expect(hub.cli('snapshot', file, '--office', S1)).toContain(file);
    const fileBase64 = fs.readFileSync(file).toString('base64');
    expect(fileBase64.length).toBeGreaterThan(5 * 1024 * 1024);

    D = await desk({ name: 'slow-link' });
    await D.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(S1), deviceName: 'slow', allowInsecure: false });
    D.core.services.worker.stop();
    D.online.value = false;
    await D.call('auth.me', {});
    const host = await startHost({ core: D.core, staticDir: null });
    try {
      const res = await fetch(`${host.url}rpc/sync.importSnapshot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bd-token': host.token, 'x-bd-session': D.token },
        body: JSON.stringify({ fileBase64 }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, value: { rows: expect.any(Number) } });
      const n = (D.core.sqlite.prepare('SELECT count(*) n FROM business WHERE office_id = ?').get(S1) as { n: number }).n;
      expect(n).toBe(13000);

      // Over the contract's limit: the declared length alone is refused, nothing is read.
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${host.url}rpc/sync.importSnapshot`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-bd-token': host.token,
            'x-bd-session': D.token,
            'content-length': String(UPLOAD_LIMITS.snapshot + 1024 * 1024),
          },
        });
        req.on('response', (r) => (r.resume(), resolve(r.statusCode!)));
        req.on('error', reject);
        req.write('{"fileBase64":"');
      });
      expect(status).toBe(413);
      // An ordinary call keeps the small limit.
      const big = await fetch(`${host.url}rpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bd-token': host.token },
        body: JSON.stringify({ username: 'x'.repeat(6 * 1024 * 1024), password: 'y' }),
      });
      expect(big.status).toBe(413);
    } finally {
      await host.close();
    }
  }, 180_000);
});
