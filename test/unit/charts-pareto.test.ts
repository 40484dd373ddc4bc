import { describe, expect, it } from 'vitest';
import { paretoData, paretoSentences, paretoSpec, MEASURE_COLORS } from '../../src/charts/pareto';
import type { ParetoPoint, ParetoStats } from '../../src/charts/sql/pareto';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { markTypes, render, units } from './charts-render';

const en = chartLabels('en').pareto;
const zh = chartLabels('zh').pareto;

const points: ParetoPoint[] = [
  { measure: 'order_amount', r: 1, n: 4, share_customers: 0.25, share_value: 0.5, is_80: false },
  { measure: 'order_amount', r: 2, n: 4, share_customers: 0.5, share_value: 0.85, is_80: true },
  { measure: 'order_amount', r: 4, n: 4, share_customers: 1, share_value: 1, is_80: false },
  { measure: 'profit', r: 1, n: 4, share_customers: 0.25, share_value: 0.9, is_80: true },
  { measure: 'profit', r: 2, n: 4, share_customers: 0.5, share_value: 1.2, is_80: false },
  { measure: 'profit', r: 4, n: 4, share_customers: 1, share_value: 1, is_80: false },
];
const stats: ParetoStats[] = [
  { measure: 'order_amount', n: 4, total: 100, rank_80: 2, share_customers_80: 0.5, share_value_80: 0.85, gini: 0.31 },
  { measure: 'profit', n: 4, total: 10, rank_80: 1, share_customers_80: 0.25, share_value_80: 0.9, gini: 0.6 },
];

describe('Pareto curve spec', () => {
  it('starts each curve at the origin and names it in the page language', () => {
    const d = paretoData(points, zh);
    expect(d.filter((x) => x.share_customers === 0).map((x) => x.measure)).toEqual(['利润', '订货金额']);
    expect(d).toHaveLength(points.length + 2);
  });

  it('says "x% of customers bring 80% of profit" with the Gini coefficient', () => {
    expect(paretoSentences(stats, en)).toEqual(['50% of customers bring 85% of order amount · Gini 0.31', '25% of customers bring 90% of profit · Gini 0.60']);
    expect(paretoSentences(stats, zh)[1]).toBe('25% 的客户带来 90% 的利润 · 基尼系数 0.60');
  });

  it('marks the 80/20 point on each curve with a point, a drop line and a label', async () => {
    const spec = paretoSpec(points, stats, en) as any;
    expect(markTypes(spec)).toEqual(['line', 'text', 'line', 'rule', 'point', 'text']);
    const markers = spec.layer[3].data.values;
    expect(markers.map((m: any) => [m.x, m.y, m.label])).toEqual([
      [0.5, 0.85, '50% → 85%'],
      [0.25, 0.9, '25% → 90%'],
    ]);
    const curve = units(spec)[2]!;
    expect(curve.encoding.color.scale.range).toEqual([MEASURE_COLORS.profit, MEASURE_COLORS.order_amount]);
    // The y axis reaches above 100 % when the profit curve does.
    expect(curve.encoding.y.scale.domain).toEqual([0, 1.2]);
    expect(spec.description).toBe(en.description);
    expect(spec.title.text).toBe(en.title);
  });

  it('compiles and renders without a warning', async () => {
    const r = await render(paretoSpec(points, stats, zh));
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('25% 的客户带来 90% 的利润');
  });

  it('leaves out a measure without data, and the 80/20 point when the total is not positive', async () => {
    const onlyAmount = points.filter((p) => p.measure === 'order_amount');
    const spec = paretoSpec(onlyAmount, [stats[0]!, { ...stats[1]!, rank_80: null, share_customers_80: null, share_value_80: null, gini: null }], en) as any;
    expect(spec.layer[3].data.values).toHaveLength(1);
    expect(spec.title.subtitle).toHaveLength(1);
    expect((await render(spec)).warnings).toEqual([]);
  });
});
