// The slider's fast path: grades, per-grade and per-(baseline, grade) aggregates
// and the top movers for a weight or rule move, without re-creating the wide
// customers_graded table. Exactly the grades buildGradeSql gives:
// - the score is the same expression, rounded as round(x * 1e6) / 1e6, which equals
//   round(x, 6) bit for bit in DuckDB (round with a precision calls pow() per row: 3× slower);
// - a ratio rule's position p of n is grade i when p ≤ cutᵢ. Instead of numbering all n customers,
//   a histogram of scores (a hash aggregate) tells which bin holds each cut position; only that
//   bin is sorted, to find the pivot customer at the cut. Every other customer's grade is then a
//   per-row comparison with the pivots in the documented order
//   (score desc, profit desc NULLS LAST, customer_id asc);
// - threshold rules need no sort; the cumulative rule's running sums do not depend on weights
//   and are kept in the narrow table.

import { ident, int, num, str } from '../sql/quote';
import type { GradeBase, GradeRule, GradingConfig } from './config';
import { gradeCuts } from './cuts';
import { cumulativeGradeExpr, effectiveAdjustments, thresholdGradeExpr } from './grade-sql';
import { contribColumn, normColumn } from './metrics';
import type { GradeRow, MatrixCell, Totals } from './result-rows';
import { CUSTOMER_NORMS, GRADES_BASELINE, type ScorePlan } from './norms-sql';

/** customer_norms narrowed to what a slider move reads, built once per data, norms, adjustments or cumulative measure. */
export const FAST_BASE = 'ts_fast_base';

/** Scores per bin: 100 bins per score point (10,000 over 0–100). */
export const BINS_PER_POINT = 100;

const NEG_INF = `'-inf'::DOUBLE`;

/** A double literal that parses back to exactly the same double (−∞ for a NULL sort key). */
export function doubleLiteral(v: number | null): string {
  if (v === null || v === -Infinity) return NEG_INF;
  return `${str(String(v))}::DOUBLE`;
}

/**
 * The narrow table: k numbers the customers in customer_id order (so k ascending is
 * customer_id ascending), then every normalised metric, profit, amount, the baseline,
 * the manual grade if any and, for a cumulative rule, its running sums.
 */
export function buildFastBaseSql(config: GradingConfig, plan: ScorePlan, baselineColumns: readonly string[] = []): string {
  const rule = config.rule;
  const adjustments = effectiveAdjustments(config.adjustments, rule);
  const adjustCte = adjustments.length
    ? `ts_adjust(customer_id, adjust_index) AS (VALUES ${adjustments.map((a) => `(${str(a.customerId)}, ${int(a.index)})`).join(', ')})`
    : `ts_adjust AS (SELECT NULL::VARCHAR AS customer_id, NULL::INTEGER AS adjust_index WHERE false)`;
  const norms = plan.normed.map((m) => `  n.${ident(normColumn(m.id))},`);
  // What the movers show of the baseline rides along too, so a move joins nothing.
  const have = new Set(baselineColumns);
  const baseline = plan.normed.map((m) =>
    have.has(contribColumn(m.id)) ? `  b.${ident(contribColumn(m.id))} AS ${ident(`baseline_${contribColumn(m.id)}`)},` : `  NULL::DOUBLE AS ${ident(`baseline_${contribColumn(m.id)}`)},`,
  );
  let cumulative = '';
  if (rule.kind === 'cumulative') {
    const m = `n.${ident(rule.measure === 'profit' ? 'profit' : 'order_amount')}`;
    // The same window expressions as buildGradeSql's.
    cumulative = `,
  ${m} AS measure,
  coalesce(sum(${m}) OVER (ORDER BY ${m} DESC NULLS LAST, n.customer_id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
  sum(greatest(${m}, 0)) OVER () AS positive_total`;
  }
  return `CREATE OR REPLACE TABLE ${ident(FAST_BASE)} AS
WITH ${adjustCte}
SELECT CAST(row_number() OVER (ORDER BY n.customer_id) AS INTEGER) AS k,
  n.customer_id,
  n.customer_name,
${[...norms, ...baseline].join('\n')}${norms.length ? '\n' : ''}  n.profit,
  n.order_amount,
  n.baseline_index,
  n.baseline_score,
  ${have.has('grade') ? 'b.grade' : 'NULL::VARCHAR'} AS baseline_grade,
  a.adjust_index${cumulative}
FROM ${ident(CUSTOMER_NORMS)} AS n
LEFT JOIN ts_adjust AS a ON a.customer_id = n.customer_id
LEFT JOIN ${ident(GRADES_BASELINE)} AS b ON b.customer_id = n.customer_id
ORDER BY k;`;
}

