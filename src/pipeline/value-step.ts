// The customer-value step of a grading: fits BG/NBD and Gamma-Gamma on the
// mapping's orders at the as-of date and writes customer_value, which the
// metrics SQL then joins. Weight-independent: the Grader re-runs it only when
// its key (the order facts SQL and the value settings) changes.

import type { Engine } from '../db/engine';
import { DEFAULT_VALUE, type GradingConfig, type ValueConfig } from '../model/config';
import { buildOrderFactsSelect, type ValueAvailability } from '../model/metrics-sql';
import type { SourceMapping } from '../model/source';
import type { ValueReason } from '../model/value/clv';
import { CUSTOMER_VALUE, fitCustomerValue, type ValueResult, type ValueStage } from '../model/value/fit-value';
import type { HistoryOptions } from '../model/value/history-sql';
import { ident } from '../sql/quote';

export const valueConfigOf = (config: Pick<GradingConfig, 'value'>): ValueConfig => ({ ...DEFAULT_VALUE, ...config.value });

/** The history the models read for this mapping, or the reason there is none. */
export function valueHistory(mapping: SourceMapping, config: GradingConfig): HistoryOptions | ValueReason {
  // A customer-level table: its own id stands in for the order id (to-source-mapping.ts).
  const l = mapping.lines;
  if (l.perCustomer || (l.customerId !== undefined && l.orderId === l.customerId && !mapping.orders))
    return {
      id: 'customerLevel',
      severity: 'blocking',
      text: {
        zh: '数据是每客户一行的汇总表，没有逐笔订单：无法预测客户价值。请加入订单明细。',
        en: 'The data is one row per customer, without its orders: customer value cannot be predicted. Add the order lines.',
      },
    };
  const v = valueConfigOf(config);
  return { source: { select: buildOrderFactsSelect(mapping) }, calibrationEnd: config.asOf, unit: v.unit };
}

/** Which predicted metrics a fit carries (none when it is blocked). */
export function valueAvailability(r: ValueResult | null): ValueAvailability | null {
  if (!r?.table) return null;
  return { amount: true, profit: r.spendProfit !== null || r.profitByMargin };
}

export interface ValueStepResult {
  /** The fit, or null when the data has no order history (then `reasons` says why). */
  fit: ValueResult | null;
  reasons: ValueReason[];
  /** customer_value when the predictions exist. */
  table: string | null;
  availability: ValueAvailability | null;
}

export function valueStepKey(mapping: SourceMapping, config: GradingConfig): string {
  const h = valueHistory(mapping, config);
  const v = valueConfigOf(config);
  return JSON.stringify(['source' in h ? h : h.id, v.unit, v.horizonMonths, v.monthlyDiscount]);
}

export async function runValueStep(engine: Engine, mapping: SourceMapping, config: GradingConfig, onProgress?: (s: ValueStage) => void): Promise<ValueStepResult> {
  const h = valueHistory(mapping, config);
  const drop = () => engine.query(`DROP TABLE IF EXISTS ${ident(CUSTOMER_VALUE)}`);
  if (!('source' in h)) {
    await drop();
    return { fit: null, reasons: [h], table: null, availability: null };
  }
  const v = valueConfigOf(config);
  try {
    const fit = await fitCustomerValue(engine, { ...h, horizonMonths: v.horizonMonths, monthlyDiscount: v.monthlyDiscount, onProgress });
    return { fit, reasons: fit.reasons, table: fit.table, availability: valueAvailability(fit) };
  } catch (e) {
    // A fit that throws (an absurd history, a numeric failure) must not stop the grading: the metrics stay out with the reason.
    await drop();
    const msg = e instanceof Error ? e.message : String(e);
    return { fit: null, reasons: [{ id: 'fitFailed', severity: 'blocking', text: { zh: `客户价值模型无法拟合：${msg}`, en: `The customer-value models could not be fitted: ${msg}` } }], table: null, availability: null };
  }
}
