// The slider's fast path in pure TS: where the cuts fall among the bins, how bins,
// split rows and adjusted customers add up, and the shape of the two statements.
// Their results against the full path run in the engine (test/integration/fast-regrade.test.ts).

import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM, type GradeRule, type GradingConfig } from '../../src/model/config';
import { assembleFast } from '../../src/model/fast/assemble';
import { NO_BIN, UNSCORED_BIN, binKey, type BinRow } from '../../src/model/fast/bins';
import { cutScores, pivotsOf, planSplits } from '../../src/model/fast/splits';
import { buildFastBaseSql, buildFastBinsSql, buildFastMoversSql, buildFastResolveSql, doubleLiteral, fastTerms, type FastLayout } from '../../src/model/fast/sql';
import { buildGradeSql } from '../../src/model/grade-sql';
import { planScore } from '../../src/model/norms-sql';
import type { MetricId } from '../../src/model/metrics';
import { scoreSql } from '../../src/model/score-sql';

const plan = planScore(CLASSIC_CRM, new Set<MetricId>(['credit', 'orderAmount', 'profit']));
const layout: FastLayout = { nullable: ['credit'], baselineContribs: [] };

const bin = (b: number, n: number, baseline: number | null = 0): BinRow => ({
  bin: b,
  baseline_index: baseline,
  n_all: n,
  customers: n,
  order_amount: n * 10,
  profit: n,
  loss_making: 0,
});

describe('planSplits: ratio rule', () => {
  // Rank order: bin 190 (positions 1–3), 150 (4–4), 100 (5–9), 20 (10–10), unscored (11–12).
  const bins = [bin(100, 3, 0), bin(190, 3), bin(100, 2, 1), bin(UNSCORED_BIN, 2), bin(20, 1), bin(150, 1)];
  const rule = (shares: number[]): GradeRule => ({ kind: 'ratio', grades: shares.map((share, i) => ({ name: `G${i}`, share })) });

  it('splits the bins that hold a cut position and grades every other bin whole', () => {
    // 12 customers at 25/25/25/25: cuts at positions 3, 6, 9.
    const p = planSplits(rule([25, 25, 25, 25]), bins);
    expect(p.groups.get(0)!.cuts).toEqual([3, 6, 9]);
    // Cut 3 is the last of bin 190; cuts 6 and 9 are the 2nd and the 5th (last) of bin 100 (0-based offsets).
    expect(p.groups.get(0)!.probes).toEqual([
      { bin: 190, offset: 2 },
      { bin: 100, offset: 1 },
      { bin: 100, offset: 4 },
    ]);
    expect([...p.split].sort()).toEqual([100, 190]);
    expect(Object.fromEntries(p.binGrade)).toEqual({ 150: 1, 20: 3, [UNSCORED_BIN]: 3 });
  });
  it('has no pivot for a cut at position 0, and ranks unscored customers last', () => {
    // 0/0/90/10 of 12: cuts at 0, 0 and 11 (the first unscored customer).
    const p = planSplits(rule([0, 0, 90, 10]), bins);
    expect(p.groups.get(0)!.cuts).toEqual([0, 0, 11]);
    expect(p.groups.get(0)!.probes).toEqual([
      { bin: NO_BIN, offset: 0 },
      { bin: NO_BIN, offset: 0 },
      { bin: UNSCORED_BIN, offset: 0 },
    ]);
    expect(p.binGrade.get(190)).toBe(2);
  });
  it('uses the documented cut positions', () => {
    expect(planSplits(CLASSIC_CRM.rule, [bin(50, 793)]).groups.get(0)!.cuts).toEqual([159, 397, 634]);
  });
});

describe('planSplits: ratio rule within groups', () => {
  it('cuts each group by its own count, keying its bins apart from the other groups’', () => {
    // Group 0: 3 customers in bin 100; group 1: 1 customer in bin 100 and 4 in bin 50.
    const bins = [{ ...bin(100, 3), g: 0 }, { ...bin(100, 1), g: 1 }, { ...bin(50, 4), g: 1 }];
    const p = planSplits(CLASSIC_CRM.rule, bins);
    // n = 3: cuts 1, 2, 2; n = 5: cuts 1, 3, 4.
    expect(p.groups.get(0)!.cuts).toEqual([1, 2, 2]);
    expect(p.groups.get(1)!.cuts).toEqual([1, 3, 4]);
    expect([...p.split].sort((a, b) => a - b)).toEqual([100, binKey(1, 50), binKey(1, 100)]);
    expect(p.before.get(binKey(1, 50))).toBe(1);
    expect(p.groups.get(1)!.probes).toEqual([
      { bin: 100, offset: 0 },
      { bin: 50, offset: 1 },
      { bin: 50, offset: 2 },
    ]);
  });
});

