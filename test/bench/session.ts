// One bench session over an Engine: the same code drives DuckDB-WASM in the
// bench page and native DuckDB in Node, so both count the same work. A slider
// move does what the app's Session.regrade does (src/app/session.svelte.ts),
// with the app's own functions: grade, customer list, and — a baseline being
// pinned, as the app does after the first load — the migration matrix, movers
// and summary. The charts (src/charts/run-charts.ts) are timed apart.

import { loadChartData } from '../../src/charts/run-charts';
import type { Engine } from '../../src/db/engine';
import type { GradingConfig } from '../../src/model/config';
import { contribColumn } from '../../src/model/metrics';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, buildSnapshotSql, GRADES_BASELINE } from '../../src/model/movers-sql';
import { DEFAULT_CUSTOMER_LIST } from '../../src/model/report-sql';
import type { SourceMapping } from '../../src/model/source';
import { fetchCustomerList, Grader, type GradeRow } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { timeCall, timedEngine, timeSteps, type QueryTiming, type Step, type StepsTiming } from './timing';

export interface GradeTiming {
  totalMs: number;
  queries: QueryTiming[];
  ran: string[];
  gradeTable: GradeRow[];
  /** Charts after the grading (slider moves only). */
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
  /** One slider move: the app's regrade (grading, customer list, what-if), then its charts. */
  move(mapping: SourceMapping, config: GradingConfig): Promise<GradeTiming>;
  duckMemory(): Promise<DuckMemory>;
}

export function benchSession(engine: Engine, now: () => number): BenchSession {
  const t = timedEngine(engine, now);
  const grader = new Grader(t.engine);
  return {
    ingest: (steps) => timeSteps(async (s) => (await engine.query(s.sql)).numRows, steps, now),
    async grade(mapping, config) {
      grader.invalidate();
      const r = await timeCall(t, () => grader.run(mapping, config), now);
      return { totalMs: r.totalMs, queries: r.queries, ran: [...r.result.ran], gradeTable: r.result.gradeTable };
    },
    async pinBaseline() {
      await engine.query(buildSnapshotSql(GRADES_BASELINE));
      grader.invalidate('norms');
    },
    async move(mapping, config) {
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
    async duckMemory() {
      const [row] = toRows<{ b: number | null }>(await engine.query('SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()'));
      return { duckdbBytes: row?.b ?? 0 };
    },
  };
}
