/**
 * G's utility over α0 with the specialists responding to one share and G taking another share of
 * their revenue: its maximum and where it last reaches a level, the bounds of ./cellBounds.ts and
 * ./cellStructure.ts over a cell of δ (conventions in ./model.ts and ./polynomialChoice.ts).
 */
import { EPS } from "./cellEnds.js";
import { BUCKETS, below, bucketEnds, bucketOf, gatheredInOrder } from "./gathered.js";
import type { FineTuningGame } from "./model.js";
import { inOrder, type PackedPolynomial, slopesNonNegative } from "./packed.js";
import { fillItems, type KeptNumbers, pow } from "./polynomialChoice.js";
import { orderOfThresholds } from "./thresholdOrders.js";
import { utilityUnit } from "./units.js";

/** What {@link envelope} returns. */
export interface Envelope {
  /** The largest value of G's utility (in the envelope's sense) over α0 ≥ 0. */
  readonly max: number;
  /** The largest α0 where it is at least `level` (−∞ when nowhere). */
  readonly sup: number;
  /**
   * The size of the terms summed into `max`: S·a + |C| + c0·a^k0 on its segment (slope S, constant
   * C, at its maximiser a), twice F0 and the direct channel's constant (of either sign in C), and
   * the game's unit of utility (./units.ts). Their rounding over n items is at most 8·(n + 16) ulps
   * of it.
   */
  readonly scale: number;
}

/**
 * G's utility with the specialists responding to share `share` (their contributions and
 * thresholds) and G taking `weight` of their revenue, U(α0) = Σ_active weight·s_i·(α0 + x_i) +
 * direct channel − F0 − c0·α0^k0, over α0 ≥ 0: its maximum, and the largest α0 at which it reaches
 * `level`. At share = weight = δ it is G's utility at δ. Over a cell [lo, hi] of δ (s_i ≥ 0), a
 * specialist's threshold rises and its contribution falls with δ, so share = lo, weight = hi bounds
 * G's utility at every δ of the cell from above and share = hi, weight = lo from below
 * (./cellBounds.ts). Null when G's cost is not strictly convex (c0 > 0, k0 > 1) or a slope is
 * negative. O(n) passes, and a sort of the items whose segments can hold the maximum or the level's
 * last reach ({@link bucketedWalk}), or of all of them (a nearby share's order repaired,
 * ./thresholdOrders.ts) where buckets do not tell those apart. With `kept` the items' numbers at
 * `share` are read from it.
 */
export function envelope(
  p: PackedPolynomial,
  game: FineTuningGame,
  share: number,
  weight: number,
  level: number,
  kept?: KeptNumbers,
): Envelope | null {
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  if (!(c0 > 0 && k0 > 1)) return null;
  if (!slopesNonNegative(p)) return null;
  fillItems(p, share, Number.NaN, weight, kept);
  // the segments that can hold the maximum or the last reach of the level, where buckets tell them
  // apart; else every item's record (threshold, slope and constant added there) in threshold order
  let max = bucketedWalk(p, c0, k0, f0, level);
  if (max === null) {
    const m = p.n;
    const recs = inOrder(p, p.recs, orderOfThresholds(p, share), m);
    max = walkSegments(recs, m, c0, k0, 0, -f0, 0, Number.POSITIVE_INFINITY, level);
  }
  const reached = last[0] === 1;
  const Sl = last[1]!;
  const Cl = last[2]!;
  const a0 = last[3]!;
  const a1 = last[4]!;
  // the constants of opposite signs (−F0, a direct channel's profit) summed into |C| count whole
  const own = p.ns < p.n ? Math.abs(p.recs[3 * p.ns + 2]!) : 0;
  const scale = utilityUnit(p) + last[5]! + 2 * (Math.abs(f0) + own);
  if (!reached) return { max, sup: Number.NEGATIVE_INFINITY, scale };
  // the largest root of U = level on the last such segment, right of its maximiser (U decreases
  // there); the segment's end when U is still above the level there (the supremum of the segment)
  const interior = Sl > 0 ? pow(Sl / (k0 * c0), 1 / (k0 - 1)) : 0;
  let below = Math.min(Math.max(interior, a0), a1);
  if (Number.isFinite(a1) && value(c0, k0, Sl, Cl, a1) >= level) return { max, sup: a1, scale };
  let above = Number.isFinite(a1) ? a1 : Math.max(2 * below, 1);
  for (let it = 0; it < 2100 && !(value(c0, k0, Sl, Cl, above) < level); it++) above *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (below + above);
    if (mid === below || mid === above) break;
    if (value(c0, k0, Sl, Cl, mid) >= level) below = mid;
    else above = mid;
  }
  return { max, sup: above, scale };
}

