// What-if against a pinned baseline, on the sample in the real engine: the
// migration matrix and the movers agree with a comparison done independently here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, buildSnapshotSql } from '../../src/model/movers-sql';
import { GRADES_BASELINE } from '../../src/sql/catalog';
import { contribColumn } from '../../src/model/metrics';
import { Grader } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';

let engine: Engine;
beforeAll(async () => {
  engine = await openSampleEngine();
});
afterAll(async () => engine?.close());

const gradesById = async () =>
  new Map(toRows<{ customer_id: string; grade_index: number }>(await engine.query('SELECT customer_id, grade_index FROM customers_graded')).map((r) => [r.customer_id, r.grade_index]));

describe('what-if against a pinned baseline', () => {
  it('reports who moved when profit counts more than volume', async () => {
    const grader = new Grader(engine);
    await grader.run(SAMPLE_MAPPING, CLASSIC_CRM);
    const before = await gradesById();
    await engine.query(buildSnapshotSql(GRADES_BASELINE));
    grader.invalidate('norms');
    const pinned = await grader.run(SAMPLE_MAPPING, CLASSIC_CRM);
    expect(pinned.ran).toContain('norms');
    let [summary] = toRows<{ up: number; down: number; compared: number }>(await engine.query(buildScenarioSummarySql()));
    expect(summary).toEqual({ up: 0, down: 0, compared: 793 });

    const scenario: GradingConfig = { ...CLASSIC_CRM, metrics: [{ id: 'orderAmount', weight: 10 }, { id: 'profit', weight: 90 }] };
    const moved = await grader.run(SAMPLE_MAPPING, scenario);
    // A weight change re-runs only the score and the cut.
    expect(moved.ran).toEqual(['grade', 'gradeTable']);
    const after = await gradesById();

    const expectedUp = [...after].filter(([id, g]) => g < before.get(id)!).length;
    const expectedDown = [...after].filter(([id, g]) => g > before.get(id)!).length;
    [summary] = toRows(await engine.query(buildScenarioSummarySql()));
    expect(summary).toEqual({ up: expectedUp, down: expectedDown, compared: 793 });
    expect(expectedUp + expectedDown).toBeGreaterThan(0);

    const matrix = toRows<{ before_index: number; after_index: number; customers: number }>(await engine.query(buildScenarioMatrixSql(CLASSIC_CRM.rule.grades)));
    expect(matrix).toHaveLength(16);
    for (const cell of matrix) {
      const n = [...after].filter(([id, g]) => g === cell.after_index && before.get(id) === cell.before_index).length;
      expect(cell.customers).toBe(n);
    }

    const movers = toRows<{ customer_id: string; steps: number; contrib_profit: number; baseline_contrib_profit: number }>(
      await engine.query(buildScenarioMoversSql(['contrib_order_amount', 'contrib_profit'], 10_000)),
    );
    expect(movers).toHaveLength(expectedUp + expectedDown);
    for (const r of movers) expect(r.steps).toBe(before.get(r.customer_id)! - after.get(r.customer_id)!);
    // Sorted by the size of the move.
    const sizes = movers.map((r) => Math.abs(r.steps));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // Baseline points are those of the classic weights, current points those of the scenario.
    expect(movers.every((r) => Number.isFinite(r.baseline_contrib_profit) && Number.isFinite(r.contrib_profit))).toBe(true);
  });
});

describe('a metric the baseline was graded without', () => {
  it('lists movers with no baseline points for it (the profit-first preset adds margin after the pin)', async () => {
    const { PRESETS } = await import('../../src/model/config');
    const { BASELINE_COLUMNS_SQL } = await import('../../src/model/fast/sql');
    const grader = new Grader(engine);
    await grader.run(SAMPLE_MAPPING, CLASSIC_CRM);
    await engine.query(buildSnapshotSql(GRADES_BASELINE));
    grader.invalidate('norms');
    const result = await grader.run(SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics: structuredClone(PRESETS.profitFirst.metrics) });
    const contribs = result.plan.used.map((m) => contribColumn(m.id));
    expect(contribs).toContain('contrib_margin');
    const baseline = new Set(toRows<{ c: string }>(await engine.query(BASELINE_COLUMNS_SQL)).map((r) => r.c));
    expect(baseline.has('contrib_margin')).toBe(false);
    const movers = toRows<Record<string, unknown>>(await engine.query(buildScenarioMoversSql(contribs, 200, baseline)));
    expect(movers.length).toBeGreaterThan(0);
    expect(movers.every((m) => m.baseline_contrib_margin === null && typeof m.contrib_margin === 'number')).toBe(true);
    // And the fast path agrees.
    const fast = await grader.regradeFast(SAMPLE_MAPPING, { ...CLASSIC_CRM, metrics: structuredClone(PRESETS.profitFirst.metrics) }, { movers: true });
    expect(fast.movers!.map((m) => m.customer_id)).toEqual(movers.map((m) => m.customer_id));
  });
});

