// Grade history's SQL: the orders read once, each period's grades kept in one table
// (history_grades: one row per period and customer), and what the page asks of it —
// transitions between consecutive periods, grade mix per period, who has been sliding,
// and customers' timelines. Each period's grading itself is the page's own SQL
// (metrics → norms → grade) over the history's tables (catalog HISTORY_STEP_TABLES).

import { ident, int, str } from '../../sql/quote';
import { HISTORY_GRADES, HISTORY_ORDERS_TABLE, HISTORY_STEP_TABLES } from '../../sql/catalog';
import { buildOrderFactsSelect } from '../metrics-sql';
import { contribColumn } from '../metrics';
import type { Adjustment } from '../config';
import type { ScorePlan } from '../norms-sql';
import type { SourceMapping } from '../source';
import { GROUP_COLUMN } from '../groups';
import type { HistoryPeriod } from './periods';

/** ts_per_order once, for every period's metrics step (MetricsOptions.orders). */
export function buildHistoryOrdersSql(m: SourceMapping): string {
  return `CREATE OR REPLACE TABLE ${HISTORY_ORDERS_TABLE} AS\n${buildOrderFactsSelect(m, true)};`;
}

/** The first and the latest order date the history can grade between. */
export function buildHistorySpanSql(): string {
  return `SELECT strftime(min(order_date), '%Y-%m-%d') AS first, strftime(max(order_date), '%Y-%m-%d') AS latest FROM ${HISTORY_ORDERS_TABLE};`;
}

/**
 * The adjustments that count at a period end: those dated on or before it (`from`, else
 * the day it was made). The last period is the current grading, where every adjustment counts.
 */
export function adjustmentsAt(adjustments: readonly Adjustment[], end: string, current: boolean): Adjustment[] {
  return current ? [...adjustments] : adjustments.filter((a) => (a.from ?? a.at.slice(0, 10)) <= end);
}

/** The columns every period keeps: the grade, its score and the points that explain it. */
function keptColumns(plan: ScorePlan, grouped: boolean): string[] {
  return [
    'customer_id',
    'customer_name',
    'CAST(grade_index AS INTEGER) AS grade_index',
    'grade',
    'score',
    'order_amount',
    'profit',
    'adjusted',
    ...(grouped ? [ident(GROUP_COLUMN)] : []),
    ...plan.used.map((m) => ident(contribColumn(m.id))),
  ];
}

/** An empty history_grades with the columns each period adds (before the first period). */
export function buildHistoryTableSql(plan: ScorePlan, grouped: boolean): string {
  return `CREATE OR REPLACE TABLE ${ident(HISTORY_GRADES)} AS
SELECT 0 AS period_index, DATE '2000-01-01' AS period_end, ${keptColumns(plan, grouped).join(', ')}
FROM ${HISTORY_STEP_TABLES.graded} WHERE false;`;
}

/** Keep one period's grades (history_graded, just made) in history_grades. */
export function buildHistoryInsertSql(period: HistoryPeriod, plan: ScorePlan, grouped: boolean): string {
  return `INSERT INTO ${ident(HISTORY_GRADES)} BY NAME
SELECT ${int(period.index)} AS period_index, DATE ${str(period.to)} AS period_end, ${keptColumns(plan, grouped).join(', ')}
FROM ${HISTORY_STEP_TABLES.graded};`;
}

/** A row of buildTransitionsSql: customers moving from one grade (null: not graded then) to another between periods `pair` and `pair + 1`. */
export interface TransitionRow {
  pair: number;
  from_index: number | null;
  to_index: number | null;
  customers: number;
}

/**
 * Transitions between every pair of consecutive periods, with the customers that
 * appear (from_index null) and those that drop out (to_index null).
 */
export function buildTransitionsSql(periods: number): string {
  const last = int(periods - 1);
  return `WITH h AS MATERIALIZED (
  SELECT period_index, grade_index,
    lag(period_index) OVER w AS prev_p, lag(grade_index) OVER w AS prev_g, lead(period_index) OVER w AS next_p
  FROM ${ident(HISTORY_GRADES)}
  WINDOW w AS (PARTITION BY customer_id ORDER BY period_index)
)
SELECT CAST(period_index - 1 AS INTEGER) AS pair, CAST(prev_g AS INTEGER) AS from_index, grade_index AS to_index, CAST(count(*) AS INTEGER) AS customers
FROM h WHERE period_index > 0 AND prev_p = period_index - 1 GROUP BY ALL
UNION ALL
SELECT CAST(period_index - 1 AS INTEGER), NULL, grade_index, CAST(count(*) AS INTEGER)
FROM h WHERE period_index > 0 AND (prev_p IS NULL OR prev_p <> period_index - 1) GROUP BY ALL
UNION ALL
SELECT period_index, grade_index, NULL, CAST(count(*) AS INTEGER)
FROM h WHERE period_index < ${last} AND (next_p IS NULL OR next_p <> period_index + 1) GROUP BY ALL
ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST;`;
}

