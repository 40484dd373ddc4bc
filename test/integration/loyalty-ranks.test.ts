// The loyalty index's percentile ranks, taken from counts per distinct value (metrics-sql.ts),
// against DuckDB's own percent_rank() windows over the same columns: equal for every
// customer, on the sample, on generated orders, and on a customer-level table whose order
// counts are heavily tied (the missing ones count as 0 orders).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { buildCustomerMetricsSql } from '../../src/model/metrics-sql';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import type { SourceMapping } from '../../src/model/source';
import { toRows } from '../../src/results/rows';
import { openSampleEngine } from '../support/sample';
import { syntheticMapping, syntheticSql } from '../support/synthetic';

const REFERENCE = `SELECT count(*) AS customers, count(loyalty_index) AS ranked,
  count(*) FILTER (WHERE loyalty_index IS DISTINCT FROM reference) AS different
FROM (
  SELECT loyalty_index, CASE WHEN tenure_days IS NULL THEN NULL ELSE round(100 * (
      percent_rank() OVER (PARTITION BY tenure_days IS NULL ORDER BY tenure_days)
    + percent_rank() OVER (PARTITION BY tenure_days IS NULL ORDER BY order_count)
    + percent_rank() OVER (PARTITION BY tenure_days IS NULL ORDER BY recency_days DESC)) / 3, 6) END AS reference
  FROM customer_metrics
)`;

async function compare(engine: Engine, mapping: SourceMapping) {
  await engine.query(buildCustomerMetricsSql(mapping));
  return toRows<{ customers: number; ranked: number; different: number }>(await engine.query(REFERENCE))[0]!;
}

let engine: Engine;
beforeAll(async () => {
  engine = await openSampleEngine();
}, 60_000);
afterAll(async () => engine?.close());

describe('the loyalty index’s ranks', () => {
  it('equal percent_rank() on the sample', async () => {
    expect(await compare(engine, SAMPLE_MAPPING)).toEqual({ customers: 793, ranked: 793, different: 0 });
  });

  it('equal percent_rank() on 20,000 generated customers', async () => {
    const e = await openNodeEngine();
    try {
      for (const s of syntheticSql({ customers: 20_000, seed: 42, industries: 0 })) await e.query(s);
      const r = await compare(e, syntheticMapping(true, false));
      expect(r.different).toBe(0);
      expect(r.ranked).toBeGreaterThan(19_000);
    } finally {
      await e.close();
    }
  }, 60_000);

  it('equal percent_rank() on a customer-level table with heavily tied order counts, some missing', async () => {
    await engine.query(`CREATE OR REPLACE TABLE acct AS
SELECT 'k' || i AS account, 1000.0 + i AS revenue,
  CASE WHEN i % 7 = 0 THEN NULL ELSE i % 5 END AS orders,
  DATE '2020-01-01' + INTERVAL (i % 40) DAY AS first_order,
  DATE '2024-01-01' + INTERVAL (i % 13) DAY AS last_order
FROM range(300) t(i)`);
    const mapping: SourceMapping = {
      lines: { table: 'acct', customerId: 'account', orderId: 'account', amount: 'revenue', perCustomer: { orderCount: 'orders', firstOrder: 'first_order', lastOrder: 'last_order' } },
    };
    expect(await compare(engine, mapping)).toEqual({ customers: 300, ranked: 300, different: 0 });
  });
});
