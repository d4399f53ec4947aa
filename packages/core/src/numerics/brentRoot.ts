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
  const a = a0;
  const b = b0;
  const fa = f(a);
  const fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) return done(Number.NaN, 0, a, b, "nanEncountered");
  if (fa === 0) return done(a, 0, a, b);
  if (fb === 0) return done(b, 0, a, b);
  if (fa > 0 === fb > 0) return done(Number.NaN, 0, a, b, "infeasible");
  const s = new BrentDekker();
  s.start(a, b, fa, fb, xTol);
  for (let it = 1; it <= maxIterations; it++) {
    if (!s.next()) return done(s.b, it, s.a, s.b);
    const fx = f(s.b);
    if (Number.isNaN(fx)) return done(s.b, it, s.a, s.b, "nanEncountered");
    s.feed(fx);
  }
  return done(s.b, maxIterations, s.a, s.b, "maxIterations");
}

/**
 * Brent–Dekker's iteration as a state machine its caller drives ("reverse communication"): after
 * `start` on a sign-changing bracket, each `next()` either reports convergence (false: the root is
 * `b`) or moves `b` to the next point to evaluate (true), whose value the caller passes to `feed`.
 * The caller's function is called from the caller's own loop — so a hot caller keeps that call
 * monomorphic and inlined (the specialist's best-response search does), while `brentRoot` wraps it
 * for everyone else. The state lives in fields: no closure, no allocation per step.
 */
export class BrentDekker {
  /** The previous iterate. */
  a = 0;
  /** The current iterate: the next point to evaluate after next() returns true, the root after false. */
  b = 0;
  private c = 0;
  private fa = 0;
  private fb = 0;
  private fc = 0;
  private d = 0;
  private e = 0;
  private xTol = 0;

  /** Starts on [a, b] with f(a) = fa, f(b) = fb of opposite signs, both non-zero; `xTol` as brentRoot's. */
  start(a: number, b: number, fa: number, fb: number, xTol: number): void {
    this.a = a;
    this.b = b;
    this.fa = fa;
    this.fb = fb;
    this.c = a;
    this.fc = fa;
    this.d = b - a;
    this.e = this.d;
    this.xTol = xTol;
  }

  /** false: converged, the root is `b`; true: evaluate f at the new `b` and `feed` the value. */
  next(): boolean {
    let { a, b, c, fa, fb, fc, d, e } = this;
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
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * this.xTol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) {
      this.a = a;
      this.b = b;
      return false;
    }
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
    this.a = b;
    this.fa = fb;
    this.b = b + (Math.abs(d) > tol ? d : m > 0 ? tol : -tol);
    this.c = c;
    this.fc = fc;
    this.d = d;
    this.e = e;
    return true;
  }

  /** f at the `b` that next() asked for. */
  feed(fx: number): void {
    this.fb = fx;
  }
}
