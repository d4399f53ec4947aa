/**
 * The reference certificate of a price vector: for every firm the O(n²) piecewise best response
 * of ./bestResponse.ts and a 512-point scan of its revenue, each point by full O(n²) consumer
 * choice (./choice.ts). Independent of the envelopes behind `certifyPrices`, and O(n³) overall:
 * kept to test the scalable certificate against, on markets of tens of firms.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Definition 3, Appendix B
 */
import { bestPrice } from "./bestResponse.js";
import type { PriceCertificate } from "./certificate.js";
import { consumerChoice, deviationRevenue } from "./choice.js";
import { type ConsumerDistribution, uniformConsumers } from "./consumers.js";
import { DEFAULT_MARKET_TOLERANCES, type MarketTolerances, priceScale } from "./tolerances.js";

/** Options of {@link certifyPricesReference}. */
export interface ReferenceCertifyOptions {
  /** Tolerances; defaults in {@link DEFAULT_MARKET_TOLERANCES}. */
  readonly tolerances?: Partial<MarketTolerances>;
  /** Grid intervals of the independent scan of each firm's revenue. Default 512. */
  readonly gridSize?: number;
}

/**
 * Certificate of any price vector: each firm's best unilateral deviation gain against exact
 * consumer choice, and demands against the covered market. Usable on prices from any source
 * (e.g. the paper's formulas).
 * @example
 * certifyPricesReference([1, 0.5], [2 / 7, 1 / 14]).maxDeviationGain // ≈ 0 (Lemma 2 prices)
 */
export function certifyPricesReference(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution = uniformConsumers(),
  options: ReferenceCertifyOptions = {},
): PriceCertificate {
  const tol = { ...DEFAULT_MARKET_TOLERANCES, ...options.tolerances };
  const gridSize = options.gridSize ?? 512;
  const choice = consumerChoice(qualities, prices, consumers);
  const scale = consumers.thetaMax * Math.max(0, ...qualities);
  const gains = qualities.map((q, i) => {
    const current = prices[i]! * choice.demands[i]!;
    const exact = bestPrice(i, qualities, prices, consumers).revenue;
    // independent scan: exact choice on a grid, the best cell refined by golden-section steps
    const top = consumers.thetaMax * q;
    let scan = 0;
    let bestK = 0;
    for (let k = 0; k <= gridSize && top > 0; k++) {
      const r = deviationRevenue(i, (top * k) / gridSize, qualities, prices, consumers);
      if (r > scan) {
        scan = r;
        bestK = k;
      }
    }
    if (top > 0) {
      let lo = (top * Math.max(0, bestK - 1)) / gridSize;
      let hi = (top * Math.min(gridSize, bestK + 1)) / gridSize;
      for (let it = 0; it < 60; it++) {
        const m1 = lo + (hi - lo) * 0.381966;
        const m2 = lo + (hi - lo) * 0.618034;
        const r1 = deviationRevenue(i, m1, qualities, prices, consumers);
        const r2 = deviationRevenue(i, m2, qualities, prices, consumers);
        scan = Math.max(scan, r1, r2);
        if (r1 < r2) lo = m1;
        else hi = m2;
      }
    }
    return Math.max(0, Math.max(exact, scan) - current);
  });
  const demandSum = choice.demands.reduce((s, d) => s + d, 0);
  const demandResidual = Math.abs(demandSum - choice.covered);
  const maxDeviationGain = Math.max(0, ...gains);
  return {
    deviationGains: gains,
    maxDeviationGain,
    demandSum,
    covered: choice.covered,
    demandResidual,
    isEquilibrium: maxDeviationGain <= tol.deviationGain * priceScale(scale) && demandResidual <= tol.demand,
  };
}
