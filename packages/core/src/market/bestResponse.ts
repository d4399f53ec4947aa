/**
 * A firm's best unilateral price against exact consumer choice (the building block of the N-firm
 * Bertrand–Nash solver and of every certificate).
 *
 * Conventions: the other firms' prices are fixed; firm i's buyers are the types θ with
 * lo(p) < θ < hi(p), where lo(p) = max(0, p/q_i, (p − p_j)/(q_i − q_j) for worse rivals j) is convex
 * piecewise-linear increasing in p and hi(p) = min(θmax, (p_j − p)/(q_j − q_i) for better rivals j)
 * is concave piecewise-linear decreasing. Revenue p·(F(hi) − F(lo)) is smooth between the prices
 * where two of those pieces cross, so the search is exact: every crossing is a candidate, and each
 * smooth piece is maximised (in closed form for uniform types, where the piece is a concave
 * quadratic; otherwise by bisection on the marginal revenue, which unlike a derivative-free search
 * locates the price to round-off rather than to √ε). A rival with the same quality and price c caps the price:
 * below c it is dominated, above c firm i sells nothing; the supremum may then be approached but
 * not attained (`attained: false`).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 1 (proof), Appendix B
 */
import { bisectRoot } from "../numerics/roots.js";
import { TOLERANCE } from "../numerics/tolerances.js";
import type { ConsumerDistribution } from "./consumers.js";

/** The best unilateral price of one firm. */
export interface BestPrice {
  readonly price: number;
  /** Supremum of the revenue over prices (attained at `price` unless `attained` is false). */
  readonly revenue: number;
  /** False when the supremum is only approached (undercutting a same-quality rival). */
  readonly attained: boolean;
}

/** Options of {@link bestPrice}. */
export interface BestPriceOptions {
  /**
   * Bisection tolerance (price units) on the marginal revenue of non-uniform pieces. Default
   * `TOLERANCE.lastBits` (1e-15) times the firm's top price (units of quality do not matter).
   */
  readonly priceTol?: number;
  /** Samples per smooth piece used to bracket roots of the marginal revenue (non-uniform types). Default 8. */
  readonly samplesPerPiece?: number;
}

/**
 * Best price of firm `i` given the others' prices, by exact consumer choice.
 * @example
 * bestPrice(0, [1, 0.5], [0, 0.0714], uniformConsumers()).price // ≈ 0.2857 (= 2/7, Lemma 2)
 */