/** The columns the pinned baseline has (which contributions it can show). */
export const BASELINE_COLUMNS_SQL = `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ${str(GRADES_BASELINE)} AND NOT internal ORDER BY column_index;`;

export const FAST_COUNT_SQL = `SELECT CAST(count(*) AS INTEGER) AS n FROM ${ident(FAST_BASE)};`;

/** The score of buildGradeSql, as a column expression over the narrow table. */
export function fastScoreExpr(plan: ScorePlan): string {
  const { used } = plan;
  if (used.length === 0) throw new Error('No metric carries the score: give at least one available metric a weight above 0.');
  const weighted = used.map((m) => `COALESCE(${num(m.weight)} * ${ident(normColumn(m.id))}, 0)`).join(' + ');
  const present = used.map((m) => `CASE WHEN ${ident(normColumn(m.id))} IS NULL THEN 0 ELSE ${num(m.weight)} END`).join(' + ');
  return `round((${weighted}) / NULLIF(${present}, 0) * 1e6) / 1e6`;
}

/** The histogram bin of a score; NULL scores (no metric present) share the −∞ bin, ranked last. */
const BIN = `COALESCE(floor(score * ${int(BINS_PER_POINT)}), ${NEG_INF})`;

function scored(plan: ScorePlan, columns: string): string {
  return `(SELECT ${columns}, ${fastScoreExpr(plan)} AS score FROM ${ident(FAST_BASE)})`;
}

/** Customers per score bin: a hash aggregate, no sort. */
export function buildScoreHistogramSql(plan: ScorePlan): string {
  return `SELECT ${BIN} AS bin, CAST(count(*) AS INTEGER) AS customers
FROM ${scored(plan, 'k')} AS s
GROUP BY ALL;`;
}

export interface HistogramBin {
  bin: number;
  customers: number;
}

/** The customer at a cut position: `offset`-th within score bin `bin`. */
export interface CutProbe {
  bin: number;
  offset: number;
}

/**
 * For each cut position (1-based, ascending), the bin that holds it and the offset
 * within that bin, walking bins from the best score down (−∞ last).
 * A cut at position 0 (nobody in the better grades) has no probe: null.
 */
export function locateCuts(bins: readonly HistogramBin[], cuts: readonly number[]): (CutProbe | null)[] {
  const sorted = [...bins].sort((a, b) => b.bin - a.bin);
  const out: (CutProbe | null)[] = [];
  let before = 0;
  let j = 0;
  for (const c of cuts) {
    if (c <= 0) {
      out.push(null);
      continue;
    }
    while (j < sorted.length && before + sorted[j]!.customers < c) before += sorted[j++]!.customers;
    const b = sorted[j];
    if (!b) throw new Error(`Cut position ${c} lies beyond the ${before} customers counted`);
    out.push({ bin: b.bin, offset: c - before });
  }
  return out;
}

const binLiteral = (b: number) => (Number.isFinite(b) ? num(b) : NEG_INF);

/**
 * The pivot customers: for each probe, the customer at that offset of its bin in the
 * documented order. Only customers of those bins are sorted.
 */
export function buildPivotSql(plan: ScorePlan, probes: readonly CutProbe[]): string {
  const bins = [...new Set(probes.map((p) => p.bin))];
  const want = probes.map((p) => `(bin = ${binLiteral(p.bin)} AND rn = ${int(p.offset)})`).join(' OR ');
  return `SELECT bin, CAST(rn AS INTEGER) AS rn, score, profit, k
FROM (
  SELECT bin, score, profit, k,
    row_number() OVER (PARTITION BY bin ORDER BY score DESC NULLS LAST, profit DESC NULLS LAST, k ASC) AS rn
  FROM (SELECT k, profit, score, ${BIN} AS bin FROM ${scored(plan, 'k, profit')} AS s)
  WHERE bin IN (${bins.map(binLiteral).join(', ')})
)
WHERE ${want || 'false'};`;
}

