// Customers ranked by a value (largest first) with the running total: the
// common ground of the Pareto and whale curves. Everything is aggregated in
// SQL and the curve is thinned to about `maxPoints` rows, so a million
// customers still send only a few hundred points to Vega.

import { ident, int, str } from '../../sql/quote';
import { CUSTOMERS_GRADED, rankedTable } from '../../sql/catalog';

/** The values a cumulative curve can rank customers by. */
export type CurveMeasure = 'profit' | 'order_amount';

export const DEFAULT_MAX_POINTS = 500;

/**
 * Where the ranking comes from: 'inline' ranks inside each query (self-contained);
 * 'table' reads the temp table buildRankedTableSql made, so a million customers
 * are sorted once per measure instead of once per query.
 */
export type RankedSource = 'inline' | 'table';

/** Name of the ranking, as a CTE (inline) or as a temp table: ts_ranked_<measure>. */
export function rankedName(measure: CurveMeasure): string {
  return ident(rankedTable(measure));
}

function rankedSelect(measure: CurveMeasure): string {
  const col = ident(measure);
  return `SELECT
    ${str(measure)} AS measure,
    row_number() OVER w AS r,
    CAST(${col} AS DOUBLE) AS v,
    sum(CAST(${col} AS DOUBLE)) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
    count(*) OVER () AS n,
    sum(CAST(${col} AS DOUBLE)) OVER () AS total
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE ${col} IS NOT NULL
  WINDOW w AS (ORDER BY ${col} DESC, customer_id ASC)`;
}

/**
 * Ranking of customers by a value, largest first: r (1 = largest), v, cum
 * (running sum), n, total. Ties are broken by customer_id so the order is the same on every run.
 */
export function rankedCte(measure: CurveMeasure): string {
  return `${rankedName(measure)} AS (
  ${rankedSelect(measure)}
)`;
}

/** The same ranking as a temp table, shared by the Pareto and whale queries. */
export function buildRankedTableSql(measure: CurveMeasure): string {
  return `CREATE OR REPLACE TEMP TABLE ${rankedName(measure)} AS
${rankedSelect(measure)};`;
}

export function buildDropRankedSql(measure: CurveMeasure): string {
  return `DROP TABLE IF EXISTS ${rankedName(measure)};`;
}

/** `WITH` + the inline rankings and further CTEs, or only the further CTEs when reading the tables. */
export function withRanked(measures: readonly CurveMeasure[], source: RankedSource, more: string[] = []): string {
  const ctes = [...(source === 'inline' ? measures.map(rankedCte) : []), ...more];
  return ctes.length ? `WITH\n${ctes.join(',\n')}\n` : '';
}

/** Every step-th rank, the first and the last: an even thinning of the curve. */
export function thinned(maxPoints: number): string {
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 2) throw new Error(`maxPoints must be a whole number ≥ 2 (got ${maxPoints})`);
  return `(r = 1 OR r = n OR r % greatest(1, CAST(ceil(n / ${int(maxPoints)}) AS BIGINT)) = 0)`;
}
