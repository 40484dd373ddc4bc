import { describe, expect, it } from 'vitest';
import { CUSTOMER_PICK, GRADE_PICK } from '../../src/charts/common';
import { gradeColors, LOSS_COLOR } from '../../src/charts/grade-colors';
import { marginDomain, powersOfTen, scatterSpec, useLogAmount } from '../../src/charts/scatter';
import type { ScatterPoint, ScatterStats } from '../../src/charts/sql/scatter';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render, units } from './charts-render';

const en = chartLabels('en').scatter;
const grades = ['A', 'B', 'C', 'D'];
const pt = (id: string, grade: string, order_amount: number, margin: number, false_big = false): ScatterPoint => ({
  customer_id: id,
  customer_name: `Name ${id}`,
  grade,
  grade_index: grades.indexOf(grade),
  order_amount,
  margin,
  profit: order_amount * margin,
  false_big,
  outlier: false,
});
const points = [pt('a', 'A', 20000, 0.3), pt('b', 'B', 9000, 0.02, true), pt('c', 'C', 500, 0.1), pt('d', 'D', 10, -0.5), pt('z', 'D', 0, 0)];
const stats: ScatterStats = { n: 5, amount_cut: 8000, margin_cut: 0.12, min_amount: 0, min_positive_amount: 10, max_amount: 20000, margin_lo: -0.5, margin_hi: 0.3 };

describe('order amount × margin scatter spec', () => {
  it('uses a log scale when amounts span two orders of magnitude, with a grid line per power of ten', () => {
    expect(useLogAmount(stats)).toBe(true);
    expect(useLogAmount({ ...stats, min_positive_amount: 500, max_amount: 20000 })).toBe(false);
    expect(powersOfTen(10, 20000)).toEqual([10, 100, 1000, 10000, 100000]);
    const x = units(scatterSpec(points, stats, grades, en)).find((u) => u.name === 'points')!.encoding.x;
    expect(x.scale.type).toBe('log');
    expect(x.title).toBe('Order amount (log scale)');
  });

  it('leaves customers without order amount off the log scale and says how many', () => {
    const spec = scatterSpec(points, stats, grades, en) as any;
    const shown = units(spec).find((u) => u.name === 'points')!.data.values;
    expect(shown.map((p: ScatterPoint) => p.customer_id)).toEqual(['a', 'b', 'c', 'd']);
    expect(spec.title.subtitle).toContain('1 customers without order amount are left off the log scale');
  });

  it('shades and labels the false-big-customer quadrant: big amount, margin below the overall margin', () => {
    const spec = scatterSpec(points, stats, grades, en) as any;
    const quadrant = spec.layer[0];
    const [lo] = marginDomain(stats);
    expect(quadrant.data.values[0]).toMatchObject({ x: 8000, y: lo, y2: 0.12, title: 'False big customers', rule: 'top 20% by order amount, margin below the overall 12.0%' });
    expect(quadrant.layer[0].mark).toMatchObject({ type: 'rect', color: LOSS_COLOR });
    expect(quadrant.layer[0].encoding.x2).toEqual({ value: 'width' });
    expect(quadrant.layer.slice(1).map((l: any) => l.mark.type)).toEqual(['text', 'text']);
  });

  it('colours by the shared grade scale, rings flagged customers and exposes grade and customer picks', () => {
    const spec = scatterSpec(points, stats, grades, en) as any;
    const p = units(spec).find((u) => u.name === 'points')!;
    expect(p.encoding.color.scale).toEqual({ domain: grades, range: gradeColors(4) });
    expect(p.encoding.stroke.condition).toEqual({ test: 'datum.false_big', value: LOSS_COLOR });
    expect(p.params.map((x: any) => x.name)).toEqual([GRADE_PICK, CUSTOMER_PICK]);
    expect(p.params[0]).toMatchObject({ select: { fields: ['grade'] }, bind: 'legend' });
    expect(p.encoding.tooltip.map((t: any) => t.field)).toContain('customer_name');
    // Extremes sit on the edge rather than stretching the axis.
    expect(p.encoding.y.scale.clamp).toBe(true);
  });

  it('says when the points are a sample', () => {
    const spec = scatterSpec(points, { ...stats, n: 1_000_000 }, grades, en) as any;
    expect(spec.title.subtitle[0]).toBe(`4 of ${(1_000_000).toLocaleString()} customers shown: a sample that keeps every outlier and flagged customer`);
  });

  it('compiles and renders without a warning, and draws a linear axis for narrow ranges', async () => {
    const r = await render(scatterSpec(points, stats, grades, chartLabels('zh').scatter));
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('假大客户');
    const narrow = { ...stats, min_amount: 100, min_positive_amount: 100, max_amount: 5000 };
    const spec = scatterSpec(points.slice(0, 3), narrow, grades, en);
    expect(units(spec).find((u) => u.name === 'points')!.encoding.x.scale.type).toBeUndefined();
    expect((await render(spec)).warnings).toEqual([]);
  });

  it('labels the amount axis in 万 and 亿 in Chinese and in SI units in English', async () => {
    const big = [pt('a', 'A', 2e8, 0.3), pt('b', 'B', 3e6, 0.02, true), pt('c', 'C', 5e4, 0.1), pt('d', 'D', 100, -0.5)];
    const wide = { ...stats, min_amount: 100, min_positive_amount: 100, max_amount: 2e8 };
    const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    const zh = ticks((await render(scatterSpec(big, wide, grades, chartLabels('zh').scatter))).svg);
    expect(zh).toEqual(expect.arrayContaining(['100', '1万', '100万', '1亿']));
    expect(zh.some((t) => /\d[kMG]$/.test(t))).toBe(false);
    const enTicks = ticks((await render(scatterSpec(big, wide, grades, en))).svg);
    expect(enTicks).toEqual(expect.arrayContaining(['100', '10k', '1M', '100M']));
  });
});
