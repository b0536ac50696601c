import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { RpcFailure } from '../api/client';
import { contract } from '../../../shared/contract';
import { errorText, syncErrorText } from './errors';

// The core and the hub give codes and reason keys; the renderer words them in the user's language.
describe('error wording', () => {
  afterAll(() => void i18n.changeLanguage('zh-CN'));

  it('words a reason key with its parameters, in both languages', async () => {
    const taken = new RpcFailure('CONFLICT', 'usernameTaken', { reason: 'usernameTaken', username: 'wangfang' });
    await i18n.changeLanguage('zh-CN');
    expect(errorText(i18n.t, taken)).toBe('用户名“wangfang”已存在');
    await i18n.changeLanguage('en-US');
    expect(errorText(i18n.t, taken)).toBe('The username “wangfang” is taken');
  });

  it('words the contract’s checks of a form by their keys, in both languages', async () => {
    // A course with negative hours, half a day too short and no places, parsed as dispatch parses it.
    const parsed = contract['training.saveCourse'].input.safeParse({
      planId: '018f2b1c-0000-7000-8000-000000000001',
      kind: 'drill',
      title: '食品安全培训',
      startDate: '2026-12-01',
      endDate: '2026-12-01',
      hours: -1,
      days: 0.25,
      capacity: 0,
    });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
    const failure = new RpcFailure('BAD_INPUT', '输入数据不符合要求', { issues });
    await i18n.changeLanguage('zh-CN');
    const zh = errorText(i18n.t, failure);
    for (const w of ['学时不能为负数', '培训天数至少半天', '名额至少 1 人']) expect(zh).toContain(w);
    await i18n.changeLanguage('en-US');
    const en = errorText(i18n.t, failure);
    expect(en).toContain('Hours cannot be negative');
    expect(en).toContain('half a day');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the fields a contract refused, with how, in either language; a file’s refusal by its reason and detail', async () => {
    const parsed = contract['auth.setup'].input.safeParse({ bureauName: '', bureauCode: 7, username: 'admin', displayName: '管理员', password: 'x', extra: 1 });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
    const failure = new RpcFailure('BAD_INPUT', 'the input does not match the contract', { issues });
    await i18n.changeLanguage('zh-CN');
    const zh = errorText(i18n.t, failure);
    expect(zh).toContain('县局名称');
    expect(zh).toContain('县局代码');
    expect(zh).not.toContain('bureauCode');
    await i18n.changeLanguage('en-US');
    const en = errorText(i18n.t, failure);
    expect(en).toContain('bureau code');
    expect(en).not.toMatch(/[\u4e00-\u9fff（：]/);
    // A list's item by its number, a field the dictionary lacks by its name.
    const item = new RpcFailure('BAD_INPUT', 'x', { issues: [{ path: 'rows.2.zzNoSuchField', message: 'x', code: 'too_big' }] });
    expect(errorText(i18n.t, item)).toContain('zzNoSuchField of item 3');
    // A keyed check and an unkeyed one together: both said.
    const mixed = new RpcFailure('BAD_INPUT', 'x', {
      issues: [
        { path: 'hours', message: 'hoursNegative', code: 'too_small' },
        { path: 'title', message: 'Too small', code: 'too_small' },
      ],
    });
    expect(errorText(i18n.t, mixed)).toContain('Hours cannot be negative');
    expect(errorText(i18n.t, mixed)).toContain('title (too short or too small)');
    // A hub's code this build does not know is the hub's refusal, not the input's.
    const hubNew = new RpcFailure('BAD_INPUT', 'something new', { reason: 'hub.SOMETHING_NEW', hub: 'SOMETHING_NEW', status: 418 });
    expect(errorText(i18n.t, hubNew)).toContain('418');
    expect(errorText(i18n.t, hubNew)).not.toBe(i18n.t('errors.BAD_INPUT'));
    // A file over a limit: the limit named, the maximum as the core showed it.
    const limit = new RpcFailure('BAD_INPUT', 'over the import limit', { reason: 'limit', detail: 'rows', shown: '300,000', limit: 'rows', max: 300000 });
    expect(errorText(i18n.t, limit)).toContain('300,000 rows');
    await i18n.changeLanguage('zh-CN');
    expect(errorText(i18n.t, limit)).toContain('行数最多 300,000');
    expect(errorText(i18n.t, new RpcFailure('BAD_INPUT', 'file not readable', { reason: 'corrupt', detail: 'zip64' }))).toContain('ZIP64');
    // An unknown detail falls back to the reason's own wording.
    expect(errorText(i18n.t, new RpcFailure('BAD_INPUT', 'file not readable', { reason: 'corrupt', detail: 'zzz' }))).toContain('无法读取该 Excel 文件');
  });

  it('words a hub’s error answer by its code, and keeps the core’s text for a code it does not know', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(
      syncErrorText(i18n.t, { error: 'the device clock is ahead of the hub', hubError: { code: 'CLOCK_AHEAD', params: { minutes: 12, status: 409 } } }),
    ).toContain('快 12 分钟');
    expect(errorText(i18n.t, new RpcFailure('BAD_INPUT', 'enrolment code invalid, used or expired', { reason: 'hub.BAD_CODE', hub: 'BAD_CODE' }))).toBe(
      '登记码无效、已使用或已过期',
    );
    await i18n.changeLanguage('en-US');
    expect(syncErrorText(i18n.t, { error: 'x', hubError: { code: 'UNAUTHORIZED', params: { status: 401 } } })).toMatch(/revoked/);
    expect(syncErrorText(i18n.t, { error: 'something new', hubError: { code: 'SOMETHING_NEW', params: {} } })).toBe('something new');
  });

  it('words the sync worker’s own notices (read-only, clock skew, a refused write) in both languages, before the hub’s code', async () => {
    await i18n.changeLanguage('zh-CN');
    const old = {
      error: 'syncSchemaTooOld',
      notice: { key: 'syncSchemaTooOld', params: { mine: 3, min: 99 } },
      hubError: { code: 'CLIENT_TOO_OLD', params: {} },
    };
    expect(syncErrorText(i18n.t, old)).toMatch(/（3）.*（99）.*只读/);
    expect(syncErrorText(i18n.t, { error: 'syncClockSkew', notice: { key: 'syncClockSkew', params: { minutes: 15 } } })).toContain('15 分钟');
    expect(errorText(i18n.t, new RpcFailure('RULE_VIOLATION', 'integrityFailed', { reason: 'integrityFailed', readOnly: true }))).toContain('完整性');
    await i18n.changeLanguage('en-US');
    expect(syncErrorText(i18n.t, old)).toMatch(/\(3\).*\(99\).*read-only/);
    expect(errorText(i18n.t, new RpcFailure('BAD_INPUT', 'hubUrlInsecure', { reason: 'hubUrlInsecure', field: 'hubUrl' }))).toMatch(/http:\/\//);
  });

  it('is a sentence for a hostile or malformed refusal too: no crash, no raw key, no function, no option taken from the details', async () => {
    await i18n.changeLanguage('zh-CN');
    const bad = [
      new RpcFailure('BAD_INPUT', 'x', { issues: [{ message: 'm' }] }),
      new RpcFailure('BAD_INPUT', 'x', { issues: [null, 5, { path: 5 }] }),
      new RpcFailure('BAD_INPUT', 'x', { issues: 'not a list' }),
      new RpcFailure('BAD_INPUT', 'x', { reason: '__proto__' }),
      new RpcFailure('BAD_INPUT', 'x', { reason: 'constructor' }),
      new RpcFailure('BAD_INPUT', 'x', { reason: 'toString' }),
      new RpcFailure('BAD_INPUT', 'x', { reason: 'hub' }),
      new RpcFailure('BAD_INPUT', 'x', { reason: 'hub.__proto__' }),
      new RpcFailure('BAD_INPUT', 'x', { issues: [{ path: 'a', message: '__proto__', code: 'constructor' }] }),
      new RpcFailure('__proto__' as never, 'x', {}),
      new RpcFailure('reasons' as never, 'x', {}),
    ];
    for (const e of bad) {
      const text = errorText(i18n.t, e);
      expect(typeof text).toBe('string');
      expect(text).not.toMatch(/returned an object|errors\.|function/);
      expect(text.length).toBeGreaterThan(0);
    }
    // A detail named like an i18next option stays a detail: the user's language holds.
    const lng = new RpcFailure('CONFLICT', 'x', { reason: 'import_busy', lng: 'en-US', defaultValue: 'pwned' });
    expect(errorText(i18n.t, lng)).toMatch(/[\u4e00-\u9fff]/);
  });
});
