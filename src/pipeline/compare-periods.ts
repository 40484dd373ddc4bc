// Grading is redone every period: grade the previous period, keep it, grade
// the current one, and list who moved up or down and by how many grades.

import type { Engine } from '../db/engine';
import type { GradingConfig } from '../model/config';
import { buildMigrationMatrixSql, buildMoversSql, buildSnapshotSql } from '../model/movers-sql';
import { GRADES_PREVIOUS } from '../sql/catalog';
import type { SourceMapping } from '../model/source';
import { toRows } from '../results/rows';
import type { MatrixCell } from '../model/result-rows';
import { runGrading, type GradingResult } from './run-grading';
import { addMonths, dayAfter } from '../model/dates';

export interface Period {
  from: string;
  to: string;
}

export interface MoverRow {
  customer_id: string;
  customer_name: string | null;
  before_grade: string | null;
  after_grade: string | null;
  /** Grades moved up (positive) or down (negative); null for customers new or gone. */
  steps: number | null;
  before_score: number | null;
  after_score: number | null;
  profit: number | null;
}

export interface PeriodComparison {
  previous: GradingResult;
  current: GradingResult;
  matrix: MatrixCell[];
  movers: MoverRow[];
}

/** The 12 months up to `to`, and the 12 before them. */
export function yearOverYear(to: string): { previous: Period; current: Period } {
  const yearAgo = addMonths(to, -12);
  return { current: { from: dayAfter(yearAgo), to }, previous: { from: dayAfter(addMonths(to, -24)), to: yearAgo } };
}

export async function comparePeriods(
  engine: Engine,
  mapping: SourceMapping,
  config: GradingConfig,
  previous: Period,
  current: Period,
): Promise<PeriodComparison> {
  const before = await runGrading(engine, mapping, config, { period: previous });
  await engine.query(buildSnapshotSql(GRADES_PREVIOUS));
  const after = await runGrading(engine, mapping, config, { period: current });
  const matrix = toRows<MatrixCell>(await engine.query(buildMigrationMatrixSql(config.rule.grades, GRADES_PREVIOUS)));
  const movers = toRows<MoverRow>(await engine.query(buildMoversSql(GRADES_PREVIOUS)));
  return { previous: before, current: after, matrix, movers };
}
