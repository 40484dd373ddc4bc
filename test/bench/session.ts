// One bench session over an Engine: the same code drives DuckDB-WASM in the
// bench page and native DuckDB in Node, so both count the same work.

import type { Engine } from '../../src/db/engine';
import type { GradingConfig } from '../../src/model/config';
import type { SourceMapping } from '../../src/model/source';
import { Grader, type GradeRow } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { timeCall, timedEngine, timeSteps, type QueryTiming, type Step, type StepsTiming } from './timing';

export interface GradeTiming {
  totalMs: number;
  queries: QueryTiming[];
  ran: string[];
  gradeTable: GradeRow[];
}

export interface DuckMemory {
  /** DuckDB's own accounting (buffer manager), all tags. */
  duckdbBytes: number;
}

export interface BenchSession {
  ingest(steps: readonly Step[]): Promise<StepsTiming>;
  /** The app's grading as the page runs it; `fresh` forgets the weight-independent tables first (a new load). */
  grade(mapping: SourceMapping, config: GradingConfig, fresh: boolean): Promise<GradeTiming>;
  duckMemory(): Promise<DuckMemory>;
}

export function benchSession(engine: Engine, now: () => number): BenchSession {
  const t = timedEngine(engine, now);
  const grader = new Grader(t.engine);
  return {
    ingest: (steps) => timeSteps(async (s) => (await engine.query(s.sql)).numRows, steps, now),
    async grade(mapping, config, fresh) {
      if (fresh) grader.invalidate();
      const r = await timeCall(t, () => grader.run(mapping, config), now);
      return { totalMs: r.totalMs, queries: r.queries, ran: [...r.result.ran], gradeTable: r.result.gradeTable };
    },
    async duckMemory() {
      const [row] = toRows<{ b: number | null }>(await engine.query('SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()'));
      return { duckdbBytes: row?.b ?? 0 };
    },
  };
}
