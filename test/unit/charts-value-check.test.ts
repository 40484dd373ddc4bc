// The holdout check's two charts and the RFM class matrix, compiled and run in Vega:
// each draws its data without a warning, actual and model in two distinguishable
// strokes (not grade colours), and the RFM cells sit where the practice's table puts them.

import { describe, expect, it } from 'vitest';
import { holdoutFrequencySpec, trackingSpec } from '../../src/charts/holdout';
import { rfmMatrixSpec, type RfmCell } from '../../src/charts/rfm-matrix';
import { RFM_CLASSES } from '../../src/model/rfm';
import { gradeColors } from '../../src/charts/grade-colors';
import { drawnMarks, render } from './charts-render';

const FREQ_LABELS = { title: 't', description: 'd', frequency: 'f', purchases: 'p', actual: 'Actual', predicted: 'Model', customers: 'c' };
const TRACK_LABELS = { title: 't', description: 'd', period: 'w', cumulative: 'c', actual: 'Actual', expected: 'Model', split: 'calibration end' };

describe('the holdout charts', () => {
  const rows = [
    { x: 0, label: '0', customers: 1411, actual: 0.24, predicted: 0.23 },
    { x: 1, label: '1', customers: 439, actual: 0.7, predicted: 0.61 },
    { x: 2, label: '2', customers: 0, actual: NaN, predicted: NaN },
    { x: 7, label: '7+', customers: 60, actual: 3.9, predicted: 3.6 },
  ];

  it('plots actual and predicted per calibration frequency, leaving out empty buckets', async () => {
    const spec = holdoutFrequencySpec(rows, FREQ_LABELS) as unknown as { data: { values: { label: string; series: string }[] }; encoding: Record<string, any> };
    expect(spec.data.values.map((v) => `${v.label}:${v.series}`)).toEqual(['0:Actual', '0:Model', '1:Actual', '1:Model', '7+:Actual', '7+:Model']);
    expect(spec.encoding.x.sort).toEqual(['0', '1', '7+']);
    const range: string[] = spec.encoding.color.scale.range;
    for (const c of range) expect(gradeColors(4)).not.toContain(c);
    const { svg, warnings, view } = await render(spec as never);
    expect(warnings).toEqual([]);
    // Two lines (actual, model) through the three non-empty buckets, and their points.
    expect(drawnMarks(view).map((d) => `${d.type}:${d.items}`)).toEqual(['line:3', 'line:3', 'symbol:6']);
    expect(svg).toContain('stroke-dasharray="5,3"');
  });

  it('draws the tracking lines to the last period with the calibration end marked', async () => {
    const points = Array.from({ length: 78 }, (_, k) => ({ period: k + 1, actual: 40 * (k + 1), expected: 39 * (k + 1) }));
    const spec = trackingSpec(points, 272 / 7, TRACK_LABELS);
    const { svg, warnings, view } = await render(spec);
    expect(warnings).toEqual([]);
    expect(svg).toContain('calibration end');
    expect(drawnMarks(view).map((d) => `${d.type}:${d.items}`)).toEqual(['rule:1', 'text:1', 'line:78', 'line:78']);
  });
});

describe('the RFM class matrix', () => {
  const cells: RfmCell[] = RFM_CLASSES.map((k, i) => ({ rfm_class: k.code, customers: 100 + i, share_customers: 0.125, profit: i === 7 ? -500 : 1000 * (8 - i), share_profit: i === 7 ? -0.01 : (8 - i) / 36 }));
  const labels = { title: 't', description: 'd', columns: ['RF↑↑', 'RF↑↓', 'RF↓↑', 'RF↓↓'] as [string, string, string, string], rows: ['M↑', 'M↓'] as [string, string], customers: 'c', shareCustomers: 's', shareProfit: 'sp', profit: 'p' };

  it('puts each class in its R·F column and M row, named in the page language', () => {
    const spec = rfmMatrixSpec(cells, 'zh', labels) as unknown as { data: { values: { code: string; column: string; row: string; name: string; line2: string; shade: number }[] } };
    const at = Object.fromEntries(spec.data.values.map((v) => [v.code, v]));
    expect([at.important_value!.column, at.important_value!.row]).toEqual(['RF↑↑', 'M↑']);
    expect([at.important_develop!.column, at.important_keep!.column, at.important_retain!.column]).toEqual(['RF↑↓', 'RF↓↑', 'RF↓↓']);
    expect([at.general_retain!.column, at.general_retain!.row]).toEqual(['RF↓↓', 'M↓']);
    expect(at.important_value!.name).toBe('重要价值客户');
    expect(at.important_value!.line2).toBe('100 · 22.2%');
    // A loss-making class shades as nothing, and says its negative share.
    expect(at.general_retain!.shade).toBe(0);
    expect(at.general_retain!.line2).toBe('107 · -1%');
  });

  it('renders eight cells with their labels, also for classes nobody is in', async () => {
    const { svg, warnings, view } = await render(rfmMatrixSpec(cells.slice(0, 3), 'en', labels));
    expect(warnings).toEqual([]);
    expect(drawnMarks(view).map((d) => `${d.type}:${d.items}`)).toEqual(['rect:8', 'text:8', 'text:8']);
    for (const k of RFM_CLASSES) expect(svg).toContain(k.label.en);
    expect(svg).toContain('0 · –');
  });
});
