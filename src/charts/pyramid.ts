// The signature view: the customer-count pyramid beside the inverted profit
// pyramid (or order-amount pyramid). Bars are centred so the shapes read as
// pyramids; a loss-making grade (negative profit share) keeps its width but is
// drawn hollow in the loss colour. Clicking a bar picks its grade (grade_pick).

import type { TopLevelSpec } from 'vega-lite';
import { LOSS_COLOR } from './grade-colors';
import { gradePickParam, gradeRange, PICK_OPACITY } from './common';
import { FONT_STACK } from './theme';

/** Pixels per grade row. */
const PYRAMID_STEP = 40;
/** The drawn height of a pyramid pair with n grades (title and panel titles included), to reserve before it renders. */
export const pyramidHeight = (n: number) => PYRAMID_STEP * n + 40;

export interface PyramidInput {
  grade: string;
  grade_index: number;
  share_customers: number | null;
  share_profit: number | null;
  /** Needed only for the order-amount pyramid. */
  share_amount?: number | null;
}

export interface PyramidLabels {
  title: string;
  description: string;
  customers: string;
  profit: string;
  loss: string;
  /** Panel title of the order-amount pyramid. */
  amount?: string;
}

/** Which value the right-hand panel shows beside the customer count. */
export type PyramidMeasure = 'profit' | 'order_amount';

export interface PyramidOptions {
  measure?: PyramidMeasure;
  /** The rule's grade colours (gradePalette), in grade order. */
  colors?: readonly string[];
}

function rightPanel(labels: PyramidLabels, measure: PyramidMeasure): [string, 'share_profit' | 'share_amount'] {
  return measure === 'order_amount' ? [labels.amount ?? 'Order amount', 'share_amount'] : [labels.profit, 'share_profit'];
}

interface Datum {
  panel: string;
  grade: string;
  grade_index: number;
  share: number;
  x0: number;
  x1: number;
  label: string;
  loss: boolean;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function pyramidData(rows: readonly PyramidInput[], labels: PyramidLabels, options: PyramidOptions = {}): Datum[] {
  const out: Datum[] = [];
  for (const [panel, key] of [[labels.customers, 'share_customers'], rightPanel(labels, options.measure ?? 'profit')] as const) {
    for (const r of rows) {
      const share = r[key] ?? 0;
      const w = Math.abs(share);
      const loss = share < 0;
      out.push({
        panel,
        grade: r.grade,
        grade_index: r.grade_index,
        share,
        x0: -w / 2,
        x1: w / 2,
        label: loss ? `${pct(share)} ${labels.loss}` : pct(share),
        loss,
      });
    }
  }
  return out;
}

export function pyramidSpec(rows: readonly PyramidInput[], labels: PyramidLabels, options: PyramidOptions = {}): TopLevelSpec {
  const grades = [...rows].sort((a, b) => a.grade_index - b.grade_index).map((r) => r.grade);
  const data = pyramidData(rows, labels, options);
  const [right] = rightPanel(labels, options.measure ?? 'profit');
  // Rounded up to 5 points, so most slider moves keep the scale and the drawn view updates in place.
  const widest = Math.ceil(Math.max(0.01, ...data.map((d) => Math.abs(d.share))) * 20) / 20;
  // Room on the right of the widest bar for its label.
  const domain = [-widest / 2 - widest * 0.05, widest / 2 + widest * 0.55];
  const panel = (name: string, view: string) => ({
    title: { text: name, fontSize: 13, fontWeight: 600 as const },
    transform: [{ filter: { field: 'panel', equal: name } }],
    width: 260,
    height: { step: PYRAMID_STEP },
    encoding: {
      y: { field: 'grade', type: 'nominal' as const, sort: grades, title: null, axis: { labelFontSize: 13, labelFontWeight: 600 as const, ticks: false, domain: false } },
    },
    layer: [
      {
        name: view,
        mark: { type: 'bar' as const, cornerRadius: 2, height: { band: 0.78 }, cursor: 'pointer' as const },
        encoding: {
          x: { field: 'x0', type: 'quantitative' as const, scale: { domain }, axis: null },
          x2: { field: 'x1' },
          color: { field: 'grade', type: 'nominal' as const, scale: { domain: grades, range: gradeRange(grades, options.colors) }, legend: null },
          fillOpacity: { condition: { test: 'datum.loss', value: 0.12 }, value: 1 },
          opacity: PICK_OPACITY,
          stroke: { condition: { test: 'datum.loss', value: LOSS_COLOR }, value: null },
          strokeDash: { condition: { test: 'datum.loss', value: [4, 3] }, value: [] },
          tooltip: [
            { field: 'grade', title: 'Grade' },
            { field: 'label', title: name },
          ],
        },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, dx: 6, fontSize: 12 },
        encoding: {
          x: { field: 'x1', type: 'quantitative' as const, scale: { domain } },
          text: { field: 'label' },
          color: { condition: { test: 'datum.loss', value: LOSS_COLOR }, value: '#1c2833' },
        },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: labels.description,
    title: { text: labels.title, anchor: 'start', fontSize: 15 },
    data: { name: 'pyramid' },
    datasets: { pyramid: data },
    params: [gradePickParam(['pyramid_left', 'pyramid_right'])],
    hconcat: [panel(labels.customers, 'pyramid_left'), panel(right, 'pyramid_right')],
    spacing: 24,
    config: { view: { stroke: null }, font: FONT_STACK, axis: { labelColor: '#1c2833' } },
  } as TopLevelSpec;
}
