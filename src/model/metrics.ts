// The catalogue of score metrics. Each is a column of `customer_metrics`
// (built by metrics-sql.ts) with a direction: normalisation makes better values
// score higher. Which ones a dataset has depends on its mapping (availableMetrics).

import type { Text } from '../lang/lang';

export type MetricId =
  | 'orderAmount'
  | 'orderQuantity'
  | 'profit'
  | 'margin'
  | 'credit'
  | 'lateShare'
  | 'overdue'
  | 'growth'
  | 'tenure'
  | 'frequency'
  | 'recency'
  | 'loyaltyPoints'
  | 'loyalty'
  | 'strategic'
  | 'satisfaction'
  | 'predictedAmount'
  | 'predictedProfit'
  | 'pAlive';

export type Direction = 'higher' | 'lower';

export type MetricGroup = 'sales' | 'profit' | 'credit' | 'growth' | 'loyalty' | 'rating';

export interface MetricDef {
  id: MetricId;
  /** Column in customer_metrics. */
  column: string;
  direction: Direction;
  group: MetricGroup;
  label: Text;
  definition: Text;
}

const def = (
  id: MetricId,
  column: string,
  direction: Direction,
  group: MetricGroup,
  zh: string,
  en: string,
  defZh: string,
  defEn: string,
): MetricDef => ({ id, column, direction, group, label: { zh, en }, definition: { zh: defZh, en: defEn } });

export const METRICS: Record<MetricId, MetricDef> = {
  orderAmount: def('orderAmount', 'order_amount', 'higher', 'sales', '订货金额', 'Order amount', '订单行销售额合计', 'Sum of order-line sales'),
  orderQuantity: def('orderQuantity', 'order_quantity', 'higher', 'sales', '订货数量', 'Order quantity', '订单行数量合计', 'Sum of order-line quantities'),
  profit: def('profit', 'profit', 'higher', 'profit', '利润贡献', 'Profit', '订单行利润合计（可为负）', 'Sum of order-line profit (may be negative)'),
  margin: def('margin', 'margin', 'higher', 'profit', '利润率', 'Margin', '利润 ÷ 订货金额', 'Profit ÷ order amount'),
  credit: def('credit', 'avg_days_late', 'lower', 'credit', '信用状况', 'Credit', '平均逾期天数（越少越好）', 'Average days paid late (fewer is better)'),
  lateShare: def('lateShare', 'late_share', 'lower', 'credit', '逾期订单占比', 'Share paid late', '逾期付款的订单占比', 'Share of orders paid late'),
  overdue: def(
    'overdue',
    'overdue_receivables',
    'lower',
    'credit',
    '逾期应收',
    'Overdue receivables',
    '统计日未付且已过到期日的应收金额（越少越好）',
    'Receivables unpaid past their due date at the as-of date (less is better)',
  ),
  growth: def(
    'growth',
    'yoy_growth',
    'higher',
    'growth',
    '发展前景',
    'Growth',
    '近 12 个月订货金额较前 12 个月的增长率；新客户用人工评定的潜力（1–5）',
    'Order amount growth, last 12 months vs the 12 before; for new customers, a manual prospect rating (1–5)',
  ),
  tenure: def('tenure', 'tenure_days', 'higher', 'loyalty', '合作时长', 'Tenure', '首单至统计日的天数', 'Days from first order to the as-of date'),
  frequency: def('frequency', 'orders_per_year', 'higher', 'loyalty', '订货频次', 'Order frequency', '每年订单数', 'Orders per year of tenure'),
  recency: def('recency', 'recency_days', 'lower', 'loyalty', '最近订货', 'Recency', '末单至统计日的天数（越近越好）', 'Days since the last order (fewer is better)'),
  loyaltyPoints: def('loyaltyPoints', 'loyalty_points', 'higher', 'loyalty', '积分', 'Loyalty points', '客户积分', 'Loyalty reward points'),
  loyalty: def(
    'loyalty',
    'loyalty_index',
    'higher',
    'loyalty',
    '忠诚度',
    'Loyalty',
    '合作时长、订单数、最近订货三者百分位排名的平均（0–100）',
    'Mean percentile rank of tenure, order count and recency (0–100)',
  ),
  strategic: def('strategic', 'strategic_rating', 'higher', 'rating', '战略价值', 'Strategic value', '人工或导入的评分', 'Manual or imported rating'),
  satisfaction: def('satisfaction', 'satisfaction', 'higher', 'rating', '满意度', 'Satisfaction', '人工或导入的评分', 'Manual or imported rating'),
  // Customer value ahead (model/value): what a customer is still likely to bring, from its order history.
  predictedAmount: def(
    'predictedAmount',
    'predicted_amount',
    'higher',
    'growth',
    '预测订货金额',
    'Predicted order amount',
    '未来 H 个月预计的订货金额：BG/NBD 预计购买次数 × Gamma-Gamma 每次金额，按月折现',
    'Order amount expected over the next H months: BG/NBD expected purchases × Gamma-Gamma value per purchase, discounted monthly',
  ),
  predictedProfit: def(
    'predictedProfit',
    'predicted_profit',
    'higher',
    'growth',
    '预测利润',
    'Predicted profit',
    '未来 H 个月预计的利润（客户终身价值）：预计购买次数 × 每次利润，按月折现',
    'Profit expected over the next H months (lifetime value): expected purchases × profit per purchase, discounted monthly',
  ),
  pAlive: def('pAlive', 'p_alive', 'higher', 'loyalty', '活跃概率', 'P(alive)', 'BG/NBD 模型估计的客户仍在购买的概率（0–1）', 'Chance the customer is still buying, by the BG/NBD model (0–1)'),
};

export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** Column in customer_norms / customers_graded that holds a metric's 0–100 normalised value. */
export function normColumn(id: MetricId): string {
  return `norm_${METRICS[id].column}`;
}

/** Column in customers_graded that holds a metric's points in the score (wᵢ·normᵢ/Σw). */
export function contribColumn(id: MetricId): string {
  return `contrib_${METRICS[id].column}`;
}
