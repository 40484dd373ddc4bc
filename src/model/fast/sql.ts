// The slider's fast path: for a weight or rule move, the grade table, migration
// matrix, score histogram and movers, without re-creating customers_graded, in three
// short statements over a narrow table:
//
// 1. bins: customers per (score bin, baseline grade) with their sums, one pass. The bin
//    is ⌊score · 2⌋ as a UTINYINT, so DuckDB aggregates with a perfect hash (no hash table).
// 2. resolve: the few bins a grade boundary falls into ("split" bins) are read row by row:
//    the customer at each cut position (the pivot) is found by sorting that bin only, and
//    the split bins' customers are aggregated by their exact grade.
// 3. movers: the first customers in the narrow table's order (largest order amount
//    first) whose grade differs from the baseline; only the head of the table is read.
//
// Every other bin lies wholly inside one grade, so its sums are that grade's (pure JS,
// assembleFast). Grades are exactly those of buildGradeSql: the same score expression
// (score-sql.ts, the same weight literals) and the documented order (score desc, profit
// desc NULLS LAST, customer_id). The statements carry their values as literals: planning
// them costs a few milliseconds, and constants let DuckDB filter inside the scan.
//
// This file holds the statements; ./splits.ts plans statement 2 from statement 1's bins,
// ./assemble.ts adds the results up, and src/pipeline/fast-regrade.ts runs them.

import { CUSTOMER_NORMS, FAST_BASE, GRADES_BASELINE, hotTable } from '../../sql/catalog';
import { ident, int, str } from '../../sql/quote';
import type { GradeBase, GradeRule, GradingConfig } from '../config';
import { cumulativeGradeExpr, effectiveAdjustments, thresholdGradeExpr } from '../grade-sql';
import { GROUP_COLUMN, partitionByGroup } from '../groups';
import { contribColumn, normColumn, type MetricId } from '../metrics';
import { type ScorePlan } from '../norms-sql';
import { canBeUnscored, contributionSql, scoreMillionthsSql, scoreTerms, type ScoreTerm } from '../score-sql';
import { BIN_KEY_SQL, BINS_PER_POINT, MOVERS_LIMIT, NO_BIN, UNSCORED_BIN, binKey, type PivotRow } from './bins';
import type { SplitPlan } from './splits';

const NEG_INF = `'-inf'::DOUBLE`;

/** What the narrow table holds beyond the config: found when it is built. */
export interface FastLayout {
  /** Normed metrics that some customer lacks (they carry a presence column). */
  nullable: readonly MetricId[];
  /** Baseline contribution columns the pinned baseline has. */
  baselineContribs: readonly string[];
  /** Grading within groups: the table has the group index g, and ranks and cuts are per group. */
  grouped?: boolean;
}

const zCol = (id: MetricId) => `z_${id}`;
const pCol = (id: MetricId) => `p_${id}`;

/** How many customers lack each normed metric: decides the presence columns. */
export function buildNullCountsSql(plan: ScorePlan): string {
  if (plan.normed.length === 0) return 'SELECT 1 AS none;';
  return `SELECT ${plan.normed
    .map((m) => `CAST(count(*) FILTER (WHERE ${ident(normColumn(m.id))} IS NULL) AS INTEGER) AS ${ident(m.id)}`)
    .join(', ')}
FROM ${ident(CUSTOMER_NORMS)};`;
}

/** The columns the pinned baseline has (which contributions it can show). */
export const BASELINE_COLUMNS_SQL = `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ${str(GRADES_BASELINE)} AND NOT internal ORDER BY column_index;`;

/**
 * The narrow table, physically in movers order (order amount desc, customer_id): each
 * normed metric with 0 for missing (z_) and, where some customer lacks it, its presence
 * (p_); the tie-break rank id_rank (customer_id order); the baseline; the manual grade;
 * and "agg_" copies of the counted measures that are empty for adjusted customers, whose
 * final grade does not depend on the weights (their sums are taken once, in buildFastStaticSql).
 */
