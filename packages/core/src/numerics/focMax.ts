/**
 * Global maximisation of a smooth (or piecewise smooth) function of one variable when its
 * derivative is known: sample a grid, subdivide its cells wherever a maximum may hide between two
 * samples (./adaptiveMax.ts: the cubic model of a cell misfits, the slopes'
 * signs say so, or — when the samples do not look concave — a half of a cell could beat the best
 * found), then locate every maximum bracketed as a root of the derivative. A maximiser found this
 * way is exact to machine precision, where a derivative-free search stops at ~√ε because the
 * function is flat there — which matters when the maximiser feeds other players' utilities (see
 * docs/numerics.md).
 */
import { maximizeAdaptive } from "./adaptiveMax.js";
import { NO_WARNINGS, type SolverResult } from "./result.js";

/** Options of {@link maximizeByFoc}. */
export interface FocMaxOptions {
  /** Grid intervals sampled before the subdivision. Default 24. */
  readonly gridSize?: number;
  /** @deprecated ignored: every maximum the subdivision brackets is located. */
  readonly refine?: number;
  /** Extra points that are always candidates (kinks, jumps). */
  readonly candidates?: readonly number[];
  /** @deprecated ignored: the slope is read wherever the subdivision needs it. */
  readonly slopes?: boolean;
}

// Scratch arrays of the grid (points, values, slopes), one set per nesting depth (G's search calls a
// specialist's inside its objective): this runs thousands of times per solve in nested best
// responses, and fresh arrays per call made the garbage collector a tenth of the numeric path's time
// (measured).
interface Scratch {
  xs: Float64Array;
  fs: Float64Array;
  ds: Float64Array;
}
const scratch: Scratch[] = [];
let depth = 0;

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
  if (scratch.length <= depth)
    scratch.push({ xs: new Float64Array(0), fs: new Float64Array(0), ds: new Float64Array(0) });
  const s = scratch[depth]!;
  // typed arrays, as the specialists' search passes: the subdivision's loads stay monomorphic
  if (s.xs.length < n + 1)
    [s.xs, s.fs, s.ds] = [new Float64Array(n + 1), new Float64Array(n + 1), new Float64Array(n + 1)];
  depth++;
  try {
    return focMax(f, df, lo, hi, n, s, options.candidates);
  } finally {
    depth--;
  }
}

function focMax(
  f: (x: number) => number,
  df: (x: number) => number,
  lo: number,
  hi: number,
  n: number,
  { xs, fs, ds }: Scratch,
  candidates: readonly number[] | undefined,
): SolverResult<{ x: number; fx: number }> {
  for (let i = 0; i <= n; i++) {
    const x = i === n ? hi : lo + ((hi - lo) * i) / n;
    const fx = f(x);
    xs[i] = x;
    fs[i] = fx;
    if (Number.isNaN(fx)) return nanAt(x);
  }
  const r = maximizeAdaptive({ value: f, slope: df }, xs, fs, ds, n);
  if (r.nanAt !== undefined) return nanAt(r.nanAt);
  let { x: bestX, fx: bestF } = r;
  if (candidates !== undefined)
    for (const c of candidates) {
      if (!(c >= lo && c <= hi)) continue;
      const fc = f(c);
      if (fc > bestF || (fc === bestF && c < bestX)) {
        bestX = c;
        bestF = fc;
      }
    }
  return {
    value: { x: bestX, fx: bestF },
    status: r.complete ? "converged" : "maxIterations",
    iterations: 0,
    residual: 0,
    warnings: r.complete
      ? NO_WARNINGS
      : [`global maximisation: cells of [${lo}, ${hi}] left unsplit when the budget ran out`],
  };
}

function nanAt(x: number): SolverResult<{ x: number; fx: number }> {
  return {
    value: { x, fx: Number.NaN },
    status: "nanEncountered",
    iterations: 0,
    residual: Number.NaN,
    warnings: NO_WARNINGS,
  };
}
