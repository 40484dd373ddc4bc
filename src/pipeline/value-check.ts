// The analyst's check before trusting the value models: hold the last months out,
// fit BG/NBD on the history before them, and set what it predicts for the held-out
// months beside what happened (Fader, Hardie & Lee 2005, figures 2 and 4).
// On demand only: it fits a second time, on its own tables, and never touches the
// grading's customer_value.

import type { Engine } from '../db/engine';
import type { GradingConfig } from '../model/config';
import { buildOrderFactsSelect } from '../model/metrics-sql';
import type { SourceMapping } from '../model/source';
import { fitBgnbd, type BgnbdFit } from '../model/value/bgnbd';
import { checkData, expectedTracking, holdoutByFrequency, isBlocking, type HoldoutRow, type TrackingPoint, type ValueReason } from '../model/value/clv';
import { buildHistoryGroupsSql, buildHistorySql, buildHistorySummarySql, buildTrackingSql, UNIT_DAYS, type HistoryOptions, type TimeUnit } from '../model/value/history-sql';
import { ident } from '../sql/quote';
import { float64Column, toRows } from '../results/rows';
import { valueConfigOf, valueHistory } from './value-step';

export const CHECK_HISTORY = 'customer_history_check';

/** Hold-out lengths the page offers, in months. */
export const HOLDOUT_MONTHS = [3, 6, 9, 12] as const;
export const DEFAULT_HOLDOUT_MONTHS = 6;
export const MAX_HOLDOUT_MONTHS = 120;
export const validHoldoutMonths = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_HOLDOUT_MONTHS;

/** At most this many points on the tracking chart: a daily unit over years is summed into coarser steps. */
const MAX_TRACKING_POINTS = 160;

export interface HoldoutCheck {
  holdoutMonths: number;
  unit: TimeUnit;
  calibrationEnd: string;
  holdoutEnd: string;
  /** The holdout's length in units. */
  holdoutLength: number;
  customers: number;
  bgnbd: BgnbdFit | null;
  /** Mean holdout purchases per customer by calibration repeat purchases (0 … 7+). */
  byFrequency: HoldoutRow[];
  /** Cumulative repeat purchases of the cohort, actual and expected, to the holdout end. */
  tracking: TrackingPoint[];
  /** The calibration end, in the tracking's units. */
  trackingSplit: number;
  /** Holdout purchases summed over the customers. */
  actualTotal: number;
  predictedTotal: number;
  /** Why the check could not run, or what to keep in mind (the same reasons as the fit's). */
  reasons: ValueReason[];
  sql: string[];
}

/** YYYY-MM-DD minus whole months, the day clamped to the month's end (31 March − 1 month = 28/29 February). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(Math.min(d, last))}`;
}

/**
 * Fit on the orders up to (as-of − holdoutMonths), predict the months after it up to the as-of
 * date (or the latest order), and compare with what happened. Reasons instead of figures when
 * the data cannot carry the model or the holdout leaves no calibration history.
 */
