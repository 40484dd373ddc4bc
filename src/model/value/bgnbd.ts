// BG/NBD ("beta-geometric / negative binomial", Fader, Hardie & Lee 2005,
// "Counting your customers the easy way", Marketing Science 24(2)):
// while alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase
// it drops out with probability p ~ Beta(a, b). From each customer's (x, t_x, T)
// we fit r, α, a, b by maximum likelihood and predict purchases ahead.

import { bgBracket, digamma, lgamma } from './special';
import { minimizeBfgs } from './optimize';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Customers' histories, one entry per customer or per group of identical ones:
 * x repeat purchases, t_x time of the last one and T age, both since the first purchase
 * in the chosen time unit; `n` customers share the entry (1 when absent).
 */
export interface Histories {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  n?: ArrayLike<number>;
}

export interface BgnbdFit {
  params: BgnbdParams;
  /** Log-likelihood of all customers at the fitted parameters. */
  logLik: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** A parameter ran off towards 0 or ∞ (the data do not identify the model): never "converged". */
  atBoundary: boolean;
  /**
   * The data can identify the four parameters at all: some customer bought again, and the
   * histories are not all alike. Without repeats the likelihood only grows toward r → 0 and
   * leaves a, b free, so a flat gradient there is no optimum: never "converged".
   */
  identified: boolean;
  /** Why the optimiser stopped (see MinimizeResult). */
  stop: string;
  customers: number;
  groups: number;
  ms: number;
}

/** Log-parameters beyond ±this (≈ 3·10⁻⁷ … 3·10⁶) mean the optimum is not interior. */
const BOUND = 15;

interface Prepared {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  n: Float64Array;
  /** Index of each group's x among the distinct x values. */
  xi: Uint32Array;
  ux: Float64Array;
  customers: number;
}

/**
 * Merge identical (x, t_x, T) rows: the likelihood is then evaluated once per
 * distinct history (an open-addressing hash on the three doubles; no string keys).
 */
export function groupHistories(h: Histories): Required<Histories> {
  const len = h.x.length;
  const cap = 1 << Math.max(4, Math.ceil(Math.log2(len * 2 + 1)));
  const slots = new Int32Array(cap).fill(-1);
  const gx: number[] = [];
  const gtx: number[] = [];
  const gT: number[] = [];
  const gn: number[] = [];
  const buf = new Float64Array(3);
  const bits = new Uint32Array(buf.buffer);
  for (let i = 0; i < len; i++) {
    const x = +h.x[i]!;
    const tx = +h.tx[i]!;
    const T = +h.T[i]!;
    const w = h.n ? +h.n[i]! : 1;
    buf[0] = x;
    buf[1] = tx + 0; // −0 and 0 hash alike
    buf[2] = T + 0;
    let hash = 2166136261;
    for (let k = 0; k < 6; k++) hash = Math.imul(hash ^ bits[k]!, 16777619);
    let s = (hash >>> 0) & (cap - 1);
    for (;;) {
      const g = slots[s]!;
      if (g < 0) {
        slots[s] = gx.length;
        gx.push(x);
        gtx.push(tx);
        gT.push(T);
        gn.push(w);
        break;
      }
      if (gx[g] === x && gtx[g] === tx && gT[g] === T) {
        gn[g]! += w;
        break;
      }
      s = (s + 1) & (cap - 1);
    }
  }
  return { x: Float64Array.from(gx), tx: Float64Array.from(gtx), T: Float64Array.from(gT), n: Float64Array.from(gn) };
}

function prepare(h: Histories): Prepared {
  const len = h.x.length;
  const x = Float64Array.from(h.x);
  const tx = Float64Array.from(h.tx);
  const T = Float64Array.from(h.T);
  const n = h.n ? Float64Array.from(h.n) : new Float64Array(len).fill(1);
  const ux = Float64Array.from(new Set(x)).sort();
  const pos = new Map<number, number>();
  ux.forEach((v, i) => pos.set(v, i));
  const xi = new Uint32Array(len);
  let customers = 0;
  for (let i = 0; i < len; i++) {
    xi[i] = pos.get(x[i]!)!;
    customers += n[i]!;
  }
  return { x, tx, T, n, xi, ux, customers };
}

/** Checks a history is usable: 0 ≤ t_x ≤ T, x ≥ 0 whole, x = 0 ⇒ t_x = 0. */
export function validHistory(x: number, tx: number, T: number): boolean {
  return Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx && Number.isFinite(T) && (x > 0 || tx === 0);
}

