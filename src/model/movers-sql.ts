// Who moved: the current grading (customers_graded) against a saved one — the
// baseline before a what-if, or the previous period.

import { ident, int, str } from '../sql/quote';
import type { GradeBase } from './config';
import { CUSTOMERS_GRADED } from './grade-sql';

export const GRADES_BASELINE = 'grades_baseline';
export const GRADES_PREVIOUS = 'grades_previous';

/** Keep the current grades (and what explains them) under another name. */
export function buildSnapshotSql(target: string): string {
  return `CREATE OR REPLACE TABLE ${ident(target)} AS
SELECT * FROM ${ident(CUSTOMERS_GRADED)};`;
}

/**
 * One row per (before, after) grade pair, with customers and profit, including
 * pairs with no customers, so the matrix is always complete. Customers only on
 * one side (new or gone) have a NULL grade on the other.
 */
export function buildMigrationMatrixSql(grades: readonly GradeBase[], baseline: string): string {
  const values = grades.map((g, i) => `(${int(i)}, ${str(g.name)})`).join(', ');
  return `WITH
grades(grade_index, grade) AS (VALUES ${values}),
pairs AS (
  SELECT b.grade_index AS before_index, a.grade_index AS after_index,
    COUNT(*) AS customers, SUM(COALESCE(a.profit, b.profit)) AS profit
  FROM ${ident(baseline)} AS b
  FULL OUTER JOIN ${ident(CUSTOMERS_GRADED)} AS a USING (customer_id)
  GROUP BY ALL
)
SELECT gb.grade AS before_grade, gb.grade_index AS before_index, ga.grade AS after_grade, ga.grade_index AS after_index,
  CAST(COALESCE(p.customers, 0) AS INTEGER) AS customers, COALESCE(p.profit, 0) AS profit
FROM grades AS gb CROSS JOIN grades AS ga
LEFT JOIN pairs AS p ON p.before_index = gb.grade_index AND p.after_index = ga.grade_index
ORDER BY gb.grade_index, ga.grade_index;`;
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
