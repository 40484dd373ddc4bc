// The fast path's planning in JavaScript: from statement 1's bins, where each grade
// boundary falls (the split bins read row by row, every other bin's whole grade), the
// pivots statement 2 finds at the cuts, and the score at each cut.

import type { GradeRule } from '../config';
import { gradeCuts, thresholdGrade, thresholdScores } from '../cuts';
import { BINS_PER_POINT, NO_BIN, UNSCORED_BIN, type BinRow, type PivotRow } from './bins';

/** Bins in rank order: best score first, unscored last. */
const rankOrder = (a: number, b: number) => rankKey(b) - rankKey(a);
const rankKey = (bin: number) => (bin === UNSCORED_BIN ? -1 : bin);

/**
 * Where each grade boundary falls, from the bins: which bins are split (read row by
 * row), the automatic grade of every other bin, and the statement 2 parameters.
 */
export interface SplitPlan {
  /** Automatic grade of each bin that lies wholly inside one grade. */
  binGrade: Map<number, number>;
  /** The bins read row by row. */
  split: Set<number>;
  /** Ratio rule: per cut, the bin of its pivot and the pivot's 0-based offset there (NO_BIN: a cut at 0, no pivot). */
  probes: { bin: number; offset: number }[];
  /** Ratio rule: per cut, its 1-based position (0: nobody above it). */
  cuts: number[];
  /** Ratio rule: per split bin, how many customers rank in better bins. */
  before: Map<number, number>;
}

export function planSplits(rule: GradeRule, bins: readonly BinRow[]): SplitPlan {
  const counts = new Map<number, number>();
  for (const b of bins) counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n_all);
  const order = [...counts.keys()].sort(rankOrder);
  const n = [...counts.values()].reduce((s, c) => s + c, 0);
  const binGrade = new Map<number, number>();
  const split = new Set<number>();
  const last = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      const cuts = gradeCuts(n, rule.grades);
      const probes = cuts.map(() => ({ bin: NO_BIN, offset: 0 }));
      const ahead = new Map<number, number>();
      let before = 0;
      for (const bin of order) {
        const size = counts.get(bin)!;
        // Positions before + 1 … before + size. A cut c (the last position of its grade) in that
        // range makes the bin a split one, even at its very end: the pivot is read from it.
        cuts.forEach((c, i) => {
          if (c > before && c <= before + size) {
            probes[i] = { bin, offset: c - before - 1 };
            split.add(bin);
          }
        });
        if (split.has(bin)) ahead.set(bin, before);
        else binGrade.set(bin, cuts.filter((c) => c <= before).length);
        before += size;
      }
      return { binGrade, split, probes, cuts, before: ahead };
    }
    case 'threshold': {
      for (const t of thresholdScores(rule)) {
        const j = Math.floor(t * BINS_PER_POINT);
        // A threshold's own bin and both neighbours: every bin left whole is then a safe margin away.
        for (const b of [j - 1, j, j + 1]) if (b >= 0 && b <= 100 * BINS_PER_POINT) split.add(b);
      }
      for (const bin of order) {
        if (split.has(bin)) continue;
        binGrade.set(bin, bin === UNSCORED_BIN ? last : thresholdGrade(rule, (bin + 0.5) / BINS_PER_POINT));
      }
      return { binGrade, split, probes: [], cuts: [], before: new Map() };
    }
    case 'cumulative':
      return { binGrade, split, probes: [], cuts: [], before: new Map() };
  }
}

/** The pivot of each ratio cut from statement 2's 'pivot' rows (matched on bin and rank; none for a cut at 0). */
export function pivotsOf(split: SplitPlan, rows: readonly { bin: number; rn: number; sk: number; pk: number; id_rank: number }[]): PivotRow[] {
  return split.probes.flatMap((p, cut) => {
    const r = rows.find((x) => x.bin === p.bin && x.rn === p.offset + 1);
    return r ? [{ cut, sk: r.sk, pk: r.pk, id_rank: r.id_rank }] : [];
  });
}

/** The score at each ratio cut (its pivot's), null where a cut has no pivot or no score. */
export function cutScores(rule: GradeRule, pivots: readonly PivotRow[]): (number | null)[] {
  if (rule.kind === 'threshold') return thresholdScores(rule);
  if (rule.kind !== 'ratio') return [];
  return rule.grades.slice(0, -1).map((_, i) => {
    const p = pivots.find((x) => x.cut === i);
    return p && Number.isFinite(p.sk) ? p.sk / 1e6 : null;
  });
}
