// Two or three scenarios side by side on the same data: grade counts, profit
// share per grade, and how many customers each grades differently from the first.

import type { Engine } from '../db/engine';
import type { GradingConfig } from '../model/config';
import { CUSTOMERS_GRADED, scenarioSnapshot } from '../sql/catalog';
import type { SourceMapping } from '../model/source';
import { toRows } from '../results/rows';
import { ident } from '../sql/quote';
import { Grader } from './run-grading';
import { type GradeRow } from '../model/result-rows';

export interface ScenarioColumn {
  name: string;
  gradeTable: GradeRow[];
  /** Customers whose grade name differs from the first scenario's (0 for the first). */
  differFromFirst: number;
}

const snapshot = scenarioSnapshot;

/**
 * Overwrites the pipeline's tables (customer_norms, customers_graded): the
 * caller regrades its own config afterwards, with its Grader invalidated.
 */
export async function compareScenarios(
  engine: Engine,
  mapping: SourceMapping,
  scenarios: readonly { name: string; config: GradingConfig }[],
): Promise<ScenarioColumn[]> {
  if (scenarios.length < 2 || scenarios.length > 3) throw new Error('Compare two or three scenarios.');
  const grader = new Grader(engine);
  const out: ScenarioColumn[] = [];
  for (let i = 0; i < scenarios.length; i++) {
    const s = scenarios[i]!;
    const result = await grader.run(mapping, s.config);
    await engine.query(`CREATE OR REPLACE TABLE ${ident(snapshot(i))} AS SELECT customer_id, grade FROM ${ident(CUSTOMERS_GRADED)}`);
    let differ = 0;
    if (i > 0) {
      const [row] = toRows<{ n: number }>(
        await engine.query(
          `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM ${ident(snapshot(0))} a JOIN ${ident(snapshot(i))} b USING (customer_id) WHERE a.grade <> b.grade`,
        ),
      );
      differ = row?.n ?? 0;
    }
    out.push({ name: s.name, gradeTable: result.gradeTable, differFromFirst: differ });
  }
  for (let i = 0; i < scenarios.length; i++) await engine.query(`DROP TABLE IF EXISTS ${ident(snapshot(i))}`);
  return out;
}

