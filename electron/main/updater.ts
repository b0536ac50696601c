import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import updaterPkg from 'electron-updater';
import type { Updater } from '../core/services/app/updates.service';

/**
 * electron-updater on the office's update folder (the generic provider). It only acts: the core
 * decides when to check, whether to download (never a downgrade, the staged rollout) and when to
 * install (the user's choice, never during an import or a sync). Differential: the NSIS
 * installer's blockmap lets it fetch only the changed blocks.
 */
export function electronUpdater(log: (level: string, msg: string, fields?: Record<string, unknown>) => void): Updater | undefined {
  if (!app.isPackaged) return undefined;
  const { autoUpdater } = updaterPkg;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.disableDifferentialDownload = false;
  autoUpdater.logger = {
    info: () => {},
    warn: (m: unknown) => log('warn', 'updater', { msg: String(m).slice(0, 200) }),
    error: (m: unknown) => log('error', 'updater', { msg: String(m).slice(0, 200) }),
    debug: () => {},
  };
  let feed: string | null = null;
  return {
    async check(url) {
      if (feed !== url) {
        autoUpdater.setFeedURL({ provider: 'generic', url, channel: 'latest' });
        feed = url;
      }
      const r = await autoUpdater.checkForUpdates();
      return r ? { version: r.updateInfo.version, stagingPercentage: r.updateInfo.stagingPercentage ?? null, available: r.isUpdateAvailable } : null;
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    install() {
      // Not silent: the user sees the installer; the app runs again after it.
      autoUpdater.quitAndInstall(false, true);
    },
    rolloutId() {
      // electron-updater's own staging id (userData/.updaterId), so the core and it agree.
      const file = path.join(app.getPath('userData'), '.updaterId');
      try {
        // Read as electron-updater reads it (no trimming): a file it would replace, we replace too.
        const id = fs.readFileSync(file, 'utf8');
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return id;
      } catch {
        // First run: create it as electron-updater would.
      }
      const id = randomUUID();
      fs.writeFileSync(file, id);
      return id;
    },
  };
}
