// Grade history in the real engine: every period's grades against the README method
// recomputed here from the raw order lines (plain TS), the transitions against a group-by
// of those grades, the sliding list, dated adjustments, and the messages for data that
// cannot carry a history.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { runGradeHistory, type GradeHistory } from '../../src/pipeline/grade-history';
import { GradingInputError, runGrading } from '../../src/pipeline/run-grading';
import { DEFAULT_HISTORY, historyPeriods } from '../../src/model/history/periods';
import { buildTimelineSql } from '../../src/model/history/history-sql';
import { toRows } from '../../src/results/rows';
import { referenceGrade } from '../support/reference-grading';
import { openSampleEngine } from '../support/sample';

const ABCD = [
  { name: 'A', share: 20 },
  { name: 'B', share: 30 },
  { name: 'C', share: 30 },
  { name: 'D', share: 20 },
];

interface Line {
  customer_id: string;
  order_date: string;
  sales: number;
  profit: number;
}

interface Kept {
  period_index: number;
  customer_id: string;
  grade_index: number;
  grade: string;
  score: number;
  adjusted: boolean;
}

describe('period ends', () => {
  it('steps back from the latest order by calendar quarters, months or years, each with its trailing window', () => {
    const q = historyPeriods('2014-01-03', '2017-12-30', DEFAULT_HISTORY);
    expect(q.map((p) => p.to).slice(-3)).toEqual(['2017-06-30', '2017-09-30', '2017-12-30']);
    expect(q.at(-1)).toMatchObject({ from: '2016-12-31', label: '2017-Q4 (2017-12-30)' });
    expect(q.at(-2)).toMatchObject({ from: '2016-10-01', label: '2017-Q3' });
    // 16 quarter ends back from 2017-12-30 reach 2014-03-31: all have orders in their window.
    expect(q).toHaveLength(16);
    expect(q[0]!.to).toBe('2014-03-31');
    const y = historyPeriods('2014-01-03', '2017-12-31', { ...DEFAULT_HISTORY, step: 'year' });
    expect(y.map((p) => [p.from, p.to, p.label])).toEqual([
      ['2014-01-01', '2014-12-31', '2014'],
      ['2015-01-01', '2015-12-31', '2015'],
      ['2016-01-01', '2016-12-31', '2016'],
      ['2017-01-01', '2017-12-31', '2017'],
    ]);
    const m = historyPeriods('2017-10-15', '2017-12-31', { ...DEFAULT_HISTORY, step: 'month', windowMonths: 1 });
    expect(m.map((p) => p.label)).toEqual(['2017-10', '2017-11', '2017-12']);
  });
});

