// Customer value on an Engine: history SQL → Arrow columns → BG/NBD and
// Gamma-Gamma fits in TypeScript → per-customer predictions back in DuckDB as
// **customer_value**. Weight-independent: run once per data, mapping or date
// change, never per slider move.
//
// Only the distinct histories travel to JS and back (one BG/NBD prediction per
// distinct (x, t_x, T), keyed by whole days); the per-customer spend expectation
// and the predicted value are then plain SQL on the fitted parameters, so the
// page can show the exact statement.

import type { Engine } from '../../db/engine';
import { float64Column } from '../../results/rows';
import { ident, num, str } from '../../sql/quote';
import { fitBgnbd, pAlive, type BgnbdFit } from './bgnbd';
import { checkData, checkFits, isBlocking, purchaseOutlook, DEFAULT_HORIZON_MONTHS, DEFAULT_MONTHLY_DISCOUNT, type ValueReason } from './clv';
import { fitGammaGamma, frequencyValueCorrelation, type GammaGammaFit, type GammaGammaParams } from './gamma-gamma';
import { buildHistoryGroupsSql, buildHistorySql, buildHistorySummarySql, CUSTOMER_HISTORY, type HistoryOptions, type TimeUnit } from './history-sql';

export const CUSTOMER_VALUE = 'customer_value';
const GROUPS_TABLE = 'customer_value_groups';

export interface ValueOptions extends HistoryOptions {
  /** Table of predictions to create (default customer_value). */
  valueTable?: string;
  horizonMonths?: number;
  monthlyDiscount?: number;
  /** Progress for the page ("history", "fit", "predict", "write", "done"). */
  onProgress?: (stage: ValueStage) => void;
}

export type ValueStage = 'history' | 'fit' | 'predict' | 'write' | 'done';

export interface ValueResult {
  /** Null when the data cannot carry the model (see reasons); customer_value is then dropped. */
  table: string | null;
  unit: TimeUnit;
  horizonMonths: number;
  monthlyDiscount: number;
  customers: number;
  repeaters: number;
  bgnbd: BgnbdFit | null;
  spendAmount: GammaGammaFit | null;
  /** Fitted on mean profit when every repeat customer's is positive; else null and profit goes by margin. */
  spendProfit: GammaGammaFit | null;
  profitByMargin: boolean;
  /** Pearson correlation of x and mean amount over the repeat customers (Gamma-Gamma assumes 0). */
  correlation: number;
  reasons: ValueReason[];
  /** Milliseconds per stage. */
  timings: Record<Exclude<ValueStage, 'done'>, number>;
  /** Every statement run, for the page's SQL view. */
  sql: string[];
  /** The calibration period's extent, in `unit`s: the oldest customer's age T and the repeat purchases most customers stay within (for the P(alive) map). */
  span: { T: number; x: number } | null;
}

let sequence = 0;

