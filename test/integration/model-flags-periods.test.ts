// Flags, segments and period comparison in the real engine, checked against
// expectations computed independently here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { comparePeriods, yearOverYear } from '../../src/pipeline/compare-periods';
import { addMonths } from '../../src/model/dates';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { num, str } from '../../src/sql/quote';
import { openSampleEngine } from '../support/sample';
import { referenceGrade } from '../support/reference-grading';

describe('flags and segments', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
    // [customer, amount, profit, order date]; the as-of date is the latest order, 2025-12-31.
    const orders: [string, number, number, string][] = [];
    for (let i = 1; i <= 10; i++) orders.push([`c${i}`, i * 100, i === 10 ? -5 : i === 9 ? 1 : i * 10, '2025-12-31']);
    orders.push(['c1', 50, 5, '2024-11-10']); // c1: also ordered in the 12 months before
    orders.push(['old', 10000, 500, '2024-03-01']); // biggest spender, but silent since March 2024
    orders.push(['grow', 10, 1, '2024-06-01'], ['grow', 40, 4, '2025-11-01']); // ordered 10 then 40: growth 300 %
    const values = orders.map(([c, a, p, d], i) => `(${str(`o${i}`)}, ${str(c)}, ${num(a)}, ${num(p)}, DATE ${str(d)})`).join(', ');
    await engine.query(`CREATE TABLE f AS SELECT * FROM (VALUES ${values}) v(order_id, customer, amount, profit, order_date)`);
  });
  afterAll(async () => engine?.close());

  const mapping: SourceMapping = { lines: { table: 'f', orderId: 'order_id', customerId: 'customer', amount: 'amount', profit: 'profit', orderDate: 'order_date' } };

  async function flags() {
    const rows = toRows<{ customer_id: string; flag_loss: boolean; flag_false_big: boolean; flag_sleeping: boolean; segment: string; recency_days: number; yoy_growth: number | null }>(
      await engine.query('SELECT customer_id, flag_loss, flag_false_big, flag_sleeping, segment, recency_days, yoy_growth FROM customers_graded'),
    );
    return Object.fromEntries(rows.map((r) => [r.customer_id, r]));
  }

  it('marks loss-making, false big and sleeping customers', async () => {
    await runGrading(engine, mapping, CLASSIC_CRM);
    const f = await flags();
    const n = Object.keys(f).length; // 12 customers
    expect(n).toBe(12);
    expect(Object.entries(f).filter(([, r]) => r.flag_loss).map(([id]) => id)).toEqual(['c10']);
    // Top 20 % by amount (cume_dist ≤ 0.2): old (10,000), c10 (1,000) → 2 of 12 = 0.167; c9 (900) → 0.25, out.
    // old earns 500 (top profit): not false big. c10 loses money: false big.
    expect(Object.entries(f).filter(([, r]) => r.flag_false_big).map(([id]) => id).sort()).toEqual(['c10']);
    expect(f.old!.recency_days).toBe(670);
    expect(Object.entries(f).filter(([, r]) => r.flag_sleeping).map(([id]) => id)).toEqual(['old']);
  });

  it('finds false big customers by profit rank too, with editable thresholds', async () => {
    await runGrading(engine, mapping, { ...CLASSIC_CRM, flags: { ...CLASSIC_CRM.flags, falseBigAmountTopPct: 30 } });
    const f = await flags();
    // Top 30 %: old, c10, c9 (3/12 = 0.25), c8 (0.33) out. c9 earns 1: its profit cume_dist is low → false big.
    expect(Object.entries(f).filter(([, r]) => r.flag_false_big).map(([id]) => id).sort()).toEqual(['c10', 'c9']);
  });

  it('puts customers in the IBM segments by growth and loyalty', async () => {
    await runGrading(engine, mapping, CLASSIC_CRM);
    const f = await flags();
    expect(f.grow!.yoy_growth).toBeCloseTo(3, 9);
    expect(f.c1!.yoy_growth).toBeCloseTo((100 - 50) / 50, 9);
    // grow: growth 300 %, ordered 19 months ago and recently, twice → high loyalty and growth.
    expect(f.grow!.segment).toBe('fast_growing');
    // old: silent for 22 months, no growth → sleeping.
    expect(f.old!.segment).toBe('sleeping');
    // c1 doubled (growth 100 %) and has the longest history → fast growing too; c2…c10 ordered once, just now.
    expect(f.c1!.segment).toBe('fast_growing');
    // Every customer gets one of the four segments.
    for (const r of Object.values(f)) expect(['loyal', 'fast_growing', 'sleeping', 'worth_cultivating']).toContain(r.segment);
  });
});