/**
 * U on a segment of slope S and constant C: S·a + C − c0·a^k0 (a top-level function, not a
 * closure made per call: a new closure at every call made V8 drop its optimised code).
 */
function value(c0: number, k0: number, S: number, C: number, a: number): number {
  return S * a + C - c0 * pow(a, k0);
}

/**
 * {@link walkSegments}'s last segment where U reaches the level: [reached (1 or 0), slope,
 * constant, start, end], then the size of the terms at the maximum (Envelope.scale) (numbers in
 * one array, not an object per call).
 */
const last = new Float64Array(6);

/**
 * The walk over the segments between the sorted thresholds (`recs`: threshold, slope and constant
 * of each of m items, in threshold order), from segment start `segStart` with slope S and constant
 * C (the items below already added), the last segment ending at `endT` (the next threshold, ∞ when
 * none): U's largest value over them, and the last segment where it reaches `level` in
 * {@link last}. Its own function, so that V8 optimises the loop once: as part of
 * envelope, the paths after it (taken by some calls and not others) dropped the optimised loop.
 */
function walkSegments(
  recs: Float64Array,
  m: number,
  c0: number,
  k0: number,
  S: number,
  C: number,
  segStart: number,
  endT: number,
  level: number,
): number {
  // loop variables that start from parameters, made doubles (× 1: docs/performance.md, boxed numbers)
  S *= 1;
  C *= 1;
  segStart *= 1;
  const lastEnd = endT * 1;
  let idx = 0;
  let max = Number.NEGATIVE_INFINITY;
  // the last segment where U reaches the level: its slope, constant and ends (numbers, not an
  // array per segment: with a level G reaches almost everywhere, a million arrays a call)
  let reached = 0;
  let Sl = 0;
  let Cl = 0;
  let a0 = 0;
  let a1 = 0;
  let scale = 0;
  for (;;) {
    while (idx < m) {
      if (!(recs[3 * idx]! <= segStart)) break;
      S += recs[3 * idx + 1]!;
      C += recs[3 * idx + 2]!;
      idx++;
    }
    const segEnd = idx < m ? recs[3 * idx]! : lastEnd;
    // U is concave on [segStart, segEnd): its supremum there is at the interior maximiser clamped
    // to the segment (at its right end, not attained, when U still rises there: a bound all the same)
    const interior = S > 0 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : 0;
    const at = Math.min(Math.max(interior, segStart), segEnd);
    const top = value(c0, k0, S, C, at);
    if (top > max) {
      max = top;
      scale = S * at + Math.abs(C) + c0 * pow(at, k0);
    }
    if (top >= level) {
      reached = 1;
      Sl = S;
      Cl = C;
      a0 = segStart;
      a1 = segEnd;
    }
    if (idx >= m || !Number.isFinite(segEnd)) break;
    segStart = segEnd;
  }
  last[0] = reached;
  last[1] = Sl;
  last[2] = Cl;
  last[3] = a0;
  last[4] = a1;
  last[5] = scale;
  return max;
}

/** Each bucket's lower end (then T and ∞), the sums of its items' slopes and constants, its upper bound. */
const lowEnd = new Float64Array(BUCKETS + 2);
const slopeSum = new Float64Array(BUCKETS + 1);
const constantSum = new Float64Array(BUCKETS + 1);
const upperBound = new Float64Array(BUCKETS + 1);

