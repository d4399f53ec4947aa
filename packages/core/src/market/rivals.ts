/**
 * One firm's revenue against fixed rivals, evaluated in O(log n) through persistent envelopes of
 * the rivals' utility lines (./hull.ts): the building block of the scalable best response and
 * certificate (./fastResponse.ts).
 *
 * Conventions: firm i with quality q_i sells to the types θ with lo(p) < θ < hi(p), where lo(p)
 * is where its line θq_i − p crosses the envelope of the cheaper-quality rivals and the outside
 * option (convex, so lo is increasing and convex in p) and hi(p) where it crosses the envelope of
 * the better rivals (concave in p), capped at θmax. A rival of the same quality at price c caps
 * the price: below c it is dominated, from c on firm i sells nothing (its share at exactly c is
 * a tie, never above the supremum approached from below). Qualities are grouped into levels
 * (distinct positive qualities, ascending); every level contributes its cheapest offer to the
 * hulls.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Lemma 1 (proof), Appendix B
 */
import type { ConsumerDistribution } from "./consumers.js";
import { hullCrossing, PersistentHull } from "./hull.js";

/** The quality levels of a market: computed once per solve (qualities never change). */
export interface QualityLevels {
  /** Distinct positive qualities, ascending. */
  readonly values: Float64Array;
  /** Level of each firm (−1 for quality 0: such a firm never sells). */
  readonly levelOf: Int32Array;
  /** Firms of each level: members.subarray(start[L], start[L + 1]). */
  readonly members: Int32Array;
  readonly start: Int32Array;
}

/** Groups firms by quality (O(n log n)). */
export function qualityLevels(qualities: ArrayLike<number>): QualityLevels {
  const n = qualities.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => qualities[a]! - qualities[b]! || a - b,
  );
  const levelOf = new Int32Array(n).fill(-1);
  const values: number[] = [];
  const members: number[] = [];
  const start: number[] = [];
  for (const i of order) {
    const q = qualities[i]!;
    if (!(q > 0)) continue;
    // exact equality on purpose: only identical qualities form one level
    if (values.length === 0 || values[values.length - 1] !== q) {
      values.push(q);
      start.push(members.length);
    }
    levelOf[i] = values.length - 1;
    members.push(i);
  }
  start.push(members.length);
  return {
    values: Float64Array.from(values),
    levelOf,
    members: Int32Array.from(members),
    start: Int32Array.from(start),
  };
}

/** Lowest price offered at a level (its line in the hulls). */
export function levelPrice(levels: QualityLevels, level: number, prices: ArrayLike<number>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = levels.start[level]!; k < levels.start[level + 1]!; k++)
    best = Math.min(best, prices[levels.members[k]!]!);
  return best;
}

/** The hull of the levels below each level, all versions in one persistent structure. */
export function lowHulls(
  levels: QualityLevels,
  prices: ArrayLike<number>,
): { hull: PersistentHull; topAt: Int32Array } {
  const m = levels.values.length;
  const hull = new PersistentHull("low", m);
  const topAt = new Int32Array(m);
  for (let L = 0; L < m; L++) {
    topAt[L] = hull.top;
    hull.push(levels.values[L]!, levelPrice(levels, L, prices));
  }
  return { hull, topAt };
}

/** The hull of the levels above each level (built top-down). */
export function highHulls(
  levels: QualityLevels,
  prices: ArrayLike<number>,
): { hull: PersistentHull; topAt: Int32Array } {
  const m = levels.values.length;
  const hull = new PersistentHull("high", m);
  const topAt = new Int32Array(m);
  for (let L = m - 1; L >= 0; L--) {
    topAt[L] = hull.top;
    hull.push(levels.values[L]!, levelPrice(levels, L, prices));
  }
  return { hull, topAt };
}

