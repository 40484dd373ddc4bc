// Predicted customer value over a horizon, and the checks that say whether the
// data can carry the models at all.
//
// Discounting, exactly: the horizon is H whole months (of 30.4375 days). With
// E[Y(t)] the BG/NBD conditional expectation of purchases in (T, T+t], the purchases
// of month m are E[Y(m)] − E[Y(m−1)], valued at the end of month m:
//   discounted purchases D = Σₘ₌₁..H (E[Y(m)] − E[Y(m−1)]) / (1 + d)^m,
//   predicted value = D × E[value per purchase | x, z̄] (Gamma-Gamma),
// for order amount and for profit alike. d is the monthly rate (default 1 %).
// Undiscounted expected purchases over H, E[Y(H)], are reported beside it.

import { conditionalExpectedPurchasesPath, expectedPurchases, type BgnbdFit, type BgnbdParams, type Histories } from './bgnbd';
import type { GammaGammaFit } from './gamma-gamma';
import { MONTH_DAYS, UNIT_DAYS, type TimeUnit } from './history-sql';

/** A sentence in both languages, like every message of the app. */
export interface Text {
  zh: string;
  en: string;
}

export interface HorizonOptions {
  /** Whole months ahead (default 12). */
  horizonMonths?: number;
  /** Monthly discount rate (default 0.01 = 1 %); 0 for none. */
  monthlyDiscount?: number;
  unit: TimeUnit;
}

export const DEFAULT_HORIZON_MONTHS = 12;
export const DEFAULT_MONTHLY_DISCOUNT = 0.01;

/** Month ends 1…H expressed in the history's time unit. */
export function monthEnds(unit: TimeUnit, horizonMonths = DEFAULT_HORIZON_MONTHS): Float64Array {
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1 || horizonMonths > 1200) throw new Error(`The horizon must be a whole number of months from 1 to 1200, not ${horizonMonths}.`);
  return Float64Array.from({ length: horizonMonths }, (_, m) => ((m + 1) * MONTH_DAYS) / UNIT_DAYS[unit]);
}

/** 1/(1+d)^m for m = 1…H. */
export function discountFactors(horizonMonths: number, monthlyDiscount = DEFAULT_MONTHLY_DISCOUNT): Float64Array {
  if (!(monthlyDiscount >= 0 && monthlyDiscount < 1)) throw new Error(`The monthly discount rate must be in [0, 1), not ${monthlyDiscount}.`);
  return Float64Array.from({ length: horizonMonths }, (_, m) => Math.pow(1 + monthlyDiscount, -(m + 1)));
}

export interface PurchaseOutlook {
  /** E[Y(H)]: purchases expected over the horizon. */
  expPurchases: Float64Array;
  /** D: the same, month by month, discounted to today. */
  discountedPurchases: Float64Array;
}

/** E[Y(H)] and D for each history (one entry per customer or per group, as given). */
export function purchaseOutlook(p: BgnbdParams, h: Histories, opts: HorizonOptions): PurchaseOutlook {
  const months = opts.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  const ts = monthEnds(opts.unit, months);
  const disc = discountFactors(months, opts.monthlyDiscount ?? DEFAULT_MONTHLY_DISCOUNT);
  const len = h.x.length;
  const expPurchases = new Float64Array(len);
  const discountedPurchases = new Float64Array(len);
  const path = new Float64Array(months);
  for (let i = 0; i < len; i++) {
    conditionalExpectedPurchasesPath(p, h.x[i]!, h.tx[i]!, h.T[i]!, ts, path);
    let d = 0;
    let prev = 0;
    for (let m = 0; m < months; m++) {
      d += (path[m]! - prev) * disc[m]!;
      prev = path[m]!;
    }
    expPurchases[i] = prev;
    discountedPurchases[i] = d;
  }
  return { expPurchases, discountedPurchases };
}

// ---------------------------------------------------------------- checks

/** Fewer customers with a repeat purchase than this and the fit is not trusted. */
export const MIN_REPEAT_CUSTOMERS = 30;
/** |correlation| of frequency and mean value above this is worth a warning (Gamma-Gamma assumes independence). */
export const CORRELATION_WARNING = 0.3;
/** a/(a+b) below this: drop-out is not seen in the data (P(alive) ≈ 1 for everyone). */
export const NO_DROPOUT = 1e-3;

