// Pareto curve: how concentrated value is. Cumulative share of profit and of
// order amount against the cumulative share of customers (largest first),
// with the 80/20 point marked on each curve and the Gini coefficient stated.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, finite, MUTED, pct, RULE, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import type { CurveMeasure } from './sql/cumulative';
import type { ParetoPoint, ParetoStats } from './sql/pareto';

export interface ParetoLabels {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  measures: Record<CurveMeasure, string>;
  /** e.g. "{customers} of customers bring {value} of {measure}" */
  point80: string;
  /** e.g. "Gini {gini}" */
  gini: string;
  equality: string;
}

export const MEASURE_COLORS: Record<CurveMeasure, string> = { profit: '#1f6f5c', order_amount: '#c0792b' };

export interface ParetoDatum {
  measure: string;
  share_customers: number;
  share_value: number;
}

/** The curve per measure, starting at the origin, in the measure's label. */
export function paretoData(points: readonly ParetoPoint[], labels: ParetoLabels): ParetoDatum[] {
  const out: ParetoDatum[] = [];
  for (const m of ['profit', 'order_amount'] as const) {
    const pts = points.filter((p) => p.measure === m && finite(p.share_value));
    if (pts.length === 0) continue;
    out.push({ measure: labels.measures[m], share_customers: 0, share_value: 0 });
    for (const p of pts) out.push({ measure: labels.measures[m], share_customers: p.share_customers, share_value: p.share_value! });
  }
  return out;
}

export function paretoSentences(stats: readonly ParetoStats[], labels: ParetoLabels): string[] {
  return stats
    .filter((s) => finite(s.share_customers_80))
    .map((s) => {
      const line = fill(labels.point80, { customers: pct(s.share_customers_80!), value: pct(s.share_value_80 ?? 0.8), measure: labels.measures[s.measure] });
      return finite(s.gini) ? `${line} · ${fill(labels.gini, { gini: s.gini.toFixed(2) })}` : line;
    });
}

export function paretoSpec(points: readonly ParetoPoint[], stats: readonly ParetoStats[], labels: ParetoLabels): TopLevelSpec {
  const data = paretoData(points, labels);
  const measures = (['profit', 'order_amount'] as const).filter((m) => data.some((d) => d.measure === labels.measures[m]));
  const color = {
    field: 'measure',
    type: 'nominal' as const,
    scale: { domain: measures.map((m) => labels.measures[m]), range: measures.map((m) => MEASURE_COLORS[m]) },
    legend: { orient: 'bottom-right' as const, title: null, direction: 'vertical' as const, fillColor: '#ffffff' },
  };
  const top = Math.max(1, ...data.map((d) => d.share_value));
  const bottom = Math.min(0, ...data.map((d) => d.share_value));
  const marks = stats
    .filter((s) => finite(s.share_customers_80) && measures.includes(s.measure))
    .map((s) => ({
      measure: labels.measures[s.measure],
      x: s.share_customers_80!,
      y: s.share_value_80 ?? 0.8,
      y0: bottom,
      label: `${pct(s.share_customers_80!)} → ${pct(s.share_value_80 ?? 0.8)}`,
    }));
  const x = { field: 'share_customers', type: 'quantitative' as const, title: labels.xTitle, scale: { domain: [0, 1] }, axis: { format: '.0%', tickCount: 5 } };
  const y = { field: 'share_value', type: 'quantitative' as const, title: labels.yTitle, scale: { domain: [bottom, top], nice: false }, axis: { format: '.0%', tickCount: 5 } };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title, paretoSentences(stats, labels)),
    width: 380,
    height: 260,
    layer: [
      {
        // Perfect equality: every customer brings the same.
        data: { values: [{ a: 0, b: 0 }, { a: 1, b: 1 }] },
        mark: { type: 'line', stroke: RULE, strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, 1] } }, y: { field: 'b', type: 'quantitative' } },
      },
      {
        data: { values: [{ a: 0.62, b: 0.62, t: labels.equality }] },
        mark: { type: 'text', color: MUTED, fontSize: 10, angle: 0, align: 'left', dx: 6, dy: 8 },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, text: { field: 't' } },
      },
      {
        data: { values: data },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: {
          x,
          y,
          color,
          tooltip: [
            { field: 'measure', title: ' ' },
            { field: 'share_customers', title: labels.xTitle, format: '.1%' },
            { field: 'share_value', title: labels.yTitle, format: '.1%' },
          ],
        },
      },
      {
        data: { values: marks },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1 },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y0', type: 'quantitative' }, y2: { field: 'y' }, color },
          },
          {
            mark: { type: 'point', filled: true, size: 60, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1 },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color },
          },
          {
            mark: { type: 'text', align: 'left', dx: 7, dy: 12, fontSize: 11, fontWeight: 600 },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' }, color },
          },
        ],
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
