// An independent, plain-TS implementation of the README's default method,
// written from the prose (not from the SQL builders) so the two can disagree.

export interface RefInput {
  id: string;
  values: Record<string, number | null>;
  profit: number | null;
}

export interface RefMetric {
  key: string;
  weight: number;
  higherIsBetter: boolean;
}

export interface RefOutput {
  id: string;
  score: number | null;
  rank: number;
  grade: string;
}

/** percent_rank × 100: (number of values strictly worse) / (count − 1), among customers that have the value. */
function percentRanks(values: (number | null)[], higherIsBetter: boolean): (number | null)[] {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = present.length;
  const firstIndex = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (present[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lastIndex = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (present[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => {
    if (v === null) return null;
    if (n <= 1) return 0;
    const worse = higherIsBetter ? firstIndex(v) : n - lastIndex(v);
    return (100 * worse) / (n - 1);
  });
}

export function referenceGrade(rows: RefInput[], metrics: RefMetric[], grades: { name: string; share: number }[]): RefOutput[] {
  const norms = metrics.map((m) => percentRanks(rows.map((r) => r.values[m.key] ?? null), m.higherIsBetter));
  const scored = rows.map((r, i) => {
    let num = 0;
    let den = 0;
    metrics.forEach((m, j) => {
      const v = norms[j]![i];
      if (v !== null && v !== undefined) {
        num += m.weight * v;
        den += m.weight;
      }
    });
    return { id: r.id, profit: r.profit, score: den > 0 ? Math.round((num / den) * 1e6) / 1e6 : null };
  });
  const byScoreDesc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);
  scored.sort((a, b) => byScoreDesc(a.score, b.score) || byScoreDesc(a.profit, b.profit) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = scored.length;
  // Half-up rounding of cumulative share × n, in plain decimal arithmetic.
  const cuts: number[] = [];
  let cum = 0;
  for (const g of grades.slice(0, -1)) {
    cum += g.share;
    cuts.push(Math.floor((cum / 100) * n + 0.5 + 1e-9));
  }
  return scored.map((s, i) => {
    const p = i + 1;
    let gi = cuts.findIndex((c) => p <= c);
    if (gi === -1) gi = grades.length - 1;
    return { id: s.id, score: s.score, rank: p, grade: grades[gi]!.name };
  });
}
