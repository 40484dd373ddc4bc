// Runs the steps in order over an Engine:
// tables → customer_metrics → customer_norms → customers_graded → grade table.
// The app, the tests and the CLI all use this, so the SQL they run is the same.

import type { Engine } from '../db/engine';
import { validateConfig, type GradingConfig } from '../model/config';
import { buildGradeSql } from '../model/grade-sql';
import { availableMetrics, buildCustomerMetricsSql } from '../model/metrics-sql';
import { buildNormsSql, ENSURE_BASELINE_SQL, planScore, type ScorePlan } from '../model/norms-sql';
import { buildCustomerListSql, buildGradeTableSql, buildTotalsSql, type CustomerListQuery } from '../model/report-sql';
import { validateMapping, type SourceMapping } from '../model/source';
import { contribColumn } from '../model/metrics';
import {
  assembleFast,
  BASELINE_COLUMNS_SQL,
  buildFastBaseSql,
  buildFastBinsSql,
  buildFastMoversSql,
  buildFastResolveSql,
  buildFastStaticSql,
  buildNullCountsSql,
  cutScores,
  MOVERS_LIMIT,
  pivotsOf,
  planSplits,
  readStatics,
  type BinRow,
  type FastAggregates,
  type FastLayout,
  type FastStatics,
  type PivotRow,
  type SplitPlan,
  type SplitRow,
} from '../model/fast-regrade-sql';
import type { MetricId } from '../model/metrics';
import { toRows } from '../results/rows';
import type { GradeRow, Totals } from '../model/result-rows';


export interface CustomerRow {
  grade_rank: number;
  customer_id: string;
  customer_name: string;
  grade: string;
  grade_auto: string;
  adjusted: boolean;
  score: number | null;
  order_amount: number;
  profit: number | null;
  margin: number | null;
  order_count: number;
  first_order: string | null;
  last_order: string | null;
  flag_false_big: boolean | null;
  flag_loss: boolean | null;
  flag_sleeping: boolean | null;
  segment: string | null;
}

export interface GradingSql {
  metrics: string;
  norms: string;
  grade: string;
  gradeTable: string;
}

export interface GradingResult {
  plan: ScorePlan;
  sql: GradingSql;
  gradeTable: GradeRow[];
  totals: Totals;
  /** Which steps actually ran (the rest were unchanged and reused). */
  ran: (keyof GradingSql)[];
}

export class GradingInputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'GradingInputError';
  }
}

export interface RunOptions {
  /** Grade only orders dated within [from, to] (YYYY-MM-DD); recency and growth are measured at `to`. */
  period?: { from: string; to: string } | null;
}

export function buildGradingSql(mapping: SourceMapping, config: GradingConfig, opts: RunOptions = {}): { plan: ScorePlan; sql: GradingSql } {
  const problems = [...validateMapping(mapping), ...validateConfig(config)];
  if (problems.length) throw new GradingInputError(problems);
  const plan = planScore(config, availableMetrics(mapping, config));
  return {
    plan,
    sql: {
      metrics: buildCustomerMetricsSql(mapping, { asOf: config.asOf, period: opts.period ?? null }),
      norms: buildNormsSql(config, plan),
      grade: buildGradeSql(config, plan),
      gradeTable: buildGradeTableSql(config.rule.grades),
    },
  };
}

/**
 * Keeps the weight-independent tables between runs: a step re-runs only when
 * its SQL text changed or a step before it re-ran. The SQL is fully determined
 * by mapping and config, so its text is the cache key.
 */
export class Grader {
  #done: Partial<Record<'metrics' | 'norms', string>> = {};
  /** The narrow table's key (norms SQL + its own SQL), its layout and its weight-independent figures. */
  #fast: { key: string; layout: FastLayout; statics: FastStatics } | null = null;

  constructor(private readonly engine: Engine) {}

  /** The loaded tables changed (or, from 'norms', the baseline): those steps re-run next time. */
  invalidate(from: 'metrics' | 'norms' = 'metrics'): void {
    if (from === 'metrics') this.#done = {};
    else delete this.#done.norms;
    this.#dropFast();
  }

