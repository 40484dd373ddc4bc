// Whale (Stobachoff) curve: cumulative profit as a share of total profit,
// customers sorted by profit. The peak says how much the profitable customers
// earn; the fall after it is what the loss-making tail destroys. The
// literature's typical shape is stated beside the measured figures.

import type { TopLevelSpec } from 'vega-lite';
import { LOSS_COLOR } from './grade-colors';
import { baseConfig, finite, MUTED, pct, RULE, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import { MEASURE_COLORS } from './pareto';
import type { WhalePoint, WhaleStats } from './sql/whale';

export interface WhaleLabels {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  /** "The top {customers} of customers earn {peak} of profit; the rest destroy {destroyed}." */
  measured: string;
  /** "Typical (Kaplan): the top ~20% of customers earn 150–300% of profit." */
  typical: string;
  peak: string;
  /** "Loss-making tail: {count} customers ({share})" */
  tail: string;
  total: string;
  /** Said when total profit is not positive, so shares of it mean nothing. */
  noShares: string;
}

/** The literature's typical whale curve: the top ~20 % earn 150–300 % of profit. */
export const TYPICAL_WHALE = { customers: 0.2, peakLow: 1.5, peakHigh: 3.0 } as const;

export interface WhaleDatum {
  share_customers: number;
  share_profit: number;
  part: 'rise' | 'tail';
}

/** Points from the origin; the peak belongs to both the rise and the tail so the line is unbroken. */
export function whaleData(points: readonly WhalePoint[], stats: WhaleStats): WhaleDatum[] {
  const peak = stats.peak_rank ?? Infinity;
  const out: WhaleDatum[] = [{ share_customers: 0, share_profit: 0, part: 'rise' }];
  for (const p of points) {
    if (!finite(p.share_profit)) continue;
    if (p.r <= peak) out.push({ share_customers: p.share_customers, share_profit: p.share_profit, part: 'rise' });
    if (p.r >= peak) out.push({ share_customers: p.share_customers, share_profit: p.share_profit, part: 'tail' });
  }
  return out;
}

export function whaleSentences(stats: WhaleStats, labels: WhaleLabels): string[] {
  const measured =
    finite(stats.peak_share_customers) && finite(stats.peak_share_profit) && finite(stats.destroyed_share)
      ? fill(labels.measured, { customers: pct(stats.peak_share_customers), peak: pct(stats.peak_share_profit), destroyed: pct(stats.destroyed_share) })
      : labels.noShares;
  return [measured, labels.typical];
}

export function whaleSpec(points: readonly WhalePoint[], stats: WhaleStats, labels: WhaleLabels): TopLevelSpec {
  const data = whaleData(points, stats);
  const hasPeak = finite(stats.peak_share_customers) && finite(stats.peak_share_profit);
  const top = Math.max(1.1, ...data.map((d) => d.share_profit)) * 1.08;
  const bottom = Math.min(0, ...data.map((d) => d.share_profit));
  const x = { field: 'share_customers', type: 'quantitative' as const, title: labels.xTitle, scale: { domain: [0, 1] }, axis: { format: '.0%', tickCount: 5 } };
  const y = { field: 'share_profit', type: 'quantitative' as const, title: labels.yTitle, scale: { domain: [bottom, top], nice: false }, axis: { format: '.0%', tickCount: 6 } };
  const tailShare = stats.loss_share_customers ?? 0;
  const layers: object[] = [
    {
      // 100 % of profit: where the curve ends.
      data: { values: [{ y: 1, t: labels.total }] },
      layer: [
        { mark: { type: 'rule', stroke: RULE, strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -3, x: 4, fontSize: 10, color: MUTED }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 't' } } },
      ],
    },
    {
      data: { values: data },
      layer: [
        {
          transform: [{ filter: "datum.part === 'rise'" }],
          mark: { type: 'area', color: MEASURE_COLORS.profit, opacity: 0.08 },
          encoding: { x, y },
        },
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x,
            y,
            detail: { field: 'part' },
            color: { field: 'part', type: 'nominal', scale: { domain: ['rise', 'tail'], range: [MEASURE_COLORS.profit, LOSS_COLOR] }, legend: null },
            tooltip: [
              { field: 'share_customers', title: labels.xTitle, format: '.1%' },
              { field: 'share_profit', title: labels.yTitle, format: '.1%' },
            ],
          },
        },
      ],
    },
  ];
  if (hasPeak && tailShare > 0) {
    layers.unshift({
      // The loss-making tail, shaded from the peak to the end.
      data: { values: [{ x: stats.peak_share_customers, x2: 1, t: fill(labels.tail, { count: stats.loss_customers, share: pct(tailShare) }) }] },
      layer: [
        { mark: { type: 'rect', color: LOSS_COLOR, opacity: 0.07 }, encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' } } },
        {
          // Along the bottom of the band, clear of the peak label at the top.
          mark: { type: 'text', align: 'right', baseline: 'bottom', y: { expr: 'height' }, dx: -4, dy: -4, fontSize: 10, color: LOSS_COLOR },
          encoding: { x: { field: 'x2', type: 'quantitative' }, text: { field: 't' } },
        },
      ],
    });
  }
  if (hasPeak) {
    layers.push({
      data: { values: [{ x: stats.peak_share_customers, y: stats.peak_share_profit, y0: bottom, t: `${labels.peak} ${pct(stats.peak_share_customers!)} → ${pct(stats.peak_share_profit!)}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [2, 3], color: MEASURE_COLORS.profit }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y0', type: 'quantitative' }, y2: { field: 'y' } } },
        { mark: { type: 'point', filled: true, size: 70, color: MEASURE_COLORS.profit, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: stats.peak_share_customers! > 0.55 ? 'right' : 'left', dx: stats.peak_share_customers! > 0.55 ? -8 : 8, dy: -10, fontSize: 11, fontWeight: 600, color: MEASURE_COLORS.profit },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 't' } },
        },
      ],
    });
  }
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title, whaleSentences(stats, labels)),
    width: 380,
    height: 260,
    layer: layers,
    config: baseConfig(),
  } as TopLevelSpec;
}