describe('grade history on the sample (quarterly, last 12 months at each quarter end)', () => {
  let engine: Engine;
  let history: GradeHistory;
  let kept: Kept[];
  let lines: Line[];
  let customers: string[];
  const config: GradingConfig = CLASSIC_CRM;
  const progress: number[] = [];

  beforeAll(async () => {
    engine = await openSampleEngine();
    await runGrading(engine, SAMPLE_MAPPING, config);
    history = await runGradeHistory(engine, SAMPLE_MAPPING, config, { ...DEFAULT_HISTORY, periods: 8 }, { onProgress: (p) => progress.push(p.done) });
    kept = toRows<Kept>(await engine.query('SELECT period_index, customer_id, grade_index, grade, score, adjusted FROM history_grades'));
    lines = toRows<Line>(
      await engine.query(`SELECT trim(o."Customer ID") AS customer_id, strftime(CAST(o."Order Date" AS DATE), '%Y-%m-%d') AS order_date,
        CAST(l."Sales" AS DOUBLE) AS sales, CAST(l."Profit" AS DOUBLE) AS profit
        FROM lineitems AS l JOIN orders AS o USING ("Order ID")`),
    );
    customers = toRows<{ id: string }>(await engine.query('SELECT DISTINCT trim("Customer ID") AS id FROM customers')).map((r) => r.id);
  });
  afterAll(async () => engine?.close());

  it('grades every period end, with progress, and leaves the grading on screen as it was', async () => {
    expect(history.periods).toHaveLength(8);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const [{ n }] = toRows<{ n: number }>(await engine.query('SELECT CAST(count(DISTINCT period_index) AS INTEGER) AS n FROM history_grades')) as [{ n: number }];
    expect(n).toBe(8);
    // The page's own tables still hold the current grading (the history has tables of its own).
    const [row] = toRows<{ n: number }>(await engine.query('SELECT CAST(count(*) AS INTEGER) AS n FROM customers_graded'));
    expect(row!.n).toBe(customers.length);
    const left = toRows<{ t: string }>(await engine.query("SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE 'history_%'")).map((r) => r.t);
    expect(left).toEqual(['history_grades']);
  });

  it('gives each period the grades the README method gives the orders of its window (recomputed here from the lines)', () => {
    for (const p of history.periods) {
      const sums = new Map(customers.map((id) => [id, { amount: 0, profit: 0 }]));
      for (const l of lines) {
        if (l.order_date < p.from || l.order_date > p.to) continue;
        const s = sums.get(l.customer_id)!;
        s.amount += l.sales;
        s.profit += l.profit;
      }
      const ref = referenceGrade(
        [...sums].map(([id, s]) => ({ id, values: { amount: s.amount, profit: s.profit }, profit: s.profit })),
        [
          { key: 'amount', weight: 30, higherIsBetter: true },
          { key: 'profit', weight: 60, higherIsBetter: true },
        ],
        ABCD,
      );
      const got = new Map(kept.filter((k) => k.period_index === p.index).map((k) => [k.customer_id, k.grade]));
      expect(got.size).toBe(customers.length);
      const wrong = ref.filter((r) => got.get(r.id) !== r.grade).map((r) => `${p.label} ${r.id}: ${got.get(r.id)} ≠ ${r.grade}`);
      expect(wrong).toEqual([]);
    }
  });

  it('counts the transitions of every consecutive pair, and pools them into the average matrix', () => {
    const byCustomer = new Map<string, Map<number, number>>();
    for (const k of kept) byCustomer.set(k.customer_id, (byCustomer.get(k.customer_id) ?? new Map()).set(k.period_index, k.grade_index));
    let pooledAA = 0;
    let pooledA = 0;
    for (const pair of history.pairs) {
      const counts = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
      let fellTwo = 0;
      for (const g of byCustomer.values()) {
        const a = g.get(pair.pair);
        const b = g.get(pair.pair + 1);
        if (a === undefined || b === undefined) continue;
        counts[a]![b]!++;
        if (b - a >= 2) fellTwo++;
      }
      expect(pair.counts).toEqual(counts);
      expect(pair.fellTwo).toBe(fellTwo);
      expect(pair.compared).toBe(customers.length);
      expect(pair.keptShare).toBeCloseTo(counts.reduce((s, row, i) => s + row[i]!, 0) / customers.length, 12);
      pooledAA += counts[0]![0]!;
      pooledA += counts[0]!.reduce((s, c) => s + c, 0);
    }
    expect(history.average.shares[0]![0]).toBeCloseTo(pooledAA / pooledA, 12);
    // The sample's best customers mostly stay best from one quarter to the next; nobody enters or leaves (a master lists all).
    expect(history.average.shares[0]![0]).toBeGreaterThan(0.5);
    expect(history.pairs.every((p) => p.entered.every((n) => n === 0) && p.left.every((n) => n === 0))).toBe(true);
  });

  it('lists who has been sliding for three periods, with the metric that moved them', () => {
    const scores = new Map<string, Map<number, Kept>>();
    for (const k of kept) scores.set(k.customer_id, (scores.get(k.customer_id) ?? new Map()).set(k.period_index, k));
    const last = history.periods.length - 1;
    const expected = [...scores]
      .filter(([, s]) => {
        const at = (i: number) => s.get(last - i)!;
        return at(0).score < at(1).score && at(1).score < at(2).score && at(2).score < at(3).score && at(0).grade_index > at(3).grade_index;
      })
      .map(([id]) => id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(history.sliding.map((r) => r.customer_id).sort()).toEqual(expected);
    expect(history.sliding[0]!.total).toBe(expected.length);
    for (const r of history.sliding) {
      expect(['orderAmount', 'profit']).toContain(r.metric);
      expect(r.metricPoints).toBeLessThan(0);
      expect(r.grades_down).toBeGreaterThan(0);
    }
  });

  it('reads one customer timeline per period', async () => {
    const id = customers[0]!;
    const rows = toRows<{ period_index: number; grade: string }>(await engine.query(buildTimelineSql([id, "x' OR 1=1 --"])));
    expect(rows.map((r) => r.period_index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rows.map((r) => r.grade)).toEqual(kept.filter((k) => k.customer_id === id).sort((a, b) => a.period_index - b.period_index).map((k) => k.grade));
  });

  it('counts a manual adjustment from its date on, and every adjustment in the last period (the current grading)', async () => {
    const [a, b] = customers as [string, string];
    const third = history.periods[3]!;
    const adjusted: GradingConfig = {
      ...config,
      adjustments: [
        { customerId: a, grade: 'A', reason: 'strategic account', author: 't', at: '2026-12-07T10:00:00Z', from: third.to },
        { customerId: b, grade: 'D', reason: 'fraud', author: 't', at: '2026-12-07T10:00:00Z' },
      ],
    };
    await runGradeHistory(engine, SAMPLE_MAPPING, adjusted, { ...DEFAULT_HISTORY, periods: 8 });
    const rows = toRows<Kept>(await engine.query(`SELECT period_index, customer_id, grade_index, grade, score, adjusted FROM history_grades WHERE customer_id IN ('${a}', '${b}') ORDER BY period_index`));
    const of = (id: string) => rows.filter((r) => r.customer_id === id);
    expect(of(a).map((r) => r.adjusted)).toEqual([false, false, false, true, true, true, true, true]);
    expect(of(a).slice(3).every((r) => r.grade === 'A')).toBe(true);
    expect(of(b).map((r) => r.adjusted)).toEqual([false, false, false, false, false, false, false, true]);
    expect(of(b).at(-1)!.grade).toBe('D');
  });

  it('scores growth in each period against the year before it', async () => {
    const growth: GradingConfig = { ...config, metrics: [{ id: 'growth', weight: 50 }, { id: 'orderAmount', weight: 50 }] };
    const h = await runGradeHistory(engine, SAMPLE_MAPPING, growth, { ...DEFAULT_HISTORY, periods: 4 });
    expect(h.plan.used.map((m) => m.id)).toEqual(['growth', 'orderAmount']);
    const [row] = toRows<{ with_growth: number; n: number }>(
      await engine.query('SELECT CAST(count(*) FILTER (WHERE contrib_yoy_growth > 0) AS INTEGER) AS with_growth, CAST(count(*) AS INTEGER) AS n FROM history_grades WHERE period_index = 0'),
    );
    // 2015-Q1's year is compared with the year before it: nearly every customer has a growth value.
    expect(row!.with_growth).toBeGreaterThan(0.5 * row!.n);
  });

  it('grades each period within groups when the rule does', async () => {
    const within = await runGradeHistory(engine, SAMPLE_MAPPING, { ...config, groupBy: 'customerType' }, { ...DEFAULT_HISTORY, periods: 3 });
    expect(within.group).toBe('customerType');
    const counts = toRows<{ period_index: number; grade_group: string; grade: string; n: number }>(
      await engine.query('SELECT period_index, grade_group, grade, CAST(count(*) AS INTEGER) AS n FROM history_grades GROUP BY ALL ORDER BY ALL'),
    );
    const consumer = counts.filter((c) => c.period_index === 2 && c.grade_group === 'Consumer');
    const n = consumer.reduce((s, c) => s + c.n, 0);
    expect(consumer.map((c) => c.n)).toEqual([Math.round(0.2 * n), Math.round(0.5 * n) - Math.round(0.2 * n), Math.round(0.8 * n) - Math.round(0.5 * n), n - Math.round(0.8 * n)]);
  });
});

describe('grade history: data that cannot carry one says why', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
    await engine.query(`CREATE TABLE undated AS SELECT * FROM (VALUES ('c1', 10.0), ('c2', 20.0)) v(customer, amount)`);
    await engine.query(`CREATE TABLE oneday AS SELECT * FROM (VALUES ('o1', 'c1', 10.0, DATE '2025-03-01'), ('o2', 'c2', 20.0, DATE '2025-03-01')) v(order_id, customer, amount, d)`);
  });
  afterAll(async () => engine?.close());

  it('without order dates: names the column to map', async () => {
    const run = runGradeHistory(engine, { lines: { table: 'undated', orderId: 'customer', customerId: 'customer', amount: 'amount' } }, CLASSIC_CRM, DEFAULT_HISTORY);
    await expect(run).rejects.toBeInstanceOf(GradingInputError);
    await expect(run).rejects.toThrow(/needs order dates: map an order date column/);
  });

  it('with one period end only: says so and offers a shorter step', async () => {
    const run = runGradeHistory(engine, { lines: { table: 'oneday', orderId: 'order_id', customerId: 'customer', amount: 'amount', orderDate: 'd' } }, CLASSIC_CRM, { ...DEFAULT_HISTORY, step: 'year' });
    await expect(run).rejects.toThrow(/2025-03-01 to 2025-03-01: that is one year end, and a history needs two\. Pick a shorter step/);
  });

  it('rejects settings out of range before reading anything', async () => {
    await expect(runGradeHistory(engine, { lines: { table: 'oneday', orderId: 'order_id', customerId: 'customer', amount: 'amount', orderDate: 'd' } }, CLASSIC_CRM, { ...DEFAULT_HISTORY, windowMonths: 0 })).rejects.toThrow(
      /window in months must be a whole number from 1 to 120 \(got 0\)/,
    );
  });
});
