// customer_metrics → **customer_norms**: every configured metric as 0–100,
// plus the flags and segments. Weight-independent: a slider move never rebuilds it.

import { ident, num, str } from '../sql/quote';
import { DEFAULT_VALUE, type GradingConfig, type GroupAttribute, type MissingPolicy, type Normalisation, type WeightedMetric } from './config';
import { rfmColumnsSql } from './rfm';
import { METRICS, normColumn, type MetricId } from './metrics';
import { GRADES_BASELINE, GRADING_STEP_TABLES, type StepTables } from '../sql/catalog';
import { GROUP_COLUMN, groupValueSql, partitionByGroup } from './groups';

/**
 * The grading a what-if is compared with. Its grade and score ride along in
 * customer_norms (baseline_index, baseline_score), so comparing a slider move
 * with it is a GROUP BY, not a join of two million-row tables.
 */

/** Run before the norms step: an empty baseline until one is pinned. */
export const ENSURE_BASELINE_SQL = `CREATE TABLE IF NOT EXISTS ${ident(GRADES_BASELINE)} AS
SELECT NULL::VARCHAR AS customer_id, NULL::INTEGER AS grade_index, NULL::VARCHAR AS grade, NULL::DOUBLE AS score WHERE false;`;

export interface ScorePlan {
  /** Metrics normalised in customer_norms: configured and available in the data, whatever their weight. */
  normed: WeightedMetric[];
  /** Metrics that carry the score (normed and weighted above 0). */
  used: WeightedMetric[];
  /** Metrics in the config that the data lacks: they drop out, and the page says so. */
  missing: MetricId[];
  /** Whether the data has order dates (recency, growth, segments) and profit (false big customers). */
  hasDates: boolean;
  hasProfit: boolean;
  /** The config grades within this attribute, but the mapping has no column for it: everyone is graded together. */
  groupMissing?: GroupAttribute;
}

export function planScore(config: GradingConfig, available: ReadonlySet<MetricId>): ScorePlan {
  const normed = config.metrics.filter((m) => available.has(m.id));
  return {
    normed,
    used: normed.filter((m) => m.weight > 0),
    missing: config.metrics.filter((m) => !available.has(m.id)).map((m) => m.id),
    hasDates: available.has('recency'),
    hasProfit: available.has('profit'),
  };
}

/** The value a metric is normalised from: capped and, for log scaling, transformed. */
const valueColumn = (id: MetricId) => `v_${METRICS[id].column}`;

function valueExpr(m: WeightedMetric, group: string): string {
  const col = ident(METRICS[m.id].column);
  let x = col;
  if (m.capPercentile != null) {
    // Winsorise the upper tail: values above the percentile count as the percentile.
    x = `least(${col}, quantile_cont(${col}, ${num(m.capPercentile / 100)}) OVER (${group.trim()}))`;
  }
  if ((m.normalisation ?? 'percentile') === 'logminmax') x = `sign(${x}) * ln(1 + abs(${x}))`;
  return x;
}

/** `group` is '' or 'PARTITION BY grade_group ': within groups every metric is normalised among the group's customers. */
function normalise(id: MetricId, how: Normalisation, group: string): string {
  const v = ident(valueColumn(id));
  const all = `(${group.trim()})`;
  const higher = METRICS[id].direction === 'higher';
  switch (how) {
    case 'percentile':
      return `100 * percent_rank() OVER (${group ? `${group.trim()}, ` : 'PARTITION BY '}${v} IS NULL ORDER BY ${v} ${higher ? 'ASC' : 'DESC'})`;
    case 'minmax':
    case 'logminmax': {
      const span = `NULLIF(max(${v}) OVER ${all} - min(${v}) OVER ${all}, 0)`;
      const dist = higher ? `${v} - min(${v}) OVER ${all}` : `max(${v}) OVER ${all} - ${v}`;
      // All values equal: nobody is better, everyone scores the middle.
      return `COALESCE(100 * (${dist}) / ${span}, 50)`;
    }
    case 'zscore': {
      const z = `(${v} - avg(${v}) OVER ${all}) / NULLIF(stddev_pop(${v}) OVER ${all}, 0)`;
      const signed = higher ? z : `-(${z})`;
      return `COALESCE(100 * (greatest(-3, least(3, ${signed})) + 3) / 6, 50)`;
    }
  }
}

const FILL: Record<MissingPolicy, string | null> = { drop: null, neutral: '50', worst: '0' };

function normExpr(m: WeightedMetric, group: string): string {
  const v = ident(valueColumn(m.id));
  const raw = `CASE WHEN ${v} IS NULL THEN NULL ELSE ${normalise(m.id, m.normalisation ?? 'percentile', group)} END`;
  // Growth: customers too new for year-over-year history fall back to their prospect rating (1–5 → 0–100).
  const withProspect = m.id === 'growth' ? `COALESCE(${raw}, (prospect - 1) * 25)` : raw;
  const fill = FILL[m.missing ?? 'drop'];
  return fill === null ? withProspect : `COALESCE(${withProspect}, ${fill})`;
}

export interface NormsOptions {
  /**
   * Only what the score needs (the grade history): no flags, segments, RFM classes or
   * baseline, whose windows would otherwise cost as much as the score's own.
   */
  lean?: boolean;
}

