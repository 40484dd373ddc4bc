// The weighted score as SQL, shared by the full grading (customers_graded), the
// slider's fast path and the contribution chart, so that all compute bit-identical
// scores; scoreTerms is the one place a weight becomes SQL:
//   score = round(x · 10⁶) / 10⁶,  x = Σ wᵢ·normᵢ ÷ Σ wᵢ·presentᵢ  (metrics in plan order)
// Every term is a DOUBLE and the sums run left to right in the same order in both
// paths; a missing norm adds 0 to the numerator and its weight drops out of the
// denominator (the customer is scored on the weights it has).

import { ident, str } from '../sql/quote';
import type { WeightedMetric } from './config';
import { normColumn } from './metrics';

/** One metric that carries the score, as the caller's SQL names it. */
export interface ScoreTerm {
  /** The weight, a DOUBLE literal (weightLiteral). */
  weight: string;
  /** The normalised value, with 0 where it is missing. */
  value: string;
  /** 1.0 where the value is present, 0.0 where missing; null when it is never missing. */
  present: string | null;
}

/** A weight as a DOUBLE literal that parses to exactly the JS number (as a bound DOUBLE would). */
export function weightLiteral(w: number): string {
  if (!Number.isFinite(w)) throw new Error(`Not a finite weight: ${w}`);
  return `CAST(${str(String(w))} AS DOUBLE)`;
}

/** The terms of the weighted metrics, the caller naming each one's value (0 where missing) and presence column. */
export function scoreTerms(used: readonly WeightedMetric[], columns: (m: WeightedMetric) => { value: string; present: string | null }): ScoreTerm[] {
  return used.map((m) => ({ weight: weightLiteral(m.weight), ...columns(m) }));
}

/** The terms over customer_norms (or a table with its norm_ columns), where any norm may be NULL (missing, dropped by the policy). */
export function normTerms(used: readonly WeightedMetric[]): ScoreTerm[] {
  return scoreTerms(used, (m) => {
    const col = ident(normColumn(m.id));
    return { value: `COALESCE(${col}, 0)`, present: `CAST(${col} IS NOT NULL AS DOUBLE)` };
  });
}

export function numeratorSql(terms: readonly ScoreTerm[]): string {
  return terms.map((t) => `${t.weight} * ${t.value}`).join(' + ');
}

export function denominatorSql(terms: readonly ScoreTerm[]): string {
  return terms.map((t) => (t.present === null ? t.weight : `${t.weight} * ${t.present}`)).join(' + ');
}

/** Whether some customer can have no value at all, and so no score (NULL, ranked last). */
export function canBeUnscored(terms: readonly ScoreTerm[]): boolean {
  return terms.every((t) => t.present !== null);
}

/** x, unrounded: NULL when no weighted metric is present. */
export function rawScoreSql(terms: readonly ScoreTerm[]): string {
  if (terms.length === 0) throw new Error('No metric carries the score: give at least one available metric a weight above 0.');
  const den = denominatorSql(terms);
  return `(${numeratorSql(terms)}) / ${canBeUnscored(terms) ? `NULLIF(${den}, 0)` : `(${den})`}`;
}

/** round(x · 10⁶): the score in millionths, a whole number held in a DOUBLE (NULL when unscored). */
export function scoreMillionthsSql(terms: readonly ScoreTerm[]): string {
  return `round(${rawScoreSql(terms)} * 1e6)`;
}

/** The score, rounded to 6 decimals so that scores equal in exact arithmetic tie exactly. */
export function scoreSql(terms: readonly ScoreTerm[]): string {
  return `${scoreMillionthsSql(terms)} / 1e6`;
}

/** Metric i's points in the score: wᵢ·normᵢ ÷ Σ w·present (NULL where the norm is missing). */
export function contributionSql(terms: readonly ScoreTerm[], i: number): string {
  const t = terms[i]!;
  const den = denominatorSql(terms);
  const value = `${t.weight} * ${t.value} / ${canBeUnscored(terms) ? `NULLIF(${den}, 0)` : `(${den})`}`;
  return t.present === null ? value : `CASE WHEN ${t.present} = 0 THEN NULL ELSE ${value} END`;
}
