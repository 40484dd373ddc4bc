import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM, type GradeRule, type GradingConfig } from '../../src/model/config';
import {
  assembleFast,
  buildFastBaseSql,
  buildFastMoveSql,
  buildFastMoversSql,
  buildFastPairsSql,
  buildPivotSql,
  buildScoreHistogramSql,
  doubleLiteral,
  fastAutoGradeExpr,
  fastScoreExpr,
  locateCuts,
  ratioCuts,
  sortMovers,
} from '../../src/model/fast-regrade-sql';
import { buildGradeSql, planScore } from '../../src/model/grade-sql';
import type { MetricId } from '../../src/model/metrics';

const plan = planScore(CLASSIC_CRM, new Set<MetricId>(['credit', 'orderAmount', 'profit']));


/** The rule CASE is shared with buildGradeSql, which lays it out on several lines. */
const flat = (sql: string) => sql.replace(/\s+/g, ' ');

describe('locateCuts', () => {
  const bins = [
    { bin: 9000, customers: 3 },
    { bin: -Infinity, customers: 2 },
    { bin: 9500, customers: 1 },
    { bin: 100, customers: 4 },
  ];
  it('walks bins from the best score down, NULL scores last', () => {
    // Order: 9500 (pos 1), 9000 (2–4), 100 (5–8), −∞ (9–10).
    expect(locateCuts(bins, [1, 2, 4, 5, 9, 10])).toEqual([
      { bin: 9500, offset: 1 },
      { bin: 9000, offset: 1 },
      { bin: 9000, offset: 3 },
      { bin: 100, offset: 1 },
      { bin: -Infinity, offset: 1 },
      { bin: -Infinity, offset: 2 },
    ]);
  });
  it('has no probe for a cut at 0 and refuses a cut beyond n', () => {
    expect(locateCuts(bins, [0, 0, 3])).toEqual([null, null, { bin: 9000, offset: 2 }]);
    expect(() => locateCuts(bins, [11])).toThrow(/beyond the 10 customers/);
  });
  it('uses the documented cut positions', () => {
    expect(ratioCuts(CLASSIC_CRM.rule, 793)).toEqual([159, 397, 634]);
    expect(ratioCuts({ kind: 'threshold', grades: [{ name: 'A', minScore: null }] }, 793)).toEqual([]);
  });
});

describe('SQL builders', () => {
  it('scores as buildGradeSql does, rounding without a per-row pow()', () => {
    const s = fastScoreExpr(plan);
    const m = /^round\(\((.*)\) \/ NULLIF\((.*), 0\) \* 1e6\) \/ 1e6$/.exec(s);
    expect(m).not.toBeNull();
    // The very same weighted sum and present-weight expressions as the full path.
    const full = buildGradeSql(CLASSIC_CRM, plan);
    expect(full).toContain(`(${m![1]}) AS weighted_sum`);
    expect(full).toContain(`(${m![2]}) AS weight_present`);
    expect(m![1]).toBe('COALESCE(10 * "norm_avg_days_late", 0) + COALESCE(30 * "norm_order_amount", 0) + COALESCE(60 * "norm_profit", 0)');
    expect(() => fastScoreExpr({ ...plan, used: [] })).toThrow(/No metric carries the score/);
  });
  it('writes doubles that parse back exactly, NULL as −∞', () => {
    expect(doubleLiteral(0.1 + 0.2)).toBe("'0.30000000000000004'::DOUBLE");
    expect(doubleLiteral(null)).toBe("'-inf'::DOUBLE");
    expect(doubleLiteral(-Infinity)).toBe("'-inf'::DOUBLE");
  });
  it('quotes adjustments and grade names', () => {
    const rule: GradeRule = { kind: 'ratio', grades: [{ name: `A'"`, share: 50 }, { name: 'B', share: 50 }] };
    const base = buildFastBaseSql({ ...CLASSIC_CRM, rule, adjustments: [{ customerId: `x'); DROP TABLE t; --`, grade: `A'"`, reason: '', author: '', at: '2026' }] }, plan);
    expect(base).toContain(`('x''); DROP TABLE t; --', 0)`);
    const movers = buildFastMoversSql(plan, rule, [{ score: 1, profit: null, k: 3 }]);
    expect(movers).toContain(`WHEN 0 THEN 'A''"'`);
    expect(movers).toContain('"contrib_profit"');
  });
  it('keeps the cumulative running sums in the narrow table only for a cumulative rule', () => {
    expect(buildFastBaseSql(CLASSIC_CRM, plan)).not.toContain('cum_before');
    const rule: GradeRule = { kind: 'cumulative', measure: 'orderAmount', grades: [{ name: 'A', upTo: 80 }, { name: 'B', upTo: null }, { name: 'C', upTo: null }] };
    const cum: GradingConfig = { ...CLASSIC_CRM, rule };
    expect(buildFastBaseSql(cum, plan)).toContain('"order_amount" AS measure');
    expect(flat(fastAutoGradeExpr(cum.rule))).toBe('CASE WHEN measure > 0 AND cum_before * 100 < 80 * positive_total THEN 0 WHEN measure > 0 THEN 1 ELSE 2 END');
  });
  it('grades a ratio rule by comparing with the pivot at each cut', () => {
    const e = fastAutoGradeExpr(CLASSIC_CRM.rule, [null, { score: 50.5, profit: -3, k: 7 }, { score: null, profit: null, k: 9 }]);
    expect(e).toBe(
      "1 + CAST((sk < '50.5'::DOUBLE OR (sk = '50.5'::DOUBLE AND (pk < '-3'::DOUBLE OR (pk = '-3'::DOUBLE AND k > 7)))) AS INTEGER)" +
        " + CAST((sk < '-inf'::DOUBLE OR (sk = '-inf'::DOUBLE AND (pk < '-inf'::DOUBLE OR (pk = '-inf'::DOUBLE AND k > 9)))) AS INTEGER)",
    );
    expect(() => fastAutoGradeExpr(CLASSIC_CRM.rule, [])).toThrow(/needs 3 cut pivots/);
    expect(flat(buildFastPairsSql(plan, { kind: 'threshold', grades: [{ name: 'A', minScore: 60 }, { name: 'B', minScore: null }] }))).toContain(
      'CASE WHEN score >= 60 THEN 0 ELSE 1 END',
    );
  });
  it('sorts only the bins that hold a cut', () => {
    const sql = buildPivotSql(plan, [
      { bin: 4200, offset: 3 },
      { bin: -Infinity, offset: 1 },
      { bin: 4200, offset: 9 },
    ]);
    expect(sql).toContain("WHERE bin IN (4200, '-inf'::DOUBLE)");
    expect(sql).toContain('(bin = 4200 AND rn = 3) OR');
    expect(buildScoreHistogramSql(plan)).toContain('GROUP BY ALL');
    expect(buildScoreHistogramSql(plan)).not.toMatch(/ORDER BY|OVER/);
  });
});

