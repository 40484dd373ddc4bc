// The fast-regrade bench session over any Engine: the same code runs in the
// bench page (DuckDB-WASM in Chromium) and in Node (native DuckDB, or the wasm
// build for EXPLAIN ANALYZE), so every side counts the same work.

import type { Engine } from '../../src/db/engine';
import type { GradingConfig } from '../../src/model/config';
import { contribColumn } from '../../src/model/metrics';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql, GRADES_BASELINE } from '../../src/model/movers-sql';
import type { SourceMapping } from '../../src/model/source';
import { Grader } from '../../src/pipeline/run-grading';
import { toRows } from '../../src/results/rows';
import { timeCall, timedEngine, type QueryTiming } from './timing';

export interface MoveTiming {
  totalMs: number;
  /** Statement name (first words) and time, in the order they ran. */
  queries: { name: string; ms: number }[];
  gradeCounts: number[];
  up: number;
  down: number;
  moverIds: string[];
}

export interface FastBenchSession {
  ingest(sqls: readonly string[]): Promise<number>;
  /** First grading, baseline pinned, graded again, narrow table built: what a loaded page holds before a drag. */
  prepare(mapping: SourceMapping, config: GradingConfig): Promise<{ firstMs: number; pinMs: number; fastBaseMs: number }>;
  /** One slider move on the fast path (grades, aggregates, matrix, summary, movers). */
  /** `variant`: 'single' (the default path, one statement) or 'steps' (four statements). */
  fast(mapping: SourceMapping, config: GradingConfig, variant?: 'single' | 'steps'): Promise<MoveTiming>;
  /** The same move as the page runs it today: Grader.run, then matrix, movers and summary. */
  full(mapping: SourceMapping, config: GradingConfig): Promise<MoveTiming>;
  /** EXPLAIN ANALYZE of each statement the fast path ran for this move. */
  explainFast(mapping: SourceMapping, config: GradingConfig): Promise<{ name: string; plan: string }[]>;
}

const nameOf = (sql: string): string => {
  if (sql.startsWith('WITH\nts_s AS NOT MATERIALIZED')) return 'move';
  if (sql.includes('AS bin, CAST(count(*)')) return 'histogram';
  if (sql.includes('row_number() OVER (PARTITION BY bin')) return 'pivots';
  if (sql.includes('AS loss_making\nFROM ts_fast_graded')) return 'pairs';
  if (sql.includes('AS after_grade') && sql.includes('FROM (\n  SELECT *, COALESCE(adjust_index')) return 'movers';
  if (sql.startsWith('CREATE OR REPLACE TABLE "customers_graded"')) return 'grade';
  if (sql.includes('per_grade AS')) return 'gradeTable';
  if (sql.includes('loss_making\nFROM "customers_graded"')) return 'totals';
  if (sql.includes('pairs AS (\n  SELECT baseline_index')) return 'whatIf:matrix';
  if (sql.startsWith('WITH moved AS')) return 'whatIf:movers';
  if (sql.includes('AS compared')) return 'whatIf:summary';
  return sql.slice(0, 40).replace(/\s+/g, ' ');
};

export function fastBenchSession(engine: Engine, now: () => number): FastBenchSession {
  const t = timedEngine(engine, now);
  const grader = new Grader(t.engine);
  const named = (qs: QueryTiming[]) => qs.map((q) => ({ name: nameOf(q.sql), ms: q.ms }));
  return {
    async ingest(sqls) {
      const t0 = now();
      for (const sql of sqls) await engine.query(sql);
      return now() - t0;
    },
    async prepare(mapping, config) {
      grader.invalidate();
      let t0 = now();
      await grader.run(mapping, config);
      const firstMs = now() - t0;
      t0 = now();
      // A narrow baseline (what the matrix and movers read): the page's full snapshot (buildSnapshotSql,
      // every column) plus the re-grade ran out of wasm memory at 1M customers (3.1 GiB).
      await engine.query(
        `CREATE OR REPLACE TABLE ${GRADES_BASELINE} AS SELECT customer_id, grade_index, grade, score, COLUMNS('^contrib_') FROM customers_graded`,
      );
      await engine.query('DROP TABLE customers_graded');
      grader.invalidate('norms');
      await grader.run(mapping, config);
      const pinMs = now() - t0;
      t0 = now();
      await grader.regradeFast(mapping, config, { movers: true });
      return { firstMs, pinMs, fastBaseMs: now() - t0 };
    },
    async fast(mapping, config, variant = 'single') {
      const r = await timeCall(t, () => grader.regradeFast(mapping, config, { movers: true, variant }), now);
      if (r.result.ran.includes('run') || r.result.ran.includes('fastBase')) throw new Error(`A slider move rebuilt ${r.result.ran.join(', ')}`);
      return {
        totalMs: r.totalMs,
        queries: named(r.queries),
        gradeCounts: r.result.gradeTable.map((g) => g.customers),
        up: r.result.summary.up,
        down: r.result.summary.down,
        moverIds: (r.result.movers ?? []).map((m) => String(m.customer_id)),
      };
    },
    async full(mapping, config) {
      const r = await timeCall(
        t,
        async () => {
          const res = await grader.run(mapping, config);
          const contribs = res.plan.used.map((m) => contribColumn(m.id));
          await t.engine.query(buildScenarioMatrixSql(config.rule.grades));
          const movers = toRows<{ customer_id: string }>(await t.engine.query(buildScenarioMoversSql(contribs)));
          const [summary] = toRows<{ up: number; down: number }>(await t.engine.query(buildScenarioSummarySql()));
          return { res, movers, summary: summary! };
        },
        now,
      );
      return {
        totalMs: r.totalMs,
        queries: named(r.queries),
        gradeCounts: r.result.res.gradeTable.map((g) => g.customers),
        up: r.result.summary.up,
        down: r.result.summary.down,
        moverIds: r.result.movers.map((m) => m.customer_id),
      };
    },
    async explainFast(mapping, config) {
      const r = await timeCall(t, () => grader.regradeFast(mapping, config, { movers: true }), now);
      const out: { name: string; plan: string }[] = [];
      for (const q of r.queries) {
        const rows = toRows<Record<string, string>>(await engine.query(`EXPLAIN ANALYZE ${q.sql.replace(/;\s*$/, '')}`));
        out.push({ name: nameOf(q.sql), plan: rows.map((row) => Object.values(row).at(-1)).join('\n') });
      }
      return out;
    },
  };
}
