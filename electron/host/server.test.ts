import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupCore, type TestCore } from '../core/test/helpers';
import { guardRequest, safeStaticPath } from './http-guard';
import { startHost } from './server';
import { cspMetaTags, STYLE_NONCE_META, STYLE_NONCE_PLACEHOLDER } from '../../shared/security/csp';

describe('guard (pure)', () => {
  const exp = { port: 5000, token: 'secret-token' };
  it('checks host, origin and token', () => {
    expect(guardRequest({ host: '127.0.0.1:5000', origin: undefined, token: 'secret-token' }, exp)).toEqual({ ok: true });
    expect(guardRequest({ host: 'evil.com:5000', origin: undefined, token: 'secret-token' }, exp)).toMatchObject({ ok: false, code: 'BAD_HOST' });
    expect(guardRequest({ host: '127.0.0.1:5000', origin: 'http://evil.com', token: 'secret-token' }, exp)).toMatchObject({
      ok: false,
      code: 'FOREIGN_ORIGIN',
    });
    expect(guardRequest({ host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000', token: 'secret-tokeX' }, exp)).toMatchObject({
      ok: false,
      code: 'BAD_TOKEN',
    });
  });
  it('keeps static paths inside the root', () => {
    expect(safeStaticPath('/r', '/a/b.js', path.join, path.normalize)).toBe('/r/a/b.js');
    expect(safeStaticPath('/r', '/../etc/passwd', path.join, path.normalize)).toBeNull();
    expect(safeStaticPath('/r', '/%2e%2e/%2e%2e/etc/passwd', path.join, path.normalize)).toBeNull();
    expect(safeStaticPath('/r', '/%E0%A4%A', path.join, path.normalize)).toBeNull();
  });
});

describe('browser-mode HTTP host', () => {
  let t: TestCore;
  let host: Awaited<ReturnType<typeof startHost>>;
  beforeAll(async () => {
    t = await setupCore();
    host = await startHost({ core: t.core, staticDir: null });
  });
  afterAll(async () => {
    await host.close();
    await t.core.close({ backup: false });
  });
  const post = (method: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${host.url}rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('serves dispatch with the run token and the session', async () => {
    const r = await post('auth.me', {}, { 'x-bd-token': host.token, 'x-bd-session': t.adminToken });
    expect(await r.json()).toMatchObject({ ok: true, value: { username: 'admin' } });
    const bad = await post('offices.create', { name: '' }, { 'x-bd-token': host.token, 'x-bd-session': t.adminToken });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses a missing or wrong token and a foreign origin, changing nothing', async () => {
    const before = (await t.call('offices.list', { includeInactive: true }, t.adminToken)).length;
    const body = { name: '入侵所', code: '330304' };
    const noToken = await post('offices.create', body, { 'x-bd-session': t.adminToken });
    expect(noToken.status).toBe(401);
    const wrong = await post('offices.create', body, { 'x-bd-token': 'guess', 'x-bd-session': t.adminToken });
    expect(wrong.status).toBe(401);
    const foreign = await post('offices.create', body, { 'x-bd-token': host.token, 'x-bd-session': t.adminToken, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const events = await fetch(`${host.url}events?token=wrong`);
    expect(events.status).toBe(401);
    expect((await t.call('offices.list', { includeInactive: true }, t.adminToken)).length).toBe(before);
  });

  it('refuses non-JSON and oversize bodies with a clear error', async () => {
    const r = await fetch(`${host.url}rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bd-token': host.token },
      body: '{not json',
    });
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const big = await fetch(`${host.url}rpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bd-token': host.token },
      body: JSON.stringify({ username: 'x'.repeat(6 * 1024 * 1024), password: 'y' }),
    });
    expect(big.status).toBe(413);
    // An import file over the contract's size: the refusal names the limit in MB and says to split it.
    const file = await fetch(`${host.url}rpc/businesses.importPreview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bd-token': host.token },
      body: JSON.stringify({ officeId: 'x', fileName: 'big.csv', fileBase64: 'A'.repeat(61_000_000) }),
    });
    expect(file.status).toBe(413);
    expect(await file.json()).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.any(String), details: { reason: 'file_too_large', mb: 45 } },
    });
  });
});

describe('host shutdown', () => {
  it('closes while event streams and a slow request are still open', async () => {
    const t = await setupCore();
    const host = await startHost({ core: t.core, staticDir: null });
    const http = await import('node:http');
    const opened: Promise<void>[] = [];
    for (let i = 0; i < 2; i++) {
      opened.push(
        new Promise<void>((resolve) => {
          const req = http.get(`${host.url}events?token=${encodeURIComponent(host.token)}`, { headers: { host: new URL(host.url).host } }, (res) => {
            res.once('data', () => resolve());
            res.on('error', () => undefined);
          });
          req.on('error', () => undefined);
        }),
      );
    }
    await Promise.all(opened);
    // A request whose body never finishes.
    const slow = http.request(`${host.url}rpc/auth.me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bd-token': host.token, 'content-length': '100' },
    });
    slow.on('error', () => undefined);
    slow.write('{');
    const closed = await Promise.race([host.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 5_000))]);
    expect(closed).toBe('closed');
    await t.core.close({ backup: false });
  });
});

describe('the page the host serves', () => {
  it('carries the strict CSP with a fresh style nonce per response, in the header and the page', async () => {
    const t = await setupCore();
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-static-'));
    const tags = cspMetaTags().map(
      (m) =>
        `<meta ${Object.entries(m.attrs)
          .map(([k, v]) => `${k}="${v.replace(/'/g, '&#39;')}"`)
          .join(' ')}>`,
    );
    fs.writeFileSync(path.join(staticDir, 'index.html'), `<!doctype html><html><head>${tags.join('')}</head><body></body></html>`);
    const host = await startHost({ core: t.core, staticDir });
    try {
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await fetch(host.url);
        const csp = r.headers.get('content-security-policy')!;
        expect(csp).not.toContain('unsafe-inline');
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1]!;
        const html = await r.text();
        expect(html).toContain(`<meta name="${STYLE_NONCE_META}" content="${nonce}">`);
        expect(html).toContain(`nonce-${nonce}&#39;`);
        expect(html).not.toContain(STYLE_NONCE_PLACEHOLDER);
        nonces.push(nonce);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
    } finally {
      await host.close();
      await t.core.close({ backup: false });
    }
  });
});
