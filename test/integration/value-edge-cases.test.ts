// Customer value on the real engine when the data cannot carry the model, and
// the discounting and profit paths on a small hand-made order table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { toRows } from '../../src/results/rows';
import { fitCustomerValue } from '../../src/model/value/fit-value';
import { discountFactors, monthEnds, purchaseOutlook } from '../../src/model/value/clv';
import { conditionalExpectedPurchasesPath } from '../../src/model/value/bgnbd';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
  // 300 customers drawn like BG/NBD ones (seeded): first order in Jan–Mar 2024, a rate, a spend level and
  // a chance to leave after each repeat order of their own; profit is negative for every fourth customer.
  let seed = 3;
  const u = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: string[] = [];
  for (let i = 0; i < 300; i++) {
    const meanGap = 5 + 60 * u() ** 2;
    const spend = 10 + 90 * u() ** 2;
    const drop = 0.05 + 0.6 * u() ** 2;
    let day = Math.floor(90 * u());
    for (let k = 0; day < 250; k++) {
      rows.push(`('c${i}', DATE '2024-01-01' + ${day}, ${(spend * (0.5 + u())).toFixed(2)}, ${(i % 4 === 0 ? -2 : 1 + 5 * u()).toFixed(2)})`);
      if (k > 0 && u() < drop) break;
      day += 1 + Math.floor(-Math.log(1 - u()) * meanGap);
    }
  }
  // Same-day orders are one purchase; a pure return day is none.
  rows.push(`('c1', DATE '2024-01-03', 5, 1)`, `('c1', DATE '2024-03-01', -40, -4)`);
  await engine.query(`CREATE TABLE orders_v (customer_id VARCHAR, order_date DATE, amount DOUBLE, profit DOUBLE)`);
  await engine.query(`INSERT INTO orders_v VALUES ${rows.join(',')}`);
  await engine.query(`CREATE TABLE single_v AS SELECT 'c' || i AS customer_id, DATE '2024-01-01' + INTERVAL (i % 30) DAY AS order_date, 10.0 AS amount, 1.0 AS profit FROM range(200) t(i)`);
  await engine.query(`CREATE TABLE undated_v AS SELECT 'c' || i AS customer_id, 'n/a' AS order_date, 10.0 AS amount FROM range(20) t(i)`);
  await engine.query(`CREATE TABLE same_v AS SELECT 'c' || i AS customer_id, DATE '2024-01-01' + INTERVAL (d * 14) DAY AS order_date, 10.0 AS amount FROM range(50) t(i), range(3) u(d)`);
});
afterAll(async () => engine?.close());

