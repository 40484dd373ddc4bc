// Runs the steps in order over an Engine:
// tables → customer_metrics → customer_norms → customers_graded → grade table.
// The app, the tests and the CLI all use this, so the SQL they run is the same.

import type { Engine } from '../db/engine';
import { MAX_GROUPS, validateConfig, type GradingConfig, type GroupAttribute } from '../model/config';
import { buildGroupCountSql, buildGroupMatrixSql, effectiveGroup, type GroupMatrixRow } from '../model/groups';
import { buildGradeSql } from '../model/grade-sql';
import { availableMetrics, buildCustomerMetricsSql } from '../model/metrics-sql';
import { buildNormsSql, ENSURE_BASELINE_SQL, planScore, type ScorePlan } from '../model/norms-sql';
import { buildCustomerListSql, buildGradeTableSql, buildTotalsSql, type CustomerListQuery } from '../model/report-sql';
import { validateMapping, type SourceMapping } from '../model/source';
import { FastPath, type FastResult } from './fast-regrade';
import { toRows } from '../results/rows';
import type { GradeRow, Totals } from '../model/result-rows';
import { runValueStep, valueStepKey, type ValueStepResult } from './value-step';
import type { ValueStage } from '../model/value/fit-value';

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
  /** Within groups: the group × grade matrix's statement. */
  groupMatrix?: string;
}

export interface GradingResult {
  plan: ScorePlan;
  sql: GradingSql;
  gradeTable: GradeRow[];
  totals: Totals;
  /** Which steps actually ran (the rest were unchanged and reused). */
  ran: (keyof GradingSql | 'value')[];
  /** The customer-value fit the predicted metrics come from (null in a period comparison). */
  value: ValueStepResult | null;
  /** The attribute the grading was done within (null: everyone together). */
  group: GroupAttribute | null;
  /** Grading within groups: the group × grade matrix (buildGroupMatrixSql); null when everyone is graded together. */
  groupMatrix: GroupMatrixRow[] | null;
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
  /** Skip the customer-value fit (its metrics are then not available). A period comparison always skips it. */
  noValue?: boolean;
  /** Progress of the customer-value fit, for the page. */
  onValueProgress?: (stage: ValueStage) => void;
  /** Each step as it starts (only the steps that run: unchanged ones are reused), for the page's status line. */
  onStep?: (step: GradingStep) => void;
}

/** The steps of a grading, in order; 'report' is the grade table, totals and matrix read back. */
export type GradingStep = 'value' | 'metrics' | 'norms' | 'grade' | 'report';

/** The SQL builders' view of the value step: the table to join and what it carries. */
type WithValue = RunOptions & { value?: ValueStepResult | null };

/** The weight-independent steps' SQL (the Grader's cache keys) and the score plan: what a slider move needs. */
export function buildUpstreamSql(mapping: SourceMapping, config: GradingConfig, opts: WithValue = {}): { plan: ScorePlan; metrics: string; norms: string } {
  const problems = [...validateMapping(mapping), ...validateConfig(config)];
  if (problems.length) throw new GradingInputError(problems);
  const grouped = groupedConfig(mapping, config);
  const plan = planScore(grouped, availableMetrics(mapping, config, opts.value?.availability));
  if (config.groupBy && !grouped.groupBy) plan.groupMissing = config.groupBy;
  return {
    plan,
    metrics: buildCustomerMetricsSql(mapping, { asOf: config.asOf, period: opts.period ?? null, value: opts.value?.table ?? null }),
    norms: buildNormsSql(grouped, plan),
  };
}

/** The config as it grades this mapping: within groups only when the mapping has the group's column (the plan says when not). */
export function groupedConfig(mapping: SourceMapping, config: GradingConfig): GradingConfig {
  const groupBy = effectiveGroup(mapping, config);
  return groupBy === (config.groupBy ?? null) ? config : { ...config, groupBy };
}

export function buildGradingSql(mapping: SourceMapping, config: GradingConfig, opts: WithValue = {}): { plan: ScorePlan; sql: GradingSql } {
  const { plan, metrics, norms } = buildUpstreamSql(mapping, config, opts);
  return { plan, sql: { metrics, norms, grade: buildGradeSql(groupedConfig(mapping, config), plan), gradeTable: buildGradeTableSql(config.rule.grades) } };
}

/**
 * Keeps the weight-independent tables between runs: a step re-runs only when
 * its SQL text changed or a step before it re-ran. The SQL is fully determined
 * by mapping and config, so its text is the cache key.
 */
export class Grader {
  #done: Partial<Record<'metrics' | 'norms', string>> = {};
  /** The last customer-value fit and its key (the orders it read and its settings). */
  #value: { key: string; step: ValueStepResult } | null = null;
  /** The slider's fast path and its narrow table. */
  readonly #fast: FastPath;

  constructor(private readonly engine: Engine) {
    this.#fast = new FastPath(engine);
  }

