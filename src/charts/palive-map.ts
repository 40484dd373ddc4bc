// P(alive) over frequency and recency (Fader, Hardie & Lee's iso-curve picture): for a
// customer as old as the calibration period (age T), the chance it is still buying given
// its repeat purchases x and the time of its last one t_x, from the fitted BG/NBD. The
// darker, the likelier alive; a frequent buyer who has gone quiet drops fastest.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, title, VL_SCHEMA } from './common';
import { pAlive, type BgnbdParams } from '../model/value/bgnbd';

export interface PAliveLabels {
  title: string;
  description: string;
  /** "Last purchase (week since first)" */
  recency: string;
  /** "Repeat purchases" */
  frequency: string;
  pAlive: string;
}

export interface PAliveCell {
  x: number;
  tx: number;
  p: number;
}

/** The grid: x = 0 … maxX repeat purchases, t_x in `steps` equal steps over [0, T]. */
export function pAliveGrid(params: BgnbdParams, T: number, maxX: number, steps = 24): PAliveCell[] {
  const out: PAliveCell[] = [];
  for (let x = 0; x <= maxX; x++) {
    for (let k = 0; k <= steps; k++) {
      const tx = x === 0 ? 0 : (T * k) / steps;
      out.push({ x, tx: Math.round(tx * 100) / 100, p: pAlive(params, x, tx, T) });
      if (x === 0) break;
    }
  }
  return out;
}

export function pAliveMapSpec(params: BgnbdParams, span: { T: number; x: number }, labels: PAliveLabels, steps = 24): TopLevelSpec {
  const width = span.T / steps;
  const values = pAliveGrid(params, span.T, span.x, steps).map((c) => ({ ...c, tx2: c.x === 0 ? span.T : Math.min(span.T, c.tx + width) }));
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 380,
    height: Math.max(160, 14 * (span.x + 1)),
    data: { values },
    mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 0.3 },
    encoding: {
      x: { field: 'tx', type: 'quantitative', title: labels.recency, scale: { domain: [0, span.T], nice: false } },
      x2: { field: 'tx2' },
      y: { field: 'x', type: 'ordinal', title: labels.frequency, sort: 'descending' },
      color: { field: 'p', type: 'quantitative', title: labels.pAlive, scale: { scheme: 'blues', domain: [0, 1] }, legend: { format: '.0%', orient: 'right' } },
      tooltip: [
        { field: 'x', title: labels.frequency },
        { field: 'tx', title: labels.recency, format: '.1f' },
        { field: 'p', title: labels.pAlive, format: '.1%' },
      ],
    },
    config: baseConfig(),
  } as TopLevelSpec;
}
