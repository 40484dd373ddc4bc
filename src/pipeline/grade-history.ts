// Grade history: the scenario re-graded at every period end over the whole history —
// the page's own metrics → norms → grade SQL, one grading per period, over tables of the
// history's own (so the grading on screen stays) — then the transitions, the grade mix per
// period and who has been sliding. Statements run one at a time: a slider move waits for
// one of them at most, and `shouldStop` ends a run that a newer one replaces.

import type { Engine } from '../db/engine';
import { validateConfig, type GradingConfig } from '../model/config';
import { buildGradeSql } from '../model/grade-sql';
import { contribColumn } from '../model/metrics';
import { availableMetrics, buildCustomerMetricsSql } from '../model/metrics-sql';
import { buildNormsSql, ENSURE_BASELINE_SQL, planScore, type ScorePlan } from '../model/norms-sql';
import { validateMapping, type SourceMapping } from '../model/source';
import { HISTORY_ORDERS_TABLE, HISTORY_STEP_TABLES } from '../sql/catalog';
import { toRows } from '../results/rows';
import {
  adjustmentsAt,
  buildHistoryCleanupSql,
  buildHistoryInsertSql,
  buildHistoryOrdersSql,
  buildHistorySpanSql,
  buildHistoryTableSql,
  buildPeriodMixSql,
  buildSlidingSql,
  buildTransitionsSql,
  type PeriodMixRow,
  type TransitionRow,
} from '../model/history/history-sql';
import { historyPeriods, validateHistorySettings, type HistoryPeriod, type HistorySettings } from '../model/history/periods';
import { averageMatrix, pairStats, type AverageMatrix, type PairStats } from '../model/history/transitions';
import { GradingInputError, groupedConfig } from './run-grading';

export interface HistoryProgress {
  /** Periods graded so far, of `total`. */
  done: number;
  total: number;
}

export interface SlidingRow {
  customer_id: string;
  customer_name: string | null;
  grade_then: string;
  grade: string;
  grades_down: number;
  score_then: number | null;
  score: number | null;
  order_amount: number | null;
  profit: number | null;
  total: number;
  /** The metric whose points fell most over the sliding periods, and by how many points. */
  metric: string | null;
  metricPoints: number | null;
}

export interface GradeHistory {
  settings: HistorySettings;
  periods: HistoryPeriod[];
  plan: ScorePlan;
  /** The statements as they ran: the orders once, then each period's (the last period's shown), then the analyses. */
  sql: { orders: string; metrics: string; norms: string; grade: string; keep: string; transitions: string; mix: string; sliding: string };
  pairs: PairStats[];
  average: AverageMatrix;
  mix: PeriodMixRow[];
  sliding: SlidingRow[];
  /** Within groups: the attribute (each period is graded within it). */
  group: GradingConfig['groupBy'];
}

/** Why the data cannot carry a history: the page says it in its language and offers the fix. */
export type HistoryBlock = 'noDates' | 'noWeight' | 'onePeriod';

export class HistoryInputError extends GradingInputError {
  constructor(
    public readonly block: HistoryBlock,
    message: string,
    public readonly span: { first: string; latest: string } | null = null,
  ) {
    super([message]);
    this.name = 'HistoryInputError';
  }
}

export class HistoryStopped extends Error {
  constructor() {
    super('The grade history was stopped: a newer one replaces it.');
    this.name = 'HistoryStopped';
  }
}

export interface HistoryOptions {
  onProgress?: (p: HistoryProgress) => void;
  /** Asked before every statement: true ends the run (HistoryStopped). */
  shouldStop?: () => boolean;
}

