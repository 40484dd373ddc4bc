// BG/NBD and Gamma-Gamma against the published CDNOW figures, and every
// prediction against a reference computed here another way: the model's
// integrals over the drop-out probability p done by quadrature (no 2F1, no
// log-gamma), and 2F1 by its plain power series.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bgnbdLogLik,
  bgnbdTotalLogLik,
  conditionalExpectedPurchases,
  conditionalExpectedPurchasesPath,
  expectedPurchases,
  fitBgnbd,
  groupHistories,
  pAlive,
  type BgnbdParams,
} from '../../src/model/value/bgnbd';
import { expectedMeanValue, fitGammaGamma, frequencyValueCorrelation, gammaGammaLogLik } from '../../src/model/value/gamma-gamma';
import { minimizeBfgs } from '../../src/model/value/optimize';
import { digamma, hyp2f1, lgamma } from '../../src/model/value/special';

const summary = readFileSync(new URL('../data/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number) as [number, number, number, number, number]);
const cdnow = { x: summary.map((r) => r[1]), tx: summary.map((r) => r[2]), T: summary.map((r) => r[3]) };
const zbar = summary.map((r) => r[4]);
const sig3 = (v: number) => Number(v.toPrecision(3));
const PUBLISHED: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** ∫₀¹ f(p, 1−p) dp by tanh-sinh quadrature (endpoint singularities such as p^(a−1) are fine). */
function integrate01(f: (p: number, q: number) => number): number {
  const h = 1 / 64;
  let sum = 0;
  for (let t = -6; t <= 6; t += h) {
    const u = (Math.PI / 2) * Math.sinh(t);
    const p = 1 / (1 + Math.exp(-2 * u));
    const q = 1 / (1 + Math.exp(2 * u));
    if (p === 0 || q === 0) continue;
    sum += f(p, q) * (Math.PI / 2) * Math.cosh(t) * 2 * p * q;
  }
  return sum * h;
}

/** The model's integrals over p ~ Beta(a, b), λ integrated out by hand (Gamma integrals of powers and exponentials). */
const reference = {
  /** E[X(t)] = E_p[(1 − (α/(α+pt))^r)/p]. */
  expected(m: BgnbdParams, t: number) {
    const beta = (p: number, q: number) => p ** (m.a - 1) * q ** (m.b - 1);
    const num = integrate01((p, q) => (-Math.expm1(-m.r * Math.log1p((p * t) / m.alpha)) / p) * beta(p, q));
    return num / integrate01(beta);
  },
  /** Posterior over p (λ integrated out): alive-at-T and dropped-after-last-purchase parts, all × (α+T)^(r+x). */
  parts(m: BgnbdParams, x: number, tx: number, T: number, t: number) {
    const k = m.r + x;
    const beta = (p: number, q: number) => p ** (m.a - 1) * q ** (m.b - 1);
    const alive = integrate01((p, q) => q ** x * beta(p, q));
    const dead = x > 0 ? integrate01((p, q) => p * q ** (x - 1) * ((m.alpha + T) / (m.alpha + tx)) ** k * beta(p, q)) : 0;
    // ∫ λ^x e^(−λT) (1 − e^(−λpt)) dGamma(λ) ∝ (α+T)^−k (1 − (1 + pt/(α+T))^−k)
    const ahead = integrate01((p, q) => ((q ** x * -Math.expm1(-k * Math.log1p((p * t) / (m.alpha + T)))) / p) * beta(p, q));
    return { alive, dead, ahead };
  },
  pAlive(m: BgnbdParams, x: number, tx: number, T: number) {
    const { alive, dead } = this.parts(m, x, tx, T, 0);
    return alive / (alive + dead);
  },
  conditional(m: BgnbdParams, x: number, tx: number, T: number, t: number) {
    const { alive, dead, ahead } = this.parts(m, x, tx, T, t);
    return ahead / (alive + dead);
  },
};

/** ₂F₁ by its power series, term by term, nothing else. */
function series2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 200_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum) && n > 10) break;
  }
  return sum;
}

