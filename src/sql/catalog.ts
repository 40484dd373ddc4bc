// Every table and view the pipeline creates, named once: the SQL builders take the
// names from here, and the lists the notebook and the pages show are derived from CATALOG.

import { ident, str } from './quote';

/** The compressed in-memory database every table lives in (each connection USEs it). */
export const WORK_DB = 'tierscope';
/**
 * The uncompressed default database, for the one table a slider move scans (the fast
 * path's narrow table): decompressing it on every move would cost more than it saves.
 */
export const HOT_DB = 'memory';

/** Raw metrics per customer (metrics step). */
export const CUSTOMER_METRICS = 'customer_metrics';
/** 0–100 norms, flags, segment (norms step). */
export const CUSTOMER_NORMS = 'customer_norms';
/** Everything before plus score, points, ranks and grades (grade step). */
export const CUSTOMERS_GRADED = 'customers_graded';
/** The pinned baseline's grades and points. */
export const GRADES_BASELINE = 'grades_baseline';
/** The previous period's grades, for the period comparison. */
export const GRADES_PREVIOUS = 'grades_previous';
/** customer_norms narrowed to what a slider move reads (in the hot database). */
export const FAST_BASE = 'ts_fast_base';
/** Grade history (pipeline/grade-history.ts): the orders once, each period's steps (views), and every period's grades. */
export const HISTORY_ORDERS = 'history_orders';
export const HISTORY_METRICS = 'history_metrics';
export const HISTORY_NORMS = 'history_norms';
export const HISTORY_GRADED = 'history_graded';
export const HISTORY_GRADES = 'history_grades';
/** Views the policy step keeps (they read customers_graded when queried). */
export const GRADE_POLICY_VIEW = 'grade_policy';
export const CUSTOMER_ACTIONS_VIEW = 'customer_actions';
export const COMPLAINT_QUEUE_VIEW = 'complaint_queue';
export const OPEN_ORDER_QUEUE_VIEW = 'open_order_queue';
/** A scenario comparison's snapshot of the i-th scenario's grades (dropped after the comparison). */
export const scenarioSnapshot = (i: number) => `scenario_compare_${i}`;
/** The charts' temporary ranking by a measure (a temp table of the charts' own). */
export const rankedTable = (measure: string) => `ts_ranked_${measure}`;

export interface Relation {
  name: string;
  kind: 'table' | 'view';
  /** grading: the steps every grading runs; policy: the policy step's views; history: the grade history (once run); internal: the page's own (not for cells). */
  group: 'grading' | 'policy' | 'history' | 'internal';
}

/** The relations with fixed names, in the order the pipeline makes them. */
export const CATALOG: readonly Relation[] = [
  { name: CUSTOMER_METRICS, kind: 'table', group: 'grading' },
  { name: CUSTOMER_NORMS, kind: 'table', group: 'grading' },
  { name: CUSTOMERS_GRADED, kind: 'table', group: 'grading' },
  { name: GRADES_BASELINE, kind: 'table', group: 'grading' },
  { name: GRADE_POLICY_VIEW, kind: 'view', group: 'policy' },
  { name: CUSTOMER_ACTIONS_VIEW, kind: 'view', group: 'policy' },
  { name: COMPLAINT_QUEUE_VIEW, kind: 'view', group: 'policy' },
  { name: OPEN_ORDER_QUEUE_VIEW, kind: 'view', group: 'policy' },
  { name: HISTORY_GRADES, kind: 'table', group: 'history' },
  { name: GRADES_PREVIOUS, kind: 'table', group: 'internal' },
  { name: FAST_BASE, kind: 'table', group: 'internal' },
];

const names = (group: Relation['group']) => CATALOG.filter((r) => r.group === group).map((r) => r.name);
/** The tables every grading writes (the notebook lists them as readable). */
export const GRADING_TABLES: readonly string[] = names('grading');
/** The views the policy step keeps. */
export const POLICY_VIEWS: readonly string[] = names('policy');
/** The grade history's tables a cell may read (they exist once a history has run). */
export const HISTORY_TABLES: readonly string[] = names('history');
/** The tables and views a cell may read that change with each grading (or history): a cell naming one re-runs after it. */
export const PIPELINE_RELATIONS: readonly string[] = [...GRADING_TABLES, ...POLICY_VIEWS, ...HISTORY_TABLES];

/** A table of the hot database, qualified. */
export function hotTable(name: string): string {
  return `${ident(HOT_DB)}.main.${ident(name)}`;
}

type StepRelation = 'metrics' | 'norms' | 'graded';

/**
 * The relations one grading reads and writes, as SQL references (quoted), and whether each
 * is a table or a view. The page's grading makes tables; the grade history runs the same
 * builders over relations of its own (so the grading on screen stays): uncompressed tables
 * for the aggregation and the windows (each read more than once), and a view for the graded
 * rows, of which it keeps a few columns (the engine computes only those, no wide table is
 * written per period).
 */
export type StepTables = Record<StepRelation, string> & { kind: Record<StepRelation, 'TABLE' | 'VIEW'> };
export const GRADING_STEP_TABLES: StepTables = {
  metrics: ident(CUSTOMER_METRICS),
  norms: ident(CUSTOMER_NORMS),
  graded: ident(CUSTOMERS_GRADED),
  kind: { metrics: 'TABLE', norms: 'TABLE', graded: 'TABLE' },
};
export const HISTORY_STEP_TABLES: StepTables = {
  metrics: hotTable(HISTORY_METRICS),
  norms: hotTable(HISTORY_NORMS),
  graded: ident(HISTORY_GRADED),
  kind: { metrics: 'TABLE', norms: 'TABLE', graded: 'VIEW' },
};
/** The history's orders, read once for every period (uncompressed: scanned once per period, then dropped). */
export const HISTORY_ORDERS_TABLE = hotTable(HISTORY_ORDERS);

/** Row count per table: one query for the Data step. */
export function buildRowCountsSql(tables: readonly string[]): string {
  if (tables.length === 0) throw new Error('No tables to count');
  return tables.map((t) => `SELECT ${str(t)} AS "table", CAST(count(*) AS INTEGER) AS rows FROM ${ident(t)}`).join('\nUNION ALL\n') + ';';
}
