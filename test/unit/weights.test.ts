import { describe, expect, it } from 'vitest';
import { rebalance } from '../../src/model/weights';

const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 10) / 10;

describe('rebalancing weights as one slider moves', () => {
  it('keeps the total, sharing the difference in proportion', () => {
    // credit 10, amount 30, profit 60; amount → 50: the other 50 split 10:60.
    const out = rebalance([10, 30, 60], 1, 50);
    expect(sum(out)).toBe(100);
    expect(out[1]).toBe(50);
    expect(out[0]).toBeCloseTo(7.1, 1);
    expect(out[2]).toBeCloseTo(42.9, 1);
  });
  it('never moves a locked weight, and caps the moved one by what is left', () => {
    const out = rebalance([10, 30, 60], 1, 95, new Set([0]));
    expect(out).toEqual([10, 90, 0]);
  });
  it('spreads evenly when the others are all zero', () => {
    expect(rebalance([0, 100, 0], 1, 40)).toEqual([30, 40, 30]);
  });
  it('cannot move when every other weight is locked', () => {
    expect(rebalance([20, 30, 50], 2, 80, new Set([0, 1]))).toEqual([20, 30, 50]);
  });
  it('clamps below zero', () => {
    expect(rebalance([10, 30, 60], 0, -5)).toEqual([0, 33.3, 66.7]);
  });
});
