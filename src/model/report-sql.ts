// customers_graded → the small result sets the page draws: the grade table
// (which also feeds the pyramid) and the customer list.

import { ident, int, str } from '../sql/quote';
import type { GradeBase } from './config';
import { CUSTOMERS_GRADED, HISTORY_GRADES } from '../sql/catalog';

/**
 * One row per grade, in grade order, including grades that came out empty:
 * grade, grade_index, customers, share_customers, order_amount, share_amount, profit, share_profit.
 * Shares are fractions of the total (profit share of a loss-making grade is negative).
 */
export function buildGradeTableSql(grades: readonly GradeBase[]): string {
  const values = grades.map((g, i) => `(${int(i)}, ${str(g.name)})`).join(', ');
  return `WITH
grades(grade_index, grade) AS (VALUES ${values}),
per_grade AS (
  SELECT grade_index, COUNT(*) AS customers, SUM(order_amount) AS order_amount, SUM(profit) AS profit
  FROM ${ident(CUSTOMERS_GRADED)}
  GROUP BY grade_index
),
totals AS (
  SELECT SUM(customers) AS customers, SUM(order_amount) AS order_amount, SUM(profit) AS profit FROM per_grade
)
SELECT
  g.grade,
  g.grade_index,
  CAST(COALESCE(p.customers, 0) AS INTEGER) AS customers,
  COALESCE(p.customers, 0) / NULLIF(t.customers, 0) AS share_customers,
  COALESCE(p.order_amount, 0) AS order_amount,
  COALESCE(p.order_amount, 0) / NULLIF(t.order_amount, 0) AS share_amount,
  COALESCE(p.profit, 0) AS profit,
  COALESCE(p.profit, 0) / NULLIF(t.profit, 0) AS share_profit
FROM grades AS g
CROSS JOIN totals AS t
LEFT JOIN per_grade AS p USING (grade_index)
ORDER BY g.grade_index;`;
}

/** Columns of the customer list, in display order; sorting is limited to these. */
export const CUSTOMER_LIST_COLUMNS = [
  'grade_rank',
  'customer_id',
  'customer_name',
  'grade',
  'score',
  'order_amount',
  'profit',
  'margin',
  'order_count',
  'first_order',
  'last_order',
] as const;

export type CustomerListColumn = (typeof CUSTOMER_LIST_COLUMNS)[number];

export interface CustomerListQuery {
  sortBy: CustomerListColumn;
  descending: boolean;
  limit: number;
  /** Show only this grade (a click on a grade in a chart or table); null for all. */
  grade?: string | null;
}

export const DEFAULT_CUSTOMER_LIST: CustomerListQuery = { sortBy: 'grade_rank', descending: false, limit: 100, grade: null };

export function buildCustomerListSql(q: CustomerListQuery): string {
  if (!(CUSTOMER_LIST_COLUMNS as readonly string[]).includes(q.sortBy)) throw new Error(`Cannot sort by "${q.sortBy}"`);
  // Sorting by grade means sorting by its position, not its name (S/A/B… are not alphabetical).
  const key = q.sortBy === 'grade' ? 'grade_index' : q.sortBy;
  const dir = q.descending ? 'DESC' : 'ASC';
  return `SELECT
  CAST(grade_rank AS INTEGER) AS grade_rank,
  customer_id,
  customer_name,
  grade,
  grade_auto,
  adjusted,
  score,
  order_amount,
  profit,
  margin,
  CAST(order_count AS INTEGER) AS order_count,
  strftime(first_order, '%Y-%m-%d') AS first_order,
  strftime(last_order, '%Y-%m-%d') AS last_order,
  flag_false_big,
  flag_loss,
  flag_sleeping,
  segment
FROM ${ident(CUSTOMERS_GRADED)}${q.grade != null ? `\nWHERE grade = ${str(q.grade)}` : ''}
ORDER BY ${ident(key)} ${dir} NULLS LAST, grade_rank ASC
LIMIT ${int(q.limit)};`;
}

/**
 * One customer's full row, and the average of each column over the customer's
 * grade, for the breakdown ("why does this customer hold its grade?").
 * The customer id is bound (`?`), never pasted.
 */
export function buildCustomerDetailSql(contribColumns: readonly string[]): string {
  const avgs = contribColumns.map((c) => `avg(${ident(c)}) AS ${ident(c)}`).join(', ');
  return `WITH me AS (SELECT * FROM ${ident(CUSTOMERS_GRADED)} WHERE customer_id = ?)
SELECT 'customer' AS row_kind, me.* FROM me
UNION ALL BY NAME
SELECT 'grade_average' AS row_kind, ${avgs ? `${avgs}, ` : ''}avg(score) AS score, any_value(grade) AS grade
FROM ${ident(CUSTOMERS_GRADED)} WHERE grade_index = (SELECT grade_index FROM me);`;
}

/** Headline figures for the page and the tests. */
export function buildTotalsSql(): string {
  return `SELECT CAST(COUNT(*) AS INTEGER) AS customers, SUM(order_amount) AS order_amount, SUM(profit) AS profit,
  CAST(COUNT(*) FILTER (WHERE profit < 0) AS INTEGER) AS loss_making
FROM ${ident(CUSTOMERS_GRADED)};`;
}

/**
 * Every graded customer for export, best first: the metrics, their 0–100
 * values, contributions, score, automatic and final grade, adjustment and
 * flags; dates as YYYY-MM-DD; internal working columns (v_*, baseline_*) left out.
 * With `gradePath` (a current grade history exists): each customer's grade at every
 * period end, oldest first, as "B→B→A" ("–" where it was not graded that period).
 */
export function buildGradedExportSql(opts: { gradePath?: boolean } = {}): string {
  const path = opts.gradePath
    ? `,
    p.grade_path
  FROM ${ident(CUSTOMERS_GRADED)} AS g
  LEFT JOIN (
    SELECT c.customer_id, string_agg(COALESCE(h.grade, '–'), '→' ORDER BY pe.period_index) AS grade_path
    FROM (SELECT DISTINCT period_index FROM ${ident(HISTORY_GRADES)}) AS pe
    CROSS JOIN (SELECT DISTINCT customer_id FROM ${ident(HISTORY_GRADES)}) AS c
    LEFT JOIN ${ident(HISTORY_GRADES)} AS h ON h.period_index = pe.period_index AND h.customer_id = c.customer_id
    GROUP BY c.customer_id
  ) AS p ON p.customer_id = g.customer_id`
    : `
  FROM ${ident(CUSTOMERS_GRADED)} AS g`;
  return `SELECT COLUMNS(c -> NOT regexp_matches(c, '^(v_|baseline_)') AND c <> 'prospect') FROM (
  SELECT g.* REPLACE (strftime(g.first_order, '%Y-%m-%d') AS first_order, strftime(g.last_order, '%Y-%m-%d') AS last_order)${path}
)
ORDER BY grade_rank;`;
}