export async function runGradeHistory(
  engine: Engine,
  mapping: SourceMapping,
  config: GradingConfig,
  settings: HistorySettings,
  opts: HistoryOptions = {},
): Promise<GradeHistory> {
  const problems = [...validateMapping(mapping), ...validateConfig(config), ...validateHistorySettings(settings)];
  if (problems.length) throw new GradingInputError(problems);
  const grouped = groupedConfig(mapping, config);
  // Predicted value needs a fit per period end: the history grades without it (plan.missing says so).
  // Only the weighted metrics are normalised: a history grades one scenario, no slider moves it.
  const full = planScore(grouped, availableMetrics(mapping, config, null));
  const plan: ScorePlan = { ...full, normed: full.used };
  if (!plan.hasDates) {
    throw new HistoryInputError('noDates', 'The grade history needs order dates: map an order date column (or a last-order date, or monthly columns).');
  }
  if (plan.used.length === 0) {
    throw new HistoryInputError('noWeight', 'No metric the history can compute carries a weight (predicted value is not graded per period): give one of the order-history metrics a weight above 0.');
  }
  const run = async (sql: string) => {
    if (opts.shouldStop?.()) throw new HistoryStopped();
    return engine.query(sql);
  };

  const orders = buildHistoryOrdersSql(mapping);
  await run(orders);
  const [span] = toRows<{ first: string | null; latest: string | null }>(await run(buildHistorySpanSql()));
  if (!span?.first || !span.latest) throw new HistoryInputError('noDates', 'No order has a date the history can read: check the order date column.');
  const latest = config.asOf && config.asOf < span.latest ? config.asOf : span.latest;
  const periods = historyPeriods(span.first, latest, settings);
  if (periods.length < 2) {
    throw new HistoryInputError(
      'onePeriod',
      `The orders span ${span.first} to ${latest}: that is one ${settings.step} end, and a history needs two. Pick a shorter step (quarter or month).`,
      { first: span.first, latest },
    );
  }

  const grouping = Boolean(grouped.groupBy);
  const loyalty = plan.used.some((m) => m.id === 'loyalty');
  // No flags or segments per period: the year before is read only when growth carries the score.
  const periodGrowth = plan.used.some((m) => m.id === 'growth');
  const sql = { orders, metrics: '', norms: '', grade: '', keep: '', transitions: '', mix: '', sliding: '' };
  opts.onProgress?.({ done: 0, total: periods.length });
  await run(ENSURE_BASELINE_SQL);
  for (const period of periods) {
    const current = period.index === periods.length - 1;
    sql.metrics = buildCustomerMetricsSql(mapping, { tables: HISTORY_STEP_TABLES, period, orders: HISTORY_ORDERS_TABLE, loyalty, periodGrowth });
    sql.norms = buildNormsSql(grouped, plan, HISTORY_STEP_TABLES, { lean: true });
    sql.grade = buildGradeSql({ ...grouped, adjustments: adjustmentsAt(config.adjustments, period.to, current) }, plan, HISTORY_STEP_TABLES);
    sql.keep = buildHistoryInsertSql(period, plan, grouping);
    await run(sql.metrics);
    await run(sql.norms);
    await run(sql.grade);
    if (period.index === 0) await run(buildHistoryTableSql(plan, grouping));
    await run(sql.keep);
    opts.onProgress?.({ done: period.index + 1, total: periods.length });
  }
  await run(buildHistoryCleanupSql());

  sql.transitions = buildTransitionsSql(periods.length);
  sql.mix = buildPeriodMixSql();
  sql.sliding = buildSlidingSql(plan, periods.length, Math.min(settings.slidingPeriods, periods.length - 1));
  const pairs = pairStats(toRows<TransitionRow>(await run(sql.transitions)), config.rule.grades.length, periods.length);
  const mix = toRows<PeriodMixRow>(await run(sql.mix));
  const sliding = toRows<Record<string, unknown>>(await run(sql.sliding)).map((r) => withMetric(r, plan));
  return { settings, periods, plan, sql, pairs, average: averageMatrix(pairs, config.rule.grades.length), mix, sliding, group: grouped.groupBy ?? null };
}

/** The metric whose points fell most: what moved a sliding customer. */
function withMetric(r: Record<string, unknown>, plan: ScorePlan): SlidingRow {
  let metric: string | null = null;
  let points: number | null = null;
  for (const m of plan.used) {
    const d = r[`delta_${contribColumn(m.id)}`];
    if (typeof d === 'number' && (points === null || d < points)) {
      points = d;
      metric = m.id;
    }
  }
  return { ...(r as unknown as SlidingRow), metric, metricPoints: points };
}
