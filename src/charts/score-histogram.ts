// Score distribution: customers per score bin, stacked by grade, with a line
// at each grade cut. The bars show where the cuts fall in the crowd: a cut in
// a dense bin means a small score change moves many customers.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, gradeColor, gradePickParam, MUTED, PICK_OPACITY, title, VL_SCHEMA } from './common';
import type { GradeCut, ScoreBin } from './sql/score-histogram';

export interface HistogramLabels {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  grade: string;
}

export function scoreHistogramSpec(
  bins: readonly ScoreBin[],
  cuts: readonly GradeCut[],
  grades: readonly string[],
  labels: HistogramLabels,
  colors?: readonly string[],
): TopLevelSpec {
  const cutData = cuts.map((c) => ({ cut: c.cut, label: `${c.upper_grade} | ${c.lower_grade} ${c.cut.toFixed(1)}` }));
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 420,
    height: 220,
    // Named datasets: while a slider moves the drawn view takes new values in place.
    datasets: { histogram_bins: [...bins], histogram_cuts: cutData },
    layer: [
      {
        name: 'bins',
        data: { name: 'histogram_bins' },
        params: [gradePickParam()],
        mark: { type: 'bar', cursor: 'pointer', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'bin_start', type: 'quantitative', bin: { binned: true, step: bins.length ? bins[0]!.bin_end - bins[0]!.bin_start : 2 }, title: labels.xTitle, scale: { domain: [0, 100] }, axis: { tickCount: 10 } },
          x2: { field: 'bin_end' },
          y: { field: 'customers', type: 'quantitative', aggregate: 'sum', stack: 'zero', title: labels.yTitle },
          color: gradeColor(grades, { title: labels.grade, orient: 'top', direction: 'horizontal' }, colors),
          order: { field: 'grade_index', type: 'quantitative', sort: 'descending' },
          opacity: PICK_OPACITY,
          tooltip: [
            { field: 'grade', title: labels.grade },
            { field: 'bin_start', title: labels.xTitle, format: '.0f' },
            { field: 'customers', title: labels.yTitle, aggregate: 'sum' },
          ],
        },
      },
      {
        data: { name: 'histogram_cuts' },
        layer: [
          { mark: { type: 'rule', color: MUTED, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x: { field: 'cut', type: 'quantitative' } } },
          {
            mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -2, dy: -3, y: 0, fontSize: 10, color: MUTED },
            encoding: { x: { field: 'cut', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
