// The fast path's planning in JavaScript: from statement 1's bins, where each grade
// boundary falls (the split bins read row by row, every other bin's whole grade), the
// pivots statement 2 finds at the cuts, and the score at each cut.

import type { GradeRule } from '../config';
import { gradeCuts, thresholdGrade, thresholdScores } from '../cuts';
import { BINS_PER_POINT, NO_BIN, UNSCORED_BIN, binKey, type BinRow, type PivotRow } from './bins';

/** Bins in rank order: best score first, unscored last. */
const rankOrder = (a: number, b: number) => rankKey(b) - rankKey(a);
const rankKey = (bin: number) => (bin === UNSCORED_BIN ? -1 : bin);

/** A ratio rule's cuts in one group (the only group, 0, when not grouped). */
export interface GroupCuts {
  /** Per cut, its 1-based position in the group (0: nobody above it). */
  cuts: number[];
  /** Per cut, the bin of its pivot and the pivot's 0-based offset there (NO_BIN: a cut at 0, no pivot). */
  probes: { bin: number; offset: number }[];
}

/**
 * Where each grade boundary falls, from the bins: which bins are split (read row by
 * row), the automatic grade of every other bin, and the statement 2 parameters.
 * Bins are keyed by binKey(group, bin): the bin itself when not grouped.
 */
export interface SplitPlan {
  /** Automatic grade of each bin that lies wholly inside one grade. */
  binGrade: Map<number, number>;
  /** The bins read row by row. */
  split: Set<number>;
  /** Ratio rule: the cuts of each group. */
  groups: Map<number, GroupCuts>;
  /** Ratio rule: per split bin, how many customers of its group rank in better bins. */
  before: Map<number, number>;
}

/** Customers per bin, per group. */
function countsByGroup(bins: readonly BinRow[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const b of bins) {
    const g = b.g ?? 0;
    const counts = out.get(g) ?? new Map<number, number>();
    counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n_all);
    out.set(g, counts);
  }
  return out;
}

export function planSplits(rule: GradeRule, bins: readonly BinRow[]): SplitPlan {
  const byGroup = countsByGroup(bins);
  const binGrade = new Map<number, number>();
  const split = new Set<number>();
  const groups = new Map<number, GroupCuts>();
  const last = rule.grades.length - 1;
  switch (rule.kind) {
    case 'ratio': {
      const ahead = new Map<number, number>();
      for (const [g, counts] of byGroup) {
        const order = [...counts.keys()].sort(rankOrder);
        const n = [...counts.values()].reduce((s, c) => s + c, 0);
        const cuts = gradeCuts(n, rule.grades);
        const probes = cuts.map(() => ({ bin: NO_BIN, offset: 0 }));
        let before = 0;
        for (const bin of order) {
          const size = counts.get(bin)!;
          const key = binKey(g, bin);
          // Positions before + 1 … before + size. A cut c (the last position of its grade) in that
          // range makes the bin a split one, even at its very end: the pivot is read from it.
          cuts.forEach((c, i) => {
            if (c > before && c <= before + size) {
              probes[i] = { bin, offset: c - before - 1 };
              split.add(key);
            }
          });
          if (split.has(key)) ahead.set(key, before);
          else binGrade.set(key, cuts.filter((c) => c <= before).length);
          before += size;
        }
        groups.set(g, { cuts, probes });
      }
      return { binGrade, split, groups, before: ahead };
    }
    case 'threshold': {
      const near = new Set<number>();
      for (const t of thresholdScores(rule)) {
        const j = Math.floor(t * BINS_PER_POINT);
        // A threshold's own bin and both neighbours: every bin left whole is then a safe margin away.
        for (const b of [j - 1, j, j + 1]) if (b >= 0 && b <= 100 * BINS_PER_POINT) near.add(b);
      }
      for (const [g, counts] of byGroup) {
        for (const b of near) split.add(binKey(g, b));
        for (const bin of counts.keys()) {
          if (near.has(bin)) continue;
          binGrade.set(binKey(g, bin), bin === UNSCORED_BIN ? last : thresholdGrade(rule, (bin + 0.5) / BINS_PER_POINT));
        }
      }
      return { binGrade, split, groups, before: new Map() };
    }
    case 'cumulative':
      return { binGrade, split, groups, before: new Map() };
  }
}

/** The pivot of each ratio cut from statement 2's 'pivot' rows (matched on group, bin and rank; none for a cut at 0). */
export function pivotsOf(split: SplitPlan, rows: readonly { g?: number; bin: number; rn: number; sk: number; pk: number; id_rank: number }[]): PivotRow[] {
  return [...split.groups].flatMap(([g, { probes }]) =>
    probes.flatMap((p, cut) => {
      const r = rows.find((x) => (x.g ?? 0) === g && x.bin === p.bin && x.rn === p.offset + 1);
      return r ? [{ g, cut, sk: r.sk, pk: r.pk, id_rank: r.id_rank }] : [];
    }),
  );
}

/** The score at each ratio cut (its pivot's), null where a cut has no pivot or no score. */
export function cutScores(rule: GradeRule, pivots: readonly PivotRow[]): (number | null)[] {
  if (rule.kind === 'threshold') return thresholdScores(rule);
  if (rule.kind !== 'ratio') return [];
  // Within groups each group has its own cut scores: there is no one line to draw.
  if (pivots.some((p) => p.g !== 0)) return rule.grades.slice(0, -1).map(() => null);
  return rule.grades.slice(0, -1).map((_, i) => {
    const p = pivots.find((x) => x.cut === i);
    return p && Number.isFinite(p.sk) ? p.sk / 1e6 : null;
  });
}
