import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkReason } from '../../electron/core/sync/link-failure';
import { HubProcess, desk, shutDown, type Desk } from './harness';

// Issue 13, item 14: an unreachable hub, a plain-http address or a TLS failure gave
// "系统内部错误". Each failure is told apart by the core (details.reason), tried against real
// sockets: a closed port, a name that does not resolve, a self-signed TLS server, a plain server
// behind https://, a TLS server behind http:// and a web page that is not a hub.
const FIX = path.join(import.meta.dirname, '..', '..', 'electron', 'core', 'sync', 'fixtures');
const servers: { close(): void }[] = [];

async function listen(s: http.Server | https.Server): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let county: Desk;
let tlsPort: number;
let plainPort: number;

beforeAll(async () => {
  county = await desk();
  tlsPort = await listen(
    https.createServer({ cert: fs.readFileSync(path.join(FIX, 'test-only-cert.pem')), key: fs.readFileSync(path.join(FIX, 'test-only-key.pem')) }, (_q, r) =>
      r.end('{}'),
    ),
  );
  plainPort = await listen(http.createServer((_q, r) => (r.setHeader('content-type', 'text/html'), r.end('<html><body>路由器登录</body></html>'))));
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.close();
  await shutDown(undefined, county);
});

async function enrolFailure(hubUrl: string) {
  const e = await county.fail('sync.enroll', { hubUrl, code: 'ABCD-EFGH-JKLM', deviceName: '县局', allowInsecure: true });
  return { code: e.code, ...(e.details as { reason?: string; host?: string; retryable?: boolean }) };
}

describe('a failed link to the hub says what happened', () => {
  it('tells a closed port, an unknown name, an untrusted certificate, https to a plain server, http to a TLS server and a web page apart', async () => {
    const refused = await closedPort();
    expect(await enrolFailure(`http://127.0.0.1:${refused}/`)).toMatchObject({
      code: 'HUB_UNREACHABLE',
      reason: 'refused',
      host: `127.0.0.1:${refused}`,
      retryable: true,
    });
    expect(await enrolFailure('http://no-such-hub.invalid:8787/')).toMatchObject({ code: 'HUB_UNREACHABLE', reason: 'dns', host: 'no-such-hub.invalid:8787' });
    expect(await enrolFailure(`https://127.0.0.1:${tlsPort}/`)).toMatchObject({ code: 'HUB_UNREACHABLE', reason: 'tls_untrusted', retryable: false });
    expect(await enrolFailure(`https://127.0.0.1:${plainPort}/`)).toMatchObject({ code: 'HUB_UNREACHABLE', reason: 'not_https', retryable: false });
    expect(await enrolFailure(`http://127.0.0.1:${tlsPort}/`)).toMatchObject({ code: 'HUB_UNREACHABLE', reason: 'closed' });
    expect(await enrolFailure(`http://127.0.0.1:${plainPort}/`)).toMatchObject({ code: 'HUB_UNREACHABLE', reason: 'not_hub', retryable: false });
    // None of them configured the device.
    const s = await county.call('sync.status', {});
    expect(s).toMatchObject({ configured: false, hubUrl: null, state: 'unconfigured' });
  }, 60_000);

  it('gives a hub’s refusal by its code, for the renderer to word: a wrong enrolment code, a revoked device', async () => {
    const hub = await new HubProcess().start();
    const d = await desk({ name: 'hub-codes' });
    try {
      const bad = await d.fail('sync.enroll', { hubUrl: hub.url, code: 'ABCD-EFGH-JKLM', deviceName: '县局', allowInsecure: false });
      expect(bad).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'hub.BAD_CODE', hub: 'BAD_CODE', retryable: false } });
      const bureau = (await d.call('auth.me', {})).officeId;
      await d.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
      expect(await d.sync()).toMatchObject({ state: 'idle', hubError: null });
      hub.cli('revoke', (await d.call('sync.status', {})).deviceId!);
      expect(await d.sync()).toMatchObject({ state: 'error', hubError: { code: 'UNAUTHORIZED', params: { status: 401 } } });
    } finally {
      await hub.stop();
      await shutDown(undefined, d);
    }
  }, 60_000);

  it('names the reason in the status of an enrolled device whose hub went away, and clears it when the hub is back', async () => {
    const hub = await new HubProcess().start();
    try {
      const bureau = (await county.call('auth.me', {})).officeId;
      await county.call('sync.enroll', { hubUrl: hub.url, code: hub.enroll(bureau, 'county'), deviceName: '县局', allowInsecure: false });
      expect((await county.sync()).state).toBe('idle');
      await hub.stop();
      const down = await county.sync();
      expect(down).toMatchObject({ state: 'offline', errorReason: 'refused', errorHost: `127.0.0.1:${hub.port}` });
      expect(down.error).toContain(`127.0.0.1:${hub.port}`);
      await hub.start();
      expect(await county.sync()).toMatchObject({ state: 'idle', error: null, errorReason: null, errorHost: null });
    } finally {
      await hub.stop();
    }
  }, 60_000);

  it('classifies the causes Node reports for the failures a test machine cannot stage', () => {
    const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(linkReason(fetchFailed('CERT_HAS_EXPIRED'), false)).toBe('tls_expired');
    expect(linkReason(fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'), false)).toBe('tls_name');
    expect(linkReason(fetchFailed('EHOSTUNREACH'), false)).toBe('unreachable');
    expect(linkReason(fetchFailed('UND_ERR_CONNECT_TIMEOUT'), false)).toBe('timeout');
    expect(linkReason(new Error('whatever'), true)).toBe('timeout');
    expect(
      linkReason(Object.assign(new TypeError('fetch failed'), { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]) }), false),
    ).toBe('refused');
    expect(linkReason(new Error('network down'), false)).toBe('network');
  });
});
