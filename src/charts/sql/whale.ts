// Whale (Stobachoff) curve: customers sorted by profit, largest first;
// cumulative profit as a share of total profit. It rises above 100 % while
// profitable customers are added, peaks, and falls back to 100 % as the
// loss-making tail destroys part of what the top earned.

import { DEFAULT_MAX_POINTS, rankedName, thinned, withRanked, type RankedSource } from './cumulative';

export interface WhalePoint {
  r: number;
  n: number;
  share_customers: number;
  /** Cumulative profit / total profit; NULL when total profit is zero. */
  share_profit: number | null;
  is_peak: boolean;
}

export interface WhaleStats {
  n: number;
  total: number | null;
  /** Rank where cumulative profit peaks (the last profitable customer); NULL when no customer makes a profit. */
  peak_rank: number | null;
  peak_share_customers: number | null;
  peak_profit: number | null;
  /** Peak profit as a share of total profit (e.g. 1.7 = 170 %); NULL unless total profit is positive. */
  peak_share_profit: number | null;
  /** What the rest destroy, as a share of total profit: peak_share_profit − 1. */
  destroyed_share: number | null;
  loss_customers: number;
  loss_share_customers: number | null;
  /** Sum of the losses (negative). */
  loss_profit: number | null;
}

const RANKED = rankedName('profit');

function peakCte(): string {
  // The smallest rank at the highest running total: zero-profit customers after it add nothing.
  return `ts_peak AS (
  SELECT min(r) FILTER (WHERE cum = top) AS peak_rank, max(top) AS peak_profit
  FROM (SELECT r, cum, max(cum) OVER () AS top FROM ${RANKED})
  HAVING max(top) > 0
)`;
}

export function buildWhaleCurveSql(o: { maxPoints?: number; ranked?: RankedSource } = {}): string {
  const keep = thinned(o.maxPoints ?? DEFAULT_MAX_POINTS);
  return `${withRanked(['profit'], o.ranked ?? 'inline', [peakCte()])}SELECT CAST(r AS INTEGER) AS r, CAST(n AS INTEGER) AS n,
  r / n AS share_customers,
  cum / NULLIF(total, 0) AS share_profit,
  COALESCE(r = p.peak_rank, false) AS is_peak
FROM ${RANKED} LEFT JOIN ts_peak AS p ON true
WHERE ${keep} OR r = p.peak_rank
ORDER BY r;`;
}

export function buildWhaleStatsSql(o: { ranked?: RankedSource } = {}): string {
  return `${withRanked(['profit'], o.ranked ?? 'inline', [peakCte()])}SELECT
  CAST(count(*) AS INTEGER) AS n,
  sum(v) AS total,
  CAST(any_value(p.peak_rank) AS INTEGER) AS peak_rank,
  any_value(p.peak_rank) / count(*) AS peak_share_customers,
  any_value(p.peak_profit) AS peak_profit,
  CASE WHEN sum(v) > 0 THEN any_value(p.peak_profit) / sum(v) END AS peak_share_profit,
  CASE WHEN sum(v) > 0 THEN any_value(p.peak_profit) / sum(v) - 1 END AS destroyed_share,
  CAST(count(*) FILTER (WHERE v < 0) AS INTEGER) AS loss_customers,
  count(*) FILTER (WHERE v < 0) / NULLIF(count(*), 0) AS loss_share_customers,
  sum(v) FILTER (WHERE v < 0) AS loss_profit
FROM ${RANKED} LEFT JOIN ts_peak AS p ON true;`;
}
