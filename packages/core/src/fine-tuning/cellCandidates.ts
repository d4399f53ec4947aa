/**
 * Second-order proof that no α0 in a region R beats G's path over a cell [lo, hi] of δ, where the
 * first-order bounds of ./cellStructure.ts (conditions 3 and 4, E and F) fail: R is where they do.
 * Those bounds hold at every δ at once by taking each parameter at its worst end, so their slack is
 * first order in the cell's width, while next to a change of structure G's gap between its path and
 * the competitor taking over shrinks with the distance to the change; cells there prove only when
 * narrower than that distance by the ratio of the two slopes (~50 cells per e-fold of distance on
 * the scaling benchmark). Here each competitor is followed along its own curve, with the exact gap
 * at both ends and a bound on the gap's curvature: a function with |D″| ≤ K on [lo, hi] stays below
 * max(D(lo), D(hi)) + K·(hi − lo)²/8, so the slack is second order.
 *
 * At a δ, G's utility U(·, δ) is concave between thresholds and jumps up at each (a specialist's
 * share δ·s_i·(α0 + x_i) ≥ 0; the direct channel's profit, 0 at its threshold), so at any α0 of R it is at most its value at one of: the left end of
 * α0's segment (the largest threshold t_m(δ) ≤ α0, or 0), the segment's maximiser α*_B(δ) (B the
 * active set), or the limit at its right end, itself at most the value at that threshold. Each such
 * point is outside R, where E or F bounds it, or one of these candidates, each proven below the
 * path's value V_P(δ), rounding included, at every δ:
 * - threshold m, an item whose threshold meets R over the cell, at t_m(δ) with the set
 *   B̃_m = {q : t_q(δ) ≤ t_m(δ) at some δ of the cell} (at least the active set there at any δ;
 *   its shares are ≥ 0): at lo and at hi t_q below t_m, or q above at both ends by less than the
 *   two thresholds' curvatures allow (it may dip below inside); B̃_m does not depend on δ, so
 *   D_m(δ) = U_B̃(t_m(δ), δ) − V_P(δ) is smooth;
 * - m's segment's maximiser when it may lie past t_m (α*_B̃(hi) ≥ t_m(lo)): max_α U_B̃(α, δ) − V_P;
 * - α0 = 0 when R reaches it, with {q : t_q(lo) ≤ 0};
 * - segments starting below an interval [r0, r1] of R whose maximiser may reach into it: with
 *   {q : t_q(lo) < r0}, which holds the active set of each;
 * - at the path's own threshold (from the left, threshold kind), the value without j and its twins:
 *   below by their shares.
 * P's own segment needs nothing: past the path U decreases there (condition 2). The direct
 * channel's profit, unlike a share, is negative below its threshold, so a set counts it only where
 * it is active at every δ, and one that may or may not hold it is tried both ways.
 * Curvature: along a curve a(δ) with a fixed set B, U_B = (δ·S_B + S_D)·a + Σ_B s_q·y_q(δ) + C_D −
 * c0·a^k0 (y_q = δ·x_q, S_B the specialists' slopes, S_D and C_D the direct channel's), so
 * U_B″ = a″·(δ·S_B + S_D − k0·c0·a^{k0−1}) + 2a′·S_B − k0·(k0 − 1)·c0·a^{k0−2}·a′² + Σ_B s_q·y_q″;
 * at a maximiser (envelope) U_B″ = S_B·α*′ + Σ_B s_q·y_q″. The y″ terms of the items in both B and
 * A (the path's set) cancel in the difference. So do their shares in D itself: D is computed as a
 * difference of sums (compensated: u + (N·u)² relative over N terms, where plain sums would need
 * N·u, more than G's gaps between neighbouring thresholds once n is in the hundreds of thousands;
 * kept as a sum and its compensation each, their difference is exact but for (N·u)² of the totals),
 * so D carries the rounding of its own terms (128 ulps of their sizes: the few operations of each
 * value) and of the items in one set only (their own numbers), never of the totals, plus the
 * slope times each threshold's rounding (compensated sums of parts added together keep that
 * bound: each part's error is summed exactly but for (N·u)²). O(n) per cell, reading the items in
 * index order (sequentially: in threshold order each item would cost a cache miss once n is in the
 * millions): the items near R are sorted by threshold (a few thousand), and each candidate scans
 * those near it (at most 32n steps in all).
 */

