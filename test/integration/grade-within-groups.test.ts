// Grading within groups on the real engine, against an independent computation in the
// test: each customer type of the sample normalised, ranked and cut on its own (the
// README's method written in plain TS, test/support/reference-grading.ts), the
// cumulative share per group, the small-group rounding, and the group × grade matrix.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node-engine';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { CLASSIC_CRM, PROFIT_ABC_RULE, type GradingConfig } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { GradingInputError, runGrading } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { buildGradedExportSql } from '../../src/model/report-sql';
import { buildCustomerActionsViewSql, buildGradePolicyViewSql } from '../../src/model/policy-sql';
import { policyRows } from '../../src/model/policy';
import { referenceGrade } from '../support/reference-grading';
import { openSampleEngine } from '../support/sample';

const WITHIN_TYPE: GradingConfig = { ...CLASSIC_CRM, groupBy: 'customerType' };
const ABCD = [
  { name: 'A', share: 20 },
  { name: 'B', share: 30 },
  { name: 'C', share: 30 },
  { name: 'D', share: 20 },
];

interface Raw {
  customer_id: string;
  customer_type: string | null;
  order_amount: number;
  profit: number;
}

function byGroup<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

describe('grading within groups, on the sample (within customer type)', () => {
  let engine: Engine;
  let raw: Raw[];
  beforeAll(async () => {
    engine = await openSampleEngine();
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    raw = toRows<Raw>(await engine.query('SELECT customer_id, customer_type, order_amount, profit FROM customer_metrics'));
  });
  afterAll(async () => engine?.close());

  it('normalises, ranks and cuts each customer type among its own customers, as the README method does per group', async () => {
    const result = await runGrading(engine, SAMPLE_MAPPING, WITHIN_TYPE);
    expect(result.group).toBe('customerType');
    const graded = new Map(
      toRows<{ customer_id: string; grade: string; grade_rank: number; grade_group: string }>(
        await engine.query('SELECT customer_id, grade, CAST(grade_rank AS INTEGER) AS grade_rank, grade_group FROM customers_graded'),
      ).map((r) => [r.customer_id, r]),
    );
    const groups = byGroup(raw, (r) => r.customer_type ?? '');
    expect([...groups.keys()].sort()).toEqual(['Consumer', 'Corporate', 'Home Office']);
    let checked = 0;
    for (const [type, rows] of groups) {
      // The sample has no payment data: order amount 30 and profit 60 carry the score.
      const ref = referenceGrade(
        rows.map((r) => ({ id: r.customer_id, values: { amount: r.order_amount, profit: r.profit }, profit: r.profit })),
        [
          { key: 'amount', weight: 30, higherIsBetter: true },
          { key: 'profit', weight: 60, higherIsBetter: true },
        ],
        ABCD,
      );
      for (const r of ref) {
        const g = graded.get(r.id)!;
        expect({ id: r.id, grade: g.grade, rank: g.grade_rank, group: g.grade_group }).toEqual({ id: r.id, grade: r.grade, rank: r.rank, group: type });
        checked++;
      }
    }
    expect(checked).toBe(793);
  });

  it('gives the group × grade matrix with shares within each group, the largest group first', async () => {
    const result = await runGrading(engine, SAMPLE_MAPPING, WITHIN_TYPE);
    const m = result.groupMatrix!;
    const graded = toRows<{ grade_group: string; grade: string; order_amount: number; profit: number }>(
      await engine.query('SELECT grade_group, grade, order_amount, profit FROM customers_graded'),
    );
    const cells = byGroup(graded, (r) => `${r.grade_group}|${r.grade}`);
    expect(m.length).toBe(cells.size);
    for (const row of m) {
      const own = cells.get(`${row.grade_group}|${row.grade}`)!;
      const group = graded.filter((r) => r.grade_group === row.grade_group);
      expect(row.customers).toBe(own.length);
      expect(row.share_customers).toBeCloseTo(own.length / group.length, 12);
      expect(row.profit).toBeCloseTo(own.reduce((s, r) => s + r.profit, 0), 6);
      expect(row.share_amount!).toBeCloseTo(own.reduce((s, r) => s + r.order_amount, 0) / group.reduce((s, r) => s + r.order_amount, 0), 12);
    }
    // Consumer has the most order amount; each group holds its 20/30/30/20 by its own count.
    expect(m[0]!.grade_group).toBe('Consumer');
    for (const [, rows] of byGroup(m, (r) => String(r.grade_group))) {
      const n = rows[0]!.group_customers;
      const count = (g: string) => rows.find((r) => r.grade === g)?.customers ?? 0;
      const a = Math.floor((2000 * n + 5000) / 10000);
      const b = Math.floor((5000 * n + 5000) / 10000);
      const c = Math.floor((8000 * n + 5000) / 10000);
      expect([count('A'), count('B'), count('C'), count('D')]).toEqual([a, b - a, c - b, n - c]);
    }
  });

  it('takes each group’s own cumulative share of profit with the profit ABC rule', async () => {
    await runGrading(engine, SAMPLE_MAPPING, { ...WITHIN_TYPE, rule: PROFIT_ABC_RULE });
    const graded = new Map(toRows<{ customer_id: string; grade: string }>(await engine.query('SELECT customer_id, grade FROM customers_graded')).map((r) => [r.customer_id, r.grade]));
    for (const [, rows] of byGroup(raw, (r) => r.customer_type ?? '')) {
      const sorted = [...rows].sort((x, y) => y.profit - x.profit || (x.customer_id < y.customer_id ? -1 : 1));
      const positive = sorted.reduce((s, r) => s + Math.max(r.profit, 0), 0);
      let before = 0;
      for (const r of sorted) {
        const expected = r.profit <= 0 ? 'D' : before * 100 < 80 * positive ? 'A' : before * 100 < 95 * positive ? 'B' : 'C';
        expect({ id: r.customer_id, grade: graded.get(r.customer_id) }).toEqual({ id: r.customer_id, grade: expected });
        before += r.profit;
      }
    }
  });

  it('exports each customer’s group only when grading within groups', async () => {
    const columns = async () => (await engine.query(buildGradedExportSql())).schema.fields.map((f) => f.name);
    await runGrading(engine, SAMPLE_MAPPING, WITHIN_TYPE);
    expect(await columns()).toContain('grade_group');
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    expect(await columns()).not.toContain('grade_group');
  });

  it('shows each (group, grade) cell’s offer in the worklist, the last one written winning, and none when not grouped', async () => {
    const offers = [
      { group: 'Corporate', grade: 'A', text: 'first draft' },
      { group: 'Corporate', grade: 'A', text: ' 专属方案 + 季度走访 ' },
      { group: 'Consumer', grade: 'D', text: '' },
      { group: "it's", grade: 'B', text: 'nobody has this group' },
    ];
    const lines = policyRows(CLASSIC_CRM.policy, 4).map((r, i) => ({ ...r, grade: 'ABCD'[i]!, manager: 'm' }));
    await runGrading(engine, SAMPLE_MAPPING, WITHIN_TYPE);
    await engine.query(buildGradePolicyViewSql(lines));
    await engine.query(buildCustomerActionsViewSql(SAMPLE_MAPPING, { asOf: null, today: '2026-01-01' }, { grouped: true, offers }));
    const withOffer = toRows<{ grade: string; grade_group: string; offer: string | null }>(
      await engine.query('SELECT g.grade, g.grade_group, a.offer FROM customer_actions AS a JOIN customers_graded AS g USING (customer_id) WHERE a.offer IS NOT NULL'),
    );
    const expected = toRows<{ n: number }>(await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM customers_graded WHERE grade = 'A' AND grade_group = 'Corporate'`))[0]!.n;
    expect(withOffer.length).toBe(expected);
    expect(new Set(withOffer.map((r) => `${r.grade_group}|${r.grade}|${r.offer}`))).toEqual(new Set(['Corporate|A|专属方案 + 季度走访']));
    await runGrading(engine, SAMPLE_MAPPING, CLASSIC_CRM);
    await engine.query(buildCustomerActionsViewSql(SAMPLE_MAPPING, { asOf: null, today: '2026-01-01' }, { grouped: false, offers }));
    expect(toRows<{ n: number }>(await engine.query('SELECT CAST(count(offer) AS INTEGER) AS n FROM customer_actions'))[0]!.n).toBe(0);
  });

  it('says when the mapping has no column for the attribute, and grades everyone together', async () => {
    const result = await runGrading(engine, SAMPLE_MAPPING, { ...CLASSIC_CRM, groupBy: 'industry' });
    expect(result.plan.groupMissing).toBe('industry');
    expect(result.group).toBeNull();
    expect(result.groupMatrix).toBeNull();
    expect(result.gradeTable.map((g) => g.customers)).toEqual([159, 238, 237, 159]);
  });
});

describe('grading within groups, small groups and many groups', () => {
  let engine: Engine;
  const mapping: SourceMapping = {
    lines: { table: 'li', orderId: 'o', customerId: 'c', amount: 'amount', profit: 'profit' },
    customers: { table: 'cu', customerId: 'id', industry: 'ind' },
  };
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(async () => engine?.close());

  it('cuts a group of 3, of 2 and of 1 by the documented rounding (3 → A B D, 2 → B C, 1 → B), blanks as a group of their own', async () => {
    await engine.query(`CREATE OR REPLACE TABLE cu AS SELECT * FROM (VALUES
      ('a1','Telecom'),('a2','Telecom'),('a3','Telecom'),('b1','Retail'),('b2','Retail'),('c1','Mining'),('d1',NULL),('d2','  ')) v(id, ind)`);
    await engine.query(`CREATE OR REPLACE TABLE li AS SELECT * FROM (VALUES
      ('o1','a1',300.0,30.0),('o2','a2',200.0,20.0),('o3','a3',100.0,10.0),('o4','b1',900.0,90.0),('o5','b2',50.0,5.0),
      ('o6','c1',10.0,1.0),('o7','d1',5.0,1.0),('o8','d2',7.0,2.0)) v(o, c, amount, profit)`);
    const result = await runGrading(engine, mapping, { ...CLASSIC_CRM, groupBy: 'industry' });
    const rows = toRows<{ customer_id: string; grade: string; grade_group: string | null }>(await engine.query('SELECT customer_id, grade, grade_group FROM customers_graded ORDER BY customer_id'));
    expect(rows.map((r) => [r.customer_id, r.grade])).toEqual([
      ['a1', 'A'],
      ['a2', 'B'],
      ['a3', 'D'],
      ['b1', 'B'],
      ['b2', 'C'],
      ['c1', 'B'],
      ['d2', 'B'],
      ['d1', 'C'],
    ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)));
    // A blank and a whitespace-only value are the same group, "no value".
    expect(rows.filter((r) => r.grade_group === null).map((r) => r.customer_id)).toEqual(['d1', 'd2']);
    expect(new Set(result.groupMatrix!.map((r) => r.grade_group))).toEqual(new Set(['Telecom', 'Retail', 'Mining', null]));
  });

  it('refuses more groups than a matrix can show, naming the count and the way out', async () => {
    await engine.query(`CREATE OR REPLACE TABLE cu AS SELECT 'c' || i AS id, 'industry ' || i AS ind FROM range(300) t(i)`);
    await engine.query(`CREATE OR REPLACE TABLE li AS SELECT 'o' || i AS o, 'c' || i AS c, 10.0 + i AS amount, 1.0 AS profit FROM range(300) t(i)`);
    const run = runGrading(engine, mapping, { ...CLASSIC_CRM, groupBy: 'industry' });
    await expect(run).rejects.toBeInstanceOf(GradingInputError);
    await expect(runGrading(engine, mapping, { ...CLASSIC_CRM, groupBy: 'industry' })).rejects.toThrow(/at most 250 groups; the data has 300 different values/);
  });
});
