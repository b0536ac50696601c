import { describe, expect, it } from 'vitest';
import { appUrlToFile, pdfFileName, isTrustedUrl, isValidSender, windowOptions } from './security';

describe('URL trust', () => {
  it.each([
    ['app://branch-desk/index.html', true],
    ['app://branch-desk/#/users', true],
    ['app://evil/index.html', false],
    ['file:///C:/Windows/win.ini', false],
    ['https://branch-desk/index.html', false],
    ['app://user:pw@branch-desk/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => expect(isTrustedUrl(url)).toBe(ok));
});

describe('IPC sender validation', () => {
  it('accepts only the main frame of the app origin', () => {
    expect(isValidSender({ url: 'app://branch-desk/index.html', isMainFrame: true })).toBe(true);
    expect(isValidSender({ url: 'app://branch-desk/index.html', isMainFrame: false })).toBe(false);
    expect(isValidSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(isValidSender(null)).toBe(false);
  });
});

describe('app:// protocol paths', () => {
  it('maps inside the renderer folder and refuses traversal', () => {
    expect(appUrlToFile('app://branch-desk/assets/a.js', '/opt/app/renderer')).toBe('/opt/app/renderer/assets/a.js');
    expect(appUrlToFile('app://branch-desk/', '/opt/app/renderer')).toBe('/opt/app/renderer/index.html');
    // URL parsing resolves dot segments, so these stay inside the root.
    expect(appUrlToFile('app://branch-desk/%2e%2e/%2e%2e/secret', '/opt/app/renderer')).toBe('/opt/app/renderer/secret');
    expect(appUrlToFile('app://branch-desk/a%2f..%2f..%2fsecret', '/opt/app/renderer')).toBeNull();
    expect(appUrlToFile('app://branch-desk/..%5c..%5cwin.ini', 'C:\\app\\renderer', '\\')).toBeNull();
    expect(appUrlToFile('app://other/x.js', '/opt/app/renderer')).toBeNull();
  });
});

describe('window options', () => {
  it('keep the hardening flags', () => {
    const w = windowOptions('/p/preload.cjs').webPreferences;
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
  });
});

describe('pdfFileName', () => {
  it.each([
    ['林晓 职业档案', '林晓 职业档案.pdf'],
    ['../../etc/passwd', '.._.._etc_passwd.pdf'],
    ['a:b*c?"<>|', 'a_b_c_____.pdf'],
    ['', 'document.pdf'],
    ['plan.pdf', 'plan.pdf'],
  ])('%s → %s', (raw, out) => expect(pdfFileName(raw)).toBe(out));
});
