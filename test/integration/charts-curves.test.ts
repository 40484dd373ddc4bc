// The curve statistics in the real engine: Pareto 80/20 point, Gini and the
// whale peak, against plain-TS computations and hand-made tables with known answers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { buildParetoCurveSql, buildParetoStatsSql, type ParetoPoint, type ParetoStats } from '../../src/charts/sql/pareto';
import { buildWhaleCurveSql, buildWhaleStatsSql, type WhalePoint, type WhaleStats } from '../../src/charts/sql/whale';
import { buildDropRankedSql, buildRankedTableSql } from '../../src/charts/sql/cumulative';
import { openSampleEngine } from '../support/sample';

/** customers_graded with just the columns the curves read. */
async function gradedTable(engine: Engine, values: { profit: number | null; amount: number }[]): Promise<void> {
  const rows = values.map((v, i) => `('c${String(i).padStart(6, '0')}', ${v.amount}, ${v.profit === null ? 'NULL' : v.profit})`).join(', ');
  await engine.query(`CREATE OR REPLACE TABLE customers_graded AS SELECT * FROM (VALUES ${rows}) AS t(customer_id, order_amount, profit)`);
}

// ——— independent computations, from the definitions ———
function sortedDesc(values: { id: string; v: number }[]): number[] {
  return [...values].sort((a, b) => b.v - a.v || (a.id < b.id ? -1 : 1)).map((x) => x.v);
}
function pareto80(vs: number[]): { rank: number; share: number } | null {
  const total = vs.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return null;
  let cum = 0;
  for (let i = 0; i < vs.length; i++) {
    cum += vs[i]!;
    if (cum >= 0.8 * total) return { rank: i + 1, share: cum / total };
  }
  return null;
}
/** Gini from the Lorenz curve: 1 − Σ (X_k − X_{k−1})(Y_k + Y_{k−1}), customers ascending. */
function gini(vs: number[]): number {
  const asc = [...vs].sort((a, b) => a - b);
  const n = asc.length;
  const total = asc.reduce((s, v) => s + v, 0);
  let prevY = 0;
  let area = 0;
  let cum = 0;
  for (const v of asc) {
    cum += v;
    const y = cum / total;
    area += (1 / n) * (y + prevY);
    prevY = y;
  }
  return 1 - area;
}
function whale(vs: number[]): { peakRank: number; peak: number; total: number } {
  let cum = 0;
  let best = -Infinity;
  let rank = 0;
  vs.forEach((v, i) => {
    cum += v;
    if (cum > best) {
      best = cum;
      rank = i + 1;
    }
  });
  return { peakRank: rank, peak: best, total: cum };
}

describe('curve statistics on hand-made tables', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(async () => engine?.close());

  const stats = async () => toRows<ParetoStats>(await engine.query(buildParetoStatsSql({ measures: ['order_amount', 'profit'] })));

  it('equal customers: Gini 0, and 80% of customers bring 80%', async () => {
    await gradedTable(engine, Array.from({ length: 10 }, () => ({ amount: 5, profit: 1 })));
    const [amount] = await stats();
    expect(amount!.gini).toBeCloseTo(0, 12);
    expect(amount!.rank_80).toBe(8);
    expect(amount!.share_customers_80).toBeCloseTo(0.8, 12);
    expect(amount!.share_value_80).toBeCloseTo(0.8, 12);
  });

  it('one customer has everything: Gini (n−1)/n, and 1/n of customers bring 100%', async () => {
    await gradedTable(engine, Array.from({ length: 8 }, (_, i) => ({ amount: i === 3 ? 1000 : 0, profit: 0 })));
    const [amount, profit] = await stats();
    expect(amount!.gini).toBeCloseTo(7 / 8, 12);
    expect(amount!.rank_80).toBe(1);
    expect(amount!.share_value_80).toBe(1);
    // Zero total profit: no shares, no Gini, no 80/20 point.
    expect([profit!.total, profit!.rank_80, profit!.gini]).toEqual([0, null, null]);
  });

  it('the whale peak of a hand-made table: profits 10, 5, 2, −3, −4 peak at 3 customers, 170%', async () => {
    await gradedTable(engine, [10, -4, 2, 5, -3].map((p) => ({ amount: 100, profit: p })));
    const [s] = toRows<WhaleStats>(await engine.query(buildWhaleStatsSql()));
    expect(s).toMatchObject({ n: 5, total: 10, peak_rank: 3, peak_share_customers: 0.6, peak_profit: 17, loss_customers: 2, loss_share_customers: 0.4, loss_profit: -7 });
    expect(s!.peak_share_profit).toBeCloseTo(1.7, 12);
    expect(s!.destroyed_share).toBeCloseTo(0.7, 12);
    const curve = toRows<WhalePoint>(await engine.query(buildWhaleCurveSql()));
    expect(curve.map((p) => [p.r, p.share_profit])).toEqual([
      [1, 1],
      [2, 1.5],
      [3, 1.7],
      [4, 1.4],
      [5, 1],
    ]);
    expect(curve.filter((p) => p.is_peak).map((p) => p.r)).toEqual([3]);
  });

  it('a peak is the first customer at the highest running total; no profitable customer, no peak', async () => {
    await gradedTable(engine, [4, 0, 0, -1].map((p) => ({ amount: 1, profit: p })));
    const [a] = toRows<WhaleStats>(await engine.query(buildWhaleStatsSql()));
    expect(a!.peak_rank).toBe(1);
    await gradedTable(engine, [-4, -1].map((p) => ({ amount: 1, profit: p })));
    const [b] = toRows<WhaleStats>(await engine.query(buildWhaleStatsSql()));
    expect([b!.peak_rank, b!.peak_share_profit, b!.destroyed_share, b!.loss_customers]).toEqual([null, null, null, 2]);
    expect(toRows<WhalePoint>(await engine.query(buildWhaleCurveSql())).some((p) => p.is_peak)).toBe(false);
  });

  it('thins 20,000 customers to about 500 points and keeps the exact 80/20 point and the peak', async () => {
    // Deterministic pseudo-random profits with a loss-making tail.
    const values = Array.from({ length: 20_000 }, (_, i) => ({ amount: ((i * 7919) % 1000) + 1, profit: ((i * 104729) % 997) - 300 }));
    await gradedTable(engine, values);
    const points = toRows<ParetoPoint>(await engine.query(buildParetoCurveSql({ measures: ['order_amount', 'profit'], maxPoints: 500 })));
    for (const m of ['order_amount', 'profit'] as const) {
      const mine = points.filter((p) => p.measure === m);
      expect(mine.length).toBeGreaterThanOrEqual(500);
      expect(mine.length).toBeLessThanOrEqual(503);
      expect(mine[0]!.r).toBe(1);
      expect(mine.at(-1)!.r).toBe(20_000);
      const vs = sortedDesc(values.map((v, i) => ({ id: `c${String(i).padStart(6, '0')}`, v: m === 'profit' ? v.profit : v.amount })));
      const expected = pareto80(vs)!;
      const p80 = mine.filter((p) => p.is_80);
      expect(p80.map((p) => p.r)).toEqual([expected.rank]);
      expect(p80[0]!.share_value).toBeCloseTo(expected.share, 9);
    }
    const whalePoints = toRows<WhalePoint>(await engine.query(buildWhaleCurveSql({ maxPoints: 500 })));
    const w = whale(sortedDesc(values.map((v, i) => ({ id: `c${String(i).padStart(6, '0')}`, v: v.profit }))));
    expect(whalePoints.filter((p) => p.is_peak).map((p) => p.r)).toEqual([w.peakRank]);
    expect(whalePoints.length).toBeLessThanOrEqual(502);
  });
});

