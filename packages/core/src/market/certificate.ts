/**
 * The deviation-gain certificate of a price vector in O(n log n) (log-concave densities): each
 * firm's best gain from a unilateral price change against exact consumer choice, found twice —
 * by the exact piece search of ./fastResponse.ts and by an independent price scan — with the
 * larger reported, and the demands checked against the covered market.
 *
 * Conventions: as in `certifyPrices` (./equilibrium.ts), whose O(n²)-per-firm reference version
 * `certifyPricesReference` stays for differential tests. Gains are in revenue units; tolerances
 * are relative to max(1, θmax·max q).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Definition 3, Appendix B
 */
import type { ConsumerDistribution } from "./consumers.js";
import { envelopeChoice } from "./envelopeChoice.js";
import { densityIsLogConcave, fastBestPrice, scanBestRevenue } from "./fastResponse.js";
import { FirmView, highHulls, lowHulls, qualityLevels, sameQualityCap } from "./rivals.js";
import { DEFAULT_MARKET_TOLERANCES, type MarketTolerances } from "./tolerances.js";

/** The certificate of a price vector (see `MarketCertificate` in ./equilibrium.ts). */
export interface PriceCertificate {
  readonly deviationGains: number[];
  readonly maxDeviationGain: number;
  readonly demandSum: number;
  readonly covered: number;
  readonly demandResidual: number;
  readonly isEquilibrium: boolean;
}

/** Options of {@link certifyPricesFast}. */
export interface FastCertifyOptions {
  readonly tolerances?: Partial<MarketTolerances>;
  /** Prices of the independent scan of each firm's revenue. Default 64. */
  readonly gridSize?: number;
  /** Called every 1,000 firms with (firms done, firms in total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Certificate of any price vector in O(n log n).
 * @example
 * certifyPricesFast([1, 0.5], [2 / 7, 1 / 14], uniformConsumers()).isEquilibrium // true (Lemma 2)
 */
export function certifyPricesFast(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution,
  options: FastCertifyOptions = {},
): PriceCertificate {
  const tol = { ...DEFAULT_MARKET_TOLERANCES, ...options.tolerances };
  const gridSize = options.gridSize ?? 64;
  const n = qualities.length;
  const choice = envelopeChoice(qualities, prices, consumers);
  let maxQ = 0;
  for (const q of qualities) maxQ = Math.max(maxQ, q);
  const scale = consumers.thetaMax * maxQ;
  const levels = qualityLevels(qualities);
  const low = lowHulls(levels, prices);
  const high = highHulls(levels, prices);
  const logConcave = densityIsLogConcave(consumers);
  const gains = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const L = levels.levelOf[i]!;
    if (L >= 0) {
      const view = new FirmView(
        levels.values[L]!,
        low.hull,
        low.topAt[L]!,
        high.hull,
        high.topAt[L]!,
        sameQualityCap(levels, i, prices),
        consumers,
      );
      const exact = fastBestPrice(view, logConcave, prices[i]).revenue;
      const scan = scanBestRevenue(view, gridSize);
      gains[i] = Math.max(0, Math.max(exact, scan) - prices[i]! * choice.demands[i]!);
    }
    if ((i + 1) % 1000 === 0 || i + 1 === n) options.onProgress?.(i + 1, n);
  }
  // Neumaier summation: n demands of size ~1/n would otherwise carry n·ε of round-off
  let demandSum = 0;
  let carry = 0;
  let maxDeviationGain = 0;
  for (let i = 0; i < n; i++) {
    const d = choice.demands[i]!;
    const t = demandSum + d;
    carry += Math.abs(demandSum) >= Math.abs(d) ? demandSum - t + d : d - t + demandSum;
    demandSum = t;
    maxDeviationGain = Math.max(maxDeviationGain, gains[i]!);
  }
  demandSum += carry;
  const demandResidual = Math.abs(demandSum - choice.covered);
  return {
    deviationGains: gains,
    maxDeviationGain,
    demandSum,
    covered: choice.covered,
    demandResidual,
    isEquilibrium: maxDeviationGain <= tol.deviationGain * Math.max(1, scale) && demandResidual <= tol.demand,
  };
}
