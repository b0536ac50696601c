import { describe, expect, it } from 'vitest';
import { checkAreaCode } from './area-code';
import { maskIdNumber } from './mask';
import { passwordProblem } from './password';
import { ladderProblem, settingDefs, settingProblem } from './settings';

describe('area code', () => {
  it.each([
    ['330304', null],
    ['110101', null],
    ['33030', 'format'],
    ['33O304', 'format'],
    ['990304', 'province'],
    ['330300', 'county'],
  ])('%s → %s', (code, problem) => expect(checkAreaCode(code)).toBe(problem));
});

describe('password strength', () => {
  it.each([
    ['short1!A', 'length'],
    ['alllowercaseletters', 'classes'],
    ['Zhangsan#2026', 'username'],
    ['Qz#2026-Ouhai', null],
  ])('%s → %s', (pw, problem) => expect(passwordProblem(pw, 'zhangsan')).toBe(problem));
});

describe('masking', () => {
  it('keeps only the first and last four characters', () => {
    expect(maskIdNumber('33030419800101123X')).toBe('3303**********123X');
    expect(maskIdNumber(null)).toBeNull();
  });
});

describe('settings', () => {
  it('every default passes its own validation', () => {
    for (const [key, def] of Object.entries(settingDefs)) expect(settingProblem(key as keyof typeof settingDefs, def.value), key).toBeNull();
  });
  it('refuses a ladder with a cycle or negative years', () => {
    expect(
      ladderProblem([
        { to: 'B', from: ['A'], years: 2 },
        { to: 'A', from: ['B'], years: 2 },
      ]),
    ).toMatchObject({ reason: 'ladderCycle' });
    expect(settingProblem('rank.ladder', [{ to: 'B', from: ['A'], years: -1 }])).toMatchObject({ reason: 'ladder' });
    // A number out of range names the range, so the screen can say what is allowed.
    expect(settingProblem('session.idleMinutes', 0)).toEqual({ reason: 'range', min: 5, max: 480 });
    expect(settingProblem('session.idleMinutes', 7.5)).toEqual({ reason: 'integer', min: 5, max: 480 });
    expect(settingProblem('session.idleMinutes', '30')).toEqual({ reason: 'type', min: 5, max: 480 });
  });
});
