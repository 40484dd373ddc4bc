import { describe, expect, it } from 'vitest';
import { GRADE_PICK } from '../../src/charts/common';
import { contributionData, contributionSpec, METRIC_COLORS } from '../../src/charts/contribution';
import { gradeColors } from '../../src/charts/grade-colors';
import { buildContributionSql, contributionParts, type ContributionRow } from '../../src/charts/sql/contribution';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const parts = [
  { metric: 'orderAmount' as const, expr: '"contrib_order_amount"' },
  { metric: 'profit' as const, expr: '"contrib_profit"' },
];
const rows: ContributionRow[] = [
  { kind: 'customer', customer_id: 'c1', label: '华北某公司', grade: 'B', grade_index: 1, score: 60, customers: 1, part_0: 20, part_1: 40 },
  { kind: 'grade', customer_id: null, label: 'A', grade: 'A', grade_index: 0, score: 85, customers: 2, part_0: 30, part_1: 55 },
  { kind: 'grade', customer_id: null, label: 'B', grade: 'B', grade_index: 1, score: 50, customers: 3, part_0: 20, part_1: 30 },
];

describe('contribution breakdown spec', () => {
  it('uses the grading step’s contrib_ columns when all are there, else derives them from norms and weights', () => {
    const used = [
      { id: 'orderAmount' as const, weight: 30 },
      { id: 'profit' as const, weight: 60 },
    ];
    expect(contributionParts(new Set(['contrib_order_amount', 'contrib_profit']), used)).toEqual(parts);
    const derived = contributionParts(new Set(['contrib_order_amount']), used);
    expect(derived[1]!.expr).toBe(
      'COALESCE(60 * "norm_profit", 0) / NULLIF(CASE WHEN "norm_order_amount" IS NULL THEN 0 ELSE 30 END + CASE WHEN "norm_profit" IS NULL THEN 0 ELSE 60 END, 0)',
    );
  });

  it('picks the customer by a quoted literal, the best-ranked by default', () => {
    expect(buildContributionSql({ parts, customerId: "O'Brien" })).toContain("WHERE customer_id = 'O''Brien'");
    expect(buildContributionSql({ parts })).toContain('WHERE grade_rank = 1');
    expect(() => buildContributionSql({ parts: [] })).toThrow(/nothing to break down/);
  });

  it('lays one stacked bar per row: the customer first, then each grade average', () => {
    const d = contributionData(parts, rows, chartLabels('zh').contribution);
    expect([...new Set(d.map((x) => x.row))]).toEqual(['华北某公司（B 级，60.0 分）', 'A 级平均', 'B 级平均']);
    expect(d.filter((x) => x.row_order === 0).map((x) => [x.metric, x.points])).toEqual([
      ['订货金额', 20],
      ['利润贡献', 40],
    ]);
  });

  it('colours metrics apart from grades, ties rows to grade colours, and compiles', async () => {
    const spec = contributionSpec(parts, rows, ['A', 'B', 'C'], chartLabels('en').contribution) as any;
    const bars = spec.layer[0];
    expect(bars.encoding.color.scale.range).toEqual(METRIC_COLORS.slice(0, 2));
    expect(METRIC_COLORS.some((c) => gradeColors(6).includes(c))).toBe(false);
    expect(bars.params[0].name).toBe(GRADE_PICK);
    expect(spec.layer[1].layer[1].encoding.color.scale.range).toEqual(gradeColors(3));
    const r = await render(spec);
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('Grade A average');
  });
});
