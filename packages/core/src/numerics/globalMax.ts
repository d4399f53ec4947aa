/**
 * Global maximisation of a function of one variable on a bounded interval without assuming
 * unimodality: sample a grid, bracket every local maximum of the samples, refine each bracket by
 * Brent's method, keep the best. Extra candidates (boundaries, known kinks or jumps) can be
 * supplied and are always compared.
 */
import { brentMax } from "./brent.js";
import { NO_WARNINGS, type SolverResult, type SolverStatus } from "./result.js";
import { TOLERANCE } from "./tolerances.js";

/** Options of {@link maximizeGlobal}. */
export interface GlobalMaxOptions {
  /** Number of grid intervals used to bracket local maxima. Default 48. */
  readonly gridSize?: number;
  /** Absolute x-tolerance of each refinement. Default `TOLERANCE.maximumWidth` (1e-10). */
  readonly xTol?: number;
  /** How many of the best grid brackets to refine. Default 3. */
  readonly refine?: number;
  /** Extra points that are always candidates (e.g. thresholds where f jumps). */
  readonly candidates?: readonly number[];
}

/** The global maximiser found, with every candidate that tied within `tieTol` (absolute). */
export interface GlobalArgMax {
  readonly x: number;
  readonly fx: number;
  /** Number of evaluations of f. */
  readonly evaluations: number;
}

/**
 * Maximises `f` over [lo, hi] globally (to grid resolution for separating distinct peaks).
 * Ties between distinct candidates are resolved towards the smaller x.
 * @example
 * // not the first peak (x ≈ 0.54) but the highest (x ≈ 4.7235)
 * maximizeGlobal((x) => Math.sin(3 * x) + 0.1 * x, 0, 6).value.x // ≈ 4.7235
 */
export function maximizeGlobal(
  f: (x: number) => number,
  lo: number,
  hi: number,
  options: GlobalMaxOptions = {},
): SolverResult<GlobalArgMax> {
  const n = Math.max(2, options.gridSize ?? 48);
  const xTol = options.xTol ?? TOLERANCE.maximumWidth;
  const refine = options.refine ?? 3;
  let evaluations = 0;
  const g = (x: number): number => {
    evaluations++;
    return f(x);
  };
  const xs = new Float64Array(n + 1);
  const fs = new Float64Array(n + 1);
  const h = (hi - lo) / n;
  let nan = false;
  for (let i = 0; i <= n; i++) {
    const x = i === n ? hi : lo + i * h;
    xs[i] = x;
    const fx = g(x);
    if (Number.isNaN(fx)) nan = true;
    fs[i] = fx;
  }
  if (nan) {
    return {
      value: { x: Number.NaN, fx: Number.NaN, evaluations },
      status: "nanEncountered",
      iterations: 0,
      residual: Number.NaN,
      warnings: NO_WARNINGS,
    };
  }
  // local maxima of the samples (plateaus count once, at their left end)
  const peaks: number[] = [];
  for (let i = 0; i <= n; i++) {
    const left = i === 0 ? Number.NEGATIVE_INFINITY : fs[i - 1]!;
    const right = i === n ? Number.NEGATIVE_INFINITY : fs[i + 1]!;
    if (fs[i]! > left && fs[i]! >= right) peaks.push(i);
  }
  peaks.sort((p, q) => fs[q]! - fs[p]! || p - q);
  let bestX = xs[0]!;
  let bestF = fs[0]!;
  const consider = (x: number, fx: number): void => {
    if (fx > bestF || (fx === bestF && x < bestX)) {
      bestX = x;
      bestF = fx;
    }
  };
  for (let i = 0; i <= n; i++) consider(xs[i]!, fs[i]!);
  let iterations = 0;
  // a refinement that did not converge still offers its best point, but the result says so
  let status: SolverStatus = "converged";
  const warnings: string[] = [];
  for (const p of peaks.slice(0, refine)) {
    const a = xs[Math.max(0, p - 1)]!;
    const b = xs[Math.min(n, p + 1)]!;
    const r = brentMax(g, a, b, { xTol });
    iterations += r.iterations;
    if (r.status !== "converged") {
      if (status === "converged") status = r.status;
      warnings.push(
        `global maximisation: the refinement of the peak in [${a}, ${b}] stopped with status ${r.status} after ${r.iterations} iterations`,
      );
    }
    if (!Number.isNaN(r.value.fx)) consider(r.value.x, r.value.fx);
  }
  for (const c of options.candidates ?? []) {
    if (c >= lo && c <= hi) {
      const fc = g(c);
      if (Number.isNaN(fc)) {
        status = "nanEncountered";
        warnings.push(`global maximisation: the objective is NaN at the candidate x = ${c}`);
      } else consider(c, fc);
    }
  }
  return {
    value: { x: bestX, fx: bestF, evaluations },
    status,
    iterations,
    residual: xTol,
    warnings: warnings.length === 0 ? NO_WARNINGS : warnings,
  };
}
