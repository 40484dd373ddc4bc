// The value step's scatter (last 12 months against the prediction) over the real engine on
// the sample: every customer with a prediction when there are few, the largest by either
// measure always kept when sampled, and the spec draws them with the diagonal.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { CLASSIC_CRM } from '../../src/model/config';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { runGrading } from '../../src/pipeline/run-grading';
import { buildValueScatterSql, type ValuePoint } from '../../src/model/value-report-sql';
import { valueScatterSpec } from '../../src/charts/value-scatter';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';

let engine: Engine;
beforeAll(async () => {
  engine = await openSampleEngine();
  await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
});
afterAll(async () => engine?.close());

describe('the value scatter', () => {
  it('sends every customer with a prediction, with its last 12 months as graded', async () => {
    const points = toRows<ValuePoint>(await engine.query(buildValueScatterSql()));
    const graded = toRows<{ customer_id: string; amount_last12: number; predicted_amount: number }>(
      await engine.query('SELECT customer_id, amount_last12, predicted_amount FROM customers_graded WHERE predicted_amount IS NOT NULL'),
    );
    expect(graded.length).toBeGreaterThan(700);
    expect(points).toHaveLength(graded.length);
    const byId = new Map(graded.map((g) => [g.customer_id, g]));
    for (const p of points) {
      expect(p.amount_last12).toBeCloseTo(byId.get(p.customer_id)!.amount_last12, 6);
      expect(p.predicted_amount).toBeCloseTo(byId.get(p.customer_id)!.predicted_amount, 6);
    }
  });

  it('samples many customers but keeps the largest by either measure', async () => {
    const points = toRows<ValuePoint>(await engine.query(buildValueScatterSql(120)));
    expect(points.length).toBeLessThan(400);
    const ids = new Set(points.map((p) => p.customer_id));
    const top = toRows<{ customer_id: string }>(
      await engine.query(`(SELECT customer_id FROM customers_graded WHERE predicted_amount IS NOT NULL ORDER BY predicted_amount DESC, customer_id LIMIT 20)
        UNION ALL (SELECT customer_id FROM customers_graded WHERE predicted_amount IS NOT NULL ORDER BY amount_last12 DESC NULLS LAST, customer_id LIMIT 20)`),
    );
    for (const t of top) expect(ids.has(t.customer_id)).toBe(true);
    const spec = valueScatterSpec(points, ['A', 'B', 'C', 'D'], { title: 't', description: 'd', past: 'p', ahead: 'a', grade: 'g', customer: 'c', pAlive: 'pa', diagonal: 'same' }) as unknown as {
      layer: { data: { values: unknown[] } }[];
    };
    expect(spec.layer[2]!.data.values).toHaveLength(points.length);
    const [from, to] = spec.layer[0]!.data.values as { a: number; b: number }[];
    expect(from).toEqual({ a: 0, b: 0 });
    expect(to!.a).toBe(to!.b);
    expect(to!.a).toBe(Math.max(...points.map((p) => Math.max(p.amount_last12, p.predicted_amount))));
  });
});
