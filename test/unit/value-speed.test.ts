// The fits on simulated customers: they recover the parameters the data were
// drawn from; the times they print are for reading (npm run bench measures speed).
// VALUE_BENCH=1 adds the 1,000,000-customer run.

import { describe, expect, it } from 'vitest';
import { fitBgnbd, type BgnbdParams } from '../../src/model/value/bgnbd';
import { fitGammaGamma } from '../../src/model/value/gamma-gamma';
import { purchaseOutlook } from '../../src/model/value/clv';
import { seededDraws } from '../support/bgnbd-orders';

/** BG/NBD customers drawn as the model describes them, in continuous time (weeks), ages 26–78 weeks. */
function simulate(n: number, m: BgnbdParams, spend: { p: number; q: number; gamma: number }, seed = 7) {
  const { u, gamma } = seededDraws(seed);
  const x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n), zbar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = 26 + 52 * u();
    const lambda = gamma(m.r) / m.alpha;
    const g1 = gamma(m.a);
    const drop = g1 / (g1 + gamma(m.b));
    const nu = gamma(spend.q) / spend.gamma;
    let t = 0, k = 0, last = 0, total = 0;
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > age) break;
      k++;
      last = t;
      total += gamma(spend.p) / nu;
      if (u() < drop) break;
    }
    x[i] = k;
    tx[i] = last;
    T[i] = age;
    zbar[i] = k > 0 ? total / k : 0;
  }
  return { x, tx, T, zbar };
}

const TRUTH: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('fits on simulated customers', () => {
  const sim = simulate(100_000, TRUTH, SPEND);

  it('recovers the parameters 100,000 customers were drawn from', () => {
    const f = fitBgnbd(sim);
    console.log(`BG/NBD, 100,000 customers (${f.groups} distinct histories): ${f.ms.toFixed(0)} ms, ${f.iterations} iterations, ${f.evaluations} evaluations`);
    expect(f.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(f.params[k] / TRUTH[k] - 1)).toBeLessThan(0.1);
    const g = fitGammaGamma(sim.x, sim.zbar);
    console.log(`Gamma-Gamma, ${g.customers} repeat customers: ${g.ms.toFixed(0)} ms`);
    expect(g.converged).toBe(true);
    for (const k of ['p', 'q', 'gamma'] as const) expect(Math.abs(g.params[k] / SPEND[k] - 1)).toBeLessThan(0.1);
    const t0 = performance.now();
    const o = purchaseOutlook(f.params, sim, { unit: 'weeks', horizonMonths: 12, monthlyDiscount: 0.01 });
    const ms = performance.now() - t0;
    console.log(`12-month outlook for 100,000 customers: ${ms.toFixed(0)} ms`);
    expect(o.expPurchases.every(Number.isFinite)).toBe(true);
  });

  it.runIf(process.env.VALUE_BENCH === '1')('fits 1,000,000 customers', () => {
    const big = simulate(1_000_000, TRUTH, SPEND, 11);
    const f = fitBgnbd(big);
    const g = fitGammaGamma(big.x, big.zbar);
    const t0 = performance.now();
    purchaseOutlook(f.params, big, { unit: 'weeks' });
    console.log(`1,000,000: BG/NBD ${f.ms.toFixed(0)} ms (${f.groups} histories, ${f.iterations} iterations), Gamma-Gamma ${g.ms.toFixed(0)} ms, outlook ${(performance.now() - t0).toFixed(0)} ms`);
    expect(f.converged).toBe(true);
  }, 120_000);
});
