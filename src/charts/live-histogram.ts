// The score histogram while a slider moves, from the fast path's bins: the same
// picture as buildScoreHistogramSql and buildGradeCutsSql draw once the drag settles
// (2-point bins by automatic grade; a line where each grade starts), with no query.

import type { GradeBase } from '../model/config';
import type { FastBin } from '../model/fast/assemble';
import { BINS_PER_POINT } from '../model/fast/bins';
import type { GradeCut, ScoreBin } from './sql/score-histogram';

export function liveHistogram(
  bins: readonly FastBin[],
  cuts: readonly (number | null)[],
  grades: readonly GradeBase[],
  binWidth = 2,
): { bins: ScoreBin[]; cuts: GradeCut[] } {
  const last = Math.ceil(100 / binWidth) - 1;
  const per = new Map<string, ScoreBin>();
  for (const b of bins) {
    // Fine bin j holds scores in [j/2, (j+1)/2); a score of 100 joins the last chart bin.
    const i = Math.min(Math.floor(b.bin / (BINS_PER_POINT * binWidth)), last);
    const key = `${i}:${b.grade_index}`;
    const row = per.get(key) ?? {
      bin_start: i * binWidth,
      bin_end: Math.min((i + 1) * binWidth, 100),
      grade: grades[b.grade_index]?.name ?? '',
      grade_index: b.grade_index,
      customers: 0,
    };
    row.customers += b.customers;
    per.set(key, row);
  }
  const out = [...per.values()].sort((a, b) => a.bin_start - b.bin_start || a.grade_index - b.grade_index);
  const lines = cuts.flatMap((cut, i) =>
    cut === null || !grades[i + 1] ? [] : [{ upper_grade: grades[i]!.name, upper_index: i, lower_grade: grades[i + 1]!.name, cut }],
  );
  return { bins: out, cuts: lines };
}
