// What the bench runs. Ingest is the synthetic generator's SQL; grading is the
// app's own pipeline (Grader from src/pipeline/run-grading.ts) over a timed
// Engine, so the browser and native DuckDB run exactly the app's SQL, never a copy.

import type { GradingConfig } from '../../src/model/config';
import { ENSURE_BASELINE_SQL } from '../../src/model/norms-sql';
import { contribColumn } from '../../src/model/metrics';
import { buildScenarioMatrixSql, buildScenarioMoversSql, buildScenarioSummarySql } from '../../src/model/movers-sql';
import { buildCustomerListSql, buildTotalsSql, DEFAULT_CUSTOMER_LIST } from '../../src/model/report-sql';
import type { SourceMapping } from '../../src/model/source';
import { buildGradingSql } from '../../src/pipeline/run-grading';
import { syntheticSql } from '../support/synthetic';
import type { QueryTiming, Step } from './timing';

export function ingestSteps(customers: number, seed: number, industries = 0): Step[] {
  return syntheticSql({ customers, seed, industries }).map((sql, i) => ({ name: `gen${i + 1}`, sql }));
}

/** Names a logged statement after the pipeline step whose SQL it is. */
export function nameQueries(queries: readonly QueryTiming[], mapping: SourceMapping, config: GradingConfig): { name: string; ms: number }[] {
  const { sql, plan } = buildGradingSql(mapping, config);
  const names = new Map<string, string>(Object.entries(sql).map(([name, text]) => [text, name]));
  names.set(ENSURE_BASELINE_SQL, 'ensureBaseline');
  names.set(buildTotalsSql(), 'totals');
  names.set(buildCustomerListSql(DEFAULT_CUSTOMER_LIST), 'customerList');
  names.set(buildScenarioMatrixSql(config.rule.grades), 'whatIf:matrix');
  names.set(buildScenarioMoversSql(plan.used.map((m) => contribColumn(m.id))), 'whatIf:movers');
  names.set(buildScenarioSummarySql(), 'whatIf:summary');
  const fastName = (sql: string): string | null =>
    sql.includes('AS bin, bi AS baseline_index') ? 'bins' : sql.includes("'split' AS part") ? 'resolve' : sql.includes('AS before_grade') && sql.includes('WHERE k <=') ? 'movers' : null;
  return queries.map((q) => ({ name: names.get(q.sql) ?? fastName(q.sql) ?? q.sql.slice(0, 40).replace(/\s+/g, ' '), ms: q.ms }));
}

/** `count` slider positions: each metric's weight 0…100 in whole steps, never all zero. Deterministic. */
export function sliderMoves(base: GradingConfig, count: number, seed: number): GradingConfig[] {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    // xorshift32: tiny and deterministic, enough to spread slider positions
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const out: GradingConfig[] = [];
  for (let k = 0; k < count; k++) {
    const weights: number[] = base.metrics.map(() => Math.floor(next() * 101));
    if (!weights.some((w) => w > 0)) weights[k % weights.length] = 1;
    out.push({ ...base, metrics: base.metrics.map((m, i) => ({ ...m, weight: weights[i]! })) });
  }
  return out;
}
