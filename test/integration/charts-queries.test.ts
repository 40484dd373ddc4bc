// The other chart queries in the real engine: the scatter sample, the score
// histogram and cuts, segments, grade mix and the contribution breakdown — on
// the graded sample and on hand-made tables, against values computed here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { runGrading, type GradingResult } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { loadChartData, type ChartData } from '../../src/charts/run-charts';
import { buildGradeMixSql, type GradeMixRow } from '../../src/charts/sql/grade-mix';
import { buildScatterSql, buildScatterStatsSql, type ScatterPoint, type ScatterStats } from '../../src/charts/sql/scatter';
import { openSampleEngine } from '../support/sample';

describe('chart queries on the graded sample', () => {
  let engine: Engine;
  let result: GradingResult;
  let data: ChartData;
  let raw: { customer_id: string; score: number; grade: string; grade_index: number; grade_index_auto: number; segment: string | null; profit: number; order_amount: number; margin: number | null }[];

  beforeAll(async () => {
    engine = await openSampleEngine();
    result = await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    data = await loadChartData(engine, { used: result.plan.used });
    raw = toRows(await engine.query('SELECT customer_id, score, grade, grade_index, grade_index_auto, segment, profit, order_amount, margin FROM customers_graded'));
  });
  afterAll(async () => engine?.close());

  it('sends every customer to the scatter at this size, with the overall margin as the quadrant line', () => {
    const s = data.scatter!;
    expect(s.points).toHaveLength(raw.filter((r) => r.margin !== null).length);
    const profit = raw.reduce((a, r) => a + r.profit, 0);
    const amount = raw.reduce((a, r) => a + r.order_amount, 0);
    expect(s.stats.margin_cut).toBeCloseTo(profit / amount, 12);
    const sorted = raw.map((r) => r.order_amount).sort((a, b) => a - b);
    // quantile_cont(0.8): linear interpolation between the neighbours of position 0.8·(n−1).
    const pos = 0.8 * (sorted.length - 1);
    const lo = Math.floor(pos);
    expect(s.stats.amount_cut).toBeCloseTo(sorted[lo]! + (sorted[lo + 1]! - sorted[lo]!) * (pos - lo), 6);
    expect(data.columns.hasFalseBigFlag).toBe(true);
  });

  it('counts every scored customer once in the histogram, in the right grade', () => {
    const bins = data.histogram.bins;
    expect(bins.reduce((a, b) => a + b.customers, 0)).toBe(raw.filter((r) => r.score !== null).length);
    for (const g of ['A', 'B', 'C', 'D']) {
      expect(bins.filter((b) => b.grade === g).reduce((a, b) => a + b.customers, 0)).toBe(raw.filter((r) => r.grade === g).length);
    }
    const bin = (s: number) => Math.min(Math.floor(s / 2), 49) * 2;
    const inFirst = raw.filter((r) => bin(r.score) === bins[0]!.bin_start && r.grade === bins[0]!.grade).length;
    expect(bins[0]!.customers).toBe(inFirst);
  });

  it('puts each cut at the lowest score of the grade above it', () => {
    const cuts = data.histogram.cuts;
    expect(cuts.map((c) => `${c.upper_grade}|${c.lower_grade}`)).toEqual(['A|B', 'B|C', 'C|D']);
    cuts.forEach((c, i) => {
      const lo = Math.min(...raw.filter((r) => r.grade_index_auto === i).map((r) => r.score));
      expect(c.cut).toBe(lo);
      // Every customer of the next grade scores at most that.
      expect(Math.max(...raw.filter((r) => r.grade_index_auto === i + 1).map((r) => r.score))).toBeLessThanOrEqual(lo);
    });
  });

  it('counts customers and profit per segment', () => {
    const rows = data.segments!;
    for (const r of rows) {
      const mine = raw.filter((x) => x.segment === r.segment);
      expect(r.customers).toBe(mine.length);
      expect(r.profit).toBeCloseTo(mine.reduce((a, x) => a + x.profit, 0), 6);
    }
    expect(rows.reduce((a, r) => a + r.customers, 0)).toBe(793);
  });

  it('breaks the top customer’s score into contributions that add up to the score, beside the grade averages', () => {
    const c = data.contribution!;
    expect(c.parts.map((p) => p.metric)).toEqual(['orderAmount', 'profit']);
    const [top, ...grades] = c.rows;
    expect(top!.kind).toBe('customer');
    expect((top!.part_0 ?? 0) + (top!.part_1 ?? 0)).toBeCloseTo(top!.score!, 5);
    expect(grades.map((g) => [g.grade, g.customers])).toEqual([
      ['A', 159],
      ['B', 238],
      ['C', 237],
      ['D', 159],
    ]);
    const a = raw.filter((r) => r.grade === 'A');
    expect(grades[0]!.score).toBeCloseTo(a.reduce((s, r) => s + r.score, 0) / a.length, 9);
  });

  it('skips the category columns the sample leaves empty and splits by segment', () => {
    expect(data.columns.categories).toEqual(['region', 'industry', 'segment']);
    expect(data.gradeMix.map((g) => g.column)).toEqual(['segment']);
  });
});