export function buildFastBaseSql(config: GradingConfig, plan: ScorePlan, layout: FastLayout): string {
  const rule = config.rule;
  const adjustments = effectiveAdjustments(config.adjustments, rule);
  const adjustCte = adjustments.length
    ? `ts_adjust(customer_id, adjust_index) AS (VALUES ${adjustments.map((a) => `(${str(a.customerId)}, ${int(a.index)})`).join(', ')})`
    : `ts_adjust AS (SELECT NULL::VARCHAR AS customer_id, NULL::INTEGER AS adjust_index WHERE false)`;
  const nullable = new Set(layout.nullable);
  const metricCols = plan.normed.flatMap((m) => {
    const n = `n.${ident(normColumn(m.id))}`;
    return [`COALESCE(${n}, 0) AS ${ident(zCol(m.id))}`, ...(nullable.has(m.id) ? [`CAST(${n} IS NOT NULL AS DOUBLE) AS ${ident(pCol(m.id))}`] : [])];
  });
  const have = new Set(layout.baselineContribs);
  const baseline = plan.normed.map((m) =>
    have.has(contribColumn(m.id)) ? `b.${ident(contribColumn(m.id))} AS ${ident(`baseline_${contribColumn(m.id)}`)}` : `NULL::DOUBLE AS ${ident(`baseline_${contribColumn(m.id)}`)}`,
  );
  const group = partitionByGroup(config);
  // The group index: groups in the order of their values, blank last.
  const g = layout.grouped ? [`CAST(dense_rank() OVER (ORDER BY n.${ident(GROUP_COLUMN)} NULLS LAST) - 1 AS UTINYINT) AS g`] : [];
  // A cumulative rule's grades rank customers by a measure, not by score: they are fixed per customer.
  let cumulative = '';
  if (rule.kind === 'cumulative') {
    const m = ident(rule.measure === 'profit' ? 'profit' : 'order_amount');
    // The same window expressions as buildGradeSql's, over columns only this join brings.
    cumulative = `,
  CAST(${cumulativeGradeExpr(rule)} AS UTINYINT) AS cum_grade`;
    return baseSql(adjustCte, [...g, ...metricCols], baseline, cumulative, `LEFT JOIN (
  SELECT customer_id, ${m} AS measure,
    coalesce(sum(${m}) OVER (${group}ORDER BY ${m} DESC NULLS LAST, customer_id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
    sum(greatest(${m}, 0)) OVER (${group.trim()}) AS positive_total
  FROM ${ident(CUSTOMER_NORMS)}
) AS c ON c.customer_id = n.customer_id`);
  }
  return baseSql(adjustCte, [...g, ...metricCols], baseline, cumulative, '');
}

function baseSql(adjustCte: string, metricCols: string[], baseline: string[], extra: string, join: string): string {
  return `CREATE OR REPLACE TABLE ${hotTable(FAST_BASE)} AS
WITH ${adjustCte}
SELECT CAST(row_number() OVER (ORDER BY n.order_amount DESC NULLS LAST, n.customer_id) AS INTEGER) AS k,
  CAST(row_number() OVER (ORDER BY n.customer_id) AS INTEGER) AS id_rank,
  n.customer_id,
  n.customer_name,
${[...metricCols, ...baseline].map((c) => `  ${c},`).join('\n')}
  n.profit,
  n.order_amount,
  CAST(n.baseline_index AS UTINYINT) AS bi,
  n.baseline_score,
  b.grade AS baseline_grade,
  CAST(a.adjust_index AS UTINYINT) AS adj,
  CAST(a.adjust_index IS NULL AS UTINYINT) AS agg_n,
  CASE WHEN a.adjust_index IS NULL THEN n.order_amount END AS agg_amount,
  CASE WHEN a.adjust_index IS NULL THEN n.profit END AS agg_profit,
  CAST(COALESCE(a.adjust_index IS NULL AND n.profit < 0, false) AS UTINYINT) AS agg_loss${extra}
FROM ${ident(CUSTOMER_NORMS)} AS n
LEFT JOIN ts_adjust AS a ON a.customer_id = n.customer_id
LEFT JOIN ${ident(GRADES_BASELINE)} AS b ON b.customer_id = n.customer_id
${join ? `${join}\n` : ''}ORDER BY k;`;
}

