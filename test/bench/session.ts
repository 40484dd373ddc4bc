// One bench session over an Engine: the same code drives DuckDB-WASM in the
// bench page and native DuckDB in Node, so both count the same work, with the
// app's own functions (src/app/session.svelte.ts does the same calls):
// - a slider move is the page's fast path, Grader.regradeFast against the pinned
//   baseline: grades, grade table, totals, migration matrix, summary and score
//   histogram; then Grader.fastMovers lists the movers (timed apart: the page shows
//   the grades first and skips the movers while newer moves wait);
// - once a drag settles, the page regrades in full (customers_graded, customer
//   list, what-if) and reruns its charts (src/charts/run-charts.ts), timed apart.

import { loadChartData } from '../../src/charts/run-charts';
import type { Engine } from '../../src/db/engine';
import type { GradingConfig } from '../../src/model/config';
import { contribColumn } from '../../src/model/metrics';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, buildSnapshotSql } from '../../src/model/movers-sql';
import { GRADES_BASELINE } from '../../src/sql/catalog';
import { DEFAULT_CUSTOMER_LIST } from '../../src/model/report-sql';
import type { SourceMapping } from '../../src/model/source';
import { fetchCustomerList, Grader } from '../../src/pipeline/run-grading';
import { type GradeRow } from '../../src/model/result-rows';
import { toRows } from '../../src/results/rows';
import { runGradeHistory, type GradeHistory } from '../../src/pipeline/grade-history';
import type { HistorySettings } from '../../src/model/history/periods';
import { timeCall, timedEngine, timeSteps, type QueryTiming, type Step, type StepsTiming } from './timing';

export interface GradeTiming {
  totalMs: number;
  queries: QueryTiming[];
  ran: string[];
  gradeTable: GradeRow[];
  /** The movers' ids, in order (slider moves), to compare engines, and the time to list them after the grades. */
  movers?: string[];
  moversMs?: number;
  /** Charts after the grading (settled moves only). */
  charts?: { totalMs: number; queries: Record<string, number> };
}

export interface DuckMemory {
  /** DuckDB's own accounting (buffer manager), all tags. */
  duckdbBytes: number;
}

export interface BenchSession {
  ingest(steps: readonly Step[]): Promise<StepsTiming>;
  /** The first grading of new data (every step): what runGrading does. */
  grade(mapping: SourceMapping, config: GradingConfig): Promise<GradeTiming>;
  /** Keep the current grades as the baseline what-ifs are compared with (the app pins one after loading). */
  pinBaseline(): Promise<void>;
  /** One slider move: the page's fast path against the pinned baseline. */
  move(mapping: SourceMapping, config: GradingConfig): Promise<GradeTiming>;
  /** A drag that settled: the full regrade (grading, customer list, what-if), then the charts. */
  settle(mapping: SourceMapping, config: GradingConfig): Promise<GradeTiming>;
  duckMemory(): Promise<DuckMemory>;
  /** The grade history (pipeline/grade-history.ts) of the current data: every period's grading, then the analyses. */
  history(mapping: SourceMapping, config: GradingConfig, settings: HistorySettings): Promise<HistoryTiming>;
}

export interface HistoryTiming {
  totalMs: number;
  /** Each statement, named by its step (orders, metrics, norms, grade, keep, …). */
  steps: { name: string; ms: number }[];
  periods: number;
  /** Grade counts in the last period, to compare engines. */
  lastCounts: number[];
}

export function benchSession(engine: Engine, now: () => number): BenchSession {
  const t = timedEngine(engine, now);
  const grader = new Grader(t.engine);
  let lastMapping: SourceMapping | null = null;
  let lastConfig: GradingConfig | null = null;
  return {
    ingest: (steps) => timeSteps(async (s) => (await engine.query(s.sql)).numRows, steps, now),
    async grade(mapping, config) {
      lastMapping = mapping;
      lastConfig = config;
      grader.invalidate();
      const r = await timeCall(t, () => grader.run(mapping, config), now);
      return { totalMs: r.totalMs, queries: r.queries, ran: [...r.result.ran], gradeTable: r.result.gradeTable };
    },
    async pinBaseline() {
      // As the page pins: snapshot the grading, then grade again (the norms carry the baseline).
      await engine.query(buildSnapshotSql(GRADES_BASELINE));
      grader.invalidate('norms');
      await grader.run(lastMapping!, lastConfig!);
    },
    async move(mapping, config) {
      // As the page: the grades and what they add up to first, then the movers.
      const r = await timeCall(t, () => grader.regradeFast(mapping, config), now);
      const m = await timeCall(t, () => grader.fastMovers(config, r.result), now);
      return {
        totalMs: r.totalMs,
        moversMs: m.totalMs,
        queries: [...r.queries, ...m.queries],
        ran: r.result.ran,
        gradeTable: r.result.gradeTable,
        movers: m.result.map((x) => String(x.customer_id)),
      };
    },
    async settle(mapping, config) {
      const r = await timeCall(
        t,
        async () => {
          const result = await grader.run(mapping, config);
          await fetchCustomerList(t.engine, DEFAULT_CUSTOMER_LIST);
          const contribs = result.plan.used.map((m) => contribColumn(m.id));
          toRows(await t.engine.query(buildScenarioMatrixSql(config.rule.grades)));
          toRows(await t.engine.query(buildScenarioMoversSql(contribs)));
          toRows(await t.engine.query(buildScenarioSummarySql()));
          return result;
        },
        now,
      );
      const c = await timeCall(t, () => loadChartData(t.engine, { used: r.result.plan.used }), now);
      return {
        totalMs: r.totalMs,
        queries: r.queries,
        ran: [...r.result.ran],
        gradeTable: r.result.gradeTable,
        charts: { totalMs: c.totalMs, queries: c.result.timings },
      };
    },
    async history(mapping, config, settings) {
      const r = await timeCall(t, () => runGradeHistory(t.engine, mapping, config, settings), now);
      const h = r.result;
      const last = h.periods.length - 1;
      return {
        totalMs: r.totalMs,
        steps: r.queries.map((q) => ({ name: historyStepName(q.sql, h), ms: q.ms })),
        periods: h.periods.length,
        lastCounts: h.mix.filter((m) => m.period_index === last).map((m) => m.customers),
      };
    },
    async duckMemory() {
      const [row] = toRows<{ b: number | null }>(await engine.query('SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()'));
      return { duckdbBytes: row?.b ?? 0 };
    },
  };
}

/** Which step of the grade history a statement is (its SQL's shape: every period's text differs in its dates). */
function historyStepName(sql: string, h: GradeHistory): string {
  if (sql === h.sql.orders) return 'orders';
  if (sql === h.sql.transitions) return 'transitions';
  if (sql === h.sql.mix) return 'mix';
  if (sql === h.sql.sliding) return 'sliding';
  const head = sql.slice(0, 60);
  if (head.includes('"history_metrics"')) return 'metrics';
  if (head.includes('"history_norms"')) return 'norms';
  if (head.includes('"history_graded"')) return 'grade';
  if (head.startsWith('INSERT INTO')) return 'keep';
  return 'other';
}
