// Runs the chart queries over an Engine, in order, after grading. Optional
// charts are decided explicitly from DESCRIBE customers_graded: a chart whose
// columns are missing is null, never a failed query.

import type { Engine } from '../db/engine';
import type { WeightedMetric } from '../model/config';
import { toRows } from '../results/rows';
import { buildDescribeGradedSql, buildProfitCountSql, gradedColumns, type GradedColumns } from './sql/columns';
import { buildContributionSql, contributionParts, type ContributionPart, type ContributionRow } from './sql/contribution';
import { buildDropRankedSql, buildRankedTableSql, type CurveMeasure } from './sql/cumulative';
import { buildGradeMixSql, type GradeMixRow } from './sql/grade-mix';
import { buildParetoCurveSql, buildParetoStatsSql, type ParetoPoint, type ParetoStats } from './sql/pareto';
import { buildScatterSql, buildScatterStatsSql, type ScatterPoint, type ScatterStats } from './sql/scatter';
import { buildGradeCutsSql, buildScoreHistogramSql, type GradeCut, type ScoreBin } from './sql/score-histogram';
import { buildSegmentMatrixSql, type SegmentRow } from './sql/segments';
import { buildWhaleCurveSql, buildWhaleStatsSql, type WhalePoint, type WhaleStats } from './sql/whale';

export interface ContributionData {
  parts: ContributionPart[];
  rows: ContributionRow[];
}

export interface ChartData {
  columns: GradedColumns;
  pareto: { points: ParetoPoint[]; stats: ParetoStats[] };
  /** null when no customer has a profit figure. */
  whale: { points: WhalePoint[]; stats: WhaleStats } | null;
  scatter: { points: ScatterPoint[]; stats: ScatterStats } | null;
  histogram: { bins: ScoreBin[]; cuts: GradeCut[] };
  segments: SegmentRow[] | null;
  contribution: ContributionData | null;
  /** One entry per category column present (region, industry, segment). */
  gradeMix: { column: string; rows: GradeMixRow[] }[];
  /** Milliseconds per query, for the benchmark. */
  timings: Record<string, number>;
  /** Every statement run, in order, for the step's SQL toggle. */
  sql: string[];
}

export interface ChartQueryOptions {
  /** Weighted metrics that carry the score (GradingResult.plan.used). */
  used: readonly WeightedMetric[];
  /** Customer for the contribution breakdown; the best-ranked when null. */
  customerId?: string | null;
  /** Grading within groups: customers_graded's column of the group attribute (its grade mix comes first; no common cut lines). */
  groupColumn?: string | null;
}

export async function describeGraded(engine: Engine): Promise<GradedColumns> {
  return gradedColumns(toRows(await engine.query(buildDescribeGradedSql())));
}

export async function loadContribution(engine: Engine, columns: GradedColumns, used: readonly WeightedMetric[], customerId: string | null = null): Promise<ContributionData | null> {
  const parts = contributionParts(columns.all, used);
  if (parts.length === 0) return null;
  return { parts, rows: toRows<ContributionRow>(await engine.query(buildContributionSql({ parts, customerId }))) };
}

export async function loadChartData(engine: Engine, o: ChartQueryOptions): Promise<ChartData> {
  const timings: Record<string, number> = {};
  const statements: string[] = [];
  const run = async <T extends object>(name: string, sql: string): Promise<T[]> => {
    statements.push(sql);
    const t0 = performance.now();
    const rows = toRows<T>(await engine.query(sql));
    timings[name] = (timings[name] ?? 0) + performance.now() - t0;
    return rows;
  };

  const columns = await describeGraded(engine);
  const [profitCount] = await run<{ n: number }>('profit', buildProfitCountSql());
  const hasProfit = (profitCount?.n ?? 0) > 0;
  const measures: CurveMeasure[] = hasProfit ? ['profit', 'order_amount'] : ['order_amount'];

  // Rank once per measure; the Pareto and whale queries all read these.
  for (const m of measures) await run(`rank:${m}`, buildRankedTableSql(m));
  const ranked = 'table' as const;
  const pareto = {
    points: await run<ParetoPoint>('paretoCurve', buildParetoCurveSql({ measures, ranked })),
    stats: await run<ParetoStats>('paretoStats', buildParetoStatsSql({ measures, ranked })),
  };
  const whale = hasProfit
    ? {
        points: await run<WhalePoint>('whaleCurve', buildWhaleCurveSql({ ranked })),
        stats: (await run<WhaleStats>('whaleStats', buildWhaleStatsSql({ ranked })))[0]!,
      }
    : null;
  for (const m of measures) await run(`drop:${m}`, buildDropRankedSql(m));
  const scatter = hasProfit
    ? {
        stats: (await run<ScatterStats>('scatterStats', buildScatterStatsSql()))[0]!,
        points: await run<ScatterPoint>('scatter', buildScatterSql({ hasFalseBigFlag: columns.hasFalseBigFlag })),
      }
    : null;
  const histogram = {
    bins: await run<ScoreBin>('histogram', buildScoreHistogramSql({ autoColumns: columns.hasAutoGrade })),
    // Within groups each group has its own cuts: there is no one line to draw.
    cuts: o.groupColumn ? [] : await run<GradeCut>('cuts', buildGradeCutsSql({ autoColumns: columns.hasAutoGrade })),
  };
  const segments = columns.hasSegment ? await run<SegmentRow>('segments', buildSegmentMatrixSql()) : null;
  const t0 = performance.now();
  const contribution = await loadContribution(engine, columns, o.used, o.customerId ?? null);
  timings.contribution = performance.now() - t0;
  const gradeMix: ChartData['gradeMix'] = [];
  const group = o.groupColumn && columns.all.has(o.groupColumn) ? [o.groupColumn] : [];
  for (const column of [...group, ...columns.categories.filter((c) => !group.includes(c))]) {
    const rows = await run<GradeMixRow>(`gradeMix:${column}`, buildGradeMixSql({ column }));
    // A column the data leaves empty (every value NULL) has nothing to split by.
    if (rows.some((r) => r.category !== null || r.other)) gradeMix.push({ column, rows });
  }

  return { columns, pareto, whale, scatter: scatter && scatter.stats.n > 0 ? scatter : null, histogram, segments, contribution, gradeMix, timings, sql: statements };
}