export interface Pivot {
  score: number | null;
  profit: number | null;
  k: number;
}

/** A customer ranks after the pivot, in the order score desc, profit desc (NULLs last both), customer asc. */
function after(p: Pivot): string {
  const s = doubleLiteral(p.score);
  const pr = doubleLiteral(p.profit);
  return `(sk < ${s} OR (sk = ${s} AND (pk < ${pr} OR (pk = ${pr} AND k > ${int(p.k)}))))`;
}

/**
 * The automatic grade index per row of the narrow table. For a ratio rule `pivots`
 * holds, per cut, the customer at that position (null when the cut is 0).
 */
export function fastAutoGradeExpr(rule: GradeRule, pivots: readonly (Pivot | null)[] = []): string {
  const last = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      if (pivots.length !== last) throw new Error(`A ratio rule with ${rule.grades.length} grades needs ${last} cut pivots (got ${pivots.length})`);
      // Grade = how many cuts the customer's position lies beyond.
      const terms = pivots.map((p) => (p === null ? '1' : `CAST(${after(p)} AS INTEGER)`));
      return terms.length ? terms.join(' + ') : '0';
    }
    case 'threshold':
      return thresholdGradeExpr(rule);
    case 'cumulative':
      return cumulativeGradeExpr(rule);
  }
}

/** Per customer: k, final grade index, what the aggregates and movers need. */
function gradedCte(plan: ScorePlan, rule: GradeRule, pivots: readonly (Pivot | null)[]): string {
  const extra = rule.kind === 'cumulative' ? ', measure, cum_before, positive_total' : '';
  return `ts_fast_graded AS (
  SELECT k, score, profit, order_amount, baseline_index, baseline_score,
    COALESCE(adjust_index, ${fastAutoGradeExpr(rule, pivots)}) AS grade_index
  FROM (
    SELECT *, COALESCE(score, ${NEG_INF}) AS sk, COALESCE(profit, ${NEG_INF}) AS pk
    FROM ${scored(plan, `k, profit, order_amount, baseline_index, baseline_score, adjust_index${extra}`)} AS s
  )
)`;
}

/**
 * One row per (grade, baseline grade) pair present: customers, amount, profit and
 * loss-makers. The grade table, totals, migration matrix and summary all add up from these.
 */
export function buildFastPairsSql(plan: ScorePlan, rule: GradeRule, pivots: readonly (Pivot | null)[] = []): string {
  return `WITH ${gradedCte(plan, rule, pivots)}
SELECT CAST(grade_index AS INTEGER) AS grade_index, CAST(baseline_index AS INTEGER) AS baseline_index,
  CAST(count(*) AS INTEGER) AS customers, sum(order_amount) AS order_amount, sum(profit) AS profit,
  CAST(count(*) FILTER (WHERE profit < 0) AS INTEGER) AS loss_making
FROM ts_fast_graded
GROUP BY ALL
ORDER BY grade_index, baseline_index NULLS LAST;`;
}

/**
 * The movers as buildScenarioMoversSql returns them (same columns, order and limit):
 * a top-N over the per-row grades, then only those rows are joined for names and contributions.
 */
