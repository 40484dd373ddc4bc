// Customers ranked by a value (largest first) with the running total: the
// common ground of the Pareto and whale curves. Everything is aggregated in
// SQL and the curve is thinned to about `maxPoints` rows, so a million
// customers still send only a few hundred points to Vega.

import { ident, int, str } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../model/grade-sql';

/** The values a cumulative curve can rank customers by. */
export type CurveMeasure = 'profit' | 'order_amount';

export const DEFAULT_MAX_POINTS = 500;

/**
 * CTE `ts_ranked_<measure>`: r (1 = largest), v, cum (running sum), n, total.
 * Ties are broken by customer_id so the order is the same on every run.
 */
export function rankedCte(measure: CurveMeasure): string {
  const col = ident(measure);
  return `${ident(`ts_ranked_${measure}`)} AS (
  SELECT
    ${str(measure)} AS measure,
    row_number() OVER w AS r,
    CAST(${col} AS DOUBLE) AS v,
    sum(CAST(${col} AS DOUBLE)) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
    count(*) OVER () AS n,
    sum(CAST(${col} AS DOUBLE)) OVER () AS total
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE ${col} IS NOT NULL
  WINDOW w AS (ORDER BY ${col} DESC, customer_id ASC)
)`;
}

/** Every step-th rank, the first and the last: an even thinning of the curve. */
export function thinned(maxPoints: number): string {
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 2) throw new Error(`maxPoints must be a whole number ≥ 2 (got ${maxPoints})`);
  return `(r = 1 OR r = n OR r % greatest(1, CAST(ceil(n / ${int(maxPoints)}) AS BIGINT)) = 0)`;
}
