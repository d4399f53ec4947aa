/**
 * A specialist's best response to the generalist's performance α0 at a revenue share δ (stage 3
 * of the fine-tuning game; conventions in ./model.ts): participate with performance α ≥ α0
 * (α = α0 is free-riding) or abstain with payoff d_i. Two paths: the closed form of Theorem 3.1
 * for polynomial costs with a fixed cost and linear revenue, and a global numeric search for any
 * functions.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Section 4
 */
import type { DirectChannel, Regime, Specialist } from "./model.js";
import { type SpecialistSearch, specialistSearch } from "./specialistSearch.js";

/** Options of the equilibrium solvers. */
export interface EquilibriumOptions {
  /** "auto" (default): the exact polynomial path when the game allows it, else numeric. */
  readonly method?: "auto" | "polynomial" | "numeric";
  /** Grid intervals of a specialist's best-response search before its cells are subdivided (see specialistSearch.ts). Default 8. */
  readonly alphaGrid?: number;
  /**
   * Initial grid intervals of G's global search over α0; cells whose values and slopes disagree
   * with a smooth interpolant are subdivided further (see equilibriumNumeric.ts). Default 8.
   */
  readonly alpha0Grid?: number;
  /** Largest performance searched before declaring a utility unbounded. Default 1e6. */
  readonly maxAlpha?: number;
}

/** A specialist's best response to α0 at δ. */
export interface SpecialistResponse {
  readonly participates: boolean;
  /** Chosen performance (α0 when free-riding); null when abstaining. */
  readonly alpha: number | null;
  /** The specialist's utility (d_i when abstaining). */
  readonly utility: number;
  /** Best utility when participating, whether or not it participates. */
  readonly participationUtility: number;
  readonly regime: Regime;
}

/** Whether a specialist whose best participating utility is u participates: ≥, an indifferent one does (see model.ts). */
export function participates(s: Specialist, u: number): boolean {
  return u >= s.disagreement;
}

/** Specialist i's best response, numeric path (any functions). */
export function specialistResponseNumeric(
  s: Specialist,
  alpha0: number,
  delta: number,
  options: EquilibriumOptions = {},
): SpecialistResponse {
  return responseWith(specialistSearch(s, options), alpha0, delta);
}

/** The response of a kept search (see specialistSearch.ts). */
export function responseWith(search: SpecialistSearch, alpha0: number, delta: number): SpecialistResponse {
  search.respond(alpha0, delta);
  return respond(search.specialist, alpha0, search.alpha, search.utility);
}

/**
 * dα/dα0 of a specialist's interior best response α, by implicit differentiation of its
 * first-order condition (1−δ)r'(α) = ∂φ/∂a(α; α0); 1 when it free-rides (α = α0).
 */
export function responseSlope(s: Specialist, a: number, alpha0: number, delta: number): number {
  if (a === alpha0) return 1;
  const denom = (1 - delta) * s.revenue.second(a) - s.cost.dAA(a, alpha0);
  return denom === 0 ? 0 : s.cost.dAA0(a, alpha0) / denom;
}

function respond(s: Specialist, alpha0: number, a: number, u: number): SpecialistResponse {
  if (participates(s, u)) {
    // exact comparison: the free-riding candidate is α0 itself, not a number near it
    const regime: Regime = a === alpha0 ? "free-rider" : "contributor";
    return { participates: true, alpha: a, utility: u, participationUtility: u, regime };
  }
  return abstains(s, u);
}

/** The response of a specialist who abstains (its best participating utility was u). */
function abstains(s: Specialist, u: number): SpecialistResponse {
  return {
    participates: false,
    alpha: null,
    utility: s.disagreement,
    participationUtility: u,
    regime: "abstainer",
  };
}

/**
 * The α0 from which a polynomial specialist participates at δ: it participates iff α0 ≥ t, where
 * (1−δ)s(α0 + x) − F − c·x^k ≥ d. Both the generalist's segment method and the specialist's
 * response use this one number, so that round-off cannot make them disagree at the threshold.
 */
export function participationThreshold(s: Specialist, delta: number): number {
  const { c, k } = s.cost.polynomial!;
  return thresholdAt(s, contribution(c, k, s.revenue.linear!.slope, delta), delta);
}

/** {@link participationThreshold} given the specialist's contribution x at δ. */
export function thresholdAt(s: Specialist, x: number, delta: number): number {
  const { c, k, fixed } = s.cost.polynomial!;
  const slope = s.revenue.linear!.slope;
  const m = (1 - delta) * slope;
  const need = s.disagreement + fixed + c * x ** k - m * x;
  return m > 0 ? Math.max(0, need / m) : need <= 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** Specialist i's best response, polynomial path (closed form; requires polynomial cost, linear revenue). */
export function specialistResponsePolynomial(
  s: Specialist,
  alpha0: number,
  delta: number,
): SpecialistResponse {
  const { c, k } = s.cost.polynomial!;
  const x = contribution(c, k, s.revenue.linear!.slope, delta);
  const u = polynomialUtility(s, alpha0, x, delta);
  if (alpha0 >= thresholdAt(s, x, delta)) {
    const regime: Regime = x > 0 ? "contributor" : "free-rider";
    return { participates: true, alpha: alpha0 + x, utility: u, participationUtility: u, regime };
  }
  return abstains(s, u);
}

/** A polynomial specialist's utility (1−δ)·s·(α0 + x) − F − c·x^k when it improves on α0 by x. */
export function polynomialUtility(s: Specialist, alpha0: number, x: number, delta: number): number {
  const { c, k, fixed } = s.cost.polynomial!;
  return (1 - delta) * s.revenue.linear!.slope * (alpha0 + x) - fixed - c * x ** k;
}

/** x = ((1−δ)s/(k c))^{1/(k−1)}: the specialist's optimal improvement (Theorem 3.1). */
export function contribution(c: number, k: number, slope: number, delta: number): number {
  const m = (1 - delta) * slope;
  return m > 0 ? (m / (k * c)) ** (1 / (k - 1)) : 0;
}

/** The direct channel seen as a specialist who keeps all revenue (δ = 0) and has no outside option. */
export function directAsSpecialist(d: DirectChannel): Specialist {
  let s = asSpecialist.get(d);
  if (s === undefined) {
    // one object per channel, so that its best-response search is kept like a specialist's
    s = { name: "direct", cost: d.cost, revenue: d.revenue, disagreement: 0 };
    asSpecialist.set(d, s);
  }
  return s;
}
const asSpecialist = new WeakMap<DirectChannel, Specialist>();

/** A specialist's (or the direct channel's) best response by the given method. */
export function responseBy(
  method: "polynomial" | "numeric",
  s: Specialist,
  alpha0: number,
  delta: number,
  options: EquilibriumOptions,
): SpecialistResponse {
  return method === "polynomial"
    ? specialistResponsePolynomial(s, alpha0, delta)
    : specialistResponseNumeric(s, alpha0, delta, options);
}
