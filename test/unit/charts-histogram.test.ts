import { describe, expect, it } from 'vitest';
import { GRADE_PICK } from '../../src/charts/common';
import { gradeColors } from '../../src/charts/grade-colors';
import { scoreHistogramSpec } from '../../src/charts/score-histogram';
import type { GradeCut, ScoreBin } from '../../src/charts/sql/score-histogram';
import { chartLabels } from '../../src/ui/charts/chart-labels';
import { render } from './charts-render';

const grades = ['S', 'A', 'B'];
const bins: ScoreBin[] = [
  { bin_start: 10, bin_end: 12, grade: 'B', grade_index: 2, customers: 4 },
  { bin_start: 50, bin_end: 52, grade: 'A', grade_index: 1, customers: 3 },
  { bin_start: 50, bin_end: 52, grade: 'B', grade_index: 2, customers: 1 },
  { bin_start: 90, bin_end: 92, grade: 'S', grade_index: 0, customers: 2 },
];
const cuts: GradeCut[] = [
  { upper_grade: 'S', upper_index: 0, lower_grade: 'A', cut: 80.25 },
  { upper_grade: 'A', upper_index: 1, lower_grade: 'B', cut: 50.5 },
];

describe('score distribution spec', () => {
  it('stacks pre-binned counts by grade in the shared colours, with a pickable grade', () => {
    const spec = scoreHistogramSpec(bins, cuts, grades, chartLabels('en').histogram) as any;
    const bars = spec.layer[0];
    expect(bars.mark.type).toBe('bar');
    expect(bars.encoding.x).toMatchObject({ field: 'bin_start', bin: { binned: true, step: 2 }, scale: { domain: [0, 100] } });
    expect(bars.encoding.x2).toEqual({ field: 'bin_end' });
    expect(bars.encoding.color.scale).toEqual({ domain: grades, range: gradeColors(3) });
    expect(bars.params).toEqual([{ name: GRADE_PICK, select: { type: 'point', fields: ['grade'], toggle: false } }]);
  });

  it('draws a labelled dashed line at each cut', async () => {
    const spec = scoreHistogramSpec(bins, cuts, grades, chartLabels('zh').histogram) as any;
    expect(spec.layer[1].data).toEqual({ name: 'histogram_cuts' });
    expect(spec.datasets.histogram_cuts).toEqual([
      { cut: 80.25, label: 'S | A 80.3' },
      { cut: 50.5, label: 'A | B 50.5' },
    ]);
    expect(spec.layer[1].layer.map((l: any) => l.mark.type)).toEqual(['rule', 'text']);
    const r = await render(spec);
    expect(r.warnings).toEqual([]);
    expect(r.svg).toContain('S | A 80.3');
    expect(r.svg).toContain('得分分布与等级分界');
  });
});