export async function fitCustomerValue(engine: Engine, opts: ValueOptions): Promise<ValueResult> {
  const unit = opts.unit ?? 'weeks';
  const horizonMonths = opts.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  const monthlyDiscount = opts.monthlyDiscount ?? DEFAULT_MONTHLY_DISCOUNT;
  const historyTable = opts.table ?? CUSTOMER_HISTORY;
  const valueTable = opts.valueTable ?? CUSTOMER_VALUE;
  const hasProfit = opts.columns?.profit !== null;
  const sql: string[] = [];
  const timings = { history: 0, fit: 0, predict: 0, write: 0 };
  const run = async (s: string) => {
    sql.push(s);
    return engine.query(s);
  };
  let t = performance.now();
  const lap = (stage: keyof typeof timings) => {
    const now = performance.now();
    timings[stage] += now - t;
    t = now;
  };
  const result = (partial: Partial<ValueResult>): ValueResult => ({
    table: null, unit, horizonMonths, monthlyDiscount, customers: 0, repeaters: 0, bgnbd: null, spendAmount: null, spendProfit: null,
    profitByMargin: false, correlation: NaN, reasons: [], timings, sql, span: null, ...partial,
  });

  opts.onProgress?.('history');
  await run(buildHistorySql({ ...opts, unit }));
  const summarySql = buildHistorySummarySql(historyTable);
  const s = (await run(summarySql)).toArray()[0]!.toJSON() as Record<string, number>;
  const customers = s.customers!;
  const repeaters = s.repeaters!;
  // A history without customers: were there dates at all, or just none in the calibration period?
  let hasDates = customers > 0;
  if (!hasDates) {
    const dated = (await run(`SELECT COUNT(*) > 0 AS dated FROM (SELECT 1 FROM ${'table' in opts.source ? ident(opts.source.table) : `(${opts.source.select})`} AS src WHERE TRY_CAST(${ident(opts.columns?.orderDate ?? 'order_date')} AS DATE) IS NOT NULL LIMIT 1)`)).toArray()[0]!.toJSON() as { dated: boolean };
    hasDates = dated.dated;
  }
  const dataReasons = checkData({ hasDates, customers, repeaters, distinctHistories: s.distinct_histories! });
  lap('history');
  const drop = () => run(`DROP TABLE IF EXISTS ${ident(valueTable)}`);
  if (isBlocking(dataReasons)) {
    await drop();
    return result({ customers, repeaters, reasons: dataReasons });
  }

  opts.onProgress?.('fit');
  const groups = await run(buildHistoryGroupsSql(historyTable));
  const gx = float64Column(groups, 'x');
  const gtx = float64Column(groups, 't_x');
  const gT = float64Column(groups, 'T');
  const gn = float64Column(groups, 'n');
  const gtxDays = float64Column(groups, 'tx_days');
  const gTDays = float64Column(groups, 'T_days');
  const bgnbd = fitBgnbd({ x: gx, tx: gtx, T: gT, n: gn }, { group: false });
  const span = historySpan(gx, gT, gn);
  const spendRows = await run(`SELECT x, mean_amount, mean_profit FROM ${ident(historyTable)} WHERE x > 0`);
  const sx = float64Column(spendRows, 'x');
  const sAmount = float64Column(spendRows, 'mean_amount');
  const fitOrNull = (xs: Float64Array, zs: Float64Array): GammaGammaFit | null => (zs.some((z) => z > 0) ? fitGammaGamma(xs, zs) : null);
  const spendAmount = fitOrNull(sx, sAmount);
  // Profit can be negative, which Gamma-Gamma cannot model: then profit per purchase goes by the customer's margin.
  const profitFittable = hasProfit && s.with_profit! > 0 && s.nonpositive_profit === 0;
  const spendProfit = profitFittable ? fitOrNull(sx, float64Column(spendRows, 'mean_profit')) : null;
  const profitByMargin = hasProfit && s.with_profit! > 0 && !profitFittable;
  const correlation = frequencyValueCorrelation(sx, sAmount);
  const reasons = [...dataReasons, ...checkFits(bgnbd, spendAmount, { correlation, profitByMargin })];
  if (spendProfit && (!spendProfit.converged || spendProfit.populationMean === null)) {
    reasons.push({ id: 'spendNotConverged', severity: 'warning', text: { zh: '利润的消费模型未收敛：预测利润不可用。', en: 'The spend model for profit did not converge: predicted profit is not available.' } });
  }
  lap('fit');
  if (isBlocking(reasons)) {
    await drop();
    return result({ customers, repeaters, bgnbd, spendAmount, spendProfit, profitByMargin, correlation, reasons });
  }

  opts.onProgress?.('predict');
  const outlook = purchaseOutlook(bgnbd.params, { x: gx, tx: gtx, T: gT }, { unit, horizonMonths, monthlyDiscount });
  const pAliveArr = Float64Array.from(gx, (x, i) => pAlive(bgnbd.params, x, gtx[i]!, gT[i]!));
  lap('predict');

  opts.onProgress?.('write');
  // Bulk write as CSV through a registered file: the Engine has no Arrow insert, and
  // String(double) is the shortest text that reads back to the same double.
  const parts: string[] = [];
  for (let i = 0; i < gx.length; i++) {
    parts.push(`${gx[i]},${gtxDays[i]},${gTDays[i]},${pAliveArr[i]},${outlook.expPurchases[i]},${outlook.discountedPurchases[i]}\n`);
  }
  const file = `tierscope_value_${++sequence}.csv`;
  await engine.registerFile(file, new TextEncoder().encode(parts.join('')));
  try {
    await run(`CREATE OR REPLACE TEMP TABLE ${ident(GROUPS_TABLE)} AS
SELECT * FROM read_csv(${str(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {'x': 'INTEGER', 'tx_days': 'INTEGER', 'T_days': 'INTEGER', 'p_alive': 'DOUBLE', 'exp_purchases_h': 'DOUBLE', 'disc_purchases_h': 'DOUBLE'})`);
  } finally {
    await engine.dropFile(file);
  }
  await run(buildCustomerValueSql({ historyTable, groupsTable: GROUPS_TABLE, valueTable, amount: spendAmount!.params, profit: spendProfit?.converged && spendProfit.populationMean !== null ? spendProfit.params : null, profitByMargin, hasProfit }));
  await run(`DROP TABLE IF EXISTS ${ident(GROUPS_TABLE)}`);
  lap('write');
  opts.onProgress?.('done');
  return result({ table: valueTable, customers, repeaters, bgnbd, spendAmount, spendProfit, profitByMargin, correlation, reasons, span });
}