/** Weight-independent figures, once per narrow table: the totals, and adjusted customers per (grade, baseline). */
export function buildFastStaticSql(): string {
  const sums = `CAST(count(*) AS INTEGER) AS customers, sum(order_amount) AS order_amount, sum(profit) AS profit,
  CAST(count(*) FILTER (WHERE profit < 0) AS INTEGER) AS loss_making`;
  return `SELECT 'total' AS part, ${sums} FROM ${hotTable(FAST_BASE)}
UNION ALL BY NAME
SELECT 'adjusted' AS part, CAST(adj AS INTEGER) AS grade_index, CAST(bi AS INTEGER) AS baseline_index, ${sums}
FROM ${hotTable(FAST_BASE)} WHERE adj IS NOT NULL GROUP BY ALL;`;
}

/** The score terms over the narrow table, with the full path's weight literals. */
export function fastTerms(plan: ScorePlan, layout: FastLayout): ScoreTerm[] {
  const nullable = new Set(layout.nullable);
  return scoreTerms(plan.used, (m) => ({ value: ident(zCol(m.id)), present: nullable.has(m.id) ? ident(pCol(m.id)) : null }));
}

/** ⌊score · 2⌋ from the score in millionths: exact, since rr / 500000 is a whole number only when it is one. */
function binOf(rr: string, unscored: boolean): string {
  const bin = `CAST(floor(${rr} / ${int(1_000_000 / BINS_PER_POINT)}) AS UTINYINT)`;
  return unscored ? `COALESCE(${bin}, ${int(UNSCORED_BIN)}::UTINYINT)` : bin;
}

/** What a bin (or a split bin's grade) adds up: all customers, then the unadjusted ones' counts and sums. */
const SUMS = `CAST(count(*) AS INTEGER) AS n_all, CAST(sum(agg_n) AS INTEGER) AS customers, sum(agg_amount) AS order_amount,
  sum(agg_profit) AS profit, CAST(sum(agg_loss) AS INTEGER) AS loss_making`;

/** Statement 1: customers and sums per (score bin, baseline grade) — and fixed grade, for a cumulative rule. */
export function buildFastBinsSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule): string {
  const terms = fastTerms(plan, layout);
  const bin = binOf(scoreMillionthsSql(terms), canBeUnscored(terms));
  const fixed = rule.kind === 'cumulative' ? ', cum_grade AS grade_index' : '';
  return `SELECT ${bin} AS bin, bi AS baseline_index${fixed}${layout.grouped ? ', g' : ''},
  ${SUMS}
FROM ${hotTable(FAST_BASE)}
GROUP BY ALL;`;
}

/** A double literal that parses back to exactly the same double (−∞ for the unscored). */
export function doubleLiteral(v: number): string {
  return v === -Infinity ? NEG_INF : `${str(String(v))}::DOUBLE`;
}

/**
 * The automatic grade of a narrow-table row with columns sk, pk, id_rank and score:
 * ratio — how many cut pivots it ranks after; threshold — thresholdGradeExpr; cumulative — fixed.
 */
function autoGradeExpr(rule: GradeRule, pivots: readonly PivotRow[], grouped = false): string {
  const cuts = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      // After pivot i in the documented order; a cut with no pivot (at position 0): everyone is after it.
      const after = (ps: readonly PivotRow[]) => {
        const terms = Array.from({ length: cuts }, (_, i) => {
          const p = ps.find((x) => x.cut === i);
          if (!p) return '1';
          const [s, pk] = [doubleLiteral(p.sk), doubleLiteral(p.pk)];
          return `CAST(sk < ${s} OR (sk = ${s} AND (pk < ${pk} OR (pk = ${pk} AND id_rank > ${int(p.id_rank)}))) AS UTINYINT)`;
        });
        return terms.length ? terms.join(' + ') : '0::UTINYINT';
      };
      if (!grouped) return after(pivots);
      // Each group against its own pivots.
      const gs = [...new Set(pivots.map((p) => p.g))].sort((x, y) => x - y);
      const none = `CAST(${int(cuts)} AS UTINYINT)`;
      return gs.length ? `CASE g ${gs.map((g) => `WHEN ${int(g)} THEN ${after(pivots.filter((p) => p.g === g))}`).join(' ')} ELSE ${none} END` : after([]);
    }
    case 'threshold':
      return `CAST(${thresholdGradeExpr(rule)} AS UTINYINT)`;
    case 'cumulative':
      return 'cum_grade';
  }
}

