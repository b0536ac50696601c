// Pure request checks of browser mode, kept apart so they are unit-tested.

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  token: string | undefined;
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; code: 'BAD_HOST' | 'FOREIGN_ORIGIN' | 'BAD_TOKEN'; message: string };

/** Hosts the server answers to: blocks DNS-rebinding pages that resolve to 127.0.0.1. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function guardRequest(req: GuardInput, expected: { port: number; token: string }): GuardVerdict {
  if (!req.host || !allowedHosts(expected.port).has(req.host.toLowerCase())) {
    return { ok: false, status: 421, code: 'BAD_HOST', message: 'unexpected Host header' };
  }
  if (req.origin !== undefined) {
    const okOrigins = [...allowedHosts(expected.port)].map((h) => `http://${h}`);
    if (!okOrigins.includes(req.origin)) return { ok: false, status: 403, code: 'FOREIGN_ORIGIN', message: 'foreign origin refused' };
  }
  if (!req.token || !constantTimeEqual(req.token, expected.token)) {
    return { ok: false, status: 401, code: 'BAD_TOKEN', message: 'missing or wrong run token' };
  }
  return { ok: true };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Resolve a URL path inside root, or null when it would escape it. */
export function safeStaticPath(root: string, urlPath: string, join: (...p: string[]) => string, normalize: (p: string) => string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  const rootNorm = normalize(root.endsWith('/') || root.endsWith('\\') ? root : root + '/');
  return full.startsWith(rootNorm) || full === normalize(root) ? full : null;
}