export async function runHoldoutCheck(engine: Engine, mapping: SourceMapping, config: GradingConfig, holdoutMonths: number): Promise<HoldoutCheck> {
  if (!validHoldoutMonths(holdoutMonths)) throw new Error(`The holdout must be a whole number of months from 1 to ${MAX_HOLDOUT_MONTHS}, not ${holdoutMonths}.`);
  const unit = valueConfigOf(config).unit;
  const sql: string[] = [];
  const run = async (s: string) => {
    sql.push(s);
    return engine.query(s);
  };
  const empty = (reasons: ValueReason[], calibrationEnd = '', holdoutEnd = ''): HoldoutCheck => ({
    holdoutMonths, unit, calibrationEnd, holdoutEnd, holdoutLength: 0, customers: 0, bgnbd: null, byFrequency: [], tracking: [], trackingSplit: 0, actualTotal: 0, predictedTotal: 0, reasons, sql,
  });
  const h = valueHistory(mapping, config);
  if (!('source' in h)) return empty([h]);

  const facts = buildOrderFactsSelect(mapping);
  let holdoutEnd = config.asOf;
  if (!holdoutEnd) {
    const [row] = toRows<{ last: string | null }>(await run(`SELECT strftime(max(TRY_CAST(order_date AS DATE)), '%Y-%m-%d') AS last FROM (${facts}) AS src`));
    holdoutEnd = row?.last ?? null;
  }
  if (!holdoutEnd) return empty(checkData({ hasDates: false, customers: 0, repeaters: 0, distinctHistories: 0 }));
  const calibrationEnd = monthsBefore(holdoutEnd, holdoutMonths);
  const history: HistoryOptions = { ...h, table: CHECK_HISTORY, calibrationEnd, holdoutEnd, unit };
  try {
    await run(buildHistorySql(history));
    const [s] = toRows<{ customers: number; repeaters: number; distinct_histories: number }>(await run(buildHistorySummarySql(CHECK_HISTORY)));
    const customers = s?.customers ?? 0;
    const dataReasons = checkData({ hasDates: true, customers, repeaters: s?.repeaters ?? 0, distinctHistories: s?.distinct_histories ?? 0 });
    if (isBlocking(dataReasons)) return { ...empty(dataReasons, calibrationEnd, holdoutEnd), customers };

    // One row per distinct calibration history, with its customers' mean holdout purchases:
    // the prediction depends on (x, t_x, T) only, so the buckets' means are exact.
    const groups = await run(buildHistoryGroupsSql(CHECK_HISTORY, { holdout: true }));
    const g = { x: float64Column(groups, 'x'), tx: float64Column(groups, 't_x'), T: float64Column(groups, 'T'), n: float64Column(groups, 'n'), holdout: float64Column(groups, 'holdout') };
    const bgnbd = fitBgnbd(g, { group: false });
    const unitDays = UNIT_DAYS[unit];
    const holdoutDays = (Date.parse(`${holdoutEnd}T00:00:00Z`) - Date.parse(`${calibrationEnd}T00:00:00Z`)) / 86_400_000;
    const holdoutLength = holdoutDays / unitDays;
    const byFrequency = holdoutByFrequency(bgnbd.params, g, holdoutLength);
    const total = (k: 'actual' | 'predicted') => byFrequency.reduce((sum, r) => sum + (r.customers > 0 ? r.customers * r[k] : 0), 0);

    const actual = toRows<{ period: number; repeat_purchases: number }>(await run(buildTrackingSql({ ...history, until: holdoutEnd })));
    const first = await run(`SELECT T_days AS d FROM ${ident(CHECK_HISTORY)}`);
    const ageDays = float64Column(first, 'd');
    // The oldest customer's age at the calibration end places everyone's first purchase on the tracking's clock.
    const oldest = ageDays.reduce((m, d) => Math.max(m, d), 0);
    const periods = Math.max(1, Math.ceil((oldest + holdoutDays) / unitDays));
    const every = Math.max(1, Math.ceil(periods / MAX_TRACKING_POINTS));
    const expected = expectedTracking(bgnbd.params, ageDays.map((d) => (oldest - d) / unitDays), periods, every);
    const byPeriod = new Map(actual.map((r) => [r.period, r.repeat_purchases]));
    const tracking: TrackingPoint[] = [];
    let cumulative = 0;
    for (let k = 0; k < periods; k++) {
      cumulative += byPeriod.get(k) ?? 0;
      if ((k + 1) % every === 0 || k === periods - 1) tracking.push({ period: k + 1, actual: cumulative, expected: expected[Math.ceil((k + 1) / every) - 1]! });
    }
    const reasons = [...dataReasons];
    if (!bgnbd.converged)
      reasons.push({ id: 'notConverged', severity: 'warning', text: { zh: '留出期检验的拟合未收敛：以下预测仅供参考。', en: 'The holdout check’s fit did not converge: read the predictions below with care.' } });
    return {
      holdoutMonths, unit, calibrationEnd, holdoutEnd, holdoutLength, customers, bgnbd, byFrequency, tracking,
      trackingSplit: oldest / unitDays, actualTotal: total('actual'), predictedTotal: total('predicted'), reasons, sql,
    };
  } finally {
    await engine.query(`DROP TABLE IF EXISTS ${ident(CHECK_HISTORY)}`);
  }
}
