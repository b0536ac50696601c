// The app's Content-Security-Policy, defined once. It reaches the page three ways: the <meta>
// the renderer build writes into index.html, the header of Electron's app:// protocol, and the
// header of the browser-mode host. Both servers put a fresh nonce into each page they serve.
//
// Styles: no 'unsafe-inline'. antd's zero-runtime mode takes the component styles from its
// prebuilt stylesheet, but its theme's CSS variables are still inserted as <style> elements at
// run time, and rc-component inserts <style> elements of its own (a table measuring its
// scrollbar, a modal locking the page's scroll). The page gives every <style> element its own
// scripts create the page's nonce (renderer/src/lib/style-nonce.ts); a <style> element or a
// style="" attribute that arrives in markup carries none and is refused.

/** What index.html carries in place of a nonce until a server substitutes one. */
export const STYLE_NONCE_PLACEHOLDER = 'bd-nonce-placeholder';
/** The <meta name> the page reads its style nonce from. */
export const STYLE_NONCE_META = 'bd-style-nonce';

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

export interface CspOptions {
  /** The nonce of this page's <style> elements (base64, at least 16 characters). */
  styleNonce: string;
  /** A <meta> policy cannot carry frame-ancestors (browsers ignore it there and say so). */
  forMeta?: boolean;
}

export function contentSecurityPolicy(opts: CspOptions): string {
  if (opts.styleNonce !== STYLE_NONCE_PLACEHOLDER && !NONCE.test(opts.styleNonce)) throw new Error('bad style nonce');
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", `'nonce-${opts.styleNonce}'`],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ...(opts.forMeta ? [] : [['frame-ancestors', "'none'"] as [string, string]]),
    ['form-action', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The <meta> tags the renderer build puts at the top of index.html's <head>. */
export function cspMetaTags(): { name: 'csp' | 'nonce'; attrs: Record<string, string> }[] {
  return [
    { name: 'csp', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ styleNonce: STYLE_NONCE_PLACEHOLDER, forMeta: true }) } },
    { name: 'nonce', attrs: { name: STYLE_NONCE_META, content: STYLE_NONCE_PLACEHOLDER } },
  ];
}

/**
 * A page as served: the build's placeholder replaced by this response's nonce, in the <meta>
 * policy and in the nonce the page reads; the header to send with it.
 */
export function servePage(html: string, styleNonce: string): { html: string; csp: string } {
  const csp = contentSecurityPolicy({ styleNonce });
  const page = html
    .split(`nonce-${STYLE_NONCE_PLACEHOLDER}`)
    .join(`nonce-${styleNonce}`)
    .split(`name="${STYLE_NONCE_META}" content="${STYLE_NONCE_PLACEHOLDER}"`)
    .join(`name="${STYLE_NONCE_META}" content="${styleNonce}"`);
  return { html: page, csp };
}
