// The slider's fast path against the full path on the real engine: for many weight
// vectors, every rule kind, every missing-value policy, ties and adjustments, the
// grade of every customer, the grade table, totals, migration matrix, summary and
// movers are those of Grader.run followed by the scenario queries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { CLASSIC_CRM, type GradeRule, type GradingConfig, type MissingPolicy, type Normalisation } from '../../src/model/config';
import { liveHistogram } from '../../src/charts/live-histogram';
import { buildGradeCutsSql, buildScoreHistogramSql } from '../../src/charts/sql/score-histogram';
import { buildFastGradesSql } from '../../src/model/fast/sql';
import { contribColumn, type MetricId } from '../../src/model/metrics';
import { availableMetrics } from '../../src/model/metrics-sql';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, buildSnapshotSql } from '../../src/model/movers-sql';
import { GRADES_BASELINE } from '../../src/sql/catalog';
import type { SourceMapping } from '../../src/model/source';
import type { FastResult } from '../../src/pipeline/fast-regrade';
import { Grader } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';
import { syntheticMapping, syntheticSql, SYNTHETIC_TABLES } from '../support/synthetic';

const RATIO: GradeRule = CLASSIC_CRM.rule;
/** Shares that put cuts at 0 and at n, and a 2-decimal share. */
const RATIO_EDGES: GradeRule = {
  kind: 'ratio',
  grades: [
    { name: 'S', share: 0 },
    { name: 'A', share: 12.35 },
    { name: 'B', share: 37.65 },
    { name: 'C', share: 50 },
    { name: 'D', share: 0 },
  ],
};
const THRESHOLD: GradeRule = {
  kind: 'threshold',
  grades: [
    { name: 'A', minScore: 70 },
    { name: 'B', minScore: 50 },
    { name: 'C', minScore: 30 },
    { name: 'D', minScore: null },
  ],
};
const CUMULATIVE: GradeRule = {
  kind: 'cumulative',
  measure: 'profit',
  grades: [
    { name: 'A', upTo: 80 },
    { name: 'B', upTo: 95 },
    { name: 'C', upTo: null },
    { name: 'D', upTo: null },
  ],
};

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function withWeights(base: GradingConfig, ids: MetricId[], weights: number[]): GradingConfig {
  return { ...base, metrics: base.metrics.map((m) => ({ ...m, weight: weights[ids.indexOf(m.id)] ?? 0 })) };
}

/** Weight vectors: random whole and fractional weights, some zero, one metric alone. */
function weightVectors(ids: MetricId[], count: number, seed: number): number[][] {
  const next = rng(seed);
  const out: number[][] = [ids.map((_, i) => (i === 0 ? 1 : 0))];
  while (out.length < count) {
    const w = ids.map(() => (next() < 0.25 ? 0 : next() < 0.3 ? Math.round(next() * 1000) / 10 : Math.floor(next() * 101)));
    if (w.some((x) => x > 0)) out.push(w);
  }
  return out;
}

interface Compared {
  fast: FastResult;
}

