/**
 * Items gathered (in index order) by a walk that reads only some of them in order of their
 * thresholds, and their sort by the same keys as the whole order's (./thresholdOrders.ts): the
 * structure proof's walks (./cellWalks.ts) and the envelope (./envelope.ts).
 */
import { inOrder, type PackedPolynomial, perGame, sortByKey } from "./packed.js";

/**
 * Share of the items above which a walk reads the whole order of thresholds rather than sorting
 * the items it gathered (sorting them would cost as much).
 */
export const GATHER_MAX_SHARE = 0.25;

/** Per game: the gathered items' keys and indices (ascending), and the items once sorted. */
const gathered = new WeakMap<
  PackedPolynomial,
  { keys: Float64Array; items: Uint32Array; sorted: Uint32Array }
>();

/** The game's buffers for gathered items (n entries each; valid until the next walk of the game). */
export function gatherBuffers(p: PackedPolynomial): {
  keys: Float64Array;
  items: Uint32Array;
  sorted: Uint32Array;
} {
  return perGame(gathered, p, ({ n }) => ({
    keys: new Float64Array(n),
    items: new Uint32Array(n),
    sorted: new Uint32Array(n),
  }));
}

/**
 * The first `m` gathered items (ascending indices) in order of their keys, ties by index: the
 * whole order of thresholds restricted to them, as ./thresholdOrders.ts sorts by the same keys.
 * Overwrites the game's sort buffers (free between an equilibrium's passes).
 */
export function sortGathered(p: PackedPolynomial, m: number): Uint32Array {
  const { keys, items, sorted } = gatherBuffers(p);
  const perm = sortByKey(keys, m, p.order, p.spare, p.scratch, p.spareScratch);
  for (let x = 0; x < m; x++) sorted[x] = items[perm[x]!]!;
  return sorted;
}

/**
 * What {@link gatherBetween} found besides the items: the sums of the records' second and third
 * numbers over the items below u, the largest threshold below u (0 when none), and the smallest at
 * or above v (∞ when none).
 */
export const below = new Float64Array(4);

/**
 * Gathers the items whose threshold (`rec[3i]`, ≥ 0) lies in [u, v) into the game's gather buffers
 * (in index order, with their thresholds as keys, for {@link sortGathered}) and sums the others'
 * numbers below u into {@link below}, in one pass in index order: for a walk over the thresholds
 * that starts at u, after the items below have joined. Returns how many were gathered, or −1 at a
 * NaN threshold.
 */
export function gatherBetween(p: PackedPolynomial, rec: Float64Array, u: number, v: number): number {
  const { keys, items } = gatherBuffers(p);
  let m = 0;
  let a = 0;
  let b = 0;
  let start = 0;
  let next = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.n; i++) {
    const t = rec[3 * i]!;
    if (t < u) {
      if (t > start) start = t;
      a += rec[3 * i + 1]!;
      b += rec[3 * i + 2]!;
    } else if (t < v) {
      keys[m] = t;
      items[m++] = i;
    } else if (t < next) next = t;
    else if (Number.isNaN(t)) return -1;
  }
  below[0] = a;
  below[1] = b;
  below[2] = start;
  below[3] = next;
  return m;
}

/**
 * The records (`rec`: threshold, then two numbers) of the items whose threshold lies in [u, v),
 * gathered by {@link gatherBetween} (the sums below u in {@link below}), sorted as the whole order
 * sorts them and copied in that order (packed.ts's inOrder): `sorted` holds `m` records. Null at a
 * NaN threshold, or when they are more than {@link GATHER_MAX_SHARE} of the items (the walk then
 * reads the whole order).
 */
export function gatheredInOrder(
  p: PackedPolynomial,
  rec: Float64Array,
  u: number,
  v: number,
): { sorted: Float64Array; m: number } | null {
  const m = gatherBetween(p, rec, u, v);
  if (m < 0 || m > GATHER_MAX_SHARE * p.n) return null;
  return { sorted: inOrder(p, rec, sortGathered(p, m), m), m };
}

/**
 * Buckets a bucketed walk splits [0, T) into before it gathers any item (the proofs' walk below
 * the path, ./cellWalks.ts; the envelope, ./envelope.ts; the cell bounds' alphaWithin,
 * ./cellBounds.ts), the tail [T, ∞) apart.
 */
export const BUCKETS = 64;

/** Fills `low` (BUCKETS + 2 entries) with the buckets' lower ends over [0, T), then T (the tail's) and ∞. */
export function bucketEnds(low: Float64Array, T: number): void {
  for (let b = 0; b < BUCKETS; b++) low[b] = (T * b) / BUCKETS;
  low[BUCKETS] = T;
  low[BUCKETS + 1] = Number.POSITIVE_INFINITY;
}

/**
 * The bucket b with low[b] ≤ t < low[b + 1] (`low` from {@link bucketEnds} for T; BUCKETS, the
 * tail, for t ≥ T), exactly: the division only guesses it. For 0 ≤ t < ∞.
 */
export function bucketOf(low: Float64Array, T: number, t: number): number {
  let b = t >= T ? BUCKETS : Math.min(BUCKETS - 1, Math.floor((t / T) * BUCKETS));
  while (b > 0 && t < low[b]!) b--;
  while (b < BUCKETS && t >= low[b + 1]!) b++;
  return b;
}
