// files → tables → **customer_metrics**: one row per customer with the raw
// metric values the score is built from.

import { ident } from '../sql/quote';
import type { SourceMapping } from './source';
import { METRICS, type MetricId } from './metrics';

export const CUSTOMER_METRICS = 'customer_metrics';

/** Metrics this mapping can compute; the rest drop out of the score. */
export function availableMetrics(m: SourceMapping): Set<MetricId> {
  const out = new Set<MetricId>(['orderAmount']);
  if (m.lines.profit) out.add('profit');
  if (m.orders?.daysLate) out.add('credit');
  return out;
}

/**
 * SQL that (re)creates customer_metrics with columns:
 * customer_id, customer_name, order_amount, profit, margin, order_count,
 * first_order, last_order, avg_days_late (NULL where the data has none).
 */
export function buildCustomerMetricsSql(m: SourceMapping): string {
  const l = m.lines;
  const o = m.orders;
  const c = m.customers;
  const lineCustomer = l.customerId ? `l.${ident(l.customerId)}` : null;
  const customerExpr = o ? (lineCustomer ? `COALESCE(o.${ident(o.customerId)}, ${lineCustomer})` : `o.${ident(o.customerId)}`) : lineCustomer!;
  const dateCols = [o?.orderDate ? `o.${ident(o.orderDate)}` : null, l.orderDate ? `l.${ident(l.orderDate)}` : null].filter(Boolean);
  const dateExpr = dateCols.length === 0 ? 'NULL::DATE' : dateCols.length === 1 ? dateCols[0] : `COALESCE(${dateCols.join(', ')})`;
  const profitExpr = l.profit ? `l.${ident(l.profit)}` : 'NULL::DOUBLE';
  const daysLateExpr = o?.daysLate ? `o.${ident(o.daysLate)}` : 'NULL::DOUBLE';
  const join = o ? `\n    LEFT JOIN ${ident(o.table)} AS o ON o.${ident(o.orderId)} = l.${ident(l.orderId)}` : '';

  const facts = `ts_facts AS (
  -- one row per order line, with its customer and order attributes
  SELECT
    CAST(${customerExpr} AS VARCHAR) AS customer_id,
    CAST(l.${ident(l.orderId)} AS VARCHAR) AS order_id,
    CAST(${dateExpr} AS DATE) AS order_date,
    CAST(l.${ident(l.amount)} AS DOUBLE) AS amount,
    CAST(${profitExpr} AS DOUBLE) AS profit,
    CAST(${daysLateExpr} AS DOUBLE) AS days_late
  FROM ${ident(l.table)} AS l${join}
)`;
  const perOrder = `ts_per_order AS (
  -- days late belong to the order, not to each of its lines
  SELECT customer_id, order_id, MIN(order_date) AS order_date,
    SUM(amount) AS amount, SUM(profit) AS profit, MAX(days_late) AS days_late
  FROM ts_facts
  WHERE customer_id IS NOT NULL
  GROUP BY customer_id, order_id
)`;
  const perCustomer = `ts_per_customer AS (
  SELECT customer_id,
    SUM(amount) AS order_amount,
    SUM(profit) AS profit,
    COUNT(*) AS order_count,
    MIN(order_date) AS first_order,
    MAX(order_date) AS last_order,
    AVG(days_late) AS avg_days_late
  FROM ts_per_order
  GROUP BY customer_id
)`;
  const hasProfit = Boolean(l.profit);
  // A customer in the master with no orders is still graded: zero amount, zero profit.
  const select = c
    ? `SELECT
  CAST(cu.${ident(c.customerId)} AS VARCHAR) AS customer_id,
  ${c.name ? `CAST(cu.${ident(c.name)} AS VARCHAR)` : `CAST(cu.${ident(c.customerId)} AS VARCHAR)`} AS customer_name,
  COALESCE(p.order_amount, 0) AS order_amount,
  ${hasProfit ? 'COALESCE(p.profit, 0)' : 'NULL::DOUBLE'} AS profit,
  ${hasProfit ? 'p.profit / NULLIF(p.order_amount, 0)' : 'NULL::DOUBLE'} AS margin,
  COALESCE(p.order_count, 0) AS order_count,
  p.first_order,
  p.last_order,
  p.avg_days_late
FROM ${ident(c.table)} AS cu
LEFT JOIN ts_per_customer AS p ON p.customer_id = CAST(cu.${ident(c.customerId)} AS VARCHAR)
WHERE cu.${ident(c.customerId)} IS NOT NULL`
    : `SELECT
  customer_id,
  customer_id AS customer_name,
  order_amount,
  profit,
  profit / NULLIF(order_amount, 0) AS margin,
  order_count,
  first_order,
  last_order,
  avg_days_late
FROM ts_per_customer`;

  return `CREATE OR REPLACE TABLE ${ident(CUSTOMER_METRICS)} AS
WITH
${facts},
${perOrder},
${perCustomer}
${select};`;
}

/** The metric columns a config may reference, for documentation and checks. */
export const METRIC_COLUMNS = Object.values(METRICS).map((d) => d.column);
