// The P(alive) map at the published CDNOW parameters (Fader, Hardie & Lee 2005): the
// model's own closed-form facts, which any grid of it must show.

import { describe, expect, it } from 'vitest';
import { pAliveGrid, pAliveMapSpec } from '../../src/charts/palive-map';

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const T = 272 / 7;

describe('the P(alive) map', () => {
  const grid = pAliveGrid(CDNOW, T, 6, 12);
  const at = (x: number, tx: number) => grid.find((c) => c.x === x && Math.abs(c.tx - tx) < 0.01)!.p;

  it('is 1 without repeat purchases, and 1 / (1 + a/(b+x−1)) for a last purchase at T', () => {
    expect(grid.filter((c) => c.x === 0)).toEqual([{ x: 0, tx: 0, p: 1 }]);
    for (let x = 1; x <= 6; x++) expect(at(x, Math.round(T * 100) / 100)).toBeCloseTo(1 / (1 + CDNOW.a / (CDNOW.b + x - 1)), 3);
    expect(at(1, Math.round(T * 100) / 100)).toBeCloseTo(0.7537, 4);
  });

  it('rises with recency, and falls faster for frequent buyers gone quiet', () => {
    for (let x = 1; x <= 6; x++) {
      const row = grid.filter((c) => c.x === x).map((c) => c.p);
      for (let i = 1; i < row.length; i++) expect(row[i]!).toBeGreaterThan(row[i - 1]!);
    }
    // Last seen a quarter of the way in: six purchases make it less likely alive than one.
    const early = Math.round(((T * 3) / 12) * 100) / 100;
    expect(at(6, early)).toBeLessThan(at(1, early));
  });

  it('draws one cell per grid point, the whole age for x = 0', () => {
    const spec = pAliveMapSpec(CDNOW, { T, x: 6 }, { title: 't', description: 'd', recency: 'r', frequency: 'f', pAlive: 'p' }, 12) as unknown as { data: { values: { x: number; tx: number; tx2: number }[] } };
    expect(spec.data.values).toHaveLength(1 + 6 * 13);
    expect(spec.data.values[0]).toMatchObject({ x: 0, tx: 0, tx2: T });
  });
});
