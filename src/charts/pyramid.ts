// The signature view: the customer-count pyramid beside the inverted profit
// pyramid. Bars are centred so the shapes read as pyramids; a loss-making grade
// (negative profit share) keeps its width but is drawn hollow in the loss colour.

import type { TopLevelSpec } from 'vega-lite';
import { gradeColors, LOSS_COLOR } from './grade-colors';
import { FONT_STACK } from './theme';

export interface PyramidInput {
  grade: string;
  grade_index: number;
  share_customers: number | null;
  share_profit: number | null;
}

export interface PyramidLabels {
  title: string;
  description: string;
  customers: string;
  profit: string;
  loss: string;
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

export function pyramidData(rows: readonly PyramidInput[], labels: PyramidLabels): Datum[] {
  const out: Datum[] = [];
  for (const [panel, key] of [
    [labels.customers, 'share_customers'],
    [labels.profit, 'share_profit'],
  ] as const) {
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

export function pyramidSpec(rows: readonly PyramidInput[], labels: PyramidLabels): TopLevelSpec {
  const grades = [...rows].sort((a, b) => a.grade_index - b.grade_index).map((r) => r.grade);
  const data = pyramidData(rows, labels);
  const widest = Math.max(0.01, ...data.map((d) => Math.abs(d.share)));
  // Room on the right of the widest bar for its label.
  const domain = [-widest / 2 - widest * 0.05, widest / 2 + widest * 0.55];
  const panel = (name: string) => ({
    title: { text: name, fontSize: 13, fontWeight: 600 as const },
    transform: [{ filter: { field: 'panel', equal: name } }],
    width: 260,
    height: { step: 40 },
    encoding: {
      y: { field: 'grade', type: 'nominal' as const, sort: grades, title: null, axis: { labelFontSize: 13, labelFontWeight: 600 as const, ticks: false, domain: false } },
    },
    layer: [
      {
        mark: { type: 'bar' as const, cornerRadius: 2, height: { band: 0.78 } },
        encoding: {
          x: { field: 'x0', type: 'quantitative' as const, scale: { domain }, axis: null },
          x2: { field: 'x1' },
          color: { field: 'grade', type: 'nominal' as const, scale: { domain: grades, range: gradeColors(grades.length) }, legend: null },
          fillOpacity: { condition: { test: 'datum.loss', value: 0.12 }, value: 1 },
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
    data: { values: data },
    hconcat: [panel(labels.customers), panel(labels.profit)],
    spacing: 24,
    config: { view: { stroke: null }, font: FONT_STACK, axis: { labelColor: '#1c2833' } },
  } as TopLevelSpec;
}
