// Transition matrices and stability figures from buildTransitionsSql's rows (plain TS:
// a few hundred rows at most, whatever the customer count).

import type { TransitionRow } from './history-sql';

export interface PairStats {
  /** Transitions from period `pair` to `pair + 1`. */
  pair: number;
  /** counts[from][to] over customers graded in both periods. */
  counts: number[][];
  /** Customers graded in the later period only, by their grade then. */
  entered: number[];
  /** Customers graded in the earlier period only, by their grade then. */
  left: number[];
  /** Customers graded in both. */
  compared: number;
  kept: number;
  up: number;
  down: number;
  /** Fell two or more grades. */
  fellTwo: number;
  /** kept / compared (null when nobody was graded in both). */
  keptShare: number | null;
}

export interface AverageMatrix {
  /** Every pair's transitions added up: counts[from][to]. */
  counts: number[][];
  /** Row shares of counts: how often a customer of grade `from` is `to` one period later. */
  shares: (number | null)[][];
  compared: number;
  keptShare: number | null;
  fellTwo: number;
}

const square = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(0));

export function pairStats(rows: readonly TransitionRow[], grades: number, periods: number): PairStats[] {
  const out: PairStats[] = Array.from({ length: Math.max(0, periods - 1) }, (_, pair) => ({
    pair,
    counts: square(grades),
    entered: new Array<number>(grades).fill(0),
    left: new Array<number>(grades).fill(0),
    compared: 0,
    kept: 0,
    up: 0,
    down: 0,
    fellTwo: 0,
    keptShare: null,
  }));
  for (const r of rows) {
    const p = out[r.pair];
    if (!p) continue;
    if (r.from_index === null && r.to_index !== null) p.entered[r.to_index] = (p.entered[r.to_index] ?? 0) + r.customers;
    else if (r.to_index === null && r.from_index !== null) p.left[r.from_index] = (p.left[r.from_index] ?? 0) + r.customers;
    else if (r.from_index !== null && r.to_index !== null) {
      const row = p.counts[r.from_index];
      if (!row) continue;
      row[r.to_index] = (row[r.to_index] ?? 0) + r.customers;
      p.compared += r.customers;
      const moved = r.to_index - r.from_index;
      if (moved === 0) p.kept += r.customers;
      else if (moved < 0) p.up += r.customers;
      else p.down += r.customers;
      if (moved >= 2) p.fellTwo += r.customers;
    }
  }
  for (const p of out) p.keptShare = p.compared ? p.kept / p.compared : null;
  return out;
}

/** All pairs pooled: each customer's step from one period to the next counts once. */
export function averageMatrix(pairs: readonly PairStats[], grades: number): AverageMatrix {
  const counts = square(grades);
  let compared = 0;
  let kept = 0;
  let fellTwo = 0;
  for (const p of pairs) {
    p.counts.forEach((row, i) => row.forEach((c, j) => (counts[i]![j]! += c)));
    compared += p.compared;
    kept += p.kept;
    fellTwo += p.fellTwo;
  }
  const shares = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (total ? c / total : null));
  });
  return { counts, shares, compared, keptShare: compared ? kept / compared : null, fellTwo };
}
