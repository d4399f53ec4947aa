/**
 * Brent–Dekker root finding (inverse quadratic interpolation and secant steps safeguarded by
 * bisection; Brent 1973, ch. 4): superlinear on smooth functions, never slower than bisection.
 */
import { NO_WARNINGS, type SolverResult } from "./result.js";

/** Options of {@link brentRoot}. */
export interface BrentRootOptions {
  /** Absolute bracket width at which to stop. Default 0: run to machine precision. */
  readonly xTol?: number;
  /** Iteration cap. Default 100. */
  readonly maxIterations?: number;
}

// A module-level function, not a closure per call: this runs in the numeric path's inner loop.
function done(
  value: number,
  iterations: number,
  lo: number,
  hi: number,
  status: SolverResult["status"] = "converged",
): SolverResult {
  return { value, status, iterations, residual: Math.abs(hi - lo), warnings: NO_WARNINGS };
}

/**
 * A root of `f` in [a, b], given f(a)·f(b) ≤ 0; status "infeasible" (value NaN) otherwise.
 * @example brentRoot((x) => x * x - 2, 0, 2).value // ≈ 1.4142135623730951
 */
export function brentRoot(
  f: (x: number) => number,
  a0: number,
  b0: number,
  options: BrentRootOptions = {},
): SolverResult {
  const xTol = options.xTol ?? 0;
  const maxIterations = options.maxIterations ?? 100;
  let a = a0;
  let b = b0;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) return done(Number.NaN, 0, a, b, "nanEncountered");
  if (fa === 0) return done(a, 0, a, b);
  if (fb === 0) return done(b, 0, a, b);
  if (fa > 0 === fb > 0) return done(Number.NaN, 0, a, b, "infeasible");
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 1; it <= maxIterations; it++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xTol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return done(b, it, a, b);
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (Number.isNaN(fb)) return done(b, it, a, b, "nanEncountered");
  }
  return done(b, maxIterations, a, b, "maxIterations");
}
