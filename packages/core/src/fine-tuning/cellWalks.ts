/**
 * The first-order walks of the structure proof (./cellStructure.ts, conditions 3 and 4): over the
 * items in order of their thresholds at lo, G's utility difference with the path bounded on each
 * segment between neighbouring thresholds (concave there, so its maximum is at its maximiser
 * clamped), and the segments where the bound is not below the limit collected as the failing
 * region for the second-order proof (./cellCandidates.ts).
 *
 * Neither walk reads the cell's whole order of thresholds unless it must. With a million items
 * that order costs a sort (or the repair of a nearby one) and a read of every item at a random
 * place:
 * - E's walk (condition 3) starts at τ, the smallest threshold of an item inactive at the path: it
 *   reads the items at or above τ, usually few, gathered in index order and sorted by the same keys
 *   (so in the same order, and the walk makes the same sums, bit for bit).
 * - F's walk (condition 4) covers [0, P): most items. F only rises as items join (a specialist adds
 *   lo·s_i·(α0 + x_i(hi)) ≥ 0), so over a bucket [u, v) of α0 it is at most F with every item of
 *   threshold below v joined, concave, whose maximum over the bucket is its maximiser clamped:
 *   64 buckets (gathered.ts's BUCKETS), summed in one pass in index order. The walk then starts at the
 *   last threshold below the first bucket whose bound is not below 0 by its rounding (the direct
 *   channel's own bucket always counts as not: it may lose by joining), with the sums of the items
 *   below it, and reads only the items above it.
 * A bound holds where its value plus its rounding is below 0: `rho` (the relative rounding of sums
 * over n items in any order, so that sums made in index order and in threshold order both qualify)
 * times the sum of its terms' sizes. The losses still to join are summed from the items that have
 * not joined, never as a total less those that have: a specialist of cost exponent near 1 has a
 * share of ~1e12 and joins first, and its rounding in the difference hid every gap behind it.
 * Where the items to read are more than {@link GATHER_MAX_SHARE} of all, a walk reads the whole
 * order instead (as sorting them would cost as much).
 */
import type { CellEnds } from "./cellEnds.js";
import { directProfit } from "./cellPath.js";
import {
  BUCKETS,
  below,
  bucketEnds,
  bucketOf,
  GATHER_MAX_SHARE,
  gatherBetween,
  gatheredInOrder,
  sortGathered,
} from "./gathered.js";
import type { FineTuningGame } from "./model.js";
import { inOrder, itemRecords, type PackedPolynomial } from "./packed.js";
import { pow } from "./polynomialChoice.js";

/**
 * Adds [a, b] to the failing region: joined to the last interval when it starts inside it (the
 * walks find failing segments in order, often thousands of neighbours near the path).
 */
function fail(failing: [number, number][], a: number, b: number): void {
  const last = failing[failing.length - 1];
  if (last !== undefined && a >= last[0] && a <= last[1]) last[1] = Math.max(last[1], b);
  else failing.push([a, b]);
}

/**
 * max over α0 ∈ [from, to] of E(α0) (./cellStructure.ts's header, condition 3): starting from slope
 * `slope` and constant `constant`, the items not in A join at their thresholds at lo with G's slope
 * and constant as ./cellPath.ts's fillAtLo left them in `p.recs` (take hi, contributions at lo); E
 * is concave between thresholds, so its maximum on each is at its maximiser clamped. `orderAt`: the
 * cell's order of thresholds at lo, asked for only when the items at or above τ are many.
 * `constantSize`: the sum of the sizes of the constant's terms; a segment fails unless E's maximum
 * there plus `rho` times its terms' sizes is below 0 (rho = ∞: every segment fails).
 */
