/**
 * What went wrong on the way to the hub, told apart so the user reads what happened and what to
 * do (issue 13, item 14) instead of a generic internal error. Node's fetch (undici) reports the
 * cause as `err.cause.code`; TLS failures carry OpenSSL's names.
 */
export const LINK_REASONS = [
  'refused',
  'dns',
  'timeout',
  'unreachable',
  'tls_untrusted',
  'tls_expired',
  'tls_name',
  'not_https',
  'closed',
  'not_hub',
  'network',
] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
]);

function codesOf(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const o = cur as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') out.push(o.code);
    if (typeof o.name === 'string') out.push(o.name);
    // Happy-eyeballs failures (IPv4 and IPv6 both refused) come as an AggregateError.
    if (Array.isArray(o.errors)) for (const x of o.errors) if (x && typeof (x as { code?: unknown }).code === 'string') out.push((x as { code: string }).code);
    cur = o.cause;
  }
  return out;
}

/** The reason a request to the hub failed before any answer arrived. */
export function linkReason(e: unknown, timedOut: boolean): LinkReason {
  if (timedOut) return 'timeout';
  const codes = codesOf(e);
  const has = (c: string) => codes.includes(c);
  if (has('ECONNREFUSED')) return 'refused';
  if (has('ENOTFOUND') || has('EAI_AGAIN') || has('EAI_NONAME')) return 'dns';
  if (has('ETIMEDOUT') || has('UND_ERR_CONNECT_TIMEOUT') || has('UND_ERR_HEADERS_TIMEOUT') || has('AbortError') || has('TimeoutError')) return 'timeout';
  if (has('EHOSTUNREACH') || has('ENETUNREACH') || has('ENETDOWN')) return 'unreachable';
  if (has('CERT_HAS_EXPIRED') || has('CERT_NOT_YET_VALID')) return 'tls_expired';
  if (has('ERR_TLS_CERT_ALTNAME_INVALID') || has('HOSTNAME_MISMATCH')) return 'tls_name';
  if (codes.some((c) => UNTRUSTED.has(c))) return 'tls_untrusted';
  // https:// to a plain-http port: OpenSSL reads an HTTP answer as a bad record.
  if (codes.some((c) => c === 'EPROTO' || c.startsWith('ERR_SSL_'))) return 'not_https';
  // http:// to a TLS port: the server drops a request it cannot read.
  if (has('ECONNRESET') || has('UND_ERR_SOCKET') || has('EPIPE')) return 'closed';
  return 'network';
}

/**
 * The error's message, for the log and a client that does not know the reason: English, like
 * every message the core keeps. The renderer words the reason itself (sync.link.<reason>).
 */
export function linkMessage(reason: LinkReason, host: string): string {
  switch (reason) {
    case 'refused':
      return `The hub ${host} refused the connection: wrong port, or the hub is not running`;
    case 'dns':
      return `The hub ${host} was not found: check the address, and this PC's network and DNS`;
    case 'timeout':
      return `Connecting to the hub ${host} timed out: the network is down or too slow`;
    case 'unreachable':
      return `This PC cannot reach the hub ${host}: check the cable or the network connection`;
    case 'tls_untrusted':
      return `The certificate of the hub ${host} is not trusted by this PC: install the county's root certificate`;
    case 'tls_expired':
      return `The certificate of the hub ${host} has expired or is not yet valid: check this PC's date`;
    case 'tls_name':
      return `The hub's certificate does not match the address ${host}: use the server name on the certificate`;
    case 'not_https':
      return `The service at ${host} is not https: check the port, or whether the hub has HTTPS on`;
    case 'closed':
      return `The hub ${host} closed the connection: use https:// if the hub has HTTPS, or try again later`;
    case 'not_hub':
      return `The answer from ${host} is not a hub's: check the address and port (a web page or a proxy?)`;
    case 'network':
      return `Cannot connect to the hub ${host}: check the network and try again`;
  }
}
