/**
 * G's choice at one δ on the polynomial path (conventions in ./model.ts and
 * ./equilibriumPolynomial.ts): the items' closed forms (Theorem 3.1), their totals, and G's best
 * α0 — from the totals when the all-active optimum lies above every threshold, else by the segment
 * pass over the thresholds that can matter (a window around that optimum) or, without such a
 * bound, over all of them in order. O(n) per δ.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Section 4
 */
import type { FineTuningGame } from "./model.js";
import type { GeneralistChoice } from "./outcome.js";
import { type PackedPolynomial, RADIX_MIN_ITEMS, sortByKey } from "./packed.js";
import { orderOfThresholds } from "./thresholdOrders.js";

/**
 * The engine's `**` returns x·x for exponent 2 and x for exponent 1 (V8's pow takes those branches
 * explicitly, as fdlibm does); checked once here, and where it holds the quadratic costs of the
 * paper skip the library call (two thirds of an evaluation's time with a million specialists).
 */
const EXACT_SMALL_POWERS = [0.1, 1 / 3, Math.PI, 1e-300, 7e150, Math.SQRT1_2, 3e-9].every(
  (x) => x ** 2 === x * x && x ** 1 === x,
);

/** x ** k, without the call for k = 1 or 2 where the engine's ** gives exactly that. */
export function pow(x: number, k: number): number {
  if (EXACT_SMALL_POWERS) {
    if (k === 2) return x * x;
    if (k === 1) return x;
  }
  return x ** k;
}

/** G's choice at one δ on the polynomial path: enough to rebuild the whole equilibrium in O(n). */
export interface PolynomialChoice {
  /** G's investment. */
  readonly alpha0: number;
  /** G's utility there (before comparing with its disagreement payoff). */
  readonly value: number;
  /** Where on its segment G's maximum lies. */
  readonly choice: Exclude<GeneralistChoice, "out">;
  /** The item whose threshold G invests exactly to ("threshold"), else −1. */
  readonly item: number;
}

/**
 * G's choice at δ: from the items' totals when they settle it (see {@link allActiveChoice}: one
 * pass that writes nothing), else by the sort and the segment pass over the filled items.
 */
export function choiceAt(p: PackedPolynomial, game: FineTuningGame, delta: number): PolynomialChoice {
  itemTotals(p, delta);
  const shortcut = allActiveChoice(p, game);
  if (shortcut !== null) return shortcut;
  fillItems(p, delta, allActiveMaximiser(p, game));
  return windowChoice(p, game, delta) ?? bestSegmentChoice(p, game, delta);
}

/**
 * Every item's contribution x, cost c·x^k and threshold at δ into the scratch arrays, and
 * (threshold, G's slope, G's constant) side by side in `recs`. Items: the specialists (G earns
 * δ·s·(α0 + x) from each participant), then the direct channel (G earns s·(α0 + x) − F − c·x^k
 * itself). Each is active above its threshold in α0.
 */
export function fillItems(
  p: PackedPolynomial,
  delta: number,
  star: number,
  weight = delta,
  kept?: KeptNumbers,
): void {
  // recs side by side, so that the segment pass, which visits items in threshold order, reads one
  // cache line per item instead of three
  const { ns, n, recs, thresholds } = p;
  // and the sums over the items active at α* (see windowChoice), in the same pass
  let slopeAtStar = 0;
  let constantAtStar = 0;
  const cached = p.atDelta === delta;
  const { xs, costs, ts } = p;
  const keptT = kept?.t;
  const keptX = kept?.x;
  for (let i = 0; i < n; i++) {
    const own = i === ns;
    // the direct channel keeps the whole revenue and pays its own cost
    const share = own ? 0 : delta;
    const w = own ? 1 : weight;
    let x: number;
    let cost: number;
    let t: number;
    if (keptX !== undefined) {
      // the same numbers, read: only the direct channel's cost enters below
      x = keptX[i]!;
      t = Math.max(0, keptT![i]!);
      cost = own ? costAt(p, i, x) : 0;
    } else {
      x = cached ? xs[i]! : contributionAt(p, i, share);
      cost = cached ? costs[i]! : costAt(p, i, x);
      t = cached ? ts[i]! : thresholdAt(p, i, x, cost, share);
    }
    thresholds[i] = t;
    const g = w * p.slope[i]!;
    const h = g * x - (own ? p.fixed[i]! + cost : 0);
    recs[3 * i] = t;
    recs[3 * i + 1] = g;
    recs[3 * i + 2] = h;
    if (t <= star) {
      slopeAtStar += g;
      constantAtStar += h;
    }
  }
  p.totals.slopeAtStar = slopeAtStar;
  p.totals.constantAtStar = constantAtStar;
}

