// Customer value inside the grading, on DuckDB-WASM: the fit runs once per data
// and as-of date (never per weight change), its predictions are metrics like any
// other, RFM classes are in every graded row, and data that cannot carry the
// model grades all the same with the reason said.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { loadFile } from '../../src/ingest/load-file';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { RFM_CLASSES } from '../../src/model/rfm';
import { parseConfig } from '../../src/model/scenario';
import type { SourceMapping } from '../../src/model/source';
import { Grader, runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';

const sig3 = (v: number) => Number(v.toPrecision(3));
let engine: Engine;

beforeAll(async () => {
  engine = await openSampleEngine();
}, 60_000);
afterAll(async () => engine?.close());

const VALUE_WEIGHTED: GradingConfig = {
  ...CLASSIC_CRM,
  metrics: [
    { id: 'predictedProfit', weight: 50 },
    { id: 'pAlive', weight: 20 },
    { id: 'profit', weight: 30 },
  ],
};

describe('the grading’s steps as they start', () => {
  it('are named in order, only the steps that run', async () => {
    const grader = new Grader(engine);
    const first: string[] = [];
    await grader.run(SAMPLE_MAPPING, CLASSIC_CRM, { onStep: (s) => first.push(s) });
    expect(first).toEqual(['value', 'metrics', 'norms', 'grade', 'report']);
    const second: string[] = [];
    // Other weights of the same metrics: the norms are kept, only the grade step runs again.
    const reweighted = { ...CLASSIC_CRM, metrics: CLASSIC_CRM.metrics.map((m) => ({ ...m, weight: m.weight + 7 })) };
    await grader.run(SAMPLE_MAPPING, reweighted, { onStep: (s) => second.push(s) });
    expect(second).toEqual(['grade', 'report']);
  });
});

describe('customer value in the grading (the sample)', () => {
  it('fits once with the data and makes predicted profit, predicted amount and P(alive) metrics', async () => {
    const grader = new Grader(engine);
    const first = await grader.run(SAMPLE_MAPPING, CLASSIC_CRM);
    expect(first.ran).toContain('value');
    const fit = first.value!.fit!;
    expect(fit.bgnbd!.converged).toBe(true);
    expect(first.value!.table).toBe('customer_value');
    // The sample has loss-making repeat customers: profit per purchase goes by margin, and says so.
    expect(fit.profitByMargin).toBe(true);
    expect(first.value!.reasons.map((r) => r.id)).toContain('profitByMargin');
    expect(first.value!.availability).toEqual({ amount: true, profit: true });

    // A weight change does not fit again; the value metrics then carry the score.
    const second = await grader.run(SAMPLE_MAPPING, VALUE_WEIGHTED);
    expect(second.ran).not.toContain('value');
    expect(second.plan.normed.map((m) => m.id)).toEqual(['predictedProfit', 'pAlive', 'profit']);
    const rows = toRows<{ customer_id: string; p_alive: number; predicted_profit: number; predicted_amount: number; clv_profit: number; contrib_predicted_profit: number; score: number }>(
      await engine.query(`SELECT g.customer_id, g.p_alive, g.predicted_profit, g.predicted_amount, v.clv_profit, g.contrib_predicted_profit, g.score
        FROM customers_graded AS g LEFT JOIN customer_value AS v USING (customer_id) ORDER BY g.customer_id`),
    );
    expect(rows).toHaveLength(793);
    for (const r of rows) {
      expect(r.p_alive).toBeGreaterThan(0);
      expect(r.p_alive).toBeLessThanOrEqual(1);
      expect(r.predicted_profit).toBe(r.clv_profit);
      expect(r.predicted_amount).toBeGreaterThan(0);
      expect(Number.isFinite(r.score)).toBe(true);
    }
    // The predicted profit's points are in the breakdown, and vary.
    expect(new Set(rows.map((r) => Math.round(r.contrib_predicted_profit))).size).toBeGreaterThan(10);

    // A new as-of date is a new history: the fit runs again.
    const third = await grader.run(SAMPLE_MAPPING, { ...VALUE_WEIGHTED, asOf: '2014-12-31' });
    expect(third.ran).toContain('value');
    expect(third.value!.fit!.customers).toBeLessThan(793);
  });

  it('writes the RFM scores and the eight classes, each as its definition says', async () => {
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    const rows = toRows<{ recency_days: number; order_count: number; order_amount: number; rfm_r: number; rfm_f: number; rfm_m: number; rfm_class: string }>(
      await engine.query('SELECT recency_days, CAST(order_count AS DOUBLE) AS order_count, order_amount, rfm_r, rfm_f, rfm_m, rfm_class FROM customers_graded'),
    );
    const mean = (k: 'recency_days' | 'order_count' | 'order_amount') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
    const [mr, mf, mm] = [mean('recency_days'), mean('order_count'), mean('order_amount')];
    for (const r of rows) {
      const k = RFM_CLASSES.find((c) => c.r === r.recency_days < mr && c.f === r.order_count > mf && c.m === r.order_amount > mm)!;
      expect(r.rfm_class).toBe(k.code);
      for (const s of [r.rfm_r, r.rfm_f, r.rfm_m]) expect([1, 2, 3, 4, 5]).toContain(s);
    }
    // Quintiles: the most recent fifth scores R = 5, and a score never goes down as recency improves.
    const byRecency = [...rows].sort((a, b) => a.recency_days - b.recency_days);
    for (let i = 1; i < byRecency.length; i++) expect(byRecency[i]!.rfm_r).toBeLessThanOrEqual(byRecency[i - 1]!.rfm_r);
    expect(byRecency[0]!.rfm_r).toBe(5);
    expect(byRecency.at(-1)!.rfm_r).toBe(1);
    expect(new Set(rows.map((r) => r.rfm_class)).size).toBe(8);
    // The median cut is a setting of the config.
    const config = parseConfig({ ...CLASSIC_CRM, value: { rfmCut: 'median' } });
    await runGrading(engine, SAMPLE_MAPPING, config);
    const [n] = toRows<{ n: number }>(await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM customers_graded WHERE rfm_class LIKE 'important_%'`));
    // M high against the median: half the customers (793 → 396, the rest at or below it).
    expect(n!.n).toBe(396);
  });

  it('grades a customer-level table without the value metrics, saying why', async () => {
    await engine.query(`CREATE OR REPLACE TABLE accounts AS SELECT * FROM (VALUES ('A1', 100.0), ('A2', 50.0), ('A3', 10.0)) AS t(account, revenue)`);
    const m: SourceMapping = { lines: { table: 'accounts', customerId: 'account', orderId: 'account', amount: 'revenue', perCustomer: {} } };
    const r = await runGrading(engine, m, { ...VALUE_WEIGHTED, metrics: [...VALUE_WEIGHTED.metrics, { id: 'orderAmount', weight: 10 }] });
    expect(r.value!.table).toBeNull();
    expect(r.value!.reasons.map((x) => x.id)).toEqual(['customerLevel']);
    expect(r.plan.normed.map((x) => x.id)).not.toContain('predictedProfit');
    expect(r.plan.missing).toEqual(expect.arrayContaining(['predictedProfit', 'pAlive']));
    expect(r.totals.customers).toBe(3);
  });
});

describe('customer value in the grading (CDNOW, the published fit)', () => {
  it('reproduces r, α, a, b and p, q, γ when the as-of date is the calibration end', async () => {
    const cd = await openNodeEngine();
    try {
      const loaded = await loadFile(cd, { name: 'CDNOW_sample.txt', bytes: new Uint8Array(readFileSync(new URL('../data/cdnow/CDNOW_sample.txt', import.meta.url))) });
      const m: SourceMapping = { lines: { table: loaded.table, customerId: 'column_2', orderId: 'column_3', orderDate: 'column_3', amount: 'column_5' } };
      const r = await runGrading(cd, m, { ...VALUE_WEIGHTED, metrics: [{ id: 'predictedAmount', weight: 1 }], asOf: '1997-09-30' });
      const bg = r.value!.fit!.bgnbd!;
      expect([bg.params.r, bg.params.alpha, bg.params.a, bg.params.b].map(sig3)).toEqual([0.243, 4.41, 0.793, 2.43]);
      expect(bg.logLik).toBeCloseTo(-9582.4, 1);
      const gg = r.value!.fit!.spendAmount!.params;
      expect([gg.p, gg.q, gg.gamma].map(sig3)).toEqual([6.25, 3.74, 15.4]);
      expect(r.plan.normed.map((x) => x.id)).toEqual(['predictedAmount']);
      // No profit in CDNOW: predicted profit is not offered.
      expect(r.value!.availability).toEqual({ amount: true, profit: false });
    } finally {
      await cd.close();
    }
  }, 60_000);
});
