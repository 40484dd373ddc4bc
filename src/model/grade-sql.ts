// customer_metrics → **customers_graded**: normalise each metric to 0–100,
// weight them into a score, rank, and cut the ranking into grades.
// The text this returns is exactly what runs, what the page shows and what the tests run.

import { ident, int, num, str } from '../sql/quote';
import type { GradingConfig, WeightedMetric } from './config';
import { cumulativeBasisPoints } from './cuts';
import { METRICS, normColumn, type MetricId } from './metrics';
import { CUSTOMER_METRICS } from './metrics-sql';

export const CUSTOMERS_GRADED = 'customers_graded';

export interface ScorePlan {
  /** Metrics that carry the score (available in the data and weighted above 0). */
  used: WeightedMetric[];
  /** Metrics in the config that the data lacks: they drop out, and the page says so. */
  missing: MetricId[];
}

export function planScore(config: GradingConfig, available: ReadonlySet<MetricId>): ScorePlan {
  const used = config.metrics.filter((m) => available.has(m.id) && m.weight > 0);
  const missing = config.metrics.filter((m) => !available.has(m.id)).map((m) => m.id);
  return { used, missing };
}

/**
 * Percentile rank × 100 among customers that have the value, ordered so that
 * better ranks higher. A customer without the value gets NULL and the metric
 * drops out of that customer's score (the remaining weights are renormalised).
 */
function normExpr(id: MetricId): string {
  const def = METRICS[id];
  const col = ident(def.column);
  const order = def.direction === 'higher' ? 'ASC' : 'DESC';
  return `CASE WHEN ${col} IS NULL THEN NULL
      ELSE 100 * percent_rank() OVER (PARTITION BY ${col} IS NULL ORDER BY ${col} ${order}) END`;
}

export function buildGradeSql(config: GradingConfig, plan: ScorePlan): string {
  const { used } = plan;
  if (used.length === 0) throw new Error('No metric carries the score: give at least one available metric a weight above 0.');
  const grades = config.rule.grades;

  const norms = used.map((m) => `    ${normExpr(m.id)} AS ${ident(normColumn(m.id))}`).join(',\n');
  const weighted = used.map((m) => `COALESCE(${num(m.weight)} * ${ident(normColumn(m.id))}, 0)`).join(' + ');
  const weightsPresent = used.map((m) => `CASE WHEN ${ident(normColumn(m.id))} IS NULL THEN 0 ELSE ${num(m.weight)} END`).join(' + ');

  const cuts = cumulativeBasisPoints(grades);
  // Rank p of n gets grade i when p ≤ round-half-up(cum_i · n) = (bp_i · n + 5000) // 10000.
  const gradeCase = (value: (i: number) => string) =>
    `CASE\n${cuts.map((bp, i) => `    WHEN grade_rank <= (${int(bp)} * n + 5000) // 10000 THEN ${value(i)}`).join('\n')}\n    ELSE ${value(grades.length - 1)}\n  END`;

  return `CREATE OR REPLACE TABLE ${ident(CUSTOMERS_GRADED)} AS
WITH
normed AS (
  SELECT *,
${norms}
  FROM ${ident(CUSTOMER_METRICS)}
),
scored AS (
  SELECT *,
    -- rounded so that scores equal in exact arithmetic tie exactly, whatever the float noise
    round((${weighted}) / NULLIF(${weightsPresent}, 0), 6) AS score
  FROM normed
),
ranked AS (
  SELECT *,
    row_number() OVER (ORDER BY score DESC NULLS LAST, profit DESC NULLS LAST, customer_id ASC) AS grade_rank,
    count(*) OVER () AS n
  FROM scored
)
SELECT * EXCLUDE (n),
  ${gradeCase((i) => int(i))} AS grade_index,
  ${gradeCase((i) => str(grades[i]!.name))} AS grade
FROM ranked;`;
}
