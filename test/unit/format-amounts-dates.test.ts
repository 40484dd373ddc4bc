import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate } from '../../src/ui/format';

describe('amounts and dates for reading', () => {
  it('shows large amounts in 万 and 亿 in Chinese, with the currency', () => {
    expect(formatAmount('zh', 2297200.86, 'CNY')).toBe('¥229.72万');
    expect(formatAmount('zh', 123456789, 'CNY')).toBe('¥1.23亿');
    expect(formatAmount('zh', -12345.6, 'CNY')).toBe('-¥1.23万');
    expect(formatAmount('zh', 2297200.86, 'USD')).toBe('US$229.72万');
    expect(formatAmount('zh', 8532.5, 'CNY')).toBe('¥8,532.50');
    expect(formatAmount('zh', 2297200.86, null)).toBe('229.72万');
  });
  it('shows amounts in full with separators in English', () => {
    expect(formatAmount('en', 2297200.86, 'USD')).toBe('$2,297,200.86');
    expect(formatAmount('en', -4103.63, 'CNY')).toBe('-CN¥4,103.63');
    expect(formatAmount('en', 12.5, null)).toBe('12.50');
    expect(formatAmount('en', null, 'USD')).toBe('–');
  });
  it('shows calendar dates without a time-zone shift, timestamps in local time', () => {
    expect(formatDate('zh', '2015-03-07')).toBe('2015年3月7日');
    expect(formatDate('en', '2015-03-07')).toBe('Mar 7, 2015');
    expect(formatDate('en', null)).toBe('–');
    expect(formatDate('zh', 'not a date')).toBe('not a date');
    const at = new Date(2026, 10, 30, 8, 5);
    expect(formatDate('zh', at.toISOString(), true)).toBe('2026年11月30日 08:05');
    expect(formatDate('en', at.toISOString(), true)).toBe('Nov 30, 2026, 8:05 AM');
  });
});
