// The columns of the graded-customers export (customers_graded, see
// buildGradedExportSql) with their headers in zh and en, and how a cell's
// value is shown: the README's column table is this list. Columns not listed
// here (none today) keep their SQL name.

import { METRICS, METRIC_IDS, type MetricId } from '../model/metrics';
import type { Text } from '../lang/lang';
import { RFM_BY_CODE } from '../model/rfm';

type Lang = 'zh' | 'en';

const FIXED: Record<string, Text> = {
  customer_id: { zh: '客户编号', en: 'Customer ID' },
  customer_name: { zh: '客户名称', en: 'Customer name' },
  region: { zh: '地区', en: 'Region' },
  industry: { zh: '行业', en: 'Industry' },
  customer_type: { zh: '客户类型', en: 'Customer type' },
  size_class: { zh: '规模', en: 'Size class' },
  salesperson: { zh: '销售负责人', en: 'Salesperson' },
  prospect_rating: { zh: '发展潜力评分（导入）', en: 'Prospect rating (imported)' },
  order_count: { zh: '订单数', en: 'Orders' },
  first_order: { zh: '首单日期', en: 'First order' },
  last_order: { zh: '末单日期', en: 'Last order' },
  amount_last12: { zh: '近 12 个月订货金额', en: 'Order amount, last 12 months' },
  amount_prev12: { zh: '前 12 个月订货金额', en: 'Order amount, 12 months before' },
  imputed: { zh: '缺少数据的指标', en: 'Metrics without data' },
  flag_loss: { zh: '亏损', en: 'Loss-making' },
  flag_false_big: { zh: '假大客户', en: 'False big customer' },
  flag_sleeping: { zh: '休眠', en: 'Sleeping' },
  segment: { zh: '客户细分', en: 'Segment' },
  grade_group: { zh: '分级所在组', en: 'Graded within' },
  rfm_r: { zh: 'R 分（最近，1–5）', en: 'R score (recency, 1–5)' },
  rfm_f: { zh: 'F 分（频次，1–5）', en: 'F score (frequency, 1–5)' },
  rfm_m: { zh: 'M 分（金额，1–5）', en: 'M score (monetary, 1–5)' },
  rfm_class: { zh: 'RFM 分类', en: 'RFM class' },
  score: { zh: '综合得分', en: 'Score' },
  grade_rank: { zh: '得分排名', en: 'Rank' },
  grade_index_auto: { zh: '自动等级序号', en: 'Automatic grade index' },
  grade_auto: { zh: '自动等级', en: 'Automatic grade' },
  grade_index: { zh: '最终等级序号', en: 'Final grade index' },
  grade: { zh: '最终等级', en: 'Final grade' },
  adjusted: { zh: '已人工调整', en: 'Adjusted' },
  adjust_reason: { zh: '调整原因', en: 'Adjustment reason' },
  adjust_author: { zh: '调整人', en: 'Adjusted by' },
  adjusted_at: { zh: '调整时间', en: 'Adjusted at' },
  grade_path: { zh: '逐期等级（分级历史）', en: 'Grade per period (grade history)' },
};

/** Raw metric columns whose names differ from the metric's label, e.g. credit → average days late. */
const METRIC_VALUE: Partial<Record<MetricId, Text>> = {
  credit: { zh: '平均逾期天数', en: 'Average days late' },
  tenure: { zh: '合作天数', en: 'Tenure (days)' },
  recency: { zh: '距末单天数', en: 'Days since last order' },
  growth: { zh: '同比增长率', en: 'Year-over-year growth' },
  loyalty: { zh: '忠诚度指数', en: 'Loyalty index' },
  profit: { zh: '利润', en: 'Profit' },
  frequency: { zh: '每年订单数', en: 'Orders per year' },
};

const BY_COLUMN = new Map(METRIC_IDS.map((id) => [METRICS[id].column, id]));

export const SEGMENT_NAMES: Record<string, Text> = {
  loyal: { zh: '忠诚客户', en: 'Loyal' },
  fast_growing: { zh: '快速成长客户', en: 'Fast-growing' },
  sleeping: { zh: '沉睡客户', en: 'Sleeping' },
  worth_cultivating: { zh: '值得培养客户', en: 'Worth cultivating' },
};

/** The header of an export column in the page's language. */
export function columnHeader(column: string, lang: Lang): string {
  const fixed = FIXED[column];
  if (fixed) return fixed[lang];
  const m = /^(norm|contrib)_(.+)$/.exec(column);
  const id = BY_COLUMN.get(m ? m[2]! : column);
  if (!id) return column;
  const name = METRICS[id].label[lang];
  if (m?.[1] === 'norm') return lang === 'zh' ? `${name}（0–100 分）` : `${name} (0–100)`;
  if (m?.[1] === 'contrib') return lang === 'zh' ? `${name}得分` : `Points: ${name}`;
  return (METRIC_VALUE[id] ?? METRICS[id].label)[lang];
}

/** What the export writes for a cell: segment codes and imputed metric ids in words; everything else as is. */
export function exportValue(column: string, value: unknown, lang: Lang): unknown {
  if (value === null || value === undefined) return null;
  if (column === 'segment' && typeof value === 'string') return SEGMENT_NAMES[value]?.[lang] ?? value;
  if (column === 'rfm_class' && typeof value === 'string') return RFM_BY_CODE[value]?.label[lang] ?? value;
  if (column === 'imputed' && typeof value === 'string') {
    return value
      .split(', ')
      .map((id) => (METRICS as Record<string, (typeof METRICS)[MetricId] | undefined>)[id]?.label[lang] ?? id)
      .join(lang === 'zh' ? '、' : ', ');
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** Every column the export can hold, in the order customers_graded has them (for the README table and its test). */
export function documentedColumns(): { column: string; zh: string; en: string }[] {
  const metricCols = METRIC_IDS.map((id) => METRICS[id].column);
  const valueCols = ['predicted_amount', 'predicted_profit', 'p_alive'];
  const all = [
    'customer_id',
    'customer_name',
    'region',
    'industry',
    'customer_type',
    'size_class',
    'salesperson',
    'prospect_rating',
    ...metricCols.filter((c) => c !== 'loyalty_index' && !valueCols.includes(c)),
    'order_count',
    'first_order',
    'last_order',
    'amount_last12',
    'amount_prev12',
    'loyalty_index',
    ...valueCols,
    'grade_group',
    ...metricCols.map((c) => `norm_${c}`),
    'rfm_r',
    'rfm_f',
    'rfm_m',
    'rfm_class',
    'imputed',
    'flag_loss',
    'flag_false_big',
    'flag_sleeping',
    'segment',
    'score',
    ...metricCols.map((c) => `contrib_${c}`),
    'grade_rank',
    'grade_index_auto',
    'grade_auto',
    'grade_index',
    'grade',
    'adjusted',
    'adjust_reason',
    'adjust_author',
    'adjusted_at',
    'grade_path',
  ];
  return [...new Set(all)].map((column) => ({ column, zh: columnHeader(column, 'zh'), en: columnHeader(column, 'en') }));
}
