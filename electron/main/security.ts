// Pure security decisions of the Electron shell. No electron import: unit-tested in Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'branch-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only the app's own pages may load in the window or navigate. */
export function isTrustedUrl(raw: string, origin = APP_ORIGIN): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return `${u.protocol}//${u.host}` === origin && !u.username && !u.password;
}

/** An IPC call is served only from the app's origin and its main frame. */
export function isValidSender(frame: { url: string; isMainFrame: boolean } | null | undefined, origin = APP_ORIGIN): boolean {
  if (!frame || !frame.isMainFrame) return false;
  return isTrustedUrl(frame.url, origin);
}

/** BrowserWindow options; the security flags are not negotiable. */
export function windowOptions(preloadPath: string, icon?: string) {
  return {
    ...(icon ? { icon } : {}),
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Branch Desk 基层工商所工作台',
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  } as const;
}

/** Map an app:// request to a file under the renderer folder; null on traversal. */
export function appUrlToFile(raw: string, root: string, sep: '/' | '\\' = '/'): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.includes('\\')) return null;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    parts.push(seg);
  }
  if (parts.length === 0) parts.push('index.html');
  const base = root.endsWith(sep) ? root.slice(0, -1) : root;
  return [base, ...parts].join(sep);
}

export const IPC_INVOKE = 'bd:invoke';
export const IPC_EVENT = 'bd:event';
export const IPC_PDF = 'bd:pdf';

/** A safe file name for a saved PDF: no path separators or reserved characters, .pdf at the end. */
export function pdfFileName(raw: unknown): string {
  const base = [...String(raw ?? '')]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .trim()
    .slice(0, 80);
  return `${base || 'document'}.pdf`.replace(/\.pdf\.pdf$/i, '.pdf');
}
