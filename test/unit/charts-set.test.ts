import { describe, expect, it } from 'vitest';
import { chartSet } from '../../src/charts/chart-set';
import { pickedCustomer, pickedGrade } from '../../src/charts/picks';
import type { ChartData } from '../../src/charts/run-charts';
import { gradedColumns } from '../../src/charts/sql/columns';
import { MESSAGES } from '../../src/ui/i18n';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const grades = ['A', 'B'];
const gradeTable = [
  { grade: 'A', grade_index: 0, customers: 1, share_customers: 0.5, order_amount: 90, share_amount: 0.9, profit: 12, share_profit: 1.2 },
  { grade: 'B', grade_index: 1, customers: 1, share_customers: 0.5, order_amount: 10, share_amount: 0.1, profit: -2, share_profit: -0.2 },
];
const data: ChartData = {
  columns: gradedColumns([
    { column_name: 'customer_id', column_type: 'VARCHAR' },
    { column_name: 'segment', column_type: 'VARCHAR' },
    { column_name: 'flag_false_big', column_type: 'BOOLEAN' },
  ]),
  pareto: {
    points: [
      { measure: 'profit', r: 1, n: 2, share_customers: 0.5, share_value: 1.2, is_80: true },
      { measure: 'profit', r: 2, n: 2, share_customers: 1, share_value: 1, is_80: false },
    ],
    stats: [{ measure: 'profit', n: 2, total: 10, rank_80: 1, share_customers_80: 0.5, share_value_80: 1.2, gini: 0.9 }],
  },
  whale: {
    points: [
      { r: 1, n: 2, share_customers: 0.5, share_profit: 1.2, is_peak: true },
      { r: 2, n: 2, share_customers: 1, share_profit: 1, is_peak: false },
    ],
    stats: { n: 2, total: 10, peak_rank: 1, peak_share_customers: 0.5, peak_profit: 12, peak_share_profit: 1.2, destroyed_share: 0.2, loss_customers: 1, loss_share_customers: 0.5, loss_profit: -2 },
  },
  scatter: {
    points: [
      { customer_id: '1', customer_name: '甲', grade: 'A', grade_index: 0, order_amount: 90, margin: 0.13, profit: 12, false_big: false, outlier: false },
      { customer_id: '2', customer_name: '乙', grade: 'B', grade_index: 1, order_amount: 10, margin: -0.2, profit: -2, false_big: true, outlier: false },
    ],
    stats: { n: 2, amount_cut: 74, margin_cut: 0.1, min_amount: 10, min_positive_amount: 10, max_amount: 90, margin_lo: -0.2, margin_hi: 0.13 },
  },
  histogram: {
    bins: [
      { bin_start: 98, bin_end: 100, grade: 'A', grade_index: 0, customers: 1 },
      { bin_start: 0, bin_end: 2, grade: 'B', grade_index: 1, customers: 1 },
    ],
    cuts: [{ upper_grade: 'A', upper_index: 0, lower_grade: 'B', cut: 50 }],
  },
  segments: [{ segment: 'loyal', customers: 2, share_customers: 1, order_amount: 100, profit: 10, share_profit: 1 }],
  contribution: {
    parts: [{ metric: 'profit', expr: '"contrib_profit"' }],
    rows: [{ kind: 'customer', customer_id: '1', label: '甲', grade: 'A', grade_index: 0, score: 100, customers: 1, part_0: 100 }],
  },
  gradeMix: [{ column: 'segment', rows: [{ category: 'loyal', other: false, grade: 'A', grade_index: 0, customers: 1, category_customers: 2 }] }],
  timings: {},
  sql: [],
};

describe('the chart set the Charts step draws', () => {
  it('has every chart in reading order, and skips the ones without data', () => {
    expect(chartSet(data, gradeTable, grades, chartLabels('zh')).map((c) => c.id)).toEqual([
      'amountPyramid',
      'pareto',
      'whale',
      'scatter',
      'histogram',
      'contribution',
      'segments',
      'gradeMix:segment',
    ]);
    const bare = chartSet({ ...data, whale: null, scatter: null, segments: null, contribution: null, gradeMix: [] }, gradeTable, grades, chartLabels('en'));
    expect(bare.map((c) => c.id)).toEqual(['amountPyramid', 'pareto', 'histogram']);
  });

  it.each(['zh', 'en'] as const)('compiles and renders every chart in %s without a warning, each with a title and a description', async (lang) => {
    for (const c of chartSet(data, gradeTable, grades, chartLabels(lang))) {
      const spec = c.spec as { title?: { text: string }; description?: string };
      expect(spec.description?.length, c.id).toBeGreaterThan(10);
      expect(c.title.length).toBeGreaterThan(3);
      const r = await render(c.spec);
      expect(r.warnings, c.id).toEqual([]);
      expect(r.svg).not.toContain('undefined');
      expect(r.svg).not.toContain('{');
    }
  });

  it('draws a scatter of many thousand points on canvas, everything else as SVG', () => {
    const many = Array.from({ length: 6000 }, (_, i) => ({ ...data.scatter!.points[0]!, customer_id: String(i) }));
    const entries = chartSet({ ...data, scatter: { ...data.scatter!, points: many } }, gradeTable, grades, chartLabels('en'));
    expect(entries.filter((c) => c.renderer === 'canvas').map((c) => c.id)).toEqual(['scatter']);
    expect(chartSet(data, gradeTable, grades, chartLabels('en')).every((c) => c.renderer === 'svg')).toBe(true);
  });

  it('never links the spec to an online editor', () => {
    for (const c of chartSet(data, gradeTable, grades, chartLabels('en'))) expect(JSON.stringify(c.spec)).not.toMatch(/editor|https?:\/\/(?!vega\.github\.io\/schema)/);
  });

  it('has every chart message in both languages', () => {
    const keys = (l: 'zh' | 'en') => Object.keys(MESSAGES[l]).sort();
    expect(keys('zh')).toEqual(keys('en'));
  });

  it('reads picks back from the selection signals', () => {
    expect(pickedGrade({ grade: ['B'] })).toBe('B');
    expect(pickedGrade({})).toBeNull();
    expect(pickedGrade(null)).toBeNull();
    expect(pickedCustomer({ customer_id: ['C-1'] })).toBe('C-1');
  });
});

describe('grade colours a rule sets', () => {
  it('take the place of the default scale where valid, in every chart and the pyramid', async () => {
    const { gradePalette, gradeColors } = await import('../../src/charts/grade-colors');
    const palette = gradePalette([{ color: '#AA0000' }, {}, { color: 'red;}<script>' }, { color: '#00aa00' }]);
    expect(palette).toEqual(['#aa0000', gradeColors(4)[1], gradeColors(4)[2], '#00aa00']);
    const { pyramidSpec } = await import('../../src/charts/pyramid');
    const spec = JSON.stringify(pyramidSpec([{ grade: 'A', grade_index: 0, share_customers: 1, share_profit: 1, share_amount: 1 }], chartLabels('en').pyramid, { colors: ['#aa0000'] }));
    expect(spec).toContain('"range":["#aa0000"]');
  });
});