/** Per narrow-table row: the score in millionths (rr), its sort keys, the score and the bin. */
function scoredRows(plan: ScorePlan, layout: FastLayout, columns: string, where = ''): string {
  const terms = fastTerms(plan, layout);
  return `(SELECT *, COALESCE(rr, ${NEG_INF}) AS sk, COALESCE(profit, ${NEG_INF}) AS pk, rr / 1e6 AS score, ${binOf('rr', canBeUnscored(terms))} AS bin
  FROM (SELECT ${columns}, ${scoreMillionthsSql(terms)} AS rr FROM ${hotTable(FAST_BASE)}${where}))`;
}

function gradeNames(grades: readonly GradeBase[], col: string): string {
  return `CASE ${col} ${grades.map((g, i) => `WHEN ${int(i)} THEN ${str(g.name)}`).join(' ')} END`;
}

/**
 * Statement 2: the split bins' customers per (bin, automatic grade, baseline) ('split'
 * rows: BinRow plus grade_index) and, for a ratio rule, the customers at the cut positions
 * ('pivot' rows: bin, rn, sk, pk, id_rank). Each split row's position is the customers
 * in better bins (known from statement 1) plus its rank within its bin.
 */
export function buildFastResolveSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, split: SplitPlan): string {
  const grouped = layout.grouped === true;
  // Not grouped, a bin's key is the bin itself, and the statements read as they always did.
  const key = grouped ? BIN_KEY_SQL : 'bin';
  const keys = [...split.split].sort((a, b) => a - b).map(int);
  const scan = `SELECT * FROM ${scoredRows(plan, layout, `${grouped ? 'g, ' : ''}id_rank, profit, bi, agg_n, agg_amount, agg_profit, agg_loss, adj`)}
  WHERE list_contains([${keys.join(', ')}], ${key})`;
  if (rule.kind !== 'ratio') {
    return `SELECT 'split' AS part, bin, bi AS baseline_index, ${autoGradeExpr(rule, [])} AS grade_index,
  ${SUMS}
FROM (${scan})
GROUP BY ALL;`;
  }
  const before = `CASE ${key} ${[...split.before].map(([b, n]) => `WHEN ${int(b)} THEN ${int(n)}`).join(' ')} END`;
  const groups = [...split.groups].sort(([x], [y]) => x - y);
  if (!grouped) {
    const wanted = (split.groups.get(0)?.probes ?? []).filter((p) => p.bin !== NO_BIN).map((p) => `(bin = ${int(p.bin)} AND rn = ${int(p.offset + 1)})`);
    const pivots = `SELECT 'pivot' AS part, bin, rn, sk, pk, id_rank FROM ts_w WHERE ${wanted.length ? [...new Set(wanted)].join(' OR ') : 'false'};`;
    // Position = before + rn; grade = how many cuts lie before that position.
    const cuts = split.groups.get(0)?.cuts ?? [];
    const grade = cuts.length ? cuts.map((c) => `CAST(${before} + rn > ${int(c)} AS UTINYINT)`).join(' + ') : '0::UTINYINT';
    return `WITH ts_w AS MATERIALIZED (
  SELECT *, row_number() OVER (PARTITION BY bin ORDER BY sk DESC, pk DESC, id_rank) AS rn
  FROM (${scan})
)
SELECT 'split' AS part, bin, bi AS baseline_index, ${grade} AS grade_index,
  ${SUMS}
FROM ts_w
GROUP BY ALL
UNION ALL BY NAME
${pivots}`;
  }
  // Within groups the pivots are picked by one key (27 ORed conditions at 9 groups cost more to plan than to run).
  const pivotKeys = groups.flatMap(([g, { probes }]) => probes.filter((p) => p.bin !== NO_BIN).map((p) => `${int(binKey(g, p.bin) * 2 ** 32 + p.offset + 1)}`));
  const groupedPivots = `SELECT 'pivot' AS part, g, bin, rn, sk, pk, id_rank FROM ts_w WHERE ${
    pivotKeys.length ? `list_contains([${[...new Set(pivotKeys)].join(', ')}], CAST(${BIN_KEY_SQL} AS BIGINT) * 4294967296 + rn)` : 'false'
  };`;
  // Within groups the position is taken once per row (repeating its CASE in every group's
  // every cut made the statement 5× slower), then compared with its own group's cuts.
  const gradeIn = (cuts: readonly number[]) => (cuts.length ? cuts.map((c) => `CAST(pos > ${int(c)} AS UTINYINT)`).join(' + ') : '0::UTINYINT');
  const grade = `CASE g ${groups.map(([g, { cuts }]) => `WHEN ${int(g)} THEN ${gradeIn(cuts)}`).join(' ')} END`;
  return `WITH ts_r AS (
  SELECT *, row_number() OVER (PARTITION BY g, bin ORDER BY sk DESC, pk DESC, id_rank) AS rn
  FROM (${scan})
),
ts_w AS MATERIALIZED (
  SELECT *, ${before} + rn AS pos FROM ts_r
)
SELECT 'split' AS part, bin, bi AS baseline_index, ${grade} AS grade_index,
  ${SUMS}
FROM ts_w
GROUP BY ALL
UNION ALL BY NAME
${groupedPivots}`;
}

