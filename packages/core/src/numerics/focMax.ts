/**
 * Global maximisation of a smooth (or piecewise smooth) function of one variable when its
 * derivative is known: bracket the local maxima on a grid, then locate each as the root of the
 * derivative. A maximiser found this way is exact to machine precision, where a derivative-free
 * search stops at ~√ε because the function is flat there — which matters when the maximiser
 * feeds other players' utilities (see docs/numerics.md).
 */
import { brentMax } from "./brent.js";
import { brentRoot } from "./brentRoot.js";
import type { SolverResult } from "./result.js";

/** Relative value slack within which a stationary point beats a grid sample (a few ulps). */
const ROOT_PREFERENCE = 4 * Number.EPSILON;

/** Options of {@link maximizeByFoc}. */
export interface FocMaxOptions {
  /** Grid intervals used to bracket local maxima. Default 24. */
  readonly gridSize?: number;
  /** How many of the best grid peaks to refine (a unimodal function has one, so refining them all costs nothing there). Default 8. */
  readonly refine?: number;
  /** Extra points that are always candidates (kinks, jumps). */
  readonly candidates?: readonly number[];
}

/**
 * Maximises `f` over [lo, hi] using its derivative `df`. Ties go to the smaller x.
 * @example maximizeByFoc((x) => -((x - 1 / 3) ** 2), (x) => -2 * (x - 1 / 3), 0, 1).value.x // 0.3333333333333333
 */
export function maximizeByFoc(
  f: (x: number) => number,
  df: (x: number) => number,
  lo: number,
  hi: number,
  options: FocMaxOptions = {},
): SolverResult<{ x: number; fx: number }> {
  const n = Math.max(2, options.gridSize ?? 24);
  const refine = options.refine ?? 8;
  // plain arrays: this runs millions of times in nested best responses, and small typed arrays
  // cost an allocation each (measured: a third of the numeric path's time went to GC)
  const xs: number[] = new Array(n + 1);
  const fs: number[] = new Array(n + 1);
  for (let i = 0; i <= n; i++) {
    xs[i] = i === n ? hi : lo + ((hi - lo) * i) / n;
    fs[i] = f(xs[i]!);
    if (Number.isNaN(fs[i]!)) {
      return {
        value: { x: xs[i]!, fx: Number.NaN },
        status: "nanEncountered",
        iterations: 0,
        residual: Number.NaN,
        warnings: [],
      };
    }
  }
  let bestX = xs[0]!;
  let bestF = fs[0]!;
  let bestIsRoot = false;
  const consider = (x: number, fx: number): void => {
    if (fx > bestF || (fx === bestF && x < bestX)) {
      bestX = x;
      bestF = fx;
      bestIsRoot = false;
    }
  };
  // At a smooth maximum f is flat to second order, so a grid point within √ε of the root can beat
  // it by round-off; a root of f' within ROOT_PREFERENCE of the best value wins over a non-root.
  const considerRoot = (x: number, fx: number): void => {
    if (fx > bestF || (!bestIsRoot && fx >= bestF - ROOT_PREFERENCE * Math.max(1, Math.abs(bestF)))) {
      bestX = x;
      bestF = fx;
      bestIsRoot = true;
    }
  };
  for (let i = 1; i <= n; i++) consider(xs[i]!, fs[i]!);
  const peaks: number[] = [];
  for (let i = 0; i <= n; i++) {
    const left = i === 0 ? Number.NEGATIVE_INFINITY : fs[i - 1]!;
    const right = i === n ? Number.NEGATIVE_INFINITY : fs[i + 1]!;
    if (fs[i]! >= left && fs[i]! >= right && (fs[i]! > left || fs[i]! > right)) peaks.push(i);
  }
  peaks.sort((p, q) => fs[q]! - fs[p]! || p - q);
  let iterations = 0;
  for (const p of peaks.slice(0, refine)) {
    // the maximum lies in [x_{p−1}, x_{p+1}]: on each side where df changes sign + → −, find the root
    for (const [a, b] of [
      [Math.max(0, p - 1), p],
      [p, Math.min(n, p + 1)],
    ] as const) {
      if (a === b) continue;
      const da = df(xs[a]!);
      const db = df(xs[b]!);
      if (da > 0 && db < 0) {
        const r = brentRoot(df, xs[a]!, xs[b]!);
        iterations += r.iterations;
        if (r.status === "converged") considerRoot(r.value, f(r.value));
      } else if (!(Number.isFinite(da) && Number.isFinite(db))) {
        const r = brentMax(f, xs[a]!, xs[b]!);
        iterations += r.iterations;
        consider(r.value.x, r.value.fx);
      }
    }
  }
  for (const c of options.candidates ?? []) if (c >= lo && c <= hi) consider(c, f(c));
  return { value: { x: bestX, fx: bestF }, status: "converged", iterations, residual: 0, warnings: [] };
}
