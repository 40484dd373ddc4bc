// Grade history: which period ends to grade at, and the trailing window each one reads.
// Calendar ends (month, quarter or year ends) before the latest order, plus the latest
// order date itself as the last end: that period is the current grading.

import { addMonths, dayAfter, monthEnd } from '../dates';

export type HistoryStep = 'month' | 'quarter' | 'year';
export const HISTORY_STEPS: readonly HistoryStep[] = ['month', 'quarter', 'year'];

export interface HistorySettings {
  step: HistoryStep;
  /** Months of orders each period grades, ending at the period end (12: the last year at each end). */
  windowMonths: number;
  /** At most this many periods, the most recent. */
  periods: number;
  /** "Sliding": the score fell this many periods in a row, and the grade ended lower. */
  slidingPeriods: number;
}

export const DEFAULT_HISTORY: HistorySettings = { step: 'quarter', windowMonths: 12, periods: 16, slidingPeriods: 3 };
export const MAX_HISTORY_PERIODS = 60;
export const MAX_WINDOW_MONTHS = 120;

export interface HistoryPeriod {
  index: number;
  /** First and last day of the orders it grades (YYYY-MM-DD, inclusive); `to` is the as-of date. */
  from: string;
  to: string;
  /** 2017-Q4, 2017-12 or 2017; the last period, cut at the latest order, is marked with its date. */
  label: string;
}

export function validateHistorySettings(s: HistorySettings): string[] {
  const problems: string[] = [];
  if (!HISTORY_STEPS.includes(s.step)) problems.push(`The history step must be month, quarter or year (got ${JSON.stringify(s.step)}).`);
  const whole = (v: number, lo: number, hi: number, what: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) problems.push(`${what} must be a whole number from ${lo} to ${hi} (got ${v}).`);
  };
  whole(s.windowMonths, 1, MAX_WINDOW_MONTHS, 'The window in months');
  whole(s.periods, 2, MAX_HISTORY_PERIODS, 'The number of periods');
  whole(s.slidingPeriods, 1, 12, 'Sliding periods');
  return problems;
}

const STEP_MONTHS: Record<HistoryStep, number> = { month: 1, quarter: 3, year: 12 };

/** The calendar end of the period (month, quarter, year) that `date` falls in. */
export function periodEndOf(date: string, step: HistoryStep): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const span = STEP_MONTHS[step];
  const lastMonth = Math.ceil(m / span) * span;
  return monthEnd(`${y}-${String(lastMonth).padStart(2, '0')}-01`);
}

function label(end: string, step: HistoryStep): string {
  const [y, m] = end.split('-').map(Number) as [number, number];
  if (step === 'year') return String(y);
  if (step === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  return end.slice(0, 7);
}

/**
 * The periods between the first and the latest order: each end grades the window of
 * months up to it. The first period ends at the first calendar end that has any orders
 * in its window; the last ends at `latest` (a partial period, labelled as of that date).
 */
export function historyPeriods(first: string, latest: string, s: HistorySettings): HistoryPeriod[] {
  const span = STEP_MONTHS[s.step];
  const ends: string[] = [latest];
  const before = (end: string) => periodEndOf(addMonths(end.slice(0, 8) + '01', -span), s.step);
  // The period holding `latest` ends on or after it: the next end back is the one before.
  let end = before(periodEndOf(latest, s.step));
  while (ends.length < s.periods && end >= first) {
    ends.push(end);
    end = before(end);
  }
  ends.reverse();
  const fullEnd = periodEndOf(latest, s.step);
  // A calendar end reads whole calendar months; the last, partial period the same span back from its day.
  const windowStart = (to: string) => (to === monthEnd(to) ? addMonths(to.slice(0, 8) + '01', 1 - s.windowMonths) : dayAfter(addMonths(to, -s.windowMonths)));
  return ends.map((to, index) => ({
    index,
    from: windowStart(to),
    to,
    label: index === ends.length - 1 && to !== fullEnd ? `${label(to, s.step)} (${to})` : label(to, s.step),
  }));
}
