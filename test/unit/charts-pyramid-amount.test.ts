import { describe, expect, it } from 'vitest';
import { GRADE_PICK } from '../../src/charts/common';
import { pyramidData, pyramidSpec } from '../../src/charts/pyramid';
import { render } from './charts-render';

const labels = { title: 'T', description: 'D', customers: 'Customers', profit: 'Profit', loss: 'loss', amount: 'Order amount' };
const rows = [
  { grade: 'A', grade_index: 0, share_customers: 0.2, share_profit: 0.8, share_amount: 0.5 },
  { grade: 'B', grade_index: 1, share_customers: 0.8, share_profit: 0.2, share_amount: 0.5 },
];

describe('pyramid pair, extended', () => {
  it('draws the order-amount pyramid beside the customer pyramid on request', () => {
    const d = pyramidData(rows, labels, { measure: 'order_amount' });
    expect(d.filter((x) => x.panel === 'Order amount').map((x) => [x.grade, x.share, x.label])).toEqual([
      ['A', 0.5, '50.0%'],
      ['B', 0.5, '50.0%'],
    ]);
    const spec = pyramidSpec(rows, labels, { measure: 'order_amount' }) as any;
    expect(spec.hconcat[1].title.text).toBe('Order amount');
  });

  it('keeps the profit pyramid as the default, with the two-argument call App.svelte makes', () => {
    const spec = pyramidSpec(rows, labels) as any;
    expect(spec.hconcat.map((p: any) => p.title.text)).toEqual(['Customers', 'Profit']);
  });

  it('lets a click on either panel pick a grade', async () => {
    const spec = pyramidSpec(rows, labels) as any;
    expect(spec.params).toEqual([{ name: GRADE_PICK, select: { type: 'point', fields: ['grade'], toggle: false }, views: ['pyramid_left', 'pyramid_right'] }]);
    expect(spec.hconcat.map((p: any) => p.layer[0].name)).toEqual(['pyramid_left', 'pyramid_right']);
    const r = await render(spec);
    expect(r.warnings).toEqual([]);
    expect(r.view.signal(GRADE_PICK)).toEqual({});
  });
});