/**
 * Every item's threshold before the clamp at 0 (`t`: (d + F + c·x^k − m·x)/m for m = (1 − share)·s > 0,
 * else thresholdAt's 0 or ∞) and contribution `x` at one share, computed by the operations of
 * {@link thresholdAt} and {@link contributionAt} (./cellEnds.ts keeps them per δ).
 */
export interface KeptNumbers {
  readonly t: Float64Array;
  readonly x: Float64Array;
}

/**
 * The sums of every item's G slope and constant (index order), the largest threshold, and whether
 * every slope and constant is ≥ 0, into `p.totals` (see {@link allActiveChoice}), and each item's
 * x, cost and threshold into `p.xs`, `p.costs` and `p.ts` for {@link fillItems} and the outcome at
 * the same δ to read.
 */
function itemTotals(p: PackedPolynomial, delta: number): void {
  const { ns, n } = p;
  let slopes = 0;
  let constants = 0;
  let tMax = 0;
  let nonNegative = true;
  const { xs, costs, ts } = p;
  for (let i = 0; i < n; i++) {
    const own = i === ns;
    const share = own ? 0 : delta;
    const w = own ? 1 : delta;
    const x = contributionAt(p, i, share);
    const cost = costAt(p, i, x);
    const t = thresholdAt(p, i, x, cost, share);
    xs[i] = x;
    costs[i] = cost;
    ts[i] = t;
    const g = w * p.slope[i]!;
    const h = g * x - (own ? p.fixed[i]! + cost : 0);
    slopes += g;
    constants += h;
    if (!(t <= tMax)) tMax = t; // NaN too: then no shortcut
    if (!(g >= 0 && h >= 0)) nonNegative = false;
  }
  p.atDelta = delta;
  p.totals.slope = slopes;
  p.totals.constant = constants;
  p.totals.maxThreshold = tMax;
  p.totals.nonNegative = nonNegative;
}

/**
 * G's choice without sorting, when it can be read off the totals. If every item's slope and
 * constant are ≥ 0 (no direct channel paying its own cost), an item can only add to G's utility
 * once active, so U_G(α0) ≤ U_all(α0) = S·α0 + C − F0 − c0·α0^k0 (every item active) for every
 * α0, with equality once α0 passes the largest threshold. U_all is strictly concave (c0 > 0,
 * k0 > 1) with maximiser α* = (S/(k0·c0))^(1/(k0−1)); when α* lies above every threshold, U_G
 * reaches that bound at α* alone, so α* is G's choice — an interior maximum of the last segment,
 * as the segment pass would find it (up to the order in which S and C are summed). For most δ of
 * a game with many specialists this holds, and the radix sort is skipped. Null when it does not.
 */
function allActiveChoice(p: PackedPolynomial, game: FineTuningGame): PolynomialChoice | null {
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  const { slope: S, constant, maxThreshold, nonNegative } = p.totals;
  if (!(nonNegative && S > 0 && c0 > 0 && k0 > 1)) return null;
  const a = pow(S / (k0 * c0), 1 / (k0 - 1));
  if (!(a > maxThreshold && Number.isFinite(a))) return null;
  return { alpha0: a, value: S * a + (constant - f0) - c0 * pow(a, k0), choice: "interior", item: -1 };
}

/** α* = (S/(k0·c0))^(1/(k0−1)), the maximiser of U_all (NaN when it has none). */
function allActiveMaximiser(p: PackedPolynomial, game: FineTuningGame): number {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const S = p.totals.slope;
  return S > 0 && c0 > 0 && k0 > 1 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : Number.NaN;
}

