/**
 * The global maximum of a smooth function of one variable from a grid of its values and slopes:
 * the grid's cells are subdivided where a maximum may hide in them, as G's search over α0 does
 * (../fine-tuning/equilibriumNumeric.ts), and every local maximum found is located as a root of
 * the derivative.
 *
 * A cell is split when the cubic (Hermite) model of its ends misfits the function or its slope at
 * the midpoint, or when the slopes' signs say a maximum hides inside. When the grid's samples do
 * not look concave (a wiggle), a cell is also split while a half of it could still hold a value
 * above the best found (Piyavskii's bound, with the slopes seen times a safety factor as the
 * Lipschitz constant): the Hermite test is relative to the cell's variation, and a small wiggle
 * riding on a steep trend passes it. When they do look concave, a cell that even that bound from
 * its ends keeps below the best found is not examined at all: a smooth utility costs one midpoint
 * per cell near its maximum, and a wiggle there (two local maxima of nearly equal height, a
 * period apart inside one cell) misfits the cubic and is found.
 */
import { brentMax } from "./brent.js";
import { BrentDekker } from "./brentRoot.js";

/**
 * A function of one variable with its derivative, as methods: the hot caller (a specialist's
 * search) passes itself, so that these calls stay monomorphic and are inlined.
 */
export interface Smooth {
  value(x: number): number;
  slope(x: number): number;
}
/** Brent–Dekker's iteration cap (as `brentRoot`'s default). */
const ROOT_ITERATIONS = 100;

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
/** Round-off allowed in the concavity test of a grid's values, in ulps of the values (over the cell's width). */
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
  const lipschitz = LIPSCHITZ_SAFETY * Math.max(Math.abs(da), Math.abs(db), Math.abs(dm));
  const reach = best + REACH_TOLERANCE * Math.max(1, Math.abs(best));
  // (a narrow cell holding the best sample is left to the refinement of that maximum)
  const holdsBest = fa === best || fb === best || fm === best;
  const promising =
    !(holdsBest && h <= width * BEST_CELL) &&
    0.5 * Math.max(fa, fb) + 0.5 * fm + 0.25 * h * lipschitz > reach;
  return promising || misfits(h, fa, fb, fm, da, db, dm);
}

/**
 * Whether a grid's values (n + 1 points) are those of a concave function, up to round-off: the
 * secant slopes of neighbouring cells do not increase. A wiggle large enough to add a local maximum
 * at the grid's scale breaks the pattern at some cell; one finer than the grid does not, and is
 * found near the best value by the cells' cubic models instead (see the module comment).
 */
export function concaveSamples(xs: Float64Array, fs: Float64Array, n: number): boolean {
  const ulp = CONCAVITY_ULPS * Number.EPSILON;
  let before = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const h = xs[i + 1]! - xs[i]!;
    const secant = (fs[i + 1]! - fs[i]!) / h;
    const slack = (ulp * (Math.abs(fs[i]!) + Math.abs(fs[i + 1]!))) / h;
    if (!(secant <= before + slack)) return false;
    before = secant + slack;
  }
  return true;
}

