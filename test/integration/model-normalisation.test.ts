// Each normalisation, missing-value policy and cap, in the real engine, against
// values computed independently here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM, type GradingConfig, type WeightedMetric } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
  // Customer c5 has no profit recorded at all (NULL line profit): the missing-value case.
  await engine.query(`CREATE TABLE lines AS SELECT * FROM (VALUES
    ('o1','c1', 100.0,  10.0),
    ('o2','c2', 200.0, -20.0),
    ('o3','c3', 400.0,  40.0),
    ('o4','c4', 800.0,  20.0),
    ('o5','c5',1600.0,  NULL),
    ('o6','c6',100000.0, 50.0)) v(order_id, customer, amount, profit)`);
});
afterAll(async () => engine?.close());

const mapping: SourceMapping = { lines: { table: 'lines', orderId: 'order_id', customerId: 'customer', amount: 'amount', profit: 'profit' } };
const amounts: Record<string, number> = { c1: 100, c2: 200, c3: 400, c4: 800, c5: 1600, c6: 100000 };

async function norms(metric: WeightedMetric): Promise<Record<string, { norm: number | null; score: number | null; imputed: string | null }>> {
  const config: GradingConfig = { ...CLASSIC_CRM, metrics: [metric] };
  await runGrading(engine, mapping, config);
  const col = metric.id === 'orderAmount' ? 'norm_order_amount' : 'norm_profit';
  const rows = toRows<{ customer_id: string; norm: number | null; score: number | null; imputed: string | null }>(
    await engine.query(`SELECT customer_id, ${col} AS norm, score, imputed FROM customers_graded ORDER BY customer_id`),
  );
  return Object.fromEntries(rows.map((r) => [r.customer_id, { norm: r.norm, score: r.score, imputed: r.imputed }]));
}

const close = (a: number | null | undefined, b: number) => expect(a).toBeCloseTo(b, 9);

describe('normalisations', () => {
  it('min-max puts the smallest at 0 and the largest at 100, linearly', async () => {
    const r = await norms({ id: 'orderAmount', weight: 1, normalisation: 'minmax' });
    const [lo, hi] = [100, 100000];
    for (const [id, a] of Object.entries(amounts)) close(r[id]!.norm, (100 * (a - lo)) / (hi - lo));
  });

  it('log then min-max spreads a heavy tail', async () => {
    const r = await norms({ id: 'orderAmount', weight: 1, normalisation: 'logminmax' });
    const lg = (x: number) => Math.log(1 + x);
    for (const [id, a] of Object.entries(amounts)) close(r[id]!.norm, (100 * (lg(a) - lg(100))) / (lg(100000) - lg(100)));
    // 1,600 of a 100–100,000 range: 1.5 on a linear scale, 40 after the log.
    expect(r.c5!.norm!).toBeGreaterThan(40);
  });

  it('z-score is clipped at ±3σ and mapped to 0–100', async () => {
    const r = await norms({ id: 'orderAmount', weight: 1, normalisation: 'zscore' });
    const xs = Object.values(amounts);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    for (const [id, a] of Object.entries(amounts)) {
      const z = Math.max(-3, Math.min(3, (a - mean) / sd));
      close(r[id]!.norm, (100 * (z + 3)) / 6);
    }
  });

  it('a cap at a percentile clips the top before normalising', async () => {
    const r = await norms({ id: 'orderAmount', weight: 1, normalisation: 'minmax', capPercentile: 80 });
    // quantile_cont(0.8) of [100, 200, 400, 800, 1600, 100000]: position 0.8·5 = 4 → 1600.
    close(r.c6!.norm, 100);
    close(r.c5!.norm, 100);
    close(r.c4!.norm, (100 * (800 - 100)) / 1500);
  });

  it('percentile rank is the default', async () => {
    const r = await norms({ id: 'orderAmount', weight: 1 });
    ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].forEach((id, i) => close(r[id]!.norm, (100 * i) / 5));
  });
});

describe('missing values', () => {
  it('drop: the customer is scored without the metric, and it is listed as imputed', async () => {
    await runGrading(engine, mapping, { ...CLASSIC_CRM, metrics: [{ id: 'orderAmount', weight: 30 }, { id: 'profit', weight: 60, missing: 'drop' }] });
    const [c5] = toRows<{ norm_profit: number | null; norm_order_amount: number; score: number; imputed: string }>(
      await engine.query(`SELECT norm_profit, norm_order_amount, score, imputed FROM customers_graded WHERE customer_id = 'c5'`),
    );
    expect(c5!.norm_profit).toBeNull();
    // Only order amount counts: score = its norm (rank 5 of 6 → 80).
    close(c5!.score, 80);
    expect(c5!.imputed).toBe('profit');
  });

  it('neutral scores the missing metric 50, worst scores it 0', async () => {
    for (const [policy, fill] of [
      ['neutral', 50],
      ['worst', 0],
    ] as const) {
      const r = await norms({ id: 'profit', weight: 1, missing: policy });
      close(r.c5!.norm, fill);
      expect(r.c5!.imputed).toBe('profit');
      // The others rank among the five that have profit: -20 < 10 < 20 < 40 < 50.
      close(r.c2!.norm, 0);
      close(r.c6!.norm, 100);
    }
  });
});
