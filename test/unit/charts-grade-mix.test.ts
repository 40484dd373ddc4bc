import { describe, expect, it } from 'vitest';
import { gradeColors } from '../../src/charts/grade-colors';
import { gradeMixData, gradeMixSpec } from '../../src/charts/grade-mix';
import { buildGradeMixSql, type GradeMixRow } from '../../src/charts/sql/grade-mix';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const rows: GradeMixRow[] = [
  { category: '华东', other: false, grade: 'A', grade_index: 0, customers: 3, category_customers: 4 },
  { category: '华东', other: false, grade: 'B', grade_index: 1, customers: 1, category_customers: 4 },
  { category: null, other: false, grade: 'B', grade_index: 1, customers: 2, category_customers: 2 },
  { category: null, other: true, grade: 'A', grade_index: 0, customers: 1, category_customers: 1 },
];

describe('grade mix spec', () => {
  it('names blanks and the pooled rest, and computes each grade’s share of its category', () => {
    const d = gradeMixData(rows, chartLabels('zh').gradeMix('region'));
    expect(d.map((x) => [x.category, x.grade, x.share])).toEqual([
      ['华东', 'A', 0.75],
      ['华东', 'B', 0.25],
      ['（空）', 'B', 1],
      ['其他', 'A', 1],
    ]);
  });

  it('translates IBM segment codes when split by segment', () => {
    const d = gradeMixData([{ ...rows[0]!, category: 'fast_growing' }], chartLabels('en').gradeMix('segment'));
    expect(d[0]!.category).toBe('Fast-growing');
  });

  it('draws 100% bars in the shared grade colours, largest category first, and compiles', async () => {
    const labels = chartLabels('en').gradeMix('industry');
    expect(labels.title).toBe('Grade mix by Industry');
    const spec = gradeMixSpec(rows, ['A', 'B'], labels) as any;
    const bars = spec.layer[0];
    expect(bars.encoding.x.stack).toBe('normalize');
    expect(bars.encoding.y.sort).toEqual(['华东', '(blank)', 'Other']);
    expect(bars.encoding.color.scale).toEqual({ domain: ['A', 'B'], range: gradeColors(2) });
    expect(bars.params[0].name).toBe('grade_pick');
    expect((await render(spec)).warnings).toEqual([]);
  });

  it('quotes the category column', () => {
    expect(buildGradeMixSql({ column: 'Re"gion' })).toContain('CAST("Re""gion" AS VARCHAR)');
    expect(() => buildGradeMixSql({ column: 'region', maxCategories: 0 })).toThrow(/maxCategories/);
  });
});
