// Order amount × margin, one point per customer, coloured by grade. The
// "false big customer" quadrant (big order amount, margin below the overall
// margin: volume without quality) is shaded and labelled; customers the
// grading flagged as false big are ringed. Order amount goes on a log scale
// when it spans two orders of magnitude or more.

import type { TopLevelSpec } from 'vega-lite';
import { LOSS_COLOR } from './grade-colors';
import { amountAxis, baseConfig, CUSTOMER_PICK, finite, GRADE_PICK, gradeColor, INK, MUTED, pct, RULE, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import type { ScatterPoint, ScatterStats } from './sql/scatter';

export interface ScatterLabels {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  grade: string;
  customer: string;
  customerId: string;
  profit: string;
  /** "False big customers" */
  quadrant: string;
  /** "top {big} by order amount, margin below the overall {margin}" */
  quadrantRule: string;
  /** "ringed: flagged as false big by the grading" */
  flagged: string;
  /** "{shown} of {n} customers shown: a sample, with every outlier and flagged customer kept" */
  sampled: string;
  /** "{count} customers without orders are left off the log scale" */
  droppedZero: string;
  logScale: string;
  /** BCP 47 locale of the page: picks 万/亿 or SI units on the amount axis. */
  locale: string;
}

export interface ScatterOptions {
  /** Share of customers counted as big (must match the stats query). */
  bigShare?: number;
  /** The rule's grade colours (gradePalette), in grade order. */
  colors?: readonly string[];
}

/** A log scale helps when the positive order amounts span at least 100×. */
export function useLogAmount(stats: ScatterStats): boolean {
  return finite(stats.min_positive_amount) && finite(stats.max_amount) && stats.min_positive_amount > 0 && stats.max_amount / stats.min_positive_amount >= 100;
}

/** The y domain: the bulk of the margins (extremes clamp to the edge), always including 0 and the margin cut. */
export function marginDomain(stats: ScatterStats): [number, number] {
  const lo = Math.min(0, stats.margin_lo ?? 0, stats.margin_cut ?? 0);
  const hi = Math.max(0, stats.margin_hi ?? 0, stats.margin_cut ?? 0);
  const pad = (hi - lo) * 0.05 || 0.05;
  return [lo - pad, hi + pad];
}

/** 1, 10, 100 … spanning [lo, hi]. */
export function powersOfTen(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

export function scatterSpec(points: readonly ScatterPoint[], stats: ScatterStats, grades: readonly string[], labels: ScatterLabels, o: ScatterOptions = {}): TopLevelSpec {
  const log = useLogAmount(stats);
  const shown = log ? points.filter((p) => p.order_amount > 0) : [...points];
  const dropped = points.length - shown.length;
  const [ylo, yhi] = marginDomain(stats);
  const xmin = log ? stats.min_positive_amount! : Math.min(0, stats.min_amount ?? 0);
  const xmax = stats.max_amount ?? 1;
  const x = {
    field: 'order_amount',
    type: 'quantitative' as const,
    title: log ? `${labels.xTitle} (${labels.logScale})` : labels.xTitle,
    scale: log ? { type: 'log' as const, domain: [xmin, xmax], nice: true } : { domain: [xmin, xmax], nice: true },
    // Log grids get a line at every 2…9 ×10ⁿ: keep only the powers of ten.
    axis: log ? { ...amountAxis(labels.locale), values: powersOfTen(xmin, xmax) } : { ...amountAxis(labels.locale), tickCount: 6 },
  };
  const y = { field: 'margin', type: 'quantitative' as const, title: labels.yTitle, scale: { domain: [ylo, yhi], clamp: true, nice: false }, axis: { format: '.0%' } };
  const hasQuadrant = finite(stats.amount_cut) && finite(stats.margin_cut) && stats.margin_cut > ylo && (!log || stats.amount_cut > 0);
  const subtitle: string[] = [];
  if (shown.length < stats.n) subtitle.push(fill(labels.sampled, { shown: shown.length.toLocaleString(), n: stats.n.toLocaleString() }));
  if (dropped > 0) subtitle.push(fill(labels.droppedZero, { count: dropped.toLocaleString() }));
  const anyFlag = shown.some((p) => p.false_big);

  const layers: object[] = [];
  if (hasQuadrant) {
    const rule = fill(labels.quadrantRule, { big: pct(o.bigShare ?? 0.2), margin: pct(stats.margin_cut!, 1) });
    layers.push({
      data: { values: [{ x: stats.amount_cut, y: ylo, y2: stats.margin_cut, title: labels.quadrant, rule }] },
      layer: [
        {
          mark: { type: 'rect', color: LOSS_COLOR, opacity: 0.08 },
          // To the right edge of the plot: every amount above the cut is "big".
          encoding: { x: { field: 'x', type: 'quantitative' }, x2: { value: 'width' }, y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } },
        },
        {
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, dy: -18, fontSize: 12, fontWeight: 600, color: LOSS_COLOR },
          encoding: { x: { value: 'width' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'title' } },
        },
        {
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, dy: -5, fontSize: 10, color: LOSS_COLOR },
          encoding: { x: { value: 'width' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'rule' } },
        },
      ],
    });
    layers.push({
      data: { values: [{ x: stats.amount_cut, y: stats.margin_cut }] },
      layer: [
        { mark: { type: 'rule', stroke: RULE, strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
        { mark: { type: 'rule', stroke: RULE, strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ],
    });
  }
  layers.push({
    data: { values: [{ y: 0 }] },
    mark: { type: 'rule', stroke: MUTED, strokeWidth: 0.75 },
    encoding: { y: { field: 'y', type: 'quantitative' } },
  });
  layers.push({
    name: 'points',
    data: { values: shown },
    params: [
      // Clicking the legend picks a grade; clicking a point picks the customer.
      { name: GRADE_PICK, select: { type: 'point', fields: ['grade'], toggle: false }, bind: 'legend' },
      { name: CUSTOMER_PICK, select: { type: 'point', fields: ['customer_id'], toggle: false } },
    ],
    mark: { type: 'circle', size: 30, cursor: 'pointer' },
    encoding: {
      x,
      y,
      color: gradeColor(grades, { title: labels.grade, orient: 'right', symbolType: 'circle', symbolOpacity: 1 }, o.colors),
      opacity: { condition: { param: GRADE_PICK, empty: true, value: 0.78 }, value: 0.12 },
      stroke: { condition: { test: 'datum.false_big', value: LOSS_COLOR }, value: null },
      strokeWidth: { condition: { test: 'datum.false_big', value: 1.5 }, value: 0 },
      tooltip: [
        { field: 'customer_name', title: labels.customer },
        { field: 'customer_id', title: labels.customerId },
        { field: 'grade', title: labels.grade },
        { field: 'order_amount', title: labels.xTitle, format: ',.0f' },
        { field: 'margin', title: labels.yTitle, format: '.1%' },
        { field: 'profit', title: labels.profit, format: ',.0f' },
      ],
    },
  });
  if (anyFlag) {
    layers.push({
      data: { values: [{ t: `◯ ${labels.flagged}` }] },
      mark: { type: 'text', align: 'left', baseline: 'top', x: 4, y: 4, fontSize: 10, color: LOSS_COLOR },
      encoding: { text: { field: 't' } },
    });
  }
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title, subtitle),
    width: 860,
    height: 340,
    layer: layers,
    config: { ...baseConfig(), legend: { ...baseConfig().legend, labelColor: INK } },
  } as TopLevelSpec;
}
