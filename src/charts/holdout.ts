// The holdout check's two pictures (Fader, Hardie & Lee 2005, figures 2 and 4):
// mean purchases in the held-out months by the customers' calibration purchases,
// actual against predicted; and the cohort's cumulative repeat purchases, actual
// against expected, with the calibration end marked. Actual is ink, the model is a
// dashed muted line: these are not grades, so the grade colours stay out.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, INK, MUTED, RULE, title, VL_SCHEMA } from './common';
import type { HoldoutRow, TrackingPoint } from '../model/value/clv';

export interface HoldoutLabels {
  title: string;
  description: string;
  /** "Repeat purchases in the calibration period" */
  frequency: string;
  /** "Mean purchases in the holdout" */
  purchases: string;
  actual: string;
  predicted: string;
  customers: string;
}

const SERIES_COLORS = [INK, MUTED];

const LEGEND = { title: null, orient: 'top' as const, direction: 'horizontal' as const };

/** Colour and dash by series: one legend shows both (a dashed swatch for the model). */
function seriesEncoding(actual: string, model: string) {
  const domain = [actual, model];
  return {
    color: { field: 'series', type: 'nominal' as const, sort: domain, scale: { domain, range: SERIES_COLORS }, legend: LEGEND },
    strokeDash: { field: 'series', type: 'nominal' as const, sort: domain, scale: { domain, range: [[1, 0], [5, 3]] }, legend: LEGEND },
  };
}

export function holdoutFrequencySpec(rows: readonly HoldoutRow[], labels: HoldoutLabels): TopLevelSpec {
  const shown = rows.filter((r) => r.customers > 0);
  const values = shown.flatMap((r) => [
    { label: r.label, x: r.x, series: labels.actual, value: r.actual, customers: r.customers },
    { label: r.label, x: r.x, series: labels.predicted, value: r.predicted, customers: r.customers },
  ]);
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 380,
    height: 240,
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: shown.map((r) => r.label), title: labels.frequency, axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: labels.purchases },
      ...seriesEncoding(labels.actual, labels.predicted),
      tooltip: [
        { field: 'label', title: labels.frequency },
        { field: 'series', title: ' ' },
        { field: 'value', title: labels.purchases, format: '.2f' },
        { field: 'customers', title: labels.customers, format: ',d' },
      ],
    },
    config: baseConfig(),
  } as TopLevelSpec;
}

export interface TrackingLabels {
  title: string;
  description: string;
  /** "Weeks since the first purchase" */
  period: string;
  /** "Cumulative repeat purchases" */
  cumulative: string;
  actual: string;
  expected: string;
  /** "Calibration end" */
  split: string;
}

export function trackingSpec(points: readonly TrackingPoint[], split: number, labels: TrackingLabels): TopLevelSpec {
  const values = points.flatMap((p) => [
    { period: p.period, series: labels.actual, value: p.actual },
    { period: p.period, series: labels.expected, value: p.expected },
  ]);
  const max = Math.max(1, ...points.map((p) => Math.max(p.actual, p.expected)));
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 380,
    height: 240,
    layer: [
      {
        data: { values: [{ split, top: max, text: labels.split }] },
        layer: [
          { mark: { type: 'rule', color: RULE, strokeDash: [2, 2] }, encoding: { x: { field: 'split', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'right', dx: -4, dy: 8, fontSize: 10, color: MUTED },
            encoding: { x: { field: 'split', type: 'quantitative' }, y: { field: 'top', type: 'quantitative' }, text: { field: 'text' } },
          },
        ],
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'period', type: 'quantitative', title: labels.period, scale: { domain: [0, points.at(-1)?.period ?? 1], nice: false } },
          y: { field: 'value', type: 'quantitative', title: labels.cumulative },
          ...seriesEncoding(labels.actual, labels.expected),
          tooltip: [
            { field: 'period', title: labels.period },
            { field: 'series', title: ' ' },
            { field: 'value', title: labels.cumulative, format: ',.0f' },
          ],
        },
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
