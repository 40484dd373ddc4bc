// Grade mix per period end (the grade history): one stacked bar of customers per period,
// split by grade in the one grade colour scale, periods in time order.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, gradeColor, title, VL_SCHEMA } from './common';
import type { PeriodMixRow } from '../model/history/history-sql';

export interface HistoryMixLabels {
  title: string;
  description: string;
  period: string;
  grade: string;
  customers: string;
  profit: string;
}

export function historyMixSpec(
  rows: readonly PeriodMixRow[],
  periods: readonly { index: number; label: string }[],
  grades: readonly string[],
  labels: HistoryMixLabels,
  colors?: readonly string[],
): TopLevelSpec {
  const label = new Map(periods.map((p) => [p.index, p.label]));
  const data = rows.map((r) => ({ period: label.get(r.period_index) ?? String(r.period_index), grade: grades[r.grade_index] ?? String(r.grade_index), grade_index: r.grade_index, customers: r.customers, profit: r.profit }));
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: Math.max(260, periods.length * 34),
    height: 180,
    data: { values: data },
    mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'period', type: 'ordinal', sort: periods.map((p) => p.label), title: labels.period, axis: { labelAngle: -40, labelLimit: 120 } },
      y: { field: 'customers', type: 'quantitative', stack: 'zero', title: labels.customers },
      color: gradeColor(grades, { title: labels.grade, orient: 'top', direction: 'horizontal' }, colors),
      order: { field: 'grade_index', type: 'quantitative' },
      tooltip: [
        { field: 'period', title: labels.period },
        { field: 'grade', title: labels.grade },
        { field: 'customers', title: labels.customers, format: ',' },
        { field: 'profit', title: labels.profit, format: ',.0f' },
      ],
    },
    config: baseConfig(),
  } as TopLevelSpec;
}