describe('chart queries on hand-made tables', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('samples 20,000 customers to about 1,000 points, keeping every flagged customer and every outlier, the same way twice', async () => {
    await engine.query(`CREATE OR REPLACE TABLE customers_graded AS
      SELECT 'c' || i AS customer_id, 'n' || i AS customer_name, 'A' AS grade, 0 AS grade_index,
        CAST(1 + (i * 7919) % 5000 AS DOUBLE) AS order_amount,
        ((i * 104729) % 1000) / 1000.0 - 0.3 AS margin,
        0.0 AS profit,
        i % 97 = 0 AS flag_false_big
      FROM range(20000) AS t(i)`);
    const sql = buildScatterSql({ hasFalseBigFlag: true, maxPoints: 1000 });
    const a = toRows<ScatterPoint>(await engine.query(sql));
    const b = toRows<ScatterPoint>(await engine.query(sql));
    expect(a.map((p) => p.customer_id)).toEqual(b.map((p) => p.customer_id));
    const flagged = Math.ceil(20000 / 97);
    expect(a.filter((p) => p.false_big)).toHaveLength(flagged);
    const [outliers] = toRows<{ n: number }>(
      await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM customers_graded
        WHERE order_amount >= (SELECT quantile_cont(order_amount, 0.999) FROM customers_graded)
           OR margin <= (SELECT quantile_cont(margin, 0.001) FROM customers_graded)
           OR margin >= (SELECT quantile_cont(margin, 0.999) FROM customers_graded)`),
    );
    expect(a.filter((p) => p.outlier)).toHaveLength(outliers!.n);
    // ~1,000 sampled + flagged + outliers, with some overlap.
    expect(a.length).toBeGreaterThan(1000);
    expect(a.length).toBeLessThan(1000 + flagged + outliers!.n + 200);
    const [stats] = toRows<ScatterStats>(await engine.query(buildScatterStatsSql()));
    expect(stats!.n).toBe(20000);
  });

  it('pools the smaller categories into "other", ties broken by name with blanks last', async () => {
    await engine.query(`CREATE OR REPLACE TABLE customers_graded AS SELECT * FROM (VALUES
      ('1', 'A', 0, '华东'), ('2', 'B', 1, '华东'), ('3', 'A', 0, '华东'),
      ('4', 'B', 1, '华南'), ('5', 'B', 1, '华南'),
      ('6', 'A', 0, NULL),
      ('7', 'B', 1, '西北'), ('8', 'A', 0, '东北')) AS t(customer_id, grade, grade_index, region)`);
    const rows = toRows<GradeMixRow>(await engine.query(buildGradeMixSql({ column: 'region', maxCategories: 3 })));
    expect(rows.map((r) => [r.category, r.other, r.grade, r.customers, r.category_customers])).toEqual([
      ['华东', false, 'A', 2, 3],
      ['华东', false, 'B', 1, 3],
      ['华南', false, 'B', 2, 2],
      ['东北', false, 'A', 1, 1],
      [null, true, 'A', 1, 2],
      [null, true, 'B', 1, 2],
    ]);
  });

  it('leaves out the charts whose columns are missing instead of failing', async () => {
    await engine.query(`CREATE OR REPLACE TABLE customers_graded AS SELECT * FROM (VALUES
      ('1', 'x', 100.0, NULL::DOUBLE, NULL::DOUBLE, 90.0, 1, 0, 'A', 50.0),
      ('2', 'y', 10.0, NULL, NULL, 20.0, 2, 1, 'B', 10.0)) AS t(customer_id, customer_name, order_amount, profit, margin, score, grade_rank, grade_index, grade, norm_order_amount)`);
    const d = await loadChartData(engine, { used: [{ id: 'orderAmount', weight: 1 }] });
    expect([d.whale, d.scatter, d.segments, d.gradeMix]).toEqual([null, null, null, []]);
    expect(d.pareto.stats.map((s) => [s.measure, s.rank_80])).toEqual([['order_amount', 1]]);
    expect(d.histogram.cuts).toHaveLength(1);
    // No contrib_ columns: derived from the normalised value and the weight.
    expect(d.contribution!.rows[0]).toMatchObject({ kind: 'customer', customer_id: '1', part_0: 50 });
  });
});
