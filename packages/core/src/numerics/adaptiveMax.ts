/**
 * The global maximum of a smooth function of one variable whose samples on a grid do not look
 * concave: the grid's cells are subdivided where a maximum may hide in them, as G's search over α0
 * does (../fine-tuning/equilibriumNumeric.ts), and every local maximum found is located as a root of
 * the derivative.
 *
 * A cell is split when the cubic (Hermite) model of its ends misfits the function or its slope at
 * the midpoint, when the slopes' signs say a maximum hides inside, or while a half of it could
 * still hold a value above the best found (Piyavskii's bound, with the slopes seen times a safety
 * factor as the Lipschitz constant). The Hermite test is relative to the cell's variation: a small
 * wiggle riding on a steep trend passes it, and Piyavskii's bound catches that case.
 */
import { brentMax } from "./brent.js";
import { brentRoot } from "./brentRoot.js";

/**
 * A cell is subdivided when f at its midpoint differs from the cubic Hermite model of its ends by
 * more than this fraction of the cell's variation (|Δf| + h·(|f′(a)| + |f′(b)|)): the model is
 * then not a faithful picture of the cell and maxima may hide in it.
 */
export const HERMITE_MISFIT = 0.02;
/**
 * A cell is also subdivided while a half of it could hold a value above the best found: its ends'
 * mean plus half its width times a slope bound, this factor times the largest |f′| at the cell's
 * ends and midpoint (Piyavskii's bound with an estimated Lipschitz constant). The Hermite test is
 * relative to the cell's variation: a small wiggle of a cost riding on a steep trend passes it,
 * and a maximum one period away from the one found was missed (0.0052·sin(24.09·α0) on 0.836·α0²).
 */
export const LIPSCHITZ_SAFETY = 2;
/**
 * Cells holding the best sample are split for Piyavskii's bound only while wider than this fraction
 * of the search width: below it the refinement of that maximum (a root of f′ between its
 * neighbours) takes over, instead of splitting down to the smallest cell.
 */
export const BEST_CELL = 2 ** -8;
/** Values within this fraction of max(1, |best|) of the best found count as reaching it. */
export const REACH_TOLERANCE = 1e-12;
/** Smallest cell of {@link maximizeAdaptive}, relative to the search width (2^-14, as G's search). */
const MIN_CELL = 2 ** -14;
/** Cap on the midpoints {@link maximizeAdaptive} evaluates; beyond it the search says it is incomplete. */
export const ADAPTIVE_BUDGET = 2000;
/**
 * Round-off allowed in the concavity test of a grid's samples, in ulps of the values (over the
 * cell's width) and of the slopes compared.
 */
const CONCAVITY_ULPS = 8;

/**
 * Whether a smooth cell of width `h` (of a search over a range `width` wide) must be split, given f
 * and f′ at its ends and midpoint and the best value found so far (see the module comment).
 */
export function splitSmoothCell(
  h: number,
  width: number,
  fa: number,
  fb: number,
  fm: number,
  da: number,
  db: number,
  dm: number,
  best: number,
): boolean {
  const hermite = 0.5 * (fa + fb) + (h * (da - db)) / 8;
  const hermiteSlope = (1.5 * (fb - fa)) / h - 0.25 * (da + db);
  const variation = Math.abs(fb - fa) + h * (Math.abs(da) + Math.abs(db));
  // the slope at the midpoint against both ends: two sign changes inside a cell hide a maximum
  const hidden = (da > 0 && db > 0 && dm < 0) || (da < 0 && db < 0 && dm > 0);
  const lipschitz = LIPSCHITZ_SAFETY * Math.max(Math.abs(da), Math.abs(db), Math.abs(dm));
  const reach = best + REACH_TOLERANCE * Math.max(1, Math.abs(best));
  // (a narrow cell holding the best sample is left to the refinement of that maximum)
  const holdsBest = fa === best || fb === best || fm === best;
  const promising =
    !(holdsBest && h <= width * BEST_CELL) &&
    0.5 * Math.max(fa, fb) + 0.5 * fm + 0.25 * h * lipschitz > reach;
  return (
    hidden ||
    promising ||
    Math.abs(fm - hermite) > HERMITE_MISFIT * variation ||
    h * Math.abs(dm - hermiteSlope) > HERMITE_MISFIT * variation
  );
}

/**
 * Whether a grid's samples (n + 1 points, values and slopes) are those of a concave function, up to
 * round-off: each cell's secant slope lies between its ends' slopes, which then do not increase.
 * Such a function has its maximum where the slope changes sign, and a grid of it hides nothing; a
 * wiggle large enough to add a local maximum breaks the pattern at some cell.
 */
