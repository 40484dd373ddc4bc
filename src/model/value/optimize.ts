// BFGS minimisation with a backtracking line search, for the handful of
// parameters of the value models (fitted on log-parameters, so unconstrained).

export interface MinimizeOptions {
  /** Converged when every gradient component is at most this (the objectives are per-customer means). */
  gtol?: number;
  maxIterations?: number;
  /** Largest change of any coordinate in one step (log-parameters: a factor of e³). */
  maxStep?: number;
  /**
   * Stop ('outside') once a coordinate's magnitude passes this: the caller would call such an
   * optimum not interior anyway, and a likelihood running off to a limit takes many slow steps there.
   */
  outside?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /**
   * Why it stopped: 'gradient' (converged), 'flat' (converged: the objective stopped
   * decreasing for FLAT_ITERATIONS steps, as along a ridge to a limit), 'maxIterations',
   * 'lineSearch' (no further decrease found), 'nonFinite', 'outside' (past opts.outside).
   */
  stop: 'gradient' | 'flat' | 'maxIterations' | 'lineSearch' | 'nonFinite' | 'outside';
}

/** f(x) with its gradient written into g; a non-finite value counts as "too far". */
export type Objective = (x: Float64Array, g: Float64Array) => number;

const maxAbs = (v: Float64Array) => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
const dot = (u: Float64Array, v: Float64Array) => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};

/** Relative decrease per step below which a step counts as flat… */
const FLAT_TOL = 1e-13;
/** …and this many flat steps in a row end the search. */
const FLAT_ITERATIONS = 10;

export function minimizeBfgs(fg: Objective, x0: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult {
  const gtol = opts.gtol ?? 1e-7;
  const maxIterations = opts.maxIterations ?? 500;
  const maxStep = opts.maxStep ?? 3;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const result = (iterations: number, converged: boolean, stop: MinimizeResult['stop']): MinimizeResult => ({ x, f, grad: g, iterations, evaluations, converged, stop });
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) return result(0, false, 'nonFinite');
  // Inverse Hessian approximation, row-major; starts as the identity and is rescaled after the first step.
  let H = identity(n);
  let fresh = true;
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let flat = 0;
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(g) <= gtol) return result(it, true, 'gradient');
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j]! * g[j]!;
      d[i] = v;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (the approximation went bad): restart from steepest descent.
      H = identity(n);
      fresh = true;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    let step = Math.min(1, maxStep / Math.max(maxAbs(d), 1e-300));
    let fNew = NaN;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && gNew.every(Number.isFinite) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
      const q = Number.isFinite(fNew) ? (-slope * step * step) / (2 * (fNew - f - slope * step)) : 0.1 * step;
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
    }
    if (!accepted) {
      if (!fresh) {
        // One retry along the steepest descent before giving up.
        H = identity(n);
        fresh = true;
        continue;
      }
      // No decrease left to find: the objective's rounding is reached. Converged if the gradient is nearly flat too.
      return result(it, maxAbs(g) <= 10 * gtol, 'lineSearch');
    }
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    [x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)];
    // A likelihood whose maximum lies at a limit (e.g. no drop-out: a → 0, b → ∞) creeps along a
    // ridge where the gradient never vanishes; the objective no longer changes, which is the answer.
    flat = f - fNew <= FLAT_TOL * Math.max(1, Math.abs(f)) ? flat + 1 : 0;
    f = fNew;
    if (opts.outside !== undefined && maxAbs(x) > opts.outside) return result(it + 1, false, 'outside');
    if (flat >= FLAT_ITERATIONS) return result(it + 1, true, 'flat');
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) {
        // Shanno–Phua scaling of the first approximation.
        const scale = sy / dot(y, y);
        for (let i = 0; i < n * n; i++) H[i]! *= scale;
        fresh = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
        Hy[i] = v;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j]! += -rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
  }
  return result(maxIterations, maxAbs(g) <= gtol, maxAbs(g) <= gtol ? 'gradient' : 'maxIterations');
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}
