// customer_norms → **customers_graded**: weight the normalised metrics into a
// score, rank, cut into grades by the rule, then apply manual adjustments.
// This is the only step a weight or rule change re-runs. Within groups (groups.ts) the
// rank, the ratio cuts and the cumulative shares are taken per group; grade_rank is then
// the rank within the customer's group.
// The text this returns is exactly what runs, what the page shows and what the tests run.

import { ident, int, num, str } from '../sql/quote';
import type { Adjustment, CumulativeRule, GradeRule, GradingConfig, ThresholdRule } from './config';
import { cumulativeBasisPoints, thresholdScores } from './cuts';
import { contribColumn, normColumn } from './metrics';
import { type ScorePlan } from './norms-sql';
import { GRADING_STEP_TABLES, type StepTables } from '../sql/catalog';
import { partitionByGroup } from './groups';
import { contributionSql, normTerms, scoreSql } from './score-sql';

/** CASE over the grade positions, e.g. CASE WHEN … THEN 0 WHEN … THEN 1 ELSE 3 END. */
export function caseOver(conditions: string[], last: number): string {
  return `CASE\n${conditions.map((c, i) => `      WHEN ${c} THEN ${int(i)}`).join('\n')}\n      ELSE ${int(last)}\n    END`;
}

/** Threshold rule: cuts.ts's thresholdGrade in SQL, over a column `score` (no ranking needed). */
export function thresholdGradeExpr(rule: ThresholdRule): string {
  return caseOver(
    thresholdScores(rule).map((t) => `score >= ${num(t)}`),
    rule.grades.length - 1,
  );
}

/**
 * Cumulative rule over columns measure, cum_before and positive_total: a customer belongs to
 * the first grade while the share of the positive total held by better customers before it is
 * still below the grade's bound (so the set just reaches it).
 */
export function cumulativeGradeExpr(rule: CumulativeRule): string {
  const conds = rule.grades.slice(0, -2).map((g) => `measure > 0 AND cum_before * 100 < ${num(g.upTo ?? 100)} * positive_total`);
  conds.push('measure > 0');
  return caseOver(conds, rule.grades.length - 1);
}

/** The automatic grade index (0 = best) as SQL over ts_ranked. */
function ruleExpr(rule: GradeRule): string {
  const last = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio':
      // Rank p of n gets grade i when p ≤ round-half-up(cum_i · n) = (bp_i · n + 5000) // 10000.
      return caseOver(
        cumulativeBasisPoints(rule.grades).map((bp) => `grade_rank <= (${int(bp)} * n + 5000) // 10000`),
        last,
      );
    case 'threshold':
      return thresholdGradeExpr(rule);
    case 'cumulative':
      return cumulativeGradeExpr(rule);
  }
}

/** Latest adjustment per customer, restricted to grades the rule has (a renamed grade's adjustments wait). */
export function effectiveAdjustments(adjustments: readonly Adjustment[], rule: GradeRule): (Adjustment & { index: number })[] {
  const names = rule.grades.map((g) => g.name);
  const latest = new Map<string, Adjustment>();
  for (const a of adjustments) {
    const prev = latest.get(a.customerId);
    if (!prev || a.at >= prev.at) latest.set(a.customerId, a);
  }
  return [...latest.values()]
    .map((a) => ({ ...a, index: names.indexOf(a.grade) }))
    .filter((a) => a.index >= 0)
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

export function buildGradeSql(config: GradingConfig, plan: ScorePlan, tables: StepTables = GRADING_STEP_TABLES): string {
  const { used } = plan;
  if (used.length === 0) throw new Error('No metric carries the score: give at least one available metric a weight above 0.');
  const rule = config.rule;

  const terms = normTerms(used);
  const contribs = used.map((m, i) => `    ${contributionSql(terms, i)} AS ${ident(contribColumn(m.id))}`);

  const adjustments = effectiveAdjustments(config.adjustments, rule);
  const adjustCte = adjustments.length
    ? `ts_adjust(customer_id, grade_index, reason, author, adjusted_at) AS (VALUES\n${adjustments
        .map((a) => `    (${str(a.customerId)}, ${int(a.index)}, ${str(a.reason)}, ${str(a.author)}, ${str(a.at)})`)
        .join(',\n')}\n  ),`
    : `ts_adjust AS (SELECT NULL::VARCHAR AS customer_id, NULL::INTEGER AS grade_index, NULL::VARCHAR AS reason,
    NULL::VARCHAR AS author, NULL::VARCHAR AS adjusted_at WHERE false),`;

  const group = partitionByGroup(config);
  const measure = rule.kind === 'cumulative' ? ident(rule.measure === 'profit' ? 'profit' : 'order_amount') : '';
  const cumulative =
    rule.kind === 'cumulative'
      ? `,
    ${measure} AS measure,
    coalesce(sum(${measure}) OVER (${group}ORDER BY ${measure} DESC NULLS LAST, customer_id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
    sum(greatest(${measure}, 0)) OVER (${group.trim()}) AS positive_total`
      : '';
  const names = (col: string) => `CASE ${col}\n${rule.grades.map((g, i) => `      WHEN ${int(i)} THEN ${str(g.name)}`).join('\n')}\n    END`;

  return `CREATE OR REPLACE ${tables.kind.graded} ${tables.graded} AS
WITH
${adjustCte}
ts_scored AS (
  SELECT *,
    -- rounded so that scores equal in exact arithmetic tie exactly, whatever the float noise
    ${scoreSql(terms)} AS score,
${contribs.join(',\n')}
  FROM ${tables.norms}
),
ts_ranked AS (
  SELECT *,
    row_number() OVER (${group}ORDER BY score DESC NULLS LAST, profit DESC NULLS LAST, customer_id ASC) AS grade_rank,
    count(*) OVER (${group.trim()}) AS n${cumulative}
  FROM ts_scored
),
ts_auto AS (
  SELECT *, ${ruleExpr(rule)} AS grade_index_auto
  FROM ts_ranked
)
SELECT t.* EXCLUDE (n${rule.kind === 'cumulative' ? ', measure, cum_before, positive_total' : ''}),
  ${names('t.grade_index_auto')} AS grade_auto,
  COALESCE(a.grade_index, t.grade_index_auto) AS grade_index,
  ${names('COALESCE(a.grade_index, t.grade_index_auto)')} AS grade,
  a.customer_id IS NOT NULL AS adjusted,
  a.reason AS adjust_reason,
  a.author AS adjust_author,
  a.adjusted_at
FROM ts_auto AS t
LEFT JOIN ts_adjust AS a USING (customer_id);`;
}