/**
 * Relative margin (of G's utility) by which every candidate left out by {@link windowChoice} falls
 * below a value G attains: above the rounding of the sums it compares (n non-negative terms: at
 * most ~n·1.1e-16 relative, 1.1e-10 for a million items).
 */
const WINDOW_MARGIN = 1e-9;

/**
 * G's choice by the segment pass over the thresholds that can matter only. With every item's slope
 * and constant ≥ 0, U_G(α0) ≤ U_all(α0) (see {@link allActiveChoice}), and G attains
 * L = max(U_G(α*), U_all(t_max)) at the all-active maximiser α* or at the largest threshold. No α0 where U_all(α0) < L − margin can be G's choice:
 * U_all is concave, so those α0 are the outside of a window [lo, hi] around α*, found by bisection.
 * Items whose threshold is at most lo are active throughout the window (their sums start the pass);
 * items above hi never are; only the thresholds inside are ordered (sorted, or read off the kept
 * order of all of them when the window holds most: {@link windowInOrder}), and the pass visits the
 * same candidates the full pass would, in the same order, less those that cannot win. When few
 * thresholds lie near G's optimum (a game with many specialists, most of them in already), this
 * sorts a small fraction of them. Null when it does not apply (the full pass decides).
 */
function windowChoice(p: PackedPolynomial, game: FineTuningGame, delta: number): PolynomialChoice | null {
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  const { slope: S, constant, nonNegative } = p.totals;
  if (!(nonNegative && S > 0 && c0 > 0 && k0 > 1)) return null;
  const { n, recs } = p;
  const star = allActiveMaximiser(p, game);
  if (!Number.isFinite(star)) return null;
  const K = constant - f0;
  // G's slope and constant over the items active at α* (summed by fillItems, in index order)
  const sIn = p.totals.slopeAtStar;
  const cIn = p.totals.constantAtStar - f0;
  // G attains U_G(α*), and U_all(t_max) at the largest threshold (every item is active there)
  const tMax = p.totals.maxThreshold;
  const attained = Math.max(
    sIn * star + cIn - c0 * pow(star, k0),
    Number.isFinite(tMax) ? allActive(S, K, c0, k0, tMax) : -Infinity,
  );
  const bar =
    attained - WINDOW_MARGIN * Math.max(1, Math.abs(attained), Math.abs(allActive(S, K, c0, k0, star)));
  if (!Number.isFinite(bar)) return null;
  // lo: a point below α* where U_all < bar (U_all increases up to α*), or 0 when none is needed
  let lo = 0;
  if (allActive(S, K, c0, k0, 0) < bar) {
    let below = 0;
    let above = star;
    for (let it = 0; it < 200 && above - below > 0; it++) {
      const mid = 0.5 * (below + above);
      if (mid === below || mid === above) break;
      if (allActive(S, K, c0, k0, mid) < bar) below = mid;
      else above = mid;
    }
    lo = below;
  }
  // hi: a point above α* where U_all < bar (it decreases after α*)
  let hi = Math.max(2 * star, 1);
  for (let it = 0; it < 2100 && !(allActive(S, K, c0, k0, hi) < bar); it++) hi *= 2;
  if (!(allActive(S, K, c0, k0, hi) < bar)) return null;
  {
    let below = star;
    let above = hi;
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (below + above);
      if (mid === below || mid === above) break;
      if (allActive(S, K, c0, k0, mid) < bar) above = mid;
      else below = mid;
    }
    hi = above;
  }
  // the pass starts at lo with every item at or below it active; only thresholds in (lo, hi] sorted
  let S0 = 0;
  let C0 = -f0;
  let m = 0;
  const keys = p.windowKeys;
  const items = p.windowItems;
  for (let i = 0; i < n; i++) {
    const t = recs[3 * i]!;
    if (t <= lo) {
      S0 += recs[3 * i + 1]!;
      C0 += recs[3 * i + 2]!;
    } else if (t <= hi) {
      keys[m] = t;
      items[m++] = i;
    }
  }
  const sorted = windowInOrder(p, delta, m, lo, hi) ?? sortedWindow(p, m);
  // lo = 0 is a true segment start (G invests nothing); any other lo is not a candidate
  const best = segmentPass(p, game, sorted, m, { slope: S0, constant: C0, at: lo, candidate: lo === 0 });
  // G attains `attained` at α*, inside the window: anything less means the window missed it
  return best.value >= bar ? best : null;
}

