/**
 * Global maximisation of a smooth (or piecewise smooth) function of one variable when its
 * derivative is known: bracket the local maxima on a grid, then locate each as the root of the
 * derivative. A maximiser found this way is exact to machine precision, where a derivative-free
 * search stops at ~√ε because the function is flat there — which matters when the maximiser
 * feeds other players' utilities (see docs/numerics.md). When the grid's values and slopes do not
 * look concave, a maximum may hide between two samples (a wiggle of the function): the cells are
 * then subdivided where one may (./adaptiveMax.ts) before the maxima are located.
 */
import { concaveSamples, maximizeAdaptive, rootWins } from "./adaptiveMax.js";
import { brentMax } from "./brent.js";
import { brentRoot } from "./brentRoot.js";
import { NO_WARNINGS, type SolverResult } from "./result.js";

/** Options of {@link maximizeByFoc}. */
export interface FocMaxOptions {
  /** Grid intervals used to bracket local maxima. Default 24. */
  readonly gridSize?: number;
  /** How many of the best grid peaks to refine (a unimodal function has one, so refining them all costs nothing there). Default 8. */
  readonly refine?: number;
  /** Extra points that are always candidates (kinks, jumps). */
  readonly candidates?: readonly number[];
  /**
   * Also refine every grid cell where `df` changes sign from + to − (a maximum the grid's values
   * may not show). For when `df` at a grid point costs nothing extra (computed with `f`). Default false.
   */
  readonly slopes?: boolean;
}

