// Queues by grade (the CRM text: a higher grade's complaint is handled first and
// sooner; a higher grade's order is produced first and gets scarce material
// first). Two views over the loaded tables, customers_graded and grade_policy,
// and the reports over them. Every value is escaped here.

import { ident, int, num, str } from '../sql/quote';
import type { ComplaintsSource, OpenOrdersSource } from './source';
import { asOfSql, type AsOf } from './policy-sql';
import { COMPLAINT_QUEUE_VIEW, CUSTOMERS_GRADED, GRADE_POLICY_VIEW, OPEN_ORDER_QUEUE_VIEW } from '../sql/catalog';

const col = (alias: string, column: string | undefined, type: string, fallback: string) =>
  column ? `TRY_CAST(${alias}.${ident(column)} AS ${type})` : fallback;

/** The policy of the last grade: what customers missing from the graded data are served by. */
const LOWEST_POLICY = `SELECT * FROM ${ident(GRADE_POLICY_VIEW)} ORDER BY grade_index DESC LIMIT 1`;

/**
 * Every complaint opened by the as-of date, with its customer's grade, its due date
 * (opened + the grade's response days) and its state at the as-of date: open (not
 * resolved by then), late (resolved after the due date, or still open past it) and
 * the days of delay (0 when on time). Customers not in the graded data have no grade
 * and get the last grade's response time.
 */
export function buildComplaintQueueViewSql(c: ComplaintsSource, at: AsOf): string {
  const id = c.complaintId ? `CAST(k.${ident(c.complaintId)} AS VARCHAR)` : `CAST(row_number() OVER () AS VARCHAR)`;
  return `CREATE OR REPLACE VIEW ${ident(COMPLAINT_QUEUE_VIEW)} AS
WITH
ts_as_of AS (
  ${asOfSql(at)}
),
ts_lowest AS (
  ${LOWEST_POLICY}
),
ts_complaints AS (
  SELECT ${id} AS complaint_id,
    trim(CAST(k.${ident(c.customerId)} AS VARCHAR)) AS customer_id,
    ${col('k', c.orderId, 'VARCHAR', 'NULL::VARCHAR')} AS order_id,
    ${col('k', c.issue, 'VARCHAR', 'NULL::VARCHAR')} AS issue,
    TRY_CAST(k.${ident(c.openedAt)} AS DATE) AS opened_on,
    ${col('k', c.resolvedAt, 'DATE', 'NULL::DATE')} AS resolved_on
  FROM ${ident(c.table)} AS k
),
ts_due AS (
  SELECT k.*, g.customer_name, g.grade_index, g.grade, g.salesperson,
    COALESCE(p.response_days, l.response_days) AS response_days,
    CAST(k.opened_on + CAST(COALESCE(p.response_days, l.response_days) AS INTEGER) AS DATE) AS due_on,
    a.as_of,
    (k.resolved_on IS NULL OR k.resolved_on > a.as_of) AS is_open
  FROM ts_complaints AS k
  CROSS JOIN ts_as_of AS a
  CROSS JOIN ts_lowest AS l
  LEFT JOIN ${ident(CUSTOMERS_GRADED)} AS g ON g.customer_id = k.customer_id
  LEFT JOIN ${ident(GRADE_POLICY_VIEW)} AS p ON p.grade_index = g.grade_index
  WHERE k.opened_on IS NOT NULL AND k.opened_on <= a.as_of
)
SELECT *,
  date_diff('day', opened_on, CASE WHEN is_open THEN as_of ELSE resolved_on END) AS age_days,
  CASE WHEN is_open THEN date_diff('day', as_of, due_on) END AS days_left,
  greatest(date_diff('day', due_on, CASE WHEN is_open THEN as_of ELSE resolved_on END), 0) AS delay_days,
  date_diff('day', due_on, CASE WHEN is_open THEN as_of ELSE resolved_on END) > 0 AS is_late
FROM ts_due;`;
}

/** Open complaints in the order they are to be handled: grade first, then the oldest. */
export function buildComplaintQueueSql(limit: number | null = null): string {
  return `SELECT row_number() OVER (ORDER BY grade_index NULLS LAST, opened_on, complaint_id) AS queue_position, *
FROM ${ident(COMPLAINT_QUEUE_VIEW)}
WHERE is_open
ORDER BY queue_position${limit === null ? '' : `\nLIMIT ${int(limit)}`};`;
}

/**
 * The complaint-delay report (投诉处理延迟表): per grade, complaints, how many were or are
 * past due, how many of those are still open, the average and longest delay in days.
 * Every grade has a row; complaints from customers outside the graded data get one with grade NULL.
 */
export function buildComplaintDelaySql(): string {
  return `SELECT p.grade_index, COALESCE(p.grade, q.grade) AS grade, any_value(p.response_days) AS response_days,
  CAST(count(q.complaint_id) AS INTEGER) AS complaints,
  CAST(count(*) FILTER (WHERE q.is_open) AS INTEGER) AS open,
  CAST(count(*) FILTER (WHERE q.is_late) AS INTEGER) AS late,
  CAST(count(*) FILTER (WHERE q.is_late AND q.is_open) AS INTEGER) AS late_open,
  avg(q.delay_days) FILTER (WHERE q.is_late) AS avg_delay_days,
  max(q.delay_days) FILTER (WHERE q.is_late) AS max_delay_days
FROM ${ident(COMPLAINT_QUEUE_VIEW)} AS q
FULL OUTER JOIN ${ident(GRADE_POLICY_VIEW)} AS p ON p.grade_index = q.grade_index
GROUP BY p.grade_index, COALESCE(p.grade, q.grade)
HAVING p.grade_index IS NOT NULL OR count(q.complaint_id) > 0
ORDER BY p.grade_index NULLS LAST;`;
}

