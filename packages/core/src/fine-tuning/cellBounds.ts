/**
 * Bounds on the decisive players' utilities and on the revenue over a cell [lo, hi] of δ, whatever
 * the outcome's structure inside (BargainingProblem.cellBounds), for a polynomial game with linear
 * revenues. With them the bargaining solver leaves a change of structure unlocated where every
 * bargain of the cell is dominated by a sample (../bargaining/bounded.ts): beyond G's favourite
 * share, thousands of specialists drop out one by one and G switches which one it holds at its
 * threshold at hundreds of δ, each of which would cost ~25 equilibria to locate.
 *
 * Why they hold (s_i ≥ 0 for every item). For fixed α0, raising δ lowers each specialist's
 * contribution x_i = ((1−δ)s_i/(k_i c_i))^{1/(k_i−1)} and raises its participation threshold t_i
 * (its best utility falls with δ). So at any δ of the cell:
 * - G's utility U(α0, δ) = Σ_{t_i(δ) ≤ α0} δ·s_i·(α0 + x_i(δ)) + direct − F0 − c0·α0^k0 lies between
 *   L(α0) (thresholds and contributions at hi, G's take lo) and H(α0) (at lo, G's take hi): G's
 *   value V(δ) = max U lies in [max L, max H], and G's choice α0(δ) in {α0 : H(α0) ≥ max L}, so
 *   α0(δ) ≤ A⁺, that set's supremum (./envelope.ts). Any L(α) is a lower
 *   bound of V too: given investments α (G's choices at the cell's ends), max L(α) over them
 *   replaces max L, one pass without sorting the thresholds (a looser bound, as good on a narrow
 *   cell, where G's choice at an end is nearly its choice inside).
 * - Specialist i's utility, max(d_i, (1−δ)·s_i·(α0 + x_i) − F_i − c_i·x_i^k_i) when it joins, rises
 *   with α0 and falls with δ: at most its value at (lo, A⁺), and d_i when A⁺ < t_i(lo).
 * - The revenue, Σ over participants of s_i·(α0 + x_i) plus the direct channel's, is at most its
 *   value with every item joining at lo and α0 = A⁺.
 * A⁺'s slack is first order in the cell's width. Where the revenue bound is not below the revenue
 * asked for and G's choices at the ends are known, the largest α at which it would be (one walk
 * over the thresholds at lo) replaces A⁺ when G's choice is proven below it to second order
 * (./cellReach.ts).
 * The sums over a million items round to ~1e-10 relatively, so the bounds are widened by
 * {@link BOUND_MARGIN}.
 */
import { numbersAt } from "./cellEnds.js";
import type { EndChoice } from "./cellPath.js";
import { choiceBelow } from "./cellReach.js";
import { envelope } from "./envelope.js";
import { BUCKETS, below, bucketEnds, bucketOf, gatheredInOrder } from "./gathered.js";
import type { FineTuningGame } from "./model.js";
import { inOrder, itemRecords, type PackedPolynomial, packPolynomial, slopesNonNegative } from "./packed.js";
import { contributionAt, costAt, pow, thresholdAt, utilityAt } from "./polynomialChoice.js";
import { orderOfThresholds } from "./thresholdOrders.js";
import { utilityUnit } from "./units.js";

/** Relative widening of every bound: above the rounding of sums over a million items. */
export const BOUND_MARGIN = 1e-9;

/** Upper bounds over a cell (see the module's header). */
export interface CellBounds {
  /** Each decisive player's utility at most (in the order of `decisive`). */
  readonly upper: Float64Array;
  /** The revenue at most. */
  readonly revenue: number;
  /** G's investment at most. */
  readonly alpha0: number;
}

/**
 * Upper bounds on the utilities of the players `decisive` (indices: 0 = G, i + 1 = specialist i)
 * and on the revenue at every δ ∈ [lo, hi] where the bargain forms. `ends`: G's investments at the
 * cell's ends, or its choices there (null or undefined where none is known or no bargain forms),
 * then also, where the revenue bound is not below `revenueBelow`, bounded to second order
 * (./cellReach.ts). Null when the game is not a polynomial one with a strictly convex cost for G
 * and non-negative revenue slopes.
 */