export function buildFastMoversSql(
  plan: ScorePlan,
  rule: GradeRule,
  pivots: readonly (Pivot | null)[] = [],
  limit = 200,
): string {
  const present = plan.used.map((m) => `CASE WHEN ${ident(normColumn(m.id))} IS NULL THEN 0 ELSE ${num(m.weight)} END`).join(' + ');
  const now = plan.used.map((m) => `${num(m.weight)} * ${ident(normColumn(m.id))} / NULLIF(${present}, 0) AS ${ident(contribColumn(m.id))}`);
  const before = plan.used.map((m) => ident(`baseline_${contribColumn(m.id)}`));
  const carried = ['customer_id', 'customer_name', 'baseline_grade', ...plan.used.map((m) => normColumn(m.id)), ...before.map(() => '')]
    .filter(Boolean)
    .map(ident);
  const extra = rule.kind === 'cumulative' ? ', measure, cum_before, positive_total' : '';
  // One scan: the top-N keeps its 200 rows with what they show; contributions are computed for those only.
  return `SELECT customer_id, customer_name, baseline_grade AS before_grade, ${gradeNames(rule.grades, 'grade_index')} AS after_grade,
  CAST(baseline_index - grade_index AS INTEGER) AS steps, baseline_score AS before_score, score AS after_score, profit${
    now.length ? `,\n  ${now.join(',\n  ')},\n  ${before.join(', ')}` : ''
  }
FROM (
  SELECT *, COALESCE(adjust_index, ${fastAutoGradeExpr(rule, pivots)}) AS grade_index
  FROM (
    SELECT *, COALESCE(score, ${NEG_INF}) AS sk, COALESCE(profit, ${NEG_INF}) AS pk
    FROM ${scored(plan, `k, profit, baseline_index, baseline_score, adjust_index, ${[...carried, ...before].join(', ')}${extra}`)} AS s
  )
)
WHERE baseline_index IS NOT NULL AND baseline_index <> grade_index
ORDER BY abs(baseline_index - grade_index) DESC, abs(score - baseline_score) DESC, k
LIMIT ${int(limit)};`;
}

function gradeNames(grades: readonly GradeBase[], col: string): string {
  return `CASE ${col} ${grades.map((g, i) => `WHEN ${int(i)} THEN ${str(g.name)}`).join(' ')} END`;
}

/** Per customer id and final grade, for comparing with customers_graded (tests, and a settled drag). */
export function buildFastGradesSql(plan: ScorePlan, rule: GradeRule, pivots: readonly (Pivot | null)[] = []): string {
  return `WITH ${gradedCte(plan, rule, pivots)}
SELECT f.customer_id, CAST(g.grade_index AS INTEGER) AS grade_index, g.score
FROM ts_fast_graded AS g JOIN ${ident(FAST_BASE)} AS f USING (k)
ORDER BY g.k;`;
}

/** The ratio rule's cut positions for n customers (re-exported for the pipeline). */
export function ratioCuts(rule: GradeRule, n: number): number[] {
  return rule.kind === 'ratio' ? gradeCuts(n, rule.grades) : [];
}

