/**
 * Bracketed root finding and boundary location by bisection. Bisection is used where the
 * function is a predicate (dominated / not dominated, participates / abstains) or may jump.
 */
import { NO_WARNINGS, type SolverResult, type SolverStatus } from "./result.js";
import { TOLERANCE } from "./tolerances.js";

/** Options of {@link bisectPredicate}. */
export interface BisectOptions {
  /** Final bracket width (absolute). Default `TOLERANCE.predicateWidth` (1e-12). */
  readonly xTol?: number;
  /** Iteration cap. Default 200. */
  readonly maxIterations?: number;
}

/**
 * Given `pred(a) !== pred(b)`, narrows [a, b] to the switching point; returns the two ends of the
 * final bracket (`inside` keeps the predicate value of `a`).
 */
export function bisectPredicate(
  pred: (x: number) => boolean,
  a: number,
  b: number,
  options: BisectOptions = {},
): { inside: number; outside: number; iterations: number } {
  const xTol = options.xTol ?? TOLERANCE.predicateWidth;
  const maxIterations = options.maxIterations ?? 200;
  const pa = pred(a);
  let inside = a;
  let outside = b;
  let iterations = 0;
  while (Math.abs(outside - inside) > xTol && iterations < maxIterations) {
    const m = 0.5 * (inside + outside);
    if (m === inside || m === outside) break; // no representable midpoint left
    if (pred(m) === pa) inside = m;
    else outside = m;
    iterations++;
  }
  return { inside, outside, iterations };
}

/**
 * Root of a continuous `f` with f(a)·f(b) ≤ 0 by bisection (robust; ~40 steps for 1e-12 on a
 * unit bracket). Returns NaN if the bracket does not straddle a sign change; see
 * {@link bisectRootResult} for the status (why a root is NaN, or that the cap was reached).
 */
export function bisectRoot(
  f: (x: number) => number,
  a: number,
  b: number,
  xTol: number = TOLERANCE.rootWidth,
): number {
  return bisectRootResult(f, a, b, { xTol }).value;
}

/** Options of {@link bisectRootResult}. */
export interface BisectRootOptions {
  /** Final bracket width (absolute). Default `TOLERANCE.rootWidth` (1e-14). */
  readonly xTol?: number;
  /** Iteration cap. Default 200 (a unit bracket reaches 1e-14 in 47). */
  readonly maxIterations?: number;
}

/**
 * {@link bisectRoot} with its status: "infeasible" when f(a) and f(b) have the same sign,
 * "nanEncountered" when f is NaN at an end or a midpoint, "maxIterations" when the cap is reached
 * with the bracket still wider than `xTol`. `residual` is the final bracket width.
 * @example bisectRootResult((x) => x * x - 2, 0, 2).value // ≈ 1.41421356237310
 */
export function bisectRootResult(
  f: (x: number) => number,
  a: number,
  b: number,
  options: BisectRootOptions = {},
): SolverResult<number> {
  const xTol = options.xTol ?? TOLERANCE.rootWidth;
  const maxIterations = options.maxIterations ?? 200;
  const done = (value: number, status: SolverStatus, iterations: number, residual: number, why?: string) => ({
    value,
    status,
    iterations,
    residual,
    warnings: why === undefined ? NO_WARNINGS : [why],
  });
  let fa = f(a);
  const fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb))
    return done(
      Number.NaN,
      "nanEncountered",
      0,
      Number.NaN,
      `bisection: f is NaN at ${Number.isNaN(fa) ? a : b}`,
    );
  if (fa === 0) return done(a, "converged", 0, 0);
  if (fb === 0) return done(b, "converged", 0, 0);
  if (Math.sign(fa) === Math.sign(fb))
    return done(Number.NaN, "infeasible", 0, Number.NaN, `bisection: f has the same sign at ${a} and ${b}`);
  let lo = a;
  let hi = b;
  let i = 0;
  for (; i < maxIterations && Math.abs(hi - lo) > xTol; i++) {
    const m = 0.5 * (lo + hi);
    // exact comparison on purpose: no representable midpoint is left, the bracket is minimal
    if (m === lo || m === hi) return done(m, "converged", i, Math.abs(hi - lo));
    const fm = f(m);
    if (Number.isNaN(fm))
      return done(Number.NaN, "nanEncountered", i, Math.abs(hi - lo), `bisection: f is NaN at ${m}`);
    if (fm === 0) return done(m, "converged", i, 0);
    if (Math.sign(fm) === Math.sign(fa)) {
      lo = m;
      fa = fm;
    } else hi = m;
  }
  const width = Math.abs(hi - lo);
  return width > xTol
    ? done(
        0.5 * (lo + hi),
        "maxIterations",
        i,
        width,
        `bisection: bracket still ${width} wide after ${i} iterations`,
      )
    : done(0.5 * (lo + hi), "converged", i, width);
}
