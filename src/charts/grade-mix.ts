// Grade mix by a category column (region, industry, segment): one 100 % bar
// per category, split by grade, largest categories first — the telecom
// "industry × grade" view. Counts are in the tooltip and at the bar's end.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, gradeColor, gradePickParam, MUTED, PICK_OPACITY, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import type { GradeMixRow } from './sql/grade-mix';

export interface GradeMixLabels {
  title: string;
  description: string;
  /** The category column's name, e.g. "Region". */
  category: string;
  grade: string;
  customers: string;
  share: string;
  other: string;
  blank: string;
  /** "{count} customers" */
  count: string;
  /** Display names for known values (e.g. segment codes); others show as they are. */
  values?: Record<string, string>;
}

export interface GradeMixDatum {
  category: string;
  grade: string;
  grade_index: number;
  customers: number;
  share: number;
  category_customers: number;
}

export function gradeMixData(rows: readonly GradeMixRow[], labels: GradeMixLabels): GradeMixDatum[] {
  const name = (r: GradeMixRow) => (r.other ? labels.other : r.category === null || r.category === '' ? labels.blank : (labels.values?.[r.category] ?? r.category));
  return rows.map((r) => ({
    category: name(r),
    grade: r.grade,
    grade_index: r.grade_index,
    customers: r.customers,
    share: r.category_customers > 0 ? r.customers / r.category_customers : 0,
    category_customers: r.category_customers,
  }));
}

export function gradeMixSpec(rows: readonly GradeMixRow[], grades: readonly string[], labels: GradeMixLabels, colors?: readonly string[]): TopLevelSpec {
  const data = gradeMixData(rows, labels);
  // Rows arrive largest category first, "other" last.
  const order = [...new Set(data.map((d) => d.category))];
  const totals = order.map((c) => ({ category: c, text: fill(labels.count, { count: data.find((d) => d.category === c)!.category_customers.toLocaleString() }) }));
  const y = { field: 'category', type: 'nominal' as const, sort: order, title: labels.category, axis: { ticks: false, domain: false, labelLimit: 160 } };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 300,
    height: { step: 26 },
    layer: [
      {
        name: 'mix',
        data: { values: data },
        params: [gradePickParam()],
        mark: { type: 'bar', cursor: 'pointer', height: { band: 0.72 }, stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          y,
          x: { field: 'customers', type: 'quantitative', stack: 'normalize', title: labels.share, axis: { format: '.0%', tickCount: 5 } },
          color: gradeColor(grades, { title: labels.grade, orient: 'top', direction: 'horizontal' }, colors),
          order: { field: 'grade_index', type: 'quantitative' },
          opacity: PICK_OPACITY,
          tooltip: [
            { field: 'category', title: labels.category },
            { field: 'grade', title: labels.grade },
            { field: 'customers', title: labels.customers, format: ',' },
            { field: 'share', title: labels.share, format: '.1%' },
          ],
        },
      },
      {
        data: { values: totals },
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 10, color: MUTED, x: { expr: 'width' } },
        encoding: { y, text: { field: 'text' } },
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