/** U_all(x) = S·x + K − c0·x^k0, K = C − F0 (top-level: a closure made per call cost V8's optimised code). */
function allActive(S: number, K: number, c0: number, k0: number, x: number): number {
  return S * x + K - c0 * pow(x, k0);
}

/**
 * Share of the items in the window beyond which {@link windowInOrder} reads the window off the
 * order of all thresholds (a nearby δ's, repaired: ./thresholdOrders.ts) instead of sorting it:
 * where thresholds crowd around G's choice (a steep stretch of many specialists) the window holds
 * most of them.
 */
const WINDOW_FROM_ORDER = 0.5;

/**
 * The window's `m` items (collected in index order in `p.windowKeys` and `p.windowItems`) in
 * order of their thresholds, ties by index: a radix sort of their keys. Returns `p.scratch`.
 */
function sortedWindow(p: PackedPolynomial, m: number): Uint32Array {
  const order = sortByKey(p.windowKeys, m, p.order, p.spare, p.scratch, p.spareScratch);
  // the high-word scratch is free once sorted
  const sorted = p.scratch;
  const items = p.windowItems;
  for (let r = 0; r < m; r++) sorted[r] = items[order[r]!]!;
  return sorted;
}

/**
 * The same `m` items in the same order, read off the order of every item's threshold at δ
 * (./thresholdOrders.ts: a nearby δ's order, repaired) when the window holds most items of a game
 * of at least RADIX_MIN_ITEMS items: the items with lo < t ≤ hi in that order. The order by
 * (threshold, index) is unique, so this is the order {@link sortedWindow} gives; the sequence is
 * checked to be in it (a NaN threshold anywhere leaves the full order undefined), and null is
 * returned when the window is small or the check fails.
 */
function windowInOrder(
  p: PackedPolynomial,
  delta: number,
  m: number,
  lo: number,
  hi: number,
): Uint32Array | null {
  const { n, thresholds } = p;
  // (a small game's window is sorted as cheaply)
  if (n < RADIX_MIN_ITEMS || m < WINDOW_FROM_ORDER * n) return null;
  const all = orderOfThresholds(p, delta);
  const sorted = p.scratch;
  let r = 0;
  let last = -1;
  let lastT = Number.NEGATIVE_INFINITY;
  for (let q = 0; q < n; q++) {
    const i = all[q]!;
    const t = thresholds[i]!;
    if (!(t > lo && t <= hi)) continue;
    if (r === m || t < lastT || (t === lastT && i < last)) return null;
    sorted[r++] = i;
    last = i;
    lastT = t;
  }
  return r === m ? sorted : null;
}

/** G's best α0 over the segments between all sorted thresholds (items filled by {@link fillItems}). */
function bestSegmentChoice(p: PackedPolynomial, game: FineTuningGame, delta: number): PolynomialChoice {
  const f0 = game.generalist.cost.polynomial!.fixed;
  return segmentPass(p, game, orderOfThresholds(p, delta), p.n, {
    slope: 0,
    constant: -f0,
    at: 0,
    candidate: true,
  });
}

/**
 * The segment pass: the first `m` items of `sorted` (item indices in threshold order) become active
 * one by one from `start.at`, where G's slope and constant (with −F0) are `start`'s; on each segment
 * [t_j, t_j+1) with a fixed set of active items U_G = S·α0 + C − c0·α0^k0 is concave, and its
 * start (if a candidate) and interior maximum are compared, the first best kept. Two candidates are
 * compared by their difference, S·α0 − c0·α0^k0 apart and the constants of the items joined
 * between them: C holds every active item's share, and a specialist of cost exponent near 1 has one
 * of ~1e12, whose rounding in the totals hid gaps of ~1e-7 between G's choices (the structure
 * proofs, which compare differences, then found G's choice beaten).
 */
