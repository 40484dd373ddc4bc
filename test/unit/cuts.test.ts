import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM } from '../../src/model/config';
import { cumulativeBasisPoints, gradeCuts, gradeIndexForRank, toBasisPoints, shiftShare } from '../../src/model/cuts';

const G = CLASSIC_CRM.rule.grades;

describe('grade cuts (round half up of cumulative share × n)', () => {
  it('gives the documented cuts for the sample: 793 → 159 / 397 / 634', () => {
    expect(gradeCuts(793, G)).toEqual([159, 397, 634]);
  });
  it('rounds exactly-half positions up (396.5 → 397)', () => {
    // 0.5 · 793 = 396.5
    expect(gradeCuts(793, G)[1]).toBe(397);
    // 0.2 · 5 = 1, 0.5 · 5 = 2.5 → 3, 0.8 · 5 = 4
    expect(gradeCuts(5, G)).toEqual([1, 3, 4]);
  });
  it('does not drift in floating point: 5 % + 30 % is exactly 35 %', () => {
    const grades = [
      { name: 'S', share: 5 },
      { name: 'A', share: 30 },
      { name: 'B', share: 65 },
    ];
    // The trap: (0.05 + 0.3) · 90 = 31.499999999999996, which would round to 31, not 31.5 → 32.
    expect(Math.floor((0.05 + 0.3) * 90 + 0.5)).toBe(31);
    expect(cumulativeBasisPoints(grades)).toEqual([500, 3500]);
    expect(gradeCuts(90, grades)).toEqual([5, 32]);
  });
  it('handles no customers, one customer and shares with decimals', () => {
    expect(gradeCuts(0, G)).toEqual([0, 0, 0]);
    expect(gradeCuts(1, G)).toEqual([0, 1, 1]);
    expect(toBasisPoints(12.5)).toBe(1250);
    expect(gradeCuts(8, [{ name: 'S', share: 12.5 }, { name: 'A', share: 87.5 }])).toEqual([1]);
  });
  it('matches floor(x + 0.5) for every n up to 5000', () => {
    for (let n = 0; n <= 5000; n++) {
      const cuts = gradeCuts(n, G);
      expect(cuts).toEqual([2, 5, 8].map((k) => Math.floor((k * n + 5) / 10)));
    }
  });
  it('maps a rank to its grade', () => {
    const cuts = [159, 397, 634];
    expect([1, 159, 160, 397, 398, 634, 635, 793].map((p) => gradeIndexForRank(p, cuts))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
  it('refuses a fractional or negative customer count', () => {
    expect(() => gradeCuts(1.5, G)).toThrow();
    expect(() => gradeCuts(-1, G)).toThrow();
  });
});

describe('shiftShare', () => {
  it('moves one boundary: the grade below gives or takes the difference, the total stays', () => {
    expect(shiftShare([20, 30, 30, 20], 0, 25)).toEqual([25, 25, 30, 20]);
    expect(shiftShare([20, 30, 30, 20], 3, 10)).toEqual([20, 30, 40, 10]);
    // Never below 0 nor beyond what the pair holds; two decimals stay exact.
    expect(shiftShare([20, 30, 30, 20], 1, 70)).toEqual([20, 60, 0, 20]);
    expect(shiftShare([20, 30, 30, 20], 1, -5)).toEqual([20, 0, 60, 20]);
    expect(shiftShare([12.35, 37.65, 50], 0, 12.36)).toEqual([12.36, 37.64, 50]);
    expect(shiftShare([50, 50], 0, Number.NaN)).toEqual([50, 50]);
  });
});
