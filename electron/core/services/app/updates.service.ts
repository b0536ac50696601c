import type { Sqlite } from '../../db/open';
import { isoAt, type Clock } from '../../clock';
import { fail } from '../../../../shared/contract/errors';
import type { UpdateStatus } from '../../../../shared/contract/app';
import { decideInstall, decideOffer, normalizeFeedUrl, shouldCheck, type UpdateState } from '../../../../shared/domain/update-policy';

/**
 * What the shell gives the core to update with: electron-updater in the desktop app
 * (electron/main/updater.ts), nothing in browser mode. The core decides; the updater only acts.
 */
export interface Updater {
  /** Ask the folder what it offers (electron-updater's latest.yml); null when nothing is there. */
  /** The folder's latest version, its staging percentage as written, and electron-updater's own verdict. */
  check(feedUrl: string): Promise<{ version: string; stagingPercentage?: unknown; available?: boolean } | null>;
  /** Download the offered version (a differential download when the blockmaps allow). */
  download(): Promise<void>;
  /** Quit and run the installer. */
  install(): void;
  /** The device's id in staged rollouts (electron-updater's own, so both agree). */
  rolloutId(): string;
}

const FEED_KEY = 'update.feed_url';
const TICK_MS = 15 * 60_000;

export function createUpdates(deps: {
  sqlite: Sqlite;
  clock: Clock;
  current: string;
  updater?: Updater;
  busy: () => { importing: boolean; syncing: boolean };
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  onChange?: () => void;
}) {
  const get = deps.sqlite.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const put = deps.sqlite.prepare('INSERT INTO local_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const del = deps.sqlite.prepare('DELETE FROM local_meta WHERE key = ?');
  let state: UpdateState = 'idle';
  let offered: string | null = null;
  let reason: string | null = null;
  let lastCheckAt: number | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const feedUrl = () => get.get(FEED_KEY)?.value ?? null;
  const set = (s: UpdateState, r: string | null = reason) => {
    state = s;
    reason = r;
    deps.onChange?.();
  };

  function status(): UpdateStatus {
    return {
      supported: !!deps.updater,
      feedUrl: feedUrl(),
      current: deps.current,
      state,
      offered,
      reason,
      lastCheckAt: lastCheckAt === null ? null : isoAt(lastCheckAt),
    };
  }

  async function check(manual = false): Promise<UpdateStatus> {
    const url = feedUrl();
    if (!deps.updater || !shouldCheck({ feedUrl: url, state, lastCheckAt, now: deps.clock.now(), manual })) return status();
    lastCheckAt = deps.clock.now();
    set('checking', null);
    try {
      const offer = await deps.updater.check(url!);
      if (!offer) {
        set('idle', 'current');
        return status();
      }
      const d = decideOffer({
        current: deps.current,
        offered: offer.version,
        stagingPercentage: offer.stagingPercentage,
        rolloutId: deps.updater.rolloutId(),
        available: offer.available,
      });
      if (d.action === 'skip') {
        if (d.reason === 'downgrade') deps.log('warn', 'update folder offers an older version; refused', { offered: offer.version, current: deps.current });
        offered = d.reason === 'current' ? null : offer.version;
        set('idle', d.reason);
        return status();
      }
      offered = offer.version;
      set('downloading', null);
      await deps.updater.download();
      set('downloaded', null);
    } catch (e) {
      deps.log('warn', 'update check failed', { error: (e as Error).message.slice(0, 200) });
      set('error', 'unreachable');
    }
    return status();
  }

  return {
    status,
    configure(raw: string | null): UpdateStatus {
      if (raw === null || raw.trim() === '') del.run(FEED_KEY);
      else {
        const url = normalizeFeedUrl(raw);
        if (!url) throw fail('BAD_INPUT', 'feed_url_scheme', { field: 'feedUrl' });
        put.run(FEED_KEY, url);
      }
      lastCheckAt = null;
      if (state === 'error') set('idle', null);
      return status();
    },
    check,
    /** The user chose to restart now. Refused while an import or a sync runs. */
    install(): UpdateStatus {
      const b = deps.busy();
      const d = decideInstall({ state, importing: b.importing, syncing: b.syncing, userConfirmed: true });
      if (d.action === 'wait') throw fail('RULE_VIOLATION', `update_busy_${d.reason}`);
      if (d.action === 'none') throw fail('RULE_VIOLATION', 'update_not_downloaded');
      deps.updater!.install();
      return status();
    },
    start() {
      if (!deps.updater || timer) return;
      void check();
      timer = setInterval(() => void check(), TICK_MS);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type UpdatesService = ReturnType<typeof createUpdates>;
