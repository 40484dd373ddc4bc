import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { fetchCustomerList, runGrading, type GradingResult } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { buildCustomerDetailSql } from '../../src/model/report-sql';
import { openSampleEngine } from '../support/sample';
import { referenceGrade } from '../support/reference-grading';

let engine: Engine;
let result: GradingResult;

beforeAll(async () => {
  engine = await openSampleEngine();
  result = await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
});
afterAll(async () => engine?.close());

describe('the bundled Superstore sample, graded with the classic preset', () => {
  it('loads all rows of the three tables', async () => {
    const counts = toRows<{ c: number; o: number; l: number }>(
      await engine.query('SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM orders) o, (SELECT count(*) FROM lineitems) l'),
    );
    expect(counts[0]).toEqual({ c: 793, o: 5009, l: 9994 });
  });

  it('computes the known totals', () => {
    expect(result.totals.customers).toBe(793);
    expect(result.totals.order_amount).toBeCloseTo(2_297_200.86, 2);
    expect(result.totals.profit).toBeCloseTo(286_397.02, 2);
    expect(result.totals.loss_making).toBe(155);
  });

  it('drops credit (the sample has no payment data) and scores on order amount and profit', () => {
    expect(result.plan.missing).toEqual(['credit']);
    expect(result.plan.used.map((m) => m.id)).toEqual(['orderAmount', 'profit']);
  });

  it('grades A 159 / B 238 / C 237 / D 159', () => {
    expect(result.gradeTable.map((g) => [g.grade, g.customers])).toEqual([
      ['A', 159],
      ['B', 238],
      ['C', 237],
      ['D', 159],
    ]);
    const shareSum = result.gradeTable.reduce((s, g) => s + (g.share_profit ?? 0), 0);
    expect(shareSum).toBeCloseTo(1, 9);
    const amountSum = result.gradeTable.reduce((s, g) => s + g.order_amount, 0);
    expect(amountSum).toBeCloseTo(2_297_200.86, 2);
  });

  it('agrees customer by customer with an independent implementation of the README method', async () => {
    const metrics = toRows<{ customer_id: string; order_amount: number; profit: number }>(
      await engine.query('SELECT customer_id, order_amount, profit FROM customer_metrics'),
    );
    const expected = referenceGrade(
      metrics.map((m) => ({ id: m.customer_id, profit: m.profit, values: { amount: m.order_amount, profit: m.profit } })),
      [
        { key: 'amount', weight: 30, higherIsBetter: true },
        { key: 'profit', weight: 60, higherIsBetter: true },
      ],
      CLASSIC_CRM.rule.grades,
    );
    const actual = toRows<{ customer_id: string; score: number; grade_rank: number; grade: string }>(
      await engine.query('SELECT customer_id, score, grade_rank, grade FROM customers_graded ORDER BY grade_rank'),
    );
    expect(actual).toHaveLength(expected.length);
    actual.forEach((a, i) => {
      const e = expected[i]!;
      expect(a.customer_id).toBe(e.id);
      expect(a.grade_rank).toBe(e.rank);
      expect(a.grade).toBe(e.grade);
      expect(a.score).toBeCloseTo(e.score!, 9);
    });
  });

  it('lists customers sorted by any column, 100 at a time', async () => {
    const top = await fetchCustomerList(engine, { sortBy: 'grade_rank', descending: false, limit: 100 });
    expect(top).toHaveLength(100);
    expect(top[0]!.grade).toBe('A');
    expect(top[0]!.grade_rank).toBe(1);
    const byProfit = await fetchCustomerList(engine, { sortBy: 'profit', descending: false, limit: 5 });
    const profits = byProfit.map((r) => r.profit!);
    expect(profits).toEqual([...profits].sort((a, b) => a - b));
    expect(profits[0]).toBeLessThan(0);
    const byGrade = await fetchCustomerList(engine, { sortBy: 'grade', descending: true, limit: 1 });
    expect(byGrade[0]!.grade).toBe('D');
    expect(byGrade[0]!.first_order).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('a customer breakdown', () => {
  it('explains the score: contributions add up to it, beside the grade averages', async () => {
    const rows = toRows<Record<string, number | string>>(
      await engine.queryBound(buildCustomerDetailSql(['contrib_order_amount', 'contrib_profit']), ['TC-20980']),
    );
    const me = rows.find((r) => r.row_kind === 'customer')!;
    const avg = rows.find((r) => r.row_kind === 'grade_average')!;
    expect(me.grade).toBe('A');
    expect((me.contrib_order_amount as number) + (me.contrib_profit as number)).toBeCloseTo(me.score as number, 5);
    expect(avg.grade).toBe('A');
    expect(avg.score as number).toBeGreaterThan(80);
  });

  it('binds the customer id, so a hostile id finds nobody instead of running', async () => {
    const rows = toRows(await engine.queryBound(buildCustomerDetailSql(['contrib_profit']), ["x' OR '1'='1"]));
    expect(rows.filter((r) => (r as { row_kind: string }).row_kind === 'customer')).toHaveLength(0);
  });
});
