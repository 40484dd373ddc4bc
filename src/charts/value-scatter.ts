// Value so far against value ahead: each customer's order amount in the last 12 months
// (x) and its predicted order amount over the horizon (y), in the grade colours, with the
// diagonal "as much as last year" (at a 12-month horizon). Above it: customers the model
// expects to grow; below: those it expects to fade, whatever their grade says.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, gradeColor, MUTED, title, VL_SCHEMA } from './common';
import type { ValuePoint } from '../model/value-report-sql';

export interface ValueScatterLabels {
  title: string;
  description: string;
  past: string;
  ahead: string;
  grade: string;
  customer: string;
  pAlive: string;
  diagonal: string;
}

export function valueScatterSpec(points: readonly ValuePoint[], grades: readonly string[], labels: ValueScatterLabels, colors?: readonly string[]): TopLevelSpec {
  const max = Math.max(1, ...points.map((p) => Math.max(p.amount_last12, p.predicted_amount)));
  const scale = { type: 'symlog' as const, constant: Math.max(1, max / 1000), domain: [0, max], nice: false };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: [{ a: 0, b: 0 }, { a: max, b: max }] },
        mark: { type: 'line', strokeDash: [4, 4], color: MUTED, strokeWidth: 1 },
        encoding: { x: { field: 'a', type: 'quantitative', scale }, y: { field: 'b', type: 'quantitative', scale } },
      },
      {
        data: { values: [{ a: max, b: max, text: labels.diagonal }] },
        mark: { type: 'text', align: 'right', dx: -4, dy: -6, fontSize: 10, color: MUTED },
        encoding: { x: { field: 'a', type: 'quantitative', scale }, y: { field: 'b', type: 'quantitative', scale }, text: { field: 'text' } },
      },
      {
        name: 'points',
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'circle', size: 22, opacity: 0.75 },
        encoding: {
          x: { field: 'amount_last12', type: 'quantitative', scale, title: labels.past, axis: { format: '~s' } },
          y: { field: 'predicted_amount', type: 'quantitative', scale, title: labels.ahead, axis: { format: '~s' } },
          color: gradeColor(grades, { title: labels.grade, orient: 'top', direction: 'horizontal' }, colors),
          order: { field: 'grade_index', type: 'quantitative', sort: 'descending' },
          tooltip: [
            { field: 'customer_name', title: labels.customer },
            { field: 'grade', title: labels.grade },
            { field: 'amount_last12', title: labels.past, format: ',.0f' },
            { field: 'predicted_amount', title: labels.ahead, format: ',.0f' },
            { field: 'p_alive', title: labels.pAlive, format: '.0%' },
          ],
        },
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
