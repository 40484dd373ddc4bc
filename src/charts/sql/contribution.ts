// One customer's score taken apart: each metric's contribution (points of the
// 0–100 score), beside the same breakdown averaged over each grade.

import { ident, num, str } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';
import type { WeightedMetric } from '../../model/config';
import { contribColumn, normColumn, type MetricId } from '../../model/metrics';

/** A metric's contribution to the score, as an SQL expression over customers_graded. */
export interface ContributionPart {
  metric: MetricId;
  expr: string;
}

/**
 * The contribution columns, explicitly: the grading step's contrib_<metric>
 * columns when it wrote them all, otherwise derived from the normalised values
 * and the weights as the score is (weights of missing values drop out).
 */
export function contributionParts(columns: ReadonlySet<string>, used: readonly WeightedMetric[]): ContributionPart[] {
  if (used.every((m) => columns.has(contribColumn(m.id)))) return used.map((m) => ({ metric: m.id, expr: ident(contribColumn(m.id)) }));
  const present = used.map((m) => `CASE WHEN ${ident(normColumn(m.id))} IS NULL THEN 0 ELSE ${num(m.weight)} END`).join(' + ');
  return used.map((m) => ({
    metric: m.id,
    expr: `COALESCE(${num(m.weight)} * ${ident(normColumn(m.id))}, 0) / NULLIF(${present}, 0)`,
  }));
}

export interface ContributionRow {
  /** 'customer' for the chosen customer, 'grade' for a grade average. */
  kind: 'customer' | 'grade';
  customer_id: string | null;
  label: string;
  grade: string;
  grade_index: number;
  score: number | null;
  customers: number;
  /** part_0 … part_k: contributions in the order of the parts. */
  [part: `part_${number}`]: number | null;
}

/** The chosen customer (by id; the best-ranked when none) followed by one row per grade. */
export function buildContributionSql(o: { parts: readonly ContributionPart[]; customerId?: string | null }): string {
  if (o.parts.length === 0) throw new Error('No metric carries the score, so there is nothing to break down');
  const cols = o.parts.map((p, i) => `${p.expr} AS ${ident(`part_${i}`)}`).join(',\n    ');
  const avgs = o.parts.map((_, i) => `avg(${ident(`part_${i}`)}) AS ${ident(`part_${i}`)}`).join(', ');
  const plain = o.parts.map((_, i) => ident(`part_${i}`)).join(', ');
  const who = o.customerId == null ? 'grade_rank = 1' : `customer_id = ${str(o.customerId)}`;
  return `WITH ts_parts AS (
  SELECT customer_id, customer_name, grade, CAST(grade_index AS INTEGER) AS grade_index, grade_rank, score,
    ${cols}
  FROM ${ident(CUSTOMERS_GRADED)}
)
SELECT * EXCLUDE (row_order) FROM (
  SELECT 0 AS row_order, 'customer' AS kind, customer_id, customer_name AS label, grade, grade_index, score, 1 AS customers, ${plain}
  FROM ts_parts WHERE ${who}
  UNION ALL
  SELECT 1 + grade_index, 'grade', NULL, grade, grade, grade_index, avg(score), CAST(count(*) AS INTEGER), ${avgs}
  FROM ts_parts GROUP BY grade, grade_index
)
ORDER BY row_order;`;
}