import { firstPast } from "../numerics/search.js";
import {
  maxThresholdCurvature,
  powerSlope,
  shareCurvatures,
  thresholdCurvature,
  thresholdSlope,
} from "./cellCurves.js";
import { type CellEnds, EPS } from "./cellEnds.js";
import {
  bucketSums,
  FIELDS,
  inKeyOrder,
  nearWindow,
  pathSums,
  prefixSums,
  Sums,
  windowItems,
} from "./cellSums.js";
import type { FineTuningGame } from "./model.js";
import { type PackedPolynomial, perGame } from "./packed.js";
import { contributionAt, costAt, pow } from "./polynomialChoice.js";

/**
 * A cell as ./cellStructure.ts's proof has read it: the items' numbers at both ends, with `active`
 * 1 for the items active at G's path, 2 for j and its twins and 0 for the others.
 */
export interface Cell extends CellEnds {
  readonly p: PackedPolynomial;
  readonly game: FineTuningGame;
  readonly lo: number;
  readonly hi: number;
  readonly kind: "zero" | "threshold" | "interior";
  /** The path at lo and at hi, and the item it invests to (−1 when none). */
  readonly p0: number;
  readonly p1: number;
  readonly j: number;
  /** The smallest threshold at lo of an item inactive at the path (right region: α0 ≥ τ). */
  readonly tau: number;
  /** The path's rounding. */
  readonly pathErr: number;
}

/**
 * Relative rounding of a candidate's value beside its sums': the items' contributions and products
 * and the few operations of its formula (what ./cellStructure.ts's margin allows them).
 */
const VALUE_ROUNDING = 128 * EPS;

/** Intervals of R beyond which the proof gives up (E and F failing in that many places: a wide cell). */
const MAX_INTERVALS = 64;

/** Items scanned for the sets B̃ per item of the game beyond which the proof gives up. */
const SCAN_BUDGET = 32;

/**
 * Per game, the arrays of n a proof fills (reused: a proof allocates none): the y″ bounds of the
 * cell at hand; the items W whose thresholds meet R; the items L near W's window in order of their
 * thresholds at lo, those thresholds (`keys`) and curvatures; and the sums over L's first x items
 * at FIELDS·x of `prefix`.
 */
interface Scratch {
  readonly yb: Float64Array;
  readonly W: Uint32Array;
  readonly L: Uint32Array;
  readonly keys: Float64Array;
  readonly bendL: Float64Array;
  readonly prefix: Float64Array;
}
const scratches = new WeakMap<PackedPolynomial, Scratch>();

function scratchFor(p: PackedPolynomial): Scratch {
  return perGame(scratches, p, ({ n }) => ({
    yb: new Float64Array(n),
    W: new Uint32Array(n),
    L: new Uint32Array(n),
    keys: new Float64Array(n),
    bendL: new Float64Array(n),
    prefix: new Float64Array(FIELDS * (n + 1)),
  }));
}

/** Per game, whether d_i + F_i ≥ 0 for every specialist (then thresholds rise with δ). */
const rising = new WeakMap<PackedPolynomial, boolean>();

function thresholdsRise(p: PackedPolynomial): boolean {
  return perGame(rising, p, (q) => {
    for (let i = 0; i < q.ns; i++) if (!(q.need[i]! >= 0)) return false;
    return true;
  });
}

/** The left and right ends of the region's intervals (at most {@link MAX_INTERVALS}), searched for each item. */
const regionStarts = new Float64Array(MAX_INTERVALS);
const regionEnds = new Float64Array(MAX_INTERVALS);
/** The window of W's thresholds: the smallest at lo and the largest at hi. */
const span = new Float64Array(2);

/** Whether a set holds the direct channel: without it, with it, or tried both ways. */
const WITHOUT = 0;
const WITH = 1;
const BOTH = 2;

/** The bounds of the sets below the candidates at 0 and below R's intervals, and their buckets. */
const takeBounds = new Float64Array(MAX_INTERVALS + 1);
const buckets = Array.from({ length: MAX_INTERVALS + 1 }, () => new Sums());
const othersIn = new Uint8Array(MAX_INTERVALS + 1);

/**
 * Whether no α0 of `region` (sorted disjoint closed intervals where E or F failed) beats the path at
 * any δ of the cell (see the module's header). False when it cannot be proven.
 */
