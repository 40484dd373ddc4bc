// Order lines drawn as BG/NBD and Gamma-Gamma describe customers (Fader, Hardie & Lee
// 2005; Fader, Hardie & Lee 2005b): a purchase rate λ ~ Gamma(r, α) per week, a drop-out
// chance p ~ Beta(a, b) after each purchase, a mean spend ν ~ Gamma(q, γ) and each
// purchase's value ~ Gamma(p, ν). Seeded, so the browser and Node draw the same orders.
// For the value fit's speed at sizes no public file has; the models' accuracy is checked
// on CDNOW (test/data/cdnow/).

import type { BgnbdParams } from '../../src/model/value/bgnbd';

export const CDNOW_TRUTH: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
export const CDNOW_SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

/** The calibration end of the drawn orders: every customer's first purchase is in the 78 weeks before it. */
export const SIMULATED_AS_OF = '2025-12-31';
const AS_OF_DAY = Date.UTC(2025, 11, 31) / 86_400_000;

/**
 * Seeded draws, the same in every engine: uniform (mulberry32) and Gamma(k, 1) by
 * Marsaglia & Tsang (shape < 1 by the u^(1/k) boost). The value tests draw their
 * customers from these too.
 */
export function seededDraws(seed: number): { u: () => number; gamma: (k: number) => number } {
  const u = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const gamma = (k: number): number => {
    if (k < 1) return gamma(k + 1) * Math.pow(1 - u(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let z: number;
      let v: number;
      do {
        z = normal();
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      if (Math.log(1 - u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return { u, gamma };
}

/**
 * The orders as CSV text (customer_id,order_date,amount), one line per purchase, customers
 * C0000001…; the first purchase 1–78 weeks before SIMULATED_AS_OF, none after it.
 */
export function simulatedOrdersCsv(customers: number, seed = 7, m: BgnbdParams = CDNOW_TRUTH, spend = CDNOW_SPEND): { csv: string; lines: number } {
  const { u, gamma } = seededDraws(seed);
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const parts: string[] = ['customer_id,order_date,amount\n'];
  let lines = 0;
  for (let i = 0; i < customers; i++) {
    const id = `C${String(i + 1).padStart(7, '0')}`;
    const ageWeeks = 1 + 77 * u();
    const first = AS_OF_DAY - Math.floor(ageWeeks * 7);
    const lambda = gamma(m.r) / m.alpha;
    const g1 = gamma(m.a);
    const drop = g1 / (g1 + gamma(m.b));
    const nu = gamma(spend.q) / spend.gamma;
    const value = () => (gamma(spend.p) / nu).toFixed(2);
    parts.push(`${id},${iso(first)},${value()}\n`);
    lines++;
    let t = 0;
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      const day = first + Math.floor(t * 7);
      if (day > AS_OF_DAY) break;
      parts.push(`${id},${iso(day)},${value()}\n`);
      lines++;
      if (u() < drop) break;
    }
  }
  return { csv: parts.join(''), lines };
}
