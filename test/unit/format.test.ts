import { describe, expect, it } from 'vitest';
import { formatInteger, formatMoney, formatPercent, formatScore } from '../../src/ui/format';
import { defaultLang } from '../../src/ui/i18n';

describe('locale formatting', () => {
  it('formats numbers for zh and en, with a dash for missing values', () => {
    expect(formatMoney('zh', 2297200.8603)).toBe('2,297,200.86');
    expect(formatMoney('en', -1234.5)).toBe('-1,234.50');
    expect(formatPercent('en', 0.2005)).toBe('20.1%');
    expect(formatInteger('zh', 793)).toBe('793');
    expect(formatScore('en', 66.66666)).toBe('66.7');
    expect(formatMoney('en', null)).toBe('–');
    expect(formatPercent('zh', NaN)).toBe('–');
  });
  it('picks the page language from the browser, defaulting to Chinese', () => {
    expect(defaultLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(defaultLang(['zh-TW'])).toBe('zh');
    expect(defaultLang(['fr-FR'])).toBe('zh');
    expect(defaultLang([])).toBe('zh');
  });
});
