// The addresses the desktop may hand to the system browser (shell.openExternal), declared once.
// Anything else a page tries to open is refused. The renderer links only to these.

export const EXTERNAL_SITES = {
  /** 国家企业信用信息公示系统: look a business up by its unified social credit code. */
  gsxt: 'https://www.gsxt.gov.cn/',
  /** 全国12315平台: the consumer complaint platform. */
  p12315: 'https://www.12315.cn/',
} as const;
export type ExternalSite = keyof typeof EXTERNAL_SITES;

/**
 * True only for an https address on the exact host of an allowed site and under its path, with
 * no credentials and the default port.
 */
export function isAllowedExternalUrl(raw: unknown, allowed: readonly string[] = Object.values(EXTERNAL_SITES)): boolean {
  return allowedExternalUrl(raw, allowed) !== null;
}

/**
 * The address to hand to shell.openExternal: the parsed, normalised `href` of an allowed one
 * (what was checked is what opens; the raw string could be read otherwise by the OS), or null.
 */
export function allowedExternalUrl(raw: unknown, allowed: readonly string[] = Object.values(EXTERNAL_SITES)): string | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return null;
  const ok = allowed.some((a) => {
    const base = new URL(a);
    return u.hostname === base.hostname && u.pathname.startsWith(base.pathname);
  });
  return ok ? u.href : null;
}
