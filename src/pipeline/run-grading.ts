// Runs the steps in order over an Engine:
// tables → customer_metrics → customers_graded → grade table.
// The app, the tests and the CLI all call this, so the SQL they run is the same.

import type { Engine } from '../db/engine';
import { validateConfig, type GradingConfig } from '../model/config';
import { buildGradeSql, planScore, type ScorePlan } from '../model/grade-sql';
import { availableMetrics, buildCustomerMetricsSql } from '../model/metrics-sql';
import { buildCustomerListSql, buildGradeTableSql, buildTotalsSql, type CustomerListQuery } from '../model/report-sql';
import { validateMapping, type SourceMapping } from '../model/source';
import { toRows } from '../results/rows';

export interface GradeRow {
  grade: string;
  grade_index: number;
  customers: number;
  share_customers: number | null;
  order_amount: number;
  share_amount: number | null;
  profit: number;
  share_profit: number | null;
}

export interface Totals {
  customers: number;
  order_amount: number | null;
  profit: number | null;
  loss_making: number;
}

export interface CustomerRow {
  grade_rank: number;
  customer_id: string;
  customer_name: string;
  grade: string;
  score: number | null;
  order_amount: number;
  profit: number | null;
  margin: number | null;
  order_count: number;
  first_order: string | null;
  last_order: string | null;
}

export interface GradingResult {
  plan: ScorePlan;
  sql: { metrics: string; grade: string; gradeTable: string };
  gradeTable: GradeRow[];
  totals: Totals;
}

export class GradingInputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'GradingInputError';
  }
}

export async function runGrading(engine: Engine, mapping: SourceMapping, config: GradingConfig): Promise<GradingResult> {
  const problems = [...validateMapping(mapping), ...validateConfig(config)];
  if (problems.length) throw new GradingInputError(problems);

  const plan = planScore(config, availableMetrics(mapping));
  const sql = {
    metrics: buildCustomerMetricsSql(mapping),
    grade: buildGradeSql(config, plan),
    gradeTable: buildGradeTableSql(config.rule.grades),
  };
  await engine.query(sql.metrics);
  await engine.query(sql.grade);
  const gradeTable = toRows<GradeRow>(await engine.query(sql.gradeTable));
  const [totals] = toRows<Totals>(await engine.query(buildTotalsSql()));
  return { plan, sql, gradeTable, totals: totals! };
}

export async function fetchCustomerList(engine: Engine, q: CustomerListQuery): Promise<CustomerRow[]> {
  return toRows<CustomerRow>(await engine.query(buildCustomerListSql(q)));
}