/** A row of buildPeriodMixSql. */
export interface PeriodMixRow {
  period_index: number;
  grade_index: number;
  customers: number;
  order_amount: number;
  profit: number;
}

/** Customers, order amount and profit per period and grade. */
export function buildPeriodMixSql(): string {
  return `SELECT period_index, grade_index, CAST(count(*) AS INTEGER) AS customers,
  COALESCE(sum(order_amount), 0) AS order_amount, COALESCE(sum(profit), 0) AS profit
FROM ${ident(HISTORY_GRADES)}
GROUP BY ALL
ORDER BY period_index, grade_index;`;
}

/**
 * Customers whose score fell in each of the last `n` period steps, ending in a lower grade
 * than n periods before; with each metric's change in points over those periods (the one
 * that fell most is what moved them). Largest order amount first.
 */
export function buildSlidingSql(plan: ScorePlan, periods: number, n: number, limit = 200): string {
  const last = periods - 1;
  const contribs = plan.used.map((m) => contribColumn(m.id));
  const lags = Array.from({ length: n }, (_, i) => `lag(score, ${int(i + 1)}) OVER w AS s${i + 1}`);
  const falling = ['score < s1', ...Array.from({ length: n - 1 }, (_, i) => `s${i + 1} < s${i + 2}`)];
  const deltas = contribs.map((c) => `${ident(c)} - ${ident(`${c}_then`)} AS ${ident(`delta_${c}`)}`);
  return `WITH h AS (
  SELECT *,
    ${lags.join(', ')},
    lag(period_index, ${int(n)}) OVER w AS p_then,
    lag(grade_index, ${int(n)}) OVER w AS grade_index_then,
    lag(grade, ${int(n)}) OVER w AS grade_then${contribs.map((c) => `,\n    lag(${ident(c)}, ${int(n)}) OVER w AS ${ident(`${c}_then`)}`).join('')}
  FROM ${ident(HISTORY_GRADES)}
  WHERE period_index >= ${int(last - n)}
  WINDOW w AS (PARTITION BY customer_id ORDER BY period_index)
),
sliding AS (
  SELECT * FROM h
  WHERE period_index = ${int(last)} AND p_then = ${int(last - n)} AND ${falling.join(' AND ')} AND grade_index > grade_index_then
)
SELECT customer_id, customer_name, grade_then, grade, CAST(grade_index - grade_index_then AS INTEGER) AS grades_down,
  s${n} AS score_then, score, order_amount, profit${deltas.length ? `,\n  ${deltas.join(',\n  ')}` : ''},
  CAST(count(*) OVER () AS INTEGER) AS total
FROM sliding
ORDER BY order_amount DESC NULLS LAST, customer_id
LIMIT ${int(limit)};`;
}

/** A row of buildTimelineSql. */
export interface TimelineRow {
  customer_id: string;
  period_index: number;
  grade_index: number;
  grade: string;
  score: number | null;
  adjusted: boolean;
}

/** The grade of each named customer in every period it was graded in. */
export function buildTimelineSql(customerIds: readonly string[]): string {
  const ids = customerIds.length ? customerIds.map((id) => str(id)).join(', ') : 'NULL';
  return `SELECT customer_id, period_index, grade_index, grade, score, adjusted
FROM ${ident(HISTORY_GRADES)}
WHERE customer_id IN (${ids})
ORDER BY customer_id, period_index;`;
}

/** Drop the per-period work tables once the history is kept (history_grades stays). */
export function buildHistoryCleanupSql(): string {
  const t = HISTORY_STEP_TABLES;
  const drop = (k: 'graded' | 'norms' | 'metrics') => `DROP ${t.kind[k]} IF EXISTS ${t[k]};`;
  return [drop('graded'), drop('norms'), drop('metrics'), `DROP TABLE IF EXISTS ${HISTORY_ORDERS_TABLE};`].join('\n');
}
