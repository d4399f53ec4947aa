/**
 * Named tolerances. Every comparison of floating-point results in the toolkit goes through one of
 * these, so that a reader can see what "equal" means and a caller can override it per call.
 */
export interface Tolerances {
  /**
   * Width (in units of δ, the revenue share) to which bargaining solutions and Pareto endpoints
   * are located. 1e-10 is well below the 1e-9 (closed form) / 1e-7 (numeric) accuracy targets.
   */
  readonly delta: number;
  /**
   * Relative tolerance on utilities when deciding Pareto dominance and ties: u ≥ v counts as
   * "not worse" when u ≥ v − utility·max(1, |u|, |v|). Guards against dominance by round-off.
   */
  readonly utility: number;
}

/** The defaults; see each field for the unit and the reason. */
export const DEFAULT_TOLERANCES: Tolerances = Object.freeze({
  delta: 1e-10,
  utility: 1e-12,
});

/**
 * The default widths and thresholds of the numerics, the market and the collaboration solvers,
 * each named once with its unit and the reason for its size. Where a solver takes the quantity as
 * an option, this is the option's default (overridable per call); none decides correctness on its
 * own — the certificates check the answers.
 */
export const TOLERANCE = Object.freeze({
  /**
   * Final bracket width of a bisection for a sign change, absolute, in the unit of x (prices,
   * qualities, shares: all of order 1). 1e-14 is ~50 ulps at 1: as fine as doubles resolve with
   * margin, reached in ~47 halvings of a unit bracket.
   */
  rootWidth: 1e-14,
  /** Final bracket width of a bisection on a predicate (x units): 1e-12, 40 halvings of a unit bracket. */
  predicateWidth: 1e-12,
  /**
   * Final bracket width of a maximisation (Brent, the global scan's refinements), absolute, in x
   * units. Near a smooth maximum f changes by O(width²), so 1e-10 puts f within ~1e-20 of its peak.
   */
  maximumWidth: 1e-10,
  /** Brent's relative part of the step tolerance (times |x|): about √ε·1e-4, below any width asked for. */
  brentRelative: 1e-12,
  /**
   * "To the last bits" of an order-1 quantity (prices, demands, qualities), absolute: 1e-15 is
   * ~5 ulps at 1. Used where the answer feeds exact comparisons (a price a firm would deviate to,
   * the threshold a scheme must not cross) and where bisection simply runs out of bits.
   */
  lastBits: 1e-15,
  /**
   * Fine bracket width for qualities a collaboration scheme moves to (quality units): 1e-13, a
   * hundred times the last bits, so that a capped step is never rounded past its cap.
   */
  fineWidth: 1e-13,
  /**
   * Relative offset from the ends of a price piece where a marginal revenue is read instead of at
   * the kink itself, where the one-sided derivatives differ (fraction of the piece's width).
   */
  kinkOffset: 1e-12,
  /**
   * Relative round-off slack of order-1 comparisons of values computed along different paths
   * (slopes of a density's knots, a step that reached its cap): 1e-12, well above accumulated
   * ulps, far below any real difference.
   */
  relativeRoundOff: 1e-12,
  /**
   * Relative revenue drop tolerated as round-off when checking that no firm loses revenue: 1e-9
   * of the previous revenue — revenues are integrals of the consumer distribution, accurate to
   * about 1e-12 relative; a real loss of a scheme is orders of magnitude larger.
   */
  revenueRoundOff: 1e-9,
  /**
   * Max-norm distance (quality units) to the Nash target at which a collaboration counts as
   * converged: 1e-3, a tenth of a percent of accuracy, below what the learners resolve.
   */
  convergedDistance: 1e-3,
  /**
   * Step of a central finite difference, relative to the scale of the variable (θ_max for a
   * density's slope): 1e-6 ≈ ε^(1/3) balances truncation against round-off.
   */
  finiteDifferenceStep: 1e-6,
});

/** Fills in a partial tolerance override. */
export function resolveTolerances(overrides?: Partial<Tolerances>): Tolerances {
  return overrides === undefined ? DEFAULT_TOLERANCES : { ...DEFAULT_TOLERANCES, ...overrides };
}

/** `u` is not worse than `v` up to the relative utility tolerance. */
export function notWorse(u: number, v: number, tol: number): boolean {
  return u >= v - tol * Math.max(1, Math.abs(u), Math.abs(v));
}

/** `u` is strictly better than `v` beyond the relative utility tolerance. */
export function strictlyBetter(u: number, v: number, tol: number): boolean {
  return u > v + tol * Math.max(1, Math.abs(u), Math.abs(v));
}