  /** The loaded tables changed (or, from 'norms', the baseline): those steps re-run next time. */
  invalidate(from: 'metrics' | 'norms' = 'metrics'): void {
    if (from === 'metrics') {
      this.#done = {};
      this.#value = null;
    } else delete this.#done.norms;
    this.#fast.drop();
  }

  /** The value fit for this mapping and config when it is current, else null (and undefined when none applies). */
  #currentValue(mapping: SourceMapping, config: GradingConfig, opts: RunOptions): ValueStepResult | null | undefined {
    if (opts.period || opts.noValue) return undefined;
    return this.#value?.key === valueStepKey(mapping, config) ? this.#value.step : null;
  }

  async run(mapping: SourceMapping, config: GradingConfig, opts: RunOptions = {}): Promise<GradingResult> {
    const ran: GradingResult['ran'] = [];
    let value = this.#currentValue(mapping, config, opts);
    if (value === null) {
      // Validate first: a mapping that cannot grade must not be fitted on.
      const problems = [...validateMapping(mapping), ...validateConfig(config)];
      if (problems.length) throw new GradingInputError(problems);
      opts.onStep?.('value');
      const step = await runValueStep(this.engine, mapping, config, opts.onValueProgress);
      this.#value = { key: valueStepKey(mapping, config), step };
      value = step;
      ran.push('value');
    }
    const { plan, sql } = buildGradingSql(mapping, config, { ...opts, value });
    const group = groupedConfig(mapping, config).groupBy ?? null;
    try {
      let upstream = false;
      for (const step of ['metrics', 'norms'] as const) {
        if (upstream || this.#done[step] !== sql[step]) {
          opts.onStep?.(step);
          if (step === 'norms') await this.engine.query(ENSURE_BASELINE_SQL);
          await this.engine.query(sql[step]);
          // The group count only changes with the norms: checked once per norms build, not per regrade.
          if (step === 'norms' && group) await this.#checkGroups(config);
          this.#done[step] = sql[step];
          ran.push(step);
          upstream = true;
        }
      }
      opts.onStep?.('grade');
      await this.engine.query(sql.grade);
      ran.push('grade');
    } catch (e) {
      this.invalidate();
      throw e;
    }
    opts.onStep?.('report');
    const gradeTable = toRows<GradeRow>(await this.engine.query(sql.gradeTable));
    ran.push('gradeTable');
    const [totals] = toRows<Totals>(await this.engine.query(buildTotalsSql()));
    if (group) sql.groupMatrix = buildGroupMatrixSql();
    const groupMatrix = sql.groupMatrix ? toRows<GroupMatrixRow>(await this.engine.query(sql.groupMatrix)) : null;
    return { plan, sql, gradeTable, totals: totals!, ran, value: value ?? null, group, groupMatrix };
  }

  /** More groups than a matrix can show (or the fast path can key) stop the grading, saying so. */
  async #checkGroups(config: GradingConfig): Promise<void> {
    const [row] = toRows<{ groups: number }>(await this.engine.query(buildGroupCountSql()));
    const groups = row?.groups ?? 0;
    if (groups > MAX_GROUPS) {
      throw new GradingInputError([
        `Grading within ${config.groupBy} needs at most ${MAX_GROUPS} groups; the data has ${groups} different values. Pick a coarser attribute, or grade all customers together.`,
      ]);
    }
  }

  /**
   * A slider move: the grade table, totals, migration matrix, up/down summary, score
   * histogram and (with `movers`) the movers that `run` and the scenario queries would
   * give, without re-creating customers_graded (which then still holds the previous
   * grading: call `run` once the drag settles). When the data or norms changed, `run` goes first.
   */
  async regradeFast(mapping: SourceMapping, config: GradingConfig, opts: RunOptions & { movers?: boolean } = {}): Promise<FastResult> {
    // Only the steps the fast path reads: a move never renders the grading's own statements.
    let up = buildUpstreamSql(mapping, config, { ...opts, value: this.#currentValue(mapping, config, opts) });
    const ran: string[] = [];
    if (this.#currentValue(mapping, config, opts) === null || this.#done.metrics !== up.metrics || this.#done.norms !== up.norms) {
      await this.run(mapping, config, opts);
      ran.push('run');
      up = buildUpstreamSql(mapping, config, { ...opts, value: this.#currentValue(mapping, config, opts) });
    }
    return this.#fast.move(groupedConfig(mapping, config), up.plan, up.norms, ran, opts);
  }

  /** The movers of a fast regrade (FastPath.movers). */
  fastMovers(config: GradingConfig, fast: FastResult): Promise<Record<string, unknown>[]> {
    return this.#fast.movers(config, fast);
  }
}

/** One full run, every step: for tests, the CLI and a first load. */
export function runGrading(engine: Engine, mapping: SourceMapping, config: GradingConfig, opts: RunOptions = {}): Promise<GradingResult> {
  return new Grader(engine).run(mapping, config, opts);
}

export async function fetchCustomerList(engine: Engine, q: CustomerListQuery): Promise<CustomerRow[]> {
  return toRows<CustomerRow>(await engine.query(buildCustomerListSql(q)));
}