export function rightMax(
  p: PackedPolynomial,
  game: FineTuningGame,
  orderAt: () => Uint32Array,
  active: Uint8Array,
  slope: number,
  constant: number,
  constantSize: number,
  tau: number,
  from: number,
  to: number,
  rho: number,
  failing: [number, number][],
): void {
  const { recs, n } = p;
  // the items with thresholds below τ (at most `from`) are all active and add nothing, and no
  // segment below `from` is examined: the walk starts at the last of them, as it would reach it
  const m = gatherBetween(p, recs, tau, Number.POSITIVE_INFINITY);
  let start = below[2]!;
  let order: Uint32Array;
  let first = 0;
  let count = Math.max(0, m);
  if (m < 0 || m > GATHER_MAX_SHARE * n) {
    order = orderAt();
    first = firstAtLeast(recs, order, n, tau);
    count = n;
    start = first > 0 ? recs[3 * order[first - 1]!]! : 0;
  } else order = sortGathered(p, m);
  // each item's threshold and, when it is not in A, what it adds: read in sequence by the walk
  const sorted = inOrder(p, recs, order, count, first);
  for (let x = first; x < count; x++) {
    if (active[order[x]!] !== 0) {
      sorted[3 * x + 1] = 0;
      sorted[3 * x + 2] = 0;
    }
  }
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const kc = k0 * c0;
  const e0 = 1 / (k0 - 1);
  // loop variables that start from parameters, made doubles (× 1: docs/performance.md, boxed numbers)
  let S = slope * 1;
  let C = constant * 1;
  let size = constantSize * 1;
  const r = rho * 1;
  let idx = first;
  let segStart = start;
  for (;;) {
    while (idx < count) {
      if (!(sorted[3 * idx]! <= segStart)) break;
      S += sorted[3 * idx + 1]!;
      const c = sorted[3 * idx + 2]!;
      C += c;
      size += Math.abs(c);
      idx++;
    }
    const segEnd = idx < count ? sorted[3 * idx]! : Number.POSITIVE_INFINITY;
    if (segEnd > from) {
      const x0 = Math.max(segStart, from);
      const x1 = Math.min(segEnd, to);
      const interior = S > 0 ? pow(S / kc, e0) : 0;
      const x = Math.min(Math.max(interior, x0), x1);
      const cost = c0 * pow(x, k0);
      if (!(S * x + C - cost + r * (Math.abs(S * x) + size + cost) < 0)) fail(failing, x0, x1);
    }
    if (!Number.isFinite(segEnd) || segEnd >= to) break;
    segStart = segEnd;
  }
}

/** The first position q of `order` whose item's threshold (`recs[3i]`) is at least `tau`. */
function firstAtLeast(recs: Float64Array, order: Uint32Array, n: number, tau: number): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const mid = (l + h) >> 1;
    if (recs[3 * order[mid]!]! >= tau) h = mid;
    else l = mid + 1;
  }
  return l;
}

/** Each bucket's lower end, then the sums of its items' weights and losses (F's walk). */
const bucketLow = new Float64Array(BUCKETS + 2);
const bucketWeight = new Float64Array(BUCKETS);
const bucketLoss = new Float64Array(BUCKETS);

/**
 * max over α0 ∈ [0, to) of F(α0) (./cellStructure.ts's header, condition 4), with the path at p0
 * (lo) and p1 (hi): every item of A starts lost (each specialist −lo·s_i·(p1 + x_i(hi)), the direct
 * channel its profit at p1) and becomes active at its threshold at lo (then −lo·s_i·(p1 − α0), the
 * channel −s·(p1 − α0)), except j and its twins, lost throughout; plus c0·(p1^k0 − α0^k0). Concave
 * between thresholds below p0; above p0 (no item of A other than j's joins there) at most its value
 * at p0. A segment (or bucket) fails unless F's maximum there plus `rho` times its terms' sizes is
 * below 0 (rho = ∞: every one fails).
 */