describe('growth potential and the as-of date', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
    await engine.query(`CREATE TABLE g AS SELECT * FROM (VALUES
      ('o1', 'old', 100.0, 10.0, DATE '2024-06-01'), ('o2', 'old', 150.0, 10.0, DATE '2025-06-01'),
      ('o3', 'flat', 100.0, 10.0, DATE '2024-06-01'), ('o4', 'flat', 100.0, 10.0, DATE '2025-06-01'),
      ('o5', 'new', 80.0, 5.0, DATE '2025-06-30')) v(order_id, customer, amount, profit, order_date)`);
  });
  afterAll(async () => engine?.close());
  const mapping: SourceMapping = { lines: { table: 'g', orderId: 'order_id', customerId: 'customer', amount: 'amount', profit: 'profit', orderDate: 'order_date' } };
  const growthNorms = async () =>
    Object.fromEntries(
      toRows<{ customer_id: string; norm_yoy_growth: number | null; recency_days: number }>(
        await engine.query('SELECT customer_id, norm_yoy_growth, recency_days FROM customers_graded'),
      ).map((r) => [r.customer_id, r]),
    );

  it('scores a new customer without history by its manual prospect rating (1–5 → 0–100)', async () => {
    const config = { ...CLASSIC_CRM, metrics: [{ id: 'growth' as const, weight: 1 }] };
    await runGrading(engine, mapping, config);
    let g = await growthNorms();
    // old grew 50 %, flat 0 %: percentile ranks 100 and 0; new has no year before, so no growth value.
    expect([g.old!.norm_yoy_growth, g.flat!.norm_yoy_growth, g.new!.norm_yoy_growth]).toEqual([100, 0, null]);
    await runGrading(engine, mapping, { ...config, prospects: { new: 4 } });
    g = await growthNorms();
    expect(g.new!.norm_yoy_growth).toBe(75);
  });

  it('measures recency at a chosen as-of date instead of the latest order', async () => {
    const config = { ...CLASSIC_CRM, metrics: [{ id: 'growth' as const, weight: 1 }] };
    await runGrading(engine, mapping, config);
    expect((await growthNorms()).old!.recency_days).toBe(29);
    await runGrading(engine, mapping, { ...config, asOf: '2025-12-31' });
    expect((await growthNorms()).old!.recency_days).toBe(213);
  });

  it('grades customers as they stood at an earlier as-of date: later orders do not count', async () => {
    await runGrading(engine, mapping, { ...CLASSIC_CRM, asOf: '2025-01-31' });
    const rows = toRows<{ customer_id: string; order_amount: number; last_order: string | null; recency_days: number | null }>(
      await engine.query("SELECT customer_id, order_amount, strftime(last_order, '%Y-%m-%d') AS last_order, recency_days FROM customers_graded"),
    );
    const by = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    // old ordered 100 on 2024-06-01 and 150 on 2025-06-01: only the first counts at 2025-01-31.
    expect(by.old).toMatchObject({ order_amount: 100, last_order: '2024-06-01', recency_days: 244 });
    // new first ordered on 2025-06-30: not a customer yet at that date.
    expect(by.new).toBeUndefined();
    expect(rows).toHaveLength(2);
  });
});