describe('planSplits: threshold rule', () => {
  const rule: GradeRule = { kind: 'threshold', grades: [{ name: 'A', minScore: 70 }, { name: 'B', minScore: 33.3 }, { name: 'C', minScore: null }] };
  it('reads the bins around each threshold row by row and grades the rest by their scores', () => {
    const bins = [bin(200, 1), bin(141, 1), bin(140, 1), bin(139, 1), bin(138, 1), bin(67, 1), bin(66, 1), bin(64, 1), bin(0, 1), bin(UNSCORED_BIN, 1)];
    const p = planSplits(rule, bins);
    // Around 70: bins 139, 140, 141; around 33.3: 65, 66, 67.
    expect([...p.split].sort((a, b) => a - b)).toEqual([65, 66, 67, 139, 140, 141]);
    expect(Object.fromEntries(p.binGrade)).toEqual({ 200: 0, 138: 1, 64: 2, 0: 2, [UNSCORED_BIN]: 2 });
    expect(cutScores(rule, [])).toEqual([70, 33.3]);
  });
});

describe('assembleFast', () => {
  const grades = [{ name: 'A' }, { name: 'B' }, { name: 'C' }];
  const statics = (adjusted = [] as Parameters<typeof assembleFast>[4]['adjusted']) => ({
    totals: { customers: 10, order_amount: 200, profit: 10, loss_making: 1 },
    adjusted,
  });
  it('adds whole bins, split rows and adjusted customers into the grade table, matrix and summary', () => {
    const plan = { binGrade: new Map([[180, 0], [20, 2]]), split: new Set([100]), groups: new Map(), before: new Map() };
    const bins: BinRow[] = [
      { bin: 180, baseline_index: 0, n_all: 2, customers: 2, order_amount: 100, profit: 10, loss_making: 0 },
      { bin: 180, baseline_index: 1, n_all: 2, customers: 1, order_amount: 50, profit: -5, loss_making: 1 },
      { bin: 100, baseline_index: 1, n_all: 3, customers: 3, order_amount: 30, profit: null, loss_making: 0 },
      { bin: 20, baseline_index: null, n_all: 2, customers: 2, order_amount: 20, profit: 5, loss_making: 0 },
    ];
    const splits = [{ bin: 100, baseline_index: 1, grade_index: 2, n_all: 3, customers: 3, order_amount: 30, profit: null, loss_making: 0 }];
    // One customer in bin 180 was set to C by hand: counted in C, from baseline B.
    const r = assembleFast(grades, bins, splits, plan, statics([{ grade_index: 2, baseline_index: 1, customers: 1, order_amount: 0, profit: 0, loss_making: 0 }]));
    expect(r.gradeTable.map((g) => [g.grade, g.customers, g.order_amount, g.profit])).toEqual([
      ['A', 3, 150, 5],
      ['B', 0, 0, 0],
      ['C', 6, 50, 5],
    ]);
    expect(r.gradeTable[0]!.share_customers).toBeCloseTo(3 / 9);
    expect(r.summary).toEqual({ up: 1, down: 4, compared: 7 });
    expect(r.matrix.find((c) => c.before_index === 1 && c.after_index === 2)).toMatchObject({ customers: 4, profit: 0 });
    expect(r.totals).toEqual(statics().totals);
    // The histogram counts every customer of a bin by automatic grade, the adjusted one too.
    expect(r.histogram).toEqual([
      { bin: 20, grade_index: 2, customers: 2 },
      { bin: 100, grade_index: 2, customers: 3 },
      { bin: 180, grade_index: 0, customers: 4 },
    ]);
  });
  it('keeps SQL SUM semantics: no profit at all is NULL, and shares of a zero total are NULL', () => {
    const plan = { binGrade: new Map([[5, 1]]), split: new Set<number>(), groups: new Map(), before: new Map() };
    const r = assembleFast(grades, [{ ...bin(5, 2, null), profit: null, order_amount: 0 }], [], plan, statics());
    expect(r.gradeTable[1]).toMatchObject({ profit: 0, share_profit: null, share_amount: null, share_customers: 1 });
    expect(assembleFast(grades, [], [], plan, statics()).gradeTable[0]!.share_customers).toBeNull();
  });
});