// Scratch arrays, one set per nesting depth (G's search calls a specialist's inside its objective):
// grid points, values, peaks and cells to refine. This runs thousands of times per solve in nested
// best responses, and fresh arrays per call made the garbage collector a tenth of the numeric
// path's time (measured). Peaks and cells are typed arrays with a count: emptying a JS array by
// `length = 0` drops its storage, and the next push allocates again.
interface Scratch {
  readonly xs: number[];
  readonly fs: number[];
  readonly ds: number[];
  peaks: Int32Array;
  cells: Int32Array;
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
  const refine = options.refine ?? 8;
  if (scratch.length <= depth) {
    scratch.push({ xs: [], fs: [], ds: [], peaks: new Int32Array(0), cells: new Int32Array(0) });
  }
  const s = scratch[depth]!;
  if (s.peaks.length < n + 1) {
    s.peaks = new Int32Array(n + 1);
    s.cells = new Int32Array(3 * (n + 1)); // two per peak, and with `slopes` at most one per cell
  }
  depth++;
  try {
    return focMax(f, df, lo, hi, n, refine, s, options.candidates, options.slopes === true);
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
  refine: number,
  { xs, fs, ds, peaks, cells }: Scratch,
  candidates: readonly number[] | undefined,
  slopes: boolean,
): SolverResult<{ x: number; fx: number }> {
  for (let i = 0; i <= n; i++) {
    const x = i === n ? hi : lo + ((hi - lo) * i) / n;
    const fx = f(x);
    xs[i] = x;
    fs[i] = fx;
    if (Number.isNaN(fx)) {
      return {
        value: { x, fx: Number.NaN },
        status: "nanEncountered",
        iterations: 0,
        residual: Number.NaN,
        warnings: NO_WARNINGS,
      };
    }
  }
  for (let i = 0; i <= n; i++) ds[i] = df(xs[i]!);
  // samples that do not look concave may hide maxima between them: the cells are subdivided
  if (!concaveSamples(xs, fs, ds, n)) return adaptive(f, df, n, { xs, fs, ds }, candidates);
  const top = gridArgmax(fs, n);
  let bestX = xs[top]!;
  let bestF = fs[top]!;
  let bestIsRoot = false;
  const count = gridPeaks(fs, n, refine, peaks);
  let iterations = 0;
  // The maximum near peak p lies in [x_{p−1}, x_{p+1}]: on each side where df changes sign + → −,
  // it is a root of df. With `slopes`, every other cell where df does so is refined too. (A plain
  // loop, not a closure over the best point: doubles written to a closure's context are boxed,
  // one allocation per write, in the innermost loop of the numeric path.)
  let nCells = 0;
  for (let k = 0; k < count; k++) {
    const p = peaks[k]!;
    if (p > 0) cells[nCells++] = p - 1;
    if (p < n) cells[nCells++] = p;
  }
  if (slopes) {
    const peakCells = nCells;
    cell: for (let i = 0; i < n; i++) {
      for (let k = 0; k < peakCells; k++) if (cells[k] === i) continue cell;
      if (ds[i]! > 0 && ds[i + 1]! < 0) cells[nCells++] = i;
    }
  }
  for (let k = 0; k < nCells; k++) {
    const c = cells[k]!;
    const xa = xs[c]!;
    const xb = xs[c + 1]!;
    const da = ds[c]!;
    const db = ds[c + 1]!;
    if (da > 0 && db < 0) {
      const r = brentRoot(df, xa, xb);
      iterations += r.iterations;
      if (r.status !== "converged") continue;
      const x = r.value;
      const fx = f(x);
      if (rootWins(fx, bestF, bestIsRoot)) {
        bestX = x;
        bestF = fx;
        bestIsRoot = true;
      }
    } else if (!(Number.isFinite(da) && Number.isFinite(db))) {
      const r = brentMax(f, xa, xb);
      iterations += r.iterations;
      const { x, fx } = r.value;
      if (fx > bestF || (fx === bestF && x < bestX)) {
        bestX = x;
        bestF = fx;
        bestIsRoot = false;
      }
    }
  }
  return withCandidates(f, lo, hi, bestX, bestF, candidates, iterations, true);
}

/** The grid's cells subdivided where a maximum may hide (./adaptiveMax.ts), then the candidates. */
function adaptive(
  f: (x: number) => number,
  df: (x: number) => number,
  n: number,
  { xs, fs, ds }: Pick<Scratch, "xs" | "fs" | "ds">,
  candidates: readonly number[] | undefined,
): SolverResult<{ x: number; fx: number }> {
  const r = maximizeAdaptive(f, df, xs, fs, ds, n);
  if (r.nanAt !== undefined) {
    return {
      value: { x: r.nanAt, fx: Number.NaN },
      status: "nanEncountered",
      iterations: 0,
      residual: Number.NaN,
      warnings: NO_WARNINGS,
    };
  }
  return withCandidates(f, xs[0]!, xs[n]!, r.x, r.fx, candidates, 0, r.complete);
}

/** The best of (bestX, bestF) and the candidates in [lo, hi], as the search's result. */
function withCandidates(
  f: (x: number) => number,
  lo: number,
  hi: number,
  bestX: number,
  bestF: number,
  candidates: readonly number[] | undefined,
  iterations: number,
  complete: boolean,
): SolverResult<{ x: number; fx: number }> {
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
    status: complete ? "converged" : "maxIterations",
    iterations,
    residual: 0,
    warnings: complete
      ? NO_WARNINGS
      : [`global maximisation: cells of [${lo}, ${hi}] left unsplit when the budget ran out`],
  };
}

/** The index of the grid's best sample (the first of equals). */
export function gridArgmax(fs: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let i = 1; i <= n; i++) if (fs[i]! > fs[best]!) best = i;
  return best;
}

/**
 * The grid's local maxima — samples at least as high as both neighbours and higher than one (an end
 * has one neighbour) — into `peaks`, best first and only `refine` of them when there are more
 * (usually there are one or two, and no sorting is needed). Returns how many.
 */
export function gridPeaks(fs: ArrayLike<number>, n: number, refine: number, peaks: Int32Array): number {
  let count = 0;
  for (let i = 0; i <= n; i++) {
    const left = i === 0 ? Number.NEGATIVE_INFINITY : fs[i - 1]!;
    const right = i === n ? Number.NEGATIVE_INFINITY : fs[i + 1]!;
    if (fs[i]! >= left && fs[i]! >= right && (fs[i]! > left || fs[i]! > right)) peaks[count++] = i;
  }
  if (count <= refine) return count;
  const best = Array.from(peaks.subarray(0, count)).sort((p, q) => fs[q]! - fs[p]! || p - q);
  peaks.set(best.slice(0, refine));
  return refine;
}

export { rootWins };