/** The complaints past due, worst first within each grade. */
export function buildLateComplaintsSql(limit: number | null = null): string {
  return `SELECT * FROM ${ident(COMPLAINT_QUEUE_VIEW)}
WHERE is_late
ORDER BY grade_index NULLS LAST, delay_days DESC, complaint_id${limit === null ? '' : `\nLIMIT ${int(limit)}`};`;
}

/** Rows of the complaints table the queue cannot place: no readable date, or opened after the as-of date. */
export function buildComplaintsLeftOutSql(c: ComplaintsSource, at: AsOf): string {
  return `WITH ts_as_of AS (
  ${asOfSql(at)}
)
SELECT CAST(count(*) FILTER (WHERE TRY_CAST(k.${ident(c.openedAt)} AS DATE) IS NULL) AS INTEGER) AS undated,
  CAST(count(*) FILTER (WHERE TRY_CAST(k.${ident(c.openedAt)} AS DATE) > a.as_of) AS INTEGER) AS later
FROM ${ident(c.table)} AS k CROSS JOIN ts_as_of AS a;`;
}

/**
 * Open orders in production order: the grade's production priority (1 first), then the
 * grade, then the requested date, the order date and the order id. queue_position is that order.
 */
export function buildOpenOrderQueueViewSql(o: OpenOrdersSource): string {
  const id = o.orderId ? `CAST(t.${ident(o.orderId)} AS VARCHAR)` : `CAST(row_number() OVER () AS VARCHAR)`;
  return `CREATE OR REPLACE VIEW ${ident(OPEN_ORDER_QUEUE_VIEW)} AS
WITH
ts_lowest AS (
  ${LOWEST_POLICY}
),
ts_open AS (
  SELECT ${id} AS order_id,
    trim(CAST(t.${ident(o.customerId)} AS VARCHAR)) AS customer_id,
    ${col('t', o.orderDate, 'DATE', 'NULL::DATE')} AS ordered_on,
    ${col('t', o.deliveryDate, 'DATE', 'NULL::DATE')} AS wanted_on,
    ${o.material ? `NULLIF(trim(CAST(t.${ident(o.material)} AS VARCHAR)), '')` : 'NULL::VARCHAR'} AS material,
    ${col('t', o.quantity, 'DOUBLE', 'NULL::DOUBLE')} AS quantity
  FROM ${ident(o.table)} AS t
),
ts_ranked AS (
  SELECT t.*, g.customer_name, g.grade_index, g.grade,
    COALESCE(p.production_priority, l.production_priority) AS production_priority
  FROM ts_open AS t
  CROSS JOIN ts_lowest AS l
  LEFT JOIN ${ident(CUSTOMERS_GRADED)} AS g ON g.customer_id = t.customer_id
  LEFT JOIN ${ident(GRADE_POLICY_VIEW)} AS p ON p.grade_index = g.grade_index
)
SELECT row_number() OVER (ORDER BY production_priority, grade_index NULLS LAST, wanted_on NULLS LAST, ordered_on NULLS LAST, order_id) AS queue_position, *
FROM ts_ranked;`;
}

export function buildOpenOrderQueueSql(limit: number | null = null): string {
  return `SELECT * FROM ${ident(OPEN_ORDER_QUEUE_VIEW)}
ORDER BY queue_position${limit === null ? '' : `\nLIMIT ${int(limit)}`};`;
}

/** Materials the open orders need, most demanded first. */
export function buildMaterialsSql(): string {
  return `SELECT material, CAST(count(*) AS INTEGER) AS orders, sum(quantity) AS demand
FROM ${ident(OPEN_ORDER_QUEUE_VIEW)}
WHERE material IS NOT NULL AND quantity > 0
GROUP BY material
ORDER BY demand DESC, material;`;
}

/**
 * Short-material allocation: `available` units of `material` go to its open orders
 * strictly in queue order; each order gets what is left, up to its quantity. An order
 * is short by what it did not get. Orders without a positive quantity need nothing.
 */
export function buildAllocationSql(material: string, available: number): string {
  return `WITH ts_need AS (
  SELECT queue_position, order_id, customer_id, customer_name, grade_index, grade, production_priority, ordered_on, wanted_on, quantity,
    COALESCE(sum(quantity) OVER (ORDER BY queue_position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS needed_before
  FROM ${ident(OPEN_ORDER_QUEUE_VIEW)}
  WHERE material = ${str(material)} AND quantity > 0
)
SELECT *,
  least(quantity, greatest(${num(available)} - needed_before, 0)) AS allocated,
  quantity - least(quantity, greatest(${num(available)} - needed_before, 0)) AS short
FROM ts_need
ORDER BY queue_position;`;
}
