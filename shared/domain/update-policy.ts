// When the desktop checks for, downloads and installs an update from the office's update folder
// (electron-updater, generic provider). Pure, so it is tested without the Electron binary; the
// shell (electron/main/updater.ts) only carries the decisions out.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** The pre-release part after '-', '' for a release. */
  pre: string;
}

export function parseVersion(v: string): Version | null {
  const m = /^v?(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' } : null;
}

/** Semantic-version order: negative when a is older than b. A release is newer than its pre-releases. */
export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  const pa = a.pre.split('.');
  const pb = b.pre.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null && nx !== ny) return nx - ny;
    if ((nx === null) !== (ny === null)) return nx !== null ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export const CHECK_INTERVAL_MS = 6 * 3600_000;

export type UpdateState = 'idle' | 'checking' | 'downloading' | 'downloaded' | 'error';

/** Whether to ask the update folder now: there is one, nothing is under way, the last check is old enough. */
export function shouldCheck(s: {
  feedUrl: string | null;
  state: UpdateState;
  lastCheckAt: number | null;
  now: number;
  intervalMs?: number;
  manual?: boolean;
}): boolean {
  if (!s.feedUrl) return false;
  if (s.state === 'checking' || s.state === 'downloading' || s.state === 'downloaded') return false;
  if (s.manual) return true;
  return s.lastCheckAt === null || s.now - s.lastCheckAt >= (s.intervalMs ?? CHECK_INTERVAL_MS) || s.now < s.lastCheckAt;
}

/**
 * The device's place in a staged rollout, 0 ≤ n < 100, from its rollout id (a UUID), computed as
 * electron-updater does (the last four bytes of the id over 2³²−1), so both agree on the device.
 */
export function rolloutBucket(rolloutId: string): number | null {
  const hex = rolloutId.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  return (parseInt(hex.slice(24, 32), 16) / 0xffffffff) * 100;
}

/**
 * Whether this device is inside a staged rollout, as electron-updater 6 decides it
 * (AppUpdater.isStagingMatch): no percentage, or one that is not a number (`parseInt`), lets every
 * device in; otherwise the integer part of the percentage, and the device's bucket below it. The
 * same comparison in the same floating-point order, so the core never asks for a download that
 * electron-updater would refuse, nor skips one it would take.
 */
export function stagingMatch(raw: unknown, rolloutId: string): boolean {
  if (raw === null || raw === undefined) return true;
  const pct = parseInt(String(raw), 10);
  if (Number.isNaN(pct)) return true;
  const hex = rolloutId.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return false;
  return parseInt(hex.slice(24, 32), 16) / 0xffffffff < pct / 100;
}

export type OfferDecision = { action: 'download' } | { action: 'skip'; reason: 'invalid' | 'current' | 'downgrade' | 'staged' | 'prerelease' | 'unsupported' };

/**
 * What to do with the version the update folder offers. Never a downgrade; staged rollouts
 * respected. `available` is electron-updater's own answer (`isUpdateAvailable`: it also refuses a
 * version whose minimumSystemVersion this Windows does not meet): a download it would refuse is
 * never asked for.
 */
export function decideOffer(s: { current: string; offered: string; stagingPercentage?: unknown; rolloutId: string; available?: boolean }): OfferDecision {
  const cur = parseVersion(s.current);
  const off = parseVersion(s.offered);
  if (!cur || !off) return { action: 'skip', reason: 'invalid' };
  const c = compareVersions(off, cur);
  if (c === 0) return { action: 'skip', reason: 'current' };
  if (c < 0) return { action: 'skip', reason: 'downgrade' };
  // A release installs releases only (electron-updater's allowPrerelease is off): a beta in the
  // folder reaches only desks that already run a pre-release.
  if (off.pre && !cur.pre) return { action: 'skip', reason: 'prerelease' };
  if (!stagingMatch(s.stagingPercentage, s.rolloutId)) return { action: 'skip', reason: 'staged' };
  if (s.available === false) return { action: 'skip', reason: 'unsupported' };
  return { action: 'download' };
}

export type InstallDecision =
  { action: 'install' } | { action: 'wait'; reason: 'import' | 'sync' } | { action: 'none'; reason: 'not_downloaded' | 'not_confirmed' };

/**
 * Whether to restart into the downloaded update now. Only when the user asked for it, and never
 * while an import commits or a sync runs: the restart would cut them off.
 */
export function decideInstall(s: { state: UpdateState; importing: boolean; syncing: boolean; userConfirmed: boolean }): InstallDecision {
  if (s.state !== 'downloaded') return { action: 'none', reason: 'not_downloaded' };
  if (!s.userConfirmed) return { action: 'none', reason: 'not_confirmed' };
  if (s.importing) return { action: 'wait', reason: 'import' };
  if (s.syncing) return { action: 'wait', reason: 'sync' };
  return { action: 'install' };
}

/** The update folder's address: http(s) with a host, ending in '/' so relative names resolve inside it. */
export function normalizeFeedUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.username || u.password || u.search || u.hash) return null;
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}