describe('assembleFast', () => {
  const grades = [{ name: 'A' }, { name: 'B' }, { name: 'C' }];
  it('adds the (grade, baseline) pairs up into the grade table, totals, matrix and summary', () => {
    const r = assembleFast(
      [
        { grade_index: 0, baseline_index: 0, customers: 2, order_amount: 100, profit: 10, loss_making: 0 },
        { grade_index: 0, baseline_index: 1, customers: 1, order_amount: 50, profit: -5, loss_making: 1 },
        { grade_index: 2, baseline_index: 1, customers: 3, order_amount: 30, profit: null, loss_making: 0 },
        { grade_index: 2, baseline_index: null, customers: 4, order_amount: 20, profit: 5, loss_making: 0 },
      ],
      grades,
    );
    expect(r.gradeTable).toEqual([
      { grade: 'A', grade_index: 0, customers: 3, share_customers: 0.3, order_amount: 150, share_amount: 0.75, profit: 5, share_profit: 0.5 },
      { grade: 'B', grade_index: 1, customers: 0, share_customers: 0, order_amount: 0, share_amount: 0, profit: 0, share_profit: 0 },
      { grade: 'C', grade_index: 2, customers: 7, share_customers: 0.7, order_amount: 50, share_amount: 0.25, profit: 5, share_profit: 0.5 },
    ]);
    expect(r.totals).toEqual({ customers: 10, order_amount: 200, profit: 10, loss_making: 1 });
    expect(r.summary).toEqual({ up: 1, down: 3, compared: 6 });
    expect(r.matrix).toHaveLength(9);
    expect(r.matrix.find((c) => c.before_index === 1 && c.after_index === 2)).toEqual({ before_grade: 'B', before_index: 1, after_grade: 'C', after_index: 2, customers: 3, profit: 0 });
  });
  it('keeps SQL SUM semantics: no profit at all is NULL, and shares of a zero total are NULL', () => {
    const r = assembleFast([{ grade_index: 1, baseline_index: null, customers: 2, order_amount: 0, profit: null, loss_making: 0 }], grades);
    expect(r.totals.profit).toBeNull();
    expect(r.gradeTable[1]).toMatchObject({ profit: 0, share_profit: null, share_amount: null, share_customers: 1 });
    expect(assembleFast([], grades).gradeTable[0]!.share_customers).toBeNull();
  });
});

describe('buildFastMoveSql: one statement per move', () => {
  it('finds the cut pivots in SQL for the positions of the ratio rule, skipping a cut at 0', () => {
    const rule: GradeRule = { kind: 'ratio', grades: [{ name: 'S', share: 0 }, { name: 'A', share: 50 }, { name: 'B', share: 50 }] };
    const sql = buildFastMoveSql(plan, rule, 793, null);
    expect(sql).toContain('ts_cuts(cut, pos) AS (VALUES (1, 397))');
    expect(sql).toContain('1 + CAST((sk < sk1 OR (sk = sk1 AND (pk < pk1 OR (pk = pk1 AND k > k1)))) AS INTEGER)');
    expect(sql).toContain(`SELECT 'pivot' AS part`);
    expect(sql).not.toContain(`'mover' AS part`);
    // The score is computed per scan, never stored; only the per-customer grades are.
    expect(sql).toContain('ts_s AS NOT MATERIALIZED');
    expect(sql).toContain('ts_g AS MATERIALIZED');
  });
  it('needs no histogram for a threshold rule, and adds the movers when asked', () => {
    const sql = buildFastMoveSql(plan, { kind: 'threshold', grades: [{ name: 'A', minScore: 60 }, { name: 'B', minScore: null }] }, 10, 200);
    expect(sql).not.toContain('ts_hist');
    expect(flat(sql)).toContain('CASE WHEN score >= 60 THEN 0 ELSE 1 END');
    expect(sql).toContain('LIMIT 200');
    expect(sql).toContain('AS "baseline_contrib_profit"');
  });
});

describe('sortMovers', () => {
  it('orders as buildScenarioMoversSql: biggest move, then biggest score change (NULL last), then customer', () => {
    const r = (mover_k: number, steps: number, before_score: number | null, after_score: number | null) => ({ mover_k, steps, before_score, after_score });
    const sorted = sortMovers([r(1, 1, 50, 51), r(2, -2, 50, 40), r(3, 1, null, 60), r(4, 1, 50, 60), r(0, 1, 60, 50), r(5, 2, 10, 20)]);
    expect(sorted.map((x) => x.mover_k)).toEqual([2, 5, 0, 4, 1, 3]);
  });
});
