// Reports of the customer-value step over customers_graded: the "at risk"
// worklist (good customers who are quietly leaving) and the RFM classes with
// their counts, amount and profit. Pure SQL builders; values are bound as literals.

import { CUSTOMERS_GRADED } from '../sql/catalog';
import { ident, int, num, str } from '../sql/quote';
import { RFM_CLASSES } from './rfm';

export interface AtRiskOptions {
  /** P(alive) below this (0–1) … */
  pAliveBelow: number;
  /** … in the first `topGrades` grades (by grade index). */
  topGrades: number;
  limit?: number;
}

/**
 * Customers in the top grades whose P(alive) has fallen below the threshold, the
 * most valuable first: last order, usual days between orders, P(alive), and the
 * value at stake (their order amount and profit over the last 12 months).
 */
export function buildAtRiskSql(o: AtRiskOptions): string {
  return `SELECT customer_id, customer_name, grade, grade_index, strftime(last_order, '%Y-%m-%d') AS last_order, recency_days,
  CASE WHEN order_count > 1 THEN round(date_diff('day', first_order, last_order) / (order_count - 1), 1) END AS usual_interval_days,
  p_alive, amount_last12 AS amount_at_stake, predicted_profit, profit
FROM ${ident(CUSTOMERS_GRADED)}
WHERE p_alive < ${num(o.pAliveBelow)} AND grade_index < ${int(o.topGrades)}
ORDER BY amount_last12 DESC NULLS LAST, p_alive, customer_id
LIMIT ${int(o.limit ?? 200)}`;
}

/** How many at-risk customers there are in all, and the amount at stake. */
export function buildAtRiskCountSql(o: AtRiskOptions): string {
  return `SELECT CAST(count(*) AS INTEGER) AS customers, COALESCE(sum(amount_last12), 0) AS amount_at_stake
FROM ${ident(CUSTOMERS_GRADED)}
WHERE p_alive < ${num(o.pAliveBelow)} AND grade_index < ${int(o.topGrades)}`;
}

/** The eight RFM classes in table order (empty ones included), with customers, order amount, profit and their shares. */
export function buildRfmSummarySql(): string {
  const classes = RFM_CLASSES.map((k, i) => `(${int(i)}, ${str(k.code)})`).join(', ');
  return `WITH ts_classes(pos, rfm_class) AS (VALUES ${classes}),
ts_by AS (
  SELECT rfm_class, count(*) AS customers, sum(order_amount) AS order_amount, sum(profit) AS profit
  FROM ${ident(CUSTOMERS_GRADED)} WHERE rfm_class IS NOT NULL GROUP BY 1
)
SELECT c.rfm_class, CAST(COALESCE(b.customers, 0) AS INTEGER) AS customers,
  COALESCE(b.customers, 0) / NULLIF(sum(COALESCE(b.customers, 0)) OVER (), 0) AS share_customers,
  COALESCE(b.order_amount, 0) AS order_amount,
  b.profit,
  b.profit / NULLIF(sum(greatest(b.profit, 0)) OVER (), 0) AS share_profit
FROM ts_classes AS c LEFT JOIN ts_by AS b USING (rfm_class)
ORDER BY c.pos`;
}

/** A point of buildValueScatterSql: what a customer bought in the last 12 months, and what it is predicted to buy next. */
export interface ValuePoint {
  customer_id: string;
  customer_name: string;
  grade: string;
  grade_index: number;
  amount_last12: number;
  predicted_amount: number;
  p_alive: number | null;
}

/**
 * Last 12 months against the prediction, one point per customer: every customer when
 * there are few, else the largest by either measure plus a stable hash sample of the rest.
 */
export function buildValueScatterSql(maxPoints = 3000): string {
  const top = Math.max(1, Math.floor(maxPoints / 6));
  return `WITH ts_v AS (
  SELECT customer_id, customer_name, grade, CAST(grade_index AS INTEGER) AS grade_index,
    COALESCE(amount_last12, 0) AS amount_last12, predicted_amount, p_alive,
    row_number() OVER (ORDER BY predicted_amount DESC, customer_id) AS by_predicted,
    row_number() OVER (ORDER BY amount_last12 DESC NULLS LAST, customer_id) AS by_past,
    count(*) OVER () AS n
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE predicted_amount IS NOT NULL
)
SELECT customer_id, customer_name, grade, grade_index, amount_last12, predicted_amount, p_alive
FROM ts_v
WHERE n <= ${int(maxPoints)} OR by_predicted <= ${int(top)} OR by_past <= ${int(top)}
  OR hash(customer_id) % n < ${int(maxPoints - 2 * top)}
ORDER BY grade_index DESC, customer_id`;
}
