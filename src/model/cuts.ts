// Grade-cut arithmetic: for ratio rules in exact integers, and the threshold rule's
// minimum scores (one definition, read by the SQL and by the fast path's planning).
// Shares are percentages with at most two decimals, so they are carried as
// basis points; cumulative sums then never drift (0.2 + 0.3 + 0.3 ≠ 0.8 in floating point).

import type { GradeBand, ThresholdRule } from './config';

/** Percent → basis points (20 → 2000, 12.5 → 1250). */
export function toBasisPoints(share: number): number {
  return Math.round(share * 100);
}

/** Cumulative basis points after each grade except the last, which takes the rest. */
export function cumulativeBasisPoints(grades: readonly GradeBand[]): number[] {
  const out: number[] = [];
  let acc = 0;
  for (const g of grades.slice(0, -1)) {
    acc += toBasisPoints(g.share);
    out.push(acc);
  }
  return out;
}

/**
 * The last 1-based rank in each grade but the last, for n customers:
 * round-half-up(cumShare · n), computed as ⌊(bp·n + 5000) / 10000⌋.
 * e.g. n = 793, 20/30/30/20 → [159, 397, 634].
 */
export function gradeCuts(n: number, grades: readonly GradeBand[]): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Customer count must be a whole number ≥ 0 (got ${n})`);
  return cumulativeBasisPoints(grades).map((bp) => Math.floor((bp * n + 5000) / 10000));
}

/** Index of the grade for 1-based rank p given the cuts. */
export function gradeIndexForRank(p: number, cuts: readonly number[]): number {
  const i = cuts.findIndex((c) => p <= c);
  return i === -1 ? cuts.length : i;
}

/**
 * Move grade i's share to `target` (percent, 2 decimals) while the shares keep their
 * total: the neighbour below gives or takes the difference (the one above, for the last
 * grade), so dragging a share slider moves one boundary, as a user expects.
 */
export function shiftShare(shares: readonly number[], i: number, target: number): number[] {
  const out = [...shares];
  if (i < 0 || i >= shares.length || shares.length < 2 || !Number.isFinite(target)) return out;
  const j = i === shares.length - 1 ? i - 1 : i + 1;
  const pair = toBasisPoints(shares[i]!) + toBasisPoints(shares[j]!);
  const v = Math.min(Math.max(toBasisPoints(target), 0), pair);
  out[i] = v / 100;
  out[j] = (pair - v) / 100;
  return out;
}

/** The score each grade but the last needs (a grade without a minimum needs 0). */
export function thresholdScores(rule: ThresholdRule): number[] {
  return rule.grades.slice(0, -1).map((g) => g.minScore ?? 0);
}

/** Threshold rule: the first grade whose minimum the score reaches, else the last. thresholdGradeExpr is this in SQL. */
export function thresholdGrade(rule: ThresholdRule, score: number): number {
  const i = thresholdScores(rule).findIndex((t) => score >= t);
  return i === -1 ? rule.grades.length - 1 : i;
}
