// Transition matrices and stability from transition rows, including customers who
// appear or drop out between periods, and the pooled average.

import { describe, expect, it } from 'vitest';
import { averageMatrix, pairStats } from '../../src/model/history/transitions';
import type { TransitionRow } from '../../src/model/history/history-sql';
import { historyPeriods, periodEndOf, validateHistorySettings, DEFAULT_HISTORY } from '../../src/model/history/periods';

const rows: TransitionRow[] = [
  // pair 0: A→A 3, A→C 1 (fell two), B→A 1 (up), one new customer graded C, one gone from B
  { pair: 0, from_index: 0, to_index: 0, customers: 3 },
  { pair: 0, from_index: 0, to_index: 2, customers: 1 },
  { pair: 0, from_index: 1, to_index: 0, customers: 1 },
  { pair: 0, from_index: null, to_index: 2, customers: 1 },
  { pair: 0, from_index: 1, to_index: null, customers: 1 },
  // pair 1: A→A 1, A→B 1, C→C 2
  { pair: 1, from_index: 0, to_index: 0, customers: 1 },
  { pair: 1, from_index: 0, to_index: 1, customers: 1 },
  { pair: 1, from_index: 2, to_index: 2, customers: 2 },
];

describe('transitions', () => {
  it('counts each pair: kept, up, down, fell two or more, new and gone', () => {
    const [p0, p1] = pairStats(rows, 3, 3);
    expect(p0!.counts).toEqual([
      [3, 0, 1],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(p0).toMatchObject({ compared: 5, kept: 3, up: 1, down: 1, fellTwo: 1, entered: [0, 0, 1], left: [0, 1, 0], keptShare: 0.6 });
    expect(p1).toMatchObject({ compared: 4, kept: 3, up: 0, down: 1, fellTwo: 0, keptShare: 0.75 });
  });

  it('pools every pair into the average matrix, by row', () => {
    const avg = averageMatrix(pairStats(rows, 3, 3), 3);
    expect(avg.counts[0]).toEqual([4, 1, 1]);
    expect(avg.shares[0]).toEqual([4 / 6, 1 / 6, 1 / 6]);
    // No B customer was graded in both periods of any pair after its first: B's row is B→A only.
    expect(avg.shares[1]).toEqual([1, 0, 0]);
    expect(avg).toMatchObject({ compared: 9, keptShare: 6 / 9, fellTwo: 1 });
  });

  it('has no pairs with fewer than two periods, and empty rows share nothing', () => {
    expect(pairStats([], 4, 1)).toEqual([]);
    expect(averageMatrix([], 2).shares).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

describe('period ends', () => {
  it('finds calendar ends of months, quarters and years (leap years too)', () => {
    expect(periodEndOf('2024-02-10', 'month')).toBe('2024-02-29');
    expect(periodEndOf('2023-05-01', 'quarter')).toBe('2023-06-30');
    expect(periodEndOf('2023-12-31', 'quarter')).toBe('2023-12-31');
    expect(periodEndOf('2023-01-01', 'year')).toBe('2023-12-31');
  });

  it('stops at the first end with orders in its window, and at the period count', () => {
    const p = historyPeriods('2023-11-20', '2024-03-31', { ...DEFAULT_HISTORY, step: 'month', windowMonths: 3 });
    expect(p.map((x) => x.to)).toEqual(['2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31']);
    expect(p[3]).toMatchObject({ from: '2023-12-01', label: '2024-02' });
    expect(historyPeriods('2000-01-01', '2024-03-31', { ...DEFAULT_HISTORY, periods: 4 }).map((x) => x.label)).toEqual(['2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1']);
  });

  it('refuses settings out of range, saying which', () => {
    expect(validateHistorySettings(DEFAULT_HISTORY)).toEqual([]);
    expect(validateHistorySettings({ step: 'week' as 'month', windowMonths: 1.5, periods: 1, slidingPeriods: 0 })).toEqual([
      'The history step must be month, quarter or year (got "week").',
      'The window in months must be a whole number from 1 to 120 (got 1.5).',
      'The number of periods must be a whole number from 2 to 60 (got 1).',
      'Sliding periods must be a whole number from 1 to 12 (got 0).',
    ]);
  });
});