describe('SQL builders', () => {
  it('scores with the full path’s expression and weight literals', () => {
    const terms = fastTerms(plan, layout);
    expect(scoreSql(terms)).toBe(
      `round((CAST('10' AS DOUBLE) * "z_credit" + CAST('30' AS DOUBLE) * "z_orderAmount" + CAST('60' AS DOUBLE) * "z_profit") / (CAST('10' AS DOUBLE) * "p_credit" + CAST('30' AS DOUBLE) + CAST('60' AS DOUBLE)) * 1e6) / 1e6`,
    );
    // The full path: the same terms over customer_norms, missing norms as 0 and absent weights.
    expect(buildGradeSql(CLASSIC_CRM, plan)).toContain(
      `round((CAST('10' AS DOUBLE) * COALESCE("norm_avg_days_late", 0) + CAST('30' AS DOUBLE) * COALESCE("norm_order_amount", 0)`,
    );
  });
  it('bins with a perfect-hash key: UTINYINT score bin by baseline grade', () => {
    expect(buildFastBinsSql(plan, layout, CLASSIC_CRM.rule)).toContain('AS UTINYINT) AS bin, bi AS baseline_index');
  });
  it('reads only the split bins row by row, ranking each bin alone: a row’s position is the customers before its bin plus its rank', () => {
    const split = {
      binGrade: new Map(),
      split: new Set([100, 190]),
      groups: new Map([[0, { probes: [{ bin: 190, offset: 2 }, { bin: NO_BIN, offset: 0 }, { bin: 100, offset: 4 }], cuts: [3, 0, 9] }]]),
      before: new Map([[190, 0], [100, 4]]),
    };
    const sql = buildFastResolveSql(plan, layout, CLASSIC_CRM.rule, split);
    expect(sql).toContain('WHERE list_contains([100, 190], bin)');
    expect(sql).toContain('row_number() OVER (PARTITION BY bin ORDER BY sk DESC, pk DESC, id_rank) AS rn');
    expect(sql).toContain('CAST(CASE bin WHEN 190 THEN 0 WHEN 100 THEN 4 END + rn > 3 AS UTINYINT)');
    expect(sql).toContain("SELECT 'pivot' AS part, bin, rn, sk, pk, id_rank FROM ts_w WHERE (bin = 190 AND rn = 3) OR (bin = 100 AND rn = 5)");
    // Two cuts at one position (an empty grade between them) share their pivot.
    const rows = [{ bin: 190, rn: 3, sk: 1, pk: 2, id_rank: 7 }, { bin: 100, rn: 5, sk: 0, pk: 0, id_rank: 9 }];
    expect(pivotsOf({ ...split, groups: new Map([[0, { cuts: [3, 3, 9], probes: [{ bin: 190, offset: 2 }, { bin: 190, offset: 2 }, { bin: 100, offset: 4 }] }]]) }, rows).map((p) => [p.cut, p.id_rank])).toEqual([
      [0, 7],
      [1, 7],
      [2, 9],
    ]);
  });
  it('looks for movers in the head of the table only, comparing with the pivots as literals', () => {
    const pivots = [{ g: 0, cut: 0, sk: 71_234_567, pk: -0.5, id_rank: 12 }, { g: 0, cut: 2, sk: -Infinity, pk: -Infinity, id_rank: 99 }];
    const sql = buildFastMoversSql(plan, layout, CLASSIC_CRM.rule, pivots, 25_000);
    expect(sql).toContain('WHERE k <= 25000');
    expect(sql).toContain(`CAST(sk < '71234567'::DOUBLE OR (sk = '71234567'::DOUBLE AND (pk < '-0.5'::DOUBLE OR (pk = '-0.5'::DOUBLE AND id_rank > 12))) AS UTINYINT) + 1 + CAST(sk < '-inf'::DOUBLE`);
    expect(sql).toMatch(/ORDER BY k\n  LIMIT 200\n\)/);
    expect(doubleLiteral(0.1 + 0.2)).toBe("'0.30000000000000004'::DOUBLE");
  });
  it('quotes adjustments and grade names', () => {
    const rule: GradeRule = { kind: 'ratio', grades: [{ name: `A'"`, share: 50 }, { name: 'B', share: 50 }] };
    const config: GradingConfig = { ...CLASSIC_CRM, rule, adjustments: [{ customerId: `x'); DROP TABLE t; --`, grade: `A'"`, reason: '', author: '', at: '2026' }] };
    expect(buildFastBaseSql(config, plan, layout)).toContain(`('x''); DROP TABLE t; --', 0)`);
    const movers = buildFastMoversSql(plan, layout, rule, [], 10);
    expect(movers).toContain(`WHEN 0 THEN 'A''"'`);
    expect(movers).toContain('"contrib_profit"');
  });
  it('keeps a cumulative rule’s fixed grades in the narrow table and needs no split bins', () => {
    const rule: GradeRule = { kind: 'cumulative', measure: 'orderAmount', grades: [{ name: 'A', upTo: 80 }, { name: 'B', upTo: null }, { name: 'C', upTo: null }] };
    expect(buildFastBaseSql(CLASSIC_CRM, plan, layout)).not.toContain('cum_grade');
    expect(buildFastBaseSql({ ...CLASSIC_CRM, rule }, plan, layout)).toContain('"order_amount" AS measure');
    expect(buildFastBinsSql(plan, layout, rule)).toContain('cum_grade AS grade_index');
    expect(planSplits(rule, [bin(3, 5)])).toMatchObject({ groups: new Map(), before: new Map() });
  });
});
