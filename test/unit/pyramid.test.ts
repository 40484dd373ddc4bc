import { describe, expect, it } from 'vitest';
import { pyramidData, pyramidSpec } from '../../src/charts/pyramid';
import { gradeColors, gradeInk } from '../../src/charts/grade-colors';

const labels = { title: 'T', description: 'D', customers: 'Customers', profit: 'Profit', loss: 'loss' };
const rows = [
  { grade: 'A', grade_index: 0, share_customers: 0.2, share_profit: 0.8 },
  { grade: 'B', grade_index: 1, share_customers: 0.3, share_profit: 0.34 },
  { grade: 'C', grade_index: 2, share_customers: 0.3, share_profit: -0.05 },
  { grade: 'D', grade_index: 3, share_customers: 0.2, share_profit: -0.09 },
];

describe('pyramid chart spec', () => {
  it('centres each bar on zero with its share as width, per panel', () => {
    const d = pyramidData(rows, labels);
    expect(d).toHaveLength(8);
    const a = d.find((x) => x.panel === 'Profit' && x.grade === 'A')!;
    expect([a.x0, a.x1, a.label, a.loss]).toEqual([-0.4, 0.4, '80.0%', false]);
  });
  it('keeps the width of a loss-making grade and marks it as a loss', () => {
    const d = pyramidData(rows, labels).find((x) => x.panel === 'Profit' && x.grade === 'D')!;
    expect(d.x1).toBeCloseTo(0.045);
    expect(d.loss).toBe(true);
    expect(d.label).toBe('-9.0% loss');
  });
  it('puts grades top to bottom in grade order with the shared grade colours', () => {
    const spec = pyramidSpec([...rows].reverse(), labels) as any;
    const bar = spec.hconcat[0].layer[0];
    expect(spec.hconcat[0].encoding.y.sort).toEqual(['A', 'B', 'C', 'D']);
    expect(bar.encoding.color.scale.range).toEqual(gradeColors(4));
    expect(spec.description).toBe('D');
  });
  it('has one colour per grade, and legible ink on each', () => {
    for (let n = 2; n <= 6; n++) expect(new Set(gradeColors(n)).size).toBe(n);
    expect(gradeInk(gradeColors(4)[0]!)).toBe('#ffffff');
    expect(gradeInk(gradeColors(4)[3]!)).toBe('#1c2833');
  });
});
