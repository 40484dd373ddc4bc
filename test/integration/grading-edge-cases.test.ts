// The grading SQL on small hand-made tables in the real engine: ties, customers
// without orders, hostile names, tiny and empty inputs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { ident } from '../../src/sql/quote';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => engine?.close());

async function graded() {
  return toRows<{ customer_id: string; score: number | null; grade_rank: number; grade: string; order_amount: number }>(
    await engine.query('SELECT customer_id, score, grade_rank, grade, order_amount FROM customers_graded ORDER BY grade_rank'),
  );
}

const singleTable = (table: string): SourceMapping => ({
  lines: { table, orderId: 'order', customerId: 'customer', amount: 'amount', profit: 'profit' },
});

describe('grading edge cases in DuckDB-WASM', () => {
  it('breaks score ties by higher profit, then customer id', async () => {
    // c1 and c2 swap ranks on amount and profit so their scores differ; c3/c4/c5 are identical twins in score.
    await engine.query(`CREATE OR REPLACE TABLE t AS SELECT * FROM (VALUES
      ('o1','c5',100.0,10.0), ('o2','c4',100.0,10.0), ('o3','c3',100.0,10.0),
      ('o4','c1',500.0,50.0), ('o5','c2',50.0,5.0)) v("order", customer, amount, profit)`);
    await runGrading(engine, singleTable('t'), CLASSIC_CRM);
    const rows = await graded();
    expect(rows.map((r) => r.customer_id)).toEqual(['c1', 'c3', 'c4', 'c5', 'c2']);
    expect(rows[1]!.score).toBe(rows[3]!.score);
    // n = 5: A ≤ 1, B ≤ round(2.5) = 3, C ≤ 4, D the rest.
    expect(rows.map((r) => r.grade)).toEqual(['A', 'B', 'B', 'C', 'D']);
  });

  it('grades customers of the master table that have no orders, as zero amount and zero profit', async () => {
    await engine.query(`CREATE OR REPLACE TABLE cu AS SELECT * FROM (VALUES ('c1','One'),('c2','Two'),('c9','Nine')) v(id, name)`);
    await engine.query(`CREATE OR REPLACE TABLE li AS SELECT * FROM (VALUES ('o1','c1',10.0,1.0),('o2','c2',20.0,-3.0)) v("order", customer, amount, profit)`);
    const result = await runGrading(engine, { ...singleTable('li'), customers: { table: 'cu', customerId: 'id', name: 'name' } }, CLASSIC_CRM);
    expect(result.totals.customers).toBe(3);
    const rows = await graded();
    // c9 (no orders) and c2 (amount 20, loss 3) tie at 33.33: no profit beats a loss.
    expect(rows.map((r) => [r.customer_id, r.order_amount])).toEqual([
      ['c1', 10],
      ['c9', 0],
      ['c2', 20],
    ]);
    expect(rows[1]!.score).toBe(rows[2]!.score);
  });

  it('reads tables and columns with hostile names without breaking the SQL', async () => {
    const table = 'lines"; DROP TABLE cu; --';
    const cols = { order: '订单 "号"', customer: "客户'编号", amount: '销售额 (¥)', profit: '利润;--' };
    await engine.query(
      `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM (VALUES ('o1','甲',10.0,1.0),('o2','乙',30.0,2.0)) v(${Object.values(cols).map(ident).join(', ')})`,
    );
    const result = await runGrading(engine, { lines: { table, orderId: cols.order, customerId: cols.customer, amount: cols.amount, profit: cols.profit } }, CLASSIC_CRM);
    expect(result.totals.customers).toBe(2);
    expect((await graded()).map((r) => r.customer_id)).toEqual(['乙', '甲']);
    // The master table is still there.
    expect(toRows(await engine.query('SELECT count(*) AS n FROM cu'))[0]).toEqual({ n: 3 });
  });

  it('grades a single customer and an empty table without failing', async () => {
    await engine.query(`CREATE OR REPLACE TABLE one AS SELECT 'o1' AS "order", 'c1' AS customer, 5.0 AS amount, 1.0 AS profit`);
    let result = await runGrading(engine, singleTable('one'), CLASSIC_CRM);
    expect(result.gradeTable.map((g) => g.customers)).toEqual([0, 1, 0, 0]);

    await engine.query(`CREATE OR REPLACE TABLE none AS SELECT * FROM one WHERE false`);
    result = await runGrading(engine, singleTable('none'), CLASSIC_CRM);
    expect(result.totals.customers).toBe(0);
    expect(result.gradeTable.map((g) => [g.grade, g.customers, g.share_customers])).toEqual([
      ['A', 0, null],
      ['B', 0, null],
      ['C', 0, null],
      ['D', 0, null],
    ]);
  });

  it('scores without profit when the data has none, and says so', async () => {
    const result = await runGrading(engine, { lines: { table: 'li', orderId: 'order', customerId: 'customer', amount: 'amount' } }, CLASSIC_CRM);
    expect(result.plan.missing).toEqual(['credit', 'profit']);
    expect((await graded()).map((r) => [r.customer_id, r.score])).toEqual([
      ['c2', 100],
      ['c1', 0],
    ]);
  });

  it('uses average days late per order as a lower-is-better credit metric', async () => {
    await engine.query(`CREATE OR REPLACE TABLE ol AS SELECT * FROM (VALUES
      ('o1',10.0,1.0),('o1',10.0,1.0),('o2',10.0,1.0),('o3',10.0,1.0)) v("order", amount, profit)`);
    await engine.query(`CREATE OR REPLACE TABLE oh AS SELECT * FROM (VALUES ('o1','slow',30),('o2','fast',0),('o3','fast',2)) v("order", customer, late)`);
    const result = await runGrading(
      engine,
      { lines: { table: 'ol', orderId: 'order', amount: 'amount', profit: 'profit' }, orders: { table: 'oh', orderId: 'order', customerId: 'customer', daysLate: 'late' } },
      { ...CLASSIC_CRM, metrics: [{ id: 'credit', weight: 10 }] },
    );
    expect(result.plan.missing).toEqual([]);
    const m = toRows<{ customer_id: string; avg_days_late: number; order_count: number }>(
      await engine.query('SELECT customer_id, avg_days_late, CAST(order_count AS INTEGER) AS order_count FROM customer_metrics ORDER BY 1'),
    );
    // 'slow' has one order with two lines: days late count once, not per line.
    expect(m).toEqual([
      { customer_id: 'fast', avg_days_late: 1, order_count: 2 },
      { customer_id: 'slow', avg_days_late: 30, order_count: 1 },
    ]);
    expect((await graded())[0]!.customer_id).toBe('fast');
  });

  it('makes no request for extensions: formats DuckDB would download fail with a message', async () => {
    await expect(engine.query(`SELECT * FROM read_parquet('x.parquet')`)).rejects.toThrow(/parquet/i);
  });
});