  #dropFast(): void {
    this.#fast = null;
  }

  async run(mapping: SourceMapping, config: GradingConfig, opts: RunOptions = {}): Promise<GradingResult> {
    const { plan, sql } = buildGradingSql(mapping, config, opts);
    const ran: (keyof GradingSql)[] = [];
    try {
      let upstream = false;
      for (const step of ['metrics', 'norms'] as const) {
        if (upstream || this.#done[step] !== sql[step]) {
          if (step === 'norms') await this.engine.query(ENSURE_BASELINE_SQL);
          await this.engine.query(sql[step]);
          this.#done[step] = sql[step];
          ran.push(step);
          upstream = true;
        }
      }
      await this.engine.query(sql.grade);
      ran.push('grade');
    } catch (e) {
      this.invalidate();
      throw e;
    }
    const gradeTable = toRows<GradeRow>(await this.engine.query(sql.gradeTable));
    ran.push('gradeTable');
    const [totals] = toRows<Totals>(await this.engine.query(buildTotalsSql()));
    return { plan, sql, gradeTable, totals: totals!, ran };
  }

  /**
   * A slider move: the grade table, totals, migration matrix, up/down summary, score
   * histogram and (with `movers`) the movers that `run` and the scenario queries would
   * give, without re-creating customers_graded (which then still holds the previous
   * grading: call `run` once the drag settles). When the data or norms changed, `run` goes first.
   */
  async regradeFast(mapping: SourceMapping, config: GradingConfig, opts: RunOptions & { movers?: boolean } = {}): Promise<FastResult> {
    const { plan, sql } = buildGradingSql(mapping, config, opts);
    const ran: string[] = [];
    if (this.#done.metrics !== sql.metrics || this.#done.norms !== sql.norms) {
      await this.run(mapping, config, opts);
      ran.push('run');
    }
    const fast = await this.#narrowTable(config, plan, sql.norms, ran);
    const rule = config.rule;
    const bins = toRows<BinRow>(await this.engine.query(buildFastBinsSql(plan, fast.layout, rule)));
    ran.push('bins');
    const split = planSplits(rule, bins);
    let rows: Record<string, unknown>[] = [];
    if (split.split.size > 0) {
      rows = toRows(await this.engine.query(buildFastResolveSql(plan, fast.layout, rule, split)));
      ran.push('resolve');
    }
    const splits = rows.filter((r) => r.part === 'split') as unknown as SplitRow[];
    const pivots = pivotsOf(split, rows.filter((r) => r.part === 'pivot') as unknown as Parameters<typeof pivotsOf>[1]);
    const aggregates = assembleFast(rule.grades, bins, splits, split, fast.statics);
    const result: FastResult = { plan, ...aggregates, cuts: cutScores(rule, pivots), movers: null, layout: fast.layout, pivots, split, ran };
    if (opts.movers) result.movers = await this.fastMovers(config, result);
    return result;
  }

  /**
   * The movers of a fast regrade, as buildScenarioMoversSql lists them: a statement of its
   * own, so the page can show the grades first and skip the movers while newer moves wait.
   */
  async fastMovers(config: GradingConfig, fast: FastResult): Promise<Record<string, unknown>[]> {
    const { plan, layout, pivots } = fast;
    const n = fast.totals.customers;
    const moved = fast.summary.up + fast.summary.down;
    const head = moverScan(n);
    let rows = toRows(await this.engine.query(buildFastMoversSql(plan, layout, config.rule, pivots, head)));
    fast.ran.push('movers');
    // Too few movers among the largest customers while more moved: look through all of them.
    if (head < n && rows.length < MOVERS_LIMIT && rows.length < moved) {
      rows = toRows(await this.engine.query(buildFastMoversSql(plan, layout, config.rule, pivots, n)));
      fast.ran.push('movers');
    }
    return rows.map((r) => Object.fromEntries(moverColumns(plan).map((c) => [c, r[c]])));
  }

  /** The narrow table for this config, built when the norms, adjustments or rule kind changed. */
  async #narrowTable(config: GradingConfig, plan: ScorePlan, normsSql: string, ran: string[]) {
    // The baseline only changes with a pin, which invalidates the norms and so this key.
    const probe: FastLayout = { nullable: plan.normed.map((m) => m.id), baselineContribs: [] };
    const key = `${normsSql}\n${buildFastBaseSql(config, plan, probe)}`;
    if (this.#fast?.key === key) return this.#fast;
    this.#dropFast();
    const [nulls] = toRows<Record<string, number>>(await this.engine.query(buildNullCountsSql(plan)));
    const baselineContribs = toRows<{ c: string }>(await this.engine.query(BASELINE_COLUMNS_SQL)).map((r) => r.c);
    const layout: FastLayout = { nullable: plan.normed.filter((m) => (nulls?.[m.id] ?? 0) > 0).map((m) => m.id as MetricId), baselineContribs };
    await this.engine.query(buildFastBaseSql(config, plan, layout));
    const statics = readStatics(toRows(await this.engine.query(buildFastStaticSql())));
    this.#fast = { key, layout, statics };
    ran.push('fastBase');
    return this.#fast;
  }

}

/**
 * How far down the narrow table (largest order amount first) to look for the movers
 * first: a quarter of the customers, where the first MOVERS_LIMIT movers nearly always
 * are (the largest accounts move least, so a share-based guess falls short). When they
 * are not, the statement runs again over everyone.
 */
function moverScan(n: number): number {
  return Math.min(n, Math.max(8192, Math.ceil(n / 4)));
}

/** buildScenarioMoversSql's columns, in its order. */
function moverColumns(plan: ScorePlan): string[] {
  const contribs = plan.used.map((m) => contribColumn(m.id));
  return ['customer_id', 'customer_name', 'before_grade', 'after_grade', 'steps', 'before_score', 'after_score', 'profit', ...contribs, ...contribs.map((c) => `baseline_${c}`)];
}

export interface FastResult extends FastAggregates {
  plan: ScorePlan;
  /** Per grade boundary, the score there (ratio: the last customer's of the better grade; threshold: the minimum). */
  cuts: (number | null)[];
  /** As buildScenarioMoversSql returns them; null unless asked for. */
  movers: Record<string, unknown>[] | null;
  /** What the statements ran on, for buildFastGradesSql in tests. */
  layout: FastLayout;
  pivots: PivotRow[];
  split: SplitPlan;
  ran: string[];
}

/** One full run, every step: for tests, the CLI and a first load. */
export function runGrading(engine: Engine, mapping: SourceMapping, config: GradingConfig, opts: RunOptions = {}): Promise<GradingResult> {
  return new Grader(engine).run(mapping, config, opts);
}

export async function fetchCustomerList(engine: Engine, q: CustomerListQuery): Promise<CustomerRow[]> {
  return toRows<CustomerRow>(await engine.query(buildCustomerListSql(q)));
}
