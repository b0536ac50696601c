import { afterAll, describe, expect, it } from 'vitest';
import { checkYear, type TrainingEntry, type TrainingRules } from '../../../../shared/domain/training';
import i18n from '../../i18n';
import { evidenceText, outstandingText, reasonsText, ruleText, shortfallText, versionsText, warningText } from './words';

// The core gives rule outcomes; these words are what the user reads (zh-CN as before the
// conversion, en-US as English).
const rules: TrainingRules = {
  minHours: 90,
  minDays: 12,
  minFullTimeDays: 6,
  initialDays: 12,
  postTrainingMonths: 12,
  versions: { hours: 2, days: 1, fullTime: 1, initial: 0, post: 0 },
};
const entry = (hours: number, days: number, fullTime: boolean, attendance: TrainingEntry['attendance'] = 'attended'): TrainingEntry => ({
  course: { title: 'x', startDate: '2026-04-01', endDate: '2026-04-20', hours, days, fullTime, kind: 'specialist' },
  attendance,
});
const recruit = checkYear(
  { joinDate: '2026-08-01', promotions: [{ rank: '四级主任科员', date: '2025-06-01' }], entries: [entry(80, 10, false), entry(8, 1, true, 'excused')] },
  2026,
  rules,
  '2026-11-28',
);

afterAll(() => i18n.changeLanguage('zh-CN'));

describe('training outcomes in words', () => {
  it('reads in zh-CN as the core used to write it', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(shortfallText(recruit.shortfall)).toBe('差 10 学时（或 2 天），脱产差 6 天');
    expect(recruit.explanation.map(ruleText)).toEqual([
      '2026 年已计 80 学时、10 天（脱产 0 天）',
      '年度要求：90 学时或 12 天，且脱产不少于 6 天 → 差 10 学时（或 2 天），脱产差 6 天',
      '请假 1 次，不计学时',
      '试用期 2026-08-01 至 2027-07-31：初任培训 0 天，要求 12 天 → 尚缺 12 天，2027-07-31 前完成',
      '2025-06-01 晋升四级主任科员，任职培训期限 2026-05-31 → 已逾期未参加',
      '依据 培训学时设置 v2、天数 v1、脱产 v1、初任 v0、任职 v0',
    ]);
    expect(outstandingText(recruit)).toBe(
      '差 10 学时（或 2 天），脱产差 6 天；试用期 2026-08-01 至 2027-07-31：初任培训 0 天，要求 12 天 → 尚缺 12 天，2027-07-31 前完成；2025-06-01 晋升四级主任科员，任职培训期限 2026-05-31 → 已逾期未参加',
    );
    expect(warningText({ outcomes: [...recruit.shortfall] })).toBe('差 10 学时（或 2 天），脱产差 6 天');
    expect(
      evidenceText({
        outcomes: [{ rule: 'lastYearBehind', pass: false, params: { year: 2025, hoursShort: 90, daysShort: 12, fullTimeShort: 6 } }, recruit.postTraining[0]!],
      }),
    ).toBe(
      '培训情况（晋升参考）：2025 年度培训未达标（差 90 学时（或 12 天），脱产差 6 天）；2025-06-01 晋升四级主任科员，任职培训期限 2026-05-31 → 已逾期未参加',
    );
    expect(evidenceText({ outcomes: [{ rule: 'lastYearMet', pass: true, params: { year: 2025, hours: 96, days: 12 } }] })).toBe(
      '培训情况（晋升参考）：2025 年度培训达标（96 学时、12 天）',
    );
    expect(
      reasonsText([
        { rule: 'forStage', pass: true, params: { stage: 'adapt' } },
        { rule: 'needs', pass: true, params: { words: ['法律知识', '心理调适'] } },
      ]),
    ).toBe('面向职业适应阶段，本人处于该阶段；职业规划书的培训需求：“法律知识”、“心理调适”');
    expect(i18n.t('errors.reasons.drillKindMissing', { kinds: ['思想', '作风', '法律', '业务', '技能'] })).toBe(
      '岗位练兵须选择类别：思想、作风、法律、业务或技能',
    );
    expect(versionsText(rules.versions)).toBe('培训学时设置 v2、天数 v1、脱产 v1、初任 v0、任职 v0');
  });

  it('reads in en-US without Chinese but the data', async () => {
    await i18n.changeLanguage('en-US');
    expect(shortfallText(recruit.shortfall)).toBe('10 class hours short (or 2 days), 6 full-time days short');
    expect(ruleText(recruit.explanation[1]!)).toBe(
      'Required each year: 90 class hours or 12 days, with at least 6 full-time days → 10 class hours short (or 2 days), 6 full-time days short',
    );
    expect(ruleText(recruit.postTraining[0]!)).toBe('Promoted to 四级主任科员 on 2025-06-01, post training due by 2026-05-31 → overdue, not attended');
    expect(reasonsText([{ rule: 'forStage', pass: true, params: { stage: 'adapt' } }])).toBe('For the Adaptation stage, which this person is in');
    for (const o of recruit.explanation) expect(ruleText(o)).not.toMatch(/training\.rules/);
  });
});