export function cellBounds(
  game: FineTuningGame,
  decisive: readonly number[],
  lo: number,
  hi: number,
  ends: readonly (number | EndChoice | null | undefined)[] = [],
  revenueBelow = Number.POSITIVE_INFINITY,
): CellBounds | null {
  const p = packPolynomial(game);
  if (p === null || !(lo >= 0 && lo <= hi && hi <= 1)) return null;
  const alpha = (e: number | EndChoice | null | undefined): number | undefined =>
    typeof e === "number" ? e : e?.alpha0;
  const given = ends.map(alpha).filter((a): a is number => a !== undefined && a >= 0 && Number.isFinite(a));
  // the ends' numbers as the structure proofs keep them (./cellEnds.ts: the same numbers, read; lo's
  // order is a kept δ's nearby, repaired: ./thresholdOrders.ts); the cells bounded lie between the
  // proofs' cells, which will read them too
  const atLo = numbersAt(p, lo);
  const lower = given.length > 0 ? lowerAt(p, game, lo, hi, given) : envelope(p, game, hi, lo, Infinity)?.max;
  if (lower === undefined || lower === null || !Number.isFinite(lower)) return null;
  const unit = utilityUnit(p);
  const widen = (x: number): number => BOUND_MARGIN * Math.max(unit, Math.abs(x));
  // the upper envelope last: its thresholds stay in the scratch arrays for the revenue below
  const upper = envelope(p, game, lo, hi, lower - widen(lower), atLo ?? undefined);
  if (upper === null || !Number.isFinite(upper.max) || !Number.isFinite(upper.sup)) return null;
  const { n, thresholds, slope } = p;
  const revenueAt = (a: number): number => {
    // looked up at each call: between the two calls choiceBelow reads other δ, whose numbers may
    // take over the arrays kept for lo (./cellEnds.ts reuses an evicted δ's arrays)
    const x = contributionsAtLo(p, lo);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (!(thresholds[i]! <= a)) continue;
      sum += slope[i]! * (a + x(i));
    }
    return sum;
  };
  let a = upper.sup * (1 + BOUND_MARGIN);
  let revenue = revenueAt(a);
  // not below the revenue asked for: the largest investment at which it would be, if G's choice
  // is proven below it to second order (./cellReach.ts; it leaves the same thresholds at lo in
  // the scratch arrays); its margin (4 widenings) covers the widenings of `a` and of the revenue
  if (!(revenue + widen(revenue) < revenueBelow) && revenueBelow > 0) {
    const within = alphaWithin(p, lo, revenueBelow * (1 - 4 * BOUND_MARGIN)) * (1 - 4 * BOUND_MARGIN);
    const choices = ends.map((e) => (typeof e === "number" ? undefined : e));
    if (within >= 0 && within < upper.sup && choiceBelow(game, lo, hi, choices, within, upper.sup)) {
      a = within * (1 + BOUND_MARGIN);
      revenue = revenueAt(a);
    }
  }
  const out = new Float64Array(decisive.length);
  decisive.forEach((player, j) => {
    if (player === 0) {
      out[j] = upper.max + widen(upper.max);
      return;
    }
    const i = player - 1;
    const d = p.disagreement[i]!;
    const x = contributionAt(p, i, lo);
    const cost = costAt(p, i, x);
    const joins = a >= thresholdAt(p, i, x, cost, lo);
    const u = joins ? utilityAt(p, i, a + x, cost, lo) : d;
    out[j] = u > d ? u + widen(u) : d;
  });
  return { upper: out, revenue: revenue + widen(revenue), alpha0: a };
}

