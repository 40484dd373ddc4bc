// The bench's synthetic customers, generated in the real engine: deterministic
// from the seed, skewed like real revenue, with loss-makers, and gradable by the app's pipeline.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { syntheticMapping, syntheticSql, syntheticStatsSql, type SyntheticStats } from '../support/synthetic';

const N = 5_000;
let engine: Engine;

async function generate(seed: number, customers = N): Promise<SyntheticStats> {
  for (const sql of syntheticSql({ customers, seed })) await engine.query(sql);
  return toRows<SyntheticStats>(await engine.query(syntheticStatsSql()))[0]!;
}

beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => engine?.close());

describe('synthetic customers', () => {
  it('are the same for the same seed and differ for another', async () => {
    const a = await generate(7);
    const fingerprint = async () =>
      toRows<{ h: bigint | number }>(
        await engine.query(`SELECT sum(hash(order_id, sales, profit, quantity)) % 1000000007 AS h FROM syn_lines`),
      )[0]!.h;
    const ha = await fingerprint();
    const b = await generate(7);
    expect(b).toEqual(a);
    expect(await fingerprint()).toEqual(ha);
    const c = await generate(8);
    expect(c.totalProfit).not.toBe(a.totalProfit);
    expect(c.customers).toBe(N);
  });

  it('look like real revenue: a fifth of the customers hold most of the profit, and some lose money', async () => {
    const s = await generate(42);
    expect(s.customers).toBe(N);
    expect(s.orders).toBeGreaterThan(2 * N);
    expect(s.lines).toBeGreaterThan(s.orders);
    expect(s.top20ProfitShare).toBeGreaterThan(0.6);
    expect(s.top20ProfitShare).toBeLessThan(0.95);
    expect(s.lossMakingShare).toBeGreaterThan(0.1);
    expect(s.lossMakingShare).toBeLessThan(0.25);
    expect(s.ordersWithDaysLate).toBeGreaterThan(0.9 * s.orders);
    expect(s.ordersWithDaysLate).toBeLessThan(s.orders);
    const span = toRows<{ first: string; last: string; never: number }>(
      await engine.query(`SELECT strftime(min(order_date), '%Y-%m-%d') AS first, strftime(max(order_date), '%Y-%m-%d') AS last,
        CAST((SELECT count(*) FROM syn_customers c WHERE NOT EXISTS (SELECT 1 FROM syn_orders o WHERE o.customer_id = c.customer_id)) AS INTEGER) AS never
        FROM syn_orders`),
    )[0]!;
    expect(span.first < '2022-02-01' && span.last > '2025-11-30').toBe(true);
    expect(span.never).toBeGreaterThan(0);
  });

  it('are graded by the app with every metric of the classic preset', async () => {
    const s = await generate(42);
    const r = await runGrading(engine, syntheticMapping(), CLASSIC_CRM);
    expect(r.plan.missing).toEqual([]);
    expect(r.totals.customers).toBe(N);
    expect(r.totals.profit).toBeCloseTo(s.totalProfit, 2);
    expect(r.totals.loss_making).toBe(Math.round(s.lossMakingShare * N));
    expect(r.gradeTable.map((g) => g.customers)).toEqual([1000, 1500, 1500, 1000]);
  });
});
