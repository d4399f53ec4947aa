/**
 * Named tolerances of the market and collaboration modules (units and reasons on each field).
 */
export interface MarketTolerances {
  /**
   * Best-response iteration stops when no price moves by more than this, relative to
   * max(1, θmax·max q) (price units). 1e-12: tighter than any reported digit, yet above the round-off
   * of the marginal-revenue bisection used for non-uniform densities.
   */
  readonly price: number;
  /**
   * A unilateral deviation gain (revenue units, relative to max(1, θmax·max q)) at most this large
   * counts as no gain. 1e-10 absorbs the grid/golden-section search error of the independent scan.
   */
  readonly deviationGain: number;
  /** |Σ demands − covered mass| allowed (mass units); round-off of at most N subtractions. */
  readonly demand: number;
}

/** The defaults; see each field. */
export const DEFAULT_MARKET_TOLERANCES: MarketTolerances = Object.freeze({
  price: 1e-12,
  deviationGain: 1e-10,
  demand: 1e-12,
});