describe('special functions', () => {
  it('gives ln Γ and ψ at known points', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(1e-8)).toBeCloseTo(-Math.log(1e-8) - 0.5772156649 * 1e-8, 10);
    expect(lgamma(1000.5) - lgamma(999.5)).toBeCloseTo(Math.log(999.5), 10);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 13);
    expect(digamma(7.3)).toBeCloseTo((lgamma(7.3 + 1e-5) - lgamma(7.3 - 1e-5)) / 2e-5, 7);
  });

  it('gives ₂F₁ equal to its closed forms and to the plain series', () => {
    for (const z of [0.01, 0.3, 0.7, 0.95]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(2.5, 1.3, 1.3, z)).toBeCloseTo((1 - z) ** -2.5, 9);
      expect(hyp2f1(0.5, 0.5, 1.5, z * z)).toBeCloseTo(Math.asin(z) / z, 12);
      // c − a − b < 0: the implementation goes through Euler's transformation, the reference does not.
      const [a, b, c] = [3.243, 4.426, 4.219];
      expect(hyp2f1(a, b, c, z) / series2f1(a, b, c, z)).toBeCloseTo(1, 11);
    }
    expect(hyp2f1(1, 1, 2, 0)).toBe(1);
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
  });

  it('keeps ₂F₁ finite where the plain series overflows (a customer with 400 purchases)', () => {
    const [a, b, c, z] = [400.24, 402.4, 402.2, 0.9];
    expect(series2f1(a, b, c, z)).toBe(Infinity);
    // (₂F₁ itself is ~10⁴⁰⁰ here, beyond doubles.) The BG/NBD needs (1−z)^(r+x) · ₂F₁, which stays small and exact:
    const m = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    const y = conditionalExpectedPurchases(m, 400, 38, 39, 52);
    expect(y).toBeCloseTo(reference.conditional(m, 400, 38, 39, 52), 8);
  });
});