describe('curve statistics on the graded sample, against an independent computation', () => {
  let engine: Engine;
  let raw: { customer_id: string; order_amount: number; profit: number }[];
  beforeAll(async () => {
    engine = await openSampleEngine();
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    raw = toRows(await engine.query('SELECT customer_id, order_amount, profit FROM customers_graded'));
  });
  afterAll(async () => engine?.close());

  it('finds the 80/20 point and the Gini coefficient of order amount and profit', async () => {
    const stats = toRows<ParetoStats>(await engine.query(buildParetoStatsSql({ measures: ['order_amount', 'profit'] })));
    for (const s of stats) {
      const vs = sortedDesc(raw.map((r) => ({ id: r.customer_id, v: s.measure === 'profit' ? r.profit : r.order_amount })));
      const e = pareto80(vs)!;
      expect(s.n).toBe(793);
      expect(s.rank_80).toBe(e.rank);
      expect(s.share_customers_80).toBeCloseTo(e.rank / 793, 12);
      expect(s.share_value_80).toBeCloseTo(e.share, 9);
      expect(s.gini).toBeCloseTo(gini(vs), 9);
    }
    const amount = stats.find((s) => s.measure === 'order_amount')!;
    // Order amount is concentrated but positive everywhere: 0 < Gini < 1.
    expect(amount.gini).toBeGreaterThan(0.3);
    expect(amount.gini).toBeLessThan(0.6);
  });

  it('finds the whale peak and the loss-making tail', async () => {
    const [s] = toRows<WhaleStats>(await engine.query(buildWhaleStatsSql()));
    const w = whale(sortedDesc(raw.map((r) => ({ id: r.customer_id, v: r.profit }))));
    expect(s!.peak_rank).toBe(w.peakRank);
    expect(s!.peak_share_profit).toBeCloseTo(w.peak / w.total, 9);
    expect(s!.destroyed_share).toBeCloseTo(w.peak / w.total - 1, 9);
    expect(s!.total).toBeCloseTo(286_397.02, 2);
    expect(s!.loss_customers).toBe(155);
    expect(s!.loss_profit).toBeCloseTo(raw.filter((r) => r.profit < 0).reduce((a, r) => a + r.profit, 0), 6);
  });

  it('gives the same curves from the shared ranking tables as from the self-contained queries', async () => {
    const inline = [
      await engine.query(buildParetoCurveSql({ measures: ['order_amount', 'profit'] })),
      await engine.query(buildParetoStatsSql({ measures: ['order_amount', 'profit'] })),
      await engine.query(buildWhaleCurveSql()),
      await engine.query(buildWhaleStatsSql()),
    ].map((t) => toRows(t));
    for (const m of ['order_amount', 'profit'] as const) await engine.query(buildRankedTableSql(m));
    const table = [
      await engine.query(buildParetoCurveSql({ measures: ['order_amount', 'profit'], ranked: 'table' })),
      await engine.query(buildParetoStatsSql({ measures: ['order_amount', 'profit'], ranked: 'table' })),
      await engine.query(buildWhaleCurveSql({ ranked: 'table' })),
      await engine.query(buildWhaleStatsSql({ ranked: 'table' })),
    ].map((t) => toRows(t));
    for (const m of ['order_amount', 'profit'] as const) await engine.query(buildDropRankedSql(m));
    expect(table).toEqual(inline);
  });
});
