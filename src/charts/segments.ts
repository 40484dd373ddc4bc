// The IBM growth × loyalty matrix: loyal (loyal, not growing), fast-growing,
// sleeping (no new business) and worth cultivating, each with its customers
// and its profit. Customers in no segment are counted beside the matrix.

import type { TopLevelSpec } from 'vega-lite';
import { LOSS_COLOR } from './grade-colors';
import { baseConfig, finite, INK, MUTED, pct, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import { SEGMENTS, type Segment, type SegmentRow } from './sql/segments';

export interface SegmentLabels {
  title: string;
  description: string;
  names: Record<Segment, string>;
  growth: string;
  loyalty: string;
  low: string;
  high: string;
  /** "{count} customers ({share})" */
  customers: string;
  /** "profit {profit} ({share})" */
  profit: string;
  /** "{count} customers in no segment" */
  unsegmented: string;
  locale: string;
}

/** Where each segment sits: growth on x, loyalty on y. */
export const SEGMENT_CELLS: Record<Segment, { growth: 'low' | 'high'; loyalty: 'low' | 'high' }> = {
  loyal: { growth: 'low', loyalty: 'high' },
  fast_growing: { growth: 'high', loyalty: 'high' },
  sleeping: { growth: 'low', loyalty: 'low' },
  worth_cultivating: { growth: 'high', loyalty: 'low' },
};

export interface SegmentCell {
  segment: Segment;
  name: string;
  growth: string;
  loyalty: string;
  customers: number;
  share_customers: number;
  profit: number | null;
  share_profit: number | null;
  line1: string;
  line2: string;
  loss: boolean;
}

export function segmentCells(rows: readonly SegmentRow[], labels: SegmentLabels): SegmentCell[] {
  const money = new Intl.NumberFormat(labels.locale, { maximumFractionDigits: 0 });
  return SEGMENTS.map((s) => {
    const r = rows.find((x) => x.segment === s);
    const profit = r?.profit ?? null;
    return {
      segment: s,
      name: labels.names[s],
      growth: labels[SEGMENT_CELLS[s].growth],
      loyalty: labels[SEGMENT_CELLS[s].loyalty],
      customers: r?.customers ?? 0,
      share_customers: r?.share_customers ?? 0,
      profit,
      share_profit: r?.share_profit ?? null,
      line1: fill(labels.customers, { count: money.format(r?.customers ?? 0), share: pct(r?.share_customers ?? 0) }),
      line2: finite(profit) ? fill(labels.profit, { profit: money.format(profit), share: finite(r?.share_profit) ? pct(r.share_profit) : '–' }) : '',
      loss: finite(profit) && profit < 0,
    };
  });
}

export function segmentMatrixSpec(rows: readonly SegmentRow[], labels: SegmentLabels): TopLevelSpec {
  const cells = segmentCells(rows, labels);
  const none = rows.find((r) => r.segment === null)?.customers ?? 0;
  const x = { field: 'growth', type: 'ordinal' as const, sort: [labels.low, labels.high], title: labels.growth, axis: { labelAngle: 0, ticks: false, domain: false, labelPadding: 6 } };
  const y = { field: 'loyalty', type: 'ordinal' as const, sort: [labels.high, labels.low], title: labels.loyalty, axis: { ticks: false, domain: false, labelPadding: 6 } };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title, none > 0 ? [fill(labels.unsegmented, { count: none.toLocaleString(labels.locale) })] : []),
    width: 420,
    height: 240,
    data: { values: cells },
    encoding: { x, y },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 3, cornerRadius: 4 },
        encoding: {
          color: { field: 'share_customers', type: 'quantitative', scale: { domain: [0, Math.max(0.5, ...cells.map((c) => c.share_customers))], range: ['#f1f4f7', '#9fbdd6'] }, legend: null },
          tooltip: [
            { field: 'name', title: ' ' },
            { field: 'line1', title: ' ' },
            { field: 'line2', title: ' ' },
          ],
        },
      },
      { mark: { type: 'text', dy: -18, fontSize: 13, fontWeight: 600, color: INK }, encoding: { text: { field: 'name' } } },
      { mark: { type: 'text', dy: 2, fontSize: 11, color: INK }, encoding: { text: { field: 'line1' } } },
      {
        mark: { type: 'text', dy: 19, fontSize: 11 },
        encoding: { text: { field: 'line2' }, color: { condition: { test: 'datum.loss', value: LOSS_COLOR }, value: MUTED } },
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
