import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { createCore, type Core } from '../core/create-core';
import { APP_ORIGIN, APP_SCHEME, appUrlToFile, CSP, IPC_EVENT, IPC_INVOKE, IPC_PDF, isTrustedUrl, pdfFileName, isValidSender, windowOptions } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const migrationsDir = app.isPackaged ? path.join(process.resourcesPath, 'drizzle') : path.join(here, '..', '..', 'drizzle');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
let win: BrowserWindow | null = null;

function log(level: string, msg: string, fields?: Record<string, unknown>) {
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // External https links open in the system browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

async function createWindow() {
  win = new BrowserWindow(windowOptions(path.join(here, '..', 'preload', 'index.cjs')));
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  try {
    core = createCore({ dbPath: path.join(dataDir, 'branch-desk.sqlite'), migrationsDir, log, autoSync: true });
  } catch (e) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Branch Desk 无法启动', (e as Error).message);
    app.exit(2);
    return;
  }

  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(request.url, rendererDir, path.sep as '/' | '\\');
    if (!file || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    const res = await net.fetch(`file://${file}`);
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });

  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, input: unknown, sessionToken: unknown) => {
    const f = event.senderFrame;
    if (!isValidSender(f ? { url: f.url, isMainFrame: f.parent === null } : null)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '调用来源不可信' } };
    }
    return core!.dispatch(String(method), input, { sessionToken: typeof sessionToken === 'string' ? sessionToken : undefined });
  });
  // Print views save themselves as an A4 PDF through Chromium's printToPDF.
  ipcMain.handle(IPC_PDF, async (event, name: unknown) => {
    const f = event.senderFrame;
    if (!isValidSender(f ? { url: f.url, isMainFrame: f.parent === null } : null)) return { ok: false };
    const pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, margins: { top: 0.6, bottom: 0.6, left: 0.6, right: 0.6 } });
    const owner = BrowserWindow.fromWebContents(event.sender);
    const opts = { defaultPath: path.join(app.getPath('documents'), pdfFileName(name)), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const r = owner ? await dialog.showSaveDialog(owner, opts) : await dialog.showSaveDialog(opts);
    if (r.canceled || !r.filePath) return { ok: false };
    await fs.promises.writeFile(r.filePath, pdf);
    return { ok: true, path: r.filePath };
  });
  core.on('data.changed', (payload) => win?.webContents.send(IPC_EVENT, 'data.changed', payload));
  core.on('sync.status', (payload) => win?.webContents.send(IPC_EVENT, 'sync.status', payload));

  await createWindow();
});

app.on('window-all-closed', () => app.quit());

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  // The shutdown backup runs before the process exits.
  void core.close().finally(() => app.quit());
});
