// Who moved: the current grading (customers_graded) against a saved one — the
// baseline before a what-if, or the previous period.

import { ident, int, str } from '../sql/quote';
import type { GradeBase } from './config';
import { CUSTOMERS_GRADED, GRADES_BASELINE as GRADES_BASELINE_TABLE } from '../sql/catalog';

/**
 * Keep the current grades, and the points that explain them, under another
 * name: only the columns a comparison reads, so a baseline of a million
 * customers costs a few columns, not a second copy of everything.
 */
export function buildSnapshotSql(target: string): string {
  return `CREATE OR REPLACE TABLE ${ident(target)} AS
SELECT customer_id, customer_name, profit, score, grade_index, grade, COLUMNS('^contrib_')
FROM ${ident(CUSTOMERS_GRADED)};`;
}

/**
 * Baseline → scenario migration from the baseline columns customers_graded
 * carries: a hash aggregate per slider move, complete with empty cells.
 */
export function buildScenarioMatrixSql(grades: readonly GradeBase[]): string {
  return completeMatrixSql(
    grades,
    `  SELECT baseline_index AS before_index, grade_index AS after_index, COUNT(*) AS customers, SUM(profit) AS profit
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE baseline_index IS NOT NULL
  GROUP BY ALL`,
  );
}

/**
 * Customers whose grade differs from the baseline, largest order amount first (the
 * accounts an executive asks about), with each metric's points now and in the
 * baseline (what moved them). The slider's fast path lists the same customers.
 */
export function buildScenarioMoversSql(contribColumns: readonly string[], limit = 200, baselineColumns?: ReadonlySet<string>): string {
  const now = contribColumns.map((c) => `g.${ident(c)}`);
  // A metric the baseline was graded without has no points there (e.g. margin, added by a preset after the pin).
  const before = contribColumns.map((c) => `${!baselineColumns || baselineColumns.has(c) ? `b.${ident(c)}` : 'NULL::DOUBLE'} AS ${ident(`baseline_${c}`)}`);
  return `WITH moved AS (
  SELECT * FROM ${ident(CUSTOMERS_GRADED)}
  WHERE baseline_index IS NOT NULL AND baseline_index <> grade_index
  ORDER BY order_amount DESC NULLS LAST, customer_id
  LIMIT ${int(limit)}
)
SELECT g.customer_id, g.customer_name, b.grade AS before_grade, g.grade AS after_grade,
  CAST(g.baseline_index - g.grade_index AS INTEGER) AS steps, g.baseline_score AS before_score, g.score AS after_score, g.profit${
    now.length ? `,
  ${now.join(', ')},
  ${before.join(', ')}` : ''
  }
FROM moved AS g
LEFT JOIN ${ident(GRADES_BASELINE_TABLE)} AS b USING (customer_id)
ORDER BY g.order_amount DESC NULLS LAST, g.customer_id;`;
}

/** How many customers moved up and down against the baseline. */
export function buildScenarioSummarySql(): string {
  return `SELECT CAST(COUNT(*) FILTER (WHERE grade_index < baseline_index) AS INTEGER) AS up,
  CAST(COUNT(*) FILTER (WHERE grade_index > baseline_index) AS INTEGER) AS down,
  CAST(COUNT(*) FILTER (WHERE baseline_index IS NOT NULL) AS INTEGER) AS compared
FROM ${ident(CUSTOMERS_GRADED)};`;
}

/**
 * Complete a (before, after) pairs query into the full grade × grade matrix,
 * in grade order, with empty pairs as zero rows.
 */
function completeMatrixSql(grades: readonly GradeBase[], pairs: string): string {
  const values = grades.map((g, i) => `(${int(i)}, ${str(g.name)})`).join(', ');
  return `WITH
grades(grade_index, grade) AS (VALUES ${values}),
pairs AS (
${pairs}
)
SELECT gb.grade AS before_grade, gb.grade_index AS before_index, ga.grade AS after_grade, ga.grade_index AS after_index,
  CAST(COALESCE(p.customers, 0) AS INTEGER) AS customers, COALESCE(p.profit, 0) AS profit
FROM grades AS gb CROSS JOIN grades AS ga
LEFT JOIN pairs AS p ON p.before_index = gb.grade_index AND p.after_index = ga.grade_index
ORDER BY gb.grade_index, ga.grade_index;`;
}

/**
 * One row per (before, after) grade pair, with customers and profit, including
 * pairs with no customers, so the matrix is always complete. Customers only on
 * one side (new or gone) have a NULL grade on the other.
 */
export function buildMigrationMatrixSql(grades: readonly GradeBase[], baseline: string): string {
  return completeMatrixSql(
    grades,
    `  SELECT b.grade_index AS before_index, a.grade_index AS after_index,
    COUNT(*) AS customers, SUM(COALESCE(a.profit, b.profit)) AS profit
  FROM ${ident(baseline)} AS b
  FULL OUTER JOIN ${ident(CUSTOMERS_GRADED)} AS a USING (customer_id)
  GROUP BY ALL`,
  );
}

/**
 * Customers whose grade differs from the baseline: steps > 0 means moved up
 * (towards the first grade). Largest moves first, then by score change.
 */
export function buildMoversSql(baseline: string, limit = 1000): string {
  return `SELECT
  customer_id,
  COALESCE(a.customer_name, b.customer_name) AS customer_name,
  b.grade AS before_grade,
  a.grade AS after_grade,
  CAST(b.grade_index - a.grade_index AS INTEGER) AS steps,
  b.score AS before_score,
  a.score AS after_score,
  a.profit
FROM ${ident(baseline)} AS b
FULL OUTER JOIN ${ident(CUSTOMERS_GRADED)} AS a USING (customer_id)
WHERE b.grade_index IS DISTINCT FROM a.grade_index
ORDER BY abs(COALESCE(b.grade_index - a.grade_index, 99)) DESC, abs(COALESCE(a.score, 0) - COALESCE(b.score, 0)) DESC, customer_id
LIMIT ${int(limit)};`;
}
