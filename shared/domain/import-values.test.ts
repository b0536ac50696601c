import { describe, expect, it } from 'vitest';
import { groupDigits, headerKeys, isFooterCell, mapBusinessStatus, nameKey, parseDay, splitCodeCell } from './import-values';

describe('dates as offices write them', () => {
  it.each([
    ['2024-04-16', '2024-04-16'],
    ['2024/4/16', '2024-04-16'],
    ['2024.4.6', '2024-04-06'],
    ['2022年3月23日', '2022-03-23'],
    ['２０２２年３月２３日', '2022-03-23'],
    ['20240416', '2024-04-16'],
    ['2024-04-16 00:00:00', '2024-04-16'],
    ['2024-04-16T00:00:00.000Z', '2024-04-16'],
    ['45398', '2024-04-16'],
    ['45398.75', '2024-04-16'],
    ['', null],
  ])('%s → %s', (raw, day) => expect(parseDay(raw)).toEqual({ ok: true, day }));
  it('counts serials from 1904 when the workbook says so', () => expect(parseDay('43936', { date1904: true })).toEqual({ ok: true, day: '2024-04-16' }));
  it.each(['2024-02-30', '2024-13-01', '1991.03', '1991年3月', '三月', '0', '2024/04'])('refuses %s', (raw) => expect(parseDay(raw).ok).toBe(false));
  it.each([
    ['1991.03', '1991-03-01'],
    ['1991年3月', '1991-03-01'],
    ['2012-7', '2012-07-01'],
    ['201207', '2012-07-01'],
  ])('reads the year and month %s as %s where a field allows it', (raw, day) =>
    expect(parseDay(raw, { yearMonth: true })).toMatchObject({ ok: true, day, monthOnly: true }),
  );
  it.each(['1991.13', '199113', '2024-02-30'])('refuses %s even with year-month', (raw) => expect(parseDay(raw, { yearMonth: true }).ok).toBe(false));
});

describe('registry status wording', () => {
  it.each([
    ['存续（在营、开业、在册）', 'active', '存续（在营、开业、在册）'],
    ['在业', 'active', '在业'],
    ['在营（开业）企业', 'active', '在营（开业）企业'],
    ['存续', 'active', null],
    ['', 'active', null],
    ['吊销，未注销', 'revoked', '吊销，未注销'],
    ['吊销', 'revoked', null],
    ['吊销，已注销', 'cancelled', '吊销，已注销'],
    ['注销', 'cancelled', null],
    ['迁出', 'cancelled', '迁出'],
    ['撤销', 'cancelled', '撤销'],
    ['停业', 'suspended', null],
    ['歇业', 'suspended', '歇业'],
  ])('%s → %s (kept: %s)', (raw, status, text) => expect(mapBusinessStatus(raw)).toEqual({ status, text }));
  it('does not guess at unknown wording', () => expect(mapBusinessStatus('待定')).toBeNull());
});

describe('codes, headers and footers', () => {
  it('splits the combined code column', () => {
    expect(splitCodeCell(' 330304600012345 ')).toEqual({ kind: 'regNo', code: '330304600012345' });
    expect(splitCodeCell('９２３３０３０４ma2h8xy01x')).toEqual({ kind: 'credit', code: '92330304MA2H8XY01X' });
    expect(splitCodeCell('12345').kind).toBe('unknown');
  });
  it('compares headers without decorations', () => {
    expect(headerKeys('企业名称（必填）*')).toContain('企业名称');
    expect(headerKeys('统一社会信用代码（注册号）')).toEqual(
      expect.arrayContaining(['统一社会信用代码(注册号)', '统一社会信用代码', '统一社会信用代码注册号']),
    );
  });
  it.each([
    ['合计', true],
    ['共 241 户', true],
    ['制表人：张三', true],
    ['1', false],
    ['合作社', false],
  ])('footer %s: %s', (cell, yes) => expect(isFooterCell(cell)).toBe(yes));
  it('keys names across separators and widths', () => expect(nameKey('瓯海-南白象-０８网格')).toBe('瓯海南白象08网格'));
  it('groups digits', () => expect(groupDigits(300000)).toBe('300,000'));
});