/**
 * max over `alphas` of L(α) = Σ_{t_i(hi) ≤ α} lo·s_i·(α + x_i(hi)) + the direct channel − F0 −
 * c0·α^k0 (the module's header), one pass over the items for each α, with hi's numbers as
 * ./cellEnds.ts keeps them (the threshold before its clamp at 0 gives the same t ≤ α for α ≥ 0).
 * −∞ when a slope is negative or a threshold NaN.
 */
export function lowerAt(
  p: PackedPolynomial,
  game: FineTuningGame,
  lo: number,
  hi: number,
  alphas: readonly number[],
): number {
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  const { ns, n, slope } = p;
  if (!slopesNonNegative(p)) return Number.NEGATIVE_INFINITY;
  const at = numbersAt(p, hi);
  if (at === null) return Number.NEGATIVE_INFINITY;
  const { t, x } = at;
  let best = Number.NEGATIVE_INFINITY;
  for (const a of alphas) {
    let sum = 0;
    for (let i = 0; i < ns; i++) if (t[i]! <= a) sum += lo * slope[i]! * (a + x[i]!);
    // the direct channel keeps its profit
    if (ns < n && t[ns]! <= a) sum += slope[ns]! * (a + x[ns]!) - p.fixed[ns]! - costAt(p, ns, x[ns]!);
    best = Math.max(best, sum - f0 - c0 * pow(a, k0));
  }
  return best;
}

/**
 * The largest α whose revenue bound Σ_{t_i(lo) ≤ α} s_i·(α + x_i(lo)) (every item whose threshold
 * at lo, in `p.thresholds`, is at most α joining with its contribution at lo) is at most `target`:
 * one walk over the items in order of those thresholds, the bound linear between them and rising;
 * −1 when not even α = 0's is.
 */
export function alphaWithin(p: PackedPolynomial, lo: number, target: number): number {
  const { n, thresholds, slope } = p;
  const x = contributionsAtLo(p, lo);
  // each item's threshold, slope and s·x in one record
  const rec = itemRecords(p);
  for (let i = 0; i < n; i++) {
    rec[3 * i] = thresholds[i]!;
    rec[3 * i + 1] = slope[i]!;
    rec[3 * i + 2] = slope[i]! * x(i);
  }
  const found = withinBuckets(p, rec, target);
  if (found !== undefined) return found;
  // else the records copied into threshold order a block at a time as the walk needs them (it
  // often stops early)
  const order = orderOfThresholds(p, lo);
  let copied = 0;
  let sorted = rec;
  const upTo = (k: number): void => {
    if (k < copied) return;
    const to = Math.min(n, Math.max(k + 1, 2 * copied, WALK_BLOCK));
    sorted = inOrder(p, rec, order, to, copied);
    copied = to;
  };
  let S = 0;
  let X = 0;
  for (let k = 0; k <= n; ) {
    if (k < n) upTo(k);
    const t = k < n ? sorted[3 * k]! : Number.POSITIVE_INFINITY;
    // below t the bound is S·α + X (no item joins before the first threshold)
    if (S > 0 && (target - X) / S < t) return Math.max(0, (target - X) / S);
    if (k === n) return S > 0 || X > target ? -1 : Number.POSITIVE_INFINITY;
    for (; k < n; k++) {
      upTo(k);
      if (sorted[3 * k] !== t) break;
      S += sorted[3 * k + 1]!;
      X += sorted[3 * k + 2]!;
    }
    // the items at t join there: just below it when that passes the target
    if (S * t + X > target) return t === 0 ? -1 : t * (1 - Number.EPSILON);
  }
  return -1;
}

/** Items alphaWithin copies into threshold order at first, and then twice as many each time. */
const WALK_BLOCK = 4096;

/**
 * Each item's contribution at lo (the direct channel's at share 0, as it keeps the whole revenue):
 * read from ./cellEnds.ts's kept numbers at lo, which the bounds and proofs of neighbouring cells
 * computed by the same operations, else computed.
 */
