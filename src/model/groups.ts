// Grading within groups: each value of a customer attribute (industry, region, …) is a
// group whose customers are normalised, ranked and cut among themselves. One column,
// grade_group, carries the group from customer_norms on (only when grouped); every window that ranks or
// normalises partitions by it. Blank values form one group of their own.

import { ident } from '../sql/quote';
import { CUSTOMER_NORMS, CUSTOMERS_GRADED } from '../sql/catalog';
import { GROUP_ATTRIBUTES, GROUP_COLUMNS, type GradeBand, type GradingConfig, type GroupAttribute } from './config';
import { gradeCuts } from './cuts';
import type { SourceMapping } from './source';
import type { SharedWords } from '../lang/shared';

/** The column that holds a customer's group. */
export const GROUP_COLUMN = 'grade_group';

/**
 * customer_metrics' attribute as the group (blank and whitespace are no value). The
 * column exists only when grading within groups, so an export without groups has none.
 */
export function groupValueSql(config: Pick<GradingConfig, 'groupBy'>): string {
  if (!config.groupBy) throw new Error('groupValueSql: the config grades all customers together');
  return `NULLIF(trim(CAST(${ident(GROUP_COLUMNS[config.groupBy])} AS VARCHAR)), '')`;
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

/** The attributes this mapping can grade within: those with a mapped customer column. */
export function groupableAttributes(mapping: SourceMapping): GroupAttribute[] {
  return GROUP_ATTRIBUTES.filter((g) => Boolean(mapping.customers?.[g]));
}

/** Customers per grade that a ratio rule gives a group of n (the documented rounding, per group). */
export function ratioCountsFor(n: number, grades: readonly GradeBand[]): number[] {
  const cuts = gradeCuts(n, grades);
  return grades.map((_, i) => (i < cuts.length ? cuts[i]! : n) - (i === 0 ? 0 : cuts[i - 1]!));
}

/** One matrix row per group, its cells in grade order (0 where a grade has no customer of the group). */
export interface GroupLine {
  group: string | null;
  customers: number;
  orderAmount: number;
  profit: number;
  cells: { customers: number; share: number; orderAmount: number; profit: number }[];
}

export function groupLines(rows: readonly GroupMatrixRow[], gradeCount: number): GroupLine[] {
  const out: GroupLine[] = [];
  for (const r of rows) {
    let line = out.find((l) => l.group === r.grade_group);
    if (!line) {
      line = {
        group: r.grade_group,
        customers: r.group_customers,
        orderAmount: r.group_amount,
        profit: r.group_profit,
        cells: Array.from({ length: gradeCount }, () => ({ customers: 0, share: 0, orderAmount: 0, profit: 0 })),
      };
      out.push(line);
    }
    const cell = line.cells[r.grade_index];
    if (cell) Object.assign(cell, { customers: r.customers, share: r.share_customers, orderAmount: r.order_amount, profit: r.profit });
  }
  return out;
}

/** The shared word that names each attribute on the page. */
export const GROUP_WORD: Record<GroupAttribute, keyof SharedWords> = {
  industry: 'attrIndustry',
  region: 'attrRegion',
  customerType: 'attrCustomerType',
  size: 'attrSize',
  salesperson: 'attrSalesperson',
};
