// The slider's fast path as a pipeline step: it owns the narrow table (src/model/fast/sql.ts),
// rebuilt only when its own SQL changes (the norms, adjustments or rule kind: never a
// weight), and runs a move's statements over it. Grader.regradeFast calls it once the
// metrics and norms it reads are current.

import type { Engine } from '../db/engine';
import type { GradingConfig } from '../model/config';
import { assembleFast, readStatics, type FastAggregates, type FastStatics } from '../model/fast/assemble';
import { MOVERS_LIMIT, type BinRow, type PivotRow, type SplitRow } from '../model/fast/bins';
import { cutScores, pivotsOf, planSplits, type SplitPlan } from '../model/fast/splits';
import {
  BASELINE_COLUMNS_SQL,
  buildFastBaseSql,
  buildFastBinsSql,
  buildFastMoversSql,
  buildFastResolveSql,
  buildFastStaticSql,
  buildNullCountsSql,
  type FastLayout,
} from '../model/fast/sql';
import { contribColumn, type MetricId } from '../model/metrics';
import type { ScorePlan } from '../model/norms-sql';
import { toRows } from '../results/rows';

/** A statement the fast path ran, named by its step: what "Show SQL" shows for a move. */
export interface RanStatement {
  step: string;
  sql: string;
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
  /** The steps that ran, in order ('run' when the full grading had to go first, 'fastBase' when the narrow table was built). */
  ran: string[];
  /** The fast path's statements that ran for this move, in order, as they ran. */
  statements: RanStatement[];
}

interface NarrowTable {
  /** The narrow table's own SQL for a probe layout, after the norms SQL it reads: its cache key. */
  key: string;
  layout: FastLayout;
  statics: FastStatics;
}

export class FastPath {
  #narrow: NarrowTable | null = null;

  constructor(private readonly engine: Engine) {}

  /** The norms or the baseline changed: the narrow table is built again on the next move. */
  drop(): void {
    this.#narrow = null;
  }

  /** A move's grades and what-if figures; the movers too with `movers`. customer_norms must be current. */
  async move(config: GradingConfig, plan: ScorePlan, normsSql: string, ran: string[], opts: { movers?: boolean } = {}): Promise<FastResult> {
    const statements: RanStatement[] = [];
    const run = async (step: string, sql: string) => {
      const table = await this.engine.query(sql);
      statements.push({ step, sql });
      ran.push(step);
      return table;
    };
    const narrow = await this.#narrowTable(config, plan, normsSql, ran, statements);
    const rule = config.rule;
    const bins = toRows<BinRow>(await run('bins', buildFastBinsSql(plan, narrow.layout, rule)));
    const split = planSplits(rule, bins);
    let rows: Record<string, unknown>[] = [];
    if (split.split.size > 0) rows = toRows(await run('resolve', buildFastResolveSql(plan, narrow.layout, rule, split)));
    const splits = rows.filter((r) => r.part === 'split') as unknown as SplitRow[];
    const pivots = pivotsOf(split, rows.filter((r) => r.part === 'pivot') as unknown as Parameters<typeof pivotsOf>[1]);
    const aggregates = assembleFast(rule.grades, bins, splits, split, narrow.statics);
    const result: FastResult = { plan, ...aggregates, cuts: cutScores(rule, pivots), movers: null, layout: narrow.layout, pivots, split, ran, statements };
    if (opts.movers) result.movers = await this.movers(config, result);
    return result;
  }

  /**
   * The movers of a move, as buildScenarioMoversSql lists them: a statement of its own,
   * so the page can show the grades first and skip the movers while newer moves wait.
   */
  async movers(config: GradingConfig, fast: FastResult): Promise<Record<string, unknown>[]> {
    const { plan, layout, pivots } = fast;
    const n = fast.totals.customers;
    const moved = fast.summary.up + fast.summary.down;
    const head = moverScan(n);
    const run = async (sql: string) => {
      const rows = toRows(await this.engine.query(sql));
      fast.statements.push({ step: 'movers', sql });
      fast.ran.push('movers');
      return rows;
    };
    let rows = await run(buildFastMoversSql(plan, layout, config.rule, pivots, head));
    // Too few movers among the largest customers while more moved: look through all of them.
    if (head < n && rows.length < MOVERS_LIMIT && rows.length < moved) rows = await run(buildFastMoversSql(plan, layout, config.rule, pivots, n));
    return rows.map((r) => Object.fromEntries(moverColumns(plan).map((c) => [c, r[c]])));
  }

  /** The narrow table for this config, built when the norms, adjustments or rule kind changed. */
  async #narrowTable(config: GradingConfig, plan: ScorePlan, normsSql: string, ran: string[], statements: RanStatement[]): Promise<NarrowTable> {
    // The baseline only changes with a pin, which invalidates the norms and so this key.
    const grouped = Boolean(config.groupBy);
    const probe: FastLayout = { nullable: plan.normed.map((m) => m.id), baselineContribs: [], grouped };
    const key = `${normsSql}\n${buildFastBaseSql(config, plan, probe)}`;
    if (this.#narrow?.key === key) return this.#narrow;
    this.drop();
    const [nulls] = toRows<Record<string, number>>(await this.engine.query(buildNullCountsSql(plan)));
    const baselineContribs = toRows<{ c: string }>(await this.engine.query(BASELINE_COLUMNS_SQL)).map((r) => r.c);
    const layout: FastLayout = { nullable: plan.normed.filter((m) => (nulls?.[m.id] ?? 0) > 0).map((m) => m.id as MetricId), baselineContribs, grouped };
    const baseSql = buildFastBaseSql(config, plan, layout);
    await this.engine.query(baseSql);
    const staticSql = buildFastStaticSql();
    const statics = readStatics(toRows(await this.engine.query(staticSql)));
    statements.push({ step: 'fastBase', sql: baseSql }, { step: 'fastStatic', sql: staticSql });
    this.#narrow = { key, layout, statics };
    ran.push('fastBase');
    return this.#narrow;
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