export function buildNormsSql(config: GradingConfig, plan: ScorePlan, tables: StepTables = GRADING_STEP_TABLES, opts: NormsOptions = {}): string {
  const lean = opts.lean === true;
  const f = config.flags;
  const perCustomer = (name: string, entries: [string, number][]) =>
    entries.length
      ? `${name}(customer_id, rating) AS (VALUES ${entries.map(([id, r]) => `(${str(id)}, ${num(r)})`).join(', ')}),\n`
      : `${name} AS (SELECT NULL::VARCHAR AS customer_id, NULL::DOUBLE AS rating WHERE false),\n`;
  const prospectCte =
    perCustomer('ts_prospects', Object.entries(config.prospects)) +
    perCustomer('ts_strategic', Object.entries(config.ratings.strategic)) +
    perCustomer('ts_satisfaction', Object.entries(config.ratings.satisfaction));
  const group = partitionByGroup(config);
  const values = plan.normed.map((m) => `    ${valueExpr(m, group)} AS ${ident(valueColumn(m.id))}`);
  const norms = plan.normed.map((m) => `  ${normExpr(m, group)} AS ${ident(normColumn(m.id))}`);
  const missingList = plan.normed.map((m) =>
    m.id === 'growth'
      ? `CASE WHEN ${ident(valueColumn(m.id))} IS NULL AND prospect IS NULL THEN ${str(m.id)} END`
      : `CASE WHEN ${ident(valueColumn(m.id))} IS NULL THEN ${str(m.id)} END`,
  );
  const falseBig = plan.hasProfit && !lean
    ? `(cume_dist() OVER (ORDER BY order_amount DESC) <= ${num(f.falseBigAmountTopPct / 100)}
      AND (profit < 0 OR cume_dist() OVER (ORDER BY profit ASC) <= ${num(f.falseBigProfitBottomPct / 100)}))`
    : 'NULL::BOOLEAN';
  const growthHigh = `amount_last12 > amount_prev12 * ${num(1 + f.growthHighPct / 100)}`;
  const loyaltyHigh = `loyalty_index >= ${num(f.loyaltyHighIndex)}`;
  const segment = plan.hasDates && !lean
    ? `CASE WHEN order_count = 0 OR loyalty_index IS NULL THEN 'sleeping'
    WHEN ${loyaltyHigh} AND ${growthHigh} THEN 'fast_growing'
    WHEN ${loyaltyHigh} THEN 'loyal'
    WHEN ${growthHigh} THEN 'worth_cultivating'
    ELSE 'sleeping' END`
    : 'NULL::VARCHAR';

  // The windows (percentile ranks, caps, the false-big ranks) run over a narrow projection and
  // are joined back by customer: a window sorts every column it is given, and the wide rows of a
  // million customers sorted five ways took more memory than everything else together.
  const rfm = plan.hasDates && !lean ? rfmColumnsSql(config.value?.rfmCut ?? DEFAULT_VALUE.rfmCut) : ['NULL::INTEGER AS rfm_r', 'NULL::INTEGER AS rfm_f', 'NULL::INTEGER AS rfm_m', 'NULL::VARCHAR AS rfm_class'];
  const windowed = [...plan.normed.map((m) => ident(valueColumn(m.id))), ...norms.map((n) => n.trim()), `${falseBig} AS flag_false_big`, ...rfm];
  return `CREATE OR REPLACE ${tables.kind.norms} ${tables.norms} AS
WITH
${prospectCte}ts_rated AS (
  -- A rating entered on the page takes the place of an imported one.
  SELECT m.* REPLACE (COALESCE(rs.rating, m.strategic_rating) AS strategic_rating, COALESCE(rf.rating, m.satisfaction) AS satisfaction)
  FROM ${tables.metrics} AS m
  LEFT JOIN ts_strategic AS rs USING (customer_id)
  LEFT JOIN ts_satisfaction AS rf USING (customer_id)
),
ts_values AS NOT MATERIALIZED (
  SELECT m.*,
    COALESCE(pr.rating, m.prospect_rating) AS prospect,
    b.baseline_index,
    b.baseline_score${config.groupBy ? `,
    ${groupValueSql(config)} AS ${ident(GROUP_COLUMN)}` : ''}
  FROM ts_rated AS m
  LEFT JOIN ts_prospects AS pr USING (customer_id)
  LEFT JOIN (SELECT customer_id, grade_index AS baseline_index, score AS baseline_score FROM ${ident(GRADES_BASELINE)}${lean ? ' WHERE false' : ''}) AS b USING (customer_id)
),
ts_v AS (
  SELECT customer_id, prospect, order_amount, profit, order_count, recency_days${config.groupBy ? `, ${ident(GROUP_COLUMN)}` : ''}${values.length ? ',\n' + values.join(',\n') : ''}
  FROM ts_values
),
ts_n AS (
  SELECT customer_id, ${windowed.join(',\n    ')}
  FROM ts_v
)
SELECT v.*, n.* EXCLUDE (customer_id),
  NULLIF(concat_ws(', ', ${missingList.length ? missingList.join(', ') : 'NULL'}), '') AS imputed,
  ${plan.hasProfit && !lean ? 'profit < 0' : 'NULL::BOOLEAN'} AS flag_loss,
  ${plan.hasDates && !lean ? `order_count = 0 OR recency_days > ${num(f.sleepingDays)}` : 'NULL::BOOLEAN'} AS flag_sleeping,
  ${segment} AS segment
FROM ts_values AS v
JOIN ts_n AS n USING (customer_id);`;
}