describe('BG/NBD on the CDNOW 39-week summary', () => {
  const fit = fitBgnbd(cdnow);

  it('fits r = 0.243, α = 4.414, a = 0.793, b = 2.426 with log-likelihood −9582.4', () => {
    expect(fit.converged).toBe(true);
    expect(fit.stop).toBe('gradient');
    expect([fit.params.r, fit.params.alpha, fit.params.a, fit.params.b].map(sig3)).toEqual([0.243, 4.41, 0.793, 2.43]);
    expect(fit.logLik).toBeCloseTo(-9582.43, 2);
    expect(fit.customers).toBe(2357);
    expect(fit.groups).toBeLessThan(2357);
    expect(fit.iterations).toBeLessThan(100);
  });

  it('gives the published parameters a log-likelihood of −9582.43, as SOURCES.md checked', () => {
    expect(bgnbdTotalLogLik(PUBLISHED, cdnow)).toBeCloseTo(-9582.43, 2);
    // One customer's term equals the closed form written out in ratios of Gamma functions.
    const [r, al, a, b] = [PUBLISHED.r, PUBLISHED.alpha, PUBLISHED.a, PUBLISHED.b];
    const x = 2, tx = 30.43, T = 38.86;
    const direct =
      ((r * (r + 1)) * al ** r * (b * (b + 1))) / ((a + b) * (a + b + 1)) * ((al + T) ** -(r + x) + (a / (b + x - 1)) * (al + tx) ** -(r + x));
    expect(bgnbdLogLik(PUBLISHED, x, tx, T)).toBeCloseTo(Math.log(direct), 12);
  });

  it('groups identical histories without changing the likelihood', () => {
    const g = groupHistories(cdnow);
    expect(g.x.length).toBe(fit.groups);
    expect(Array.from(g.n).reduce((s, v) => s + v, 0)).toBe(2357);
    expect(bgnbdTotalLogLik(PUBLISHED, g)).toBeCloseTo(bgnbdTotalLogLik(PUBLISHED, cdnow), 8);
    const ungrouped = fitBgnbd(cdnow, { group: false });
    expect(ungrouped.params.r).toBeCloseTo(fit.params.r, 6);
  });

  it('computes P(alive) as the posterior share of the still-alive part', () => {
    const m = fit.params;
    for (const [x, tx, T] of [[2, 30.43, 38.86], [1, 1.71, 38.86], [7, 29.86, 38.86], [0, 0, 38.86], [26, 30.29, 31.57], [3, 32, 32]] as const) {
      expect(pAlive(m, x, tx, T)).toBeCloseTo(reference.pAlive(m, x, tx, T), 10);
    }
  });

  it('computes the conditional expectation of purchases ahead by quadrature over p as well', () => {
    const m = fit.params;
    for (const [x, tx, T] of [[2, 30.43, 38.86], [1, 1.71, 38.86], [7, 29.86, 38.86], [0, 0, 38.86], [26, 30.29, 31.57], [3, 32, 32], [0, 0, 0.5]] as const) {
      for (const t of [1, 10, 39, 52.18]) expect(conditionalExpectedPurchases(m, x, tx, T, t)).toBeCloseTo(reference.conditional(m, x, tx, T, t), 9);
    }
    const path = conditionalExpectedPurchasesPath(m, 2, 30.43, 38.86, [0, 13, 26, 39]);
    expect(path[0]).toBe(0);
    expect(path[3]).toBeCloseTo(conditionalExpectedPurchases(m, 2, 30.43, 38.86, 39), 14);
    expect(path[1]! < path[2]! && path[2]! < path[3]!).toBe(true);
  });

  it('computes the unconditional E[X(t)] (the ₂F₁ formula) equal to the integral over p, also at a = 1', () => {
    const m = fit.params;
    for (const t of [0.5, 5, 39, 78, 520]) expect(expectedPurchases(m, t)).toBeCloseTo(reference.expected(m, t), 9);
    // The formula's (a − 1) denominator is a 0/0 at a = 1; the limit is finite and smooth.
    for (const a of [1, 1 + 1e-9, 1 - 1e-9, 1.3]) {
      const p = { ...m, a };
      expect(expectedPurchases(p, 39)).toBeCloseTo(reference.expected(p, 39), 8);
    }
    expect(expectedPurchases(m, 0)).toBe(0);
  });

  it('gives a customer with x = 0 P(alive) = 1, and one whose last purchase is today 1/(1 + a/(b+x−1))', () => {
    const m = fit.params;
    expect(pAlive(m, 0, 0, 38.86)).toBe(1);
    expect(pAlive(m, 4, 20, 20)).toBeCloseTo(1 / (1 + m.a / (m.b + 3)), 14);
    // x = 0 expects fewer purchases the older the customer is.
    expect(conditionalExpectedPurchases(m, 0, 0, 10, 39)).toBeGreaterThan(conditionalExpectedPurchases(m, 0, 0, 38, 39));
  });
});

describe('the optimiser at a limit', () => {
  it('stops, converged, when the objective no longer decreases along a ridge whose gradient never vanishes', () => {
    // e^(−x) + y²: the infimum is at x → ∞; with gtol 0 only the flat-objective rule can stop it.
    const res = minimizeBfgs((x, g) => {
      g[0] = -Math.exp(-x[0]!);
      g[1] = 2 * x[1]!;
      return Math.exp(-x[0]!) + x[1]! * x[1]!;
    }, [0, 1], { gtol: 0, maxIterations: 10_000 });
    expect(res.stop).toBe('flat');
    expect(res.converged).toBe(true);
    expect(res.f).toBeLessThan(1e-12);
    expect(res.iterations).toBeLessThan(10_000);
  });

  it('stops, not converged, once a coordinate passes `outside`, well before the ridge flattens', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = -Math.exp(-x[0]!);
      g[1] = 2 * x[1]!;
      return Math.exp(-x[0]!) + x[1]! * x[1]!;
    };
    const free = minimizeBfgs(fg, [0, 1], { gtol: 0, maxIterations: 10_000 });
    const bounded = minimizeBfgs(fg, [0, 1], { gtol: 0, maxIterations: 10_000, outside: 18 });
    expect(bounded.stop).toBe('outside');
    expect(bounded.converged).toBe(false);
    expect(bounded.x[0]).toBeGreaterThan(18);
    expect(bounded.evaluations).toBeLessThan(free.evaluations);
  });
});

