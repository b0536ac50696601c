import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { createCore, type Core } from '../core/create-core';
import { restoreOffline } from '../core/restore-offline';
import { startupFailureText } from '../core/startup-failure';
import { servePage } from '../../shared/security/csp';
import { allowedExternalUrl } from '../../shared/security/external';
import { wrappedKey } from '../core/db/db-key';
import { createKeyStore, keyStorePath } from '../core/keystore';
import { safeStorageWrapper } from './db-key';
import { electronUpdater } from './updater';
import { APP_ORIGIN, APP_SCHEME, appUrlToFile, IPC_EVENT, IPC_INVOKE, IPC_PDF, isTrustedUrl, pdfFileName, isValidSender, windowOptions } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
// The window's icon (scripts/make-icons.mjs); the .exe's comes from icon.ico at packaging.
const iconFile = app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(here, '..', '..', 'resources', 'build', 'icon.png');
const migrationsDir = app.isPackaged ? path.join(process.resourcesPath, 'drizzle') : path.join(here, '..', '..', 'drizzle');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
let win: BrowserWindow | null = null;

function log(level: string, msg: string, fields?: Record<string, unknown>) {
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (isTrustedUrl(url)) return;
    event.preventDefault();
    const href = allowedExternalUrl(url);
    if (href) void shell.openExternal(href);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Only the allowed sites (shared/security/external.ts) open, in the system browser; nothing
    // opens inside the app.
    const href = allowedExternalUrl(url);
    if (href) void shell.openExternal(href);
    else log('warn', 'external address refused', { scheme: url.split(':')[0] });
    return { action: 'deny' };
  });
});

async function createWindow() {
  win = new BrowserWindow(windowOptions(path.join(here, '..', 'preload', 'index.cjs'), iconFile));
  win.once('ready-to-show', () => {
    win?.show();
    // A large database opened without waiting for its check: check it now, off the main thread.
    void core?.checkIntegrity();
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  try {
    const dbPath = path.join(dataDir, 'branch-desk.sqlite');
    // The database key: made once, kept in the key store wrapped by safeStorage (README, Encryption at rest).
    const dbKey = await wrappedKey(createKeyStore(keyStorePath(dbPath)), await safeStorageWrapper(), dbPath);
    // `--restore <backup>` (or --restore=<backup>): a database too damaged to start is replaced first (README).
    const at = process.argv.findIndex((a) => a === '--restore' || a.startsWith('--restore='));
    const restoreFile = at < 0 ? null : process.argv[at]!.includes('=') ? process.argv[at]!.slice('--restore='.length) : (process.argv[at + 1] ?? null);
    if (restoreFile) {
      const r = restoreOffline({ dbPath, file: restoreFile, key: dbKey, user: `${os.userInfo().username} (--restore)`, now: () => Date.now() });
      log('warn', 'restore staged from the command line', {
        file: path.basename(restoreFile),
        damagedCopy: r.damagedCopy ? path.basename(r.damagedCopy) : null,
      });
    }
    core = createCore({
      dbPath,
      dbKey,
      migrationsDir,
      log,
      autoSync: true,
      version: app.getVersion(),
      updater: electronUpdater(log),
      onRestart: () => (app.relaunch(), app.quit()),
    });
  } catch (e) {
    const { dialog } = await import('electron');
    // A damaged database: the box names `--restore` with the newest backup (startup-failure.ts).
    dialog.showErrorBox('Branch Desk 无法启动', startupFailureText(e, { dbPath: path.join(dataDir, 'branch-desk.sqlite'), command: `"${process.execPath}"` }));
    app.exit(2);
    return;
  }

  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(request.url, rendererDir, path.sep as '/' | '\\');
    if (!file || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    const headers = { 'x-content-type-options': 'nosniff' };
    if (file.endsWith('.html')) {
      // A fresh style nonce for every page (shared/security/csp.ts).
      const page = servePage(await fs.promises.readFile(file, 'utf8'), randomBytes(18).toString('base64'));
      return new Response(page.html, { status: 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp } });
    }
    const res = await net.fetch(pathToFileURL(file).toString());
    const h = new Headers(res.headers);
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    return new Response(res.body, { status: res.status, headers: h });
  });

  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, input: unknown, sessionToken: unknown, background: unknown) => {
    const f = event.senderFrame;
    if (!isValidSender(f ? { url: f.url, isMainFrame: f.parent === null } : null)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '调用来源不可信' } };
    }
    return core!.dispatch(String(method), input, { sessionToken: typeof sessionToken === 'string' ? sessionToken : undefined, activity: background !== true });
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
  core.on('import.progress', (payload) => win?.webContents.send(IPC_EVENT, 'import.progress', payload));

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
