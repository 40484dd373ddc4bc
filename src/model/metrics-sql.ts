// files → tables → **customer_metrics**: one row per customer with the raw
// metric values the score is built from. Weight-independent: rebuilt only when
// the data, the mapping, the as-of date or the period changes.

import { GRADING_STEP_TABLES, type StepTables } from '../sql/catalog';
import { ident, str } from '../sql/quote';
import { customerIdentitySql, type LinesSource, type SourceMapping } from './source';
import type { MetricId } from './metrics';
import type { GradingConfig, RatedMetric } from './config';

export interface MetricsOptions {
  /** The relations to write (default: the page's grading tables; the grade history's are views). */
  tables?: StepTables;
  /** Measure recency, tenure and growth at this date (YYYY-MM-DD); default: the latest order date. */
  asOf?: string | null;
  /** Only orders dated within [from, to] count (inclusive, YYYY-MM-DD); `to` is then also the as-of date. */
  period?: { from: string; to: string } | null;
  /** The customer-value table (model/value) to take predicted value and P(alive) from; absent: those metrics are NULL. */
  value?: string | null;
  /** Compute the loyalty index (three window ranks); the grade history leaves it out when the score does not use it. */
  loyalty?: boolean;
  /** Within a period, read the year before it for growth (default); the grade history skips that when the score does not use growth. */
  periodGrowth?: boolean;
  /** A table (SQL reference) already holding ts_per_order's rows (buildOrderFactsSelect): the grade history reads the lines once, not per period. */
  orders?: string | null;
}

/** What the customer-value fit gave: which predicted metrics it can carry. */
export interface ValueAvailability {
  amount: boolean;
  profit: boolean;
}

/** Metrics this mapping (and the ratings entered by hand) can compute; the rest drop out of the score. */
export function availableMetrics(m: SourceMapping, config?: Pick<GradingConfig, 'ratings'>, value?: ValueAvailability | null): Set<MetricId> {
  const l = m.lines;
  const o = m.orders;
  const c = m.customers;
  const out = new Set<MetricId>(['orderAmount']);
  if (l.profit || l.margin || l.cost) out.add('profit').add('margin');
  if (l.quantity) out.add('orderQuantity');
  const pc = l.perCustomer;
  if (pc) {
    // A customer-level table: each metric is there when its column is.
    if (pc.growth) out.add('growth');
    if (pc.firstOrder) out.add('tenure');
    if (pc.orderCount) out.add('frequency');
    if (pc.lastOrder) out.add('recency');
    if (pc.firstOrder && pc.orderCount && pc.lastOrder) out.add('loyalty');
    if (l.daysLate) out.add('credit');
  } else {
    const hasDate = Boolean(l.orderDate || o?.orderDate || l.months?.length);
    if (hasDate) out.add('growth').add('tenure').add('frequency').add('recency').add('loyalty');
    if (l.daysLate || o?.daysLate || (l.dueDate && l.paidDate) || (o?.dueDate && o?.paidDate)) out.add('credit').add('lateShare');
  }
  if (m.receivables && (m.receivables.dueDate || m.receivables.daysLate)) out.add('overdue');
  if (c?.loyaltyPoints) out.add('loyaltyPoints');
  if (c?.strategic || hasRatings(config, 'strategic')) out.add('strategic');
  if (c?.satisfaction || hasRatings(config, 'satisfaction')) out.add('satisfaction');
  // Prospect ratings alone (no dates) still give new customers a growth potential.
  if (c?.prospect) out.add('growth');
  if (value?.amount) out.add('predictedAmount').add('pAlive');
  if (value?.profit) out.add('predictedProfit');
  return out;
}