describe('customer value on data that cannot carry it', () => {
  it('says one order per customer and writes no predictions', async () => {
    const v = await fitCustomerValue(engine, { source: { table: 'single_v' } });
    expect(v.table).toBeNull();
    expect(v.customers).toBe(200);
    expect(v.reasons.map((r) => r.id)).toEqual(['oneOrderPerCustomer']);
    expect(v.reasons[0]!.text.zh).toContain('复购');
    expect(v.reasons[0]!.text.en).toContain('repeat');
    expect(toRows(await engine.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'customer_value'`))[0]).toEqual({ n: 0 });
  });

  it('says the data has no dates', async () => {
    const v = await fitCustomerValue(engine, { source: { table: 'undated_v' }, columns: { profit: null } });
    expect(v.reasons.map((r) => r.id)).toEqual(['noDates']);
  });

  it('says so when every customer has the same history, before fitting', async () => {
    const v = await fitCustomerValue(engine, { source: { table: 'same_v' }, columns: { profit: null } });
    expect(v.bgnbd).toBeNull();
    expect(v.reasons.map((r) => r.id)).toEqual(['identicalHistories']);
  });
});

describe('customer value on a small order table', () => {
  it('counts purchase days, not orders, and leaves out return days', async () => {
    await fitCustomerValue(engine, { source: { table: 'orders_v' }, calibrationEnd: '2024-06-30', unit: 'days' });
    const c1 = toRows<{ x: number; tx_days: number; mean_amount: number }>(await engine.query(`SELECT x, tx_days, mean_amount FROM customer_history WHERE customer_id = 'c1'`))[0]!;
    const raw = toRows<{ order_date: number; amount: number }>(await engine.query(`SELECT order_date, amount FROM orders_v WHERE customer_id = 'c1' AND order_date <= DATE '2024-06-30' ORDER BY order_date`));
    const days = new Map<number, number>();
    for (const r of raw) days.set(r.order_date, (days.get(r.order_date) ?? 0) + r.amount);
    // A day's orders are netted; a day netting below zero is no purchase.
    const d = [...days.entries()].filter((e) => e[1] >= 0).sort((a, b) => a[0] - b[0]);
    // The extra order on 3 January shares a day with c1's own; the −40 return on 1 March is no purchase.
    expect(c1.x).toBe(d.length - 1);
    expect(c1.tx_days).toBe((d.at(-1)![0] - d[0]![0]) / 86_400_000);
    expect(c1.mean_amount).toBeCloseTo(d.slice(1).reduce((s, e) => s + e[1], 0) / (d.length - 1), 9);
  });

  it('discounts month by month, and values profit by margin when some mean profit is negative', async () => {
    const v = await fitCustomerValue(engine, { source: { table: 'orders_v' }, calibrationEnd: '2024-06-30', unit: 'weeks', horizonMonths: 6, monthlyDiscount: 0.02 });
    expect(v.reasons.map((r) => r.id)).toEqual(['profitByMargin']);
    expect(v.table).toBe('customer_value');
    expect(v.profitByMargin).toBe(true);
    expect(v.spendProfit).toBeNull();
    const rows = toRows<{ customer_id: string; x: number; t_x: number; T: number; exp_purchases_h: number; disc_purchases_h: number; exp_value_amount: number; exp_value_profit: number; clv_amount: number; clv_profit: number; profit_cal: number; amount_cal: number }>(
      await engine.query(`SELECT v.*, h.profit_cal, h.amount_cal FROM customer_value v JOIN customer_history h USING (customer_id) ORDER BY customer_id`),
    );
    expect(rows).toHaveLength(300);
    const ts = monthEnds('weeks', 6);
    const disc = discountFactors(6, 0.02);
    for (const r of rows) {
      const path = conditionalExpectedPurchasesPath(v.bgnbd!.params, r.x, r.t_x, r.T, ts);
      const d = Array.from(path).reduce((s, e, m) => s + (e - (m > 0 ? path[m - 1]! : 0)) * disc[m]!, 0);
      expect(r.exp_purchases_h).toBeCloseTo(path[5]!, 12);
      expect(r.disc_purchases_h).toBeCloseTo(d, 12);
      expect(r.clv_amount).toBeCloseTo(d * r.exp_value_amount, 9);
      expect(r.exp_value_profit).toBeCloseTo((r.exp_value_amount * r.profit_cal) / r.amount_cal, 9);
      expect(r.clv_profit).toBeCloseTo(d * r.exp_value_profit, 9);
    }
    // With no discount, the discounted purchases are the expected ones.
    const plain = purchaseOutlook(v.bgnbd!.params, { x: [2], tx: [3], T: [20] }, { unit: 'weeks', horizonMonths: 6, monthlyDiscount: 0 });
    expect(plain.discountedPurchases[0]).toBeCloseTo(plain.expPurchases[0]!, 14);
    expect(v.sql.some((s) => s.includes('customer_value'))).toBe(true);
  });

  it('refuses a bad horizon or discount rate with a message', () => {
    expect(() => monthEnds('weeks', 0)).toThrow(/whole number of months/);
    expect(() => monthEnds('weeks', 1.5)).toThrow(/whole number of months/);
    expect(() => discountFactors(12, -0.1)).toThrow(/discount rate/);
  });
});

describe('the history’s means of the repeat purchases', () => {
  it('leave the first purchase day out, count a day without an amount as a purchase, and average only the amounts there are', async () => {
    await engine.query(`CREATE OR REPLACE TABLE gaps_v (customer_id VARCHAR, order_date DATE, amount DOUBLE, profit DOUBLE)`);
    await engine.query(`INSERT INTO gaps_v VALUES
      ('a', DATE '2024-01-01', NULL, NULL), ('a', DATE '2024-02-01', 10, 1), ('a', DATE '2024-03-01', 20, NULL),
      ('b', DATE '2024-01-05', 5, 2), ('b', DATE '2024-02-05', NULL, NULL), ('b', DATE '2024-03-05', 7, -3),
      ('c', DATE '2024-01-09', 8, 1), ('c', DATE '2024-01-09', 4, 1), ('c', DATE '2024-04-01', NULL, NULL),
      ('d', DATE '2024-06-30', 3, 1), ('d', DATE '2024-07-02', 9, 9)`);
    const { buildHistorySql } = await import('../../src/model/value/history-sql');
    await engine.query(buildHistorySql({ source: { table: 'gaps_v' }, table: 'gaps_h', calibrationEnd: '2024-06-30', holdoutEnd: '2024-12-31', unit: 'days' }));
    const rows = toRows<{ customer_id: string; x: number; mean_amount: number | null; mean_profit: number | null; amount_cal: number | null; holdout_x: number; holdout_amount: number | null }>(
      await engine.query('SELECT customer_id, x, mean_amount, mean_profit, amount_cal, holdout_x, holdout_amount FROM gaps_h ORDER BY customer_id'),
    );
    expect(rows).toEqual([
      // First day without an amount: the repeat days' mean is theirs alone.
      { customer_id: 'a', x: 2, mean_amount: 15, mean_profit: 1, amount_cal: 30, holdout_x: 0, holdout_amount: null },
      // A repeat day without an amount is a purchase, but not in the mean.
      { customer_id: 'b', x: 2, mean_amount: 7, mean_profit: -3, amount_cal: 12, holdout_x: 0, holdout_amount: null },
      // Two orders on the first day are one purchase; the only repeat day has no amount.
      { customer_id: 'c', x: 1, mean_amount: null, mean_profit: null, amount_cal: 12, holdout_x: 0, holdout_amount: null },
      // First purchase on the calibration end, the next in the holdout.
      { customer_id: 'd', x: 0, mean_amount: null, mean_profit: null, amount_cal: 3, holdout_x: 1, holdout_amount: 9 },
    ]);
  });
});
