// One customer's score taken apart: a stacked bar of each metric's points,
// above the same breakdown averaged over each grade, so an account manager
// sees which metric lifts or holds back the customer against its peers.

import type { TopLevelSpec } from 'vega-lite';
import type { MetricId } from '../model/metrics';
import { baseConfig, GRADE_PICK, gradePickParam, gradeRange, INK, MUTED, title, VL_SCHEMA } from './common';
import { fill } from '../lang/lang';
import type { ContributionPart, ContributionRow } from './sql/contribution';

/** Metric colours: earthy hues kept apart from the blue grade scale. */
export const METRIC_COLORS = ['#c0792b', '#1f6f5c', '#8e6c9e', '#b5543c', '#6b8e3a', '#4b7f99', '#a08a3c', '#7a6a5a'];

export interface ContributionLabels {
  title: string;
  description: string;
  xTitle: string;
  metric: string;
  points: string;
  /** "Grade {grade} average" */
  gradeAverage: string;
  /** "{name} (grade {grade}, score {score})" */
  customer: string;
  metricNames: Partial<Record<MetricId, string>>;
}

export interface ContributionDatum {
  row: string;
  row_order: number;
  kind: 'customer' | 'grade';
  grade: string;
  metric: string;
  metric_order: number;
  points: number;
  score: number | null;
}

export function contributionData(parts: readonly ContributionPart[], rows: readonly ContributionRow[], labels: ContributionLabels): ContributionDatum[] {
  const out: ContributionDatum[] = [];
  rows.forEach((r, i) => {
    const row =
      r.kind === 'customer'
        ? fill(labels.customer, { name: r.label, grade: r.grade, score: r.score == null ? '–' : r.score.toFixed(1) })
        : fill(labels.gradeAverage, { grade: r.grade });
    parts.forEach((p, j) => {
      out.push({
        row,
        row_order: i,
        kind: r.kind,
        grade: r.grade,
        metric: labels.metricNames[p.metric] ?? p.metric,
        metric_order: j,
        points: r[`part_${j}`] ?? 0,
        score: r.score,
      });
    });
  });
  return out;
}

export function contributionSpec(
  parts: readonly ContributionPart[],
  rows: readonly ContributionRow[],
  grades: readonly string[],
  labels: ContributionLabels,
  gradeColors?: readonly string[],
): TopLevelSpec {
  const data = contributionData(parts, rows, labels);
  const order = [...new Set(data.map((d) => d.row))];
  const metrics = parts.map((p) => labels.metricNames[p.metric] ?? p.metric);
  const totals = rows.map((r, i) => ({ row: order[i], score: r.score, grade: r.grade, kind: r.kind }));
  const colors = gradeRange(grades, gradeColors);
  const y = { field: 'row', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 170, labelPadding: 12, ticks: false, domain: false, labelFontWeight: 500 as const } };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 230,
    height: { step: 30 },
    layer: [
      {
        name: 'parts',
        data: { values: data },
        params: [gradePickParam()],
        mark: { type: 'bar', cursor: 'pointer', height: { band: 0.7 }, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          y,
          x: { field: 'points', type: 'quantitative', stack: 'zero', title: labels.xTitle, scale: { domain: [0, 100] } },
          color: { field: 'metric', type: 'nominal', sort: metrics, scale: { domain: metrics, range: METRIC_COLORS.slice(0, metrics.length) }, title: labels.metric, legend: { orient: 'bottom', direction: 'horizontal' } },
          order: { field: 'metric_order', type: 'quantitative' },
          opacity: { condition: { param: GRADE_PICK, empty: true, value: 1 }, value: 0.35 },
          tooltip: [
            { field: 'row', title: ' ' },
            { field: 'metric', title: labels.metric },
            { field: 'points', title: labels.points, format: '.1f' },
          ],
        },
      },
      {
        // Score at the end of each bar; a grade-coloured tick on the left ties the row to its grade.
        data: { values: totals },
        layer: [
          { mark: { type: 'text', align: 'left', dx: 5, fontSize: 11, color: INK }, encoding: { y, x: { field: 'score', type: 'quantitative' }, text: { field: 'score', format: '.1f' } } },
          {
            mark: { type: 'tick', orient: 'vertical', thickness: 4, bandSize: 18, xOffset: -5 },
            encoding: { y, x: { datum: 0 }, color: { field: 'grade', type: 'nominal', scale: { domain: [...grades], range: colors }, legend: null } },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'independent' } },
    config: { ...baseConfig(), axisY: { labelColor: MUTED } },
  } as TopLevelSpec;
}
