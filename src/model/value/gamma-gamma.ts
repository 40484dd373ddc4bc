// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
// curves", JMR 42(4); Colombo & Jiang 1999): a customer's purchases have values
// z ~ Gamma(p, ν) around its own mean p/ν, with ν ~ Gamma(q, γ) across customers.
// Fitted on the customers with repeat purchases (x ≥ 1) from x and the mean value z̄
// of those purchases; the model assumes z̄ is independent of purchase frequency.

import { digamma, lgamma } from './special';
import { minimizeBfgs } from './optimize';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLik: number;
  iterations: number;
  converged: boolean;
  atBoundary: boolean;
  stop: string;
  /** Customers the fit used (x ≥ 1 and a positive mean value). */
  customers: number;
  /** Customers left out for a mean value ≤ 0 or not a number (returns, missing amounts). */
  excluded: number;
  /** Model mean value per purchase, pγ/(q − 1); null when q ≤ 1 (the mean does not exist). */
  populationMean: number | null;
  ms: number;
}

const BOUND = 15;

/**
 * Log-likelihood of one customer's mean value z̄ over x purchases:
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
 */
export function gammaGammaLogLik(g: GammaGammaParams, x: number, zbar: number): number {
  const px = g.p * x;
  return lgamma(px + g.q) - lgamma(px) - lgamma(g.q) + g.q * Math.log(g.gamma) + (px - 1) * Math.log(zbar) + px * Math.log(x) - (px + g.q) * Math.log(g.gamma + x * zbar);
}

/** Fit p, q, γ on the customers with x ≥ 1 and z̄ > 0 (the others are skipped and counted). */
export function fitGammaGamma(xs: ArrayLike<number>, zbars: ArrayLike<number>): GammaGammaFit {
  const t0 = performance.now();
  const X: number[] = [];
  const Z: number[] = [];
  let excluded = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const z = zbars[i]!;
    if (!(x >= 1)) continue;
    if (z > 0 && Number.isFinite(z)) {
      X.push(x);
      Z.push(z);
    } else excluded++;
  }
  const n = X.length;
  if (n === 0) throw new Error('Gamma-Gamma needs at least one customer with a repeat purchase of positive value.');
  const ux = Float64Array.from(new Set(X)).sort();
  const pos = new Map<number, number>();
  ux.forEach((v, i) => pos.set(v, i));
  const xi = Uint32Array.from(X, (x) => pos.get(x)!);
  const xv = Float64Array.from(X);
  const zx = Float64Array.from(X, (x, i) => x * Z[i]!);
  // Parameter-free parts, computed once: ln z̄, ln x.
  const lnZ = Float64Array.from(Z, Math.log);
  const lnX = Float64Array.from(X, Math.log);
  const m = ux.length;
  const lg = new Float64Array(m);
  const dgp = new Float64Array(m);
  const dgq = new Float64Array(m);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const p = Math.exp(theta[0]!);
    const q = Math.exp(theta[1]!);
    const gamma = Math.exp(theta[2]!);
    if (![p, q, gamma].every((v) => v > 0 && Number.isFinite(v))) return NaN;
    const lq = lgamma(q);
    const pq = digamma(q);
    for (let k = 0; k < m; k++) {
      const px = p * ux[k]!;
      lg[k] = lgamma(px + q) - lgamma(px) - lq;
      const d = digamma(px + q);
      dgp[k] = ux[k]! * (d - digamma(px));
      dgq[k] = d - pq;
    }
    const lnG = Math.log(gamma);
    let ll = 0, gp = 0, gq = 0, gg = 0;
    for (let i = 0; i < n; i++) {
      const k = xi[i]!;
      const x = xv[i]!;
      const px = p * x;
      const den = gamma + zx[i]!;
      const lden = Math.log(den);
      ll += lg[k]! + q * lnG + (px - 1) * lnZ[i]! + px * lnX[i]! - (px + q) * lden;
      gp += dgp[k]! + x * (lnZ[i]! + lnX[i]! - lden);
      gq += dgq[k]! + lnG - lden;
      gg += q / gamma - (px + q) / den;
    }
    grad[0] = (-gp * p) / n;
    grad[1] = (-gq * q) / n;
    grad[2] = (-gg * gamma) / n;
    return -ll / n;
  };
  // Start from the method of moments on z̄ (mean μ, spread s²): p ≈ μ²/s², q = 2, γ ≈ μ(q−1)/p.
  let mean = 0;
  for (const z of Z) mean += z;
  mean /= n;
  let v = 0;
  for (const z of Z) v += (z - mean) ** 2;
  v = v / n || mean * mean;
  const p0 = Math.min(Math.max((mean * mean) / v, 0.1), 100);
  const res = minimizeBfgs(objective, [Math.log(p0), Math.log(2), Math.log(mean / p0)], { gtol: 1e-7, maxIterations: 500, outside: BOUND + 3 });
  const [p, q, gamma] = Array.from(res.x, Math.exp) as [number, number, number];
  const atBoundary = Array.from(res.x).some((t) => Math.abs(t) > BOUND);
  return {
    params: { p, q, gamma },
    logLik: -res.f * n,
    iterations: res.iterations,
    converged: res.converged && !atBoundary,
    atBoundary,
    stop: res.stop,
    customers: n,
    excluded,
    populationMean: q > 1 ? (p * gamma) / (q - 1) : null,
    ms: performance.now() - t0,
  };
}

/**
 * E[Z | x, z̄] = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · z̄ = p(γ + x z̄)/(px + q − 1):
 * the customer's own mean, shrunk toward the population mean pγ/(q−1) — the less so
 * the more purchases it rests on. A customer without repeat purchases (x = 0) gets the
 * population mean. NaN when q ≤ 1 and x = 0 (no finite mean).
 */
export function expectedMeanValue(g: GammaGammaParams, x: number, zbar: number): number {
  const den = g.p * x + g.q - 1;
  if (!(den > 0)) return NaN;
  return (g.p * (g.gamma + (x > 0 ? x * zbar : 0))) / den;
}

/**
 * Pearson correlation of purchase frequency x and mean value z̄ over the customers with
 * x ≥ 1 (and a finite z̄). Gamma-Gamma assumes the two are independent; a correlation
 * far from 0 (|ρ| above ~0.3) means the spend predictions are biased. NaN for < 3 customers.
 */
export function frequencyValueCorrelation(xs: ArrayLike<number>, zbars: ArrayLike<number>): number {
  let n = 0, sx = 0, sz = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, z = zbars[i]!;
    if (x >= 1 && Number.isFinite(z)) {
      n++;
      sx += x;
      sz += z;
    }
  }
  if (n < 3) return NaN;
  const mx = sx / n, mz = sz / n;
  let cxz = 0, cxx = 0, czz = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, z = zbars[i]!;
    if (x >= 1 && Number.isFinite(z)) {
      cxz += (x - mx) * (z - mz);
      cxx += (x - mx) ** 2;
      czz += (z - mz) ** 2;
    }
  }
  return cxx > 0 && czz > 0 ? cxz / Math.sqrt(cxx * czz) : NaN;
}