function segmentPass(
  p: PackedPolynomial,
  game: FineTuningGame,
  sorted: Uint32Array,
  m: number,
  start: {
    readonly slope: number;
    readonly constant: number;
    readonly at: number;
    readonly candidate: boolean;
  },
): PolynomialChoice {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const recs = p.recs;
  let S = start.slope;
  let C = start.constant;
  let bestA = 0;
  let bestU = Number.NEGATIVE_INFINITY;
  let bestChoice: Exclude<GeneralistChoice, "out"> = "zero";
  let bestItem = -1;
  let idx = 0;
  let segStart = start.at;
  let startItem = -1;
  let startIsCandidate = start.candidate;
  // the best's S·α0 − c0·α0^k0, and the constants of the items joined since it
  let bestPart = Number.NEGATIVE_INFINITY;
  let joined = 0;
  for (;;) {
    while (idx < m) {
      const i = sorted[idx]!;
      const t = recs[3 * i]!;
      if (!(t <= segStart)) break;
      idx++;
      S += recs[3 * i + 1]!;
      const h = recs[3 * i + 2]!;
      C += h;
      joined += h;
      if (t === segStart && segStart > 0) startItem = i;
    }
    const segEnd = idx < m ? recs[3 * sorted[idx]!]! : Number.POSITIVE_INFINITY;
    const interior = S > 0 ? pow(S / (k0 * c0), 1 / (k0 - 1)) : 0;
    // the segment is [segStart, segEnd): its right end belongs to the next segment. U_G is concave
    // on it, so a maximiser inside beats its start: compared by their values, the start would win
    // where the maximiser's gain is below their rounding (α* ∝ δ^{1/(k0−1)} near δ = 0 for k0 < 2),
    // a choice of another kind than the segment's true one, which no structure proof can confirm
    const inside = interior > segStart && interior < segEnd;
    if (startIsCandidate && !inside) {
      const cost = c0 * pow(segStart, k0);
      const part = S * segStart - cost;
      if (part + joined > bestPart) {
        bestPart = part;
        joined = 0;
        bestU = S * segStart + C - cost;
        bestA = segStart;
        bestChoice = segStart === 0 ? "zero" : "threshold";
        bestItem = startItem;
      }
    }
    if (inside) {
      const cost = c0 * pow(interior, k0);
      const part = S * interior - cost;
      if (part + joined > bestPart) {
        bestPart = part;
        joined = 0;
        bestU = S * interior + C - cost;
        bestA = interior;
        bestChoice = "interior";
        bestItem = -1;
      }
    }
    if (!Number.isFinite(segEnd)) break;
    segStart = segEnd;
    startItem = sorted[idx]!;
    startIsCandidate = true;
  }
  return { alpha0: bestA, value: bestU, choice: bestChoice, item: bestItem };
}

/** c·x^k for item i. */
export function costAt(p: PackedPolynomial, i: number, x: number): number {
  return p.c[i]! * pow(x, p.k[i]!);
}

/** Item i's participation threshold given x and c·x^k (as ./responses.ts's `thresholdAt`). */
export function thresholdAt(p: PackedPolynomial, i: number, x: number, cost: number, delta: number): number {
  return Math.max(0, thresholdBeforeClamp(p, i, x, cost, delta));
}

/**
 * {@link thresholdAt} before its clamp at 0: (d + F + c·x^k − m·x)/m for m = (1 − δ)·s > 0, else 0
 * or ∞ (the structure proofs read how far below 0 it lies, ./cellEnds.ts).
 */
export function thresholdBeforeClamp(
  p: PackedPolynomial,
  i: number,
  x: number,
  cost: number,
  delta: number,
): number {
  const m = (1 - delta) * p.slope[i]!;
  const need = p.need[i]! + cost - m * x;
  return m > 0 ? need / m : need <= 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** (1−δ)·s·a − F − c·x^k at a = α0 + x (as ./responses.ts's `polynomialUtility`). */
export function utilityAt(p: PackedPolynomial, i: number, a: number, cost: number, delta: number): number {
  return (1 - delta) * p.slope[i]! * a - p.fixed[i]! - cost;
}

/** x = ((1−δ)s/(k c))^{1/(k−1)} for item i (as ./responses.ts's `contribution`, operation for operation). */
export function contributionAt(p: PackedPolynomial, i: number, delta: number): number {
  const m = (1 - delta) * p.slope[i]!;
  return m > 0 ? pow(m / p.kc[i]!, p.power[i]!) : 0;
}