const hasRatings = (config: Pick<GradingConfig, 'ratings'> | undefined, k: RatedMetric) => Object.keys(config?.ratings?.[k] ?? {}).length > 0;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function dateLiteral(d: string): string {
  if (!DATE_RE.test(d)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return `DATE ${str(d)}`;
}

/**
 * A source column as a finite DOUBLE. Text such as "Infinity" or "NaN" in a column
 * the loader kept as text, or a non-finite value in an analyst's own table, counts
 * as missing: one such cell would otherwise make every min-max or z-score NaN.
 */
function finite(expr: string): string {
  return `(CASE WHEN isfinite(TRY_CAST(${expr} AS DOUBLE)) THEN TRY_CAST(${expr} AS DOUBLE) END)`;
}

/** A line's amount: its own column, or unit price × quantity × (1 − discount); a discount above 1 is a percentage. */
export function lineAmountSql(l: LinesSource): string {
  if (l.months?.length) return finite('l.__month_amount');
  if (l.amount) return finite(`l.${ident(l.amount)}`);
  if (!l.unitPrice) throw new Error('Order lines need an amount column, or a unit price (with a quantity).');
  const price = finite(`l.${ident(l.unitPrice)}`);
  const qty = l.quantity ? finite(`l.${ident(l.quantity)}`) : '1';
  const d = l.discount ? finite(`l.${ident(l.discount)}`) : null;
  return d ? `(${price} * ${qty} * (1 - COALESCE(CASE WHEN ${d} > 1 THEN ${d} / 100 ELSE ${d} END, 0)))` : `(${price} * ${qty})`;
}

/** The lines as the SQL reads them: the table, or a wide monthly report unpivoted into one row per customer and month. */
function linesFromSql(l: LinesSource): string {
  if (!l.months?.length) return ident(l.table);
  const parts = l.months.map(
    (m) => `SELECT *, ${dateLiteral(m.month)} AS __month, ${ident(m.column)} AS __month_amount FROM ${ident(l.table)} WHERE TRY_CAST(${ident(m.column)} AS DOUBLE) <> 0`,
  );
  return `(${parts.join('\n    UNION ALL ')})`;
}

function firstOf(...exprs: (string | null)[]): string | null {
  const xs = exprs.filter((e): e is string => e !== null);
  return xs.length === 0 ? null : xs.length === 1 ? xs[0]! : `COALESCE(${xs.join(', ')})`;
}

/**
 * The order facts every customer measure starts from, as two CTEs: ts_facts (one
 * row per order line, with its customer and order attributes) and ts_per_order
 * (one row per customer and order: order_date, amount, profit, …). Shared by the
 * metrics and the customer-value history, so both read the same orders.
 */
export function buildOrderFactsCtes(m: SourceMapping): { sql: string; hasProfit: boolean } {
  const l = m.lines;
  const o = m.orders;
  const L = (col: string | undefined) => (col ? `l.${ident(col)}` : null);
  const O = (col: string | undefined) => (col && o ? `o.${ident(col)}` : null);

  const customerExpr = firstOf(O(o?.customerId), L(l.customerId));
  if (!customerExpr) throw new Error('Order lines need a customer id column, or an orders table that links order id to customer id.');
  const pc = l.perCustomer;
  const dateExpr = l.months?.length ? 'l.__month' : pc ? (L(pc.lastOrder) ?? 'NULL') : (firstOf(O(o?.orderDate), L(l.orderDate)) ?? 'NULL');
  const orderIdExpr = l.months?.length ? 'l.__month' : `l.${ident(l.orderId)}`;
  const amount = lineAmountSql(l);
  const profitExpr = l.profit
    ? finite(`l.${ident(l.profit)}`)
    : l.margin
      ? `${amount} * ${finite(`l.${ident(l.margin)}`)}`
      : l.cost
        ? `${amount} - ${finite(`l.${ident(l.cost)}`)}`
        : 'NULL';
  const daysLateCol = firstOf(O(o?.daysLate), L(l.daysLate));
  const due = firstOf(O(o?.dueDate), L(l.dueDate));
  const paid = firstOf(O(o?.paidDate), L(l.paidDate));
  // Days late from due and paid dates: late payments count their delay; unpaid past-due orders count until the as-of date.
  const daysLateExpr = daysLateCol
    ? finite(daysLateCol)
    : due && paid
      ? `CASE WHEN CAST(${due} AS DATE) IS NULL THEN NULL
        WHEN CAST(${paid} AS DATE) IS NOT NULL THEN greatest(date_diff('day', CAST(${due} AS DATE), CAST(${paid} AS DATE)), 0)
        ELSE NULL END`
      : 'NULL';
  const unpaidDue = !daysLateCol && due && paid ? `CASE WHEN CAST(${paid} AS DATE) IS NULL THEN CAST(${due} AS DATE) END` : 'NULL';
  const quantity = l.quantity ? finite(`l.${ident(l.quantity)}`) : 'NULL';
  const join = o ? `\n  LEFT JOIN ${ident(o.table)} AS o ON CAST(o.${ident(o.orderId)} AS VARCHAR) = CAST(l.${ident(l.orderId)} AS VARCHAR)` : '';
  // A key per order (Olist): each order's key leads to the customer it belongs to; a key the master lacks stays itself.
  const c = m.customers;
  const person = c?.person
    ? `\n  LEFT JOIN (SELECT trim(CAST(${ident(c.customerId)} AS VARCHAR)) AS k, ANY_VALUE(trim(CAST(${ident(c.person)} AS VARCHAR))) AS person
    FROM ${ident(c.table)} WHERE NULLIF(trim(CAST(${ident(c.person)} AS VARCHAR)), '') IS NOT NULL GROUP BY 1) AS cp ON cp.k = trim(CAST(${customerExpr} AS VARCHAR))`
    : '';
  const customerId = c?.person ? `COALESCE(cp.person, trim(CAST(${customerExpr} AS VARCHAR)))` : `trim(CAST(${customerExpr} AS VARCHAR))`;
  const sql = `ts_facts AS (
  -- one row per order line, with its customer and order attributes (ids trimmed, then compared exactly)
  SELECT
    ${customerId} AS customer_id,
    CAST(${orderIdExpr} AS VARCHAR) AS order_id,
    TRY_CAST(${dateExpr} AS DATE) AS order_date,
    ${amount} AS amount,
    CAST(${profitExpr} AS DOUBLE) AS profit,
    CAST(${quantity} AS DOUBLE) AS quantity,
    CAST(${daysLateExpr} AS DOUBLE) AS days_late,
    CAST(${unpaidDue} AS DATE) AS unpaid_due,
    ${pc?.orderCount ? finite(`l.${ident(pc.orderCount)}`) : 'NULL::DOUBLE'} AS given_orders,
    ${pc?.firstOrder ? `TRY_CAST(l.${ident(pc.firstOrder)} AS DATE)` : 'NULL::DATE'} AS given_first,
    ${pc?.growth ? finite(`l.${ident(pc.growth)}`) : 'NULL::DOUBLE'} AS given_growth
  FROM ${linesFromSql(l)} AS l${join}${person}
),
ts_per_order AS (
  -- days late belong to the order, not to each of its lines
  SELECT customer_id, order_id, MIN(order_date) AS order_date, SUM(amount) AS amount, SUM(profit) AS profit,
    SUM(quantity) AS quantity, MAX(days_late) AS days_late, MIN(unpaid_due) AS unpaid_due,
    SUM(given_orders) AS given_orders, MIN(given_first) AS given_first, AVG(given_growth) AS given_growth
  FROM ts_facts
  WHERE customer_id IS NOT NULL AND customer_id <> ''
  GROUP BY customer_id, order_id
)`;
  return { sql, hasProfit: profitExpr !== 'NULL' };
}

/** One row per customer and order (customer_id, order_date, amount, profit; `all`: every ts_per_order column): the customer-value history's source. */
export function buildOrderFactsSelect(m: SourceMapping, all = false): string {
  return `WITH ${buildOrderFactsCtes(m).sql}
SELECT ${all ? '*' : 'customer_id, order_date, amount, profit'} FROM ts_per_order`;
}

/**
 * SQL that (re)creates the metrics table: customer_id, customer_name, the
 * attribute columns, and every raw metric (NULL where the data has none).
 */
export function buildCustomerMetricsSql(m: SourceMapping, opts: MetricsOptions = {}): string {
  const l = m.lines;
  const c = m.customers;
  const pc = l.perCustomer;
  const facts = buildOrderFactsCtes(m);
  const period = opts.period ?? null;
  // An as-of date before the latest order grades the customers as they stood then: later orders do not count
  // (a customer-level table's totals are already added up, whatever its last-order date).
  const periodWhere = period
    ? `\n  WHERE order_date BETWEEN ${dateLiteral(period.from)} AND ${dateLiteral(period.to)}`
    : opts.asOf && !pc
      ? `\n  WHERE order_date IS NULL OR order_date <= ${dateLiteral(opts.asOf)}`
      : '';
  const asOf = period ? dateLiteral(period.to) : opts.asOf ? dateLiteral(opts.asOf) : '(SELECT max(order_date) FROM ts_per_order)';

  const C = (col: string | undefined, type = 'VARCHAR') => (col && c ? (type === 'DOUBLE' ? finite(`cu.${ident(col)}`) : `TRY_CAST(cu.${ident(col)} AS ${type})`) : `NULL::${type}`);
  const attrs = c
    ? `${C(c.region)} AS region, ${C(c.industry)} AS industry, ${C(c.customerType)} AS customer_type, ${C(c.size)} AS size_class, ${C(c.salesperson)} AS salesperson,
  ${C(c.loyaltyPoints, 'DOUBLE')} AS loyalty_points, ${C(c.strategic, 'DOUBLE')} AS strategic_rating, ${C(c.satisfaction, 'DOUBLE')} AS satisfaction, ${C(c.prospect, 'DOUBLE')} AS prospect_rating`
    : `NULL::VARCHAR AS region, NULL::VARCHAR AS industry, NULL::VARCHAR AS customer_type, NULL::VARCHAR AS size_class, NULL::VARCHAR AS salesperson,
  NULL::DOUBLE AS loyalty_points, NULL::DOUBLE AS strategic_rating, NULL::DOUBLE AS satisfaction, NULL::DOUBLE AS prospect_rating`;
  const customerId = c ? customerIdentitySql(c, 'cu') : 'p.customer_id';
  const customerName = c?.name ? `CAST(cu.${ident(c.name)} AS VARCHAR)` : customerId;
  const masterId = c ? `trim(CAST(${ident(c.person ?? c.customerId)} AS VARCHAR))` : '';
  // With a customer master, every customer in it is graded, with or without orders (zero amount); with a
  // person column, once per person, however many keys (orders) it has.
  const from = c
    ? `FROM (SELECT DISTINCT ON (${masterId}) * FROM ${ident(c.table)} WHERE ${ident(c.person ?? c.customerId)} IS NOT NULL AND ${masterId} <> '') AS cu
LEFT JOIN ts_per_customer AS p ON p.customer_id = ${customerId}`
    : `FROM ts_per_customer AS p`;
  const hasProfit = facts.hasProfit;
  const loyalty = opts.loyalty !== false;
  const r = m.receivables;
  const R = (col: string | undefined) => (col ? `r.${ident(col)}` : null);
  const overdueWhen = r?.dueDate
    ? `${R(r.paidDate) ? `TRY_CAST(${R(r.paidDate)} AS DATE) IS NULL AND ` : ''}TRY_CAST(${R(r.dueDate)} AS DATE) < (SELECT as_of FROM ts_as_of)`
    : r?.daysLate
      ? `${finite(R(r.daysLate)!)} > 0`
      : 'false';
  const receivablesCte = r
    ? `,
ts_as_of AS (
  SELECT ${period ? dateLiteral(period.to) : opts.asOf ? dateLiteral(opts.asOf) : '(SELECT max(order_date) FROM ts_per_order)'} AS as_of
),
ts_receivables AS (
  -- what each customer owes past its due date at the as-of date
  SELECT trim(CAST(${R(r.customerId)} AS VARCHAR)) AS customer_id,
    COALESCE(SUM(${finite(R(r.amount)!)}) FILTER (WHERE ${overdueWhen}), 0) AS overdue_receivables
  FROM ${ident(r.table)} AS r
  GROUP BY 1
)`
    : '';

  const into = opts.tables ?? GRADING_STEP_TABLES;
  // A period's window holds its own year only: growth compares the year up to its end with the
  // year before, so it reads the orders of the 24 months up to the end, not just the window.
  const periodGrowth =
    period && !pc && opts.periodGrowth !== false
      ? `,
ts_growth AS (
  SELECT customer_id,
    SUM(amount) FILTER (WHERE order_date > as_of - INTERVAL 12 MONTH) AS amount_last12,
    SUM(amount) FILTER (WHERE order_date <= as_of - INTERVAL 12 MONTH) AS amount_prev12
  FROM (SELECT customer_id, order_date, amount, ${dateLiteral(period.to)} AS as_of FROM ts_per_order) AS o
  WHERE order_date > as_of - INTERVAL 24 MONTH AND order_date <= as_of
  GROUP BY customer_id
)`
      : '';
  // Within a period the two years come from ts_growth (g); a customer listed in the master that bought
  // the year before but not in the period has fallen 100 %.
  const G = periodGrowth ? 'g' : 'p';
  return `CREATE OR REPLACE ${into.kind.metrics} ${into.metrics} AS
WITH
${opts.orders ? `ts_per_order AS (SELECT * FROM ${opts.orders})` : facts.sql},
ts_orders AS (
  SELECT *, ${asOf} AS as_of FROM ts_per_order${periodWhere}
),
ts_per_customer AS (
  SELECT customer_id,
    SUM(amount) AS order_amount,
    SUM(quantity) AS order_quantity,
    SUM(profit) AS profit,
    ${pc ? (pc.orderCount ? 'SUM(given_orders)' : 'NULL::BIGINT') : 'COUNT(*)'} AS order_count,
    ${pc ? 'MIN(given_first)' : 'MIN(order_date)'} AS first_order,
    MAX(order_date) AS last_order,
    AVG(COALESCE(days_late, CASE WHEN unpaid_due < as_of THEN date_diff('day', unpaid_due, as_of) END)) AS avg_days_late,
    AVG(CASE WHEN COALESCE(days_late, CASE WHEN unpaid_due < as_of THEN date_diff('day', unpaid_due, as_of) END) > 0 THEN 1.0
             WHEN days_late IS NOT NULL OR unpaid_due IS NOT NULL THEN 0.0 END) AS late_share,
    ${pc ? 'NULL::DOUBLE' : 'SUM(amount) FILTER (WHERE order_date > as_of - INTERVAL 12 MONTH AND order_date <= as_of)'} AS amount_last12,
    ${pc ? 'NULL::DOUBLE' : 'SUM(amount) FILTER (WHERE order_date > as_of - INTERVAL 24 MONTH AND order_date <= as_of - INTERVAL 12 MONTH)'} AS amount_prev12,
    AVG(given_growth) AS given_growth,
    ANY_VALUE(as_of) AS as_of
  FROM ts_orders
  GROUP BY customer_id
)${periodGrowth}${receivablesCte},
ts_customers AS (
  SELECT
    ${customerId} AS customer_id,
    ${customerName} AS customer_name,
    ${attrs},
    -- no orders at all counts as zero; orders whose values are missing stay missing
    CASE WHEN p.customer_id IS NULL THEN 0 ELSE p.order_amount END AS order_amount,
    p.order_quantity,
    ${hasProfit ? 'CASE WHEN p.customer_id IS NULL THEN 0 ELSE p.profit END' : 'NULL::DOUBLE'} AS profit,
    ${hasProfit ? 'p.profit / NULLIF(p.order_amount, 0)' : 'NULL::DOUBLE'} AS margin,
    ${pc && !pc.orderCount ? 'p.order_count' : 'COALESCE(p.order_count, 0)'} AS order_count,
    p.first_order,
    p.last_order,
    p.avg_days_late,
    p.late_share,
    ${pc ? 'p.amount_last12' : `COALESCE(${G}.amount_last12, 0)`} AS amount_last12,
    ${pc ? 'p.amount_prev12' : `COALESCE(${G}.amount_prev12, 0)`} AS amount_prev12,
    ${pc ? 'p.given_growth' : `(COALESCE(${G}.amount_last12, 0) - ${G}.amount_prev12) / NULLIF(${G}.amount_prev12, 0)`} AS yoy_growth,
    date_diff('day', p.first_order, p.as_of) AS tenure_days,
    ${pc ? "p.order_count * 365.25 / greatest(COALESCE(date_diff('day', p.first_order, p.as_of), 365), 365)" : "p.order_count * 365.25 / greatest(date_diff('day', p.first_order, p.as_of), 365)"} AS orders_per_year,
    date_diff('day', p.last_order, p.as_of) AS recency_days,
    ${r ? 'COALESCE(rc.overdue_receivables, 0)' : 'NULL::DOUBLE'} AS overdue_receivables
  ${from}${periodGrowth ? `
  LEFT JOIN ts_growth AS g ON g.customer_id = ${customerId}` : ''}${r ? `
  LEFT JOIN ts_receivables AS rc ON rc.customer_id = ${customerId}` : ''}
)
${loyalty ? LOYALTY_RANKS : ''}SELECT ts_customers.*,
  ${
    loyalty
      ? `-- loyalty index: mean percentile rank of tenure, order count and recency (recent ranks high)
  CASE WHEN ts_customers.tenure_days IS NULL THEN NULL ELSE round(100 * (${LOYALTY_TERMS.map((t) => percentRankOf(t.table)).join(' + ')}) / 3, 6) END AS loyalty_index,`
      : 'NULL::DOUBLE AS loyalty_index,'
  }
  ${
    opts.value
      ? `-- customer value ahead, fitted on the same orders (model/value)
  cv.clv_amount AS predicted_amount, cv.clv_profit AS predicted_profit, cv.p_alive`
      : 'NULL::DOUBLE AS predicted_amount, NULL::DOUBLE AS predicted_profit, NULL::DOUBLE AS p_alive'
  }
FROM ts_customers${loyalty ? LOYALTY_JOINS : ''}${opts.value ? `\nLEFT JOIN ${ident(opts.value)} AS cv ON cv.customer_id = ts_customers.customer_id` : ''};`;
}

/**
 * The loyalty index's three percentile ranks, among the customers with a tenure, as
 * percent_rank() gives them: (rank − 1) / (n − 1), ties sharing the lower rank, NULLs last.
 * Taken from the counts per distinct value (days and order counts have a few thousand)
 * and joined back, instead of three window sorts of every customer's wide row.
 */
const LOYALTY_TERMS = [
  { table: 'ts_rank_tenure', column: 'tenure_days', order: 'ASC' },
  { table: 'ts_rank_orders', column: 'order_count', order: 'ASC' },
  { table: 'ts_rank_recency', column: 'recency_days', order: 'DESC' },
] as const;

const LOYALTY_RANKS = `,
ts_ranked_n AS (SELECT count(*) AS n FROM ts_customers WHERE tenure_days IS NOT NULL),
${LOYALTY_TERMS.map(
  (t) => `${t.table} AS (
  SELECT ${t.column} AS v, COALESCE(sum(count(*)) OVER (ORDER BY ${t.column} ${t.order} NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below
  FROM ts_customers WHERE tenure_days IS NOT NULL GROUP BY ${t.column}
)`,
).join(',\n')}
`;

const LOYALTY_JOINS = `\nCROSS JOIN ts_ranked_n${LOYALTY_TERMS.map((t) => `\nLEFT JOIN ${t.table} ON ${t.table}.v IS NOT DISTINCT FROM ts_customers.${t.column}`).join('')}`;

const percentRankOf = (table: string) => `CASE WHEN ts_ranked_n.n > 1 THEN CAST(${table}.below AS DOUBLE) / (ts_ranked_n.n - 1) ELSE 0 END`;
