// The IBM growth × loyalty segments: customers and profit per segment, with
// the customers that fall in no segment counted separately (segment NULL).

import { ident } from '../../sql/quote';
import { CUSTOMERS_GRADED } from '../../sql/catalog';

export const SEGMENTS = ['loyal', 'fast_growing', 'sleeping', 'worth_cultivating'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface SegmentRow {
  /** NULL: in no segment. */
  segment: string | null;
  customers: number;
  share_customers: number;
  order_amount: number | null;
  profit: number | null;
  share_profit: number | null;
}

export function buildSegmentMatrixSql(): string {
  return `SELECT
  ${ident('segment')} AS segment,
  CAST(count(*) AS INTEGER) AS customers,
  count(*) / sum(count(*)) OVER () AS share_customers,
  sum(order_amount) AS order_amount,
  sum(profit) AS profit,
  sum(profit) / NULLIF(sum(sum(profit)) OVER (), 0) AS share_profit
FROM ${ident(CUSTOMERS_GRADED)}
GROUP BY ${ident('segment')}
ORDER BY segment NULLS LAST;`;
}
