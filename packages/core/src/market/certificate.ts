/**
 * The deviation-gain certificate of a price vector in O(n log n) (log-concave densities): each
 * firm's best gain from a unilateral price change against exact consumer choice, found twice —
 * by the exact piece search of ./fastResponse.ts and by an independent price scan — with the
 * larger reported, and the demands checked against the covered market.
 *
 * Conventions: as in `certifyPrices` (./equilibrium.ts), whose O(n²)-per-firm reference version
 * `certifyPricesReference` stays for differential tests. Gains are in revenue units; tolerances
 * are relative to θmax·max q (./tolerances.ts's priceScale).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Definition 3, Appendix B
 */
import { InputError } from "../inputError.js";
import type { ConsumerDistribution } from "./consumers.js";
import { envelopeChoice } from "./envelopeChoice.js";
import { densityIsLogConcave, fastBestPrice, scanBestRevenue } from "./fastResponse.js";
import { FirmView, highHulls, lowHulls, qualityLevels, sameQualityCap } from "./rivals.js";
import { DEFAULT_MARKET_TOLERANCES, type MarketTolerances, priceScale } from "./tolerances.js";

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

/** Options of {@link marketDeviationGains}. */
export interface DeviationGainsOptions {
  /** Prices of the independent scan of each firm's revenue. Default 64. */
  readonly gridSize?: number;
  /** Called every 1,000 firms and at the range's end with (firms done up to, firms in total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * What every firm's deviation search at one price vector shares: the consumers' choice at those
 * prices and the rivals' persistent hulls, built once in O(n log n) (see {@link deviationGainsSetup}).
 */
export interface DeviationGainsSetup {
  readonly qualities: readonly number[];
  readonly prices: readonly number[];
  readonly consumers: ConsumerDistribution;
  readonly demands: readonly number[];
  readonly levels: ReturnType<typeof qualityLevels>;
  readonly low: ReturnType<typeof lowHulls>;
  readonly high: ReturnType<typeof highHulls>;
  readonly logConcave: boolean;
}

/** The shared part of the deviation searches at `prices`, in O(n log n) time and memory. */
export function deviationGainsSetup(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution,
): DeviationGainsSetup {
  checkRange("prices", prices.length, qualities.length);
  const levels = qualityLevels(qualities);
  return {
    qualities,
    prices,
    consumers,
    demands: envelopeChoice(qualities, prices, consumers).demands,
    levels,
    low: lowHulls(levels, prices),
    high: highHulls(levels, prices),
    logConcave: densityIsLogConcave(consumers),
  };
}

function checkRange(field: string, value: number, n: number): void {
  if (value !== n)
    throw new InputError([{ path: field, message: `expected ${n} entries (one per firm), found ${value}` }]);
}

/**
 * The best deviation gains of firms `from` … `to` − 1 (input order) from a prepared setup:
 * O((to − from)·(G + R + 40)·log n) for G = `gridSize`. Firms are independent given the prices,
 * so ranges can be computed anywhere and concatenated.
 */
export function deviationGainsFor(
  setup: DeviationGainsSetup,
  from: number,
  to: number,
  options: DeviationGainsOptions = {},
): number[] {
  const { qualities, prices, consumers, levels, low, high, logConcave, demands } = setup;
  const n = qualities.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > n || from > to)
    throw new InputError([
      { path: "from", message: `expected whole numbers 0 ≤ from ≤ to ≤ ${n}, found from ${from}, to ${to}` },
    ]);
  const gridSize = options.gridSize ?? 64;
  const gains = new Array<number>(to - from).fill(0);
  for (let i = from; i < to; i++) {
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
      gains[i - from] = Math.max(0, Math.max(exact, scan) - prices[i]! * demands[i]!);
    }
    if ((i + 1) % 1000 === 0 || i + 1 === to) options.onProgress?.(i + 1, n);
  }
  return gains;
}

/**
 * Every firm's best deviation gain for firms `from` … `to` − 1 at `prices`: the per-firm part of
 * {@link certifyPricesFast}, for splitting the certificate into ranges of firms (a worker pool's
 * jobs); {@link assemblePriceCertificate} turns all n gains into the certificate. Firm 1 below
 * gains by raising its price:
 * @example
 * marketDeviationGains([1, 0.5], [0.1, 0.1], uniformConsumers(), 0, 1)[0] > 0 // true
 */
export function marketDeviationGains(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution,
  from: number,
  to: number,
  options: DeviationGainsOptions = {},
): number[] {
  return deviationGainsFor(deviationGainsSetup(qualities, prices, consumers), from, to, options);
}

/** Options of {@link assemblePriceCertificate}. */
export interface AssembleCertificateOptions {
  readonly tolerances?: Partial<MarketTolerances>;
}

/**
 * The certificate of `prices` from every firm's deviation gain (all n, in input order, however
 * they were computed): the largest gain, and Σ demands checked against the covered mass, in
 * O(n log n).
 */
export function assemblePriceCertificate(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution,
  gains: readonly number[],
  options: AssembleCertificateOptions = {},
): PriceCertificate {
  const n = qualities.length;
  checkRange("prices", prices.length, n);
  checkRange("deviationGains", gains.length, n);
  const tol = { ...DEFAULT_MARKET_TOLERANCES, ...options.tolerances };
  const choice = envelopeChoice(qualities, prices, consumers);
  let maxQ = 0;
  for (const q of qualities) maxQ = Math.max(maxQ, q);
  const scale = consumers.thetaMax * maxQ;
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
    deviationGains: [...gains],
    maxDeviationGain,
    demandSum,
    covered: choice.covered,
    demandResidual,
    isEquilibrium: maxDeviationGain <= tol.deviationGain * priceScale(scale) && demandResidual <= tol.demand,
  };
}

/**
 * Certificate of any price vector in O(n log n): the gains of firms [0, n) and their assembly.
 * @example
 * certifyPricesFast([1, 0.5], [2 / 7, 1 / 14], uniformConsumers()).isEquilibrium // true (Lemma 2)
 */
export function certifyPricesFast(
  qualities: readonly number[],
  prices: readonly number[],
  consumers: ConsumerDistribution,
  options: FastCertifyOptions = {},
): PriceCertificate {
  const setup = deviationGainsSetup(qualities, prices, consumers);
  const gains = deviationGainsFor(setup, 0, qualities.length, {
    ...(options.gridSize === undefined ? {} : { gridSize: options.gridSize }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return assemblePriceCertificate(qualities, prices, consumers, gains, {
    ...(options.tolerances === undefined ? {} : { tolerances: options.tolerances }),
  });
}
