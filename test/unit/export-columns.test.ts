import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnHeader, documentedColumns, exportValue } from '../../src/export/columns';

describe('export columns', () => {
  it('gives every column a distinct header in each language', () => {
    const cols = documentedColumns();
    for (const lang of ['zh', 'en'] as const) {
      const headers = cols.map((c) => c[lang]);
      expect(new Set(headers).size, lang).toBe(headers.length);
    }
    expect(columnHeader('contrib_loyalty_index', 'en')).toBe('Points: Loyalty');
    expect(columnHeader('norm_avg_days_late', 'zh')).toBe('信用状况（0–100 分）');
    expect(columnHeader('something_new', 'zh')).toBe('something_new');
  });

  it('writes segments and imputed metrics in words', () => {
    expect(exportValue('segment', 'worth_cultivating', 'zh')).toBe('值得培养客户');
    expect(exportValue('imputed', 'growth, credit', 'en')).toBe('Growth, Credit');
    expect(exportValue('imputed', 'growth, credit', 'zh')).toBe('发展前景、信用状况');
    expect(exportValue('order_count', 3n, 'zh')).toBe(3);
  });

  it('is documented in the README, column by column', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const c of documentedColumns()) expect(readme, c.column).toContain(`| \`${c.column}\` | ${c.zh} | ${c.en} |`);
  });
});
