// RFM: recency, frequency and monetary scores (1–5 by quintile, ties sharing a
// score) and the eight classes of Chinese practice, each of R, F and M high or
// low against its mean or median over the customers who have ordered. Pure:
// SQL expressions over a table with recency_days, order_count and order_amount.

import type { Text } from '../lang/lang';
import { str } from '../sql/quote';

export type RfmCut = 'mean' | 'median';

export interface RfmClass {
  /** Stable code, stored in the rfm_class column. */
  code: string;
  r: boolean;
  f: boolean;
  m: boolean;
  label: Text;
  /** What to do with the class, in a few words. */
  action: Text;
}

const c = (code: string, r: boolean, f: boolean, m: boolean, zh: string, en: string, azh: string, aen: string): RfmClass => ({ code, r, f, m, label: { zh, en }, action: { zh: azh, en: aen } });

/** In the order of the usual 2 × 2 × 2 table: important (M high) first. */
export const RFM_CLASSES: readonly RfmClass[] = [
  c('important_value', true, true, true, '重要价值客户', 'Important value', '保持现状，优先服务', 'Keep them, serve first'),
  c('important_develop', true, false, true, '重要发展客户', 'Important to develop', '提高购买频次', 'Raise their order frequency'),
  c('important_keep', false, true, true, '重要保持客户', 'Important to keep', '主动联系，防止流失', 'Get in touch before they drift'),
  c('important_retain', false, false, true, '重要挽留客户', 'Important to win back', '查明原因，重点挽留', 'Find out why, win them back'),
  c('general_value', true, true, false, '一般价值客户', 'General value', '提高客单价', 'Raise the value per order'),
  c('general_develop', true, false, false, '一般发展客户', 'General to develop', '挖掘需求', 'Find what else they need'),
  c('general_keep', false, true, false, '一般保持客户', 'General to keep', '维持联系', 'Stay in touch'),
  c('general_retain', false, false, false, '一般挽留客户', 'General to win back', '低成本维护', 'Low-cost upkeep'),
];

export const RFM_BY_CODE: Record<string, RfmClass> = Object.fromEntries(RFM_CLASSES.map((k) => [k.code, k]));

/** Customers RFM applies to: they have ordered, and their last order is dated. */
export const RFM_ELIGIBLE = '(order_count > 0 AND recency_days IS NOT NULL)';

const cutOf = (cut: RfmCut, col: string) => `${cut === 'median' ? 'median' : 'avg'}(${col}) OVER (PARTITION BY ${RFM_ELIGIBLE})`;

/**
 * The four RFM columns as select-list expressions (window functions over the
 * eligible customers): rfm_r, rfm_f, rfm_m (1–5, 5 best: most recent, most
 * orders, most amount) and rfm_class (a code of RFM_CLASSES). R is high when the
 * recency is below the cut (more recent than usual); F and M when above it.
 */
export function rfmColumnsSql(cut: RfmCut): string[] {
  const score = (order: string) => `CASE WHEN ${RFM_ELIGIBLE} THEN CAST(ceil(5 * cume_dist() OVER (PARTITION BY ${RFM_ELIGIBLE} ORDER BY ${order})) AS INTEGER) END`;
  const r = `recency_days < ${cutOf(cut, 'recency_days')}`;
  const f = `order_count > ${cutOf(cut, 'order_count')}`;
  const m = `order_amount > ${cutOf(cut, 'order_amount')}`;
  const cls = `CASE WHEN ${RFM_ELIGIBLE} THEN CASE ${RFM_CLASSES.map((k) => `WHEN ${k.r ? '' : 'NOT '}(${r}) AND ${k.f ? '' : 'NOT '}(${f}) AND ${k.m ? '' : 'NOT '}(${m}) THEN ${str(k.code)}`).join('\n      ')} END END`;
  return [`${score('recency_days DESC')} AS rfm_r`, `${score('order_count ASC')} AS rfm_f`, `${score('order_amount ASC')} AS rfm_m`, `${cls} AS rfm_class`];
}
