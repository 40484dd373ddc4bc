import { describe, expect, it } from 'vitest';
import { LOSS_COLOR } from '../../src/charts/grade-colors';
import type { WhalePoint, WhaleStats } from '../../src/charts/sql/whale';
import { TYPICAL_WHALE, whaleData, whaleSentences, whaleSpec } from '../../src/charts/whale';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const en = chartLabels('en').whale;
const zh = chartLabels('zh').whale;

// 5 customers: profits 10, 5, 2, −3, −4 → total 10, peak 17 at rank 3.
const points: WhalePoint[] = [
  { r: 1, n: 5, share_customers: 0.2, share_profit: 1.0, is_peak: false },
  { r: 2, n: 5, share_customers: 0.4, share_profit: 1.5, is_peak: false },
  { r: 3, n: 5, share_customers: 0.6, share_profit: 1.7, is_peak: true },
  { r: 4, n: 5, share_customers: 0.8, share_profit: 1.4, is_peak: false },
  { r: 5, n: 5, share_customers: 1, share_profit: 1, is_peak: false },
];
const stats: WhaleStats = {
  n: 5,
  total: 10,
  peak_rank: 3,
  peak_share_customers: 0.6,
  peak_profit: 17,
  peak_share_profit: 1.7,
  destroyed_share: 0.7,
  loss_customers: 2,
  loss_share_customers: 0.4,
  loss_profit: -7,
};

describe('whale curve spec', () => {
  it('splits the curve at the peak into the rise and the loss-making tail', () => {
    const d = whaleData(points, stats);
    expect(d.filter((x) => x.part === 'rise').map((x) => x.share_customers)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(d.filter((x) => x.part === 'tail').map((x) => x.share_customers)).toEqual([0.6, 0.8, 1]);
  });

  it('puts the measured figures beside the typical shape from the literature', () => {
    expect(whaleSentences(stats, en)).toEqual([
      'Measured: the top 60% of customers earn 170% of profit; the rest destroy 70%.',
      'Typical in the literature: the top ~20% of customers earn 150–300% of profit.',
    ]);
    expect(whaleSentences(stats, zh)[0]).toBe('实测：前 60% 的客户创造了 170% 的利润，其余客户消耗了 70%。');
    expect(TYPICAL_WHALE).toEqual({ customers: 0.2, peakLow: 1.5, peakHigh: 3 });
  });

  it('marks the peak and shades the tail in the loss colour', async () => {
    const spec = whaleSpec(points, stats, en) as any;
    const tail = spec.layer[0];
    expect(tail.data.values[0]).toMatchObject({ x: 0.6, x2: 1, t: 'Loss-making: 2 customers (40%)' });
    expect(tail.layer[0].mark).toMatchObject({ type: 'rect', color: LOSS_COLOR });
    const peak = spec.layer[spec.layer.length - 1];
    expect(peak.data.values[0]).toMatchObject({ x: 0.6, y: 1.7, t: 'Peak 60% → 170%' });
    expect(peak.layer.map((l: any) => l.mark.type)).toEqual(['rule', 'point', 'text']);
    const line = spec.layer[2].layer[1];
    expect(line.encoding.color.scale.range[1]).toBe(LOSS_COLOR);
    const r = await render(spec);
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('Peak 60% → 170%');
  });

  it('says so when total profit is not positive, and draws no peak without a profitable customer', async () => {
    const none: WhaleStats = { ...stats, total: -5, peak_rank: null, peak_share_customers: null, peak_profit: null, peak_share_profit: null, destroyed_share: null };
    expect(whaleSentences(none, en)[0]).toBe(en.noShares);
    const spec = whaleSpec([], none, en) as any;
    expect(spec.layer).toHaveLength(2);
    expect((await render(spec)).warnings).toEqual([]);
  });
});