/**
 * Log-likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6), in log space:
 * ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 * + ln[ (α+T)^−(r+x) + [x>0] a/(b+x−1) (α+t_x)^−(r+x) ].
 */
export function bgnbdLogLik(p: BgnbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const A12 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const A3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return A12 + A3;
  const A4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return A12 + logAddExp(A3, A4);
}

function logAddExp(u: number, v: number): number {
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/**
 * Mean negative log-likelihood per customer at θ = ln(r, α, a, b), and its gradient
 * in θ (analytic: digamma differences per distinct x, then one pass over the groups).
 */
function objective(d: Prepared): (theta: Float64Array, grad: Float64Array) => number {
  const m = d.ux.length;
  const lgx = new Float64Array(m); // ln Γ(r+x) − ln Γ(r) + ln Γ(b+x) − ln Γ(b) + ln Γ(a+b) − ln Γ(a+b+x)
  const dr = new Float64Array(m); // ψ(r+x) − ψ(r)
  const da = new Float64Array(m); // ψ(a+b) − ψ(a+b+x)
  const db = new Float64Array(m); // ψ(b+x) − ψ(b) + ψ(a+b) − ψ(a+b+x)
  return (theta, grad) => {
    const r = Math.exp(theta[0]!);
    const alpha = Math.exp(theta[1]!);
    const a = Math.exp(theta[2]!);
    const b = Math.exp(theta[3]!);
    if (![r, alpha, a, b].every((v) => v > 0 && Number.isFinite(v))) return NaN;
    const lr = lgamma(r), lb = lgamma(b), lab = lgamma(a + b);
    const pr = digamma(r), pb = digamma(b), pab = digamma(a + b);
    for (let k = 0; k < m; k++) {
      const x = d.ux[k]!;
      if (x === 0) {
        lgx[k] = dr[k] = da[k] = db[k] = 0;
        continue;
      }
      lgx[k] = lgamma(r + x) - lr + lgamma(b + x) - lb + lab - lgamma(a + b + x);
      dr[k] = digamma(r + x) - pr;
      const pabx = digamma(a + b + x);
      da[k] = pab - pabx;
      db[k] = digamma(b + x) - pb + pab - pabx;
    }
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    let ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
    const { x: X, tx: TX, T: TT, n: N, xi: XI } = d;
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      const w = N[i]!;
      const k = XI[i]!;
      const rx = r + x;
      const lT = Math.log(alpha + TT[i]!);
      const A3 = -rx * lT;
      let li: number;
      // Weight of the "still alive at T" term in the mixture; 1 when x = 0.
      let w3 = 1;
      let lt = 0, bx1 = 1;
      if (x > 0) {
        lt = Math.log(alpha + TX[i]!);
        bx1 = b + x - 1;
        const A4 = lnA - Math.log(bx1) - rx * lt;
        if (A3 >= A4) {
          const e = Math.exp(A4 - A3);
          li = A3 + Math.log1p(e);
          w3 = 1 / (1 + e);
        } else {
          const e = Math.exp(A3 - A4);
          li = A4 + Math.log1p(e);
          w3 = e / (1 + e);
        }
      } else li = A3;
      const w4 = 1 - w3;
      ll += w * (lgx[k]! + r * lnAlpha + li);
      gr += w * (dr[k]! + lnAlpha - w3 * lT - w4 * lt);
      gAlpha += w * (r / alpha - w3 * rx / (alpha + TT[i]!) - (x > 0 ? (w4 * rx) / (alpha + TX[i]!) : 0));
      ga += w * (da[k]! + (x > 0 ? w4 / a : 0));
      gb += w * (db[k]! - (x > 0 ? w4 / bx1 : 0));
    }
    const c = d.customers;
    // Chain rule to log-parameters; sign for minimisation; per customer.
    grad[0] = (-gr * r) / c;
    grad[1] = (-gAlpha * alpha) / c;
    grad[2] = (-ga * a) / c;
    grad[3] = (-gb * b) / c;
    return -ll / c;
  };
}

/** Total log-likelihood of the histories at p (for tests and reporting). */
export function bgnbdTotalLogLik(p: BgnbdParams, h: Histories): number {
  const d = prepare(h);
  const g = new Float64Array(4);
  return -objective(d)(Float64Array.from([p.r, p.alpha, p.a, p.b].map(Math.log)), g) * d.customers;
}