function contributionsAtLo(p: PackedPolynomial, lo: number): (i: number) => number {
  const kept = numbersAt(p, lo)?.x;
  return kept === undefined ? (i) => contributionAt(p, i, i === p.ns ? 0 : lo) : (i) => kept[i]!;
}

/** Each bucket's lower end (then T and ∞: gathered.ts's bucketEnds), and the sums of its items' slopes and s·x. */
const bucketLow = new Float64Array(BUCKETS + 2);
const bucketS = new Float64Array(BUCKETS + 1);
const bucketX = new Float64Array(BUCKETS + 1);

/**
 * alphaWithin's answer from the items near it only (`rec`: each item's threshold, slope and s·x in
 * index order), or undefined where this does not tell (then the walk over every item in order
 * decides). The revenue bound R(α) = Σ_{t_i ≤ α} s_i·(α + x_i) rises with α and is at most the sum
 * over the items of threshold below v of s_i·(v + x_i) for α < v: summed over 64 buckets [u, v) of
 * [0, T) in one pass in index order, no crossing of the target lies below the first bucket whose
 * such bound is not below it by the rounding of the sums, and one lies by the end of the first
 * whose bound is above it by that much. The walk runs between them, from the last threshold below,
 * with the sums of the items below made in index order (their rounding may differ from sums in
 * threshold order, within the margin alphaWithin's caller leaves). Undefined too with an infinite
 * or NaN threshold, or more than a quarter of the items between.
 */
function withinBuckets(p: PackedPolynomial, rec: Float64Array, target: number): number | undefined {
  const { n } = p;
  let T = 0;
  for (let i = 0; i < n; i++) {
    const t = rec[3 * i]!;
    if (!(t < Number.POSITIVE_INFINITY)) return undefined;
    if (t > T) T = t;
  }
  if (!(T > 0) || !(target > 0)) return undefined;
  const nb = BUCKETS;
  bucketEnds(bucketLow, T);
  bucketS.fill(0);
  bucketX.fill(0);
  for (let i = 0; i < n; i++) {
    const t = rec[3 * i]!;
    const b = bucketOf(bucketLow, T, t);
    bucketS[b] = bucketS[b]! + rec[3 * i + 1]!;
    bucketX[b] = bucketX[b]! + rec[3 * i + 2]!;
  }
  // the rounding of the sums (n terms, any order) at the largest α that matters
  let S = 0;
  let X = 0;
  for (let b = 0; b <= nb; b++) {
    S += bucketS[b]!;
    X += bucketX[b]!;
  }
  const slack = 8 * (n + 16) * Number.EPSILON * (utilityUnit(p) + S * T + X + target);
  let from = -1;
  let to = -1;
  S = 0;
  X = 0;
  for (let b = 0; b < nb && to < 0; b++) {
    S += bucketS[b]!;
    X += bucketX[b]!;
    const bound = S * bucketLow[b + 1]! + X;
    if (from < 0 && !(bound <= target - slack)) from = b;
    if (bound > target + slack) to = b;
  }
  if (from <= 0 || to < 0) return undefined;
  // the items of buckets from…to gathered, those below summed in the same pass
  const gathered = gatheredInOrder(p, rec, bucketLow[from]!, bucketLow[to + 1]!);
  if (gathered === null) return undefined;
  const { sorted, m } = gathered;
  let S0 = below[0]!;
  let X0 = below[1]!;
  const next = below[3]!;
  // alphaWithin's walk over them, the next threshold after them last
  for (let k = 0; k <= m; ) {
    const t = k < m ? sorted[3 * k]! : next;
    if (S0 > 0 && (target - X0) / S0 < t) return Math.max(0, (target - X0) / S0);
    if (k === m) return undefined;
    for (; k < m; k++) {
      if (sorted[3 * k] !== t) break;
      S0 += sorted[3 * k + 1]!;
      X0 += sorted[3 * k + 2]!;
    }
    if (S0 * t + X0 > target) return t === 0 ? -1 : t * (1 - Number.EPSILON);
  }
  return undefined;
}
