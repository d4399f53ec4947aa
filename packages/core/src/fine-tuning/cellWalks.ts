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
 *   last threshold below the first bucket whose bound is not below the limit by the rounding margin
 *   (the direct channel's own bucket always counts as not: it may lose by joining), with the sums of
 *   the items below it, and reads only the items above it. Those sums are made in index order, so
 *   they may round differently from the sums in threshold order, within the margin that covers the
 *   rounding of sums over n items in any order.
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
 */
export function rightMax(
  p: PackedPolynomial,
  game: FineTuningGame,
  orderAt: () => Uint32Array,
  active: Uint8Array,
  slope: number,
  constant: number,
  tau: number,
  from: number,
  to: number,
  limit: number,
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
  let idx = first;
  let segStart = start;
  for (;;) {
    while (idx < count) {
      if (!(sorted[3 * idx]! <= segStart)) break;
      S += sorted[3 * idx + 1]!;
      C += sorted[3 * idx + 2]!;
      idx++;
    }
    const segEnd = idx < count ? sorted[3 * idx]! : Number.POSITIVE_INFINITY;
    if (segEnd > from) {
      const x0 = Math.max(segStart, from);
      const x1 = Math.min(segEnd, to);
      const interior = S > 0 ? pow(S / kc, e0) : 0;
      const x = Math.min(Math.max(interior, x0), x1);
      if (!(S * x + C - c0 * pow(x, k0) < limit)) fail(failing, x0, x1);
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
 * at p0. `slack`: the rounding margin by which a bucket's bound must be below the limit for its
 * items to be left unread (see the module's header).
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
  limit: number,
  slack: number,
  failing: [number, number][],
): void {
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const { ns, n } = p;
  const { active } = w;
  const end = Math.min(to, p0);
  // the buckets, where the bounds can tell (a finite limit, a proper range)
  const nb = Number.isFinite(limit) && end > 0 && Number.isFinite(end) ? BUCKETS : 0;
  bucketEnds(bucketLow, end);
  bucketWeight.fill(0);
  bucketLoss.fill(0);
  // each item's weight and loss (the direct channel's, its profit at p1, apart) with its threshold
  // at lo, in one record an item
  const directLost = ns < n && active[ns] !== 0 ? directProfit(p, p1) : 0;
  const rec = itemRecords(p);
  const total = leftRecords(p, w, lo, p1, directLost, end, nb, rec);
  const directBucket = recordsFound[0]!;
  const nan = recordsFound[1] !== 0;
  const saving = c0 * pow(p1, k0);
  const kc = k0 * c0;
  const e0 = 1 / (k0 - 1);
  // the first bucket whose bound is not below the limit by the margin (nb: none)
  let first = nb;
  let S = 0;
  let joined = 0;
  for (let b = 0; b < nb; b++) {
    S += bucketWeight[b]!;
    joined += bucketLoss[b]!;
    const interior = S > 0 ? pow(S / kc, e0) : 0;
    const x = Math.min(Math.max(interior, bucketLow[b]!), bucketLow[b + 1]!);
    if (
      b === directBucket ||
      !(S * x + (saving - S * p1 - (total - joined)) - c0 * pow(x, k0) < limit - slack)
    ) {
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
        total - below[1]!,
        below[2]!,
        end,
        to,
        saving,
        p1,
        c0,
        k0,
        limit,
        failing,
      );
      return;
    }
  }
  const order = orderAt();
  // the walk reads the items with thresholds below the end or at 0, and the next one (where the
  // last segment ends): their records in threshold order
  const count = Math.min(n, firstBeyond(rec, order, n, end) + 1);
  leftWalk(inOrder(p, rec, order, count), count, 0, total, 0, end, to, saving, p1, c0, k0, limit, failing);
}

/** What {@link leftRecords} found beside its total: the direct channel's bucket (−1 when none), and 1 when a threshold is NaN. */
const recordsFound = new Int32Array(2);

/**
 * F's records (threshold at lo, weight, loss) for every item into `rec`, and the weights and losses
 * of the items of A below `end` into their buckets (nb of them; 0: none); returns the total loss.
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
  let total = 0;
  let directBucket = -1;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const on = active[i]!;
    const loss = on === 0 ? 0 : i === ns ? lostDirect : lo * slope[i]! * (p1 + xHi[i]!);
    total += loss;
    const t = recs[3 * i]!;
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
  return total;
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
 * `segStart` with weights `S` joined and `lost` still lost: F on a segment = S·α0 + (saving − S·p1
 * − lost) − c0·α0^k0; the last segment's bound holds up to `to` (above p0 F is at most its value
 * there).
 */
function leftWalk(
  sorted: Float64Array,
  count: number,
  S: number,
  lost: number,
  segStart: number,
  end: number,
  to: number,
  saving: number,
  p1: number,
  c0: number,
  k0: number,
  limit: number,
  failing: [number, number][],
): void {
  const kc = k0 * c0;
  const e0 = 1 / (k0 - 1);
  // loop variables that start from parameters, made doubles (× 1: docs/performance.md, boxed numbers)
  S *= 1;
  lost *= 1;
  segStart *= 1;
  let idx = 0;
  for (;;) {
    while (idx < count) {
      if (!(sorted[3 * idx]! <= segStart)) break;
      S += sorted[3 * idx + 1]!;
      lost -= sorted[3 * idx + 2]!;
      idx++;
    }
    const segEnd = Math.min(idx < count ? sorted[3 * idx]! : Number.POSITIVE_INFINITY, end);
    const interior = S > 0 ? pow(S / kc, e0) : 0;
    const x = Math.min(Math.max(interior, segStart), segEnd);
    if (!(S * x + (saving - S * p1 - lost) - c0 * pow(x, k0) < limit))
      fail(failing, segStart, segEnd < end ? segEnd : to);
    if (!(segEnd < end)) break;
    segStart = segEnd;
  }
}
