// order facts → **customer_history**: one row per customer with what the value
// models read — repeat purchases x, time of the last one t_x and age T at the
// calibration end, mean value and profit of the repeat purchases, and the
// purchases made in the holdout period after it. Weight-independent: rebuilt
// only when the data, the mapping or the dates change.

import { ident, num, str } from '../../sql/quote';

export const CUSTOMER_HISTORY = 'customer_history';

export type TimeUnit = 'days' | 'weeks' | 'months';

/** Days per unit. A month is a twelfth of the mean Gregorian year, 30.4375 days, so every month counts the same. */
export const UNIT_DAYS: Record<TimeUnit, number> = { days: 1, weeks: 7, months: 365.25 / 12 };
export const MONTH_DAYS = 365.25 / 12;

/**
 * Where the order facts come from: a table (or view) by name, or the text of a
 * SELECT built by another builder (e.g. the metrics SQL's per-order rows). Either
 * way its columns are named by `columns` (default customer_id, order_date, amount, profit).
 */
export type HistorySource = { table: string } | { select: string };

export interface HistoryColumns {
  customerId: string;
  orderDate: string;
  amount: string;
  /** Absent: no profit in the data, mean_profit is NULL. */
  profit?: string | null;
}

export interface HistoryOptions {
  source: HistorySource;
  columns?: Partial<HistoryColumns>;
  /** Table to create (default customer_history). */
  table?: string;
  /** Last day of the calibration period (YYYY-MM-DD, inclusive); default: the latest order date. */
  calibrationEnd?: string | null;
  /** Last day of the holdout period (inclusive); purchases in (calibrationEnd, holdoutEnd] are counted in holdout_x. */
  holdoutEnd?: string | null;
  unit?: TimeUnit;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function dateLiteral(d: string): string {
  if (!DATE_RE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return `DATE ${str(d)}`;
}

/** A column as a finite DOUBLE; text such as "NaN" or "Infinity" counts as missing (as in metrics-sql.ts). */
function finite(expr: string): string {
  return `(CASE WHEN isfinite(TRY_CAST(${expr} AS DOUBLE)) THEN TRY_CAST(${expr} AS DOUBLE) END)`;
}

/**
 * A customer's day is a purchase unless its orders net below zero (a return day): a day with
 * no amounts at all (SUM is NULL) and a day of free goods (0) still count. `NOT (sum < 0)`
 * alone would drop the NULL day, since NOT NULL is NULL.
 */
const purchaseDay = (sum: string) => `(${sum} IS NULL OR ${sum} >= 0)`;
const PURCHASE_DAY = purchaseDay('SUM(amount)');

function sourceSql(s: HistorySource): string {
  if ('table' in s) return ident(s.table);
  // Trusted SQL from another builder (its own identifiers quoted there); one statement, as a subquery.
  if (s.select.trim().endsWith(';')) throw new Error('The history source must be a single SELECT without a trailing semicolon.');
  return `(${s.select})`;
}

/**
 * SQL that (re)creates the history table. Columns:
 * customer_id; first_order, last_order (last purchase day ≤ calibration end);
 * x (purchase days after the first, up to the calibration end: several orders on
 * one day are one purchase, and a day whose orders net to less than zero — returns —
 * is none; a zero-value day counts, as in the CDNOW data); tx_days, T_days (whole days from the first purchase to the last one and
 * to the calibration end) and t_x, T (the same in `unit`); mean_amount, mean_profit
 * (mean over the repeat purchase days of each day's total; NULL when x = 0);
 * amount_cal, profit_cal (all calibration purchases, the first included);
 * holdout_x, holdout_amount, holdout_profit (purchase days in the holdout);
 * calibration_end, holdout_end, unit_days.
 * Customers whose first purchase comes after the calibration end are not in it.
 */
export function buildHistorySql(opts: HistoryOptions): string {
  const col: HistoryColumns = { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', profit: 'profit', ...opts.columns };
  const unit = opts.unit ?? 'weeks';
  const unitDays = UNIT_DAYS[unit];
  if (unitDays === undefined) throw new Error(`Unknown time unit ${JSON.stringify(unit)}`);
  const calEnd = opts.calibrationEnd ? dateLiteral(opts.calibrationEnd) : '(SELECT max(order_date) FROM vh_days)';
  const holdoutEnd = opts.holdoutEnd ? dateLiteral(opts.holdoutEnd) : 'NULL::DATE';
  const profit = col.profit ? finite(ident(col.profit)) : 'NULL::DOUBLE';
  return `CREATE OR REPLACE TABLE ${ident(opts.table ?? CUSTOMER_HISTORY)} AS
WITH
vh_facts AS (
  SELECT trim(CAST(${ident(col.customerId)} AS VARCHAR)) AS customer_id,
    TRY_CAST(${ident(col.orderDate)} AS DATE) AS order_date,
    ${finite(ident(col.amount))} AS amount,
    ${profit} AS profit
  FROM ${sourceSql(opts.source)} AS src
),
vh_days AS (
  -- one row per customer and purchase day: same-day orders are one purchase
  SELECT customer_id, order_date, SUM(amount) AS amount, SUM(profit) AS profit
  FROM vh_facts
  WHERE customer_id IS NOT NULL AND customer_id <> '' AND order_date IS NOT NULL
  GROUP BY customer_id, order_date
  HAVING ${PURCHASE_DAY}
),
vh_bounds AS (
  SELECT ${calEnd} AS calibration_end, ${holdoutEnd} AS holdout_end
),
vh_per_customer AS (
  -- One pass over the purchase days: the first day's amount and profit are taken out of the
  -- calibration sums for the repeat purchases' means (AVG over the days after the first, without
  -- joining every day back to its customer's first; equal to those AVGs up to rounding).
  SELECT d.customer_id,
    MIN(d.order_date) FILTER (WHERE d.order_date <= b.calibration_end) AS first_order,
    MAX(d.order_date) FILTER (WHERE d.order_date <= b.calibration_end) AS last_order,
    COUNT(*) FILTER (WHERE d.order_date <= b.calibration_end) - 1 AS x,
    arg_min({'amount': d.amount, 'profit': d.profit}, d.order_date) FILTER (WHERE d.order_date <= b.calibration_end) AS first_day,
    SUM(d.amount) FILTER (WHERE d.order_date <= b.calibration_end) AS amount_cal,
    COUNT(d.amount) FILTER (WHERE d.order_date <= b.calibration_end) AS amount_days,
    SUM(d.profit) FILTER (WHERE d.order_date <= b.calibration_end) AS profit_cal,
    COUNT(d.profit) FILTER (WHERE d.order_date <= b.calibration_end) AS profit_days,
    COUNT(*) FILTER (WHERE d.order_date > b.calibration_end AND d.order_date <= b.holdout_end) AS holdout_x,
    SUM(d.amount) FILTER (WHERE d.order_date > b.calibration_end AND d.order_date <= b.holdout_end) AS holdout_amount,
    SUM(d.profit) FILTER (WHERE d.order_date > b.calibration_end AND d.order_date <= b.holdout_end) AS holdout_profit,
    ANY_VALUE(b.calibration_end) AS calibration_end,
    ANY_VALUE(b.holdout_end) AS holdout_end
  FROM vh_days AS d
  CROSS JOIN vh_bounds AS b
  GROUP BY d.customer_id
),
vh_means AS (
  SELECT *,
    CASE WHEN x > 0 THEN (amount_cal - COALESCE(first_day.amount, 0)) / NULLIF(amount_days - CAST(first_day.amount IS NOT NULL AS INTEGER), 0) END AS mean_amount,
    CASE WHEN x > 0 THEN (profit_cal - COALESCE(first_day.profit, 0)) / NULLIF(profit_days - CAST(first_day.profit IS NOT NULL AS INTEGER), 0) END AS mean_profit
  FROM vh_per_customer
  WHERE first_order IS NOT NULL
)
SELECT customer_id, first_order, last_order,
  CAST(x AS INTEGER) AS x,
  CAST(date_diff('day', first_order, last_order) AS INTEGER) AS tx_days,
  CAST(date_diff('day', first_order, calibration_end) AS INTEGER) AS T_days,
  date_diff('day', first_order, last_order) / ${num(unitDays)} AS t_x,
  date_diff('day', first_order, calibration_end) / ${num(unitDays)} AS "T",
  mean_amount, mean_profit, amount_cal, profit_cal,
  CAST(holdout_x AS INTEGER) AS holdout_x, holdout_amount, holdout_profit,
  calibration_end, holdout_end, ${num(unitDays)} AS unit_days
FROM vh_means
ORDER BY customer_id;`;
}

/**
 * What the fit needs to know before it starts: customers, those with repeat purchases,
 * distinct histories, and how many repeat customers have a mean profit (and one not above 0).
 */
export function buildHistorySummarySql(table = CUSTOMER_HISTORY): string {
  return `SELECT CAST(COUNT(*) AS DOUBLE) AS customers, CAST(COUNT(*) FILTER (WHERE x > 0) AS DOUBLE) AS repeaters,
  CAST(COUNT(DISTINCT (x, tx_days, T_days)) AS DOUBLE) AS distinct_histories,
  CAST(COUNT(*) FILTER (WHERE x > 0 AND mean_profit IS NOT NULL AND NOT (mean_profit > 0)) AS DOUBLE) AS nonpositive_profit,
  CAST(COUNT(*) FILTER (WHERE x > 0 AND mean_profit IS NOT NULL) AS DOUBLE) AS with_profit
FROM ${ident(table)}`;
}

/**
 * The distinct histories with their customer counts, the input of the BG/NBD fit
 * (one likelihood term per distinct (x, t_x, T); keyed by whole days, so exact).
 */
export function buildHistoryGroupsSql(table = CUSTOMER_HISTORY, opts: { holdout?: boolean } = {}): string {
  // With the holdout: its customers' mean holdout purchases, which are what a prediction per (x, t_x, T) is compared with.
  return `SELECT x, tx_days, T_days, ANY_VALUE(t_x) AS t_x, ANY_VALUE("T") AS "T", CAST(COUNT(*) AS DOUBLE) AS n${opts.holdout ? ', AVG(holdout_x) AS holdout' : ''}
FROM ${ident(table)}
GROUP BY x, tx_days, T_days`;
}

/**
 * Actual repeat purchases per period (in the history's unit, counted from the
 * earliest first purchase) for the tracking chart: period k holds purchase days in
 * [start + k·unit, start + (k+1)·unit). Reads the same source as the history.
 */
export function buildTrackingSql(opts: HistoryOptions & { until?: string | null }): string {
  const col: HistoryColumns = { customerId: 'customer_id', orderDate: 'order_date', amount: 'amount', profit: null, ...opts.columns };
  const unitDays = UNIT_DAYS[opts.unit ?? 'weeks'];
  const history = ident(opts.table ?? CUSTOMER_HISTORY);
  const until = opts.until ? dateLiteral(opts.until) : '(SELECT max(order_date) FROM vt_days)';
  return `WITH
vt_days AS (
  SELECT trim(CAST(${ident(col.customerId)} AS VARCHAR)) AS customer_id, TRY_CAST(${ident(col.orderDate)} AS DATE) AS order_date
  FROM ${sourceSql(opts.source)} AS src
  WHERE TRY_CAST(${ident(col.orderDate)} AS DATE) IS NOT NULL
  GROUP BY 1, 2
  HAVING ${purchaseDay(`SUM(${finite(ident(col.amount))})`)}
),
vt_start AS (SELECT min(first_order) AS start FROM ${history})
SELECT CAST(floor(date_diff('day', s.start, d.order_date) / ${num(unitDays)}) AS INTEGER) AS period, CAST(COUNT(*) AS DOUBLE) AS repeat_purchases
FROM vt_days AS d
JOIN ${history} AS h ON h.customer_id = d.customer_id AND d.order_date > h.first_order
CROSS JOIN vt_start AS s
WHERE d.order_date <= ${until}
GROUP BY 1
ORDER BY 1`;
}