/** What {@link maximizeAdaptive} found. */
export interface AdaptiveMax {
  readonly x: number;
  readonly fx: number;
  /** False when the budget ran out with cells wider than the smallest left unsplit. */
  readonly complete: boolean;
  /** Whether the grid's values looked concave (see {@link concaveSamples}). */
  readonly concave: boolean;
  /** Cells split because the function did not fit their cubic model (evidence of a wiggle). */
  readonly splits: number;
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

/** Whether a cell's cubic (Hermite) model misfits f or f′ at its midpoint, or a maximum hides in it. */
function misfits(h: number, fa: number, fb: number, fm: number, da: number, db: number, dm: number): boolean {
  const hermite = 0.5 * (fa + fb) + (h * (da - db)) / 8;
  const hermiteSlope = (1.5 * (fb - fa)) / h - 0.25 * (da + db);
  const variation = Math.abs(fb - fa) + h * (Math.abs(da) + Math.abs(db));
  const hidden = (da > 0 && db > 0 && dm < 0) || (da < 0 && db < 0 && dm > 0);
  return (
    hidden ||
    Math.abs(fm - hermite) > HERMITE_MISFIT * variation ||
    h * Math.abs(dm - hermiteSlope) > HERMITE_MISFIT * variation
  );
}

/**
 * Whether the slope, of one sign at a cell's ends and midpoint, could still reach zero between them:
 * its smallest magnitude there is no larger than its largest change between neighbouring samples
 * (a curvature bound twice the one seen, over a quarter of the cell). A maximum can hide there
 * within the cubic model's tolerance: a wiggle's maximum 4e-5 above a cell's best end, between two
 * falling slopes (0.006·(1 − cos(22.9·x)) on 1.357·x²).
 */
function nearFlat(da: number, db: number, dm: number): boolean {
  if (!(da * db > 0 && da * dm > 0)) return false;
  const smallest = Math.min(Math.abs(da), Math.abs(db), Math.abs(dm));
  return smallest <= Math.max(Math.abs(da - dm), Math.abs(dm - db));
}

/**
 * The global maximum of f over [xs[0], xs[n]] from a grid's values `fs` (n + 1 points; `ds` is
 * scratch for the slopes, at least n + 1 long): cells subdivided where a maximum may hide (see the
 * module comment), then every cell where f′ goes from + to − refined as a root of f′ (a cell with a
 * non-finite slope by Brent's method on f). Ties go to the smaller x; a root within a few ulps of
 * the best sample beats it (the sample is within √ε of a flat maximum).
 */
export function maximizeAdaptive(
  fn: Smooth,
  xs: Float64Array,
  fs: Float64Array,
  ds: Float64Array,
  n: number,
): AdaptiveMax {
  if (pools.length <= depth)
    pools.push({ stack: new CellStack(), kept: new CellStack(), brent: new BrentDekker() });
  const pool = pools[depth]!;
  depth++;
  try {
    return subdivide(fn, xs, fs, ds, n, pool);
  } finally {
    depth--;
  }
}

/**
 * A growable stack of cells, six numbers each (a, f(a), f′(a), b, f(b), f′(b)). One pair per
 * nesting depth is kept between calls (G's search maximises inside a specialist's): this runs in
 * the innermost loop of the numeric path, where fresh arrays per call were a visible cost.
 */
class CellStack {
  data = new Float64Array(6 * 64);
  top = 0;
  push(a: number, fa: number, da: number, b: number, fb: number, db: number): void {
    if (this.top + 6 > this.data.length) {
      const grown = new Float64Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const t = this.top;
    d[t] = a;
    d[t + 1] = fa;
    d[t + 2] = da;
    d[t + 3] = b;
    d[t + 4] = fb;
    d[t + 5] = db;
    this.top = t + 6;
  }
}
/** The scratch of one nesting depth: cells to examine, cells kept, a root finder. */
interface Pool {
  readonly stack: CellStack;
  readonly kept: CellStack;
  readonly brent: BrentDekker;
}
const pools: Pool[] = [];
let depth = 0;

/** Values within REACH_TOLERANCE of `best` reach it. */
function reachOf(best: number): number {
  return best + REACH_TOLERANCE * Math.max(1, Math.abs(best));
}

/**
 * A root of f′ in [a, b] given f′(a) > 0 > f′(b), to machine precision (Brent–Dekker, driven here
 * so that the slope calls stay on `fn`); NaN if it does not converge.
 */
function rootOf(fn: Smooth, s: BrentDekker, a: number, b: number, da: number, db: number): number {
  s.start(a, b, da, db, 0);
  for (let it = 1; it <= ROOT_ITERATIONS; it++) {
    if (!s.next()) return s.b;
    const fx = fn.slope(s.b);
    if (Number.isNaN(fx)) return Number.NaN;
    s.feed(fx);
  }
  return Number.NaN;
}

/** |secant| of grid cell i, 0 outside the grid. */
function secant(xs: Float64Array, fs: Float64Array, n: number, i: number): number {
  return i < 0 || i >= n ? 0 : Math.abs((fs[i + 1]! - fs[i]!) / (xs[i + 1]! - xs[i]!));
}

function subdivide(
  fn: Smooth,
  xs: Float64Array,
  fs: Float64Array,
  ds: Float64Array,
  n: number,
  { stack, kept, brent }: Pool,
): AdaptiveMax {
  const concave = concaveSamples(xs, fs, n);
  const width = xs[n]! - xs[0]!;
  const minCell = width * MIN_CELL;
  // the best sample (the first of equals), kept up to date as midpoints are evaluated
  let bestX = xs[0]!;
  let bestF = fs[0]!;
  for (let i = 1; i <= n; i++) {
    if (fs[i]! > bestF) {
      bestX = xs[i]!;
      bestF = fs[i]!;
    }
  }
  // Cells to examine, the leftmost on top (the cells kept come out left to right). Samples that
  // look concave: a cell whose ends' larger value plus half its width times the steepest secant
  // beside it (× LIPSCHITZ_SAFETY) stays below the best sample cannot hold the maximum, and its
  // slopes are not even read; the others' are. Otherwise every slope is read and every cell examined.
  stack.top = 0;
  kept.top = 0;
  const reach = reachOf(bestF);
  // the steepest secant of the grid: a floor under the slope bound of every cell (a cell's own end
  // slopes can both be small where a wiggle inside it is steep)
  let steepest = 0;
  for (let i = 0; i < n; i++) steepest = Math.max(steepest, secant(xs, fs, n, i));
  for (let i = n; i >= 0; i--) ds[i] = concave ? Number.NaN : fn.slope(xs[i]!);
  for (let i = n - 1; i >= 0; i--) {
    if (concave) {
      const lipschitz =
        LIPSCHITZ_SAFETY * Math.max(secant(xs, fs, n, i - 1), secant(xs, fs, n, i), secant(xs, fs, n, i + 1));
      const top = Math.max(fs[i]!, fs[i + 1]!);
      if (top !== bestF && top + 0.5 * (xs[i + 1]! - xs[i]!) * lipschitz < reach) continue;
      if (Number.isNaN(ds[i + 1]!)) ds[i + 1] = fn.slope(xs[i + 1]!);
      if (Number.isNaN(ds[i]!)) ds[i] = fn.slope(xs[i]!);
    }
    stack.push(xs[i]!, fs[i]!, ds[i]!, xs[i + 1]!, fs[i + 1]!, ds[i + 1]!);
  }
  let midpoints = 0;
  let splits = 0;
  let complete = true;
  while (stack.top > 0) {
    stack.top -= 6;
    const t = stack.top;
    const c = stack.data;
    const a = c[t]!;
    const fa = c[t + 1]!;
    const da = c[t + 2]!;
    const b = c[t + 3]!;
    const fb = c[t + 4]!;
    const db = c[t + 5]!;
    const h = b - a;
    // (a cell beside the best sample is always examined: its maximum may rise above it by less than
    // the reach tolerance, and is still the maximum)
    const top = Math.max(fa, fb);
    const outOfReach =
      concave &&
      top !== bestF &&
      top + 0.5 * h * LIPSCHITZ_SAFETY * Math.max(Math.abs(da), Math.abs(db), steepest) < reachOf(bestF);
    if (outOfReach) continue;
    if (h <= minCell || midpoints >= ADAPTIVE_BUDGET) {
      if (h > minCell) complete = false;
      kept.push(a, fa, da, b, fb, db);
      continue;
    }
    const m = a + 0.5 * h;
    const fm = fn.value(m);
    if (Number.isNaN(fm)) return { x: Number.NaN, fx: Number.NaN, complete, concave, splits, nanAt: m };
    const dm = fn.slope(m);
    midpoints++;
    if (fm > bestF || (fm === bestF && m < bestX)) {
      bestX = m;
      bestF = fm;
    }
    const misfit = misfits(h, fa, fb, fm, da, db, dm);
    if (misfit) splits++;
    if (concave ? misfit || nearFlat(da, db, dm) : splitSmoothCell(h, width, fa, fb, fm, da, db, dm, bestF)) {
      stack.push(m, fm, dm, b, fb, db);
      stack.push(a, fa, da, m, fm, dm);
    } else {
      kept.push(a, fa, da, m, fm, dm);
      kept.push(m, fm, dm, b, fb, db);
    }
  }
  // every maximum between samples
  const k6 = kept.data;
  let bestIsRoot = false;
  for (let k = 0; k < kept.top; k += 6) {
    const a = k6[k]!;
    const da = k6[k + 2]!;
    const b = k6[k + 3]!;
    const db = k6[k + 5]!;
    if (da > 0 && db < 0) {
      const x = rootOf(fn, brent, a, b, da, db);
      if (Number.isNaN(x)) continue;
      const fx = fn.value(x);
      if (rootWins(fx, bestF, bestIsRoot)) {
        bestX = x;
        bestF = fx;
        bestIsRoot = true;
      }
    } else if (!(Number.isFinite(da) && Number.isFinite(db))) {
      const { x, fx } = brentMax((t) => fn.value(t), a, b).value;
      if (fx > bestF || (fx === bestF && x < bestX)) [bestX, bestF, bestIsRoot] = [x, fx, false];
    }
  }
  return { x: bestX, fx: bestF, complete, concave, splits };
}