export function concaveSamples(
  xs: ArrayLike<number>,
  fs: ArrayLike<number>,
  ds: ArrayLike<number>,
  n: number,
): boolean {
  const ulp = CONCAVITY_ULPS * Number.EPSILON;
  for (let i = 0; i < n; i++) {
    const h = xs[i + 1]! - xs[i]!;
    const secant = (fs[i + 1]! - fs[i]!) / h;
    const slack =
      (ulp * (Math.abs(fs[i]!) + Math.abs(fs[i + 1]!))) / h + ulp * (Math.abs(ds[i]!) + Math.abs(ds[i + 1]!));
    if (!(ds[i]! + slack >= secant && secant >= ds[i + 1]! - slack)) return false;
  }
  return true;
}

/** What {@link maximizeAdaptive} found. */
export interface AdaptiveMax {
  readonly x: number;
  readonly fx: number;
  /** False when the budget ran out with cells wider than the smallest left unsplit. */
  readonly complete: boolean;
  /** x of a sample where f is NaN (then x and fx are NaN too), or undefined. */
  readonly nanAt?: number;
}

/** Relative value slack within which a stationary point beats a grid sample (a few ulps). */
const ROOT_PREFERENCE = 4 * Number.EPSILON;

/**
 * Whether a root of f′ with value `fx` replaces the best point so far (value `bestF`, itself a root
 * or not). At a smooth maximum f is flat to second order, so a grid point within √ε of the root can
 * beat it by round-off: a root within ROOT_PREFERENCE of the best value wins over a non-root.
 */
export function rootWins(fx: number, bestF: number, bestIsRoot: boolean): boolean {
  return fx > bestF || (!bestIsRoot && fx >= bestF - ROOT_PREFERENCE * Math.max(1, Math.abs(bestF)));
}

/**
 * The global maximum of f over [xs[0], xs[n]] from a grid's samples (values `fs`, slopes `ds`):
 * cells subdivided where a maximum may hide (see the module comment), then every cell where f′
 * goes from + to − refined as a root of f′ (a cell with a non-finite slope by Brent's method on f).
 * Ties go to the smaller x; a root within a few ulps of the best sample beats it (the sample is
 * within √ε of a flat maximum).
 */
export function maximizeAdaptive(
  f: (x: number) => number,
  df: (x: number) => number,
  xs: ArrayLike<number>,
  fs: ArrayLike<number>,
  ds: ArrayLike<number>,
  n: number,
): AdaptiveMax {
  const width = xs[n]! - xs[0]!;
  const minCell = width * MIN_CELL;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= n; i++) best = Math.max(best, fs[i]!);
  // cells to examine, six numbers each (a, f(a), f′(a), b, f(b), f′(b)); the leftmost on top
  const stack: number[] = [];
  for (let i = n - 1; i >= 0; i--) stack.push(xs[i]!, fs[i]!, ds[i]!, xs[i + 1]!, fs[i + 1]!, ds[i + 1]!);
  // the cells kept, left to right (the stack is worked leftmost first)
  const kept: number[] = [];
  let midpoints = 0;
  let complete = true;
  while (stack.length > 0) {
    const db = stack.pop()!;
    const fb = stack.pop()!;
    const b = stack.pop()!;
    const da = stack.pop()!;
    const fa = stack.pop()!;
    const a = stack.pop()!;
    const h = b - a;
    if (h <= minCell || midpoints >= ADAPTIVE_BUDGET) {
      if (h > minCell) complete = false;
      kept.push(a, fa, da, b, fb, db);
      continue;
    }
    const m = a + 0.5 * h;
    const fm = f(m);
    if (Number.isNaN(fm)) return { x: Number.NaN, fx: Number.NaN, complete, nanAt: m };
    const dm = df(m);
    midpoints++;
    if (fm > best) best = fm;
    if (splitSmoothCell(h, width, fa, fb, fm, da, db, dm, best)) {
      stack.push(m, fm, dm, b, fb, db, a, fa, da, m, fm, dm);
    } else {
      kept.push(a, fa, da, m, fm, dm, m, fm, dm, b, fb, db);
    }
  }
  // the best sample (the first of equals), then every maximum between samples
  let bestX = kept[0]!;
  let bestF = kept[1]!;
  for (let k = 0; k < kept.length; k += 6) {
    if (kept[k + 4]! > bestF) [bestX, bestF] = [kept[k + 3]!, kept[k + 4]!];
  }
  let bestIsRoot = false;
  for (let k = 0; k < kept.length; k += 6) {
    const [a, da, b, db] = [kept[k]!, kept[k + 2]!, kept[k + 3]!, kept[k + 5]!];
    if (da > 0 && db < 0) {
      const r = brentRoot(df, a, b);
      if (r.status !== "converged") continue;
      const fx = f(r.value);
      if (rootWins(fx, bestF, bestIsRoot)) [bestX, bestF, bestIsRoot] = [r.value, fx, true];
    } else if (!(Number.isFinite(da) && Number.isFinite(db))) {
      const { x, fx } = brentMax(f, a, b).value;
      if (fx > bestF || (fx === bestF && x < bestX)) [bestX, bestF, bestIsRoot] = [x, fx, false];
    }
  }
  return { x: bestX, fx: bestF, complete };
}