/**
 * The envelope's walk over the segments that can matter only (after fillItems; {@link last} as
 * walkSegments leaves it), or null where buckets do not tell them apart. Every item adds to U once
 * active (slope and constant ≥ 0; a direct channel paying its own cost may not, and then null), so
 * over a bucket [u, v) of α0, U lies between U with the items below u active and U with those below
 * v active, both concave: {@link BUCKETS} buckets over [0, T) and the tail [T, ∞) (every
 * item of finite threshold active), summed in one pass in index order. The maximum lies in a bucket
 * whose upper bound reaches the best lower bound, and the last reach of the level in one whose upper
 * bound reaches the level; only the segments from the first such bucket to the last are walked,
 * their items sorted, with the sums of the items below made in index order (they may round
 * differently from sums in threshold order, by far less than the bounds' widening,
 * ./cellBounds.ts's BOUND_MARGIN); a bucket is left out only when short by more than the rounding
 * of U's terms over n items. Null too where those items are more than a quarter of all (the
 * whole order costs no more) or a threshold is NaN.
 */
function bucketedWalk(p: PackedPolynomial, c0: number, k0: number, f0: number, level: number): number | null {
  const { n, ns, recs } = p;
  if (ns < n) return null;
  let T = 0;
  for (let i = 0; i < n; i++) {
    const t = recs[3 * i]!;
    if (Number.isNaN(t)) return null;
    if (t > T && t < Number.POSITIVE_INFINITY) T = t;
  }
  if (!(T > 0)) return null;
  const nb = BUCKETS;
  bucketEnds(lowEnd, T);
  slopeSum.fill(0);
  constantSum.fill(0);
  for (let i = 0; i < n; i++) {
    const t = recs[3 * i]!;
    const g = recs[3 * i + 1]!;
    const h = recs[3 * i + 2]!;
    if (!(g >= 0 && h >= 0)) return null;
    if (t === Number.POSITIVE_INFINITY) continue;
    const b = bucketOf(lowEnd, T, t);
    slopeSum[b] = slopeSum[b]! + g;
    constantSum[b] = constantSum[b]! + h;
  }
  // each bucket's bounds: above, every item below its top active; below, those below its bottom
  let best = Number.NEGATIVE_INFINITY;
  let S = 0;
  let C = -f0;
  for (let b = 0; b <= nb; b++) {
    const u = lowEnd[b]!;
    const v = lowEnd[b + 1]!;
    best = Math.max(best, clampedMax(c0, k0, S, C, u, v));
    S += slopeSum[b]!;
    C += constantSum[b]!;
    upperBound[b] = clampedMax(c0, k0, S, C, u, v);
  }
  // the rounding of U's terms (summed over n items, in any order), at most S·a + |C| + c0·a^k0 at
  // the largest a that matters
  const a = Math.max(T, S > 0 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : 0);
  const slack = 8 * (n + 16) * EPS * (utilityUnit(p) + S * a + Math.abs(C) + c0 * pow(a, k0));
  const bar = best - slack;
  const reach = level - slack;
  let from = -1;
  let to = -1;
  for (let b = 0; b <= nb; b++) {
    const ub = upperBound[b]!;
    if (!(ub < bar) || !(ub < reach)) {
      if (from < 0) from = b;
      to = b;
    }
  }
  if (from < 0) return null;
  // the items of buckets from…to gathered and walked, after those below (their sums made in the
  // same pass), from the last threshold below to the next one above
  const gathered = gatheredInOrder(p, recs, lowEnd[from]!, lowEnd[to + 1]!);
  if (gathered === null) return null;
  const { sorted, m } = gathered;
  return walkSegments(sorted, m, c0, k0, below[0]!, -f0 + below[1]!, below[2]!, below[3]!, level);
}

/** The largest value of S·a + C − c0·a^k0 over a ∈ [u, v] (concave: its maximiser clamped). */
function clampedMax(c0: number, k0: number, S: number, C: number, u: number, v: number): number {
  const interior = S > 0 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : 0;
  return value(c0, k0, S, C, Math.min(Math.max(interior, u), v));
}