export type ValueReasonId =
  | 'customerLevel'
  | 'fitFailed'
  | 'noDates'
  | 'noCustomers'
  | 'oneOrderPerCustomer'
  | 'tooFewRepeaters'
  | 'identicalHistories'
  | 'notConverged'
  | 'spendNotConverged'
  | 'noPositiveSpend'
  | 'profitByMargin'
  | 'spendCorrelated'
  | 'noDropout';

export interface ValueReason {
  id: ValueReasonId;
  /** 'blocking': the predictions stay out of the score; 'warning': shown beside them. */
  severity: 'blocking' | 'warning';
  text: Text;
}

export interface DataSummary {
  /** Does the data have order dates at all (mapped, and some parse)? */
  hasDates: boolean;
  customers: number;
  /** Customers with x ≥ 1. */
  repeaters: number;
  /** Distinct (x, t_x, T). */
  distinctHistories: number;
}

const reason = (id: ValueReasonId, severity: ValueReason['severity'], zh: string, en: string): ValueReason => ({ id, severity, text: { zh, en } });

/** Can this data carry the purchase model at all? Run before fitting; any blocking reason means: do not fit. */
export function checkData(s: DataSummary): ValueReason[] {
  if (!s.hasDates) return [reason('noDates', 'blocking', '数据没有订单日期：无法预测客户价值。', 'The data has no order dates: customer value cannot be predicted.')];
  if (s.customers === 0) return [reason('noCustomers', 'blocking', '校准期内没有客户下过单。', 'No customer ordered in the calibration period.')];
  if (s.repeaters === 0)
    return [reason('oneOrderPerCustomer', 'blocking', '每位客户都只下过一天的订单：没有复购，模型无从估计。', 'Every customer ordered on one day only: without repeat purchases the model cannot be estimated.')];
  const out: ValueReason[] = [];
  if (s.repeaters < MIN_REPEAT_CUSTOMERS)
    out.push(
      reason(
        'tooFewRepeaters',
        'blocking',
        `只有 ${s.repeaters} 位客户有复购（至少需要 ${MIN_REPEAT_CUSTOMERS} 位）：预测不可靠。`,
        `Only ${s.repeaters} customers bought again (at least ${MIN_REPEAT_CUSTOMERS} are needed): the predictions would not be reliable.`,
      ),
    );
  if (s.distinctHistories < 4)
    out.push(
      reason(
        'identicalHistories',
        'blocking',
        `客户的购买记录只有 ${s.distinctHistories} 种（次数、末次、时长）：不足以估计四个参数。`,
        `The customers' histories (purchases, last purchase, age) take only ${s.distinctHistories} distinct values: too few to estimate four parameters.`,
      ),
    );
  return out;
}

/** After fitting: did the fits converge, and what should the reader know about the spend model? */
export function checkFits(bg: BgnbdFit, spend: GammaGammaFit | null, opts: { correlation?: number; profitByMargin?: boolean } = {}): ValueReason[] {
  const out: ValueReason[] = [];
  if (!bg.converged)
    out.push(
      reason(
        'notConverged',
        'blocking',
        bg.atBoundary || !bg.identified ? '购买模型的参数趋向边界（数据不足以确定模型）：拟合未收敛。' : `购买模型的拟合未收敛（${bg.iterations} 次迭代后停止）。`,
        bg.atBoundary || !bg.identified ? 'The purchase model’s parameters run off to a boundary (the data do not determine the model): the fit did not converge.' : `The purchase model’s fit did not converge (stopped after ${bg.iterations} iterations).`,
      ),
    );
  if (spend === null)
    out.push(reason('noPositiveSpend', 'blocking', '没有金额为正的复购：无法估计每次购买的价值。', 'No repeat purchase has a positive value: the value per purchase cannot be estimated.'));
  else if (!spend.converged || spend.populationMean === null)
    out.push(
      reason(
        'spendNotConverged',
        'blocking',
        spend.populationMean === null && spend.converged ? '消费模型的 q ≤ 1：每次购买的平均价值不存在。' : '消费模型（Gamma-Gamma）的拟合未收敛。',
        spend.populationMean === null && spend.converged ? 'The spend model has q ≤ 1: the mean value per purchase does not exist.' : 'The spend model’s (Gamma-Gamma) fit did not converge.',
      ),
    );
  const { a, b } = bg.params;
  if (bg.converged && a / (a + b) < NO_DROPOUT)
    out.push(
      reason(
        'noDropout',
        'warning',
        `数据中几乎看不到客户流失（每次购买后流失的概率 a/(a+b) = ${(a / (a + b)).toExponential(1)}）：人人的活跃概率都接近 100%，它无法区分客户；预测价值仍然可用。`,
        `The data show almost no drop-out (the chance of leaving after a purchase, a/(a+b), is ${(a / (a + b)).toExponential(1)}): everyone's P(alive) is close to 100 %, so it does not tell customers apart; the predicted value still does.`,
      ),
    );
  const rho = opts.correlation;
  if (rho !== undefined && Math.abs(rho) > CORRELATION_WARNING)
    out.push(
      reason(
        'spendCorrelated',
        'warning',
        `购买频次与平均单次金额的相关系数为 ${rho.toFixed(2)}：消费模型假定二者无关，价值预测可能有偏。`,
        `Purchase frequency and mean value per purchase correlate at ${rho.toFixed(2)}: the spend model assumes they are independent, so the value predictions may be biased.`,
      ),
    );
  if (opts.profitByMargin)
    out.push(
      reason(
        'profitByMargin',
        'warning',
        '部分客户复购的平均利润不为正：每次购买的预期利润按预期金额 × 该客户校准期的利润率计算。',
        'Some customers’ repeat purchases have a mean profit of zero or less: expected profit per purchase is the expected amount × the customer’s calibration-period margin.',
      ),
    );
  return out;
}

