// Order amount × margin, one point per customer. Small data sends every
// customer; large data sends a stable hash sample of about `maxPoints`
// customers plus every outlier and every flagged "false big customer", so the
// points that matter are never sampled away.

import { ident, int, num } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';

export interface ScatterPoint {
  customer_id: string;
  customer_name: string;
  grade: string;
  grade_index: number;
  order_amount: number;
  margin: number;
  profit: number;
  false_big: boolean;
  outlier: boolean;
}

export interface ScatterStats {
  /** Customers with both an order amount and a margin (the plottable ones). */
  n: number;
  /** "Big" starts here: the top `bigShare` of customers by order amount. */
  amount_cut: number | null;
  /** Overall margin (total profit / total order amount): below it the volume is low quality. */
  margin_cut: number | null;
  min_amount: number | null;
  min_positive_amount: number | null;
  max_amount: number | null;
  /** Margin quantiles used to keep the axis on the bulk of customers (extremes are clamped to the edge). */
  margin_lo: number | null;
  margin_hi: number | null;
}

export interface ScatterOptions {
  maxPoints?: number;
  /** customers_graded has flag_false_big (computed by the grading step). */
  hasFalseBigFlag: boolean;
  /** Share of customers, by order amount, counted as big (default 0.2: the top 20 %). */
  bigShare?: number;
  /** Outliers are beyond these quantiles of order amount and margin (default 0.001). */
  outlierTail?: number;
}

const PLOTTABLE = 'order_amount IS NOT NULL AND margin IS NOT NULL';
// DuckDB's hash() is a stable 64-bit hash; its remainder picks a repeatable sample.
const HASH_SPACE = 1_000_000;

export function buildScatterStatsSql(o: Pick<ScatterOptions, 'bigShare'> = {}): string {
  const big = o.bigShare ?? 0.2;
  if (!(big > 0 && big < 1)) throw new Error(`bigShare must be between 0 and 1 (got ${big})`);
  return `SELECT
  CAST(count(*) AS INTEGER) AS n,
  quantile_cont(order_amount, ${num(1 - big)}) AS amount_cut,
  sum(profit) / NULLIF(sum(order_amount), 0) AS margin_cut,
  min(order_amount) AS min_amount,
  min(order_amount) FILTER (WHERE order_amount > 0) AS min_positive_amount,
  max(order_amount) AS max_amount,
  quantile_cont(margin, 0.005) AS margin_lo,
  quantile_cont(margin, 0.995) AS margin_hi
FROM ${ident(CUSTOMERS_GRADED)}
WHERE ${PLOTTABLE};`;
}

export function buildScatterSql(o: ScatterOptions): string {
  const max = o.maxPoints ?? 2000;
  const tail = o.outlierTail ?? 0.001;
  if (!Number.isSafeInteger(max) || max < 1) throw new Error(`maxPoints must be a whole number ≥ 1 (got ${max})`);
  if (!(tail > 0 && tail < 0.5)) throw new Error(`outlierTail must be between 0 and 0.5 (got ${tail})`);
  const flag = o.hasFalseBigFlag ? `COALESCE(${ident('flag_false_big')}, false)` : 'false';
  return `WITH
ts_points AS (
  SELECT customer_id, customer_name, grade, CAST(grade_index AS INTEGER) AS grade_index,
    order_amount, margin, profit, ${flag} AS false_big
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE ${PLOTTABLE}
),
ts_bounds AS (
  SELECT count(*) AS n,
    quantile_cont(order_amount, ${num(1 - tail)}) AS amount_hi,
    quantile_cont(margin, ${num(tail)}) AS margin_lo,
    quantile_cont(margin, ${num(1 - tail)}) AS margin_hi
  FROM ts_points
)
SELECT p.*,
  (p.order_amount >= b.amount_hi OR p.margin <= b.margin_lo OR p.margin >= b.margin_hi) AS outlier
FROM ts_points AS p, ts_bounds AS b
WHERE b.n <= ${int(max)}
  OR p.false_big
  OR p.order_amount >= b.amount_hi OR p.margin <= b.margin_lo OR p.margin >= b.margin_hi
  OR hash(p.customer_id) % ${int(HASH_SPACE)} < ${int(max)} * ${int(HASH_SPACE)} / b.n
ORDER BY p.grade_index DESC, p.customer_id;`;
}