describe('BG/NBD on data that cannot carry it', () => {
  it('fits a single customer without crashing and says it did not converge', () => {
    const f = fitBgnbd({ x: [2], tx: [5], T: [10] });
    expect(f.converged).toBe(false);
    expect(Object.values(f.params).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('fits 500 identical customers without crashing and says it did not converge', () => {
    const n = 500;
    const f = fitBgnbd({ x: new Array(n).fill(2), tx: new Array(n).fill(5), T: new Array(n).fill(10) });
    expect(f.converged).toBe(false);
    expect(f.groups).toBe(1);
    expect(Number.isFinite(f.logLik)).toBe(true);
  });

  it('does not call a flat likelihood without repeat purchases converged', () => {
    const f = fitBgnbd({ x: new Array(50).fill(0), tx: new Array(50).fill(0), T: Array.from({ length: 50 }, (_, i) => 10 + i) });
    expect(f.identified).toBe(false);
    expect(f.converged).toBe(false);
    expect(() => fitBgnbd({ x: [], tx: [], T: [] })).toThrow(/at least one customer/);
  });
});

describe('Gamma-Gamma on the 946 CDNOW customers with repeat purchases', () => {
  const fit = fitGammaGamma(cdnow.x, zbar);

  it('fits p = 6.25, q = 3.74, γ = 15.44 with a mean spend of about $35.2', () => {
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    expect([fit.params.p, fit.params.q, fit.params.gamma].map(sig3)).toEqual([6.25, 3.74, 15.4]);
    expect(fit.params.gamma).toBeCloseTo(15.44, 1);
    expect(fit.populationMean!).toBeCloseTo(35.2, 1);
  });

  it('is at a maximum: nudging any parameter lowers the log-likelihood', () => {
    const ll = (g: typeof fit.params) => summary.filter((r) => r[1] > 0).reduce((s, r) => s + gammaGammaLogLik(g, r[1], r[4]), 0);
    const best = ll(fit.params);
    expect(best).toBeCloseTo(fit.logLik, 8);
    for (const k of ['p', 'q', 'gamma'] as const) for (const f of [0.99, 1.01]) expect(ll({ ...fit.params, [k]: fit.params[k] * f })).toBeLessThan(best);
  });

  it('shrinks a customer’s mean toward the population mean, less so the more purchases it rests on', () => {
    const g = fit.params;
    const pop = fit.populationMean!;
    expect(expectedMeanValue(g, 0, 0)).toBeCloseTo(pop, 12);
    const one = expectedMeanValue(g, 1, 100);
    const ten = expectedMeanValue(g, 10, 100);
    expect(pop < one && one < ten && ten < 100).toBe(true);
    // Weighted average with weight px/(px+q−1) on the customer's own mean.
    const w = (g.p * 10) / (g.p * 10 + g.q - 1);
    expect(ten).toBeCloseTo(w * 100 + (1 - w) * pop, 10);
  });

  it('reports the frequency / mean-value correlation the model assumes away', () => {
    const rho = frequencyValueCorrelation(cdnow.x, zbar);
    expect(rho).toBeCloseTo(0.1139, 3);
    expect(frequencyValueCorrelation([1, 2], [3, 4])).toBeNaN();
  });

  it('skips customers with a mean value of zero or less and says how many', () => {
    const f = fitGammaGamma([...cdnow.x, 3, 2], [...zbar, 0, -5]);
    expect(f.customers).toBe(946);
    expect(f.excluded).toBe(2);
  });

  it('fits identical spenders without crashing and says it did not converge', () => {
    const f = fitGammaGamma(new Array(100).fill(3), new Array(100).fill(10));
    expect(f.converged).toBe(false);
    expect(() => fitGammaGamma([0, 0], [0, 0])).toThrow(/at least one customer/);
  });
});
