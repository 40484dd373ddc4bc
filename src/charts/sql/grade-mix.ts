// Grade mix by a category column (region, industry, customer segment): how
// many customers of each grade per category. The largest categories are shown
// by name; the rest are pooled into one "other" row so the chart stays legible.

import { ident, int } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';

export interface GradeMixRow {
  /** NULL for customers without a value, and for the pooled row (then `other` is true). */
  category: string | null;
  other: boolean;
  grade: string;
  grade_index: number;
  customers: number;
  /** Customers of the category, all grades: the sort key. */
  category_customers: number;
}

export function buildGradeMixSql(o: { column: string; maxCategories?: number }): string {
  const k = o.maxCategories ?? 12;
  if (!Number.isSafeInteger(k) || k < 1) throw new Error(`maxCategories must be a whole number ≥ 1 (got ${k})`);
  return `WITH
ts_base AS (
  SELECT CAST(${ident(o.column)} AS VARCHAR) AS category, grade, CAST(grade_index AS INTEGER) AS grade_index
  FROM ${ident(CUSTOMERS_GRADED)}
),
ts_top AS (
  SELECT category, true AS named FROM ts_base GROUP BY category
  ORDER BY count(*) DESC, category NULLS LAST
  LIMIT ${int(k)}
),
ts_mix AS (
  SELECT CASE WHEN t.named THEN b.category END AS category, t.named IS NULL AS other, b.grade, b.grade_index, count(*) AS customers
  FROM ts_base AS b LEFT JOIN ts_top AS t ON t.category IS NOT DISTINCT FROM b.category
  GROUP BY ALL
)
SELECT category, other, grade, grade_index, CAST(customers AS INTEGER) AS customers,
  CAST(sum(customers) OVER (PARTITION BY category, other) AS INTEGER) AS category_customers
FROM ts_mix
ORDER BY other, category_customers DESC, category NULLS LAST, grade_index;`;
}