/** The largest T, and the repeat purchases 95 % of customers stay within (3 to 30), from the grouped histories. */
function historySpan(x: Float64Array, T: Float64Array, n: Float64Array): { T: number; x: number } {
  let maxT = 0;
  let total = 0;
  const byX = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    maxT = Math.max(maxT, T[i]!);
    total += n[i]!;
    byX.set(x[i]!, (byX.get(x[i]!) ?? 0) + n[i]!);
  }
  let seen = 0;
  let x95 = 0;
  for (const [k, c] of [...byX].sort((a, b) => a[0] - b[0])) {
    seen += c;
    x95 = k;
    if (seen >= 0.95 * total) break;
  }
  return { T: maxT, x: Math.min(30, Math.max(3, Math.ceil(x95))) };
}

/** A DOUBLE literal: DuckDB would read 6.2495… as a DECIMAL and overflow its scale. */
const dbl = (v: number) => `${num(v)}::DOUBLE`;

/**
 * E[value per purchase | x, z̄] = p(γ + x z̄)/(px + q − 1) in SQL, the customer's own mean
 * shrunk toward pγ/(q − 1); customers without repeat purchases get the population mean.
 */
export function expectedValueSql(g: GammaGammaParams, x: string, mean: string): string {
  return `CASE WHEN ${x} > 0 AND ${mean} > 0 THEN ${dbl(g.p)} * (${dbl(g.gamma)} + ${x} * ${mean}) / (${dbl(g.p)} * ${x} + ${dbl(g.q)} - 1)
    ELSE ${dbl(g.p * g.gamma)} / (${dbl(g.q)} - 1) END`;
}

export interface CustomerValueSqlOptions {
  historyTable: string;
  groupsTable: string;
  valueTable: string;
  amount: GammaGammaParams;
  /** Gamma-Gamma parameters for profit, or null (then by margin, or no profit). */
  profit: GammaGammaParams | null;
  profitByMargin: boolean;
  hasProfit: boolean;
}

/**
 * customer_value: customer_id, x, t_x, T, p_alive, exp_purchases_h (E[Y(H)]),
 * disc_purchases_h (month by month, discounted), exp_value_amount, exp_value_profit
 * (per purchase), clv_amount, clv_profit (= disc_purchases_h × expected value per purchase).
 */
export function buildCustomerValueSql(o: CustomerValueSqlOptions): string {
  const amount = expectedValueSql(o.amount, 'h.x', 'h.mean_amount');
  const profit = o.profit
    ? expectedValueSql(o.profit, 'h.x', 'h.mean_profit')
    : o.profitByMargin
      ? `(${amount}) * (h.profit_cal / NULLIF(h.amount_cal, 0))`
      : 'NULL::DOUBLE';
  return `CREATE OR REPLACE TABLE ${ident(o.valueTable)} AS
SELECT h.customer_id, h.x, h.t_x, h."T", g.p_alive, g.exp_purchases_h, g.disc_purchases_h,
  ev.exp_value_amount, ev.exp_value_profit,
  g.disc_purchases_h * ev.exp_value_amount AS clv_amount,
  g.disc_purchases_h * ev.exp_value_profit AS clv_profit
FROM ${ident(o.historyTable)} AS h
JOIN ${ident(o.groupsTable)} AS g ON g.x = h.x AND g.tx_days = h.tx_days AND g.T_days = h.T_days
CROSS JOIN LATERAL (SELECT ${amount} AS exp_value_amount, CAST(${o.hasProfit ? profit : 'NULL'} AS DOUBLE) AS exp_value_profit) AS ev`;
}