export function leftMax(
  p: PackedPolynomial,
  game: FineTuningGame,
  orderAt: () => Uint32Array,
  w: CellEnds,
  lo: number,
  p0: number,
  p1: number,
  to: number,
  rho: number,
  failing: [number, number][],
): void {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const { ns, n } = p;
  const { active } = w;
  const end = Math.min(to, p0);
  // the buckets, where the bounds can tell (a finite rounding, a proper range)
  const nb = Number.isFinite(rho) && end > 0 && Number.isFinite(end) ? BUCKETS : 0;
  bucketEnds(bucketLow, end);
  bucketWeight.fill(0);
  bucketLoss.fill(0);
  // each item's weight and loss (the direct channel's, its profit at p1, apart) with its threshold
  // at lo, in one record an item
  const directLost = ns < n && active[ns] !== 0 ? directProfit(p, p1) : 0;
  const rec = itemRecords(p);
  // the losses that never join a walk (j's twins; items of A with thresholds at or past the end)
  const rest = leftRecords(p, w, lo, p1, directLost, end, nb, rec);
  const directBucket = recordsFound[0]!;
  const nan = recordsFound[1] !== 0;
  const saving = c0 * pow(p1, k0);
  const kc = k0 * c0;
  const e0 = 1 / (k0 - 1);
  // the direct channel's loss may be negative: the sizes count it twice more
  const directSize = 2 * Math.abs(directLost);
  // each bucket's loss becomes the losses of the buckets above it
  let above = 0;
  for (let b = nb - 1; b >= 0; b--) {
    const l = bucketLoss[b]!;
    bucketLoss[b] = above;
    above += l;
  }
  // the first bucket whose bound is not below 0 by its rounding (nb: none)
  let first = nb;
  let S = 0;
  for (let b = 0; b < nb; b++) {
    S += bucketWeight[b]!;
    const lost = rest + bucketLoss[b]!;
    const interior = S > 0 ? pow(S / kc, e0) : 0;
    const x = Math.min(Math.max(interior, bucketLow[b]!), bucketLow[b + 1]!);
    if (b === directBucket || !fBelow(S, x, saving, p1, lost, c0, k0, rho, directSize)) {
      first = b;
      break;
    }
  }
  if (nb > 0 && first === nb) return;
  if (!nan && first > 0) {
    // the items from the first such bucket's lower end on, gathered and walked, after those below
    // it (their sums made in the same pass), unless too many to sort apart
    const gathered = gatheredInOrder(p, rec, bucketLow[first]!, end);
    if (gathered !== null) {
      leftWalk(
        gathered.sorted,
        gathered.m,
        below[0]!,
        rest,
        below[2]!,
        end,
        to,
        saving,
        p1,
        c0,
        k0,
        rho,
        directSize,
        failing,
      );
      return;
    }
  }
  const order = orderAt();
  // the walk reads the items with thresholds below the end or at 0, and the next one (where the
  // last segment ends): their records in threshold order
  const count = Math.min(n, firstBeyond(rec, order, n, end) + 1);
  const sorted = inOrder(p, rec, order, count);
  leftWalk(sorted, count, 0, rest, 0, end, to, saving, p1, c0, k0, rho, directSize, failing);
}

/**
 * Whether F = S·x + (saving − S·p1 − lost) − c0·x^k0 is below 0 by its rounding: `rho` times the
 * sizes of its terms, with `extra` more size (the direct channel's loss, which may be negative).
 */
function fBelow(
  S: number,
  x: number,
  saving: number,
  p1: number,
  lost: number,
  c0: number,
  k0: number,
  rho: number,
  extra: number,
): boolean {
  const cost = c0 * pow(x, k0);
  const size = S * x + saving + S * p1 + Math.abs(lost) + cost + extra;
  return S * x + (saving - S * p1 - lost) - cost + rho * size < 0;
}

/** What {@link leftRecords} found beside the losses it returns: the direct channel's bucket (−1 when none), and 1 when a threshold is NaN. */
const recordsFound = new Int32Array(2);

/**
 * F's records (threshold at lo, weight, loss) for every item into `rec`, and the weights and losses
 * of the items of A below `end` into their buckets (nb of them; 0: none); returns the losses of the
 * items that no walk joins (j's twins, and the items of A at or past `end` and above 0, or of NaN
 * threshold).
 * leftMax's one pass over every item, in a leaf of its own: leftMax's later calls (the gathering,
 * the sort, the walk) are reached by some calls and not others, and reaching one left cold made V8
 * drop leftMax's optimised code again and again, the pass then running unoptimised.
 */
