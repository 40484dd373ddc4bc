// The customer-value step on any Engine, for the bench: the simulated orders loaded
// through a registered CSV (not timed), then the page's own runValueStep (history SQL,
// the fits in TypeScript, the predictions written back), timed by stage.

import type { Engine } from '../../src/db/engine';
import { CLASSIC_CRM } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { runValueStep } from '../../src/pipeline/value-step';
import { toRows } from '../../src/results/rows';
import { SIMULATED_AS_OF, simulatedOrdersCsv } from '../support/bgnbd-orders';

export const VALUE_TABLE = 'vb_orders';
const mapping: SourceMapping = { lines: { table: VALUE_TABLE, orderId: 'order_id', customerId: 'customer_id', orderDate: 'order_date', amount: 'amount' } };

export interface ValueRun {
  customers: number;
  lines: number;
  /** The whole step, and its stages (history SQL, the fits, the predictions in JS, writing them back). */
  totalMs: number;
  stages: Record<string, number>;
  converged: boolean;
  params: Record<string, number>;
  /** Σ predicted order amount over the horizon, to compare engines. */
  predictedAmount: number;
}

/** Load `customers` simulated customers' orders into vb_orders. */
export async function loadSimulatedOrders(engine: Engine, customers: number, seed: number): Promise<number> {
  const { csv, lines } = simulatedOrdersCsv(customers, seed);
  const file = 'vb_orders.csv';
  await engine.registerFile(file, new TextEncoder().encode(csv));
  try {
    await engine.query(`CREATE OR REPLACE TABLE ${VALUE_TABLE} AS
SELECT customer_id, order_date, amount, customer_id || '-' || strftime(order_date, '%Y%m%d') AS order_id
FROM read_csv('${file}', header = true, columns = {'customer_id': 'VARCHAR', 'order_date': 'DATE', 'amount': 'DOUBLE'})`);
  } finally {
    await engine.dropFile(file);
  }
  return lines;
}

export async function runValueBench(engine: Engine, now: () => number): Promise<Omit<ValueRun, 'lines'>> {
  const t0 = now();
  const step = await runValueStep(engine, mapping, { ...CLASSIC_CRM, asOf: SIMULATED_AS_OF });
  const totalMs = now() - t0;
  const fit = step.fit;
  if (!fit?.bgnbd || !step.table) throw new Error(`The value step did not predict: ${step.reasons.map((r) => r.text.en).join(' ')}`);
  const [sum] = toRows<{ s: number }>(await engine.query(`SELECT sum(clv_amount) AS s FROM ${step.table}`));
  return {
    customers: fit.customers,
    totalMs,
    stages: { ...fit.timings },
    converged: fit.bgnbd.converged && (fit.spendAmount?.converged ?? false),
    params: { ...fit.bgnbd.params, ...(fit.spendAmount?.params ?? {}) },
    predictedAmount: sum?.s ?? NaN,
  };
}
