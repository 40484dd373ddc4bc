// Strategic value and satisfaction rated by hand, in the real engine: a rating
// entered on the page makes the metric available, takes the place of an imported
// one, and scores like any rating (percentile among the customers rated).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { CLASSIC_CRM, type GradingConfig } from '../../src/model/config';
import { availableMetrics } from '../../src/model/metrics-sql';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';

let engine: Engine;
beforeAll(async () => {
  engine = await openSampleEngine();
});
afterAll(() => engine?.close());

interface Row {
  customer_id: string;
  strategic_rating: number | null;
  norm_strategic_rating: number | null;
  contrib_strategic_rating: number | null;
  score: number;
}

const ids = async () => toRows<{ customer_id: string }>(await engine.query('SELECT "Customer ID" AS customer_id FROM customers ORDER BY 1 LIMIT 4')).map((r) => r.customer_id);

describe('ratings entered by hand', () => {
  it('make strategic value available and score the rated customers by percentile, the others on their other weights', async () => {
    const [a, b, c] = await ids();
    expect(availableMetrics(SAMPLE_MAPPING).has('strategic')).toBe(false);
    const config: GradingConfig = {
      ...CLASSIC_CRM,
      metrics: [...CLASSIC_CRM.metrics, { id: 'strategic', weight: 20 }],
      ratings: { strategic: { [a!]: 5, [b!]: 3, [c!]: 1 }, satisfaction: {} },
    };
    expect(availableMetrics(SAMPLE_MAPPING, config).has('strategic')).toBe(true);
    const result = await runGrading(engine, SAMPLE_MAPPING, config);
    expect(result.plan.used.map((m) => m.id)).toContain('strategic');
    const rows = toRows<Row>(await engine.query('SELECT customer_id, strategic_rating, norm_strategic_rating, contrib_strategic_rating, score FROM customers_graded'));
    const by = new Map(rows.map((r) => [r.customer_id, r]));
    // Percentile rank among the three rated: 5 → 100, 3 → 50, 1 → 0.
    expect([a, b, c].map((id) => by.get(id!)!.norm_strategic_rating)).toEqual([100, 50, 0]);
    expect(by.get(a!)!.strategic_rating).toBe(5);
    // Everyone else has no rating: no points from it, and is scored on the other weights.
    const others = rows.filter((r) => ![a, b, c].includes(r.customer_id));
    expect(others.every((r) => r.norm_strategic_rating === null && r.contrib_strategic_rating === null)).toBe(true);
    expect(by.get(a!)!.contrib_strategic_rating).toBeGreaterThan(0);
  });

  it('takes the place of an imported rating', async () => {
    const [a, b] = await ids();
    // Import a strategic rating of 2 for everyone, then rate one customer 5 by hand.
    await engine.query(`CREATE OR REPLACE TABLE customers_rated AS SELECT *, 2 AS "Strategic" FROM ${SAMPLE_MAPPING.customers!.table}`);
    const mapping = { ...SAMPLE_MAPPING, customers: { ...SAMPLE_MAPPING.customers!, table: 'customers_rated', strategic: 'Strategic' } };
    const config: GradingConfig = { ...CLASSIC_CRM, metrics: [...CLASSIC_CRM.metrics, { id: 'strategic', weight: 20 }], ratings: { strategic: { [a!]: 5 }, satisfaction: {} } };
    await runGrading(engine, mapping, config);
    const rows = toRows<Row>(await engine.query(`SELECT customer_id, strategic_rating, norm_strategic_rating FROM customers_graded WHERE customer_id IN ('${a}', '${b}') ORDER BY customer_id`));
    expect(rows.map((r) => r.strategic_rating)).toEqual([5, 2]);
    expect(rows[0]!.norm_strategic_rating).toBe(100);
    expect(rows[1]!.norm_strategic_rating).toBe(0);
  });
});
