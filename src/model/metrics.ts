// The catalogue of score metrics the skeleton knows. Each is a column of the
// `customer_metrics` table (built by metrics-sql.ts) with a direction: the
// percentile rank is taken so that better values rank higher.

export type MetricId = 'credit' | 'orderAmount' | 'profit';

export type Direction = 'higher' | 'lower';

export interface MetricDef {
  id: MetricId;
  /** Column in customer_metrics. */
  column: string;
  direction: Direction;
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
}

export const METRICS: Record<MetricId, MetricDef> = {
  credit: {
    id: 'credit',
    column: 'avg_days_late',
    direction: 'lower',
    label: { zh: '信用状况', en: 'Credit' },
    definition: { zh: '平均逾期天数（越少越好）', en: 'Average days paid late (fewer is better)' },
  },
  orderAmount: {
    id: 'orderAmount',
    column: 'order_amount',
    direction: 'higher',
    label: { zh: '订货金额', en: 'Order amount' },
    definition: { zh: '订单行销售额合计', en: 'Sum of order-line sales' },
  },
  profit: {
    id: 'profit',
    column: 'profit',
    direction: 'higher',
    label: { zh: '利润贡献', en: 'Profit' },
    definition: { zh: '订单行利润合计（可为负）', en: 'Sum of order-line profit (may be negative)' },
  },
};

/** Column in customers_graded that holds a metric's 0–100 normalised value. */
export function normColumn(id: MetricId): string {
  return `norm_${METRICS[id].column}`;
}
