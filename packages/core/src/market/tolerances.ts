/**
 * Named tolerances of the market and collaboration modules (units and reasons on each field).
 */
export interface MarketTolerances {
  /**
   * Best-response iteration stops when no price moves by more than this, relative to the price
   * scale θmax·max q (see {@link priceScale}). 1e-12: tighter than any reported digit, yet above the round-off
   * of the marginal-revenue bisection used for non-uniform densities.
   */
  readonly price: number;
  /**
   * A unilateral deviation gain (revenue units, relative to the price scale θmax·max q times the
   * consumers' mass, 1) at most this large counts as no gain. 1e-10 absorbs the grid/golden-section search error of the independent scan.
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

/**
 * The scale the price and deviation-gain tolerances are relative to: θmax·max q, the highest price
 * any consumer pays (1 when that is not a positive finite number). Not max(1, θmax·max q): with
 * qualities in units of 1e-6 that floor let a price 1% off its best response pass the certificate.
 */
export function priceScale(thetaMaxTimesMaxQuality: number): number {
  return thetaMaxTimesMaxQuality > 0 && Number.isFinite(thetaMaxTimesMaxQuality)
    ? thetaMaxTimesMaxQuality
    : 1;
}
