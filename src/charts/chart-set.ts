// Query results + labels → the list of charts the Charts step draws, in
// reading order. Pure, so what the page shows is unit-tested without a browser.

import type { TopLevelSpec } from 'vega-lite';
import type { GradeRow } from '../model/result-rows';
import { contributionSpec, type ContributionLabels } from './contribution';
import { gradeMixSpec, type GradeMixLabels } from './grade-mix';
import { paretoSpec, type ParetoLabels } from './pareto';
import { pyramidHeight, pyramidSpec, type PyramidLabels } from './pyramid';
import type { ChartData } from './run-charts';
import { scatterSpec, type ScatterLabels } from './scatter';
import { scoreHistogramSpec, type HistogramLabels } from './score-histogram';
import { segmentMatrixSpec, type SegmentLabels } from './segments';
import { whaleSpec, type WhaleLabels } from './whale';

export interface ChartLabels {
  pyramid: PyramidLabels;
  amountPyramid: PyramidLabels;
  pareto: ParetoLabels;
  whale: WhaleLabels;
  scatter: ScatterLabels;
  histogram: HistogramLabels;
  segments: SegmentLabels;
  contribution: ContributionLabels;
  gradeMix: (column: string) => GradeMixLabels;
}

export type ChartId = 'amountPyramid' | 'pareto' | 'whale' | 'scatter' | 'histogram' | 'segments' | 'contribution' | `gradeMix:${string}`;

export interface ChartEntry {
  id: ChartId;
  title: string;
  spec: TopLevelSpec;
  /** Takes the whole row (wide charts). */
  wide: boolean;
  /** Canvas when a chart draws so many marks that an SVG DOM would be slow. */
  renderer: 'svg' | 'canvas';
  /** Height to reserve before it draws, when it differs from the common one (no gap under short charts). */
  minHeight?: number;
}

/** Above this many points the scatter draws on canvas. */
export const CANVAS_POINTS = 5000;

/** The score breakdown alone: it is redrawn on its own when a customer is clicked. */
export function contributionEntry(c: ChartData['contribution'], grades: readonly string[], labels: ChartLabels, colors?: readonly string[]): ChartEntry | null {
  if (!c?.rows.length) return null;
  return { id: 'contribution', title: labels.contribution.title, spec: contributionSpec(c.parts, c.rows, grades, labels.contribution, colors), wide: false, renderer: 'svg' };
}

/** `colors`: the rule's grade colours (gradePalette), in grade order; the default scale without. */
export function chartSet(data: ChartData, gradeTable: readonly GradeRow[], grades: readonly string[], labels: ChartLabels, colors?: readonly string[]): ChartEntry[] {
  const out: ChartEntry[] = [];
  const add = (id: ChartId, title: string, spec: TopLevelSpec, o: Partial<Pick<ChartEntry, 'wide' | 'renderer' | 'minHeight'>> = {}) =>
    out.push({ id, title, spec, wide: o.wide ?? false, renderer: o.renderer ?? 'svg', ...(o.minHeight ? { minHeight: o.minHeight } : {}) });
  const amountPyramid = pyramidSpec(gradeTable, labels.amountPyramid, { measure: 'order_amount', ...(colors ? { colors } : {}) });
  add('amountPyramid', labels.amountPyramid.title, amountPyramid, { wide: true, minHeight: pyramidHeight(grades.length) });
  if (data.pareto.points.length) add('pareto', labels.pareto.title, paretoSpec(data.pareto.points, data.pareto.stats, labels.pareto));
  if (data.whale) add('whale', labels.whale.title, whaleSpec(data.whale.points, data.whale.stats, labels.whale));
  if (data.scatter) {
    const spec = scatterSpec(data.scatter.points, data.scatter.stats, grades, labels.scatter, colors ? { colors } : {});
    add('scatter', labels.scatter.title, spec, { wide: true, renderer: data.scatter.points.length > CANVAS_POINTS ? 'canvas' : 'svg' });
  }
  add('histogram', labels.histogram.title, scoreHistogramSpec(data.histogram.bins, data.histogram.cuts, grades, labels.histogram, colors));
  const breakdown = contributionEntry(data.contribution, grades, labels, colors);
  if (breakdown) out.push(breakdown);
  if (data.segments) add('segments', labels.segments.title, segmentMatrixSpec(data.segments, labels.segments));
  for (const mix of data.gradeMix) {
    const l = labels.gradeMix(mix.column);
    add(`gradeMix:${mix.column}`, l.title, gradeMixSpec(mix.rows, grades, l, colors));
  }
  return out;
}