/** Runs the fast path, then the full path, and checks every figure the page shows while dragging. */
async function compare(engine: Engine, grader: Grader, mapping: SourceMapping, config: GradingConfig): Promise<Compared> {
  const fast = await grader.regradeFast(mapping, config, { movers: true });
  const full = await grader.run(mapping, config);
  const rule = config.rule;
  const matrix = toRows<FastResult['matrix'][number]>(await engine.query(buildScenarioMatrixSql(rule.grades)));
  const [summary] = toRows(await engine.query(buildScenarioSummarySql()));
  const movers = toRows(await engine.query(buildScenarioMoversSql(full.plan.used.map((m) => contribColumn(m.id)))));
  // Every customer's grade and score, from the very pivots the move found.
  const fastGrades = toRows<{ customer_id: string; grade_index: number; score: number | null }>(
    await engine.query(buildFastGradesSql(fast.plan, fast.layout, rule, fast.pivots)),
  );
  const fullGrades = toRows<{ customer_id: string; grade_index: number; score: number | null }>(
    await engine.query('SELECT customer_id, CAST(grade_index AS INTEGER) AS grade_index, score FROM customers_graded ORDER BY customer_id'),
  );
  expect(fastGrades.length).toBe(full.totals.customers);
  const differ = fastGrades.filter((f, i) => {
    const g = fullGrades[i]!;
    return f.customer_id !== g.customer_id || f.grade_index !== g.grade_index || !Object.is(f.score, g.score);
  });
  expect(differ.slice(0, 5)).toEqual([]);

  // Grade table and totals: counts exact, sums up to the order of additions.
  expect(fast.gradeTable.map((g) => [g.grade, g.grade_index, g.customers])).toEqual(full.gradeTable.map((g) => [g.grade, g.grade_index, g.customers]));
  fast.gradeTable.forEach((g, i) => {
    const f = full.gradeTable[i]!;
    for (const k of ['share_customers', 'order_amount', 'share_amount', 'profit', 'share_profit'] as const) closeTo(g[k], f[k]);
  });
  expect(fast.totals.customers).toBe(full.totals.customers);
  expect(fast.totals.loss_making).toBe(full.totals.loss_making);
  closeTo(fast.totals.order_amount, full.totals.order_amount);
  closeTo(fast.totals.profit, full.totals.profit);

  // Migration matrix, summary and movers against the baseline.
  expect(fast.matrix.map(({ profit: _, ...c }) => c)).toEqual(matrix.map(({ profit: _, ...c }) => c));
  fast.matrix.forEach((c, i) => closeTo(c.profit, matrix[i]!.profit));
  expect(fast.summary).toEqual(summary);
  expect(fast.movers).toEqual(movers);

  // The histogram drawn while dragging is the one drawn once the drag settles.
  const settled = toRows(await engine.query(buildScoreHistogramSql({ autoColumns: true })));
  expect(liveHistogram(fast.histogram, fast.cuts, rule.grades).bins).toEqual(settled);
  if (rule.kind === 'ratio' && rule.grades.every((g) => g.share > 0) && !config.groupBy) {
    const cuts = toRows<{ cut: number }>(await engine.query(buildGradeCutsSql({ autoColumns: true })));
    expect(fast.cuts).toEqual(cuts.map((c) => c.cut));
  }
  return { fast };
}

function closeTo(a: number | null, b: number | null): void {
  if (a === null || b === null) {
    expect(a).toBe(b);
    return;
  }
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
}

/** Grade once with every metric weighted, keep that as the baseline (so every contribution column exists in it). */
async function pinBaseline(engine: Engine, grader: Grader, mapping: SourceMapping, config: GradingConfig): Promise<void> {
  await grader.run(mapping, config);
  await engine.query(buildSnapshotSql(GRADES_BASELINE));
  grader.invalidate('norms');
  await grader.run(mapping, config);
}

function metricsFor(mapping: SourceMapping, normalisation: Normalisation[], missing: MissingPolicy): GradingConfig['metrics'] {
  const ids = [...availableMetrics(mapping)];
  return ids.map((id, i) => ({ id, weight: 10, normalisation: normalisation[i % normalisation.length], missing }));
}

const POLICIES: MissingPolicy[] = ['drop', 'neutral', 'worst'];
const RULES: [string, GradeRule][] = [
  ['ratio', RATIO],
  ['ratio with empty grades', RATIO_EDGES],
  ['threshold', THRESHOLD],
  ['cumulative', CUMULATIVE],
];

describe('fast regrade = full regrade, on the sample', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openSampleEngine();
  });
  afterAll(async () => engine?.close());

  it('agrees for every rule, missing policy and many weight vectors, with adjustments', async () => {
    const grader = new Grader(engine);
    const norms: Normalisation[] = ['percentile', 'minmax', 'zscore', 'logminmax'];
    let seed = 7;
    let checked = 0;
    for (const missing of POLICIES) {
      const metrics = metricsFor(SAMPLE_MAPPING, norms, missing);
      const ids = metrics.map((m) => m.id);
      await pinBaseline(engine, grader, SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics });
      for (const [, rule] of RULES) {
        const base: GradingConfig = { ...CLASSIC_CRM, metrics, rule };
        for (const w of weightVectors(ids, 4, seed++)) {
          const { fast } = await compare(engine, grader, SAMPLE_MAPPING, withWeights(base, ids, w));
          expect(fast.ran).not.toContain('run');
          checked++;
        }
      }
    }
    // Adjustments override the final grade; the latest per customer wins.
    const ids = [...availableMetrics(SAMPLE_MAPPING)];
    const [first, second] = toRows<{ customer_id: string }>(await engine.query('SELECT customer_id FROM customer_norms ORDER BY customer_id LIMIT 2'));
    const adjusted: GradingConfig = {
      ...CLASSIC_CRM,
      metrics: metricsFor(SAMPLE_MAPPING, ['percentile'], 'drop'),
      adjustments: [
        { customerId: first!.customer_id, grade: 'D', reason: 'r', author: 'x', at: '2026-01-01T00:00:00Z' },
        { customerId: first!.customer_id, grade: 'A', reason: 'later', author: 'x', at: '2026-02-01T00:00:00Z' },
        { customerId: second!.customer_id, grade: 'C', reason: 'manual', author: 'x', at: '2026-01-01T00:00:00Z' },
      ],
    };
    for (const w of weightVectors(ids, 3, 99)) {
      const { fast } = await compare(engine, grader, SAMPLE_MAPPING, withWeights(adjusted, ids, w));
      expect(fast.gradeTable.reduce((s, g) => s + g.customers, 0)).toBe(793);
      checked++;
    }
    expect(checked).toBe(3 * 4 * 4 + 3);
  }, 300_000);
});

