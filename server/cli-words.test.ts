import { describe, expect, it } from 'vitest';
import { cliLang, cliWords } from './cli-words';

describe('the hub command line’s language', () => {
  it('is --lang, else HUB_LANG, else the machine’s locale; Chinese unless English is asked for', () => {
    expect(cliLang('en', { HUB_LANG: 'zh' }, 'zh-CN')).toBe('en');
    expect(cliLang(undefined, { HUB_LANG: 'en-US' }, 'zh-CN')).toBe('en');
    expect(cliLang(undefined, {}, 'zh-CN')).toBe('zh');
    expect(cliLang(undefined, {}, 'en-US')).toBe('en');
    expect(cliLang('fr', {}, 'de-DE')).toBe('zh');
    expect(cliLang('zh-Hans', {}, 'en-US')).toBe('zh');
  });

  it('words every message in both languages, with its figures in each', () => {
    const zh = cliWords('zh');
    const en = cliWords('en');
    const p = { n: 7, id: 'dev-1', file: 'snap.json.gz', rows: 12, seq: 34, days: 3, code: 'ABCD-EFGH-JKLM', dir: 'hub-data', pid: 99, list: 'op x' };
    for (const w of ['stillRunning', 'unstorable', 'replaced', 'enrolCode', 'snapshotWritten', 'pendingDropped', 'revoked'] as const) {
      expect(zh(w, p)).toMatch(/[\u4e00-\u9fff]/);
      expect(en(w, p)).not.toMatch(/[\u4e00-\u9fff]/);
      for (const v of Object.values(p).map(String)) if (zh(w, p).includes(v)) expect(en(w, p)).toContain(v);
    }
    expect(zh('enrolCode', p)).toContain('ABCD-EFGH-JKLM');
    expect(en('enrolCode', p)).toContain('ABCD-EFGH-JKLM');
  });
});