export function bestPrice(
  i: number,
  qualities: ArrayLike<number>,
  prices: ArrayLike<number>,
  consumers: ConsumerDistribution,
  options: BestPriceOptions = {},
): BestPrice {
  const qi = qualities[i]!;
  const thetaMax = consumers.thetaMax;
  if (!(qi > 0)) return { price: 0, revenue: 0, attained: true };
  // lo pieces (p − c)/s, hi pieces (c − p)/s
  const loC: number[] = [0];
  const loS: number[] = [qi];
  const hiC: number[] = [];
  const hiS: number[] = [];
  let cap = thetaMax * qi; // at or above this price nobody buys from i
  for (let j = 0; j < qualities.length; j++) {
    if (j === i) continue;
    const qj = qualities[j]!;
    const pj = prices[j]!;
    if (qj < qi) {
      loC.push(pj);
      loS.push(qi - qj);
    } else if (qj > qi) {
      hiC.push(pj);
      hiS.push(qj - qi);
    } else cap = Math.min(cap, pj);
  }
  const demand = (p: number): number => {
    let lo = 0;
    for (let k = 0; k < loC.length; k++) lo = Math.max(lo, (p - loC[k]!) / loS[k]!);
    let hi = thetaMax;
    for (let k = 0; k < hiC.length; k++) hi = Math.min(hi, (hiC[k]! - p) / hiS[k]!);
    return hi > lo ? consumers.cdf(hi) - consumers.cdf(lo) : 0;
  };
  // d/dp of p·D(p) on a smooth piece: D + p·(f(hi)·hi' − f(lo)·lo')
  const marginal = (p: number): number => {
    let lo = 0;
    let dlo = 0;
    for (let k = 0; k < loC.length; k++) {
      const v = (p - loC[k]!) / loS[k]!;
      if (v > lo) {
        lo = v;
        dlo = 1 / loS[k]!;
      }
    }
    let hi = thetaMax;
    let dhi = 0;
    for (let k = 0; k < hiC.length; k++) {
      const v = (hiC[k]! - p) / hiS[k]!;
      if (v < hi) {
        hi = v;
        dhi = -1 / hiS[k]!;
      }
    }
    if (!(hi > lo)) return 0;
    return consumers.cdf(hi) - consumers.cdf(lo) + p * (consumers.pdf(hi) * dhi - consumers.pdf(lo) * dlo);
  };
  const revenue = (p: number): number => p * demand(p);
  if (!(cap > 0)) return { price: 0, revenue: 0, attained: true };
  const bps: number[] = [0, cap];
  const push = (p: number): void => {
    if (p > 0 && p < cap && Number.isFinite(p)) bps.push(p);
  };
  for (let a = 0; a < loC.length; a++) {
    push(loC[a]!); // piece a meets lo = 0
    for (let b = a + 1; b < loC.length; b++) {
      const d = loS[b]! - loS[a]!;
      if (d !== 0) push((loC[a]! * loS[b]! - loC[b]! * loS[a]!) / d);
    }
    for (let b = 0; b < hiC.length; b++) {
      push((loC[a]! * hiS[b]! + hiC[b]! * loS[a]!) / (loS[a]! + hiS[b]!));
    }
    push(loC[a]! + loS[a]! * thetaMax); // piece a meets θmax
  }
  for (let a = 0; a < hiC.length; a++) {
    push(hiC[a]! - hiS[a]! * thetaMax); // piece a meets θmax
    push(hiC[a]!); // piece a meets 0
    for (let b = a + 1; b < hiC.length; b++) {
      const d = hiS[b]! - hiS[a]!;
      if (d !== 0) push((hiC[a]! * hiS[b]! - hiC[b]! * hiS[a]!) / d);
    }
  }
  bps.sort((x, y) => x - y);
  let bestP = 0;
  let bestR = 0;
  const consider = (p: number, r: number): void => {
    if (r > bestR) {
      bestR = r;
      bestP = p;
    }
  };
  // relative to the top price: an absolute 1e-15 is a 1e-4 error with prices of 1e-11
  const priceTol = options.priceTol ?? TOLERANCE.lastBits * cap;
  for (let k = 0; k + 1 < bps.length; k++) {
    const a = bps[k]!;
    const b = bps[k + 1]!;
    if (!(b > a)) continue;
    consider(a, revenue(a));
    if (consumers.uniform) {
      // demand is linear on the piece: read it off two interior points, maximise p(α + βp) exactly
      const x1 = a + (b - a) / 3;
      const x2 = a + (2 * (b - a)) / 3;
      const d1 = demand(x1);
      const d2 = demand(x2);
      const beta = (d2 - d1) / (x2 - x1);
      const alpha = d1 - beta * x1;
      if (beta < 0) {
        const p = Math.min(b, Math.max(a, -alpha / (2 * beta)));
        consider(p, revenue(p));
      } else consider(b, revenue(b)); // demand constant on the piece: revenue increases
    } else {
      // smooth piece: bracket sign changes of the marginal revenue on a few samples, bisect each
      const m = options.samplesPerPiece ?? 8;
      let xPrev = a;
      let gPrev = marginal(a + (b - a) * TOLERANCE.kinkOffset);
      for (let k2 = 1; k2 <= m; k2++) {
        const x = k2 === m ? b : a + ((b - a) * k2) / m;
        const g = marginal(k2 === m ? b - (b - a) * TOLERANCE.kinkOffset : x);
        if (gPrev > 0 && g <= 0) {
          const root = bisectRoot(marginal, xPrev, x, priceTol);
          if (Number.isFinite(root)) consider(root, revenue(root));
        }
        consider(x, revenue(x));
        xPrev = x;
        gPrev = g;
      }
    }
  }
  // the cap itself: shared demand with same-quality rivals, or the supremum approached from below
  if (cap < thetaMax * qi && bestP >= cap) return { price: cap, revenue: bestR, attained: false };
  return { price: bestP, revenue: bestR, attained: true };
}