export function candidatesHold(cell: Cell, region: readonly (readonly [number, number])[]): boolean {
  if (region.length === 0) return true;
  if (region.length > MAX_INTERVALS) return false;
  const { p, game, lo, hi, tLo, tHi, err, xLo, xHi, active, kind, p0, p1, j } = cell;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const { ns, n, slope } = p;
  if (!(hi < 1)) return false;
  // thresholds rise with δ (their sweep over the cell is [t(lo), t(hi)]) when d_i + F_i ≥ 0
  if (!thresholdsRise(p)) return false;
  const w2 = (hi - lo) ** 2 / 8;
  const directX = ns < n ? contributionAt(p, ns, 0) : 0;
  const directC = ns < n ? slope[ns]! * directX - p.fixed[ns]! - costAt(p, ns, directX) : 0;
  const scratch = scratchFor(p);
  const { yb, W, L, keys, bendL, prefix } = scratch;
  if (!shareCurvatures(p, lo, hi, yb)) return false;
  // the path's set (the direct channel, if any, is the last item), and the largest rounding of a
  // threshold
  const A = new Sums();
  let errMax = pathSums(A, p, cell, yb);
  if (ns < n) {
    errMax = Math.max(errMax, err[ns]!);
    if (active[ns] !== 0) {
      A.SD += slope[ns]!;
      A.CD += directC;
    }
  }
  const e2 = 2 * errMax;
  // An upper bound on D = U_B(a, d) − V_P(d), G's utility with set b at α0 = a less the path's, at
  // δ = d (lo or hi): D itself, with the terms of the items in both sets cancelled before rounding
  // (their s·x are the same doubles in both sums, so the difference of the compensated sums, each
  // kept as a sum and its compensation, leaves only the other items'; a specialist of cost
  // exponent near 1 contributes ~1e12, and rounded with the totals its share hid gaps of 1e-4),
  // plus D's rounding: the few operations here over the sizes of D's terms, the other items' own
  // numbers (contributions and products; those outside A are Olo or Ohi, those of A outside b at
  // most that plus |ΔX|), and the compensated sums' residue
  const SA = A.S + A.Sc;
  const cLo = c0 * pow(p0, k0);
  const cHi = c0 * pow(p1, k0);
  const sumRound = 2 * ((n + 8) * EPS) ** 2;
  const gapAbove = (b: Sums, a: number, d: number): number => {
    const atLo = d === lo;
    const P = atLo ? p0 : p1;
    const cP = atLo ? cLo : cHi;
    const dX = atLo ? b.Xlo - A.Xlo + (b.XloC - A.XloC) : b.Xhi - A.Xhi + (b.XhiC - A.XhiC);
    const out = atLo ? b.Olo : b.Ohi;
    const totals = atLo ? b.Xlo + A.Xlo : b.Xhi + A.Xhi;
    const Sb = b.S + b.Sc;
    const ca = c0 * pow(a, k0);
    const size =
      d * (Sb * a + SA * P + Math.abs(dX)) +
      Math.abs(b.SD * a) +
      Math.abs(A.SD * P) +
      Math.abs(b.CD) +
      Math.abs(A.CD) +
      ca +
      cP;
    const rounding =
      (VALUE_ROUNDING + EPS) * size + VALUE_ROUNDING * d * (2 * out + Math.abs(dX)) + sumRound * d * totals;
    return d * (Sb * a - SA * P) + d * dX + (b.SD * a - A.SD * P) + (b.CD - A.CD) - (ca - cP) + rounding;
  };
  // the plain sums of y″ bounds (non-negative) over at most n items: relative rounding
  const yRound = 4 * (n + 16) * EPS;
  // a bound on |U_B″| along a threshold curve, less the y″ terms; t from tl to th
  const alongThreshold = (i: number, b: Sums, tl: number, th: number): number => {
    const bend = thresholdCurvature(p, i, lo, hi);
    const speed = thresholdSlope(p, i, lo, hi);
    const slopeAt = Math.max(
      Math.abs(hi * b.S + b.SD - k0 * c0 * pow(tl, k0 - 1)),
      Math.abs(lo * b.S + b.SD - k0 * c0 * pow(th, k0 - 1)),
    );
    if (speed === 0) return 0; // the direct channel's threshold does not move
    const power = Math.max(pow(tl, k0 - 2), pow(th, k0 - 2));
    return bend * slopeAt + 2 * speed * b.S + k0 * Math.abs(k0 - 1) * c0 * power * speed * speed;
  };
  // the same at the maximiser of U_B, and its position at δ
  const star = (b: Sums, d: number): number => {
    const r = (d * (b.S + b.Sc) + b.SD) / (k0 * c0);
    return r > 0 ? pow(r, 1 / (k0 - 1)) : 0;
  };
  const alongStar = (b: Sums): number => {
    const r0 = (lo * b.S + b.SD) / (k0 * c0);
    const r1 = (hi * b.S + b.SD) / (k0 * c0);
    if (!(r0 > 0)) return Number.POSITIVE_INFINITY;
    return b.S * powerSlope(r0, r1, 1 / (k0 - 1), hi - lo);
  };
  const pathBend =
    kind === "threshold" ? alongThreshold(j, A, p0, p1) : kind === "interior" ? alongStar(A) : 0;
  if (!Number.isFinite(pathBend)) return false;
  // D = U_B(a(δ), δ) − V_P(δ) stays below 0 by its rounding, from its ends and its curvature
  const below = (b: Sums, aLo: number, aHi: number, bend: number, slack: number): boolean => {
    const yBend = A.Y + b.Y - 2 * b.YA + yRound * (A.Y + b.Y + 2 * b.YA);
    const top = Math.max(gapAbove(b, aLo, lo), gapAbove(b, aHi, hi));
    return top + (bend + pathBend + yBend) * w2 * (1 + yRound) + slack < 0;
  };
  const maximiserBelow = (b: Sums): boolean => below(b, star(b, lo), star(b, hi), alongStar(b), 0);
  // the path's own threshold from the left: below by j's and its twins' shares, exactly (the same
  // utility less them), each at least lo·s_i·(p0 + x_i(hi)): a product of positive doubles is
  // positive only when the reals are
  if (kind === "threshold" && region[0]![0] < p1) {
    let share = 0;
    for (let i = 0; i < ns; i++) if (active[i] === 2) share += lo * slope[i]! * (p0 + xHi[i]!);
    if (!(share > 0)) return false;
  }
  // G keeps the direct channel's profit, below nothing under its threshold: unlike a specialist's
  // share it is never counted where the channel may be inactive. A set meant for points (or
  // segments starting) in [pl, ph] has it when its threshold is at most pl, not when above ph, and
  // else is tried both ways (each an upper bound where it holds, without it first); `withDirect`
  // makes `withD` the set with it
  const tD = ns < n ? tLo[ns]! : Number.POSITIVE_INFINITY;
  const eD = ns < n ? err[ns]! : 0;
  const ways = (pl: number, ph: number): number => (!(tD - eD <= ph) ? WITHOUT : tD + eD <= pl ? WITH : BOTH);
  const withD = new Sums();
  const withDirect = (b: Sums): Sums => {
    withD.setTo(b);
    withD.SD += slope[ns]!;
    withD.CD += directC;
    return withD;
  };
  // α0 = 0 and the segment it starts, and the segments starting below each interval [r0, r1] of R
  // whose maximiser may reach into it: each with the specialists whose thresholds at lo (clamped at
  // 0) are below a bound (below0), the bounds rising. One pass in index order adds each item to the
  // first bound above its threshold (reading them in threshold order costs a cache miss an item
  // with a million), and each check adds the buckets up to its own; `others`: an item inactive at
  // the path among them
  const zeroCheck = region[0]![0] <= e2 && kind !== "zero";
  let nb = 0;
  // at least the items with t ≤ e2 (a few more only loosen the bound)
  if (zeroCheck) takeBounds[nb++] = 2 * e2 + Number.MIN_VALUE;
  for (const [r0] of region) {
    if (!(r0 > e2)) continue;
    const bound = r0 + e2;
    takeBounds[nb] = nb > 0 ? Math.max(bound, takeBounds[nb - 1]!) : bound;
    nb++;
  }
  for (let k = 0; k < nb; k++) {
    buckets[k]!.clear();
    othersIn[k] = 0;
  }
  if (nb > 0) bucketSums(p, cell, yb, takeBounds, nb, buckets, othersIn);
  const below0 = new Sums();
  let taken = 0;
  let others = false;
  const take = (upTo: number): void => {
    for (; taken <= upTo; taken++) {
      below0.addBucket(buckets[taken]!);
      if (othersIn[taken] !== 0) others = true;
    }
  };
  let check = 0;
  if (zeroCheck) {
    take(check++);
    const w = ways(0, 0);
    for (let q = w === WITH ? 1 : 0; q <= (w === WITHOUT ? 0 : 1); q++) {
      const b = q === 0 ? below0 : withDirect(below0);
      if (!below(b, 0, 0, 0, 0)) return false;
      if (star(b, hi) > 0 && !maximiserBelow(b)) return false;
    }
  }
  for (const [r0] of region) {
    if (!(r0 > e2)) continue;
    take(check++);
    // right of the path at every δ only segments starting at an item inactive there matter
    if (r0 >= cell.tau && r0 > p1 + cell.pathErr && !others) continue;
    const w = ways(0, r0 + e2);
    for (let q = w === WITH ? 1 : 0; q <= (w === WITHOUT ? 0 : 1); q++) {
      const b = q === 0 ? below0 : withDirect(below0);
      if (star(b, hi) >= r0 - e2 && !maximiserBelow(b)) return false;
    }
  }
  // the items whose thresholds meet R (an item's sweep [a, b] does when the first interval ending
  // at or above a starts at or below b), and the window of thresholds near them
  const intervals = region.length;
  for (let r = 0; r < intervals; r++) {
    regionStarts[r] = region[r]![0];
    regionEnds[r] = region[r]![1];
  }
  const nW = windowItems(p, cell, kind === "threshold", regionStarts, regionEnds, intervals, W, span);
  if (nW < 0) return false;
  if (nW === 0) return true;
  const xl = span[0]!;
  const xh = span[1]!;
  const bendMax = maxThresholdCurvature(p, lo, hi);
  const pad = 2 * bendMax * w2 + e2;
  if (!Number.isFinite(pad)) return false;
  // base: below every threshold of W at every δ; L: near the window, in order of threshold at lo
  // (the cell's order, keyed by the threshold clamped at 0: the same sets below as unclamped, W's
  // thresholds being ≥ 0), with the prefix sums over it
  const base = new Sums();
  const nL = nearWindow(p, cell, yb, xl - pad, xh + pad, base, L, keys);
  inKeyOrder(p, L, keys, nL, bendL);
  const bendLMax = prefixSums(p, cell, yb, L, nL, prefix, bendL);
  let budget = SCAN_BUDGET * n;
  const b = new Sums();
  for (let w = 0; w < nW; w++) {
    const m = W[w]!;
    const tl = tLo[m]!;
    const th = tHi[m]!;
    // the items at or below t_m at lo (a prefix of L), then those above it at lo that are below
    // it at hi or may dip below it inside
    const at = firstPast(keys, nL, tl + e2);
    const o = FIELDS * at;
    b.setTo(base).addSums(
      prefix[o]!,
      prefix[o + 1]!,
      prefix[o + 2]!,
      prefix[o + 3]!,
      prefix[o + 4]!,
      prefix[o + 5]!,
      prefix[o + 6]!,
      prefix[o + 7]!,
      prefix[o + 8]!,
      prefix[o + 9]!,
    );
    const bendM = thresholdCurvature(p, m, lo, hi);
    const reach = th + e2 + (bendLMax + bendM) * w2;
    for (let x = at; x < nL && keys[x]! <= reach; x++) {
      if (--budget < 0) return false;
      const q = L[x]!;
      const gap = Math.min(tLo[q]! - tl, tHi[q]! - th);
      if (tHi[q]! <= th + e2 || gap <= (bendL[x]! + bendM) * w2 + e2)
        b.add(slope[q]!, xLo[q]!, xHi[q]!, yb[q]!, active[q] !== 0);
    }
    const how = ways(tl, th);
    for (let q = how === WITH ? 1 : 0; q <= (how === WITHOUT ? 0 : 1); q++) {
      const v = q === 0 ? b : withDirect(b);
      const bend = alongThreshold(m, v, tl, th);
      // U's slope along the curve times the threshold's rounding
      const slack = (Math.abs(hi * v.S + v.SD) + k0 * c0 * pow(th + err[m]!, k0 - 1)) * err[m]!;
      if (!below(v, tl, th, bend, slack)) return false;
      if (star(v, hi) >= tl - err[m]! && !maximiserBelow(v)) return false;
    }
  }
  return true;
}