/** Smallest price among the other firms of firm i's level (+∞ if it is alone). */
export function sameQualityCap(levels: QualityLevels, i: number, prices: ArrayLike<number>): number {
  const L = levels.levelOf[i]!;
  let cap = Number.POSITIVE_INFINITY;
  for (let k = levels.start[L]!; k < levels.start[L + 1]!; k++) {
    const j = levels.members[k]!;
    if (j !== i) cap = Math.min(cap, prices[j]!);
  }
  return cap;
}

/**
 * A piece of firm i's demand: on [a, b) the buyers are lo(p) = (p − lc)/ls < θ < hi(p), with
 * hi(p) = (hc − p)/hs, or θmax when hs = 0.
 */
export interface DemandPiece {
  readonly a: number;
  readonly b: number;
  readonly lc: number;
  readonly ls: number;
  readonly hc: number;
  readonly hs: number;
}

/** Firm i facing fixed rivals. */
export class FirmView {
  /** Prices at or above this sell nothing: min(same-quality cap, θmax·q_i). */
  readonly top: number;
  constructor(
    readonly qi: number,
    readonly low: PersistentHull,
    readonly lowTop: number,
    readonly high: PersistentHull,
    readonly highTop: number,
    readonly cap: number,
    readonly consumers: ConsumerDistribution,
  ) {
    this.top = Math.min(cap, consumers.thetaMax * qi);
  }

  /** Demand at price p (0 ≤ p < cap), by exact consumer choice. */
  demand(p: number): number {
    if (!(p < this.top)) return 0;
    const lh = hullCrossing(this.low, this.lowTop, this.qi, p).node;
    const lo = (p - this.low.p[lh]!) / (this.qi - this.low.q[lh]!);
    let hi = this.consumers.thetaMax;
    if (this.highTop >= 0) {
      const hh = hullCrossing(this.high, this.highTop, this.qi, p).node;
      hi = Math.min(hi, (this.high.p[hh]! - p) / (this.high.q[hh]! - this.qi));
    }
    return hi > lo ? this.consumers.cdf(hi) - this.consumers.cdf(lo) : 0;
  }

  revenue(p: number): number {
    return p * this.demand(p);
  }

  /**
   * The piece starting at price p (0 ≤ p < top): the nodes on top where the firm's line crosses
   * each envelope, and the first price above p where one of them changes, hi reaches θmax, demand
   * vanishes or the cap is reached.
   */
  piece(p: number): DemandPiece {
    return this.pieceAt(p, false);
  }

  /** The whole piece containing p (or a sub-interval of it): `a` is where it starts, not p. */
  pieceAround(p: number): DemandPiece {
    return this.pieceAt(p, true);
  }

  private pieceAt(p: number, around: boolean): DemandPiece {
    const thetaMax = this.consumers.thetaMax;
    const lh = hullCrossing(this.low, this.lowTop, this.qi, p);
    const node = lh.node;
    const lc = this.low.p[node]!;
    const ls = this.qi - this.low.q[node]!;
    let b = Math.min(this.top, lc + ls * lh.next, lc + ls * thetaMax);
    let a = around ? Math.max(0, lc + ls * this.low.x[node]!) : p;
    let hc = 0;
    let hs = 0;
    if (this.highTop >= 0) {
      const hh = hullCrossing(this.high, this.highTop, this.qi, p);
      hc = this.high.p[hh.node]!;
      hs = this.high.q[hh.node]! - this.qi;
      b = Math.min(b, hc - hs * hh.next);
      if (around) a = Math.max(a, hc - hs * this.high.x[hh.node]!);
      const atThetaMax = hc - hs * thetaMax; // hi(p) ≥ θmax below this price
      if (p < atThetaMax) {
        b = Math.min(b, atThetaMax);
        hs = 0;
      } else {
        if (around) a = Math.max(a, atThetaMax);
        b = Math.min(b, (lc * hs + hc * ls) / (ls + hs)); // lo meets hi: demand vanishes
      }
    }
    return { a: Math.min(a, p), b, lc, ls, hc, hs };
  }
}