/**
 * Statement 3: the first MOVERS_LIMIT movers in table order (largest order amount first)
 * among the first `head` customers, with their contributions now and in the baseline.
 */
export function buildFastMoversSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, pivots: readonly PivotRow[], head: number): string {
  const terms = fastTerms(plan, layout);
  const now = plan.used.map((m, i) => `${contributionSql(terms, i)} AS ${ident(contribColumn(m.id))}`);
  const before = plan.used.map((m) => ident(`baseline_${contribColumn(m.id)}`));
  const carried = [
    'k',
    'id_rank',
    'customer_id',
    'customer_name',
    'profit',
    'bi',
    'adj',
    'baseline_score',
    'baseline_grade',
    ...(layout.grouped ? ['g'] : []),
    ...(rule.kind === 'cumulative' ? ['cum_grade'] : []),
    ...plan.used.flatMap((m) => [zCol(m.id), ...(layout.nullable.includes(m.id) ? [pCol(m.id)] : [])]),
    ...plan.used.map((m) => `baseline_${contribColumn(m.id)}`),
  ].map(ident);
  // The narrow table is stored in movers order, so k ≤ head reads only its first row groups.
  return `SELECT k, customer_id, customer_name, baseline_grade AS before_grade, ${gradeNames(rule.grades, 'grade_index')} AS after_grade,
  CAST(bi AS INTEGER) - CAST(grade_index AS INTEGER) AS steps, baseline_score AS before_score, score AS after_score, profit${
    now.length ? `,\n  ${now.join(',\n  ')},\n  ${before.join(', ')}` : ''
  }
FROM (
  SELECT * FROM (
    SELECT *, COALESCE(adj, ${autoGradeExpr(rule, pivots, layout.grouped)}) AS grade_index
    FROM ${scoredRows(plan, layout, carried.join(', '), ` WHERE k <= ${int(head)}`)}
  )
  WHERE bi IS NOT NULL AND bi <> grade_index
  ORDER BY k
  LIMIT ${int(MOVERS_LIMIT)}
)
ORDER BY k;`;
}

/** Every customer's final grade index and score under a move (for tests, and for checking a settled drag). */
export function buildFastGradesSql(plan: ScorePlan, layout: FastLayout, rule: GradeRule, pivots: readonly PivotRow[]): string {
  const carried = ['customer_id', 'id_rank', 'profit', 'adj', ...(layout.grouped ? ['g'] : []), ...(rule.kind === 'cumulative' ? ['cum_grade'] : [])];
  const cols = [...carried, ...plan.used.flatMap((m) => [zCol(m.id), ...(layout.nullable.includes(m.id) ? [pCol(m.id)] : [])])].map(ident);
  return `SELECT customer_id, CAST(COALESCE(adj, ${autoGradeExpr(rule, pivots, layout.grouped)}) AS INTEGER) AS grade_index, score
FROM ${scoredRows(plan, layout, cols.join(', '))}
ORDER BY customer_id;`;
}
