import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Core } from '../core/create-core';
import { fileTooLargeMessage, IMPORT_FILE_MB, UPLOAD_LIMITS } from '../../shared/contract/imports';
import { servePage } from '../../shared/security/csp';
import { guardRequest, safeStaticPath } from './http-guard';

const MAX_BODY = 5 * 1024 * 1024;
const ENVELOPE = 64 * 1024;
/**
 * Bodies the contract accepts: a file or a snapshot rides base64 in the JSON, so these methods
 * take what their schema allows (plus the envelope); every other call keeps the small limit.
 */
export const BODY_LIMITS: Record<string, number> = {
  'businesses.importPreview': UPLOAD_LIMITS.importFile + ENVELOPE,
  'cadres.importPreview': UPLOAD_LIMITS.importFile + ENVELOPE,
  'census.importPreview': UPLOAD_LIMITS.importFile + ENVELOPE,
  'training.importAttendance': UPLOAD_LIMITS.importFile + ENVELOPE,
  'sync.importSnapshot': UPLOAD_LIMITS.snapshot + ENVELOPE,
};
const UPLOAD_METHODS = new Set(['businesses.importPreview', 'cadres.importPreview', 'census.importPreview', 'training.importAttendance']);
export const bodyLimit = (method: string) => (Object.prototype.hasOwnProperty.call(BODY_LIMITS, method) ? BODY_LIMITS[method]! : MAX_BODY);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HostOptions {
  core: Core;
  staticDir: string | null;
  port?: number;
  token?: string;
}

/** Browser mode: the built renderer and the core's dispatch over HTTP + SSE on 127.0.0.1. */
export async function startHost(opts: HostOptions) {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const clients = new Set<http.ServerResponse>();
  let closing = false;
  let port = 0;

  const forward = (event: string) => (payload: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of clients) c.write(frame);
  };
  const unsubscribers = (['data.changed', 'sync.status', 'import.progress'] as const).map((e) => opts.core.on(e, forward(e)));

  function json(res: http.ServerResponse, status: number, body: unknown) {
    const s = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(s);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!opts.staticDir) return json(res, 404, { error: 'no renderer build' });
    let p = req.url === '/' || !req.url ? '/index.html' : req.url;
    let file = safeStaticPath(opts.staticDir, p, path.join, path.normalize);
    if (!file) return json(res, 400, { error: 'bad path' });
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // Client-side routes fall back to the app shell.
      if (path.extname(p)) return json(res, 404, { error: 'not found' });
      p = '/index.html';
      file = path.join(opts.staticDir, 'index.html');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (type.startsWith('text/html')) {
      // A fresh style nonce for every page (shared/security/csp.ts).
      const page = servePage(fs.readFileSync(file, 'utf8'), randomBytes(18).toString('base64'));
      const html = page.html.replace('<head>', `<head>\n    <meta name="bd-transport" content="http">\n    <meta name="bd-token" content="${token}">`);
      headers['content-security-policy'] = page.csp;
      headers['cache-control'] = 'no-store';
      res.writeHead(200, headers);
      return res.end(html);
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  }

  async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
    // A declared length over the limit is refused before a byte is read.
    if (Number(req.headers['content-length'] ?? 0) > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events';
      if (!isApi) {
        const g = guardRequest({ host: req.headers.host, origin: undefined, token: token }, { port, token });
        if (!g.ok) return json(res, g.status, { error: g.code });
        if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
        return serveStatic(req, res);
      }
      const g = guardRequest(
        {
          host: req.headers.host,
          origin: req.headers.origin,
          token: url.pathname === '/events' ? (url.searchParams.get('token') ?? undefined) : (req.headers['x-bd-token'] as string | undefined),
        },
        { port, token },
      );
      if (!g.ok) return json(res, g.status, { ok: false, error: { code: g.code, message: g.message } });

      if (url.pathname === '/events') {
        if (closing) return json(res, 503, { ok: false, error: { code: 'INTERNAL', message: '正在关闭' } });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: 'POST only' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return json(res, 415, { ok: false, error: { code: 'BAD_INPUT', message: 'JSON only' } });
      }
      const method = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      let input: unknown;
      try {
        const body = await readBody(req, bodyLimit(method));
        input = body ? JSON.parse(body) : {};
      } catch (e) {
        const status = (e as { status?: number }).status ?? 400;
        if (status === 413) res.setHeader('connection', 'close');
        if (status === 413 && UPLOAD_METHODS.has(method))
          return json(res, status, {
            ok: false,
            error: {
              code: 'BAD_INPUT',
              message: fileTooLargeMessage(IMPORT_FILE_MB),
              details: { reason: 'file_too_large', mb: IMPORT_FILE_MB, max: bodyLimit(method) },
            },
          });
        return json(res, status, {
          ok: false,
          error: {
            code: 'BAD_INPUT',
            message: status === 413 ? '请求过大' : '请求不是有效的 JSON',
            ...(status === 413 ? { details: { reason: 'too_large', max: bodyLimit(method) } } : {}),
          },
        });
      }
      const session = req.headers['x-bd-session'];
      const result = await opts.core.dispatch(method, input, {
        sessionToken: typeof session === 'string' && session ? session : undefined,
        activity: req.headers['x-bd-background'] !== '1',
      });
      return json(res, 200, result);
    } catch {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const ping = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 25_000);
  ping.unref();

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    async close() {
      closing = true;
      clearInterval(ping);
      for (const u of unsubscribers) u();
      for (const c of clients) c.end();
      // An event stream the browser reopened during shutdown would keep close() waiting forever.
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await done;
    },
  };
}