export interface FitOptions {
  /** Merge identical histories first (default true; pass false when they are grouped already, e.g. by SQL). */
  group?: boolean;
  start?: BgnbdParams;
  maxIterations?: number;
}

/** Maximum-likelihood r, α, a, b. Histories must pass validHistory; at least one customer. */
export function fitBgnbd(h: Histories, opts: FitOptions = {}): BgnbdFit {
  const t0 = performance.now();
  const groupedInput = opts.group === false ? h : groupHistories(h);
  const d = prepare(groupedInput);
  if (d.x.length === 0 || !(d.customers > 0)) throw new Error('BG/NBD needs at least one customer.');
  let meanX = 0, meanT = 0;
  for (let i = 0; i < d.x.length; i++) {
    meanX += d.n[i]! * d.x[i]!;
    meanT += d.n[i]! * d.T[i]!;
  }
  meanX /= d.customers;
  meanT /= d.customers;
  // Start where the mean purchase rate r/α matches the data's (x̄ per T̄), with a, b = 1.
  const start = opts.start ?? { r: 1, alpha: Math.max(meanT, 1e-3) / Math.max(meanX, 0.05), a: 1, b: 1 };
  const res = minimizeBfgs(objective(d), [start.r, start.alpha, start.a, start.b].map(Math.log), {
    gtol: 1e-7,
    maxIterations: opts.maxIterations ?? 500,
    // Well past the bound the fit is not interior whatever follows: stop rather than creep on.
    outside: BOUND + 3,
  });
  const [r, alpha, a, b] = Array.from(res.x, Math.exp) as [number, number, number, number];
  const atBoundary = Array.from(res.x).some((v) => Math.abs(v) > BOUND);
  const identified = d.x.some((x) => x > 0) && d.x.length >= 2;
  return {
    params: { r, alpha, a, b },
    logLik: -res.f * d.customers,
    iterations: res.iterations,
    evaluations: res.evaluations,
    converged: res.converged && !atBoundary && identified,
    atBoundary,
    identified,
    stop: res.stop,
    customers: d.customers,
    groups: d.x.length,
    ms: performance.now() - t0,
  };
}

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + [x>0] a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 * A customer with no repeat purchase cannot have dropped out (drop-out follows a purchase).
 */
export function pAlive(p: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const lnOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/**
 * E[X(t)]: purchases expected in (0, t] of a customer just acquired (eq. 9)
 * = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 */
export function expectedPurchases(p: BgnbdParams, t: number): number {
  if (!(t > 0)) return 0;
  const out = new Float64Array(1);
  const { r, alpha, a, b } = p;
  // Euler's transformation of the ₂F₁ folds (α/(α+t))^r into it; see bgBracket.
  bgBracket(a + b - 1 - r, a - 1, a + b - 1, [t / (alpha + t)], out);
  return (a + b - 1) * out[0]!;
}

/**
 * E[Y(t) | x, t_x, T]: purchases expected in (T, T+t] (eq. 10)
 * = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *   / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)),
 * for several t at once (e.g. month ends), written into `out`.
 */
export function conditionalExpectedPurchasesPath(p: BgnbdParams, x: number, tx: number, T: number, ts: ArrayLike<number>, out = new Float64Array(ts.length)): Float64Array {
  const { r, alpha, a, b } = p;
  const zs = new Float64Array(ts.length);
  for (let j = 0; j < ts.length; j++) zs[j] = Math.max(0, ts[j]!) / (alpha + T + Math.max(0, ts[j]!));
  // (1 − z)^(r+x) · ₂F₁(r+x, b+x; c; z) = (1 − z)^(a−1) · ₂F₁(a+b−1−r, a−1; c; z) by Euler's transformation.
  bgBracket(a + b - 1 - r, a - 1, a + b + x - 1, zs, out);
  const alive = pAlive(p, x, tx, T);
  for (let j = 0; j < ts.length; j++) out[j] = zs[j] === 0 ? 0 : (a + b + x - 1) * out[j]! * alive;
  return out;
}

export function conditionalExpectedPurchases(p: BgnbdParams, x: number, tx: number, T: number, t: number): number {
  return conditionalExpectedPurchasesPath(p, x, tx, T, [t])[0]!;
}
