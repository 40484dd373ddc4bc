// Score distribution: customers per score bin and automatic grade (a bin that
// straddles a cut is split by colour), and the score where each grade starts.
// The slider's fast path draws the same picture from its own bins (live-histogram.ts).

import { ident, int, num } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';

export interface ScoreBin {
  bin_start: number;
  bin_end: number;
  grade: string;
  grade_index: number;
  customers: number;
}

export interface GradeCut {
  /** The better grade above the cut. */
  upper_grade: string;
  upper_index: number;
  lower_grade: string;
  /** The lowest score in the upper grade: where it starts (a ratio rule's last customer of that grade). */
  cut: number;
}

/**
 * With `autoColumns` (customers_graded has them) bins are coloured by the automatic
 * grade: the histogram shows where the score puts customers; adjustments are listed apart.
 */
export function buildScoreHistogramSql(o: { binWidth?: number; autoColumns?: boolean } = {}): string {
  const w = o.binWidth ?? 2;
  const [gradeCol, indexCol] = o.autoColumns ? ['grade_auto', 'grade_index_auto'] : ['grade', 'grade_index'];
  if (!(w > 0 && w <= 100)) throw new Error(`binWidth must be in (0, 100] (got ${w})`);
  const bins = Math.ceil(100 / w);
  // A score of exactly 100 belongs to the last bin, not a bin of its own.
  return `SELECT
  bin * ${num(w)} AS bin_start,
  least((bin + 1) * ${num(w)}, 100) AS bin_end,
  grade,
  grade_index,
  customers
FROM (
  SELECT CAST(least(greatest(floor(score / ${num(w)}), 0), ${int(bins - 1)}) AS INTEGER) AS bin,
    ${ident(gradeCol)} AS grade, CAST(${ident(indexCol)} AS INTEGER) AS grade_index, CAST(count(*) AS INTEGER) AS customers
  FROM ${ident(CUSTOMERS_GRADED)}
  WHERE score IS NOT NULL
  GROUP BY ALL
)
ORDER BY bin, grade_index;`;
}

/**
 * Cuts come from the automatic grades (grade_index_auto) when the table has
 * them: a manual adjustment moves one customer, not the cut.
 */
export function buildGradeCutsSql(o: { autoColumns: boolean }): string {
  const [gradeCol, indexCol] = o.autoColumns ? ['grade_auto', 'grade_index_auto'] : ['grade', 'grade_index'];
  return `SELECT upper_grade, upper_index, lower_grade, lo AS cut
FROM (
  SELECT grade AS upper_grade, grade_index AS upper_index, lo,
    lead(grade) OVER (ORDER BY grade_index) AS lower_grade
  FROM (
    SELECT ${ident(gradeCol)} AS grade, CAST(${ident(indexCol)} AS INTEGER) AS grade_index, min(score) AS lo
    FROM ${ident(CUSTOMERS_GRADED)}
    WHERE score IS NOT NULL
    GROUP BY ALL
  )
)
WHERE lower_grade IS NOT NULL
ORDER BY upper_index;`;
}
