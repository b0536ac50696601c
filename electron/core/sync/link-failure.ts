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

/** The Chinese sentence the core keeps in the sync status (the renderer words its own from the reason). */
export function linkMessage(reason: LinkReason, host: string): string {
  switch (reason) {
    case 'refused':
      return `同步服务器 ${host} 拒绝连接：端口不对或服务器未运行。请核对地址和端口，或请县局确认服务器已启动`;
    case 'dns':
      return `找不到同步服务器 ${host}：请核对地址拼写，并检查本机网络和 DNS 设置`;
    case 'timeout':
      return `连接同步服务器 ${host} 超时：网络不通或太慢。请检查网络（专网）连接后重试`;
    case 'unreachable':
      return `本机无法到达同步服务器 ${host}：请检查网线或网络连接后重试`;
    case 'tls_untrusted':
      return `同步服务器 ${host} 的证书不受本机信任：请核对地址是县局的服务器，并请管理员在本机安装县局提供的根证书`;
    case 'tls_expired':
      return `同步服务器 ${host} 的证书已过期或尚未生效：请先核对本机日期，再请县局更新服务器证书`;
    case 'tls_name':
      return `同步服务器的证书与地址 ${host} 不符：请使用证书上的服务器名称作为地址`;
    case 'not_https':
      return `${host} 上的服务不是 https：请核对端口，或确认同步服务器已启用 HTTPS`;
    case 'closed':
      return `同步服务器 ${host} 断开了连接：若服务器使用 HTTPS，请把地址改为 https:// 开头；否则请稍后重试`;
    case 'not_hub':
      return `${host} 的答复不是同步服务器的答复：请核对地址和端口（是否指向了网页或代理）`;
    case 'network':
      return `无法连接同步服务器 ${host}：请检查网络后重试`;
  }
}
