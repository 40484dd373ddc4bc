// Grade rules, manual adjustments and the key-account texts' worked examples,
// in the real engine, against expectations computed here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { CLASSIC_CRM, PROFIT_ABC_RULE, validateConfig, type GradingConfig } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { ident, num, str } from '../../src/sql/quote';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(async () => engine?.close());

const mapping = (table: string): SourceMapping => ({
  lines: { table, orderId: 'order_id', customerId: 'customer', amount: 'amount', profit: 'profit' },
  orders: { table: `${table}_orders`, orderId: 'order_id', customerId: 'customer', daysLate: 'late' },
});

/** A table of one order per customer: [id, amount, profit, days late]. */
async function load(table: string, rows: [string, number, number, number | null][]): Promise<void> {
  const values = rows.map(([c, a, p, l], i) => `(${str(`o${i}`)}, ${str(c)}, ${num(a)}, ${num(p)}, ${l === null ? 'NULL' : num(l)})`).join(', ');
  await engine.query(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT order_id, customer, amount::DOUBLE amount, profit::DOUBLE profit FROM (VALUES ${values}) v(order_id, customer, amount, profit, late)`);
  await engine.query(`CREATE OR REPLACE TABLE ${ident(`${table}_orders`)} AS SELECT order_id, customer, late::DOUBLE late FROM (VALUES ${values}) v(order_id, customer, amount, profit, late)`);
}

async function grades(): Promise<Record<string, { grade: string; grade_auto: string; score: number; adjusted: boolean; adjust_reason: string | null }>> {
  const rows = toRows<{ customer_id: string; grade: string; grade_auto: string; score: number; adjusted: boolean; adjust_reason: string | null }>(
    await engine.query('SELECT customer_id, grade, grade_auto, score, adjusted, adjust_reason FROM customers_graded'),
  );
  return Object.fromEntries(rows.map((r) => [r.customer_id, r]));
}

describe('the worked examples of the key-account texts', () => {
  it('60M at 10 % margin (6M profit) ranks below 50M at 15 % (7.5M) when profit weighs most', async () => {
    await load('ex1', [
      ['big-thin', 60e6, 6e6, 0],
      ['smaller-rich', 50e6, 7.5e6, 0],
      ['small', 1e6, 0.1e6, 0],
    ]);
    await runGrading(engine, mapping('ex1'), CLASSIC_CRM);
    const g = await grades();
    expect(g['smaller-rich']!.score).toBeGreaterThan(g['big-thin']!.score);
  });

  it('scores on 100 points with credit 10 %, order amount 30 %, profit 60 %', async () => {
    // Ranks: amount a<b<c, profit c<a<b, days late b worst, a and c on time.
    await load('ex2', [
      ['a', 100, 20, 0],
      ['b', 200, 30, 30],
      ['c', 300, 10, 5],
    ]);
    await runGrading(engine, mapping('ex2'), CLASSIC_CRM);
    const g = await grades();
    // norms (credit, amount, profit): a (100, 0, 50), b (0, 50, 100), c (50, 100, 0)
    expect(g.a!.score).toBeCloseTo(0.1 * 100 + 0.3 * 0 + 0.6 * 50, 6);
    expect(g.b!.score).toBeCloseTo(0.1 * 0 + 0.3 * 50 + 0.6 * 100, 6);
    expect(g.c!.score).toBeCloseTo(0.1 * 50 + 0.3 * 100 + 0.6 * 0, 6);
    const best = { a: 0, b: 0, c: 0 };
    expect(Object.keys(best).every((k) => g[k]!.score <= 100)).toBe(true);
  });

  it('with 100 customers of which 18 bring 80 % of order amount, the cumulative rule puts exactly those 18 in A', async () => {
    const rows: [string, number, number, number | null][] = [];
    // 18 big customers: 16 × 450 + 2 × 400 = 8,000 of a 10,000 total.
    for (let i = 0; i < 18; i++) rows.push([`big${String(i).padStart(2, '0')}`, i < 16 ? 450 : 400, 10, 0]);
    // 82 small ones: 80 × 24 + 2 × 40 = 2,000.
    for (let i = 0; i < 82; i++) rows.push([`small${String(i).padStart(2, '0')}`, i < 80 ? 24 : 40, 1, 0]);
    await load('ex3', rows);
    const config: GradingConfig = { ...CLASSIC_CRM, rule: { ...PROFIT_ABC_RULE, measure: 'orderAmount' } };
    await runGrading(engine, mapping('ex3'), config);
    const g = await grades();
    const inA = Object.entries(g).filter(([, r]) => r.grade === 'A').map(([id]) => id).sort();
    expect(inA).toEqual(rows.slice(0, 18).map((r) => r[0]).sort());
  });
});

describe('grade rules', () => {
  it('thresholds: the first grade whose minimum the score reaches', async () => {
    await load('th', [
      ['a', 100, 10, 0],
      ['b', 200, 20, 0],
      ['c', 300, 30, 0],
      ['d', 400, 40, 0],
      ['e', 500, 50, 0],
    ]);
    const config: GradingConfig = {
      ...CLASSIC_CRM,
      metrics: [{ id: 'orderAmount', weight: 30 }, { id: 'profit', weight: 60 }],
      rule: { kind: 'threshold', grades: [{ name: 'A', minScore: 80 }, { name: 'B', minScore: 50 }, { name: 'C', minScore: 25 }, { name: 'D', minScore: null }] },
    };
    await runGrading(engine, mapping('th'), config);
    const g = await grades();
    // Scores are 0, 25, 50, 75, 100: boundaries belong to the higher grade.
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => [g[k]!.score, g[k]!.grade])).toEqual([
      [0, 'D'],
      [25, 'C'],
      [50, 'B'],
      [75, 'B'],
      [100, 'A'],
    ]);
  });

  it('profit ABC: A to 80 % of the positive profit, B to 95 %, C the rest with profit, D loss-making', async () => {
    await load('abc', [
      ['p1', 1, 50, 0],
      ['p2', 1, 30, 0],
      ['p3', 1, 10, 0],
      ['p4', 1, 6, 0],
      ['p5', 1, 4, 0],
      ['z', 1, 0, 0],
      ['l1', 1, -5, 0],
      ['l2', 1, -30, 0],
    ]);
    await runGrading(engine, mapping('abc'), { ...CLASSIC_CRM, rule: PROFIT_ABC_RULE });
    const g = await grades();
    // Positive total 100: before p1 0 % → A; before p2 50 % → A; before p3 80 % → B; before p4 90 % → B; before p5 96 % → C.
    expect(['p1', 'p2', 'p3', 'p4', 'p5', 'z', 'l1', 'l2'].map((k) => g[k]!.grade)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'D', 'D']);
  });

  it('any number of grades from 2 to 6 with their own names', async () => {
    const config: GradingConfig = {
      ...CLASSIC_CRM,
      rule: { kind: 'ratio', grades: [{ name: '战略', share: 10 }, { name: '重点', share: 20 }, { name: '普通', share: 40 }, { name: '维持', share: 20 }, { name: '观察', share: 10 }] },
    };
    const result = await runGrading(engine, mapping('ex3'), config);
    expect(result.gradeTable.map((r) => [r.grade, r.customers])).toEqual([
      ['战略', 10],
      ['重点', 20],
      ['普通', 40],
      ['维持', 20],
      ['观察', 10],
    ]);
  });
});

describe('manual adjustments', () => {
  const adjust = (customerId: string, grade: string, at: string, reason = 'strategic partner') => ({ customerId, grade, reason, author: '王经理', at });

  it('set the final grade, keep the automatic one, and survive weight changes', async () => {
    const base: GradingConfig = { ...CLASSIC_CRM, adjustments: [adjust('small00', 'A', '2026-01-01T00:00:00Z')] };
    await runGrading(engine, mapping('ex3'), base);
    let g = await grades();
    expect(g.small00).toMatchObject({ grade: 'A', adjusted: true, adjust_reason: 'strategic partner' });
    expect(g.small00!.grade_auto).not.toBe('A');

    await runGrading(engine, mapping('ex3'), { ...base, metrics: [{ id: 'orderAmount', weight: 90 }, { id: 'profit', weight: 10 }] });
    g = await grades();
    expect(g.small00).toMatchObject({ grade: 'A', adjusted: true });
  });

  it('the latest adjustment of a customer wins', async () => {
    const config: GradingConfig = {
      ...CLASSIC_CRM,
      adjustments: [adjust('big00', 'D', '2026-02-01T00:00:00Z', "late payer, see O'Neil"), adjust('big00', 'C', '2026-01-01T00:00:00Z')],
    };
    await runGrading(engine, mapping('ex3'), config);
    expect((await grades()).big00).toMatchObject({ grade: 'D', adjust_reason: "late payer, see O'Neil" });
  });

  it('an adjustment to a grade the rule does not have is refused with a message', () => {
    expect(validateConfig({ ...CLASSIC_CRM, adjustments: [adjust('x', 'S', '2026-01-01T00:00:00Z')] })).toContain(
      'Adjustment of customer "x" names grade "S", which the rule does not have.',
    );
  });
});

describe('determinism', () => {
  it('the same input and config give byte-identical output', async () => {
    const dump = async (e: Engine) => {
      await runGrading(e, mapping('ex3'), CLASSIC_CRM);
      const rows = toRows(await e.query('SELECT * FROM customers_graded ORDER BY customer_id'));
      return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    };
    const first = await dump(engine);
    // A fresh engine with the same table loaded the same way.
    const other = await openNodeEngine();
    try {
      const rows = toRows<Record<string, unknown>>(await engine.query('SELECT * FROM ex3 ORDER BY order_id'));
      const late = toRows<Record<string, unknown>>(await engine.query('SELECT * FROM ex3_orders ORDER BY order_id'));
      await other.query(`CREATE TABLE ex3 AS SELECT * FROM (VALUES ${rows.map((r) => `(${str(String(r.order_id))}, ${str(String(r.customer))}, ${num(Number(r.amount))}::DOUBLE, ${num(Number(r.profit))}::DOUBLE)`).join(', ')}) v(order_id, customer, amount, profit)`);
      await other.query(`CREATE TABLE ex3_orders AS SELECT * FROM (VALUES ${late.map((r) => `(${str(String(r.order_id))}, ${str(String(r.customer))}, ${num(Number(r.late))}::DOUBLE)`).join(', ')}) v(order_id, customer, late)`);
      const second = await dump(other);
      expect(second.length).toBeGreaterThan(1000);
      expect(second).toBe(first);
    } finally {
      await other.close();
    }
  });
});

describe('overdue receivables', () => {
  it('sums what each customer owes past its due date at the as-of date, and scores less as better', async () => {
    await load('rx', [
      ['a', 100, 10, 0],
      ['b', 100, 10, 0],
      ['c', 100, 10, 0],
    ]);
    await engine.query(`CREATE OR REPLACE TABLE ar AS SELECT * FROM (VALUES
      ('a', 500.0, DATE '2025-01-31', NULL::DATE),
      ('a', 300.0, DATE '2025-12-31', NULL::DATE),
      ('b', 900.0, DATE '2025-01-31', DATE '2025-02-10'),
      ('c', 50.0, DATE '2025-03-31', NULL::DATE)) v(客户, 金额, 到期日, 回款日)`);
    const m: SourceMapping = { ...mapping('rx'), receivables: { table: 'ar', customerId: '客户', amount: '金额', dueDate: '到期日', paidDate: '回款日' } };
    const config: GradingConfig = { ...CLASSIC_CRM, metrics: [{ id: 'overdue', weight: 1 }], asOf: '2025-06-30' };
    await runGrading(engine, m, config);
    const rows = toRows<{ customer_id: string; overdue_receivables: number; score: number }>(
      await engine.query('SELECT customer_id, overdue_receivables, score FROM customers_graded ORDER BY customer_id'),
    );
    // a: 500 overdue (the 300 is not due yet); b paid; c owes 50 past due.
    expect(rows.map((r) => [r.customer_id, r.overdue_receivables])).toEqual([
      ['a', 500],
      ['b', 0],
      ['c', 50],
    ]);
    expect(rows.map((r) => r.score)).toEqual([0, 100, 50]);
  });
});