export const isBlocking = (reasons: readonly ValueReason[]) => reasons.some((r) => r.severity === 'blocking');

// ---------------------------------------------------------------- holdout

export interface HoldoutRow {
  /** Calibration repeat purchases: 0, 1, …, `top`−1, and `top` standing for "top or more". */
  x: number;
  label: string;
  customers: number;
  /** Mean purchases per customer in the holdout, actual and predicted E[Y(holdout length)]. */
  actual: number;
  predicted: number;
}

/**
 * Predicted against actual holdout purchases by number of calibration purchases
 * (0, 1, …, 7+), the check of Fader, Hardie & Lee's figure 4.
 */
export function holdoutByFrequency(p: BgnbdParams, h: Histories & { holdout: ArrayLike<number> }, holdoutLength: number, top = 7): HoldoutRow[] {
  const customers = new Float64Array(top + 1);
  const actual = new Float64Array(top + 1);
  const predicted = new Float64Array(top + 1);
  const one = new Float64Array(1);
  const ts = [holdoutLength];
  for (let i = 0; i < h.x.length; i++) {
    const w = h.n ? h.n[i]! : 1;
    const k = Math.min(h.x[i]!, top);
    customers[k]! += w;
    actual[k]! += w * h.holdout[i]!;
    predicted[k]! += w * conditionalExpectedPurchasesPath(p, h.x[i]!, h.tx[i]!, h.T[i]!, ts, one)[0]!;
  }
  return Array.from({ length: top + 1 }, (_, k) => ({
    x: k,
    label: k === top ? `${top}+` : String(k),
    customers: customers[k]!,
    actual: customers[k]! > 0 ? actual[k]! / customers[k]! : NaN,
    predicted: customers[k]! > 0 ? predicted[k]! / customers[k]! : NaN,
  }));
}

/** A point of the tracking chart. */
export interface TrackingPoint {
  /** End of the step, in units since the earliest first purchase. */
  period: number;
  actual: number;
  expected: number;
}

/**
 * Expected cumulative repeat purchases of the whole cohort at the end of each period
 * 1…periods (in the history's unit, counted from the earliest first purchase): Σᵢ E[X(s − fᵢ)],
 * fᵢ being customer i's first purchase in units after the earliest. The tracking chart sets
 * the actual cumulative sum (buildTrackingSql) beside it. With `every` > 1, only at the end of
 * every `every`-th period (and at `periods`): a daily unit over years needs no thousand points.
 */
export function expectedTracking(p: BgnbdParams, firstOffsets: ArrayLike<number>, periods: number, every = 1): Float64Array {
  const counts = new Map<number, number>();
  for (let i = 0; i < firstOffsets.length; i++) counts.set(firstOffsets[i]!, (counts.get(firstOffsets[i]!) ?? 0) + 1);
  const out = new Float64Array(Math.ceil(periods / every));
  for (const [f, n] of counts) {
    for (let k = 0; k < out.length; k++) {
      const s = Math.min((k + 1) * every, periods);
      if (s > f) out[k]! += n * expectedPurchases(p, s - f);
    }
  }
  return out;
}
