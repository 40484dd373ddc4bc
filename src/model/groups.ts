// Grading within groups: each value of a customer attribute (industry, region, …) is a
// group whose customers are normalised, ranked and cut among themselves. One column,
// grade_group, carries the group from customer_norms on; every window that ranks or
// normalises partitions by it. Blank values form one group of their own.

import { ident } from '../sql/quote';
import { CUSTOMER_NORMS, CUSTOMERS_GRADED } from '../sql/catalog';
import { GROUP_COLUMNS, type GradingConfig, type GroupAttribute } from './config';
import type { SourceMapping } from './source';

/** The column that holds a customer's group. */
export const GROUP_COLUMN = 'grade_group';

/** customer_metrics' attribute as the group (blank and whitespace are no value), or NULL when grading everyone together. */
export function groupValueSql(config: Pick<GradingConfig, 'groupBy'>): string {
  return config.groupBy ? `NULLIF(trim(CAST(${ident(GROUP_COLUMNS[config.groupBy])} AS VARCHAR)), '')` : 'NULL::VARCHAR';
}

/** `PARTITION BY grade_group ` when grading within groups, else ''. */
export function partitionByGroup(config: Pick<GradingConfig, 'groupBy'>): string {
  return config.groupBy ? `PARTITION BY ${ident(GROUP_COLUMN)} ` : '';
}

/** How many groups customer_norms holds (blank is one): checked before grading, at most MAX_GROUPS. */
export function buildGroupCountSql(): string {
  return `SELECT CAST(count(DISTINCT ${ident(GROUP_COLUMN)}) + (count(*) FILTER (WHERE ${ident(GROUP_COLUMN)} IS NULL) > 0)::INTEGER AS INTEGER) AS groups FROM ${ident(CUSTOMER_NORMS)};`;
}

/** The attribute a grading is done within, when the mapping has its column (else null: everyone together). */
export function effectiveGroup(mapping: SourceMapping, config: Pick<GradingConfig, 'groupBy'>): GroupAttribute | null {
  const g = config.groupBy ?? null;
  return g && mapping.customers?.[g] ? g : null;
}

/** A row of buildGroupMatrixSql: one (group, grade) cell. grade_group null: customers without a value. */
export interface GroupMatrixRow {
  grade_group: string | null;
  grade_index: number;
  grade: string;
  customers: number;
  order_amount: number;
  profit: number;
  share_customers: number;
  share_amount: number | null;
  share_profit: number | null;
  group_customers: number;
  group_amount: number;
  group_profit: number;
  group_order: number;
}

/**
 * The group × grade matrix: customers, order amount and profit per (group, final grade),
 * each with its share within the group. Groups in order of their order amount, the largest first.
 */
export function buildGroupMatrixSql(): string {
  const g = ident(GROUP_COLUMN);
  return `WITH ts_cells AS (
  SELECT ${g} AS grade_group, CAST(grade_index AS INTEGER) AS grade_index, any_value(grade) AS grade,
    CAST(count(*) AS INTEGER) AS customers, COALESCE(sum(order_amount), 0) AS order_amount, COALESCE(sum(profit), 0) AS profit
  FROM ${ident(CUSTOMERS_GRADED)}
  GROUP BY ALL
),
ts_groups AS (
  SELECT grade_group, CAST(sum(customers) AS INTEGER) AS group_customers, sum(order_amount) AS group_amount, sum(profit) AS group_profit
  FROM ts_cells GROUP BY ALL
),
ts_order AS (
  SELECT *, CAST(row_number() OVER (ORDER BY group_amount DESC, grade_group NULLS LAST) AS INTEGER) AS group_order FROM ts_groups
)
SELECT c.grade_group, c.grade_index, c.grade, c.customers, c.order_amount, c.profit,
  c.customers / o.group_customers AS share_customers,
  c.order_amount / NULLIF(o.group_amount, 0) AS share_amount,
  c.profit / NULLIF(o.group_profit, 0) AS share_profit,
  o.group_customers, o.group_amount, o.group_profit, o.group_order
FROM ts_cells AS c
JOIN ts_order AS o ON o.grade_group IS NOT DISTINCT FROM c.grade_group
ORDER BY o.group_order, c.grade_index;`;
}
