/**
 * Brent's method for the maximum of a function of one variable on a bracket [lo, hi]
 * (golden-section steps safeguarding parabolic interpolation; R. P. Brent, "Algorithms for
 * Minimization without Derivatives", 1973, ch. 5). Finds a local maximum; callers that need the
 * global one bracket it first (see {@link maximizeGlobal}).
 */
import { NO_WARNINGS, type SolverResult } from "./result.js";
import { TOLERANCE } from "./tolerances.js";

/** Options of {@link brentMax}. */
export interface BrentOptions {
  /** Absolute width of the final bracket. Default `TOLERANCE.maximumWidth` (1e-10). */
  readonly xTol?: number;
  /** Iteration cap. Default 200 (golden section alone needs ~50 for 1e-10 on a unit bracket). */
  readonly maxIterations?: number;
}

/** A maximiser and the value there. */
export interface ArgMax {
  readonly x: number;
  readonly fx: number;
}

const GOLD = 0.381966011250105; // (3 − √5)/2

/**
 * Maximises `f` on [lo, hi]. The endpoints are candidates too: the answer is never worse than
 * f(lo), f(hi).
 * @example
 * brentMax((x) => -((x - 0.3) ** 2), 0, 1).value.x // ≈ 0.3
 */
export function brentMax(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: BrentOptions = {},
): SolverResult<ArgMax> {
  const xTol = options.xTol ?? TOLERANCE.maximumWidth;
  const maxIterations = options.maxIterations ?? 200;
  let a = lo;
  let b = hi;
  let x = a + GOLD * (b - a);
  let w = x;
  let v = x;
  let fx = -f(x);
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  let iterations = 0;
  let status: SolverResult["status"] = "maxIterations";
  for (; iterations < maxIterations; iterations++) {
    if (Number.isNaN(fx)) {
      status = "nanEncountered";
      break;
    }
    const m = 0.5 * (a + b);
    const tol1 = TOLERANCE.brentRelative * Math.abs(x) + xTol / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) {
      status = "converged";
      break;
    }
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const eOld = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * eOld) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = m > x ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = (x >= m ? a : b) - x;
      d = GOLD * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
    const fu = -f(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  let best: ArgMax = { x, fx: -fx };
  const fLo = f(lo);
  const fHi = f(hi);
  if (fLo >= best.fx) best = { x: lo, fx: fLo };
  if (fHi > best.fx) best = { x: hi, fx: fHi };
  return { value: best, status, iterations, residual: b - a, warnings: NO_WARNINGS };
}