/** A row of buildFastPairsSql. */
export interface FastPair {
  grade_index: number;
  baseline_index: number | null;
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

export interface FastAggregates {
  gradeTable: GradeRow[];
  totals: Totals;
  matrix: MatrixCell[];
  summary: { up: number; down: number; compared: number };
}

/** SUM semantics: NULL when nothing non-NULL was added. */
function addNullable(a: number | null, b: number | null): number | null {
  return b === null ? a : a === null ? b : a + b;
}

const share = (part: number, whole: number | null) => (whole === null || whole === 0 ? null : part / whole);

/**
 * The grade table (buildGradeTableSql), totals (buildTotalsSql), migration matrix
 * (buildScenarioMatrixSql) and up/down summary (buildScenarioSummarySql) from the pairs.
 * Counts are exact; sums equal the full path's up to the order floating-point additions ran in.
 */
export function assembleFast(pairs: readonly FastPair[], grades: readonly GradeBase[]): FastAggregates {
  const per = grades.map(() => ({ customers: 0, order_amount: null as number | null, profit: null as number | null }));
  const cells = new Map<string, { customers: number; profit: number | null }>();
  const totals = { customers: 0, order_amount: null as number | null, profit: null as number | null, loss_making: 0 };
  const summary = { up: 0, down: 0, compared: 0 };
  for (const p of pairs) {
    totals.customers += p.customers;
    totals.order_amount = addNullable(totals.order_amount, p.order_amount);
    totals.profit = addNullable(totals.profit, p.profit);
    totals.loss_making += p.loss_making;
    const g = per[p.grade_index];
    if (g) {
      g.customers += p.customers;
      g.order_amount = addNullable(g.order_amount, p.order_amount);
      g.profit = addNullable(g.profit, p.profit);
    }
    if (p.baseline_index !== null) {
      summary.compared += p.customers;
      if (p.grade_index < p.baseline_index) summary.up += p.customers;
      if (p.grade_index > p.baseline_index) summary.down += p.customers;
      const key = `${p.baseline_index}:${p.grade_index}`;
      const c = cells.get(key) ?? { customers: 0, profit: null };
      c.customers += p.customers;
      c.profit = addNullable(c.profit, p.profit);
      cells.set(key, c);
    }
  }
  // The grade table's totals are the sums over its grades (grade indexes outside the rule cannot occur).
  const tCustomers = per.reduce((s, g) => s + g.customers, 0);
  const tAmount = per.reduce<number | null>((s, g) => addNullable(s, g.order_amount), null);
  const tProfit = per.reduce<number | null>((s, g) => addNullable(s, g.profit), null);
  const gradeTable = grades.map((g, i) => {
    const p = per[i]!;
    return {
      grade: g.name,
      grade_index: i,
      customers: p.customers,
      share_customers: share(p.customers, tCustomers),
      order_amount: p.order_amount ?? 0,
      share_amount: share(p.order_amount ?? 0, tAmount),
      profit: p.profit ?? 0,
      share_profit: share(p.profit ?? 0, tProfit),
    };
  });
  const matrix = grades.flatMap((gb, b) =>
    grades.map((ga, a) => {
      const c = cells.get(`${b}:${a}`);
      return { before_grade: gb.name, before_index: b, after_grade: ga.name, after_index: a, customers: c?.customers ?? 0, profit: c?.profit ?? 0 };
    }),
  );
  return { gradeTable, totals, matrix, summary };
}

/**
 * The whole slider move as ONE statement (each statement costs a worker round trip and
 * a planning pass): histogram → the bin and offset of each cut → the pivot customers
 * (only those bins sorted) → every customer's grade by comparison with the pivots →
 * (grade, baseline) pairs and, with `moversLimit`, the movers. The score is computed in
 * each of the three scans rather than materialised (writing ten columns costs more).
 * Rows carry `part`: 'pair' (FastPair columns), 'pivot' (cut, sk, pk, k) or 'mover'
 * (buildScenarioMoversSql's columns, in its order).
 */
export function buildFastMoveSql(plan: ScorePlan, rule: GradeRule, n: number, moversLimit: number | null): string {
  const cuts = ratioCuts(rule, n);
  const probed = cuts.map((c, i) => ({ c, i })).filter((x) => x.c > 0);
  const extra = rule.kind === 'cumulative' ? ', measure, cum_before, positive_total' : '';
  const ctes: string[] = [
    `ts_s AS NOT MATERIALIZED (
  SELECT *, COALESCE(score, ${NEG_INF}) AS sk, COALESCE(profit, ${NEG_INF}) AS pk
  FROM ${scored(plan, `k, profit, order_amount, baseline_index, baseline_score, adjust_index${extra}`)} AS s
)`,
  ];
  let auto: string;
  let from = 'ts_s';
  if (rule.kind === 'ratio' && probed.length) {
    ctes.push(
      `ts_hist AS (SELECT floor(sk * ${int(BINS_PER_POINT)}) AS bin, count(*) AS c FROM ts_s GROUP BY ALL)`,
      `ts_cum AS (SELECT bin, c, sum(c) OVER (ORDER BY bin DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - c AS before FROM ts_hist)`,
      `ts_cuts(cut, pos) AS (VALUES ${probed.map((x) => `(${int(x.i)}, ${int(x.c)})`).join(', ')})`,
      `ts_probe AS (SELECT cut, bin, pos - before AS rn FROM ts_cuts JOIN ts_cum ON pos > before AND pos <= before + c)`,
      `ts_pivot AS (
  SELECT p.cut, r.sk, r.pk, r.k
  FROM (
    SELECT k, sk, pk, floor(sk * ${int(BINS_PER_POINT)}) AS bin,
      row_number() OVER (PARTITION BY floor(sk * ${int(BINS_PER_POINT)}) ORDER BY sk DESC, pk DESC, k ASC) AS rn
    FROM ts_s WHERE floor(sk * ${int(BINS_PER_POINT)}) IN (SELECT bin FROM ts_probe)
  ) AS r
  JOIN ts_probe AS p ON p.bin = r.bin AND p.rn = r.rn
)`,
      `ts_pv AS (SELECT ${probed
        .map((x) => ['sk', 'pk', 'k'].map((c) => `max(${c}) FILTER (WHERE cut = ${int(x.i)}) AS ${c}${int(x.i)}`).join(', '))
        .join(', ')} FROM ts_pivot)`,
    );
    from = 'ts_s CROSS JOIN ts_pv';
    auto = cuts
      .map((c, i) => (c <= 0 ? '1' : `CAST((sk < sk${i} OR (sk = sk${i} AND (pk < pk${i} OR (pk = pk${i} AND k > k${i})))) AS INTEGER)`))
      .join(' + ');
  } else if (rule.kind === 'ratio') {
    auto = cuts.length ? cuts.map(() => '1').join(' + ') : '0';
  } else {
    auto = fastAutoGradeExpr(rule);
  }
  ctes.push(`ts_g AS MATERIALIZED (
  SELECT k, score, profit, order_amount, baseline_index, baseline_score, COALESCE(adjust_index, ${auto}) AS grade_index
  FROM ${from}
)`);
  const parts = [
    `SELECT 'pair' AS part, CAST(grade_index AS INTEGER) AS grade_index, CAST(baseline_index AS INTEGER) AS baseline_index,
  CAST(count(*) AS INTEGER) AS customers, sum(order_amount) AS order_amount, sum(profit) AS profit,
  CAST(count(*) FILTER (WHERE profit < 0) AS INTEGER) AS loss_making
FROM ts_g GROUP BY ALL`,
  ];
  if (rule.kind === 'ratio' && probed.length) parts.push(`SELECT 'pivot' AS part, CAST(cut AS INTEGER) AS cut, sk, pk, k FROM ts_pivot`);
  if (moversLimit !== null) {
    const present = plan.used.map((m) => `CASE WHEN f.${ident(normColumn(m.id))} IS NULL THEN 0 ELSE ${num(m.weight)} END`).join(' + ');
    const now = plan.used.map((m) => `${num(m.weight)} * f.${ident(normColumn(m.id))} / NULLIF(${present}, 0) AS ${ident(contribColumn(m.id))}`);
    const before = plan.used.map((m) => `b.${ident(contribColumn(m.id))} AS ${ident(`baseline_${contribColumn(m.id)}`)}`);
    parts.push(`SELECT * FROM (
  SELECT 'mover' AS part, f.customer_id, f.customer_name, b.grade AS before_grade, ${gradeNames(rule.grades, 'm.grade_index')} AS after_grade,
    CAST(f.baseline_index - m.grade_index AS INTEGER) AS steps, f.baseline_score AS before_score, m.score AS after_score, f.profit${
      now.length ? `,\n    ${now.join(',\n    ')},\n    ${before.join(', ')}` : ''
    }, m.k AS mover_k
  FROM (
    SELECT k, grade_index, score FROM ts_g
    WHERE baseline_index IS NOT NULL AND baseline_index <> grade_index
    ORDER BY abs(baseline_index - grade_index) DESC, abs(score - baseline_score) DESC, k
    LIMIT ${int(moversLimit)}
  ) AS m
  JOIN ${ident(FAST_BASE)} AS f USING (k)
  LEFT JOIN ${ident(GRADES_BASELINE)} AS b ON b.customer_id = f.customer_id
)`);
  }
  return `WITH\n${ctes.join(',\n')}\n${parts.join('\nUNION ALL BY NAME\n')};`;
}

/** buildScenarioMoversSql's order, applied to the 'mover' rows of buildFastMoveSql. */
export function sortMovers<T extends { steps: number; after_score: number | null; before_score: number | null; mover_k: number }>(rows: T[]): T[] {
  const d = (r: T) => (r.after_score === null || r.before_score === null ? null : Math.abs(r.after_score - r.before_score));
  return [...rows].sort((a, b) => {
    const s = Math.abs(b.steps) - Math.abs(a.steps);
    if (s !== 0) return s;
    const da = d(a);
    const db = d(b);
    // DESC, NULLs last (DuckDB's default).
    if (da !== db) {
      if (da === null) return 1;
      if (db === null) return -1;
      return db - da;
    }
    return a.mover_k - b.mover_k;
  });
}
