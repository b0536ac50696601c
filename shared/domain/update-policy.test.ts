import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareVersions, decideInstall, decideOffer, normalizeFeedUrl, parseVersion, rolloutBucket, shouldCheck } from './update-policy';

const v = (s: string) => parseVersion(s)!;
const ID = '4f1c2b3a-9d8e-4c7b-8a6f-000000000000'; // bucket 0
const LAST = '4f1c2b3a-9d8e-4c7b-8a6f-ffffffffffff'; // bucket 100 (never in a partial rollout)

describe('update decisions', () => {
  it.each([
    ['0.1.0', '0.1.1', -1],
    ['0.2.0', '0.10.0', -1],
    ['1.0.0-beta.2', '1.0.0-beta.10', -1],
    ['1.0.0-beta', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-beta', -1],
    ['1.0.0-1', '1.0.0-alpha', -1],
    ['2.0.0', '1.99.99', 1],
    ['v1.2.3', '1.2.3', 0],
    ['1.2.3+build.7', '1.2.3', 0],
  ])('orders %s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(v(a), v(b)))).toBe(sign);
  });

  it('orders versions as a total order (antisymmetric)', () => {
    const ver = fc
      .tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.constantFrom('', 'alpha', 'beta.1', 'rc.2'))
      .map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ''}`);
    fc.assert(fc.property(ver, ver, (a, b) => Math.sign(compareVersions(v(a), v(b))) === -Math.sign(compareVersions(v(b), v(a)))));
  });

  it('refuses a downgrade, the current version and a version it cannot read', () => {
    expect(decideOffer({ current: '0.3.0', offered: '0.2.9', rolloutId: ID })).toEqual({ action: 'skip', reason: 'downgrade' });
    expect(decideOffer({ current: '1.0.0', offered: '1.0.0-rc.1', rolloutId: ID })).toEqual({ action: 'skip', reason: 'downgrade' });
    expect(decideOffer({ current: '0.3.0', offered: '0.3.0', rolloutId: ID })).toEqual({ action: 'skip', reason: 'current' });
    expect(decideOffer({ current: '0.3.0', offered: 'latest', rolloutId: ID })).toEqual({ action: 'skip', reason: 'invalid' });
    expect(decideOffer({ current: '0.3.0', offered: '0.4.0', rolloutId: ID })).toEqual({ action: 'download' });
    // Pre-releases reach only desks on a pre-release.
    expect(decideOffer({ current: '0.1.0', offered: '0.2.0-beta.1', rolloutId: ID })).toEqual({ action: 'skip', reason: 'prerelease' });
    expect(decideOffer({ current: '0.2.0-beta.1', offered: '0.2.0-beta.2', rolloutId: ID })).toEqual({ action: 'download' });
    expect(decideOffer({ current: '0.1.0', offered: 'v0.2.0', rolloutId: ID })).toEqual({ action: 'download' });
  });

  it('downloads in a staged rollout only on the devices inside the percentage', () => {
    expect(rolloutBucket(ID)).toBe(0);
    expect(rolloutBucket(LAST)).toBe(100);
    expect(rolloutBucket('not-a-uuid')).toBeNull();
    const at = (pct: number, id: string) => decideOffer({ current: '0.1.0', offered: '0.2.0', stagingPercentage: pct, rolloutId: id }).action;
    expect(at(10, ID)).toBe('download');
    expect(at(0, ID)).toBe('skip');
    expect(at(99, LAST)).toBe('skip');
    expect(at(100, LAST)).toBe('skip'); // electron-updater's rule: bucket < percentage
    // Over many devices the share that downloads is the percentage.
    let n = 0;
    for (let i = 0; i < 10_000; i++) {
      const id = `00000000-0000-4000-8000-0000${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
      if (at(25, id) === 'download') n++;
    }
    expect(n / 10_000).toBeGreaterThan(0.23);
    expect(n / 10_000).toBeLessThan(0.27);
  });

  it('never asks for a download electron-updater says is not available (an OS version the release does not support)', () => {
    expect(decideOffer({ current: '0.1.0', offered: '0.2.0', rolloutId: ID, available: false })).toEqual({ action: 'skip', reason: 'unsupported' });
    expect(decideOffer({ current: '0.1.0', offered: '0.2.0', rolloutId: ID, available: true })).toEqual({ action: 'download' });
    // Its own reasons come first: a downgrade is a downgrade whatever it says.
    expect(decideOffer({ current: '0.3.0', offered: '0.2.0', rolloutId: ID, available: false })).toEqual({ action: 'skip', reason: 'downgrade' });
  });

  it('checks when there is an update folder, nothing under way and the last check is old', () => {
    const base = { feedUrl: 'http://10.1.2.3/bd/', state: 'idle' as const, lastCheckAt: 0, now: 7 * 3600_000 };
    expect(shouldCheck(base)).toBe(true);
    expect(shouldCheck({ ...base, feedUrl: null })).toBe(false);
    expect(shouldCheck({ ...base, now: 3600_000 })).toBe(false);
    expect(shouldCheck({ ...base, now: 3600_000, manual: true })).toBe(true);
    expect(shouldCheck({ ...base, lastCheckAt: null, now: 0 })).toBe(true);
    for (const state of ['checking', 'downloading', 'downloaded'] as const) expect(shouldCheck({ ...base, state, manual: true })).toBe(false);
    expect(shouldCheck({ ...base, state: 'error' })).toBe(true);
    // A clock set back does not stall checks for the interval.
    expect(shouldCheck({ ...base, lastCheckAt: 10 * 3600_000, now: 5 * 3600_000 })).toBe(true);
  });

  it('installs only when downloaded and the user asked, never during an import or a sync', () => {
    const ready = { state: 'downloaded' as const, importing: false, syncing: false, userConfirmed: true };
    expect(decideInstall(ready)).toEqual({ action: 'install' });
    expect(decideInstall({ ...ready, importing: true })).toEqual({ action: 'wait', reason: 'import' });
    expect(decideInstall({ ...ready, syncing: true })).toEqual({ action: 'wait', reason: 'sync' });
    expect(decideInstall({ ...ready, userConfirmed: false })).toEqual({ action: 'none', reason: 'not_confirmed' });
    expect(decideInstall({ ...ready, state: 'downloading' })).toEqual({ action: 'none', reason: 'not_downloaded' });
  });

  it('takes an intranet folder address over http or https, as a folder', () => {
    expect(normalizeFeedUrl(' http://10.12.0.5/branch-desk ')).toBe('http://10.12.0.5/branch-desk/');
    expect(normalizeFeedUrl('https://updates.oh.gov.cn/bd/')).toBe('https://updates.oh.gov.cn/bd/');
    for (const bad of ['file:///C:/updates/', 'ftp://10.0.0.1/', 'http://user:pw@10.0.0.1/', 'http://10.0.0.1/?x=1', 'updates'])
      expect(normalizeFeedUrl(bad)).toBeNull();
  });
});