describe('fast regrade = full regrade, within groups (the sample by customer type)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openSampleEngine();
  });
  afterAll(async () => engine?.close());

  it('agrees for every rule and many weight vectors, each group cut on its own', async () => {
    const grader = new Grader(engine);
    const metrics = metricsFor(SAMPLE_MAPPING, ['percentile', 'minmax'], 'drop');
    const ids = metrics.map((m) => m.id);
    await pinBaseline(engine, grader, SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics });
    let seed = 41;
    for (const [, rule] of RULES) {
      const base: GradingConfig = { ...CLASSIC_CRM, metrics, rule, groupBy: 'customerType' };
      for (const w of weightVectors(ids, 4, seed++)) {
        const { fast } = await compare(engine, grader, SAMPLE_MAPPING, withWeights(base, ids, w));
        expect(fast.layout.grouped).toBe(true);
      }
    }
  }, 300_000);
});

describe('fast regrade = full regrade, on synthetic customers with ties', () => {
  let engine: Engine;
  const mapping = syntheticMapping();
  beforeAll(async () => {
    engine = await openNodeEngine();
    for (const sql of syntheticSql({ customers: 3000, seed: 11 })) await engine.query(sql);
    // 400 identical customers (same orders as a median one): same metrics, same score and profit,
    // so only the customer id orders them.
    const { customers, orders, lines } = SYNTHETIC_TABLES;
    await engine.query(`INSERT INTO ${customers} SELECT 'D' || lpad(CAST(i AS VARCHAR), 4, '0'), 'twin' FROM range(400) AS t(i)`);
    await engine.query(`CREATE TEMP TABLE twin_orders AS SELECT i, o.* FROM ${orders} AS o, range(400) AS t(i)
      WHERE o.customer_id = (
        SELECT customer_id FROM ${orders} JOIN ${lines} USING (order_id) GROUP BY ALL
        ORDER BY sum(sales), customer_id LIMIT 1 OFFSET 1470)`);
    await engine.query(`INSERT INTO ${lines} SELECT 'T' || CAST(t.i AS VARCHAR) || '-' || l.order_id, l.* EXCLUDE (order_id)
      FROM twin_orders AS t JOIN ${lines} AS l USING (order_id)`);
    await engine.query(`INSERT INTO ${orders} SELECT 'T' || CAST(i AS VARCHAR) || '-' || order_id, 'D' || lpad(CAST(i AS VARCHAR), 4, '0'), * EXCLUDE (i, order_id, customer_id)
      FROM twin_orders`);
  });
  afterAll(async () => engine?.close());

  it('agrees where many customers tie, for every rule and missing policy', async () => {
    const grader = new Grader(engine);
    const [twins] = toRows<{ n: number }>(await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${SYNTHETIC_TABLES.customers}`));
    expect(twins!.n).toBe(3400);
    let seed = 1;
    for (const missing of POLICIES) {
      const metrics = metricsFor(mapping, ['percentile', 'minmax'], missing);
      const ids = metrics.map((m) => m.id);
      await pinBaseline(engine, grader, mapping, { ...CLASSIC_CRM, metrics });
      for (const [, rule] of RULES) {
        for (const w of weightVectors(ids, 3, seed++)) await compare(engine, grader, mapping, withWeights({ ...CLASSIC_CRM, metrics, rule }, ids, w));
      }
    }
    // Graded by order amount alone the twins sit in the middle, and the 50 % cut falls among them.
    const metrics = metricsFor(mapping, ['percentile'], 'drop');
    const ids = metrics.map((m) => m.id);
    const { fast } = await compare(engine, grader, mapping, withWeights({ ...CLASSIC_CRM, metrics }, ids, ids.map((id) => (id === 'orderAmount' ? 1 : 0))));
    // The 50 % cut's score is the twins' score, and its bin holds the 400 twins.
    const [twin] = toRows<{ score: number }>(await engine.query(`SELECT any_value(score) AS score FROM customers_graded WHERE customer_id LIKE 'D%'`));
    expect(fast.cuts[1]).toBe(twin!.score);
  }, 300_000);
});
