/**
 * A specialist's best response for the answer checker (conventions in ./model.ts), independent of
 * the solver's: the closed form of Theorem 3.1 for polynomial cost and linear revenue (the
 * improvement x = ((1−δ)s/(kc))^{1/(k−1)} does not depend on α0), otherwise a global search over
 * α ≥ α0 (a grid of the derivative, every + → − sign change refined by Brent's root finder, the
 * boundary α = α0 and the best grid value as candidates).
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2, Theorem 3.1
 */
import { brentMax } from "../numerics/brent.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { NonFiniteError, type Specialist } from "./model.js";

/** How densely the reference searches (grid intervals). */
export interface SearchDensity {
  /** Grid intervals of a specialist's α (numeric specialists only). */
  readonly alpha: number;
  /** Grid intervals of G's α0 over [0, W]. */
  readonly alpha0: number;
  /** G's best response by the generic search even where sorted thresholds apply (the reference). */
  readonly generic?: boolean;
}

/** Largest performance searched (as the solver's default `maxAlpha`). */
export const MAX_ALPHA = 1e6;

/**
 * Relative slack on "participates iff its utility ≥ d" (ties participate, ./model.ts). G may sit
 * exactly on a specialist's participation threshold to keep it in; there the specialist's utility
 * is d in theory but computes a few ulps below it, and without the slack the best α0 would be missed
 * (the supremum of U_G is approached from above the threshold and attained on it). It must stay
 * tiny: below the threshold the slack lets G "keep" the specialist by slack / (∂U_i/∂α0) in α0,
 * and near δ = 1, where ∂U_i/∂α0 = (1−δ)·r′ is ~0.002, 1e-12 was 5e-10 in α0 and a false gain of
 * 1.6e-9 for G.
 */
export const PARTICIPATION_SLACK = 1e-14;

/** A specialist's best participation at (α0, δ), and whether it participates. */
export interface ReferenceResponse {
  readonly participates: boolean;
  /** Best performance when participating (α0 when free-riding). */
  readonly alpha: number;
  /** Best participating utility. */
  readonly utility: number;
}

/** (1−δ)·r(a) − φ(a; α0): a specialist's utility when it participates with performance a. */
export function specialistUtility(s: Specialist, a: number, alpha0: number, delta: number): number {
  return (1 - delta) * s.revenue.value(a) - s.cost.value(a, alpha0);
}

/** Polynomial cost and linear revenue: the closed forms of Theorem 3.1 apply. */
export const polynomialSpecialist = (s: Specialist): boolean =>
  s.cost.polynomial !== undefined && s.revenue.linear !== undefined;

/** The improvement x of a polynomial specialist (Theorem 3.1). */
export function improvement(s: Specialist, delta: number): number {
  const { c, k } = s.cost.polynomial!;
  const m = (1 - delta) * s.revenue.linear!.slope;
  return m > 0 ? (m / (k * c)) ** (1 / (k - 1)) : 0;
}

/** A specialist's best response: the best α ≥ α0 and whether it beats abstaining (≥ d: ties participate). */
export function referenceResponse(
  s: Specialist,
  alpha0: number,
  delta: number,
  gridIntervals: number,
): ReferenceResponse {
  let alpha: number;
  if (polynomialSpecialist(s)) alpha = alpha0 + improvement(s, delta);
  else alpha = searchAlpha(s, alpha0, delta, gridIntervals);
  const utility = specialistUtility(s, alpha, alpha0, delta);
  // a verdict built on NaN would be noise: the scenario's functions are not numbers here
  if (Number.isNaN(utility) || Number.isNaN(specialistUtility(s, alpha0, alpha0, delta)))
    throw new NonFiniteError(`${s.name}'s utility at α0 = ${alpha0}, δ = ${delta} is NaN`);
  return {
    participates: utility >= s.disagreement - PARTICIPATION_SLACK * Math.max(1, Math.abs(s.disagreement)),
    alpha,
    utility,
  };
}

/** Global maximiser of a numeric specialist's participating utility over α ≥ α0. */
function searchAlpha(s: Specialist, alpha0: number, delta: number, n: number): number {
  const f = (a: number): number => specialistUtility(s, a, alpha0, delta);
  const df = (a: number): number => (1 - delta) * s.revenue.derivative(a) - s.cost.dA(a, alpha0);
  let bestA = alpha0;
  let bestF = f(alpha0);
  const consider = (a: number): void => {
    const v = f(a);
    // smaller α on exact ties (the model's convention)
    if (v > bestF || (v === bestF && a < bestA)) {
      bestA = a;
      bestF = v;
    }
  };
  let width = 1;
  while (width < MAX_ALPHA && (df(alpha0 + width) > 0 || f(alpha0 + width) > bestF)) width *= 2;
  let prevX = alpha0;
  let prevD = df(alpha0);
  let gridBest = alpha0;
  let gridBestF = bestF;
  const roots: number[] = [];
  for (let j = 1; j <= n; j++) {
    const x = alpha0 + (width * j) / n;
    const d = df(x);
    const v = f(x);
    if (v > gridBestF) {
      gridBest = x;
      gridBestF = v;
    }
    if (prevD > 0 && d <= 0) {
      const r = brentRoot(df, prevX, x);
      if (Number.isFinite(r.value)) {
        consider(r.value);
        roots.push(r.value);
      }
    }
    prevX = x;
    prevD = d;
  }
  consider(alpha0 + width);
  // a maximum the derivative's grid did not bracket (two sign changes in one cell); a value-based
  // maximiser is only ~1e-8 accurate, so it is taken only when clearly better than the roots
  const h = width / n;
  const lo = Math.max(alpha0, gridBest - h);
  const hi = Math.min(alpha0 + width, gridBest + h);
  if (gridBest > alpha0 && !roots.some((x) => x >= lo && x <= hi)) {
    const r = brentMax(f, lo, hi, { xTol: 1e-13 });
    if (r.value.fx > bestF + 1e-12 * Math.max(1, Math.abs(bestF))) consider(r.value.x);
  }
  return bestA;
}

/** The α0 from which a polynomial specialist participates at δ (closed form). */
export function polyThreshold(s: Specialist, delta: number): number {
  const x = improvement(s, delta);
  const m = (1 - delta) * s.revenue.linear!.slope;
  const need = s.disagreement + s.cost.value(x, 0) - m * x;
  return m > 0 ? Math.max(0, need / m) : need <= 0 ? 0 : Number.POSITIVE_INFINITY;
}
