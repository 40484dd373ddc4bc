// Which optional columns customers_graded has. The grading step grows new
// columns over time (flags, segments, contributions, region…); the chart
// queries ask only for what DESCRIBE lists, and charts without data are left out.

import { ident } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';

export function buildDescribeGradedSql(): string {
  return `DESCRIBE ${ident(CUSTOMERS_GRADED)};`;
}

/** Category columns the grade-mix chart can split by, in the order they are offered. */
export const CATEGORY_COLUMNS = ['region', 'industry', 'segment'] as const;

export interface GradedColumns {
  all: ReadonlySet<string>;
  hasProfit: boolean;
  hasFalseBigFlag: boolean;
  hasSegment: boolean;
  /** grade_auto / grade_index_auto: the grades before manual adjustments. */
  hasAutoGrade: boolean;
  categories: string[];
}

export function gradedColumns(rows: readonly { column_name: string; column_type: string }[]): GradedColumns {
  const all = new Set(rows.map((r) => r.column_name));
  const text = new Set(rows.filter((r) => r.column_type === 'VARCHAR').map((r) => r.column_name));
  return {
    all,
    hasProfit: all.has('profit'),
    hasFalseBigFlag: all.has('flag_false_big'),
    hasSegment: text.has('segment'),
    hasAutoGrade: all.has('grade_auto') && all.has('grade_index_auto'),
    categories: CATEGORY_COLUMNS.filter((c) => text.has(c)),
  };
}

/** Customers with a profit figure: zero when the data has no profit column mapped. */
export function buildProfitCountSql(): string {
  return `SELECT CAST(count(profit) AS INTEGER) AS n FROM ${ident(CUSTOMERS_GRADED)};`;
}
