// Pareto curve: cumulative share of profit / order amount against the
// cumulative share of customers, largest first. The 80/20 point is the first
// rank whose running total reaches 80 % of the total; it is always kept in
// the thinned curve so the marker sits exactly on the line.

import { str } from '../../sql/quote';
import { DEFAULT_MAX_POINTS, rankedName, thinned, withRanked, type CurveMeasure, type RankedSource } from './cumulative';

export interface ParetoPoint {
  measure: CurveMeasure;
  r: number;
  n: number;
  share_customers: number;
  share_value: number | null;
  is_80: boolean;
}

export interface ParetoStats {
  measure: CurveMeasure;
  n: number;
  total: number | null;
  /** First rank whose cumulative value reaches 80 % of the total (NULL when the total is not positive). */
  rank_80: number | null;
  share_customers_80: number | null;
  /** Share of the total at rank_80 (≥ 0.8, exactly 0.8 only when a customer lands on it). */
  share_value_80: number | null;
  /**
   * Gini coefficient: 0 when every customer brings the same, (n−1)/n when one brings all.
   * With negative values (loss-making customers) it can exceed 1: losses deepen the inequality.
   */
  gini: number | null;
}

export interface ParetoOptions {
  measures: readonly CurveMeasure[];
  maxPoints?: number;
  /** Default 'inline'. */
  ranked?: RankedSource;
}

const SHARE_80 = '0.8';

function ctes(o: Pick<ParetoOptions, 'measures' | 'ranked'>): string {
  if (o.measures.length === 0) throw new Error('A Pareto curve needs at least one measure');
  return withRanked(o.measures, o.ranked ?? 'inline');
}

function union(measures: readonly CurveMeasure[], select: (measure: CurveMeasure, table: string) => string): string {
  return measures.map((m) => select(m, rankedName(m))).join('\nUNION ALL\n');
}

/** Curve points per measure, thinned to about maxPoints each, with the 80/20 point flagged. */
export function buildParetoCurveSql(o: ParetoOptions): string {
  const keep = thinned(o.maxPoints ?? DEFAULT_MAX_POINTS);
  return `${ctes(o)}SELECT measure, CAST(r AS INTEGER) AS r, CAST(n AS INTEGER) AS n,
  r / n AS share_customers,
  cum / NULLIF(total, 0) AS share_value,
  r = rank_80 AS is_80
FROM (
${union(o.measures, (_m, t) => `  SELECT *, min(r) FILTER (WHERE total > 0 AND cum >= ${SHARE_80} * total) OVER () AS rank_80 FROM ${t}`)}
)
WHERE ${keep} OR r = rank_80
ORDER BY measure, r;`;
}

/** One row per measure: n, total, the 80/20 point and the Gini coefficient. */
export function buildParetoStatsSql(o: Pick<ParetoOptions, 'measures' | 'ranked'>): string {
  // Gini with customers ranked largest first (r = 1 …n): (n+1)/n − 2·Σ r·v / (n·Σ v).
  return `${ctes(o)}${union(
  o.measures,
  (m, t) => `SELECT ${str(m)} AS measure,
  CAST(count(*) AS INTEGER) AS n,
  sum(v) AS total,
  CAST(min(r) FILTER (WHERE total > 0 AND cum >= ${SHARE_80} * total) AS INTEGER) AS rank_80,
  min(r) FILTER (WHERE total > 0 AND cum >= ${SHARE_80} * total) / count(*) AS share_customers_80,
  arg_min(cum / total, r) FILTER (WHERE total > 0 AND cum >= ${SHARE_80} * total) AS share_value_80,
  CASE WHEN sum(v) > 0 THEN (count(*) + 1) / count(*) - 2 * sum(CAST(r AS DOUBLE) * v) / (count(*) * sum(v)) END AS gini
FROM ${t}`,
)}
ORDER BY measure;`;
}
