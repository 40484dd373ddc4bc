import { describe, expect, it } from 'vitest';
import { formatInteger, formatMoney, formatPercent, formatScore } from '../../src/ui/format';
import { defaultLang } from '../../src/lang/lang';

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

describe('page messages', () => {
  it('explain a tab out of memory in both languages, with the way out, and keep the engine’s words', async () => {
    const { pageMessage, PageError } = await import('../../src/app/errors');
    const oom = pageMessage(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)\nDatabase is launched in in-memory mode'));
    expect(oom.en).toMatch(/larger than this browser tab can hold.*--engine native.*could not allocate block/);
    expect(oom.zh).toMatch(/超出了这个浏览器标签页能用的内存.*--engine native/);
    expect(oom.en).not.toContain('in-memory mode');
    expect(pageMessage(new PageError({ zh: '甲', en: 'A' }))).toEqual({ zh: '甲', en: 'A' });
    expect(pageMessage(new Error('Binder Error: x'), { zh: '不行', en: 'No' })).toEqual({ zh: '不行：Binder Error: x', en: 'No: Binder Error: x' });
  });
});
