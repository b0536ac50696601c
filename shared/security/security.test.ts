import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspMetaTags, servePage, STYLE_NONCE_PLACEHOLDER } from './csp';
import { allowedExternalUrl, EXTERNAL_SITES, isAllowedExternalUrl } from './external';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('the Content-Security-Policy', () => {
  it('allows no inline style or script, only the page nonce for <style>', () => {
    const d = directives(contentSecurityPolicy({ styleNonce: 'AAAAAAAAAAAAAAAAAAAAAAAA' }));
    expect(d.get('style-src')).toEqual(["'self'", "'nonce-AAAAAAAAAAAAAAAAAAAAAAAA'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect([...d.values()].flat().some((v) => v.includes('unsafe'))).toBe(false);
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    const meta = cspMetaTags().find((t) => t.name === 'csp')!.attrs.content!;
    expect(directives(meta).has('frame-ancestors')).toBe(false);
    expect(meta).toContain(`'nonce-${STYLE_NONCE_PLACEHOLDER}'`);
  });

  it('refuses a nonce that could break out of the header', () => {
    for (const bad of ["x'; script-src *", 'short', 'AAAAAAAAAAAAAAAA AAAA', 'AAAAAAAAAAAAAAAA\r\nSet-Cookie: a=b']) {
      expect(() => contentSecurityPolicy({ styleNonce: bad })).toThrow();
    }
  });

  it('puts the response nonce into the page, both in the <meta> policy and where the page reads it', () => {
    const tags = cspMetaTags()
      .map(
        (t) =>
          `<meta ${Object.entries(t.attrs)
            .map(([k, v]) => `${k}="${v.replace(/'/g, '&#39;')}"`)
            .join(' ')}>`,
      )
      .join('\n');
    const html = `<html><head>\n${tags}\n</head><body></body></html>`;
    const nonce = 'b2KjY3R5cGUgbm9uY2UhIQ==';
    const page = servePage(html, nonce);
    expect(page.html).not.toContain(STYLE_NONCE_PLACEHOLDER);
    expect(page.html).toContain(`nonce-${nonce}&#39;`);
    expect(page.html).toContain(`<meta name="bd-style-nonce" content="${nonce}">`);
    expect(page.csp).toContain(`'nonce-${nonce}'`);
    expect(() => servePage(html, "'; style-src *")).toThrow();
  });
});

describe('external addresses', () => {
  it.each([
    [EXTERNAL_SITES.gsxt, true],
    ['https://www.gsxt.gov.cn/corp-query-homepage.html', true],
    ['https://www.12315.cn/', true],
    ['http://www.gsxt.gov.cn/', false],
    ['https://www.gsxt.gov.cn:8443/', false],
    ['https://user:pw@www.gsxt.gov.cn/', false],
    ['https://www.gsxt.gov.cn.evil.example/', false],
    ['https://evil.example/?https://www.gsxt.gov.cn/', false],
    ['https://gsxt.gov.cn/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['app://branch-desk/index.html', false],
    ['not a url', false],
    [42, false],
  ])('%s → %s', (url, ok) => expect(isAllowedExternalUrl(url)).toBe(ok));

  it('keeps to the path of an allowed site', () => {
    expect(isAllowedExternalUrl('https://a.example/docs/x', ['https://a.example/docs/'])).toBe(true);
    expect(isAllowedExternalUrl('https://a.example/admin', ['https://a.example/docs/'])).toBe(false);
  });

  it('hands the normalised address to the system browser, not the raw string', () => {
    expect(allowedExternalUrl('HTTPS://WWW.GSXT.GOV.CN/%7Bx%7D?q=a b')).toBe('https://www.gsxt.gov.cn/%7Bx%7D?q=a%20b');
    expect(allowedExternalUrl('https://www.gsxt.gov.cn/../../x')).toBe('https://www.gsxt.gov.cn/x');
    expect(allowedExternalUrl('  https://www.12315.cn/\tx')).toBe('https://www.12315.cn/x');
    expect(allowedExternalUrl('https://evil.example/')).toBeNull();
  });
});
