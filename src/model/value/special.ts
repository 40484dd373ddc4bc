// Special functions the value models need, in plain double precision:
// log-gamma, digamma and the Gaussian hypergeometric function 2F1.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  // Reflection keeps accuracy for tiny arguments (ln Γ(x) ≈ −ln x).
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  if (x > 1e7) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + 1 / (12 * x);
  const y = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ψ(x) = d ln Γ(x)/dx for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  return acc + Math.log(x) - 0.5 * inv - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
}

/** Largest number of series terms before 2F1 gives up (z this close to 1 needs another method). */
const MAX_TERMS = 1_000_000;

/** Σ (a)_n (b)_n / ((c)_n n!) zⁿ, summed until a term no longer changes the sum. */
function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (term === 0 || (Math.abs(term) <= 1e-17 * Math.abs(sum) && n > Math.abs(a * b / c))) return sum;
  }
  return NaN;
}

/**
 * Gaussian hypergeometric function ₂F₁(a, b; c; z) for real z in (−1, 1), c > 0.
 * When c − a − b < 0 the terms grow like n^(a+b−c−1) before zⁿ wins (huge sums for
 * large a, b — a customer with many purchases); Euler's transformation
 * ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) turns them into decaying ones.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1) || !(c > 0)) return NaN;
  if (z === 0) return 1;
  if (z > 0 && c - a - b < 0) return Math.exp((c - a - b) * Math.log1p(-z)) * series(c - a, c - b, c, z);
  return series(a, b, c, z);
}

/**
 * [1 − (1−z)^ε · ₂F₁(A, ε; C; z)] / ε, the bracket of the BG/NBD expectations with
 * ε = a − 1, without the 0/0 at a = 1: with (ε)ₙ = ε (1+ε)ₙ₋₁ the function is
 * −expm1(ε ln(1−z))/ε − (1−z)^ε Σₙ≥₁ (A)ₙ (1+ε)ₙ₋₁ zⁿ / ((C)ₙ n!).
 * Evaluated at several z with one pass over the coefficients (they do not depend on z).
 */
export function bgBracket(A: number, eps: number, C: number, zs: ArrayLike<number>, out: Float64Array): Float64Array {
  const m = zs.length;
  const sums = new Float64Array(m);
  const pow = new Float64Array(m);
  let zmax = 0;
  for (let j = 0; j < m; j++) {
    pow[j] = 1;
    zmax = Math.max(zmax, Math.abs(zs[j]!));
  }
  if (zmax > 0) {
    let coef = 1; // (A)ₙ (1+ε)ₙ₋₁ / ((C)ₙ n!) for n = 1 after the first update
    for (let n = 1; n <= MAX_TERMS; n++) {
      coef *= n === 1 ? A / C : ((A + n - 1) * (eps + n - 1)) / ((C + n - 1) * n);
      let biggest = 0;
      let total = 0;
      for (let j = 0; j < m; j++) {
        pow[j]! *= zs[j]!;
        const t = coef * pow[j]!;
        sums[j]! += t;
        biggest = Math.max(biggest, Math.abs(t));
        total = Math.max(total, Math.abs(sums[j]!));
      }
      // Terms decay like n^(ε−1+A−C) zⁿ; stop once past the peak and below rounding.
      if (biggest === 0 || (biggest <= 1e-17 * total && n > Math.abs(A) + 2)) break;
      if (n === MAX_TERMS) sums.fill(NaN);
    }
  }
  for (let j = 0; j < m; j++) {
    const z = zs[j]!;
    const l1z = Math.log1p(-z);
    const head = eps === 0 ? -l1z : -Math.expm1(eps * l1z) / eps;
    out[j] = head - Math.exp(eps * l1z) * sums[j]!;
  }
  return out;
}