function leftRecords(
  p: PackedPolynomial,
  w: CellEnds,
  lo: number,
  p1: number,
  directLost: number,
  end: number,
  nb: number,
  rec: Float64Array,
): number {
  const { ns, n, slope, recs } = p;
  const { active, xHi } = w;
  // a parameter that meets computed numbers in a choice, made a double (× 1: docs/performance.md,
  // boxed numbers)
  const lostDirect = directLost * 1;
  const before = end * 1;
  let rest = 0;
  let directBucket = -1;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const on = active[i]!;
    const loss = on === 0 ? 0 : i === ns ? lostDirect : lo * slope[i]! * (p1 + xHi[i]!);
    const t = recs[3 * i]!;
    // a walk joins an item at or below a segment's start: below the end, or at 0 (where the walk
    // over the whole order starts)
    if (on !== 1 || !(t < before || t <= 0)) rest += loss;
    rec[3 * i] = t;
    // an item not active at the path (or j's twin) joins with no weight and keeps its loss
    const g = on !== 1 ? 0 : i === ns ? slope[i]! : lo * slope[i]!;
    rec[3 * i + 1] = g;
    rec[3 * i + 2] = on !== 1 ? 0 : loss;
    if (Number.isNaN(t)) nan = 1;
    else if (on === 1 && nb > 0 && t < end) {
      const b = bucketOf(bucketLow, end, t);
      bucketWeight[b] = bucketWeight[b]! + g;
      bucketLoss[b] = bucketLoss[b]! + loss;
      if (i === ns) directBucket = b;
    }
  }
  recordsFound[0] = directBucket;
  recordsFound[1] = nan;
  return rest;
}

/** The first position q of `order` whose item's threshold is at least `end` and above 0. */
function firstBeyond(rec: Float64Array, order: Uint32Array, n: number, end: number): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const mid = (l + h) >> 1;
    const t = rec[3 * order[mid]!]!;
    if (t >= end && t > 0) h = mid;
    else l = mid + 1;
  }
  return l;
}

/**
 * F's walk over `count` records in threshold order (threshold, weight, loss), from segment start
 * `segStart` with weights `S` joined: F on a segment = S·α0 + (saving − S·p1 − lost) − c0·α0^k0,
 * with `lost` the losses of the records below `end` not joined yet (summed from the last one back,
 * into their loss slots) and `rest`; the last segment's bound holds up to `to` (above p0 F is at
 * most its value there). `extra`: more size for the rounding (the direct channel's loss).
 */
function leftWalk(
  sorted: Float64Array,
  count: number,
  S: number,
  rest: number,
  segStart: number,
  end: number,
  to: number,
  saving: number,
  p1: number,
  c0: number,
  k0: number,
  rho: number,
  extra: number,
  failing: [number, number][],
): void {
  const kc = k0 * c0;
  const e0 = 1 / (k0 - 1);
  // loop variables that start from parameters, made doubles (× 1: docs/performance.md, boxed numbers)
  S *= 1;
  segStart *= 1;
  const r = rho * 1;
  const more = extra * 1;
  const lostRest = rest * 1;
  // the losses still to join from each record on (only records below the end, or at or below the
  // first segment's start, ever join: the others' losses are in `rest`)
  const start = segStart;
  let after = 0;
  for (let x = count - 1; x >= 0; x--) {
    const t = sorted[3 * x]!;
    if (t < end || t <= start) after += sorted[3 * x + 2]!;
    sorted[3 * x + 2] = after;
  }
  let idx = 0;
  for (;;) {
    while (idx < count) {
      if (!(sorted[3 * idx]! <= segStart)) break;
      S += sorted[3 * idx + 1]!;
      idx++;
    }
    const lost = lostRest + (idx < count ? sorted[3 * idx + 2]! : 0);
    const segEnd = Math.min(idx < count ? sorted[3 * idx]! : Number.POSITIVE_INFINITY, end);
    const interior = S > 0 ? pow(S / kc, e0) : 0;
    const x = Math.min(Math.max(interior, segStart), segEnd);
    if (!fBelow(S, x, saving, p1, lost, c0, k0, r, more)) fail(failing, segStart, segEnd < end ? segEnd : to);
    if (!(segEnd < end)) break;
    segStart = segEnd;
  }
}
