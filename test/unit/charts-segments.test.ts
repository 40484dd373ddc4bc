import { describe, expect, it } from 'vitest';
import { LOSS_COLOR } from '../../src/charts/grade-colors';
import { SEGMENT_CELLS, segmentCells, segmentMatrixSpec } from '../../src/charts/segments';
import type { SegmentRow } from '../../src/charts/sql/segments';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const rows: SegmentRow[] = [
  { segment: 'fast_growing', customers: 30, share_customers: 0.3, order_amount: 900, profit: 120, share_profit: 0.6 },
  { segment: 'loyal', customers: 40, share_customers: 0.4, order_amount: 800, profit: 100, share_profit: 0.5 },
  { segment: 'sleeping', customers: 20, share_customers: 0.2, order_amount: 100, profit: -20, share_profit: -0.1 },
  { segment: null, customers: 10, share_customers: 0.1, order_amount: 10, profit: 0, share_profit: 0 },
];

describe('segment matrix spec', () => {
  it('places the four IBM segments on growth × loyalty, empty ones included', () => {
    const cells = segmentCells(rows, chartLabels('en').segments);
    expect(cells.map((c) => [c.segment, c.growth, c.loyalty, c.customers])).toEqual([
      ['loyal', 'low', 'high', 40],
      ['fast_growing', 'high', 'high', 30],
      ['sleeping', 'low', 'low', 20],
      ['worth_cultivating', 'high', 'low', 0],
    ]);
    expect(SEGMENT_CELLS.worth_cultivating).toEqual({ growth: 'high', loyalty: 'low' });
  });

  it('writes counts and profit in each cell, a loss in the loss colour, the unsegmented beside', async () => {
    const labels = chartLabels('zh').segments;
    const cells = segmentCells(rows, labels);
    expect(cells[2]).toMatchObject({ name: '沉睡客户', line1: '20 位客户（20%）', line2: '利润 -20（-10%）', loss: true });
    const spec = segmentMatrixSpec(rows, labels) as any;
    expect(spec.title.subtitle).toEqual(['另有 10 位客户不属于任何细分']);
    expect(spec.layer[3].encoding.color.condition).toEqual({ test: 'datum.loss', value: LOSS_COLOR });
    expect(spec.layer.map((l: any) => l.mark.type)).toEqual(['rect', 'text', 'text', 'text']);
    const r = await render(spec);
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('快速成长客户');
  });
});
