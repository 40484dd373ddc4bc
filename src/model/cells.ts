// The analyst's own SQL cells as they are saved with a scenario: a title, the
// SQL exactly as typed, and the chart choice. Their results are page state
// (src/app/notebook.svelte.ts), never saved.

export type ChartMark = 'auto' | 'bar' | 'line' | 'point' | 'none';
export const CHART_MARKS: ChartMark[] = ['auto', 'bar', 'line', 'point', 'none'];

/** The chart of a cell's result; null fields are picked from the column types. */
export interface CellChart {
  mark: ChartMark;
  x: string | null;
  y: string | null;
  color: string | null;
}

export interface SqlCell {
  /** Stable within a config (c1, c2, …): the page keys results and anchors by it. */
  id: string;
  title: string;
  sql: string;
  chart: CellChart;
}

export const MAX_CELLS = 50;
export const MAX_CELL_SQL = 20_000;
export const MAX_CELL_TITLE = 200;
const ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

export const AUTO_CHART: CellChart = { mark: 'auto', x: null, y: null, color: null };

/** The first cell's text: a question over the graded customers, to edit. */
export const EXAMPLE_CELL_SQL = `-- 各等级的客户数、利润与平均得分 / customers, profit and mean score per grade
SELECT grade, count(*) AS customers, round(sum(profit), 2) AS profit, round(avg(score), 1) AS mean_score
FROM customers_graded
GROUP BY grade
ORDER BY min(grade_index)`;

/** An id not used by any of `cells`. */
export function nextCellId(cells: readonly SqlCell[]): string {
  const used = new Set(cells.map((c) => c.id));
  let n = cells.length + 1;
  while (used.has(`c${n}`)) n++;
  return `c${n}`;
}

/** Problems with a list of cells, in words; empty when usable. */
export function validateCells(cells: readonly SqlCell[]): string[] {
  const problems: string[] = [];
  if (cells.length > MAX_CELLS) problems.push(`At most ${MAX_CELLS} SQL cells (got ${cells.length}).`);
  const ids = new Set<string>();
  cells.forEach((c, i) => {
    if (!ID_RE.test(c.id)) problems.push(`SQL cell ${i + 1} has an unusable id ${JSON.stringify(c.id)}.`);
    if (ids.has(c.id)) problems.push(`SQL cell id "${c.id}" is used twice.`);
    ids.add(c.id);
    if (c.sql.length > MAX_CELL_SQL) problems.push(`SQL cell ${i + 1} is longer than ${MAX_CELL_SQL} characters.`);
    if (c.title.length > MAX_CELL_TITLE) problems.push(`SQL cell ${i + 1}'s title is longer than ${MAX_CELL_TITLE} characters.`);
    if (!CHART_MARKS.includes(c.chart.mark)) problems.push(`SQL cell ${i + 1} has an unknown chart mark "${c.chart.mark}".`);
  });
  return problems;
}
