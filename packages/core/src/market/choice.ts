/**
 * Exact consumer choice in the vertically differentiated market (Definition 1 / Definition 3,
 * Lemma 1 of the paper), for any number of firms in any order.
 *
 * Conventions: firm i sells quality q_i ≥ 0 at price p_i ≥ 0; a type-θ consumer buys the product
 * maximising θq_i − p_i if that is positive, and nothing otherwise. The set of types buying from
 * firm i is an interval (an intersection of half-lines), computed directly from the pairwise
 * indifference points — no formula of the paper is used, so these demands are the reference that
 * the paper's formulas (Lemma 1, Lemma 6) are checked against. Ties: firms with identical (q, p)
 * split their common interval equally; a consumer indifferent between buying and not buying does
 * not buy (so a zero-quality product never sells); other ties have zero mass.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 2.1.2 and Appendix A.1, B
 */
import type { ConsumerDistribution } from "./consumers.js";

/** Demands of every firm at given qualities and prices. */
export interface ConsumerChoice {
  /** Mass of consumers buying from each firm (input order). */
  readonly demands: number[];
  /** The interval of types buying from each firm (input order), or null if nobody buys. */
  readonly intervals: ([number, number] | null)[];
  /** Mass of consumers who buy something: 1 − F(min over q_i > 0 of p_i/q_i). */
  readonly covered: number;
}

/**
 * The interval of types that strictly prefer firm `i` to every firm with a different (q, p) and to
 * buying nothing; null when empty.
 */
export function choiceInterval(
  i: number,
  qualities: ArrayLike<number>,
  prices: ArrayLike<number>,
  thetaMax: number,
): [number, number] | null {
  const qi = qualities[i]!;
  const pi = prices[i]!;
  if (!(qi > 0)) return null; // θ·0 − p ≤ 0: never strictly better than buying nothing
  let lo = Math.max(0, pi / qi);
  let hi = thetaMax;
  for (let j = 0; j < qualities.length; j++) {
    if (j === i) continue;
    const qj = qualities[j]!;
    const pj = prices[j]!;
    if (qj < qi) lo = Math.max(lo, (pi - pj) / (qi - qj));
    else if (qj > qi) hi = Math.min(hi, (pj - pi) / (qj - qi));
    else if (pj < pi) return null; // same quality, cheaper: firm i is dominated
    // same quality and same price: shared interval, handled by the caller
  }
  return hi > lo ? [lo, hi] : null;
}

/**
 * Demands of all firms by exact consumer choice.
 * @example
 * consumerChoice([0.9, 0.3], [0.2, 0.05], uniformConsumers()).demands // ≈ [0.75, 0.083333] — θ = 1/4 is indifferent between the firms, θ = 1/6 between the low firm and nothing
 */
export function consumerChoice(
  qualities: ArrayLike<number>,
  prices: ArrayLike<number>,
  consumers: ConsumerDistribution,
): ConsumerChoice {
  const n = qualities.length;
  const demands: number[] = new Array(n).fill(0);
  const intervals: ([number, number] | null)[] = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    const iv = choiceInterval(i, qualities, prices, consumers.thetaMax);
    if (iv === null) continue;
    // identical (q, p) rivals share the interval; equality is exact on purpose: only bit-identical
    // offers are indistinguishable to consumers
    let group = 0;
    for (let j = 0; j < n; j++) if (qualities[j] === qualities[i] && prices[j] === prices[i]) group++;
    intervals[i] = iv;
    demands[i] = (consumers.cdf(iv[1]) - consumers.cdf(iv[0])) / group;
  }
  let threshold = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (qualities[i]! > 0) threshold = Math.min(threshold, Math.max(0, prices[i]! / qualities[i]!));
  }
  const covered = threshold === Number.POSITIVE_INFINITY ? 0 : 1 - consumers.cdf(threshold);
  return { demands, intervals, covered };
}

/** Revenue p_i·D_i of firm `i` if it alone moves its price to `p` (others fixed), by exact choice. */
export function deviationRevenue(
  i: number,
  p: number,
  qualities: ArrayLike<number>,
  prices: ArrayLike<number>,
  consumers: ConsumerDistribution,
): number {
  const trial = Array.from(prices);
  trial[i] = p;
  return p * consumerChoice(qualities, trial, consumers).demands[i]!;
}