describe('period comparison on the sample', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openSampleEngine();
  });
  afterAll(async () => engine?.close());

  it('computes the 12 months up to a date and the 12 before', () => {
    expect(yearOverYear('2015-12-31')).toEqual({ current: { from: '2015-01-01', to: '2015-12-31' }, previous: { from: '2014-01-01', to: '2014-12-31' } });
    expect(addMonths('2016-03-31', -1)).toBe('2016-02-29');
  });

  it('grades 2014 and 2015 and lists who moved, agreeing with an independent grading of each year', async () => {
    const { previous, current } = yearOverYear('2015-12-31');
    const config = { ...CLASSIC_CRM, metrics: [{ id: 'orderAmount' as const, weight: 30 }, { id: 'profit' as const, weight: 60 }] };
    const cmp = await comparePeriods(engine, SAMPLE_MAPPING, config, previous, current);

    // Independent: per-year sums straight from the raw tables, graded by the plain-TS reference.
    const yearly = async (year: number) => {
      const rows = toRows<{ id: string; amount: number; profit: number }>(
        await engine.query(`SELECT c."Customer ID" AS id, COALESCE(SUM(l."Sales"), 0) AS amount, COALESCE(SUM(l."Profit"), 0) AS profit
          FROM customers c LEFT JOIN orders o ON o."Customer ID" = c."Customer ID" AND year(o."Order Date") = ${year}
          LEFT JOIN lineitems l ON l."Order ID" = o."Order ID" GROUP BY 1`),
      );
      const graded = referenceGrade(
        rows.map((r) => ({ id: r.id, profit: r.profit, values: { amount: r.amount, profit: r.profit } })),
        [
          { key: 'amount', weight: 30, higherIsBetter: true },
          { key: 'profit', weight: 60, higherIsBetter: true },
        ],
        CLASSIC_CRM.rule.grades,
      );
      return new Map(graded.map((g) => [g.id, g.grade]));
    };
    const [g2014, g2015] = [await yearly(2014), await yearly(2015)];
    const idx = (g: string) => ['A', 'B', 'C', 'D'].indexOf(g);
    const expected = [...g2015.keys()]
      .filter((id) => g2014.get(id) !== g2015.get(id))
      .map((id) => [id, idx(g2014.get(id)!) - idx(g2015.get(id)!)] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const actual = cmp.movers.map((m) => [m.customer_id, m.steps] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(100);

    // The matrix accounts for every customer once, and its diagonal holds those who stayed.
    expect(cmp.matrix).toHaveLength(16);
    expect(cmp.matrix.reduce((s, c) => s + c.customers, 0)).toBe(793);
    const stayed = cmp.matrix.filter((c) => c.before_index === c.after_index).reduce((s, c) => s + c.customers, 0);
    expect(stayed).toBe(793 - actual.length);
    expect(cmp.previous.totals.customers).toBe(793);
  });
});

describe('growth within a period', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openSampleEngine();
  });
  afterAll(async () => engine?.close());

  it('compares the period’s year with the year before it, though the window holds one year', async () => {
    await runGrading(engine, SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics: [{ id: 'growth', weight: 1 }] }, { period: { from: '2015-01-01', to: '2015-12-31' } });
    const got = new Map(
      toRows<{ customer_id: string; order_amount: number; yoy_growth: number | null }>(await engine.query('SELECT customer_id, order_amount, yoy_growth FROM customers_graded')).map((r) => [r.customer_id, r]),
    );
    const years = toRows<{ id: string; y2014: number; y2015: number }>(
      await engine.query(`SELECT trim(o."Customer ID") AS id,
        COALESCE(SUM(l."Sales") FILTER (WHERE year(o."Order Date") = 2014), 0) AS y2014,
        COALESCE(SUM(l."Sales") FILTER (WHERE year(o."Order Date") = 2015), 0) AS y2015
        FROM orders o JOIN lineitems l USING ("Order ID") GROUP BY 1`),
    );
    let checked = 0;
    for (const y of years) {
      const g = got.get(y.id)!;
      expect(g.order_amount).toBeCloseTo(y.y2015, 6);
      if (y.y2014 > 0) {
        expect(g.yoy_growth).toBeCloseTo((y.y2015 - y.y2014) / y.y2014, 9);
        checked++;
      } else expect(g.yoy_growth).toBeNull();
    }
    expect(checked).toBeGreaterThan(500);
  });
});
